"""Live redraw for almost nothing: the version an open page polls with, and what the
server answers — 204 with no query when nothing changed (with a shared cache), the new
fragment when something did, 286 once every tie is decided."""
import datetime
import os
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from europa import live
from europa.bracket import Bracket
from europa.models import Competition, Leg, Round, Team, Tie
from tests.conftest import _play

BRACKET = "/competitions/europa-league-2023-24/"
POLL = {"HX-Request": "true"}


@pytest.fixture(params=["per-process", "shared"])
def cache_kind(request, settings, tmp_path):
    """Both ways a site runs: a cache per server process (local memory), or one cache all
    processes share (Redis when the environment has it; else a file cache, also shared)."""
    if request.param == "per-process":
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    else:
        use_shared_cache(settings, tmp_path)
    # The autouse fresh_cache cleared the suite's cache, not this one: local memory outlives
    # a test, and another test's kept pages and render claims must not answer here.
    cache.clear()
    return request.param


def use_shared_cache(settings, tmp_path):
    if os.environ.get("REDIS_URL"):
        settings.CACHES = {"default": {
            "BACKEND": "europa.redis_cache.Cache",
            "LOCATION": os.environ["REDIS_URL"], "KEY_PREFIX": f"europa-test-{os.getpid()}",
        }}
    else:
        settings.CACHES = {"default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path),
        }}


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what is done inside as if its transaction committed: the cache hears of it."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def held_version(html):
    return int(re.search(r'hx-get="[^"]*\?v=(\d+)', html).group(1))


def test_page_polls_its_own_address_with_the_version_it_holds(client, draw):
    html = client.get(BRACKET).content.decode()
    assert f'hx-get="{BRACKET}?v={Competition.objects.get().version}"' in html
    # at its interval, and at once when seen again (static/js/europa.js sends "seen"); no
    # trigger filter, which htmx would compile with Function(), forbidden by the CSP
    assert 'hx-trigger="every 60s, seen"' in html
    assert 'hx-swap="morph"' in html


def test_unchanged_poll_is_204_without_a_query_when_the_cache_is_shared(
    client, draw, cache_kind, django_assert_num_queries
):
    version = held_version(client.get(BRACKET).content.decode())
    client.get(BRACKET, {"v": version}, headers=POLL)  # the first poll may fill the cache
    # A per-process cache cannot see another process's changes: it asks the database.
    with django_assert_num_queries(0 if cache_kind == "shared" else 1):
        response = client.get(BRACKET, {"v": version}, headers=POLL)
    assert response.status_code == 204 and response.content == b""


def test_changed_poll_gets_the_new_fragment(client, play, cache_kind, commit):
    version = held_version(client.get(BRACKET).content.decode())
    client.get(BRACKET, {"v": version}, headers=POLL)
    with commit():
        play("QF2", 1, 0, 3)
    response = client.get(BRACKET, {"v": version}, headers=POLL)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="bracket"')
    assert held_version(html) > version
    assert "Atalanta lead 3–0 after the first leg" in html
    assert client.get(BRACKET, {"v": held_version(html)}, headers=POLL).status_code == 204


def test_a_shared_cache_hears_of_a_save_only_once_it_commits(client, draw, settings, tmp_path):
    use_shared_cache(settings, tmp_path)
    version = held_version(client.get(BRACKET).content.decode())
    client.get(BRACKET, {"v": version}, headers=POLL)
    _play("QF2", 1, 0, 3)  # inside the test's transaction, and not as if committed
    assert client.get(BRACKET, {"v": version}, headers=POLL).status_code == 204


def test_when_every_tie_is_decided_the_poll_answers_286_and_stops(client, play, commit):
    version = held_version(client.get(BRACKET).content.decode())
    with commit():
        for code in ("QF1", "QF2", "QF3", "QF4", "SF1", "SF2"):
            play(code, 1, 1, 0)
            play(code, 2, 0, 0)
        play("F", 1, 2, 1)
    response = client.get(BRACKET, {"v": version}, headers=POLL)
    html = response.content.decode()
    assert response.status_code == 286
    assert "won the UEFA Europa League 2023/24" in html
    assert "hx-trigger" not in html
    assert "hx-trigger" not in client.get(BRACKET).content.decode()


@pytest.mark.parametrize("held", ["", "abc", "-1", "999999", "²", "٣", "1" * 40, " 1", "1.0",
                                  pytest.param("9" * 5000, id="more digits than int() reads")])
