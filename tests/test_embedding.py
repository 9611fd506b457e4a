"""Embedding (europa/embeds.py): the embed pages and their options, which pages may be
framed, embed.js, oEmbed and its discovery, and the data other sites may read.
tests/e2e/test_embedding.py embeds the bracket in a page of another origin."""
import gzip
import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from europa import views
from tests.test_pages import NOTICE, database_down
from tests.test_security_headers import directives
from tests.test_settings import run_check

BRACKET = "/competitions/europa-league-2023-24/"
EMBED = BRACKET + "embed/"
TIE_EMBED = BRACKET + "ties/QF1/embed/"
POLL = {"HX-Request": "true"}


# --- Which pages may be framed ---------------------------------------------------------------

@pytest.mark.parametrize("url", [EMBED, EMBED + "?theme=dark&team=roma&compact=1&round=SF", TIE_EMBED])
def test_embed_pages_are_framable_by_any_site_and_set_no_cookie(client, draw, url):
    response = client.get(url)
    assert response.status_code == 200
    assert directives(response)["frame-ancestors"] == ["*"]
    assert "X-Frame-Options" not in response
    # The rest of the policy is the site's own: no inline script, no eval.
    assert directives(response)["script-src"] == ["'self'"]
    assert not response.cookies and "Cookie" not in response.get("Vary", "")


@pytest.mark.parametrize("url", ["/", BRACKET, BRACKET + "ties/QF1/", "/competitions/", BRACKET + "bracket.json",
                                 "/oembed?url=http://testserver/", "/admin/login/", "/competitions/nope/"])
