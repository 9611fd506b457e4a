"""The competition file format as README.md documents it: its example loads as described,
each tie and leg can have its own dates, kick-off and venue, check_competition checks
without loading, a season with all of that comes back byte for byte, and a load never moves
the home page without saying so."""
import datetime
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from europa import competition_file
from europa.models import Competition, Leg, Team, Tie
from tests.conftest import DRAW
from tests.test_competition_files import enter, wipe

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_example():
    """The ```toml example of README.md's "Competitions as files", as a file's bytes."""
    text = README.read_text()
    section = text[text.index("## Competitions as files\n"):]
    section = section[:section.index("\n## ", 1)]
    return re.search(r"```toml\n(.*?)```", section, re.S)[1].encode()


@pytest.fixture
def example(db):
    competition_file.load(competition_file.parse(readme_example(), "example.toml"))
    return Competition.objects.get(slug="example-cup-2030-31")


def legs(code):
    return [(leg.date, leg.kickoff, leg.venue) for leg in Leg.objects.filter(tie__code=code).order_by("number")]


def test_the_readme_example_loads_as_it_says(example):
    assert sorted(Team.objects.values_list("name", "short_name", "slug")) == [
        ("Beşiktaş", "Beşiktaş", "besiktas"), ("Fenerbahçe", "Fenerbahçe", "fenerbahce"),
        ("Malmö", "Malmö", "malmo"), ("Viktoria Plzeň", "Plzeň", "viktoria-plzen"),
    ]
    day = datetime.date
    # SF1 on the round's dates; SF2 on its own, kick-offs stored in the competition's zone.
    assert legs("SF1") == [(day(2031, 4, 30), None, ""), (day(2031, 5, 7), None, "")]
    assert legs("SF2") == [
        (day(2031, 5, 1), datetime.time(18, 45), ""),
        (day(2031, 5, 8), datetime.time(21), "Tüpraş Stadyumu"),  # 22:00 in Istanbul
    ]
    final = Tie.objects.get(code="F")
    assert (final.home_from.code, final.away_from.code, final.venue) == ("SF1", "SF2", "Athens")
    assert legs("F") == [(day(2031, 5, 28), None, "")]


def test_a_kickoff_in_another_zone_on_another_day_in_the_competitions_moves_the_date(db):
    text = readme_example().decode().replace('kickoff = "22:00"', 'kickoff = "00:30"', 1)
    competition_file.load(competition_file.parse(text.encode(), "late.toml"))
    # 00:30 in Istanbul on 8 May is 23:30 in Paris on 7 May.
    assert legs("SF2")[1][:2] == (datetime.date(2031, 5, 7), datetime.time(23, 30))


def test_check_competition_checks_without_loading(tmp_path, capsys, db):
    good = tmp_path / "cup.toml"
    good.write_bytes(readme_example())
    call_command("check_competition", str(good))
    assert capsys.readouterr().out == (
        f"{good}: no problem found. Example Cup 2030/31: 4 teams, 2 rounds, 3 ties.\n"
    )
    assert not Competition.objects.exists() and not Team.objects.exists()


def test_check_competition_lists_every_problem_and_fails(tmp_path, db):
    text = readme_example().decode()
    text = text.replace('country = "CZE"', 'country = "CZ"')
    text = text.replace('away = "Beşiktaş"', 'away = "Fenerbahçe"')  # Fenerbahçe twice in the round
    text = text.replace('away_from = "SF2"', 'away_from = "SF1"')  # SF1's winner fed twice
    text = text.replace('dates = ["2031-05-28"]', 'dates = ["2031-05-06"]')  # before the semi-finals end
    text = text.replace("    number = 2\n", '    number = 2\n    status = "done"\n')
    bad = tmp_path / "cup.toml"
    bad.write_text(text)
    with pytest.raises(CommandError) as refused:
        call_command("check_competition", str(bad))
    assert str(refused.value).splitlines() == [
        "6 problems:",
        f"""{bad}, line 14, team "Viktoria Plzeň", country "CZ": Use UEFA's three capital letters, e.g. ENG, ITA, GER.""",
        # In the order of the file's lines, though a tie's legs are read before its draw.
        f'{bad}, line 37, tie "SF2", away "Fenerbahçe": Fenerbahçe already plays SF1 in this round.',
        f'{bad}, line 43, tie "SF2" leg 2, status "done": write "scheduled", "live" or "finished".',
        f'{bad}, line 53, round "F", dates ["2031-05-06"]: Final starts on 2031-05-06, not after Semi-finals ends '
        "(2031-05-07): rounds are played in order.",
        f'{bad}, line 55, tie "F" leg 1: is on 2031-05-06, not after SF1 ends (2031-05-07).',
        f"""{bad}, line 58, tie "F", away_from "SF1": SF1's winner already goes to F; a winner goes to one place.""",
    ]
    assert not Competition.objects.exists()


