"""Competition files written out and read back: the draw's layout with results added, a
whole season that comes back byte for byte, and files refused with a message that says
what to mend, leaving the database as it was."""
import datetime
import tomllib

import pytest
from django.core.management import CommandError, call_command

from europa import competition_file, results
from europa.bracket import Bracket
from europa.models import Competition, Leg, Round, Team, Tie
from tests.conftest import DRAW

# The real 2023/24 knockout results, each leg's home team first.
SEASON = {
    "QF1": [(0, 1), (2, 1)],    # Milan 0–1 Roma, Roma 2–1 Milan
    "QF2": [(0, 3), (0, 1)],    # Liverpool 0–3 Atalanta, Atalanta 0–1 Liverpool
    "QF3": [(2, 0), (1, 1)],    # Leverkusen 2–0 West Ham, West Ham 1–1 Leverkusen
    # Benfica 2–1 Marseille; Marseille 1–0 Benfica a.e.t., Marseille win 4–2 on penalties
    "QF4": [(2, 1), (1, 0, {"extra_time": True, "home_penalties": 4, "away_penalties": 2})],
    "SF1": [(1, 3), (3, 0)],    # Marseille 1–3 Atalanta, Atalanta 3–0 Marseille
    "SF2": [(0, 2), (2, 2)],    # Roma 0–2 Leverkusen, Leverkusen 2–2 Roma
    "F": [(3, 0, {"kickoff": datetime.time(21), "venue": "Dublin Arena"})],  # Atalanta 3–0 Leverkusen
}


def enter(code, scores):
    """Enter a tie's legs as an editor does, through results.save_tie."""
    tie = Tie.objects.select_related("round__competition", "home", "away").get(code=code)
    legs = []
    for leg, (home_goals, away_goals, *extra) in zip(tie.ordered_legs, scores, strict=True):
        leg.status, leg.home_goals, leg.away_goals = "finished", home_goals, away_goals
        for field, value in (extra[0] if extra else {}).items():
            setattr(leg, field, value)
        legs.append(leg)
    results.save_tie(tie, legs, revision=tie.revision)


def enter_season():
    for code, scores in SEASON.items():
        enter(code, scores)


@pytest.fixture
def season(draw):
    enter_season()
    return draw


def wipe():
    """An empty database, as a restore meets it: ties protect their teams and feeders."""
    for round in Round.objects.order_by("-order"):
        round.ties.all().delete()
    Competition.objects.all().delete()
    Team.objects.all().delete()


def test_an_unplayed_draw_exports_as_the_shipped_file_says(draw):
    exported = competition_file.dump(draw)
    assert tomllib.loads(exported) == competition_file.read(DRAW).data
    assert "[[teams]]\n" in exported and "\n  [[rounds.ties]]\n  code = \"QF1\"\n" in exported


def test_results_are_written_as_legs_tables_without_defaults(season):
    exported = competition_file.dump(season)
    qf4 = exported[exported.index('code = "QF4"'):exported.index("[[rounds]]", exported.index('code = "QF4"'))]
    assert qf4.endswith(
        "    [[rounds.ties.legs]]\n    number = 2\n    status = \"finished\"\n    home_goals = 1\n"
        "    away_goals = 0\n    extra_time = true\n    home_penalties = 4\n    away_penalties = 2\n\n"
    )
    final = exported[exported.index('code = "F"\n  home_from'):]
    assert final == (
        'code = "F"\n  home_from = "SF1"\n  away_from = "SF2"\n  venue = "Dublin"\n\n'
        '    [[rounds.ties.legs]]\n    number = 1\n    kickoff = "21:00"\n    venue = "Dublin Arena"\n'
        '    status = "finished"\n    home_goals = 3\n    away_goals = 0\n'
    )
    # Winners carried on are not written: they come back from the results.
    assert 'home = "Atalanta"' not in exported[exported.index('code = "SF1"'):]


def test_a_season_comes_back_byte_for_byte(season):
    exported = competition_file.dump(season)
    wipe()
    report = competition_file.load(tomllib.loads(exported))
    assert "Results entered for QF1, QF2, QF3, QF4, SF1, SF2, F." in str(report)
    restored = Competition.objects.get()
    assert competition_file.dump(restored) == exported
    bracket = Bracket(restored)
    assert bracket.champion().name == "Atalanta"
    assert bracket.tie("SF1").summary == "Atalanta win 6–1 on aggregate"
    assert bracket.tie("QF4").summary == "Marseille win 4–2 on penalties after 2–2 on aggregate"
    assert bracket.tie("F").ordered_legs[0].kickoff == datetime.time(21)


