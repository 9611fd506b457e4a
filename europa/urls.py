"""Addresses of the site: fans' pages, their embeds, the machine-readable bracket and the admin."""
from django.conf import settings
from django.contrib import admin
from django.urls import URLResolver, path
from django.utils.translation import gettext_lazy

from europa import languages, views

admin.site.site_header = gettext_lazy("Europa editors")
admin.site.site_title = gettext_lazy("Europa editors")
admin.site.index_title = gettext_lazy("Competitions, ties and results")
# The legs of a tie are entered in one wide row each: give them the whole width.
admin.site.enable_nav_sidebar = False

# What fans read, in English without a prefix and in the other languages under theirs
# (/it/competitions/…): europa/languages.py.
urlpatterns = [URLResolver(languages.LanguagePrefix(), [
    path("", views.home, name="home"),
    path("competitions/", views.competitions, name="competitions"),
    path("competitions/<slug:slug>/", views.bracket, name="bracket"),
    path("competitions/<slug:slug>/embed/", views.bracket_embed, name="bracket-embed"),
    path("competitions/<slug:slug>/fixtures.ics", views.fixtures_ics, name="fixtures-ics"),
    path("competitions/<slug:slug>/ties/<str:code>/", views.tie, name="tie"),
    path("competitions/<slug:slug>/ties/<str:code>/embed/", views.tie_embed, name="tie-embed"),
])]
# Data for machines, in no language, and the editors' admin (in the language their
# browser asks for).
urlpatterns += [
    path("competitions/<slug:slug>/bracket.json", views.bracket_json, name="bracket-json"),
    path("embed.js", views.embed_script, name="embed-js"),
    path("oembed", views.oembed, name="oembed"),
    path("healthz", views.healthz, name="healthz"),
    path(settings.ADMIN_PATH, admin.site.urls),
]
