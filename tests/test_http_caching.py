"""HTTP caching (europa/pages.py): public answers that a shared cache in front may keep for
a second, ETags that answer If-None-Match, bodies kept compressed, and polls and kept
renders answered from the cache before the rest of the middleware. `make bench` measures
what it is worth; here, what is sent and how many queries it takes."""
import gzip
import re
import time
from dataclasses import fields
from pathlib import Path
from unittest import mock

import brotli
import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from europa import live, pages
from europa.models import Competition
from tests.test_live import cache_kind, use_shared_cache  # noqa: F401  (cache_kind: a fixture)

BRACKET = "/competitions/europa-league-2023-24/"
POLL = {"HX-Request": "true"}
PUBLIC = [BRACKET, BRACKET + "?team=roma", BRACKET + "ties/QF1/", BRACKET + "embed/?theme=dark",
          BRACKET + "ties/QF1/embed/", BRACKET + "bracket.json", BRACKET + "fixtures.ics", "/", "/competitions/"]


def version():
    return Competition.objects.get().version


@pytest.mark.parametrize("url", PUBLIC)
def test_public_pages_may_be_kept_a_moment_by_a_shared_cache(client, draw, url):
    for response in (client.get(url), client.get(url)):  # rendered, then kept
        assert response.status_code == 200
        assert response["Cache-Control"] == "public, max-age=0, s-maxage=1, stale-while-revalidate=10"
        if url != "/competitions/":  # (there Django's digest of the page)
            assert response["ETag"].startswith(f'"{version()}-')


def test_a_cached_poll_answer_holds_a_fan_back_for_at_most_s_maxage(client, draw, settings):
    """Not stale-while-revalidate too: a fan alone would then get the cache's old answer at
    every poll, always one behind."""
    settings.EUROPA_SHARED_CACHE_SECONDS = 2
    nothing_new = client.get(BRACKET, {"v": version()}, headers=POLL)
    assert nothing_new.status_code == 204 and "HX-Request" in nothing_new["Vary"]
    news = client.get(BRACKET, {"v": "0"}, headers=POLL)
    for answer in (nothing_new, news, client.get(BRACKET, {"v": "0"}, headers=POLL)):
        assert answer["Cache-Control"] == "public, max-age=0, s-maxage=2"


