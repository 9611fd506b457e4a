"""What changed, in football words, from the records django-simple-history keeps of every
save of a tie or a leg: the editors' history (old → new, who, when), what another editor
saved while a form was open, and the corrections fans see on a tie's page."""
import zoneinfo
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from europa import describe, rules
from europa.models import SCORE_FIELDS, Leg, Team, Tie

# What a tie's record shows an editor: the revision moves with every save and says nothing.
TIE_FIELDS = {
    "code": gettext_lazy("code"), "position": gettext_lazy("place in the draw"),
    "home_id": gettext_lazy("first-named team"), "away_id": gettext_lazy("second-named team"),
    "home_from_id": gettext_lazy("first-named from"), "away_from_id": gettext_lazy("second-named from"),
    "venue": gettext_lazy("venue"), "notes": gettext_lazy("notes"),
}
WHEN_AND_WHERE = {"date": gettext_lazy("date"), "kickoff": gettext_lazy("kick-off"), "venue": gettext_lazy("venue")}
# A leg's status as the history writes it, in the middle of a sentence.
STATUS = {
    rules.LegStatus.SCHEDULED: gettext_lazy("scheduled"),
    rules.LegStatus.LIVE: gettext_lazy("live"),
    rules.LegStatus.FINISHED: gettext_lazy("finished"),
}


def describe_leg(leg):
    """A leg's state in a few words: “leg 2: finished 1–1 a.e.t. (4–3 on penalties)”."""
    return _("leg %(number)s: %(score)s") % {"number": leg.number, "score": score(leg)}


def score(leg):
    status = STATUS.get(leg.status, leg.status)
    if leg.status == rules.LegStatus.SCHEDULED or leg.home_goals is None or leg.away_goals is None:
        return str(status)
    values = {"status": status, "score": f"{leg.home_goals}–{leg.away_goals}"}
    if leg.home_penalties is not None and leg.away_penalties is not None:
        values["penalties"] = f"{leg.home_penalties}–{leg.away_penalties}"
        if leg.extra_time:
            return _("%(status)s %(score)s a.e.t. (%(penalties)s on penalties)") % values
        return _("%(status)s %(score)s (%(penalties)s on penalties)") % values
    if leg.extra_time:
        return _("%(status)s %(score)s a.e.t.") % values
    return _("%(status)s %(score)s") % values


@dataclass
class Change:
    """One save of a tie or of one of its legs, as an editor reads it."""
    record: object  # the historical record the save made
    when: object
    who: str
    what: list = field(default_factory=list)  # ["leg 2: live 0–0 → finished 1–1", …]
    leg_number: int | None = None
    corrects_result: bool = False  # a finished leg's score changed afterwards
    before: object = None  # the record before this change
    fields: list = field(default_factory=list)  # the model fields it changed, to put back

    def __str__(self):
        return _("%(who)s at %(time)s: %(what)s") % {
            "who": self.who, "time": f"{self.when:%H:%M}", "what": "; ".join(self.what)}


def tie_changes(tie, legs_only=False):
    """Every save of `tie` and its legs that changed something, newest first: two queries
    (one with `legs_only`)."""
    zone = zoneinfo.ZoneInfo(tie.round.competition.time_zone)
    sources = [(Leg.history.filter(tie_id=tie.pk), _leg_change)]
    if not legs_only:
        sources.append((Tie.history.filter(id=tie.pk), _tie_change))
    found = []
    for records, change_of in sources:
        records = records.select_related("history_user")
        previous = {}
        for record in records.order_by("history_date", "history_id"):
            change = change_of(tie, previous.get(record.id), record)
            previous[record.id] = record
            if change.what:
                change.when = timezone.localtime(record.history_date, zone)
                found.append(change)
    return sorted(found, key=lambda change: change.record.history_date, reverse=True)


