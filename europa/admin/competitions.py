"""The editors' tool for what a competition is made of: teams, competitions and their rounds."""
from django import forms
from django.contrib import admin
from django.utils.translation import ngettext

from europa.admin.competition_files import CompetitionFilesMixin
from europa.models import Competition, Round, Team


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "country"]
    search_fields = ["name", "short_name", "country"]
    # No prepopulated slug: the admin's JavaScript spells names its own way, and a team's
    # slug is made by Team.save(), as for a competition file, when left empty.

    def get_readonly_fields(self, request, obj=None):
        # Links with ?team=<slug> are shared: once made, a slug stays.
        return ["slug"] if obj is not None else []


class RoundFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        # The Delete box is saved with the page and asks nothing: a round's ties and their
        # results would go with it unseen. Only an empty round goes this way; ties are deleted
        # from the ties list, whose "Delete selected" shows everything that goes and asks first.
        with_ties = [
            form.instance.name for form in self.forms
            if form.instance.pk and self._should_delete_form(form) and form.instance.ties.exists()
        ]
        if with_ties:
            raise forms.ValidationError(ngettext(
                "%(rounds)s still has ties: delete them first from the ties list, which shows "
                "what goes with them and asks to confirm. Nothing was saved.",
                "%(rounds)s still have ties: delete them first from the ties list, which shows "
                "what goes with them and asks to confirm. Nothing was saved.",
                len(with_ties),
            ) % {"rounds": ", ".join(with_ties)})


class RoundInline(admin.TabularInline):
    model = Round
    formset = RoundFormSet
    extra = 0
    fields = ["order", "code", "name", "names", "legs", "first_leg_date", "second_leg_date"]


@admin.register(Competition)
class CompetitionAdmin(CompetitionFilesMixin, admin.ModelAdmin):
    list_display = ["name", "season", "slug"]
    search_fields = ["name", "season"]
    prepopulated_fields = {"slug": ["name", "season"]}
    inlines = [RoundInline]