def test_backup_and_restore_with_the_commands(season, tmp_path, capsys):
    backup = tmp_path / "backup.toml"
    call_command("export_competition", "europa-league-2023-24", "-o", str(backup))
    wipe()
    call_command("load_competition", str(backup))
    capsys.readouterr()
    call_command("export_competition", "europa-league-2023-24")
    assert capsys.readouterr().out.encode() == backup.read_bytes()


def test_exporting_an_unknown_competition_names_the_known_ones(draw):
    with pytest.raises(CommandError, match="No competition 'nope'. There are: europa-league-2023-24."):
        call_command("export_competition", "nope")


def test_a_moved_leg_and_a_round_still_without_dates_come_back(draw):
    Leg.objects.filter(tie__code="QF3", number=1).update(date=datetime.date(2024, 4, 10))
    Round.objects.create(competition=draw, code="X", name="Play-off", order=4, legs=2)
    exported = competition_file.dump(draw)
    assert '    [[rounds.ties.legs]]\n    number = 1\n    date = "2024-04-10"\n' in exported
    assert 'code = "X"\nname = "Play-off"\ndates = []\n' in exported
    wipe()
    competition_file.load(tomllib.loads(exported))
    assert competition_file.dump(Competition.objects.get()) == exported


def test_loading_a_file_again_changes_nothing_and_says_so(season):
    data = tomllib.loads(competition_file.dump(season))
    before = list(Leg.objects.order_by("pk").values())
    assert str(competition_file.load(data)).startswith("Nothing to do")
    assert list(Leg.objects.order_by("pk").values()) == before


def test_results_already_stored_are_never_overwritten_by_a_file(play):
    play("QF1", 1, 2, 1)
    source = competition_file.read(DRAW)
    data = source.data
    data["rounds"][0]["ties"][0]["legs"] = [{"number": 1, "status": "finished", "home_goals": 0, "away_goals": 1}]
    data["rounds"][0]["ties"][1]["legs"] = [{"number": 1, "status": "finished", "home_goals": 0, "away_goals": 3}]
    report = competition_file.load(source)
    assert "Kept as stored, not as in the file: the legs of QF1, QF2." in str(report)
    assert Leg.objects.get(tie__code="QF1", number=1).home_goals == 2
    assert Leg.objects.get(tie__code="QF2", number=1).status == "scheduled"


def with_legs(code, *legs):
    """A change to the shipped draw: tie `code` gets these [[rounds.ties.legs]] tables."""
    def change(data):
        tie = next(t for r in data["rounds"] for t in r["ties"] if t["code"] == code)
        tie["legs"] = list(legs)
    return change


def finished(number, home, away, **extra):
    return {"number": number, "status": "finished", "home_goals": home, "away_goals": away, **extra}


def round_of(code):
    return lambda data: next(r for r in data["rounds"] if r["code"] == code)