def test_poll_with_a_version_it_cannot_hold_gets_the_fragment(client, draw, held):
    response = client.get(BRACKET, {"v": held}, headers=POLL)
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<div id="bracket"')


def test_a_plain_visit_with_a_version_gets_the_whole_page(client, draw):
    version = Competition.objects.get().version
    response = client.get(BRACKET, {"v": version})
    assert response.status_code == 200 and b"<html" in response.content


def test_tie_page_polls_the_same_way(client, play, commit):
    page = BRACKET + "ties/QF2/"
    version = held_version(client.get(page).content.decode())
    assert client.get(page, {"v": version}, headers=POLL).status_code == 204
    with commit():
        play("QF2", 1, 0, 3)
    response = client.get(page, {"v": version}, headers=POLL)
    assert response.status_code == 200
    assert "Atalanta lead 3–0 after the first leg" in response.content.decode()


def test_team_path_survives_the_poll(client, draw):
    html = client.get(BRACKET, {"team": "liverpool"}).content.decode()
    assert "&amp;team=liverpool" in html
    assert "Showing <strong>Liverpool</strong>'s road" in html
    assert html.count("side--path") == 1


@pytest.mark.parametrize("change", [
    pytest.param(lambda: Leg.objects.filter(tie__code="QF1", number=1).first().save(), id="leg"),
    pytest.param(lambda: Tie.objects.get(code="QF1").save(), id="tie"),
    pytest.param(lambda: Round.objects.get(code="QF").save(), id="round"),
    pytest.param(lambda: Team.objects.get(name="Roma").save(), id="team"),
    pytest.param(lambda: Competition.objects.get().save(), id="competition"),
    pytest.param(lambda: Leg.objects.filter(tie__code="F").delete(), id="deleted leg"),
])
def test_any_change_to_the_competition_moves_its_version_on(draw, change):
    before = Competition.objects.get().version
    change()
    assert Competition.objects.get().version > before


def test_a_team_of_another_competition_leaves_this_one_alone(draw):
    before = Competition.objects.get().version
    Team.objects.create(name="Sparta Prague", short_name="Sparta", country="CZE", slug="sparta-prague")
    assert Competition.objects.get().version == before


def test_saving_an_old_copy_of_the_competition_does_not_move_its_version_back(draw):
    stale = Competition.objects.get()
    Leg.objects.filter(tie__code="QF1", number=1).first().save()
    stale.name = "UEFA Europa League"
    stale.save()
    # The leg's save moved it on once and the competition's own save once more; writing the
    # stale copy's number back would leave it one lower.
    assert Competition.objects.get().version == stale.version + 2


def test_a_renamed_competitions_old_address_is_404_while_the_cache_still_holds_its_version(
    client, draw, settings, tmp_path,
):
    # A shared cache answers the old slug's version for a while (live.CACHED_FOR): a page
    # not kept under it is looked up in the database, which has no such competition now.
    use_shared_cache(settings, tmp_path)
    assert client.get(BRACKET).status_code == 200
    draw.slug = "renamed"
    draw.save()
    for address in (f"{BRACKET}?team=liverpool", f"{BRACKET}ties/QF1/", f"{BRACKET}bracket.json",
                    f"{BRACKET}fixtures.ics"):
        assert client.get(address).status_code == 404, address


def test_version_of_an_unknown_competition(db):
    assert live.version("nope") is None
    assert not live.unchanged("nope", "0")


@pytest.mark.parametrize("status, kickoff_in, seconds", [
    ("scheduled", None, 60),
    ("scheduled", datetime.timedelta(minutes=50), 5),
    ("scheduled", datetime.timedelta(hours=3), 60),
    ("live", None, 5),
])
def test_poll_is_quick_only_around_a_match(draw, settings, status, kickoff_in, seconds):
    settings.EUROPA_POLL_SECONDS, settings.EUROPA_LIVE_POLL_SECONDS = 60, 5
    leg = Leg.objects.select_related("tie__round__competition").get(tie__code="QF1", number=1)
    now = timezone.now()
    if kickoff_in:
        at = (now + kickoff_in).astimezone(datetime.timezone.utc)
        Competition.objects.update(time_zone="UTC")
        leg.date, leg.kickoff = at.date(), at.time()
    if status == "live":
        leg.status, leg.home_goals, leg.away_goals = "live", 0, 0
    leg.save()
    assert live.poll_seconds(Bracket(Competition.objects.get()).rounds, now=now) == seconds
