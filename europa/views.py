"""Fans' pages: thin views that read the request, ask the models and render.

An open page polls its own address with the version it holds (?v=17) and the HX-Request
header. pages.kept answers "nothing new" (204) without the database or a template, serves
a page again from its last render while nothing changed, and from the cache when the
database cannot be reached."""
import json
import logging

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HTMX_STOP_POLLING

from europa import caching, fixtures, history, live, pages
from europa.bracket import Bracket, brackets
from europa.bracket_json import bracket_data
from europa.models import Competition

logger = logging.getLogger(__name__)


def _live_page(request, template_name, fragment, bracket, **context):
    """The full page, or for a poll the fragment alone; 286 stops polling once all is decided."""
    polling = not bracket.all_decided()
    context.update(
        competition=bracket.competition, bracket=bracket, polling=polling,
        poll_trigger=live.poll_trigger(bracket.rounds),
    )
    if request.htmx:
        template_name += f"#{fragment}"
    status = HTMX_STOP_POLLING if request.htmx and not polling else 200
    # Kick-off times are written in the competition's zone (a script shows them in the
    # reader's); render now, while that zone is the current one.
    with timezone.override(bracket.competition.time_zone):
        return TemplateResponse(request, template_name, context, status=status).render()


HOME_KEY = "europa:home"


@require_safe
@vary_on_headers("HX-Request")
def home(request):
    """The current competition's bracket; while the database is unreachable, the one it
    showed last."""
    wanted = settings.EUROPA_CURRENT_COMPETITION
    try:
        competition = Competition.objects.current(wanted)
    except pages.UNREACHABLE:
        shown = caching.get(HOME_KEY)
        return bracket(request, shown) if shown else pages.unavailable(request)
    if wanted and getattr(competition, "slug", None) != wanted:
        # A typo in the setting should not take the front page down: say so in the log.
        logger.warning("EUROPA_CURRENT_COMPETITION=%r is no competition; showing %s.", wanted, competition)
    if competition is None:
        return TemplateResponse(request, "europa/empty.html", status=404)
    caching.put(HOME_KEY, competition.slug, pages.KEPT_FOR)
    return bracket(request, competition.slug)


@require_safe
def competitions(request):
    shown = brackets(Competition.objects.all())
    return TemplateResponse(request, "europa/competitions.html", {"brackets": shown})


@require_safe
@vary_on_headers("HX-Request")
@pages.kept(by_team=True)
def bracket(request, slug):
    bracket = Bracket(get_object_or_404(Competition, slug=slug))
    wanted = request.GET.get("team")
    path = bracket.team(wanted)
    response = _live_page(request, "europa/bracket.html", "bracket", bracket, path=path)
    response.keep = path is not None or not wanted
    return response


@require_safe
@vary_on_headers("HX-Request")
@pages.kept()
def tie(request, slug, code):
    bracket = Bracket(get_object_or_404(Competition, slug=slug))
    shown = bracket.tie(code)
    if shown is None:
        raise Http404(f"No tie {code} in {bracket.competition}.")
    return _live_page(
        request, "europa/tie.html", "tie", bracket,
        tie=shown, feeders=bracket.feeders(shown), next_ties=bracket.next_ties(shown),
        corrections=history.corrections(shown),
    )


@require_safe
@pages.kept()
def bracket_json(request, slug):
    bracket = Bracket(get_object_or_404(Competition, slug=slug))
    return JsonResponse(bracket_data(bracket), json_dumps_params={"ensure_ascii": False})


@require_safe
@pages.kept()
def fixtures_ics(request, slug):
    bracket = Bracket(get_object_or_404(Competition, slug=slug))
    feed = fixtures.calendar(bracket.competition, bracket.rounds, request.build_absolute_uri)
    response = HttpResponse(feed, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{bracket.competition.slug}.ics"'
    return response


@require_safe
@never_cache
def healthz(request):
    """For uptime monitors and load balancers: can the site reach its database and cache?
    Checked afresh every time, never cached, and not logged (a monitor asks every few
    seconds, and an outage is logged where it hurts)."""
    state = {
        "database": "ok" if _database_answers() else "down",
        "cache": "ok" if caching.check() else "down",
    }
    healthy = set(state.values()) == {"ok"}
    response = HttpResponse(json.dumps(state), content_type="application/json", status=200 if healthy else 503)
    response._has_been_logged = True  # Django logs every 5xx; this one is the answer, not an error
    return response


def _database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except pages.UNREACHABLE as error:
        # A monitor asking every few seconds is often the first to notice: from now on
        # this process marks its pages out of date without waiting to fail itself.
        pages.database_failed(error)
        return False