@pytest.mark.parametrize("change, message", [
    (with_legs("QF1", {"number": 1, "status": "done"}),
     'line 54, tie "QF1" leg 1, status "done": write "scheduled", "live" or "finished".'),
    (with_legs("QF1", finished(1, 100, 0)), 'tie "QF1" leg 1, home_goals 100: Goals and penalties are at most 99.'),
    (with_legs("QF1", finished(1, 0, -1)), 'tie "QF1" leg 1, away_goals -1: Goals and penalties cannot be negative.'),
    (with_legs("QF1", finished(1, "2", 0)), 'tie "QF1" leg 1, home_goals "2": write e.g. home_goals = 2.'),
    (with_legs("QF1", finished(3, 1, 0)),
     'tie "QF1" leg 3: Quarter-finals is played over two legs: write number = 1 or 2.'),
    (with_legs("F", finished(2, 1, 0)), 'tie "F" leg 2: Final is played over one match: write number = 1.'),
    (with_legs("QF1", finished(1, 1, 0), finished(1, 2, 0)), 'tie "QF1" leg 1: is in the file twice; write each leg once.'),
    (with_legs("QF1", {"number": 1, "goals": 3}), 'tie "QF1" leg 1: goals is no key of this table; it has number, date,'),
    (with_legs("QF1", {"number": 1, "kickoff": "8pm"}), 'tie "QF1" leg 1, kickoff "8pm": is not a time like 20:45.'),
    (with_legs("QF1", {"number": 1, "date": "11 April"}), 'tie "QF1" leg 1, date "11 April": is not a date like 2024-04-11.'),
    (with_legs("QF1", {"number": 1, "extra_time": "yes"}), 'tie "QF1" leg 1, extra_time "yes": write e.g. extra_time = true.'),
    (with_legs("QF1", {"number": 1, "venue": "x" * 101}), "Ensure this value has at most 100 characters"),
    (with_legs("QF1", {"number": 1, "time_zone": "Europe/Atlantis", "kickoff": "20:00"}),
     'tie "QF1" leg 1, time_zone "Europe/Atlantis": is no time zone; write one such as Europe/Paris'),
    (with_legs("QF1", {"number": 2, "date": "2024-04-11"}), 'tie "QF1" leg 2: is on 2024-04-11, not after leg 1 (2024-04-11).'),
    (with_legs("QF1", finished(2, 1, 0)), 'tie "QF1" leg 2: A second leg finished before the first'),
    (with_legs("QF2", finished(1, 1, 0), finished(2, 0, 1, extra_time=True, home_penalties=4, away_penalties=3)),
     'tie "QF2" leg 2: Penalties are taken only when the tie is level'),
    (with_legs("SF1", finished(1, 1, 0)),
     'line 84, tie "SF1": it has a result, but its home side is still the winner of QF4, which has no winner'),
    (lambda d: d["rounds"][1]["ties"][1].update(away_from="QF2"),
     """line 92, tie "SF2", away_from "QF2": QF2's winner already goes to SF1; a winner goes to one place."""),
    (lambda d: d["rounds"][1]["ties"][0].update(away_from="QF4"), "QF4's winner already goes to SF1"),
    (lambda d: d["rounds"][2]["ties"][0].update(home_from="QF1"),
     """line 102, tie "F", home_from "QF1": QF1 is not in Semi-finals, the round just before"""),
    (lambda d: d["rounds"][0]["ties"][0].update(home_from="QF2", home=None) or d["rounds"][0]["ties"][0].pop("home"),
     'tie "QF1", home_from "QF2": Quarter-finals is the first round: write home with a team\'s name.'),
    (lambda d: d["rounds"][1]["ties"][0].update(home_from="SF2"),
     'tie "SF1", home_from "SF2": SF2 is not in Quarter-finals, the round just before'),
    (lambda d: d["rounds"][1]["ties"][0].update(home_from="QF9"),
     'line 86, tie "SF1", home_from "QF9": there is no tie QF9 in the file; write a tie of Quarter-finals.'),
    (lambda d: d["rounds"][0]["ties"][0].update(home_from="QF2"), 'tie "QF1": write home or home_from, not both.'),
    (lambda d: d["rounds"][0]["ties"][1].update(home="Roma"), 'line 62, tie "QF2", home "Roma": Roma already plays QF1 in this round.'),
    (lambda d: d["rounds"][0]["ties"][0].update(away="AC Milan"), "AC Milan already plays QF1 in this round."),
    (lambda d: d["rounds"][0]["ties"].append({"code": "QF1", "home": "Roma", "away": "Benfica"}),
     'tie "QF1": is in the file twice; give each tie its own code.'),
    (lambda d: d["teams"].append(dict(d["teams"][0])), 'team "AC Milan": is in [[teams]] twice; keep one.'),
    (lambda d: round_of("QF")(d).update(dates=["2024-04-11", "18/04/2024"]),
     'line 52, round "QF", date "18/04/2024": is not a date like 2024-04-11.'),
    (lambda d: round_of("SF")(d).update(dates=["2024-04-18", "2024-05-09"]),
     'round "SF", dates ["2024-04-18", "2024-05-09"]: Semi-finals starts on 2024-04-18, not after Quarter-finals ends'),
    (lambda d: round_of("QF")(d).update(dates=["2024-04-18", "2024-04-11"]),
     "The second legs come after the first legs."),
    (lambda d: d["rounds"][1]["ties"][0].update(dates=["2024-04-17", "2024-05-09"]),
     'tie "SF1" leg 1: is on 2024-04-17, not after QF4 ends (2024-04-18).'),
    (lambda d: d["rounds"].append(dict(d["rounds"][0], ties=[])),
     'round "QF": is in [[rounds]] twice; give each round its own code.'),
    (lambda d: round_of("QF")(d).update(dates="2024-04-11"),
     'round "QF", dates "2024-04-11": write a list, e.g. dates = ["2024-04-11", "2024-04-18"].'),
    (lambda d: round_of("F")(d).update(dates=["2024-05-22", "2024-05-29"]),
     'line 98, round "F", dates ["2024-05-22", "2024-05-29"]: a round of 1 leg has 1 date'),
    (lambda d: d["rounds"].append({"code": "X", "name": "Play-off", "legs": 1, "dates": ["2024-06-01", "2024-06-08"]}),
     "a round of 1 leg has 1 date"),
    (lambda d: round_of("F")(d).update(dates=[datetime.datetime(2024, 5, 22, 21)]),
     'round "F", date "2024-05-22 21:00:00": is not a date like 2024-04-11.'),
    (with_legs("QF1", {"number": 1, "kickoff": "25:00"}), 'kickoff "25:00": is not a time like 20:45.'),
    (with_legs("QF1", {"number": 1, "kickoff": "2045"}), 'kickoff "2045": is not a time like 20:45.'),
    (lambda d: d["rounds"][0]["ties"][0].update(legs=2), 'tie "QF1": legs is a list of [[rounds.ties.legs]] tables.'),
    (lambda d: d["rounds"][0]["ties"][0].update(home=["AC Milan"]), 'tie "QF1", home ["AC Milan"]: write e.g. home = "Fenerbahçe".'),
    (lambda d: d["rounds"][0]["ties"][0].update(date="2024-04-10"),
     'line 54, tie "QF1": date is no key of this table; it has code, home, away,'),
    (lambda d: round_of("QF")(d).update(legs=3), 'round "QF", legs 3: Value 3 is not a valid choice.'),
    (lambda d: d["competition"].update(time_zone="CET+1"),
     'line 6, [competition], time_zone "CET+1": Use a zone name such as Europe/Paris.'),
    (lambda d: d["competition"].pop("season"), 'line 6, [competition]: season is missing: write e.g. season = "2023/24".'),
    (lambda d: d.update(round=[]), "the file: round is no key of this table; it has competition, teams, rounds."),
])
def test_a_bad_file_gets_a_clear_message_and_changes_nothing(db, change, message):
    source = competition_file.read(DRAW)
    change(source.data)
    with pytest.raises(competition_file.CompetitionFileError) as refused:
        competition_file.load(source)
    assert message in str(refused.value)
    assert str(refused.value).startswith(f"{DRAW}, ")
    assert not Competition.objects.exists() and not Team.objects.exists() and not Leg.objects.exists()


