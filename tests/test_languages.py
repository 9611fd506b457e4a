"""Which language a page speaks (europa/languages.py): the address's prefix, then ?lang=,
then Accept-Language, then English; never a cookie. Kept renders are kept per language, the
page links to itself in every language, and the data for machines speaks none."""
import re

import pytest
from django.utils import translation

from europa import languages, live
from europa.embeds import Embed, Options
from europa.bracket import Bracket
from tests.test_pages import database_down

BRACKET = "/competitions/europa-league-2023-24/"
TIE = BRACKET + "ties/QF1/"


def spoken(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode())[1]


def varies_by_language(response):
    return "Accept-Language" in response.get("Vary", "")


@pytest.mark.parametrize("address, header, language, by_header", [
    (BRACKET, "", "en", True),
    ("/it" + BRACKET, "", "it", False),
    ("/de" + TIE, "fr", "de", False),
    (BRACKET + "?lang=pt", "de", "pt", False),
    ("/es" + BRACKET + "?lang=de", "", "es", False),  # the prefix is the address's own
    (BRACKET, "fr-CH, fr;q=0.9, en;q=0.8", "fr", True),
    (BRACKET, "xx, de;q=0.8", "de", True),
    (BRACKET, "pt-BR", "pt", True),
    (BRACKET, "*", "en", True),
    (BRACKET, "ja, zh;q=0.5", "en", True),
    (BRACKET, ";;;q=x,,", "en", True),
    (BRACKET + "?lang=klingon", "it", "it", True),  # not a language of ours: as if not asked
    ("/competitions/", "es", "es", True),
    ("/", "it", "it", True),
])
def test_the_language_comes_from_the_prefix_then_lang_then_the_browser(client, draw, address, header, language,
                                                                      by_header):
    response = client.get(address, headers={"Accept-Language": header} if header else {})
    assert response.status_code == 200
    assert spoken(response) == language
    assert response["Content-Language"] == language
    # Only what the reader's browser chose differs by Accept-Language at one address.
    assert varies_by_language(response) == by_header


def test_no_cookie_chooses_the_language(client, draw):
    client.cookies["django_language"] = "it"
    response = client.get(BRACKET)
    assert spoken(response) == "en" and "Set-Cookie" not in response


def test_each_language_has_its_own_kept_render(client, draw):
    """A render kept for an Italian reader must never answer an English one at the same address."""
    client.get(BRACKET, headers={"Accept-Language": "it"})
    client.get(BRACKET, headers={"Accept-Language": "it"})  # now kept, and at hand
    assert spoken(client.get(BRACKET, headers={"Accept-Language": "en"})) == "en"
    assert spoken(client.get(BRACKET, headers={"Accept-Language": "it"})) == "it"
    assert spoken(client.get("/de" + BRACKET)) == "de"
    assert spoken(client.get(BRACKET, {"lang": "fr"})) == "fr"
    assert spoken(client.get(BRACKET)) == "en"


def test_a_kept_render_answers_its_own_language(client, draw, django_assert_max_num_queries):
    client.get("/it" + BRACKET)
    with django_assert_max_num_queries(1):  # the version, with a cache of this process's own
        assert spoken(client.get("/it" + BRACKET)) == "it"


def test_an_unprefixed_page_asked_in_a_language_keeps_it_in_its_links_and_poll(client, draw):
    page = client.get(BRACKET, {"lang": "de", "team": "roma"}).content.decode()
    assert 'href="?lang=de&amp;team=atalanta"' in page
    assert re.search(r'hx-get="/de/competitions/europa-league-2023-24/\?v=\d+&amp;lang=de&amp;team=roma"', page)
    assert f'href="/de{TIE}"' in page
    # English asked for keeps saying so, since its addresses have no prefix.
    page = client.get(BRACKET, {"lang": "en"}, headers={"Accept-Language": "it"}).content.decode()
    assert 'href="?lang=en&amp;team=atalanta"' in page
    assert re.search(r'hx-get="/competitions/europa-league-2023-24/\?v=\d+&amp;lang=en"', page)
    # A prefixed page's links are prefixed instead.
    page = client.get("/it" + BRACKET).content.decode()
    assert f'href="/it{TIE}"' in page
    assert re.search(r'hx-get="/it/competitions/europa-league-2023-24/\?v=\d+"', page)


def test_every_page_names_itself_in_every_language(client, draw):
    page = client.get("/it" + BRACKET, {"team": "roma", "junk": "<x>"}).content.decode()
    links = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page))
    origin = "http://testserver"
    assert links == {
        "en": f"{origin}{BRACKET}?team=roma&amp;lang=en",
        "it": f"{origin}/it{BRACKET}?team=roma",
        "de": f"{origin}/de{BRACKET}?team=roma",
        "fr": f"{origin}/fr{BRACKET}?team=roma",
        "pt": f"{origin}/pt{BRACKET}?team=roma",
        "es": f"{origin}/es{BRACKET}?team=roma",
        "x-default": f"{origin}{BRACKET}?team=roma",
    }
    # The switcher: the same addresses, each name in its own language, this one current.
    switcher = re.search(r'<nav class="languages".*?</nav>', page, re.S)[0]
    assert re.findall(r'hreflang="(\w+)" lang="\w+"( aria-current="true")?><span class="languages__name">([^<]+)<',
                      switcher) == [
        ("en", "", "English"), ("it", ' aria-current="true"', "italiano"), ("de", "", "Deutsch"),
        ("fr", "", "français"), ("pt", "", "Português"), ("es", "", "español"),
    ]
    assert f'href="{origin}/de{BRACKET}?team=roma"' in switcher


