"""Kept renders (europa/pages.py): a page is rendered once per competition version and
served again from the cache, and while the database cannot be reached fans get the last
render, marked as possibly out of date, instead of an error. tests/test_faults.py stops
real servers; here the database "goes down" inside the test process."""
import json
import logging
import re
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import IntegrityError, OperationalError, connection

from europa import pages
from europa.models import Competition
from tests.test_live import cache_kind  # noqa: F401  (a fixture: per-process and shared caches)

BRACKET = "/competitions/europa-league-2023-24/"
TIE = BRACKET + "ties/QF1/"
POLL = {"HX-Request": "true"}
NOTICE = "Scores may be out of date"


@contextmanager
def database_down():
    """Every query fails as it does when the server is unreachable."""
    with mock.patch.object(connection, "ensure_connection", side_effect=OperationalError("server closed")):
        yield


def held_version(html):
    return re.search(r'hx-get="[^"]*\?v=(\w+)', html).group(1)


def test_a_page_is_rendered_once_per_version(client, draw, play, cache_kind, django_assert_num_queries):  # noqa: F811
    client.get(BRACKET)
    # Only the version is read (from the database when each process has its own cache).
    with django_assert_num_queries(0 if cache_kind == "shared" else 1):
        again = client.get(BRACKET)
    assert again.status_code == 200 and "AC Milan" in again.content.decode()
    play("QF1", 1, 1, 0)
    after = client.get(BRACKET).content.decode()
    assert held_version(after) == str(Competition.objects.get().version)
    assert '<span class="goal">1</span>' in after


def test_an_unknown_team_is_not_kept_and_a_known_one_is(client, draw, django_assert_max_num_queries):
    client.get(BRACKET, {"team": "nobody"})
    with django_assert_max_num_queries(5):  # rendered again: nothing was kept
        client.get(BRACKET, {"team": "nobody"})
    client.get(BRACKET, {"team": "liverpool"})
    with django_assert_max_num_queries(1):
        assert "Showing <strong>Liverpool</strong>'s road" in client.get(BRACKET, {"team": "liverpool"}).content.decode()


def test_a_new_version_is_rendered_by_one_request_while_the_rest_get_the_kept_one(client, draw, play):
    before = client.get(BRACKET).content.decode()
    client.get(BRACKET, {"v": "0"}, headers=POLL)  # a poll's fragment is kept too
    play("QF1", 1, 1, 0)
    version = Competition.objects.get().version
    # Someone else is rendering this version: this request gets the kept page, one behind.
    with mock.patch("europa.caching.claim", return_value=False):
        assert held_version(client.get(BRACKET).content.decode()) == held_version(before)
        poll = client.get(BRACKET, {"v": held_version(before)}, headers=POLL)
        assert poll.status_code == 204, "nothing newer is ready yet"
    assert held_version(client.get(BRACKET).content.decode()) == str(version)


def test_while_the_database_is_down_fans_get_the_last_render_marked_out_of_date(client, draw, play):
    play("QF1", 1, 1, 0)
    version = str(Competition.objects.get().version)
    client.get("/")
    client.get(BRACKET)
    client.get(BRACKET, {"team": "liverpool"})
    client.get(BRACKET, {"v": "0"}, headers=POLL)
    client.get(BRACKET + "bracket.json")
    with database_down():
        # A page that must ask the database notices (with a shared cache the bracket alone
        # would not need to: it is current as far as anyone can know, until its window ends).
        assert client.get("/competitions/").status_code == 503
        page = client.get(BRACKET)
        html = page.content.decode()
        assert page.status_code == 200 and NOTICE in html and '<span class="goal">1</span>' in html
        assert page["Cache-Control"] == "no-store"
        # It polls on, with a version that matches none, to get the fresh page once it can.
        assert held_version(html) == "stale"
        assert client.get(BRACKET, {"v": version}, headers=POLL).status_code == 204
        # No fragment kept for this page: the open page keeps what it shows, or, when a
        # newer whole page is kept, reloads to show that, notice and all.
        assert client.get(TIE, {"v": version}, headers=POLL).status_code == 204
        client_refresh = client.get(BRACKET, {"team": "liverpool", "v": "1"}, headers=POLL)
        assert client_refresh["HX-Refresh"] == "true"
        assert client.get(BRACKET, {"team": "liverpool", "v": version}, headers=POLL).status_code == 204
        fragment = client.get(BRACKET, {"v": "stale"}, headers=POLL)
        assert fragment.status_code == 200 and NOTICE in fragment.content.decode()
        assert NOTICE in client.get("/").content.decode()
        data = client.get(BRACKET + "bracket.json")
        assert data.status_code == 200 and json.loads(data.content)["competition"]["slug"] == "europa-league-2023-24"

        # Never rendered: the site's own 503, with when to try again.
        for never_shown in (TIE, BRACKET + "fixtures.ics"):
            response = client.get(never_shown)
            assert response.status_code == 503, never_shown
            assert response["Retry-After"] == "30"
            assert "Scores are unavailable for a moment" in response.content.decode()

    # Back: once the database has rested, the first poll gets the fresh page, without
    # the notice.
    assert NOTICE in client.get(BRACKET, {"v": "stale"}, headers=POLL).content.decode()
    pages.forget_failures()
    fresh = client.get(BRACKET, {"v": "stale"}, headers=POLL)
    assert fresh.status_code == 200 and NOTICE not in fresh.content.decode()
    assert held_version(fresh.content.decode()) == version


def test_an_outage_is_logged_now_and_then_not_per_request(client, draw, caplog):
    client.get(BRACKET)
    with database_down(), caplog.at_level(logging.WARNING):
        for _ in range(5):
            client.get(BRACKET)
            client.get(TIE)
    outages = [r for r in caplog.records if "database cannot be reached" in r.getMessage()]
    assert len(outages) == 1
    assert not [r for r in caplog.records if r.name == "django.request"]


def test_healthz_says_what_is_down_without_logging_it(client, db, caplog):
    response = client.get("/healthz")
    assert response.status_code == 200 and json.loads(response.content) == {"database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]
    with database_down(), caplog.at_level(logging.INFO):
        for _ in range(3):
            response = client.get("/healthz")
        assert response.status_code == 503 and json.loads(response.content) == {"database": "down", "cache": "ok"}
        # A monitor is often the first to notice: the outage is logged once, and this
        # process now marks its pages out of date without waiting to fail itself.
        assert [r.name for r in caplog.records] == ["europa.pages"]
        assert pages.database_resting()


@pytest.mark.parametrize("method", ["head", "get"])
def test_healthz_answers_head_and_get_only(client, db, method):
    assert getattr(client, method)("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_a_slug_longer_than_any_is_404_without_a_cache_key_or_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/competitions/" + "a" * 20_000 + "/").status_code == 404


def test_a_refused_row_is_a_bug_to_report_not_an_outage(client, draw):
    client.raise_request_exception = False
    with mock.patch("europa.views.brackets", side_effect=IntegrityError("duplicate key")):
        assert client.get("/competitions/").status_code == 500
    assert not pages.database_resting()