def test_check_competition_on_the_shipped_draw(capsys, db):
    call_command("check_competition", str(DRAW))
    assert "no problem found. UEFA Europa League 2023/24: 8 teams, 3 rounds, 7 ties." in capsys.readouterr().out


def test_a_season_with_accents_and_legs_of_their_own_comes_back_byte_for_byte(example, tmp_path):
    enter("SF1", [(2, 1), (1, 1, {"venue": "Doosan Arena"})])
    enter("SF2", [(0, 1, {"kickoff": datetime.time(19)}), (2, 2)])
    enter("F", [(1, 1, {"extra_time": True, "home_penalties": 5, "away_penalties": 4, "kickoff": datetime.time(21)})])
    exported = competition_file.dump(example)
    for written in ('name = "Viktoria Plzeň"\nshort_name = "Plzeň"', 'venue = "Tüpraş Stadyumu"',
                    'date = "2031-05-08"\n    kickoff = "21:00"', 'venue = "Doosan Arena"'):
        assert written in exported
    backup = tmp_path / "backup.toml"
    call_command("export_competition", "example-cup-2030-31", "-o", str(backup))
    wipe()
    call_command("load_competition", str(backup))
    assert competition_file.dump(Competition.objects.get()) == exported
    assert backup.read_bytes() == exported.encode()
    assert Tie.objects.get(code="F").winner.name == "Fenerbahçe"
    assert Team.objects.get(name="Viktoria Plzeň").slug == "viktoria-plzen"


def test_a_load_that_moves_the_home_page_says_so(draw, client, settings):
    report = competition_file.load(competition_file.parse(readme_example(), "example.toml"))
    assert str(report).endswith(
        "The home page (/) now shows Example Cup 2030/31, whose last leg is the latest, instead of "
        "UEFA Europa League 2023/24: to keep UEFA Europa League 2023/24 there, set "
        "EUROPA_CURRENT_COMPETITION=europa-league-2023-24."
    )
    assert "<h1>Example Cup</h1>" in client.get("/").content.decode()


def test_a_load_leaves_the_home_page_the_setting_chose(draw, client, settings):
    settings.EUROPA_CURRENT_COMPETITION = "europa-league-2023-24"
    report = competition_file.load(competition_file.parse(readme_example(), "example.toml"))
    assert "home page" not in str(report)
    assert "<h1>UEFA Europa League</h1>" in client.get("/").content.decode()


def test_what_only_the_database_can_refuse_is_reported_and_nothing_is_loaded(db):
    Team.objects.create(name="Roma", country="ITA")
    Team.objects.create(name="Lazio", country="ITA")
    text = readme_example().decode()
    text = text.replace('name = "Fenerbahçe"\n', 'name = "Fenerbahçe"\nslug = "roma"\n')
    text = text.replace('name = "Malmö"\n', 'name = "Malmö"\nslug = "lazio"\n')
    with pytest.raises(competition_file.CompetitionFileError) as refused:
        competition_file.load(competition_file.parse(text.encode(), "cup.toml"))
    assert str(refused.value).splitlines() == [
        'cup.toml, line 9, team "Fenerbahçe", slug "roma": Team with this Slug already exists.',
        'cup.toml, line 19, team "Malmö", slug "lazio": Team with this Slug already exists.',
    ]
    assert not Competition.objects.exists() and Team.objects.count() == 2


def test_a_line_is_found_past_a_long_note_that_looks_like_tables(db):
    text = readme_example().decode().replace(
        '  away = "Viktoria Plzeň"\n',
        '  away = "Viktoria Plzeň"\n  notes = """A note of its own:\n[[rounds.ties]]\n[[teams]]\n"""\n',
    ).replace('home = "Malmö"', 'home = "Malmoe"')
    with pytest.raises(competition_file.CompetitionFileError) as refused:
        competition_file.load(competition_file.parse(text.encode(), "cup.toml"))
    assert str(refused.value).startswith('cup.toml, line 40, tie "SF2", home "Malmoe": ')


def test_a_wrong_value_is_reported_once(db):
    text = readme_example().decode().replace(
        "    number = 2\n", "    number = 2\n    status = \"finished\"\n    home_goals = -1\n    away_goals = 0\n"
    )
    with pytest.raises(competition_file.CompetitionFileError) as refused:
        competition_file.load(competition_file.parse(text.encode(), "cup.toml"))
    assert [str(problem) for problem in refused.value.problems] == [
        'line 44, tie "SF2" leg 2, home_goals -1: Goals and penalties cannot be negative.'
    ]