@pytest.mark.parametrize("address", ["/competitions/", TIE])
def test_pages_without_a_query_name_themselves_without_one(client, draw, address):
    page = client.get(address, {"junk": "1"}).content.decode()
    assert "junk" not in page
    assert f'hreflang="de" href="http://testserver/de{address}"' in page


def test_an_unknown_page_says_so_in_its_language(client, draw):
    response = client.get("/it/competitions/no-such-cup/")
    assert response.status_code == 404 and spoken(response) == "it"
    assert client.get("/xx/competitions/").status_code == 404


def test_data_for_machines_speaks_no_language(client, draw):
    data = client.get(BRACKET + "bracket.json", headers={"Accept-Language": "it"})
    assert data.status_code == 200
    assert "Content-Language" not in data and not varies_by_language(data)
    assert client.get("/it" + BRACKET + "bracket.json").status_code == 404
    assert client.get(BRACKET + "bracket.json", {"lang": "it"}).json() == data.json()


@pytest.mark.parametrize("address", ["/it" + BRACKET + "fixtures.ics", BRACKET + "fixtures.ics?lang=it"])
def test_the_calendar_speaks_the_language_asked(client, draw, address):
    feed = client.get(address)
    assert feed.status_code == 200 and feed["Content-Language"] == "it"
    assert client.get(BRACKET + "fixtures.ics")["Content-Language"] == "en"


def test_an_embed_takes_a_language(client, draw):
    page = client.get(BRACKET + "embed/", {"lang": "de", "theme": "dark"})
    assert spoken(page) == "de" and not varies_by_language(page)
    html = page.content.decode()
    assert re.search(r'hx-get="/de/competitions/europa-league-2023-24/embed/\?v=\d+&amp;theme=dark&amp;lang=de"', html)
    # Its link back opens the full page in that language.
    assert f'href="http://testserver/de{BRACKET}" target="_blank"' in html


def test_the_snippets_carry_the_language(rf, draw):
    request = rf.get("/")
    embed = Embed.of(request, Bracket(draw), options=Options(lang="it"))
    assert 'data-lang="it"' in str(embed.script())
    assert "lang=it" in embed.url
    assert Options.asked({"lang": "pt"}).lang == "pt" and Options.asked({"lang": "pt-BR"}).lang == ""


@pytest.mark.parametrize("url, title_word", [
    ("/it" + BRACKET, "it"), (BRACKET + "?lang=de", "de"), (BRACKET, "en"), ("/fr" + TIE, "fr"),
])
def test_oembed_answers_in_the_language_of_the_address(client, draw, url, title_word):
    answer = client.get("/oembed", {"url": f"http://testserver{url}", "format": "json"})
    assert answer.status_code == 200
    body = answer.json()
    prefix = "" if title_word == "en" else f"/{title_word}"
    assert f'src="http://testserver{prefix}/competitions/europa-league-2023-24/' in body["html"]


def test_a_poll_in_one_language_is_answered_in_it(client, draw, play):
    held = live.version("europa-league-2023-24")
    play("QF1", 1, 2, 0)
    fragment = client.get("/it" + BRACKET, {"v": held}, headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and fragment["Content-Language"] == "it"


def test_the_choice_is_read_from_the_request_alone(rf):
    assert languages.of_request(rf.get("/de/competitions/")) == "de"
    assert languages.of_request(rf.get("/competitions/", {"lang": "es"})) == "es"
    assert languages.of_request(rf.get("/competitions/", headers={"Accept-Language": "pt-PT,pt;q=0.9"})) == "pt"
    assert languages.of_request(rf.get("/competitions/")) == "en"


@pytest.mark.parametrize("header, words", [("it", "Nome utente"), ("de", "Benutzername"), ("", "Username")])
def test_the_admin_speaks_the_editors_browser_language_in_djangos_own_words(client, settings, header, words):
    response = client.get(f"/{settings.ADMIN_PATH}login/", headers={"Accept-Language": header} if header else {})
    assert response.status_code == 200 and words in response.content.decode()


def test_in_an_outage_each_language_keeps_its_own_last_render_and_notice(client, draw):
    client.get("/it" + BRACKET)
    client.get("/de" + BRACKET)
    with database_down():
        # A page that must ask the database notices (with a shared cache the kept bracket
        # alone would not need to: as far as anyone knows, it is current).
        assert client.get("/competitions/").status_code == 503
        italian = client.get("/it" + BRACKET)
        german = client.get("/de" + BRACKET)
    assert spoken(italian) == "it" and "I risultati potrebbero non essere aggiornati." in italian.content.decode()
    assert spoken(german) == "de" and "Die Ergebnisse sind womöglich nicht aktuell." in german.content.decode()


def test_a_request_leaves_its_language_behind(client, draw):
    """The thread that served an Italian page goes back to English for whatever it runs next."""
    client.get("/it" + BRACKET)
    client.get(BRACKET, headers={"Accept-Language": "de"})
    assert translation.get_language() == "en"
