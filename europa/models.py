"""Teams, competitions, rounds, ties and legs: what an editor enters, stored with the
database constraints that keep it sane. Who won and how comes from rules.py."""
import datetime
import itertools
import zoneinfo
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from simple_history.models import HistoricalRecords

from europa import describe, rules
from europa.slugs import slug_from_name


class Team(models.Model):
    name = models.CharField(
        verbose_name=_("name"),
        max_length=80, unique=True,
        help_text=_("As the club writes it, accents included, e.g. “Bayer Leverkusen”, “Fenerbahçe”."),
    )
    short_name = models.CharField(
        verbose_name=_("short name"),
        max_length=30, blank=True,
        help_text=_("For tight spaces, e.g. “Leverkusen”, “West Ham”. Left empty, it is the name."),
    )
    country = models.CharField(
        verbose_name=_("country"),
        max_length=3,
        validators=[
            RegexValidator(r"^[A-Z]{3}$", _("Use UEFA's three capital letters, e.g. ENG, ITA, GER."))
        ],
        help_text=_("UEFA's three-letter country code: ENG, ITA, GER, POR, FRA…"),
    )
    slug = models.SlugField(
        verbose_name=_("slug"),
        max_length=80, unique=True, blank=True,
        help_text=_("Used in links to the team's road: ?team=liverpool. Left empty, it is made "
        "from the name (Fenerbahçe: fenerbahce); once made it never changes, because links "
        "with it are shared."),
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(short_name=""), name="team_has_a_short_name"),
            models.CheckConstraint(condition=~Q(slug=""), name="team_has_a_slug"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if not self.short_name and len(self.name) > SHORT_NAME_LENGTH:
            raise ValidationError({"short_name": _(
                "The name is longer than %(most)d letters: write a shorter one for tight spaces."
            ) % {"most": SHORT_NAME_LENGTH}})

    def validate_constraints(self, exclude=None):
        # Left empty, the short name and slug are made by save(); the constraints keep the
        # stored ones non-empty.
        empty = {name for name in ("short_name", "slug") if not getattr(self, name)}
        super().validate_constraints(exclude={*(exclude or ()), *empty})

    def save(self, *args, **kwargs):
        if not self.short_name:
            self.short_name = self.name
        if not self.slug:
            self.slug = self.free_slug()
        super().save(*args, **kwargs)

    def free_slug(self):
        """The slug the name gives, with -2, -3… after it when another team has it."""
        # Room for "-999" within the column.
        made = slug_from_name(self.name)[: Team._meta.get_field("slug").max_length - 4].rstrip("-")
        taken = set(Team.objects.filter(slug__startswith=made).values_list("slug", flat=True))
        candidates = itertools.chain([made], (f"{made}-{n}" for n in itertools.count(2)))
        return next(slug for slug in candidates if slug not in taken)


SHORT_NAME_LENGTH = Team._meta.get_field("short_name").max_length


class CompetitionQuerySet(models.QuerySet):
    def current(self, slug=""):
        """The competition the home page shows: the one `slug` names (the setting
        EUROPA_CURRENT_COMPETITION) if there is one, else the one whose last leg is the
        latest, so that a new season takes over once its dates are in."""
        chosen = self.filter(slug=slug).first() if slug else None
        return chosen or self.annotate(last_leg=models.Max("rounds__ties__legs__date")).order_by(
            F("last_leg").desc(nulls_last=True), "-season", "-id"
        ).first()


class Competition(models.Model):
    name = models.CharField(verbose_name=_("name"), max_length=100, help_text=_("e.g. “UEFA Europa League”."))
    season = models.CharField(verbose_name=_("season"), max_length=9, help_text=_("e.g. “2023/24”."))
    slug = models.SlugField(
        verbose_name=_("slug"), max_length=100, unique=True, help_text=_("The address of its bracket."),
    )
    away_goals_rule = models.BooleanField(
        verbose_name=_("away goals rule"),
        default=False,
        help_text=_("Only for seasons before 2021/22: a tie level on aggregate goes to the "
        "side that scored more away goals before extra time or penalties decide it."),
    )
    time_zone = models.CharField(
        verbose_name=_("time zone"),
        max_length=50,
        default="Europe/Paris",
        help_text=_("Kick-off times are entered and written in this zone (UEFA publishes CET)."),
    )
    # Goes up with every change to the competition's rounds, ties, legs or teams (live.py),
    # so that an open page can ask "anything new since version 17?" for almost nothing.
    version = models.PositiveIntegerField(verbose_name=_("version"), default=0, editable=False)

    objects = CompetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")
        ordering = ["-season", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "season"], name="competition_once_a_season")
        ]

    def __str__(self):
        return f"{self.name} {self.season}"

    def save(self, *args, **kwargs):
        # The version only ever moves through live.bump(); a form saving a copy read
        # earlier must not write an older number back.
        if self.pk is not None and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name != "version"
            ]
        super().save(*args, **kwargs)

    def clean(self):
        try:
            zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValidationError({"time_zone": _("Use a zone name such as Europe/Paris.")}) from None

    def get_absolute_url(self):
        return reverse("bracket", args=[self.slug])

    def rounds_with_ties(self):
        """Rounds in order, each with its ties, their teams, feeders and legs: three queries."""
        ties = (
            Tie.objects.select_related(
                "home", "away", "home_from__home", "home_from__away",
                "away_from__home", "away_from__away",
            )
            .prefetch_related("legs")
            .order_by("position")
        )
        rounds = (
            self.rounds.order_by("order")
            .prefetch_related(models.Prefetch("ties", queryset=ties))
        )
        rounds = list(rounds)
        for round in rounds:
            round.competition = self
            for tie in round.ties.all():
                tie.round = round
        return rounds


