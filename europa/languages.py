"""Which language a page speaks, and the same page in the others.

A fan's pages are at /competitions/… in English and /it/competitions/… (de, fr, pt, es) in
the other languages. An address without a prefix speaks `?lang=` if it asks, then the
reader's Accept-Language, then English. The language is chosen before any page is answered,
kept renders included (pages.py keys them by it), and no cookie is read: one address with one
Accept-Language is always answered alike, which shared caches rely on.
"""
from dataclasses import dataclass

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import translate_url
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import trans_real

CODES = [code for code, _ in settings.LANGUAGES]


def asked(value):
    """A language code from `?lang=`, or "" for anything that is not one of ours."""
    return value if isinstance(value, str) and value in CODES else ""


def of_request(request):
    """The language of `request`: its address's prefix, `?lang=`, Accept-Language, English."""
    prefixed = translation.get_language_from_path(request.path_info)
    if prefixed:
        return prefixed
    chosen = asked(request.GET.get("lang"))
    if chosen:
        return chosen
    for code, _ in trans_real.parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


class LanguagePrefix(LocalePrefixPattern):
    """The prefix of the fans' addresses (urls.py): /it/… is Italian, and an address without
    one is in the language the request chose (of_request), not only in English as Django's
    own prefix_default_language=False would have it. Addresses are written (reversed) with
    the active language's prefix, none for English."""

    def __init__(self):
        super().__init__(prefix_default_language=False)

    def match(self, path):
        prefix = self.language_prefix
        if prefix and path.startswith(prefix):
            return path.removeprefix(prefix), (), {}
        if translation.get_language_from_path("/" + path) is None:
            return path, (), {}
        return None


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware with our order of choice (of_request): `?lang=` counts, and
    the language cookie does not. A page or calendar whose language the reader's
    Accept-Language chose says so in `Vary`; everything says its `Content-Language`."""

    def process_request(self, request):
        translation.activate(of_request(request))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        by_header = not (translation.get_language_from_path(request.path_info) or asked(request.GET.get("lang")))
        worded = response.get("Content-Type", "").startswith(("text/html", "text/calendar"))
        if by_header and worded:
            patch_vary_headers(response, ["Accept-Language"])
        if worded:
            response.headers.setdefault("Content-Language", translation.get_language())
        # The thread serves other requests, and runs other code, next: none of it should
        # speak this reader's language by chance.
        translation.deactivate()
        return response


@dataclass(frozen=True)
class Version:
    """The page in one language: for the switcher and the hreflang links."""
    code: str
    name: str
    url: str
    current: bool


def of_page(request, query=""):
    """The page in every language, `query` kept (the ?team= and embed options the page
    shows, never the request's own query: a kept render serves other requests too). Each
    language's address is its prefixed one; English's is the address without a prefix saying
    ?lang=en, since without it that address speaks the reader's language (`x_default`)."""
    def address(path, *more):
        both = "&".join(part for part in (query, *more) if part)
        return request.build_absolute_uri(path + (f"?{both}" if both else ""))

    versions = [
        Version(code, translation.get_language_info(code)["name_local"],
                address(translate_url(request.path, code), "lang=en" if code == settings.LANGUAGE_CODE else ""),
                code == translation.get_language())
        for code in CODES
    ]
    return {"languages": versions, "x_default": address(translate_url(request.path, settings.LANGUAGE_CODE))}


def in_every_language(request):
    """Context processor: the page in every language, without a query; views that show a
    query (a team's road, embed options) give their own (views._live_page)."""
    return {"in_every_language": SimpleLazyObject(lambda: of_page(request))}
