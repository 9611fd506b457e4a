"""The match-night screen: every leg of the day in one list, scores entered in place.

Each row is one leg, named as an editor reads it; its status, goals, extra time and
shoot-out are edited in the row, and one save stores them through results.save_tie(),
one call per tie, at the tie's revision the page was rendered with. The actions "Kick off"
and "Full time" do the same for the selected legs. Anything else about a leg (date,
kick-off, venue) is changed on its tie's page."""
import datetime
import re
import zoneinfo
from collections import defaultdict
from functools import cached_property

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.forms.models import BaseModelFormSet
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from europa import results, rules
from europa.inputs import whole_number
from europa.models import SCORE_FIELDS, Competition, Leg, Round

# A night's last matches end after midnight: until six in the morning the screen still
# shows last night's legs as today's.
NIGHT_ENDS = datetime.timedelta(hours=6)
NOT_LISTED = gettext_lazy("This leg is not in this list any more: reload the page.")
NO_REVISION = gettext_lazy(
    "This row does not say which version of its tie the page showed: reload the page.")
# A tie's revision is a PositiveIntegerField: anything outside its range is not one.
REVISION = forms.IntegerField(
    widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1,
    error_messages={key: NO_REVISION for key in ("required", "invalid", "min_value", "max_value")},
)


def match_day(time_zone):
    """The date of tonight's legs in a competition's zone."""
    return (timezone.localtime(timezone=zoneinfo.ZoneInfo(time_zone)) - NIGHT_ENDS).date()


def tonight():
    """Legs that are live, or played on today's match day in their competition's zone."""
    zones = Competition.objects.order_by().values_list("time_zone", flat=True).distinct()
    today = Q(pk__in=[])
    for zone in zones:
        today |= Q(tie__round__competition__time_zone=zone, date=match_day(zone))
    return Q(status=rules.LegStatus.LIVE) | today


def which_leg(leg):
    if leg.tie.round.legs == 1:
        return leg.tie.round.name
    return _("first leg") if leg.number == 1 else _("second leg")


def leg_with_score(leg):
    """“QF4 · second leg · Marseille 1–0 Benfica”, for the actions' messages."""
    score = f"{leg.home_goals}–{leg.away_goals}" if leg.has_score else "v"
    return f"{leg.tie.code} · {which_leg(leg)} · {leg.home_label} {score} {leg.away_label}"


class DayFilter(admin.SimpleListFilter):
    """Tonight first (live legs and today's), any day with legs, or every day."""

    title = gettext_lazy("day")
    parameter_name = "day"
    EVERY_DAY = "all"

    def lookups(self, request, model_admin):
        legs = Leg.objects.all()
        competition = whole_number(request.GET.get("tie__round__competition__id__exact", ""))
        if competition is not None:
            legs = legs.filter(tie__round__competition=competition)
        days = [(day.isoformat(), f"{day:%a} {day.day} {day:%b %Y}") for day in legs.dates("date", "day")]
        return [(None, _("Today and live")), *days, (self.EVERY_DAY, _("Every day"))]

    def choices(self, changelist):
        # Tonight is the default, so it is what "no choice" shows, not Django's "All".
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string(
                    {self.parameter_name: value} if value else {}, remove=[self.parameter_name]
                ),
                "display": label,
            }

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset.filter(tonight())
        if self.value() == self.EVERY_DAY:
            return queryset
        try:
            return queryset.filter(date=datetime.date.fromisoformat(self.value()))
        except ValueError as error:
            raise IncorrectLookupParameters(error) from error


class RoundFilter(admin.RelatedFieldListFilter):
    def field_choices(self, field, request, model_admin):
        # A round's name says its competition: read them together, not one query per round.
        rounds = Round.objects.select_related("competition").order_by("-competition__season", "order")
        return [(round.pk, str(round)) for round in rounds]


class RowField(forms.BoundField):
    """A row's input with its own visible label: on a phone the table's headings are gone,
    and on any screen it says whose goals a box holds."""

    def __str__(self):
        if self.is_hidden:
            return super().__str__()
        return self.label_tag(label_suffix="", attrs={"class": "row-label"}) + super().__str__()


