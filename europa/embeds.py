"""The bracket or one tie inside another site's page: the options an embedding site
chooses, the snippets we hand out, and the oEmbed answer.

Options come from a query string (`?theme=dark&round=SF&team=roma&compact=1`), which
embed.js writes from its data- attributes. They are read leniently: a value we do not know
is the default, never an error, since a typo in a news site's page must not break it.
"""
import re
from dataclasses import dataclass, replace
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import Http404, QueryDict
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import pgettext, pgettext_lazy

from europa import languages
from europa.bracket import Bracket
from europa.inputs import whole_number
from europa.models import Competition

# The themes, as the Embed disclosure names them; "auto" follows the reader's device.
THEMES = {
    "auto": pgettext_lazy("theme", "As the reader's device"),
    "light": pgettext_lazy("theme", "Light"),
    "dark": pgettext_lazy("theme", "Dark"),
}
# Round codes and team slugs as the models allow them; anything else is not even looked up.
CODE = re.compile(r"[A-Za-z0-9_-]{1,10}")
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")

# The pages that can be embedded, by the name of their address (europa/urls.py).
BRACKET_PAGES = {"bracket", "bracket-embed"}
TIE_PAGES = {"tie", "tie-embed"}

# What oEmbed answers when the consumer sets no maximum: the 2023/24 draw's columns need
# about 1,000 px (narrower, it pages through the rounds).
DEFAULT_WIDTH = 1000
# Widths that show each kind of layout (europa.css): columns, two rounds paged, one round.
LAYOUT_WIDTHS = (1000, 600, 390)
# The layouts' sizes in rem, as europa.css has them: a round's column and the gap between
# columns, and the gap between the facing halves' columns; the embed's side padding.
COLUMN, GAP, FACING_GAP, EMBED_PADDING = 15, 2.5, 1.75, 1.5
# How long a consumer may keep an oEmbed answer: the snippet never changes, what it shows
# is live.
CACHE_AGE = 24 * 3600


@dataclass(frozen=True)
class Options:
    theme: str = "auto"
    round: str = ""
    team: str = ""
    compact: bool = False
    lang: str = ""  # one of ours, or "" for the reader's (europa/languages.py)

    @classmethod
    def asked(cls, query):
        """The options a query string asks for, each one we cannot read left at its default."""

        def matching(pattern, value):
            return value if isinstance(value, str) and pattern.fullmatch(value) else ""

        theme = query.get("theme")
        return cls(
            theme=theme if theme in THEMES else "auto",
            round=matching(CODE, query.get("round")),
            team=matching(SLUG, query.get("team")),
            compact=query.get("compact") == "1",
            lang=languages.asked(query.get("lang")),
        )

    @classmethod
    def of_request(cls, request):
        return cls.asked(request.GET)

    def within(self, bracket):
        """These options with a round or team that is not in `bracket` left at its default."""
        return replace(
            self,
            round=self.round if any(r.code == self.round for r in bracket.rounds) else "",
            team=self.team if bracket.team(self.team) else "",
        )

    def query(self, team=True, lang=True):
        """As a query string, defaults left out (and the team or language too, with
        team=False or lang=False)."""
        pairs = [
            ("theme", self.theme if self.theme != "auto" else ""),
            ("round", self.round),
            ("team", self.team if team else ""),
            ("compact", "1" if self.compact else ""),
            ("lang", self.lang if lang else ""),
        ]
        return urlencode([(name, value) for name, value in pairs if value])


