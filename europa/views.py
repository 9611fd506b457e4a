"""Fans' pages: thin views that read the request, ask the models and render.

An open page polls its own address with the version it holds (?v=17) and the HX-Request
header. pages.kept answers "nothing new" (204) without the database or a template, serves
a page again from its last render while nothing changed, and from the cache when the
database cannot be reached."""
import functools
import json
import logging

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HTMX_STOP_POLLING

from europa import caching, embeds, fixtures, headers, history, languages, live, pages
from europa.bracket import Bracket, brackets
from europa.bracket_json import bracket_data
from europa.embeds import Embed, Options
from europa.models import Competition

logger = logging.getLogger(__name__)


def _live_page(request, template_name, fragment, bracket, options, **context):
    """The full page, or for a poll the fragment alone; 286 stops polling once all is decided."""
    polling = not bracket.all_decided()
    context.update(
        competition=bracket.competition, bracket=bracket, polling=polling,
        poll_trigger=live.poll_trigger(bracket.rounds),
        # The page in the other languages shows what this one shows, and nothing else.
        in_every_language=languages.of_page(request, options.query(lang=False)),
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
    return pages.shared_briefly(TemplateResponse(request, "europa/competitions.html", {"brackets": shown}))


def _asked_language(request):
    return languages.asked(request.GET.get("lang"))


def _team_and_language(request):
    return request.GET.get("team", ""), _asked_language(request)


@require_safe
@pages.kept(variant=_team_and_language)
@vary_on_headers("HX-Request")
def bracket(request, slug):
    bracket = _bracket(slug)
    wanted = request.GET.get("team")
    path = bracket.team(wanted)
    options = Options(team=path.slug if path else "", lang=_asked_language(request))
    response = _bracket_page(request, bracket, options, embedded=False)
    response.keep = path is not None or not wanted
    return response


@require_safe
@headers.embeddable
@pages.kept(variant=Options.of_request)
@vary_on_headers("HX-Request")
def bracket_embed(request, slug):
    bracket = _bracket(slug)
    asked = Options.of_request(request)
    options = asked.within(bracket)
    response = _bracket_page(request, bracket, options, embedded=True)
    response.keep = options == asked  # only what the bracket has: the cache cannot be filled
    return response


def _bracket_page(request, bracket, options, embedded):
    embed = Embed.of(request, bracket, options=options)
    here = reverse("bracket-embed" if embedded else "bracket", args=[bracket.competition.slug])
    return _live_page(
        request, "europa/bracket.html", "bracket", bracket, options, embed=embed, embedded=embedded, here=here,
        path=bracket.team(options.team), options_query=options.query(team=False),
    )


@require_safe
@pages.kept(variant=_asked_language)
@vary_on_headers("HX-Request")
def tie(request, slug, code):
    return _tie_page(request, slug, code, Options(lang=_asked_language(request)), embedded=False)


@require_safe
@headers.embeddable
@pages.kept(variant=Options.of_request)
@vary_on_headers("HX-Request")
def tie_embed(request, slug, code):
    # A tie shows no road and pages through no rounds: only the theme and compact count.
    asked = Options.of_request(request)
    options = Options(theme=asked.theme, compact=asked.compact, lang=asked.lang)
    response = _tie_page(request, slug, code, options, embedded=True)
    response.keep = not (asked.round or asked.team)
    return response


def _tie_page(request, slug, code, options, embedded):
    bracket = _bracket(slug)
    shown = bracket.tie(code)
    if shown is None:
        raise Http404(f"No tie {code} in {bracket.competition}.")
    return _live_page(
        request, "europa/tie.html", "tie", bracket, options, embed=Embed.of(request, bracket, shown, options),
        embedded=embedded, here=request.path, options_query=options.query(),
        tie=shown, feeders=bracket.feeders(shown), next_ties=bracket.next_ties(shown),
        corrections=history.corrections(shown),
    )


def _bracket(slug):
    return Bracket(get_object_or_404(Competition, slug=slug))


@require_safe
@headers.readable_anywhere
@pages.kept()
def bracket_json(request, slug):
    bracket = _bracket(slug)
    return JsonResponse(bracket_data(bracket), json_dumps_params={"ensure_ascii": False})


@require_safe
@headers.readable_anywhere
@pages.kept()
def fixtures_ics(request, slug):
    bracket = _bracket(slug)
    feed = fixtures.calendar(bracket.competition, bracket.rounds, request.build_absolute_uri)
    response = HttpResponse(feed, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{bracket.competition.slug}.ics"'
    return response


@require_safe
@headers.readable_anywhere
def oembed(request):
    """oEmbed (https://oembed.com) for our bracket and tie addresses, in JSON only."""
    if request.GET.get("format", "json") != "json":
        return _plain(501, "Only format=json is offered.")
    try:
        return JsonResponse(embeds.oembed(request), json_dumps_params={"ensure_ascii": False})
    except embeds.Malformed as error:
        return _plain(400, str(error))
    except Http404 as error:  # an address that is not one of our brackets or ties
        return _plain(404, str(error))


def _plain(status, message):
    return HttpResponse(message + "\n", status=status, content_type="text/plain; charset=utf-8")


EMBED_SCRIPT = settings.BASE_DIR / "static" / "js" / "embed.js"
EMBED_SCRIPT_SECONDS = 300


@require_safe
@headers.readable_anywhere
def embed_script(request):
    """embed.js at a fixed address that embedding sites paste once, so it is kept only
    for a short while: a fix reaches every site within EMBED_SCRIPT_SECONDS."""
    response = HttpResponse(_embed_script(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = f"public, max-age={EMBED_SCRIPT_SECONDS}"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@functools.cache
def _embed_script():
    return EMBED_SCRIPT.read_bytes()


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