def find_change(tie, history_id, of_leg):
    """The change of `tie` (or of one of its legs) whose record is `history_id`, or None."""
    return next((
        change for change in tie_changes(tie)
        if change.record.history_id == history_id and (change.leg_number is not None) == of_leg
    ), None)


def changes_since(tie, revision):
    """What was saved on `tie` and its legs after the copy read at `revision`, oldest first."""
    superseding = Tie.history.filter(id=tie.pk, revision__gt=revision).order_by("history_date").first()
    if superseding is None:
        return []
    return [
        change for change in reversed(tie_changes(tie))
        if change.record.history_date >= superseding.history_date
    ]


@dataclass(frozen=True)
class Correction:
    """A finished leg's score changed afterwards, as fans read it: “1–0 → 1–1”."""
    when: object
    leg_number: int
    before: str
    after: str


def corrections(tie):
    """Scores changed after a leg was finished, oldest first: what fans see on the tie
    page. One query."""
    return [
        Correction(change.when, change.leg_number, _fans_score(change.before), _fans_score(change.record))
        for change in reversed(tie_changes(tie, legs_only=True)) if change.corrects_result
    ]


def _fans_score(leg):
    if leg.status == rules.LegStatus.SCHEDULED:
        return _("not played")
    # Fans read it: the score as their language's press writes it.
    words = describe.score(rules.Score(leg.home_goals, leg.away_goals))
    if leg.extra_time:
        words = _("%(score)s after extra time") % {"score": words}
    if leg.home_penalties is not None and leg.away_penalties is not None:
        penalties = describe.score(rules.Score(leg.home_penalties, leg.away_penalties))
        words = _("%(score)s, %(penalties)s on penalties") % {"score": words, "penalties": penalties}
    if leg.status == rules.LegStatus.LIVE:
        return _("%(score)s (live)") % {"score": words}
    return words


def _who(record):
    # Saves outside the admin (a competition file, a script) have nobody signed in.
    return record.history_user.get_username() if record.history_user else _("a file or script")


def _tie_change(tie, before, record):
    change = Change(record, record.history_date, _who(record), before=before)
    if before is None:
        change.what = [_("tie created")] if record.history_type == "+" else []
        return change
    for name, label in TIE_FIELDS.items():
        old, new = getattr(before, name), getattr(record, name)
        if old == new:
            continue
        change.fields.append(name)
        if name == "notes":
            change.what.append(_("editors' notes changed"))
        else:
            change.what.append(_("%(field)s: %(old)s → %(new)s") % {
                "field": label, "old": _shown(name, old), "new": _shown(name, new)})
    return change


def _shown(name, value):
    # Changes to teams and feeders are rare (a draw put right): a query each is fine.
    if value is None or value == "":
        return "—"
    if name in ("home_id", "away_id"):
        return Team.objects.filter(pk=value).values_list("name", flat=True).first() or value
    if name in ("home_from_id", "away_from_id"):
        return Tie.objects.filter(pk=value).values_list("code", flat=True).first() or value
    return value


def _leg_change(tie, before, record):
    change = Change(record, record.history_date, _who(record), leg_number=record.number, before=before)
    if before is None:
        return change  # legs are created with their tie: nothing to tell
    if any(getattr(before, name) != getattr(record, name) for name in SCORE_FIELDS):
        # A score is put back whole: goals, extra time and shoot-out belong together.
        change.fields += SCORE_FIELDS
        change.what.append(_("leg %(number)s: %(old)s → %(new)s") % {
            "number": record.number, "old": score(before), "new": score(record)})
        change.corrects_result = before.status == rules.LegStatus.FINISHED
    for name, label in WHEN_AND_WHERE.items():
        old, new = getattr(before, name), getattr(record, name)
        if old != new:
            change.fields.append(name)
            change.what.append(_("leg %(number)s %(field)s: %(old)s → %(new)s") % {
                "number": record.number, "field": label, "old": old or "—", "new": new or "—"})
    return change