@dataclass(frozen=True)
class Embed:
    """One embeddable page, the bracket (tie=None) or one tie, and the addresses and
    snippets that show it elsewhere."""

    origin: str  # scheme and host of this site, as the request reached it
    bracket: Bracket
    tie: object = None
    options: Options = Options()

    @classmethod
    def of(cls, request, bracket, tie=None, options=Options()):
        return cls(f"{request.scheme}://{request.get_host()}", bracket, tie, options)

    themes = THEMES

    @property
    def competition(self):
        return self.bracket.competition

    @property
    def title(self):
        competition = f"{self.competition.name} {self.competition.season}"
        if self.tie is None:
            # Translators: an embedded bracket's title, "Europa League 2023-24: knockout bracket".
            return pgettext("embed title", "%(competition)s: knockout bracket") % {
                "competition": competition}
        return f"{self.tie} · {competition}"

    @property
    def page_url(self):
        """The full page, for the embed's link back."""
        page = self.tie.get_absolute_url() if self.tie else self.competition.get_absolute_url()
        # Other languages' pages have their prefix; English's says so where the embed did.
        query = urlencode([
            *([("team", self.options.team)] if self.options.team and not self.tie else []),
            *([("lang", self.options.lang)] if self.options.lang == settings.LANGUAGE_CODE else []),
        ])
        return self.origin + page + (f"?{query}" if query else "")

    @property
    def url(self):
        if self.tie is None:
            page = reverse("bracket-embed", args=[self.competition.slug])
        else:
            page = reverse("tie-embed", args=[self.competition.slug, self.tie.code])
        query = self.options.query()
        return self.origin + page + (f"?{query}" if query else "")

    @property
    def oembed_url(self):
        """The discovery address that bracket and tie pages name in their <head>."""
        return self.origin + reverse("oembed") + "?" + urlencode({"url": self.page_url, "format": "json"})

    def script(self):
        """The snippet to paste: embed.js puts the iframe where it stands and keeps its height."""
        attributes = [("competition", self.competition.slug), ("tie", self.tie.code if self.tie else "")]
        attributes += [
            ("theme", self.options.theme if self.options.theme != "auto" else ""),
            ("round", self.options.round),
            ("team", self.options.team),
            ("compact", "1" if self.options.compact else ""),
            ("lang", self.options.lang),
        ]
        data = format_html_join("", ' data-{}="{}"', ((name, value) for name, value in attributes if value))
        return format_html('<script async src="{}/embed.js"{}></script>', self.origin, data)

    def iframe(self, width="100%", height=None):
        """The plain iframe, for sites that take no script."""
        return format_html(
            '<iframe src="{}" title="{}" width="{}" height="{}" loading="lazy" style="border:0"></iframe>',
            self.url, self.title, width, height or self.plain_height,
        )

    @property
    def plain_height(self):
        """A fixed height that fits what the embed shows at any width (without embed.js, a
        frame cannot follow its content)."""
        return max(self.height(width) for width in LAYOUT_WIDTHS)

    @property
    def compact(self):
        return replace(self, options=replace(self.options, compact=True))

    def height(self, width):
        """About how tall the embed is at `width` px, for a plain iframe (embed.js measures
        instead). Measured in Chromium: a tie card takes about 160 px (140 compact); the
        round tabs, where rounds are paged, take 65 px more, and on a phone a link to where
        winners meet per pair 70 px."""
        if self.tie is not None:
            return (380 if self.options.compact else 830) if width < 600 else (300 if self.options.compact else 660)
        rounds = len(self.bracket.rounds)
        first = len(self.bracket.rounds[0].ties.all()) if rounds else 0
        card = 137 if self.options.compact else 163
        room = width / 16 - EMBED_PADDING
        if self.bracket.halves and (2 * rounds - 1) * (COLUMN + FACING_GAP) - FACING_GAP <= room:
            return 155 + card * ((first + 1) // 2)
        columns = int((room + GAP) // (COLUMN + GAP))
        if columns >= 2:
            return (150 if columns >= rounds else 215) + card * first
        card = 128 if self.options.compact else 157
        return 160 + card * first + 70 * ((first + 1) // 2)


class Malformed(ValueError):
    """An oEmbed request we cannot read (400)."""


def oembed(request):
    """The oEmbed answer (a dict) for `?url=` with its `maxwidth` and `maxheight`.

    Raises Malformed for a request we cannot read and Http404 for an address that is not
    one of our bracket or tie pages."""
    url = request.GET.get("url", "")
    maxwidth, maxheight = (_dimension(request.GET, name) for name in ("maxwidth", "maxheight"))
    try:
        parts = urlsplit(url)
    except ValueError:  # an unclosed "[" in the host, for one
        raise Malformed(f"{url!r} is not a URL.") from None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise Malformed("url must be a whole http:// or https:// address.")
    if parts.netloc.lower() != request.get_host().lower():
        raise Http404("Not an address of this site.")
    # The answer speaks the language of the address it is asked about (/it/…, ?lang=it).
    language = (translation.get_language_from_path(parts.path) or languages.asked(QueryDict(parts.query).get("lang"))
                or translation.get_language())
    with translation.override(language):
        embed = _embed_at(request, parts)
        width = min(maxwidth or DEFAULT_WIDTH, DEFAULT_WIDTH)
        height = min(embed.height(width), maxheight or 10**6)
        return {
            "version": "1.0",
            "type": "rich",
            "provider_name": "Europa",
            "provider_url": embed.origin + "/",
            "title": str(embed.title),
            "html": str(embed.iframe(width=width, height=height)),
            "width": width,
            "height": height,
            "cache_age": CACHE_AGE,
        }


def _dimension(query, name):
    text = query.get(name)
    if text is None or text == "":
        return None
    number = whole_number(text)
    if not number:
        raise Malformed(f"{name} must be a whole number of pixels above 0.")
    return number


def _embed_at(request, parts):
    try:
        match = resolve(parts.path)
    except Resolver404:
        raise Http404("No page at this address.") from None
    if match.url_name == "home":
        competition = Competition.objects.current(settings.EUROPA_CURRENT_COMPETITION)
    elif match.url_name in BRACKET_PAGES | TIE_PAGES:
        competition = Competition.objects.filter(slug=match.kwargs["slug"]).first()
    else:
        raise Http404("Only a bracket or a tie can be embedded.")
    if competition is None:
        raise Http404("No such competition.")
    bracket = Bracket(competition)
    tie = None
    if match.url_name in TIE_PAGES:
        tie = bracket.tie(match.kwargs["code"])
        if tie is None:
            raise Http404("No such tie.")
    return Embed.of(request, bracket, tie, Options.asked(QueryDict(parts.query)).within(bracket))
