"""The editors' tool for one tie: its teams, its legs and their scores, and its history.
Who won is never typed: it is shown read-only and carried into the next tie by
results.save_tie(), which every save here goes through."""
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from europa import history, results, rules
from europa.inputs import whole_number
from europa.models import Leg, Round, Team, Tie

# How a decided tie was settled, as the tie's page in the admin says it.
DECIDED_BY = {
    rules.DecidedBy.AGGREGATE: pgettext_lazy("decided by", "aggregate"),
    rules.DecidedBy.AWAY_GOALS: pgettext_lazy("decided by", "away goals"),
    rules.DecidedBy.EXTRA_TIME: pgettext_lazy("decided by", "extra time"),
    rules.DecidedBy.PENALTIES: pgettext_lazy("decided by", "penalties"),
}

# What a tie's label (“QF4: Benfica v Marseille”, “SF1: Benfica or Marseille v …”) reads.
TIE_LABEL_RELATED = [
    "round__competition", "home", "away",
    "home_from__home", "home_from__away", "away_from__home", "away_from__away",
]


class ToleratingAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget looks up the submitted value to show it again, and a
    tampered one (home=abc) makes that lookup raise, a 500. Show nothing selected instead:
    the form field itself says the choice is not valid."""

    def optgroups(self, name, value, attr=None):
        try:
            return super().optgroups(name, value, attr)
        except (ValueError, ValidationError):
            return super().optgroups(name, [], attr)


class RevisionForm(forms.ModelForm):
    """A form for a copy of a tie read at some revision; saving it elsewhere since makes
    this copy stale, and results.save_tie() refuses it."""

    held_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_revision"].initial = self.instance.revision


class LegFormSet(BaseInlineFormSet):
    """Checks the legs together, as the rules see them, and puts each problem next to
    the field the editor has to change."""

    def get_queryset(self):
        legs = super().get_queryset()
        # Each leg's labels read its tie's teams: use the tie this page already read.
        for leg in legs:
            leg.tie = self.instance
        return legs

    def clean(self):
        super().clean()
        # A tie's legs come with it: a form may only change those, never add one or name
        # another tie's leg (a browser never sends that; a tampered request may).
        if self.total_form_count() != self.initial_form_count() or any(
            form.instance.pk is None or form.instance.tie_id != self.instance.pk for form in self.initial_forms
        ):
            raise ValidationError(_("These are not this tie's legs: reload the page and enter the scores again."))
        if any(form.errors for form in self.forms):
            return
        tie = self.instance
        if tie.round_id is None:
            return
        kept = [form for form in self.forms if form.instance.pk or form.has_changed()]
        unplaced = []
        for problem in results.problems(tie, [form.instance for form in kept]):
            form = next((f for f in kept if f.instance.number == problem.leg), None)
            if form is not None and problem.field in form.fields:
                form.add_error(problem.field, problem.message)
            elif form is not None:
                form.add_error(None, problem.message)
            else:
                unplaced.append(problem.message)
        if unplaced:
            raise ValidationError(unplaced)


class LegForm(forms.ModelForm):
    """A leg's goals are labelled with the team they belong to, so that the second leg,
    where the tie's second-named team is at home, cannot be entered back to front."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for side, label in (("home", self.instance.home_label), ("away", self.instance.away_label)):
                goals = _("%(team)s (home)") if side == "home" else _("%(team)s (away)")
                self.fields[f"{side}_goals"].label = goals % {"team": label}
                self.fields[f"{side}_penalties"].label = _("%(team)s: penalties") % {"team": label}


class LegInline(admin.StackedInline):
    model = Leg
    form = LegForm
    formset = LegFormSet
    extra = 0
    can_delete = False
    max_num = 2
    fieldsets = [
        (None, {"fields": [
            "status", ("home_goals", "away_goals"), "extra_time", ("home_penalties", "away_penalties"),
        ]}),
        (gettext_lazy("Date, kick-off and venue"), {"fields": [("date", "kickoff"), "venue"], "classes": ["collapse"]}),
    ]

    def has_add_permission(self, request, obj):
        return False  # a tie's legs come with it, one per leg of its round


