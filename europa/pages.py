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
import gzip
import hashlib
import logging
import re
import time
from dataclasses import dataclass
from functools import wraps

import brotli
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.cache import patch_vary_headers
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


def stale_notice():
    """The notice, in the language of the request it is served to (the render's: kept
    renders are kept per language)."""
    return format_html(
        '<p class="notice notice--stale" role="status"><strong>{}</strong> {}</p>',
        gettext("Scores may be out of date."),
        gettext("They cannot be updated just now; this page will catch up by itself."),
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
# Bodies are kept compressed too, so that a request costs no compression: brotli where the
# browser takes it, else gzip. Smaller bodies are not worth it.
ENCODINGS = {
    "br": lambda content: brotli.compress(content, quality=5),
    "gzip": lambda content: gzip.compress(content, 6, mtime=0),
}
ACCEPTS = {name: re.compile(rf"\b{name}\b") for name in ENCODINGS}
COMPRESS_FROM = 200
KEPT_FORMAT = 2


@dataclass(frozen=True)
class Kept:
    """A render as it is kept: its version, when it was made, its bodies by encoding ("" for
    none), its headers, and its tag (the version and a digest, for ETags)."""

    version: int
    rendered_at: float
    status: int
    bodies: dict
    headers: dict
    tag: str

    @classmethod
    def of(cls, version, response):
        content = response.content
        bodies = {"": content}
        if len(content) >= COMPRESS_FROM:
            bodies.update((name, compress(content)) for name, compress in ENCODINGS.items())
        headers = {name: response[name] for name in COPIED_HEADERS if name in response}
        tag = f"{version}-{hashlib.sha256(content).hexdigest()[:12]}"
        return cls(version, time.time(), response.status_code, bodies, headers, tag)

    def response(self, request, stale=False):
        content, encoding = self.bodies[""], ""
        if stale:
            content = content.decode().replace(STALE_MARK, stale_notice(), 1)
            content = POLL_VERSION.sub(r"\g<1>stale", content).encode()
        else:
            accepted = request.headers.get("Accept-Encoding", "")
            encoding = next((name for name in ENCODINGS if name in self.bodies and ACCEPTS[name].search(accepted)), "")
        response = HttpResponse(self.bodies[encoding] if encoding else content, status=self.status)
        for name, value in self.headers.items():
            response[name] = value
        if len(self.bodies) > 1:
            patch_vary_headers(response, ["Accept-Encoding"])
        if encoding:
            response["Content-Encoding"] = encoding
        response["Content-Length"] = str(len(response.content))
        if stale:
            response["Cache-Control"] = "no-store"
        else:
            # One tag per body: the encoded bodies differ.
            response["ETag"] = f'"{self.tag}-{encoding}"' if encoding else f'"{self.tag}"'
            shared_briefly(response, polled=polling(request))
        return response


def shared_briefly(response, polled=False):
    """A public answer that a shared cache in front (nginx, a CDN) may give for
    EUROPA_SHARED_CACHE_SECONDS without asking us; a browser asks every time, with the ETag.

    A page may be given for EUROPA_SHARED_STALE_SECONDS more while the cache asks again
    (a fan who opens it gets the news with the first poll), a poll's answer not: a "nothing
    new" that a cache keeps for ?v=17 holds a fan at 17 for at most EUROPA_SHARED_CACHE_SECONDS
    after a save, on top of the poll interval."""
    response["Cache-Control"] = f"public, max-age=0, s-maxage={settings.EUROPA_SHARED_CACHE_SECONDS}" + (
        "" if polled else f", stale-while-revalidate={settings.EUROPA_SHARED_STALE_SECONDS}"
    )
    return response


def polling(request):
    """Whether this is an open page's poll (htmx), which is answered with the fragment."""
    return request.headers.get("HX-Request") == "true"


def nothing_new():
    response = shared_briefly(HttpResponse(status=204), polled=True)
    patch_vary_headers(response, ["HX-Request"])  # the same address without it is the page
    # No document, so nothing for a Content-Security-Policy to govern; django-csp would
    # build one for every poll.
    response._csp_exempt = True
    return response


def _key(request, view_name, slug, parts, variant, fragment):
    # The host too: the calendar's and the embed snippets' links are absolute; and the
    # language the request chose (europa/languages.py), before this was called.
    shown = (request.get_host(), translation.get_language(), view_name, slug, *parts, variant, fragment)
    # KEPT_FORMAT names the shape of Kept: renders a release kept in another shape are
    # left to expire, never read as this one.
    return f"europa:page{KEPT_FORMAT}:" + hashlib.sha256(repr(shown).encode()).hexdigest()[:40]


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
        def key_of(request, slug, parts, fragment):
            shown = variant(request) if variant else None
            return _key(request, view.__name__, slug, sorted(parts.items()), shown, fragment)

        @wraps(view)
        def serve(request, slug, **parts):
            key = key_of(request, slug, parts, polling(request))
            if database_resting():
                return _out_of_date(request, caching.get(key), key_of(request, slug, parts, False))
            try:
                current = live.version(slug)
                if current is None:
                    raise Http404("No such competition.")
                held = caching.get(key)
                answer = _answer_kept(request, current, held)
                if answer is None and held and not _render_now(key, held, current):
                    answer = _answer_kept(request, held.version, held, window=False)  # one version behind
                if answer is not None:
                    return answer
                response = view(request, slug, **parts)
            except UNREACHABLE as error:
                database_failed(error)
                return _out_of_date(request, caching.get(key), key_of(request, slug, parts, False))
            if response.status_code not in (200, 286) or not getattr(response, "keep", True):
                return response
            held = Kept.of(current, response)
            caching.put(key, held, KEPT_FOR)
            return held.response(request)

        def early(request, slug, **parts):
            """The answer from the cache alone (KeptPagesMiddleware), or None when this
            request needs the database or a render. The version comes from a shared cache,
            as this process saw it at most EUROPA_VERSION_MEMO_SECONDS ago, and the kept
            render from this process's memory while it is of that version."""
            if database_resting() or not live.cache_is_shared() or len(slug) > live.SLUG_LENGTH:
                return None
            current = live.recent_version(slug)
            if current is None:
                return None
            if polling(request) and whole_number(request.GET.get("v")) == current:
                return nothing_new()  # most polls: the number alone answers them
            key = key_of(request, slug, parts, polling(request))
            answer = _answer_kept(request, current, _at_hand.get(key))
            if answer is None:  # none at hand, or of another version or window
                held = caching.get(key)
                if held is not None:
                    _keep_at_hand(key, held)
                answer = _answer_kept(request, current, held)
            return answer

        serve.early = early
        return serve

    return decorate


# Kept renders this process served lately, so that a warm page costs no cache call: each is
# checked against the current version before it is served, and they are few (one per page
# variant fans open), so a full memo is simply emptied.
_at_hand = {}
AT_HAND = 512


def forget_at_hand():
    _at_hand.clear()


def _keep_at_hand(key, held):
    if len(_at_hand) >= AT_HAND:
        _at_hand.clear()
    _at_hand[key] = held


def _answer_kept(request, current, held, window=True):
    """204 for a poll that holds version `current`, or the `held` render if it is of that
    version (and, with `window`, of this REUSE_SECONDS window); else None."""
    if polling(request) and whole_number(request.GET.get("v")) == current:
        return nothing_new()
    fresh = int(time.time() // REUSE_SECONDS) == int(held.rendered_at // REUSE_SECONDS) if held else False
    if held is not None and held.version == current and (fresh or not window):
        return held.response(request)
    return None


class KeptPagesMiddleware:
    """Answers polls and kept renders of public pages before the rest of the middleware
    (sessions, CSRF, users: nothing a public page uses), from the cache alone. On a big
    night most requests end here; the rest go on to the view, through `kept`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            try:
                match = resolve(request.path_info)
            except Resolver404:
                match = None
            early = getattr(match.func, "early", None) if match else None
            answer = early(request, **match.kwargs) if early else None
            if answer is not None:
                return answer
        return self.get_response(request)


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
    if polling(request):
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
    return held.response(request, stale=True)


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
