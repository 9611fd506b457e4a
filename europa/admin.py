"""The editors' tool: competitions with their rounds, ties with their legs, teams.
Who won is never typed: it is shown read-only and carried into the next tie on save."""
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet

from europa import results, rules
from europa.models import Competition, Leg, Round, Team, Tie


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "country"]
    search_fields = ["name", "short_name", "country"]
    prepopulated_fields = {"slug": ["name"]}


class RoundInline(admin.TabularInline):
    model = Round
    extra = 0
    fields = ["order", "code", "name", "legs"]


@admin.register(Competition)
class CompetitionAdmin(admin.ModelAdmin):
    list_display = ["name", "season", "slug"]
    search_fields = ["name", "season"]
    prepopulated_fields = {"slug": ["name", "season"]}
    inlines = [RoundInline]


class LegFormSet(BaseInlineFormSet):
    """Checks the legs together, as the rules see them, and puts each problem next to
    the field the editor has to change."""

    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        kept = [
            form for form in self.forms
            if not self._should_delete_form(form) and (form.instance.pk or form.has_changed())
        ]
        tie = self.instance
        if tie.round_id is None:
            return
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

    def save(self, commit=True):
        # The database checks each leg against the other as stored (a second leg is never
        # played while the first is not finished), so legs are played from the first up and
        # reopened from the last down.
        first = next((f for f in self.initial_forms if f.instance.number == 1), None)
        if first is not None and first.instance.status != rules.LegStatus.FINISHED:
            count = self.initial_form_count()
            self.forms[:count] = sorted(self.forms[:count], key=lambda f: -f.instance.number)
        return super().save(commit)


class LegInline(admin.TabularInline):
    model = Leg
    formset = LegFormSet
    extra = 0
    # Narrow inputs keep a leg on one line at laptop widths.
    formfield_overrides = {
        models.SmallIntegerField: {"widget": forms.NumberInput(attrs={"style": "width: 4em"})},
        models.PositiveSmallIntegerField: {"widget": forms.NumberInput(attrs={"style": "width: 3em"})},
        models.CharField: {"widget": forms.TextInput(attrs={"size": 14})},
    }
    fields = [
        "number", "date", "kickoff", "venue", "status",
        "home_goals", "away_goals", "extra_time", "home_penalties", "away_penalties",
    ]


@admin.register(Tie)
class TieAdmin(admin.ModelAdmin):
    list_display = ["code", "round", "first_named", "second_named", "result"]
    list_filter = ["round__competition", "round"]
    list_select_related = [
        "round__competition", "home", "away",
        "home_from__home", "home_from__away", "away_from__home", "away_from__away",
    ]
    search_fields = ["code", "home__name", "away__name"]
    ordering = ["round__competition", "round__order", "position"]
    autocomplete_fields = ["home", "away"]
    inlines = [LegInline]
    fieldsets = [
        (None, {"fields": ["round", "code", "position"]}),
        ("Teams", {
            "fields": ["home", "away", "home_from", "away_from"],
            "description": "A side that comes from an earlier tie is filled in when that tie is decided.",
        }),
        ("Result", {"fields": ["aggregate", "winner", "decided_by", "result"]}),
        ("Venue and notes", {"fields": ["venue", "notes"], "classes": ["collapse"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = ["aggregate", "winner", "decided_by", "result"]
        if obj is not None and obj.home_from_id:
            fields.append("home")
        if obj is not None and obj.away_from_id:
            fields.append("away")
        return fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("legs")

    @admin.display(description="Home in the first leg")
    def first_named(self, tie):
        return tie.home_label

    @admin.display(description="Away in the first leg")
    def second_named(self, tie):
        return tie.away_label

    @admin.display(description="Aggregate")
    def aggregate(self, tie):
        if tie.pk is None or tie.outcome.aggregate is None:
            return "–"
        score = tie.outcome.aggregate
        return f"{tie.home_label} {score.home}–{score.away} {tie.away_label}"

    @admin.display(description="Winner")
    def winner(self, tie):
        return (tie.winner if tie.pk else None) or "Not decided"

    @admin.display(description="Decided by")
    def decided_by(self, tie):
        if tie.pk is None or tie.outcome.decided_by is None:
            return "–"
        return tie.outcome.decided_by.replace("_", " ")

    @admin.display(description="Result")
    def result(self, tie):
        return (tie.summary if tie.pk else "") or "Not played yet"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for next_tie in results.advance(form.instance):
            team = next_tie.home if next_tie.home_from_id == form.instance.pk else next_tie.away
            if team:
                self.message_user(request, f"{team} go through to {next_tie.code}.", messages.INFO)
            else:
                self.message_user(
                    request, f"{form.instance.code} is undecided again: {next_tie.code} waits for its winner.",
                    messages.WARNING,
                )