def check_round_names(names):
    """A round's names in the site's other languages: {"it": "Quarti di finale", …}."""
    others = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    if not isinstance(names, dict):
        raise ValidationError(
            _("Write the names as a table of languages, e.g. {\"it\": \"Quarti di finale\"}."))
    for language, name in names.items():
        if language not in others:
            raise ValidationError(
                _("%(language)s is not one of the site's other languages: %(others)s.")
                % {"language": language, "others": ", ".join(others)})
        if not isinstance(name, str) or not name.strip() or len(name) > ROUND_NAME_LENGTH:
            raise ValidationError(
                _("The %(language)s name is text of 1 to %(most)d letters.")
                % {"language": language, "most": ROUND_NAME_LENGTH})


ROUND_NAME_LENGTH = 50


class Round(models.Model):
    competition = models.ForeignKey(
        Competition, verbose_name=_("competition"), on_delete=models.CASCADE, related_name="rounds",
    )
    name = models.CharField(
        verbose_name=_("name"), max_length=ROUND_NAME_LENGTH, help_text=_("e.g. “Quarter-finals”."),
    )
    names = models.JSONField(
        verbose_name=_("names"),
        default=dict, blank=True, validators=[check_round_names],
        help_text=_("The name in the site's other languages, as the competition's own "
                    "translations write it: {\"it\": \"Quarti di finale\", \"de\": \"Viertelfinale\"}. "
                    "A language left out shows the name."),
    )
    code = models.CharField(verbose_name=_("code"), max_length=5, help_text=_("Short code: QF, SF, F."))
    order = models.PositiveSmallIntegerField(
        verbose_name=_("order"), help_text=_("1 for the first round shown, then 2, 3…"),
    )
    legs = models.PositiveSmallIntegerField(
        verbose_name=_("legs"),
        choices=[(1, _("One match")), (2, _("Two legs"))], default=2
    )
    first_leg_date = models.DateField(
        verbose_name=_("first leg date"),
        null=True, blank=True,
        help_text=_("The date of the round's first legs (or of its one match): a tie added "
        "to the round gets its legs on the round's dates, each one changeable after."),
    )
    second_leg_date = models.DateField(
        verbose_name=_("second leg date"),
        null=True, blank=True, help_text=_("The second legs' date; empty for a one-match round.")
    )

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["competition", "order"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "code"], name="round_code_unique"),
            models.UniqueConstraint(fields=["competition", "order"], name="round_order_unique"),
            models.CheckConstraint(
                condition=Q(legs__in=[1, 2]), name="round_one_or_two_legs",
                violation_error_message=_("A round is played over one match or two legs."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.competition})"

    @property
    def local_name(self):
        """The name fans read in the active language: from `names`, else the name."""
        language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        names = self.names if isinstance(self.names, dict) else {}
        return names.get(language) or self.name

    @property
    def dates(self):
        """The legs' dates in order, as many as the round has legs (None where unset)."""
        return [self.first_leg_date, self.second_leg_date][: self.legs]

    def clean(self):
        if self.legs == 1 and self.second_leg_date is not None:
            raise ValidationError({"second_leg_date": _("A one-match round has no second legs.")})
        if self.first_leg_date and self.second_leg_date and self.second_leg_date < self.first_leg_date:
            raise ValidationError({"second_leg_date": _("The second legs come after the first legs.")})


