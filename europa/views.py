"""Fans' pages: thin views that read the request, ask the models and render.

An open page polls its own address with the version it holds (?v=17) and the HX-Request
header; live.py answers "nothing new" (204) without the database or a template."""
import logging

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HTMX_STOP_POLLING

from europa import fixtures, history, live
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


def _bracket_page(request, competition):
    bracket = Bracket(competition)
    path = bracket.team(request.GET.get("team"))
    return _live_page(request, "europa/bracket.html", "bracket", bracket, path=path)


@require_safe
@vary_on_headers("HX-Request")
def home(request):
    wanted = settings.EUROPA_CURRENT_COMPETITION
    competition = Competition.objects.current(wanted)
    if wanted and getattr(competition, "slug", None) != wanted:
        # A typo in the setting should not take the front page down: say so in the log.
        logger.warning("EUROPA_CURRENT_COMPETITION=%r is no competition; showing %s.", wanted, competition)
    if competition is None:
        return TemplateResponse(request, "europa/empty.html", status=404)
    return _bracket_page(request, competition)


@require_safe
def competitions(request):
    shown = brackets(Competition.objects.all())
    return TemplateResponse(request, "europa/competitions.html", {"brackets": shown})


@require_safe
@vary_on_headers("HX-Request")
def bracket(request, slug):
    if request.htmx and live.unchanged(slug, request.GET.get("v")):
        return HttpResponse(status=204)
    return _bracket_page(request, get_object_or_404(Competition, slug=slug))


@require_safe
@vary_on_headers("HX-Request")
def tie(request, slug, code):
    if request.htmx and live.unchanged(slug, request.GET.get("v")):
        return HttpResponse(status=204)
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
def bracket_json(request, slug):
    bracket = Bracket(get_object_or_404(Competition, slug=slug))
    return JsonResponse(bracket_data(bracket), json_dumps_params={"ensure_ascii": False})


@require_safe
def fixtures_ics(request, slug):
    bracket = Bracket(get_object_or_404(Competition, slug=slug))
    feed = fixtures.calendar(bracket.competition, bracket.rounds, request.build_absolute_uri)
    response = HttpResponse(feed, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{bracket.competition.slug}.ics"'
    return response
