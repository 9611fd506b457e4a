"""The last render of each public page, kept in the cache with the competition version it
shows. One mechanism for two jobs:

- speed: while the version is unchanged, a page is not rendered again (within a window of
  REUSE_SECONDS, since the poll interval also depends on the clock), and a new version is
  rendered once, not by every fan's poll at the same moment;
- outages: while the database cannot be reached, fans get the last render, marked
  "Scores may be out of date", and a poll gets 204 or that render's fragment. A page never
  rendered before answers 503 with Retry-After. Never a bare 500.

What a page shows depends on the competition, the page (and its tie), its variant (the
`?team=` it highlights, an embed's options) and whether it is a poll's fragment; nothing else: no user, cookie, token or
nonce goes into a public page, so one render serves everyone.
"""
import hashlib
import logging
import re
import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django_htmx.http import HttpResponseClientRefresh

from europa import caching, live
from europa.inputs import whole_number

logger = logging.getLogger(__name__)

# What a database that is down, hung (a timeout) or locked raises. Not IntegrityError and the
# like: a refused row is a bug or a race to report, not an outage.
UNREACHABLE = (OperationalError, InterfaceError)

# Where a page says that what it shows may be old: in the live region, so that a poll's
# fragment carries it too (templates/europa/bracket.html and tie.html).
STALE_MARK = "<!--europa:stale-notice-->"
STALE_NOTICE = (
    '<p class="notice notice--stale" role="status"><strong>Scores may be out of date.</strong> '
    "They cannot be updated just now; this page will catch up by itself.</p>"
)
# An out-of-date page polls with ?v=stale, which never matches a version: the first poll
# that reaches the database again gets the fresh page, without the notice.
POLL_VERSION = re.compile(r'(hx-get="[^"]*\?v=)\d+')
# Long enough for the cache to hold the last render through an outage.
KEPT_FOR = 7 * 24 * 3600
REUSE_SECONDS = 30
# How long other requests wait for a render that one of them claimed, at most.
CLAIM_SECONDS = 5
COPIED_HEADERS = ("Content-Type", "Content-Disposition", "Vary")


@dataclass(frozen=True)
class Kept:
    version: int
    rendered_at: float
    status: int
    content: bytes
    headers: dict

    def response(self, stale=False):
        content = self.content
        if stale:
            content = content.decode().replace(STALE_MARK, STALE_NOTICE, 1)
            content = POLL_VERSION.sub(r"\g<1>stale", content).encode()
        response = HttpResponse(content, status=self.status)
        for name, value in self.headers.items():
            response[name] = value
        if stale:
            response["Cache-Control"] = "no-store"
        return response


def _key(request, view_name, slug, parts, variant, fragment):
    # The host too: the calendar's and the embed snippets' links are absolute.
    shown = (request.get_host(), view_name, slug, *parts, variant, fragment)
    return "europa:page:" + hashlib.sha256(repr(shown).encode()).hexdigest()[:40]


def kept(variant=None):
    """Serve `view(request, slug, …)` from its kept render while the competition's version
    is unchanged, keep each fresh render, and fall back on the kept one when the database
    cannot be reached. A poll (HX-Request) that holds the current version gets 204.

    `variant(request)` names what else the render depends on (the `?team=` it highlights,
    an embed's options), and each has its own render. Query parameters it does not name stay
    out of the key, so that odd ones cannot fill the cache; the view marks a render not
    worth keeping with `response.keep = False` (an unknown team: anyone could fill the
    cache with those)."""

    def decorate(view):
        @wraps(view)
        def serve(request, slug, **parts):
            def key_of(fragment):
                shown = variant(request) if variant else None
                return _key(request, view.__name__, slug, sorted(parts.items()), shown, fragment)

            key = key_of(bool(request.htmx))
            if database_resting():
                return _out_of_date(request, caching.get(key), key_of(False))
            try:
                current = live.version(slug)
                if current is None:
                    raise Http404("No such competition.")
                if request.htmx and whole_number(request.GET.get("v")) == current:
                    return HttpResponse(status=204)
                held = caching.get(key)
                if held and not _render_now(key, held, current):
                    if request.htmx and whole_number(request.GET.get("v")) == held.version:
                        return HttpResponse(status=204)
                    return held.response()
                response = view(request, slug, **parts)
            except UNREACHABLE as error:
                database_failed(error)
                return _out_of_date(request, caching.get(key), key_of(False))
            if response.status_code in (200, 286) and getattr(response, "keep", True):
                headers = {name: response[name] for name in COPIED_HEADERS if name in response}
                kept = Kept(current, time.time(), response.status_code, response.content, headers)
                caching.put(key, kept, KEPT_FOR)
            return response

        return serve

    return decorate


def _render_now(key, held, current):
    """Whether this request renders the page afresh, rather than serve what is kept: when
    the kept render is of another version, or old. When a new version has just come out,
    the first request renders it and the rest (everyone polls at once) get the kept one,
    one version behind, until it is ready: at most one render per version and window."""
    window = int(time.time() // REUSE_SECONDS)
    if held.version == current and int(held.rendered_at // REUSE_SECONDS) == window:
        return False
    return caching.claim(f"{key}:rendering:{current}:{window}", CLAIM_SECONDS)


def _out_of_date(request, held, page_key):
    if request.htmx:
        polled = whole_number(request.GET.get("v"))
        if held is None and polled is not None:
            # No fragment kept, but perhaps the whole page, newer than the one open: reload
            # it, to show that with the notice (never a loop: it polls with ?v=stale).
            page = caching.get(page_key)
            if page is not None and page.version != polled:
                return HttpResponseClientRefresh()
        if held is None or polled == held.version:
            return HttpResponse(status=204)  # an open page keeps what it shows, and asks again
    if held is None:
        return unavailable(request)
    return held.response(stale=True)


def unavailable(request):
    """503 with Retry-After, on the site's own page: nothing kept to show instead."""
    response = HttpResponse(render_to_string("503.html", request=request), status=503)
    response["Retry-After"] = str(settings.EUROPA_RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response._has_been_logged = True  # database_failed has said it, once rather than per request
    return response


class DatabaseOutageMiddleware:
    """Any other page (the competitions list, the admin) answers a database outage with
    the 503 page rather than an error page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, UNREACHABLE):
            database_failed(exception)
            return unavailable(request)
        return None


# After the database fails, this process serves fans from the cache without asking it
# again for EUROPA_DB_RETRY_SECONDS: a hung server then costs one timeout now and then, not
# one per request, and fans see the notice even on pages the cache could otherwise answer
# alone (nobody can enter a score meanwhile). Then it tries again, and so recovers.
_resting_until = 0.0


def database_resting():
    return time.monotonic() < _resting_until


def database_failed(error):
    global _resting_until
    if not database_resting():
        logger.warning("The database cannot be reached (%s: %s); fans get what the cache kept for %s s.",
                       type(error).__name__, str(error).strip(), settings.EUROPA_DB_RETRY_SECONDS)
    _resting_until = time.monotonic() + settings.EUROPA_DB_RETRY_SECONDS


def forget_failures():
    """Ask the database again from the next request (for tests that break it on purpose)."""
    global _resting_until
    _resting_until = 0.0