# A 128-team cup's first round; the draw's positions stay small numbers.
MAX_TIES_IN_A_ROUND = 64
# Goals and penalties an editor can enter, in forms and in the database alike.
MAX_GOALS = 99


class Tie(models.Model):
    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="ties")
    code = models.CharField(
        verbose_name=_("code"), max_length=10, help_text=_("In draw order: QF1…QF4, SF1, SF2, F."),
    )
    position = models.PositiveSmallIntegerField(
        verbose_name=_("position"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TIES_IN_A_ROUND)],
        help_text=_("Place in the draw within the round: 1, 2…"),
    )
    home = models.ForeignKey(
        Team, verbose_name=_("home"), on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text=_("First-named team, at home in the first leg. Filled in by the feeding tie."),
    )
    away = models.ForeignKey(
        Team, verbose_name=_("away"), on_delete=models.PROTECT, null=True, blank=True, related_name="+",
    )
    home_from = models.ForeignKey(
        "self", verbose_name=_("home from"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="feeds_home",
        help_text=_("The tie whose winner becomes the first-named team."),
    )
    away_from = models.ForeignKey(
        "self", verbose_name=_("away from"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="feeds_away",
        help_text=_("The tie whose winner becomes the second-named team."),
    )
    venue = models.CharField(
        verbose_name=_("venue"),
        max_length=100, blank=True, help_text=_("For a single match at a neutral venue, e.g. Dublin.")
    )
    notes = models.TextField(
        verbose_name=_("notes"), blank=True, help_text=_("Shown to fans on the tie's page."),
    )
    # Goes up with every save of the tie or its legs (results.py). A form carries the number
    # it was read at, and a save is refused when the number moved on meanwhile: the check is
    # in the UPDATE itself, so two editors saving at the same moment cannot both win.
    revision = models.PositiveIntegerField(verbose_name=_("revision"), default=0, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tie")
        verbose_name_plural = _("ties")
        ordering = ["round__order", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(position__gte=1, position__lte=MAX_TIES_IN_A_ROUND),
                name="tie_position_in_range",
                violation_error_message=format_lazy(
                    _("A tie's place in the draw is 1 to {most}."), most=MAX_TIES_IN_A_ROUND
                ),
            ),
            # Each tie's winner goes to one place in the next round.
            models.UniqueConstraint(fields=["home_from"], name="tie_feeds_one_home_slot"),
            models.UniqueConstraint(fields=["away_from"], name="tie_feeds_one_away_slot"),
            models.UniqueConstraint(fields=["round", "code"], name="tie_code_unique"),
            models.UniqueConstraint(fields=["round", "position"], name="tie_position_unique"),
            models.CheckConstraint(
                condition=Q(home__isnull=True) | Q(away__isnull=True) | ~Q(home=F("away")),
                name="tie_two_different_teams",
                violation_error_message=_("A team cannot play itself: pick two different teams."),
            ),
            models.CheckConstraint(
                condition=Q(home_from__isnull=True) | Q(away_from__isnull=True)
                | ~Q(home_from=F("away_from")),
                name="tie_two_different_feeders",
                violation_error_message=_("Both sides cannot come from the same tie."),
            ),
        ]

    def __str__(self):
        # Translators: two teams that meet, "Atalanta v Liverpool": as your press writes a fixture.
        teams = pgettext("between teams", "%(home)s v %(away)s") % {
            "home": self.side_label(rules.Side.HOME), "away": self.side_label(rules.Side.AWAY)}
        return f"{self.code}: {teams}"

    def get_absolute_url(self):
        return reverse("tie", args=[self.round.competition.slug, self.code])

    # --- Who plays -------------------------------------------------------------------------

    def team(self, side):
        return self.home if side == rules.Side.HOME else self.away

    def feeder(self, side):
        return self.home_from if side == rules.Side.HOME else self.away_from

    def side_label(self, side, short=False, unbroken=False):
        """The team's name, or where it comes from as the draw says: “Benfica or Marseille”;
        with short names (“PSG or Dortmund”) where space is tight. `unbroken` for a card,
        where two teams wrap between the teams, never inside a name ("Bayer Leverkusen or
        West / Ham United"); a card too narrow for a whole name shows the short ones."""
        def name(team):
            return team.short_name if short else team.name

        def unbroken_name(team):
            return name(team).replace(" ", "\N{NO-BREAK SPACE}") if unbroken else name(team)

        team = self.team(side)
        if team is not None:
            return name(team)
        feeder = self.feeder(side)
        if feeder is None:
            return pgettext("side of a tie", "To be decided")
        if feeder.home is not None and feeder.away is not None:
            # Translators: the two teams one of which will play here, "Benfica or Marseille".
            return pgettext("side of a tie", "%(home)s or %(away)s") % {
                "home": unbroken_name(feeder.home), "away": unbroken_name(feeder.away)}
        # Translators: a side of a tie still to be played, "Winner of QF1".
        return pgettext("side of a tie", "Winner of %(code)s") % {"code": feeder.code}

    @property
    def home_label(self):
        return self.side_label(rules.Side.HOME)

    @property
    def away_label(self):
        return self.side_label(rules.Side.AWAY)

    # --- The result, from rules.py ----------------------------------------------------------

    @cached_property
    def ordered_legs(self):
        return sorted(self.legs.all(), key=lambda leg: leg.number)

    def outcome_of(self, legs):
        return rules.decide(
            [leg.as_score() for leg in legs],
            self.round.legs,
            self.round.competition.away_goals_rule,
        )

    @cached_property
    def outcome(self):
        return self.outcome_of(self.ordered_legs)

    @property
    def winner(self):
        return self.team(self.outcome.winner) if self.outcome.winner else None

    @property
    def summary(self):
        """The tie in words: “Marseille win 4–2 on penalties after 2–2 on aggregate”."""
        return describe.tie(self.outcome, self.home_label, self.away_label, self.round.legs)

    @property
    def went_to_extra_time(self):
        return any(leg.extra_time for leg in self.ordered_legs)

    @property
    def live_leg(self):
        return next((leg for leg in self.ordered_legs if leg.status == rules.LegStatus.LIVE), None)

    def clean(self):
        errors = {}
        for field in ("home_from", "away_from"):
            feeder = getattr(self, field)
            if feeder is None or self.round_id is None:
                continue
            if feeder.round.competition_id != self.round.competition_id:
                errors[field] = _("Pick a tie from the same competition.")
            elif feeder.round.order != self.round.order - 1:
                errors[field] = _("Pick a tie from the round just before this one.")
            elif self._feeds_elsewhere(feeder):
                errors[field] = _("%(feeder)s's winner already goes to %(tie)s.") % {
                    "feeder": feeder.code, "tie": self._feeds_elsewhere(feeder)}
        if self.pk is None and self.round_id and None in self.round.dates:
            errors["round"] = _(
                "Enter the dates of %(round)s first (in its competition's rounds): "
                "a new tie gets its legs on them."
            ) % {"round": self.round.name}
        if self.round_id and self.code:
            clash = Tie.objects.filter(
                round__competition=self.round.competition_id, code=self.code
            ).exclude(pk=self.pk)
            if clash.exists():
                errors["code"] = _("The competition already has a tie %(code)s.") % {"code": self.code}
        if errors:
            raise ValidationError(errors)

    def _feeds_elsewhere(self, feeder):
        """The other tie (code) that `feeder`'s winner already goes to, if any."""
        taken = Tie.objects.filter(Q(home_from=feeder) | Q(away_from=feeder)).exclude(pk=self.pk)
        return taken.values_list("code", flat=True).first()


# What a match changes in a leg, and everything an editor enters in one: one list each,
# for the workflow, its history and the match-night screen.
SCORE_FIELDS = ["status", "home_goals", "away_goals", "extra_time", "home_penalties", "away_penalties"]
LEG_FIELDS = ["date", "kickoff", "venue", *SCORE_FIELDS]


class GoalsField(models.SmallIntegerField):
    """Goals or penalties: a whole number from 0 to MAX_GOALS, refused in an editor's words
    by forms and by the database's check constraint alike."""

    default_validators = [
        MinValueValidator(0, _("Goals and penalties cannot be negative.")),
        MaxValueValidator(MAX_GOALS, _("Goals and penalties are at most %(limit_value)s.")),
    ]

    @cached_property
    def validators(self):
        # Only ours: the column's own range (±32767) is wider, and a second message
        # about it would only confuse.
        return [*self.default_validators, *self._validators]

    def formfield(self, **kwargs):
        # The model's validators word the errors; the widget still offers 0–99.
        field = super().formfield(**{"min_value": None, "max_value": None, **kwargs})
        field.widget.attrs.update({"min": 0, "max": MAX_GOALS, "inputmode": "numeric"})
        return field


class Leg(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = rules.LegStatus.SCHEDULED, _("Scheduled")
        LIVE = rules.LegStatus.LIVE, _("Live")
        FINISHED = rules.LegStatus.FINISHED, _("Finished")

    tie = models.ForeignKey(Tie, verbose_name=_("tie"), on_delete=models.CASCADE, related_name="legs")
    number = models.PositiveSmallIntegerField(verbose_name=_("number"), default=1, help_text=_("1 or 2."))
    date = models.DateField(verbose_name=_("date"))
    kickoff = models.TimeField(
        verbose_name=_("kickoff"),
        null=True, blank=True,
        help_text=_("Local time in the competition's zone. Leave empty until it is announced."),
    )
    venue = models.CharField(verbose_name=_("venue"), max_length=100, blank=True)
    status = models.CharField(
        verbose_name=_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED,
    )
    home_goals = GoalsField(
        verbose_name=_("home goals"),
        null=True, blank=True, help_text=_("Goals of this leg's home team, extra time included.")
    )
    away_goals = GoalsField(verbose_name=_("away goals"), null=True, blank=True)
    extra_time = models.BooleanField(
        verbose_name=_("extra time"), default=False, help_text=_("Tick when extra time was played."),
    )
    home_penalties = GoalsField(verbose_name=_("home penalties"), null=True, blank=True)
    away_penalties = GoalsField(verbose_name=_("away penalties"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leg")
        verbose_name_plural = _("legs")
        ordering = ["tie", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["tie", "number"], name="leg_number_unique",
                violation_error_message=_("This tie already has a leg with that number."),
            ),
            models.CheckConstraint(
                condition=Q(number__in=[1, 2]), name="leg_number_one_or_two",
                violation_error_message=_("A leg is number 1 or 2."),
            ),
            models.CheckConstraint(
                condition=(Q(home_goals__isnull=True) | Q(home_goals__gte=0))
                & (Q(away_goals__isnull=True) | Q(away_goals__gte=0))
                & (Q(home_penalties__isnull=True) | Q(home_penalties__gte=0))
                & (Q(away_penalties__isnull=True) | Q(away_penalties__gte=0)),
                name="leg_no_negative_goals",
                violation_error_message=_("Goals and penalties cannot be negative."),
            ),
            models.CheckConstraint(
                condition=(Q(home_goals__isnull=True) | Q(home_goals__lte=MAX_GOALS))
                & (Q(away_goals__isnull=True) | Q(away_goals__lte=MAX_GOALS))
                & (Q(home_penalties__isnull=True) | Q(home_penalties__lte=MAX_GOALS))
                & (Q(away_penalties__isnull=True) | Q(away_penalties__lte=MAX_GOALS)),
                name="leg_at_most_99_goals",
                violation_error_message=format_lazy(
                    _("Goals and penalties are at most {most}."), most=MAX_GOALS
                ),
            ),
            models.CheckConstraint(
                condition=Q(status=rules.LegStatus.SCHEDULED, home_goals__isnull=True,
                            away_goals__isnull=True, extra_time=False)
                | Q(status__in=[rules.LegStatus.LIVE, rules.LegStatus.FINISHED],
                    home_goals__isnull=False, away_goals__isnull=False),
                name="leg_score_when_played",
                violation_error_message=_("A live or finished leg needs both teams' goals; "
                "a scheduled one has none yet."),
            ),
            models.CheckConstraint(
                condition=Q(home_penalties__isnull=True, away_penalties__isnull=True)
                | Q(home_penalties__isnull=False, away_penalties__isnull=False, extra_time=True),
                name="leg_penalties_after_extra_time",
                violation_error_message=_("Penalties follow extra time: enter both sides' "
                "penalties and tick extra time."),
            ),
            models.CheckConstraint(
                condition=Q(home_penalties__isnull=True) | Q(status=rules.LegStatus.LIVE)
                | ~Q(home_penalties=F("away_penalties")),
                name="leg_shootout_not_level",
                violation_error_message=_("A finished shoot-out cannot be level."),
            ),
        ]

    def __str__(self):
        if not self.tie_id:
            return _("Leg %(number)s") % {"number": self.number}
        # Editors see this above each leg's row: it says who is at home in that leg.
        return _("%(tie)s leg %(number)s: %(home)s v %(away)s") % {
            "tie": self.tie.code, "number": self.number, "home": self.home_label, "away": self.away_label}

    def get_constraints(self):
        # Forms check a leg with the tie's other legs through rules.problems(), which puts
        # each message next to the field to change; the check constraints stay as the
        # database's backstop and are not run a second time with vaguer words.
        return [
            (model, [c for c in constraints if not isinstance(c, models.CheckConstraint)])
            for model, constraints in super().get_constraints()
        ]

    def as_score(self):
        return rules.LegScore(
            number=self.number,
            status=rules.LegStatus(self.status),
            home_goals=self.home_goals,
            away_goals=self.away_goals,
            extra_time=self.extra_time,
            home_penalties=self.home_penalties,
            away_penalties=self.away_penalties,
            date=self.date,
        )

    @property
    def hosts_swapped(self):
        return rules.hosts_swapped(self.number, self.tie.round.legs)

    @property
    def home_label(self):
        side = rules.Side.AWAY if self.hosts_swapped else rules.Side.HOME
        return self.tie.side_label(side)

    @property
    def away_label(self):
        side = rules.Side.HOME if self.hosts_swapped else rules.Side.AWAY
        return self.tie.side_label(side)

    @property
    def home_team(self):
        return self.tie.away if self.hosts_swapped else self.tie.home

    @property
    def away_team(self):
        return self.tie.home if self.hosts_swapped else self.tie.away

    def goals_of(self, side):
        """Goals of the tie's `side` in this leg, or None before kick-off."""
        home_side = rules.Side.AWAY if self.hosts_swapped else rules.Side.HOME
        return self.home_goals if side == home_side else self.away_goals

    @property
    def has_score(self):
        return self.home_goals is not None and self.away_goals is not None

    @property
    def kickoff_at(self):
        """The kick-off as an aware datetime in the competition's zone, or None if unknown."""
        if self.kickoff is None:
            return None
        zone = zoneinfo.ZoneInfo(self.tie.round.competition.time_zone)
        return datetime.datetime.combine(self.date, self.kickoff, tzinfo=zone)

    @property
    def where(self):
        return self.venue or self.tie.venue
