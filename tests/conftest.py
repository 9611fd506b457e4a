"""Fixtures shared by the whole suite: the real draw, loaded from the file that ships."""
import os
from pathlib import Path

import pytest
from django.core.cache import cache

from europa import competition_file, results
from europa.models import Competition, Leg, Tie

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
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def draw(db):
    """The Europa League 2023/24 quarter-finals onwards, as drawn on 15 March 2024."""
    competition_file.load(competition_file.read(DRAW))
    return Competition.objects.get(slug="europa-league-2023-24")


@pytest.fixture
def play(draw):
    """play("QF1", 1, 2, 0): enter a leg's score (the leg's home team first) the way the
    admin does, through results.save_tie()."""
    return _play


def _play(tie_code, number, home_goals, away_goals, status="finished", **extra):
    tie = Tie.objects.select_related("round__competition").get(code=tie_code)
    leg = tie.legs.get(number=number)
    leg.home_goals, leg.away_goals, leg.status = home_goals, away_goals, status
    for field, value in extra.items():
        setattr(leg, field, value)
    results.save_tie(tie, [leg], revision=tie.revision)
    return Leg.objects.get(pk=leg.pk)