class ListedLegField(forms.Field):
    """The leg a row is about, found among the legs the list shows, which are fetched once
    for all rows (Django's own field asks the database again for each row)."""

    widget = forms.HiddenInput

    def __init__(self, formset, **kwargs):
        super().__init__(**kwargs)
        self.formset = formset

    def to_python(self, value):
        if value in self.empty_values:
            return None
        leg = self.formset.listed.get(str(value))
        if leg is None:
            raise ValidationError(NOT_LISTED)
        return leg

    def has_changed(self, initial, data):
        return False  # which leg a row is about is never an edit


class LegRowForm(forms.ModelForm):
    """One leg's row: what changes during a match, each input labelled with the team whose
    goals it holds, so that the second leg cannot be entered back to front."""

    bound_field_class = RowField
    held_revision = REVISION

    class Meta:
        model = Leg
        fields = SCORE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in SCORE_FIELDS:
            # The page sends back what it showed, so a row counts as changed only when the
            # editor changed it, not when someone else saved its tie meanwhile.
            self.fields[name].show_hidden_initial = True
            self.fields[name].help_text = ""  # a list has nowhere to show it
        leg = self.instance
        if leg.pk is None:
            return  # a posted row naming no listed leg: ListedLegField refuses it
        self.fields["held_revision"].initial = leg.tie.revision
        home, away = leg.home_label, leg.away_label
        labels = {
            "status": _("Status"), "extra_time": _("Extra time"),
            "home_goals": _("%(team)s (home)") % {"team": home},
            "away_goals": _("%(team)s (away)") % {"team": away},
            "home_penalties": _("%(team)s: penalties") % {"team": home},
            "away_penalties": _("%(team)s: penalties") % {"team": away},
        }
        for name, label in labels.items():
            self.fields[name].label = label
            spoken = _("%(label)s goals") % {"label": label} if name.endswith("goals") else label
            self.fields[name].widget.attrs["aria-label"] = spoken
        if leg.number < leg.tie.round.legs:
            # Extra time and penalties belong to the deciding leg: a first leg's row keeps
            # them out of the way (hidden, still checked by the rules).
            for name in ("extra_time", "home_penalties", "away_penalties"):
                self.fields[name].widget = forms.HiddenInput()

    def has_changed(self):
        return any(name in SCORE_FIELDS for name in self.changed_data)

    def say_hidden_errors(self):
        # The list shows a hidden input's errors nowhere: say them above the row instead.
        for field in self.hidden_fields():
            for error in field.errors:
                if error not in self.non_field_errors():
                    self.add_error(None, error)


class LegRowFormSet(BaseModelFormSet):
    """The rows of one submit, checked and stored tie by tie: the rules see a tie's legs
    together, and results.save_tie() gets them in one call."""

    stored = None  # the Advances, once save_ties() has run

    @cached_property
    def listed(self):
        return {str(leg.pk): leg for leg in self.get_queryset()}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # Required in every row: list_editable adds no legs, so a posted row without one is refused.
        form.fields["id"] = ListedLegField(self, initial=form.fields["id"].initial)
        form.formset = self

    def changed_ties(self):
        """(tie, its changed rows) for each tie the editor changed, in list order."""
        by_tie = defaultdict(list)
        for form in self.forms:
            if form.has_changed():
                by_tie[form.instance.tie_id].append(form)
        return [(forms[0].instance.tie, forms) for forms in by_tie.values()]

    def clean(self):
        super().clean()
        unplaced = [] if any(self.errors) else self.check_rules()
        for form in self.forms:
            form.say_hidden_errors()
        if any(form.errors and form.instance.pk is None for form in self.forms):
            unplaced.append(NOT_LISTED)  # a row of no listed leg has no row on the page to show it
        if unplaced:
            raise ValidationError(unplaced)

    def check_rules(self):
        """Put each problem of the changed ties next to its field; return those that
        belong to no row on the page."""
        changed = self.changed_ties()
        stored = defaultdict(dict)
        for leg in Leg.objects.filter(tie__in=[tie for tie, _rows in changed]):
            stored[leg.tie_id][leg.number] = leg
        unplaced = []
        for tie, rows in changed:
            if len({row.cleaned_data["held_revision"] for row in rows}) > 1:
                unplaced.append(f"{tie.code}: {NO_REVISION}")
                continue
            legs = {**stored[tie.pk], **{row.instance.number: row.instance for row in rows}}
            for problem in results.problems(tie, [legs[number] for number in sorted(legs)]):
                row = next((row for row in rows if row.instance.number == problem.leg), None)
                if row is None:
                    unplaced.append(f"{tie.code}: {problem.message}")
                else:
                    row.add_error(problem.field if problem.field in row.fields else None, problem.message)
        return unplaced

    def save_ties(self):
        """Store every changed tie, each with its changed legs at the revision the page held;
        results.save_tie() raises on the first refusal, and the caller's transaction then
        stores nothing at all."""
        self.stored = []
        for tie, rows in self.changed_ties():
            legs = [row.instance for row in rows]
            self.stored += results.save_tie(tie, legs, revision=rows[0].cleaned_data["held_revision"])
        return self.stored