@admin.register(Tie)
class TieAdmin(admin.ModelAdmin):
    form = RevisionForm
    list_display = ["code", "round", "first_named", "second_named", "result", "on_site"]
    list_filter = ["round__competition", "round"]
    list_select_related = TIE_LABEL_RELATED
    search_fields = ["code", "home__name", "away__name"]
    ordering = ["round__competition", "round__order", "position"]
    autocomplete_fields = ["home", "away", "home_from", "away_from"]
    inlines = [LegInline]
    fieldsets = [
        (None, {"fields": ["round", "code", "position", "held_revision"]}),
        (gettext_lazy("Teams"), {
            "fields": ["home", "away", "home_from", "away_from"],
            "description": gettext_lazy(
                "A side that comes from an earlier tie is filled in when that tie is decided."),
        }),
        (gettext_lazy("Result"), {"fields": ["aggregate", "winner", "decided_by", "result"]}),
        (gettext_lazy("Venue and notes"), {"fields": ["venue", "notes"], "classes": ["collapse"]}),
    ]

    def get_inlines(self, request, obj):
        # A new tie's legs are made with it, on its round's dates (results.create_tie).
        return self.inlines if obj is not None else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A fixed number of queries whatever the size of the competition: rounds and the
        # tie chosen as a source come with what their labels read.
        if db_field.name == "round":
            kwargs["queryset"] = Round.objects.select_related("competition")
        elif db_field.name in self.autocomplete_fields:
            kwargs["widget"] = ToleratingAutocompleteSelect(db_field, self.admin_site)
            if db_field.related_model is Tie:
                kwargs["queryset"] = Tie.objects.select_related(*TIE_LABEL_RELATED)
            else:
                kwargs["queryset"] = Team.objects.all()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = ["aggregate", "winner", "decided_by", "result"]
        if obj is not None and obj.home_from_id:
            fields.append("home")
        if obj is not None and obj.away_from_id:
            fields.append("away")
        return fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("legs")

    def get_object(self, request, object_id, from_field=None):
        # The form, the legs' labels and the result read the tie's round, teams and
        # feeders: one query instead of one per label.
        queryset = self.get_queryset(request).select_related(*self.list_select_related)
        model = queryset.model
        field = model._meta.pk if from_field is None else model._meta.get_field(from_field)
        try:
            return queryset.get(**{field.name: field.to_python(object_id)})
        except (model.DoesNotExist, ValidationError, ValueError):
            return None

    @admin.display(description=gettext_lazy("On the site"))
    def on_site(self, tie):
        return format_html('<a href="{}">{}</a>', tie.get_absolute_url(), _("View on site"))

    @admin.display(description=gettext_lazy("Home in the first leg"))
    def first_named(self, tie):
        return tie.home_label

    @admin.display(description=gettext_lazy("Away in the first leg"))
    def second_named(self, tie):
        return tie.away_label

    @admin.display(description=gettext_lazy("Aggregate"))
    def aggregate(self, tie):
        if tie.pk is None or tie.outcome.aggregate is None:
            return "–"
        score = tie.outcome.aggregate
        return f"{tie.home_label} {score.home}–{score.away} {tie.away_label}"

    @admin.display(description=gettext_lazy("Winner"))
    def winner(self, tie):
        return (tie.winner if tie.pk else None) or _("Not decided")

    @admin.display(description=gettext_lazy("Decided by"))
    def decided_by(self, tie):
        if tie.pk is None or tie.outcome.decided_by is None:
            return "–"
        return DECIDED_BY[tie.outcome.decided_by]

    @admin.display(description=gettext_lazy("Result"))
    def result(self, tie):
        return (tie.summary if tie.pk else "") or _("Not played yet")

    # --- History: every save of the tie and its legs, old → new, and a way back ------------

    def get_urls(self):
        revert = self.admin_site.admin_view(require_POST(self.revert_view))
        return [
            path("<int:object_id>/history/<str:source>/<int:history_id>/revert/", revert,
                 name="europa_tie_revert"),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        tie = self.get_object(request, object_id)
        if tie is None:
            raise Http404("No such tie.")
        if not self.has_view_or_change_permission(request, tie):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("History of %(tie)s") % {"tie": tie.code}, "subtitle": str(tie), "opts": self.opts,
            "object": tie, "changes": history.tie_changes(tie),
            "can_revert": self.has_change_permission(request, tie),
        }
        # Times as the competition's editors and fans read them, not the server's UTC.
        with timezone.override(tie.round.competition.time_zone):
            return TemplateResponse(request, "admin/europa/tie/history.html", context).render()

    def revert_view(self, request, object_id, source, history_id):
        tie = self.get_object(request, object_id)
        if tie is None or source not in ("tie", "leg"):
            raise Http404("No such tie or change.")
        if not self.has_change_permission(request, tie):
            raise PermissionDenied
        change = history.find_change(tie, history_id, of_leg=source == "leg")
        held = whole_number(request.POST.get("held_revision", ""))
        if change is None or not change.fields:
            self.message_user(request, _("That change cannot be put back: it is not in this tie's history."),
                              messages.ERROR)
        elif held is None:
            self.message_user(request, _("Reload the history and try again."), messages.ERROR)
        else:
            try:
                moved = results.revert(tie, change, revision=held)
            except results.Refused as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
            else:
                self.message_user(request, _("Put back: %(what)s.") % {"what": "; ".join(change.what)},
                                  messages.SUCCESS)
                for advance in moved:
                    self.message_user(request, str(advance), messages.INFO)
        return HttpResponseRedirect(reverse("admin:europa_tie_history", args=[tie.pk]))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except results.Refused as refusal:
            # The whole save was rolled back: show the tie as it is stored now.
            self.message_user(request, str(refusal), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        if not change:
            results.create_tie(obj)
        # A change is stored with its legs in save_related(), in one results.save_tie().

    def save_related(self, request, form, formsets, change):
        # The legs are not saved by their formset but with the tie in results.save_tie();
        # the admin's log still says which legs changed.
        for formset in formsets:
            formset.new_objects, formset.deleted_objects = [], []
            formset.changed_objects = [(f.instance, f.changed_data) for f in formset.forms if f.has_changed()]
        if not change:
            return
        legs = [leg_form.instance for formset in formsets for leg_form in formset.initial_forms]
        for moved in results.save_tie(form.instance, legs, revision=form.cleaned_data["held_revision"]):
            level = messages.INFO if moved.team else messages.WARNING
            self.message_user(request, str(moved), level)