def test_every_other_page_stays_unframable(client, draw, url):
    response = client.get(url)
    assert directives(response)["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


def test_a_poll_and_a_kept_render_of_an_embed_stay_framable(client, draw, play):
    client.get(EMBED)
    kept = client.get(EMBED)  # served from the kept render
    version = held_version(kept.content.decode())
    assert directives(kept)["frame-ancestors"] == ["*"]
    assert client.get(EMBED, {"v": version}, headers=POLL).status_code == 204
    play("QF1", 1, 2, 0)
    fragment = client.get(EMBED, {"v": version}, headers=POLL)
    assert fragment.status_code == 200 and "X-Frame-Options" not in fragment
    assert "<html" not in fragment.content.decode() and '<span class="goal">2</span>' in fragment.content.decode()


def test_the_sites_that_may_frame_embeds_are_a_setting(settings, client, draw):
    settings.EMBED_FRAME_ANCESTORS = ["'self'", "https://news.example"]
    assert directives(client.get(EMBED))["frame-ancestors"] == ["'self'", "https://news.example"]
    assert directives(client.get(BRACKET))["frame-ancestors"] == ["'none'"]


def test_a_mistyped_embed_origin_stops_the_site_with_a_message():
    env = {"DJANGO_SECRET_KEY": "x" * 50}
    assert run_check(**env, EUROPA_EMBED_ORIGINS="https://news.example, https://*.club.example").returncode == 0
    wrong = run_check(**env, EUROPA_EMBED_ORIGINS="news.example")
    assert wrong.returncode != 0 and "EUROPA_EMBED_ORIGINS: 'news.example' is not an origin" in wrong.stderr


# --- The embed pages and their options -----------------------------------------------------

def held_version(page):
    return re.search(r'hx-get="[^"]*\?v=(\d+)', page).group(1)


def test_the_embed_shows_the_bracket_without_the_sites_header_and_links_back(client, draw):
    page = client.get(EMBED).content.decode()
    assert 'class="masthead"' not in page and 'class="site-foot"' not in page and "<details" not in page
    assert '<h1 class="embed-head">UEFA Europa League 2023/24</h1>' in page
    assert f'<a href="http://testserver{BRACKET}" target="_blank">Open on Europa' in page
    # A tie's page opens outside the frame; the team links stay inside it.
    assert f'<a class="tie__code" href="{BRACKET}ties/QF1/" target="_blank">' in page
    assert 'href="?team=ac-milan"' in page
    assert f'hx-get="{EMBED}?v=' in page


def test_the_tie_embed_shows_one_tie_and_opens_other_pages_outside(client, draw):
    page = client.get(TIE_EMBED).content.decode()
    assert "AC Milan <span class=\"v\">v</span> Roma" in page and 'class="crumbs"' not in page
    assert f'href="{BRACKET}#tie-QF1" target="_blank">The whole bracket</a>' in page
    assert f'href="http://testserver{BRACKET}ties/QF1/" target="_blank">Open on Europa' in page


def test_the_options_shape_the_embed_and_carry_over_to_its_links_and_poll(client, draw):
    page = client.get(EMBED, {"theme": "dark", "round": "SF", "team": "roma", "compact": "1"}).content.decode()
    assert '<html lang="en" data-theme="dark">' in page
    assert 'class="embed embed--compact"' in page
    assert 'data-start="round-SF"' in page
    assert 'side--path" data-team="roma"' in page
    assert f'hx-get="{EMBED}?v={held_version(page)}&amp;theme=dark&amp;round=SF&amp;compact=1&amp;team=roma"' in page
    assert 'href="?theme=dark&amp;round=SF&amp;compact=1&amp;team=atalanta"' in page
    assert f'href="{EMBED}?theme=dark&amp;round=SF&amp;compact=1">Show every team</a>' in page
    assert f'href="http://testserver{BRACKET}?team=roma" target="_blank">Open on Europa' in page


@pytest.mark.parametrize("query", [
    {"theme": "purple"}, {"theme": ""}, {"theme": "DARK"}, {"round": "ZZ"}, {"round": "<script>"},
    {"round": "x" * 5000}, {"team": "nobody"}, {"team": "../../admin"}, {"team": "roma\x00"},
    {"compact": "yes"}, {"compact": "1" * 30}, {"theme": ["dark", "purple"]}, {"lang": "xx", "v": "-1"},
    {"lang": "IT"}, {"lang": "it-xx"}, {"lang": "../it"},
])
def test_a_bad_option_falls_back_to_its_default(client, draw, query):
    response = client.get(EMBED, query)
    assert response.status_code == 200
    # (Of two values the last counts, as everywhere in Django.)
    assert response.content.decode() == client.get(EMBED).content.decode()


def test_the_tie_embed_takes_a_theme_and_compact_and_nothing_else(client, draw):
    page = client.get(TIE_EMBED, {"theme": "light", "compact": "1", "team": "roma", "round": "SF"}).content.decode()
    assert 'data-theme="light"' in page and "embed--compact" in page
    assert f'hx-get="{TIE_EMBED}?v={held_version(page)}&amp;theme=light&amp;compact=1"' in page


def test_only_options_the_bracket_has_are_kept(client, draw, django_assert_max_num_queries):
    """Anyone could fill the cache with renders for rounds and teams that do not exist."""
    client.get(EMBED, {"round": "QQ"})
    with django_assert_max_num_queries(5):
        assert client.get(EMBED, {"round": "QQ"}).status_code == 200
    with django_assert_max_num_queries(5):  # rendered again: nothing was kept
        client.get(EMBED, {"round": "QQ"})
    client.get(EMBED, {"round": "SF", "theme": "dark"})
    with django_assert_max_num_queries(1):
        assert 'data-start="round-SF"' in client.get(EMBED, {"theme": "dark", "round": "SF"}).content.decode()


def test_while_the_database_is_down_an_embed_shows_its_last_render_marked_out_of_date(client, draw, play):
    play("QF1", 1, 1, 0)
    client.get(EMBED, {"theme": "dark"})
    with database_down():
        # A page that must ask the database notices (test_pages.py: a shared cache alone
        # would not need it to).
        assert client.get("/competitions/").status_code == 503
        page = client.get(EMBED, {"theme": "dark"})
        assert page.status_code == 200 and NOTICE in page.content.decode()
        assert directives(page)["frame-ancestors"] == ["*"] and "X-Frame-Options" not in page
        assert client.get(TIE_EMBED).status_code == 503  # never rendered


@pytest.mark.parametrize("url", ["/competitions/nope/embed/", BRACKET + "ties/QF9/embed/"])
def test_an_embed_of_nothing_is_404_shown_in_the_frame(client, draw, url):
    response = client.get(url)
    assert response.status_code == 404 and "Not found" in response.content.decode()
    assert directives(response)["frame-ancestors"] == ["*"] and "X-Frame-Options" not in response


# --- embed.js -----------------------------------------------------------------------------------

def test_embed_js_is_small_and_kept_only_briefly(client, db):
    response = client.get("/embed.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == f"public, max-age={views.EMBED_SCRIPT_SECONDS}"
    assert views.EMBED_SCRIPT_SECONDS <= 600
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert len(gzip.compress(response.content, 9)) <= 2048
    script = response.content.decode()
    # Nothing on the embedding page's window: one function, called at once, in strict mode.
    assert script.rstrip().endswith("})();") and '"use strict"' in script
    assert not re.search(r"^(var|let|const|function) ", script, re.M)


# --- oEmbed ------------------------------------------------------------------------------------

def oembed(client, url, **query):
    return client.get("/oembed", {"url": url, **query})


def test_oembed_for_the_bracket(client, draw):
    response = oembed(client, f"http://testserver{BRACKET}", format="json")
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    answer = response.json()
    assert answer["version"] == "1.0" and answer["type"] == "rich"
    assert answer["title"] == "UEFA Europa League 2023/24: knockout bracket"
    assert answer["provider_name"] == "Europa" and answer["provider_url"] == "http://testserver/"
    assert isinstance(answer["cache_age"], int) and answer["cache_age"] > 0
    assert isinstance(answer["width"], int) and isinstance(answer["height"], int)
    assert f'<iframe src="http://testserver{EMBED}"' in answer["html"]
    assert f'width="{answer["width"]}" height="{answer["height"]}"' in answer["html"]


def test_oembed_for_a_tie_the_home_page_and_a_page_with_options(client, draw):
    tie = oembed(client, f"http://testserver{BRACKET}ties/QF1/").json()
    assert tie["title"].startswith("QF1: AC Milan v Roma") and f"{TIE_EMBED}" in tie["html"]
    assert f"http://testserver{EMBED}" in oembed(client, "http://testserver/").json()["html"]
    roma = oembed(client, f"http://testserver{BRACKET}?team=roma").json()
    assert f'src="http://testserver{EMBED}?team=roma"' in roma["html"]


def test_oembed_keeps_within_maxwidth_and_maxheight(client, draw):
    wide = oembed(client, f"http://testserver{BRACKET}").json()
    narrow = oembed(client, f"http://testserver{BRACKET}", maxwidth="400").json()
    assert narrow["width"] == 400 < wide["width"]
    assert narrow["height"] > wide["height"]  # a phone's width pages through the rounds, ties stacked
    short = oembed(client, f"http://testserver{BRACKET}", maxwidth="400", maxheight="300").json()
    assert short["height"] == 300 and 'height="300"' in short["html"]
    assert oembed(client, f"http://testserver{BRACKET}", maxwidth="5000").json()["width"] == wide["width"]


@pytest.mark.parametrize("url", [
    "http://elsewhere.example/competitions/europa-league-2023-24/",
    "https://evil.example/?u=http://testserver/competitions/europa-league-2023-24/",
    "http://testserver/competitions/", "http://testserver/competitions/europa-league-2023-24/bracket.json",
    "http://testserver/admin/", "http://testserver/competitions/nope/",
    "http://testserver/competitions/europa-league-2023-24/ties/QF9/", "http://testserver/nowhere",
])
def test_oembed_is_404_for_an_address_that_is_not_our_bracket_or_tie(client, draw, url):
    response = oembed(client, url)
    assert response.status_code == 404 and response["Content-Type"].startswith("text/plain")


@pytest.mark.parametrize("query", [
    {}, {"url": ""}, {"url": "not a url"}, {"url": "ftp://testserver/competitions/europa-league-2023-24/"},
    {"url": "http://[testserver/"}, {"url": "//testserver/competitions/europa-league-2023-24/"},
    {"url": "http://testserver/", "maxwidth": "wide"}, {"url": "http://testserver/", "maxwidth": "0"},
    {"url": "http://testserver/", "maxheight": "-5"}, {"url": "http://testserver/", "maxheight": "9" * 40},
])
def test_oembed_is_400_for_a_request_it_cannot_read(client, draw, query):
    response = client.get("/oembed", query)
    assert response.status_code == 400 and response.content.decode().strip()


def test_oembed_answers_json_only(client, draw):
    assert oembed(client, "http://testserver/", format="xml").status_code == 501


@pytest.mark.parametrize("url", [BRACKET, BRACKET + "ties/QF1/"])
def test_bracket_and_tie_pages_name_their_oembed(client, draw, url):
    page = client.get(url).content.decode()
    link = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)" title="[^"]+">', page)
    answer = client.get(html.unescape(link.group(1)))
    assert answer.status_code == 200 and answer.json()["type"] == "rich"
    assert "embed/" in answer.json()["html"]


# --- The Embed disclosure ---------------------------------------------------------------------

def test_the_embed_disclosure_gives_both_snippets_without_script(client, draw):
    page = client.get(BRACKET, {"team": "roma"}).content.decode()
    snippets = dict(re.findall(r'data-snippet="(\w+)"[^>]*>([^<]*)</textarea>', page))
    assert html.unescape(snippets["script"]) == (
        '<script async src="http://testserver/embed.js" data-competition="europa-league-2023-24" '
        'data-team="roma"></script>'
    )
    assert html.unescape(snippets["iframe"]).startswith(f'<iframe src="http://testserver{EMBED}?team=roma" title=')
    # The form shows its choices in the preview without script; copying needs script.
    assert f'<form class="embedding__options" action="{EMBED}" method="get" target="embed-preview">' in page
    assert page.count("data-copy=") == 2 and page.count('data-copy="embed-script" hidden') == 1
    tie = client.get(BRACKET + "ties/QF1/").content.decode()
    assert "data-tie=&quot;QF1&quot;" in tie and 'name="round"' not in tie


# --- Data other sites read -------------------------------------------------------------------------

@pytest.mark.parametrize("url", [BRACKET + "bracket.json", BRACKET + "fixtures.ics"])
def test_bracket_json_and_the_calendar_may_be_read_by_any_site(client, draw, url):
    assert client.get(url)["Access-Control-Allow-Origin"] == "*"
    assert client.get(url)["Access-Control-Allow-Origin"] == "*"  # kept renders too
    assert "Access-Control-Allow-Origin" not in client.get(BRACKET)


@pytest.mark.django_db(transaction=True)
def test_the_readmes_fetch_example_reads_bracket_json_from_another_origin(live_server, draw):
    """The README's five lines, run by Node.js against this site (CORS is the browser's
    part: test_bracket_json_and_the_calendar_may_be_read_by_any_site checks the header)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed")
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    example = re.search(r"open to other sites' scripts:\n\n```js\n(.*?)```", readme, re.S).group(1)
    example = example.replace("https://brackets.example.org", live_server.url)
    result = subprocess.run([node, "--input-type=module", "-e", example], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "QF1 AC Milan v Roma" in result.stdout and "SF1 QF4 v QF2" in result.stdout