def test_toml_dates_and_times_load_as_well_as_strings(db):
    data = tomllib.loads(DRAW.read_text().replace('"2024-05-22"', "2024-05-22") + (
        "\n    [[rounds.ties.legs]]\n    number = 1\n    kickoff = 21:00:00\n"
    ))
    competition_file.load(data)
    final = Leg.objects.get(tie__code="F")
    assert (final.date, final.kickoff) == (datetime.date(2024, 5, 22), datetime.time(21))


def test_a_legs_table_that_changes_nothing_enters_no_result(db):
    source = competition_file.read(DRAW)
    source.data["rounds"][0]["ties"][0]["legs"] = [{"number": 1, "status": "scheduled"}]
    report = competition_file.load(source)
    assert "Results entered" not in str(report)
    assert Tie.objects.get(code="QF1").revision == 0


def test_a_result_refused_late_in_the_file_leaves_nothing_of_the_earlier_ones(season):
    data = tomllib.loads(competition_file.dump(season))
    final = data["rounds"][2]["ties"][0]["legs"][0]
    final.update(home_penalties=5, away_penalties=4)
    wipe()
    with pytest.raises(competition_file.CompetitionFileError, match='^the file, tie "F" leg 1: Penalties'):
        competition_file.load(data)
    assert not Leg.objects.exists() and not Team.objects.exists()


def test_a_file_that_is_not_toml_or_not_text_is_refused(db):
    with pytest.raises(competition_file.CompetitionFileError, match="upload.toml: not a text file in UTF-8"):
        competition_file.parse(b"\xff\xfe", "upload.toml")
    with pytest.raises(competition_file.CompetitionFileError, match="upload.toml: larger than"):
        competition_file.parse(b"#" * (competition_file.MAX_FILE_BYTES + 1), "upload.toml")
