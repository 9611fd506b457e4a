"""The editors' tool for what a competition is made of: teams, competitions and their rounds."""
from django.contrib import admin

from europa.admin.competition_files import CompetitionFilesMixin
from europa.models import Competition, Round, Team


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "country"]
    search_fields = ["name", "short_name", "country"]
    prepopulated_fields = {"slug": ["name"]}


class RoundInline(admin.TabularInline):
    model = Round
    extra = 0
    fields = ["order", "code", "name", "legs", "first_leg_date", "second_leg_date"]


@admin.register(Competition)
class CompetitionAdmin(CompetitionFilesMixin, admin.ModelAdmin):
    list_display = ["name", "season", "slug"]
    search_fields = ["name", "season"]
    prepopulated_fields = {"slug": ["name", "season"]}
    inlines = [RoundInline]