@pytest.mark.parametrize("url", ["/admin/login/", "/admin/", "/healthz"])
def test_the_admin_and_health_are_never_kept(admin_client, draw, url):
    cache_control = admin_client.get(url)["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


def test_an_etag_answers_if_none_match_until_a_save(client, draw, play):
    tag = client.get(BRACKET)["ETag"]
    again = client.get(BRACKET, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    play("QF1", 1, 1, 0)
    fresh = client.get(BRACKET, headers={"If-None-Match": tag})
    assert fresh.status_code == 200 and fresh["ETag"] != tag and fresh["ETag"].startswith(f'"{version()}-')


@pytest.mark.parametrize("encoding, decompress", [("br", brotli.decompress), ("gzip", gzip.decompress)])
@pytest.mark.parametrize("headers", [{}, POLL])
def test_pages_are_kept_compressed_as_the_browser_takes_them(client, draw, encoding, decompress, headers):
    plain = client.get(BRACKET, {"v": "0"}, headers=headers)
    for _ in range(2):  # rendered, then kept
        packed = client.get(BRACKET, {"v": "0"}, headers={**headers, "Accept-Encoding": f"{encoding}, deflate"})
        assert packed["Content-Encoding"] == encoding and "Accept-Encoding" in packed["Vary"]
        assert decompress(packed.content) == plain.content and len(packed.content) < len(plain.content) / 3
        assert int(packed["Content-Length"]) == len(packed.content)
        assert packed["ETag"] not in (plain["ETag"], None)
    assert "Content-Encoding" not in plain


def test_pages_nobody_keeps_are_compressed_too(client, draw):
    response = client.get("/competitions/", headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip" and b"Europa League" in gzip.decompress(response.content)


def test_with_a_shared_cache_polls_and_kept_pages_are_answered_from_it_alone(
        client, draw, settings, tmp_path, django_assert_num_queries):
    # (With a per-process cache the version comes from the database: test_pages.py.)
    use_shared_cache(settings, tmp_path)
    for url in (BRACKET, BRACKET + "embed/", BRACKET + "bracket.json"):
        client.get(url)
    current = version()
    # KeptPagesMiddleware answers without the view and its version lookup, and without a
    # query; the version it read a moment ago answers the poll without the cache.
    client.get(BRACKET, {"v": current}, headers=POLL)
    with mock.patch("europa.pages.live.version", side_effect=AssertionError("not answered early")), \
            mock.patch("europa.live.caching.get", side_effect=AssertionError("asked the cache")), \
            django_assert_num_queries(0):
        assert client.get(BRACKET, {"v": current}, headers=POLL).status_code == 204
    with mock.patch("europa.pages.live.version", side_effect=AssertionError("not answered early")), \
            django_assert_num_queries(0):
        assert client.get(BRACKET, {"v": current}, headers=POLL).status_code == 204
        page = client.get(BRACKET)
        embed = client.get(BRACKET + "embed/")
        data = client.get(BRACKET + "bracket.json")
    assert page.status_code == 200 and page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    assert "frame-ancestors *" in embed["Content-Security-Policy"] and "X-Frame-Options" not in embed
    assert data["Access-Control-Allow-Origin"] == "*" and data.json()["competition"]["slug"]
    assert not page.cookies and "Cookie" not in page["Vary"]


def test_a_save_reaches_the_early_answers_at_once(client, draw, cache_kind, play):  # noqa: F811
    """Through the process that made it, even though each keeps the version it read a moment."""
    client.get(BRACKET)
    held = version()
    assert client.get(BRACKET, {"v": held}, headers=POLL).status_code == 204
    assert client.get(BRACKET, {"v": held}, headers=POLL).status_code == 204
    play("QF1", 1, 3, 0)
    assert client.get(BRACKET, {"v": held}, headers=POLL).status_code == 200
    assert '<span class="goal">3</span>' in client.get(BRACKET).content.decode()


@pytest.mark.parametrize("page", ["", "?team={team}", "ties/{tie}/", "embed/", "bracket.json", "fixtures.ics"])
def test_a_cold_render_takes_as_few_queries_for_63_ties_as_for_15(client, draw, cup_of_64, page):
    counts = []
    for slug, tie, team in (("europa-league-2023-24", "QF1", "roma"), ("test-cup-2030-31", "R64-1", "club-1")):
        live.version(slug)  # as right after a save, which tells a shared cache the version
        with CaptureQueriesContext(connection) as cold:
            assert client.get(f"/competitions/{slug}/" + page.format(tie=tie, team=team)).status_code == 200
        counts.append(len(cold))
    # Rounds, ties, legs and the competition (a tie page also its corrections), and with a
    # per-process cache the version: live.py.
    assert counts[0] == counts[1] <= 5 + (0 if live.cache_is_shared() else 1)


def test_the_first_view_is_at_most_40_kb_compressed_in_four_requests(client, draw, play):
    """gzip, as the larger of the two (whitenoise keeps static files compressed both ways)."""
    play("QF1", 1, 1, 0)
    page = client.get("/", headers={"Accept-Encoding": "gzip"})
    html = gzip.decompress(page.content).decode()
    assets = re.findall(r'<(?:script|link rel="stylesheet")[^>]* (?:src|href)="/static/([^"]+)"', html)
    sizes = [len(page.content)] + [len(gzip.compress(Path(finders.find(asset)).read_bytes(), 9)) for asset in assets]
    assert len(assets) == 3 and sum(sizes) <= 40 * 1024, dict(zip(["page", *assets], sizes, strict=True))


def test_a_render_kept_in_a_later_window_is_served_early_too(client, draw, settings, tmp_path):
    """Each process keeps the renders it served at hand. Once the reuse window turns and the
    page is rendered again (by any process), the one at hand is of the old window: the
    cache's is served, rather than every request sent on to the view."""
    use_shared_cache(settings, tmp_path)
    client.get(BRACKET)
    client.get(BRACKET)  # now at hand
    with mock.patch("europa.pages.time.time", return_value=time.time() + pages.REUSE_SECONDS):
        client.get(BRACKET)  # rendered again for the new window, and kept in the cache
        with mock.patch("europa.pages.live.version", side_effect=AssertionError("not answered early")):
            assert client.get(BRACKET).status_code == 200


def test_the_shape_of_a_kept_render_goes_with_its_format_number():
    """Renders stay in Redis for days, across releases: one kept in another shape, read as
    this one, would be a 500 from the moment of an upgrade. Change Kept's fields, and
    KEPT_FORMAT (in every key) with them, and then this test."""
    assert [field.name for field in fields(pages.Kept)] == ["version", "rendered_at", "status", "bodies", "headers", "tag"]
    assert pages.KEPT_FORMAT == 2
    request = RequestFactory().get(BRACKET)
    assert pages._key(request, "bracket", "slug", [], "", False).startswith("europa:page2:")
