"""Fixtures shared by the whole suite: the real draw, loaded from the file that ships, and a
64-team cup for counts that must not grow."""
import datetime
import os
from pathlib import Path

import pytest
from django.core.cache import cache

from europa import caching, competition_file, live, pages, results
from europa.models import Competition, Leg, Round, Team, Tie
from tools import sample_cups

DRAW = Path(__file__).resolve().parent.parent / "europa/competitions/europa-league-2023-24.toml"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # CI sets EUROPA_NO_SKIPS=1: there every test must run, so a skip is a failure.
    report = yield
    if report.skipped and os.environ.get("EUROPA_NO_SKIPS") == "1" and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped, but CI runs every test (EUROPA_NO_SKIPS=1): {report.longrepr}"
    return report


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    # Tests run with debug off but without collectstatic: serve static files from the
    # source folders instead of the manifest a deployment builds.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def fresh_cache():
    # Kept renders and versions from another test's database must not answer for this one.
    def forget():
        cache.clear()
        caching.forget_failures()
        pages.forget_failures()
        pages.forget_at_hand()
        live.forget_recent()

    forget()
    yield
    forget()


@pytest.fixture
def draw(db):
    """The Europa League 2023/24 quarter-finals onwards, as drawn on 15 March 2024."""
    competition_file.load(competition_file.read(DRAW))
    return Competition.objects.get(slug="europa-league-2023-24")


@pytest.fixture
def sample_cup(db):
    """sample_cup(16): a cup of 2 to 64 teams with long real club names (tools/sample_cups.py),
    loaded as a competition file is."""
    def load(teams):
        competition_file.load(sample_cups.cup(teams))
        return Competition.objects.get(slug=sample_cups.slug(teams))

    return load


@pytest.fixture
def play(draw, django_capture_on_commit_callbacks):
    """play("QF1", 1, 2, 0): enter a leg's score (the leg's home team first) the way the
    admin does, through results.save_tie(), and tell the cache as a commit would (the test's
    transaction never commits)."""

    def play_(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return _play(*args, **kwargs)

    return play_


def _play(tie_code, number, home_goals, away_goals, status="finished", **extra):
    tie = Tie.objects.select_related("round__competition").get(code=tie_code)
    leg = tie.legs.get(number=number)
    leg.home_goals, leg.away_goals, leg.status = home_goals, away_goals, status
    for field, value in extra.items():
        setattr(leg, field, value)
    results.save_tie(tie, [leg], revision=tie.revision)
    return Leg.objects.get(pk=leg.pk)


@pytest.fixture
def cup_of_64(db):
    """A 64-team cup beside nothing else: six two-legged rounds (one-match final), 63 ties,
    each tie of a round fed by two of the round before. For query counts that must not grow."""
    competition = Competition.objects.create(name="Test Cup", season="2030/31", slug="test-cup-2030-31")
    teams = Team.objects.bulk_create(
        Team(name=f"Club {n}", short_name=f"C{n}", country="ESP", slug=f"club-{n}") for n in range(1, 65)
    )
    earlier = []
    for order, (code, count) in enumerate([("R64", 32), ("R32", 16), ("R16", 8), ("QF", 4), ("SF", 2), ("F", 1)], 1):
        final = count == 1
        round = Round.objects.create(
            competition=competition, name=code, code=code, order=order, legs=1 if final else 2,
            first_leg_date=datetime.date(2031, 2, 1) + datetime.timedelta(weeks=2 * order),
            second_leg_date=None if final else datetime.date(2031, 2, 8) + datetime.timedelta(weeks=2 * order),
        )
        ties = []
        for position in range(1, count + 1):
            tie = Tie(round=round, code=f"{code}-{position}" if not final else "F", position=position)
            if earlier:
                tie.home_from, tie.away_from = earlier[2 * position - 2], earlier[2 * position - 1]
            else:
                tie.home, tie.away = teams[2 * position - 2], teams[2 * position - 1]
            ties.append(results.create_tie(tie))
        earlier = ties
    return competition