def held_revisions(post, prefix):
    """{leg id: the tie's revision} as the page's rows posted them, for the actions."""
    held = {}
    for key, leg_id in post.items():
        row = re.fullmatch(rf"{re.escape(prefix)}-(\d+)-id", key)
        if row:
            held[leg_id] = post.get(f"{prefix}-{row[1]}-held_revision", "")
    return held


def kick_off(leg):
    """Set a scheduled leg live at 0–0, or say why not."""
    if leg.status != rules.LegStatus.SCHEDULED:
        return _("%(leg)s is %(status)s already: only a scheduled leg kicks off.") % {
            "leg": leg_with_score(leg), "status": leg.get_status_display().lower()}
    leg.status, leg.home_goals, leg.away_goals = rules.LegStatus.LIVE, 0, 0


def full_time(leg):
    """Finish a live leg, or say why not."""
    if leg.status != rules.LegStatus.LIVE:
        return _("%(leg)s is %(status)s, not live: only a live leg reaches full time.") % {
            "leg": leg_with_score(leg), "status": leg.get_status_display().lower()}
    leg.status = rules.LegStatus.FINISHED


@admin.register(Leg)
class MatchNightAdmin(admin.ModelAdmin):
    list_display = ["leg", "kickoff_time", *SCORE_FIELDS, "on_site", "held_revision"]
    list_display_links = None
    list_editable = SCORE_FIELDS
    list_filter = [DayFilter, "tie__round__competition", ("tie__round", RoundFilter)]
    list_select_related = [
        "tie__round__competition", "tie__home", "tie__away",
        "tie__home_from__home", "tie__home_from__away", "tie__away_from__home", "tie__away_from__away",
    ]
    # Live legs on top, then as the evening goes.
    ordering = [
        Case(When(status=rules.LegStatus.LIVE, then=Value(0)), default=Value(1)).asc(),
        "date", F("kickoff").asc(nulls_last=True), "tie__round__order", "tie__position", "number",
    ]
    sortable_by = []
    show_facets = admin.ShowFacets.NEVER
    list_per_page = 200
    show_full_result_count = False
    actions = ["kick_off", "full_time"]

    def get_changelist_form(self, request, **kwargs):
        return LegRowForm

    def get_changelist_formset(self, request, **kwargs):
        return super().get_changelist_formset(request, formset=LegRowFormSet, **kwargs)

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # A save may change only legs this list shows; keep its query for the formset.
        request.listed_legs = changelist.queryset
        return changelist

    def _get_list_editable_queryset(self, request, prefix):
        # Django looks the posted rows up among all legs: here only the listed ones, so a
        # row naming any other leg is refused by ListedLegField.
        return request.listed_legs

    def has_add_permission(self, request):
        return False  # legs come with their tie

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("Leg"))
    def leg(self, leg):
        tie = leg.tie
        return format_html(
            '<a href="{}">{}</a> · {} · {} v {}', reverse("admin:europa_tie_change", args=[tie.pk]),
            tie.code, which_leg(leg), leg.home_label, leg.away_label,
        )

    @admin.display(description=gettext_lazy("Kick-off"))
    def kickoff_time(self, leg):
        day = f"{leg.date:%a} {leg.date.day} {leg.date:%b}"
        return f"{day}, {leg.kickoff:%H:%M}" if leg.kickoff else day

    @admin.display(description=gettext_lazy("On the site"))
    def on_site(self, leg):
        return format_html('<a href="{}">{}</a>', leg.tie.get_absolute_url(), _("View on site"))

    @admin.display(description="")
    def held_revision(self, leg):
        return ""  # the row's form puts the tie's revision here, in a hidden input

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # A leg's date, kick-off and venue are changed with its tie: that is its page.
        leg = self.get_object(request, unquote(object_id))
        if leg is None:
            raise Http404("No such leg.")
        return HttpResponseRedirect(reverse("admin:europa_tie_change", args=[leg.tie_id]))

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, {"title": _("Match night"), **(extra_context or {})})
        except results.Refused as refusal:
            # The whole save was rolled back: show the legs as they are stored now.
            self.message_user(request, str(refusal), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        # Django's changelist calls this for each changed row, inside one transaction. The
        # rows of a tie must reach results.save_tie() together (one revision check, the legs
        # in the order the database accepts), so the first call stores the whole submit,
        # tie by tie, and the later calls find it stored. A refusal raises out of that
        # transaction, and changelist_view() says why.
        if form.formset.stored is None:
            for moved in form.formset.save_ties():
                self.message_user(request, str(moved), messages.INFO if moved.team else messages.WARNING)

    @admin.action(description=gettext_lazy("Kick off the selected legs (live, 0–0)"))
    def kick_off(self, request, queryset):
        self.change_selected(request, queryset, kick_off, _("Kicked off: %(legs)s."))

    @admin.action(description=gettext_lazy("Full time for the selected legs"))
    def full_time(self, request, queryset):
        self.change_selected(request, queryset, full_time, _("Full time: %(legs)s."))

    def change_selected(self, request, queryset, change, done):
        """Apply `change` to each selected leg and store them tie by tie, at the revisions
        the page held, all or nothing."""
        held = held_revisions(request.POST, LegRowFormSet.get_default_prefix())
        by_tie = defaultdict(list)
        for leg in queryset:
            by_tie[leg.tie_id].append(leg)
        try:
            with transaction.atomic():
                advances = [moved for legs in by_tie.values() for moved in self.store(legs, change, held)]
        except results.Refused as refusal:
            # A stale page's message already says that nothing of it was stored.
            stale = isinstance(refusal, results.StaleEdit)
            message = str(refusal) if stale else _("Nothing was changed. %(why)s") % {"why": refusal}
            self.message_user(request, message, messages.ERROR)
            return
        changed = "; ".join(leg_with_score(leg) for legs in by_tie.values() for leg in legs)
        self.message_user(request, done % {"legs": changed}, messages.SUCCESS)
        for moved in advances:
            self.message_user(request, str(moved), messages.INFO if moved.team else messages.WARNING)

    def store(self, legs, change, held):
        """Apply `change` to one tie's selected legs and store them; raise Refused if not."""
        revisions = {held.get(str(leg.pk), "") for leg in legs}
        try:
            revision = REVISION.clean(revisions.pop() if len(revisions) == 1 else "")
        except ValidationError:
            raise results.Refused(f"{'; '.join(map(leg_with_score, legs))}: {NO_REVISION}") from None
        for leg in legs:
            refused = change(leg)
            if refused:
                raise results.Refused(refused)
        try:
            return results.save_tie(legs[0].tie, legs, revision=revision)
        except results.StaleEdit:
            raise  # its message names the tie, what was saved and what was entered
        except results.Refused as refusal:
            raise results.Refused(f"{'; '.join(map(leg_with_score, legs))}: {refusal}") from refusal
