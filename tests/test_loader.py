"""Loading a competition from its data file: the draw as the article gives it, and safe to repeat."""
import pytest
from django.core.management import CommandError, call_command

from europa import competition_file
from europa.models import Competition, Leg, Round, Team, Tie
from tests.conftest import DRAW


def snapshot():
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Competition, Team, Round, Tie, Leg)
    }


def test_loads_the_draw_of_15_march_2024(db):
    competition_file.load(competition_file.read(DRAW))
    assert Competition.objects.get().slug == "europa-league-2023-24"
    assert sorted(Team.objects.values_list("name", "country")) == [
        ("AC Milan", "ITA"), ("Atalanta", "ITA"), ("Bayer Leverkusen", "GER"), ("Benfica", "POR"),
        ("Liverpool", "ENG"), ("Marseille", "FRA"), ("Roma", "ITA"), ("West Ham United", "ENG"),
    ]
    pairs = [(t.code, t.home and t.home.name, t.away and t.away.name,
              t.home_from and t.home_from.code, t.away_from and t.away_from.code)
             for t in Tie.objects.order_by("round__order", "position")]
    assert pairs == [
        ("QF1", "AC Milan", "Roma", None, None),
        ("QF2", "Liverpool", "Atalanta", None, None),
        ("QF3", "Bayer Leverkusen", "West Ham United", None, None),
        ("QF4", "Benfica", "Marseille", None, None),
        ("SF1", None, None, "QF4", "QF2"),
        ("SF2", None, None, "QF1", "QF3"),
        ("F", None, None, "SF1", "SF2"),
    ]
    assert Leg.objects.count() == 13
    assert not Leg.objects.filter(kickoff__isnull=False).exists()


def test_loading_twice_changes_nothing(db, capsys):
    call_command("load_competition", str(DRAW))
    before = snapshot()
    call_command("load_competition", str(DRAW))
    assert snapshot() == before
    assert "Nothing to do" in capsys.readouterr().out


def test_loading_again_keeps_what_editors_entered(play):
    play("QF1", 1, 2, 1)
    competition_file.load(competition_file.read(DRAW))
    leg = Leg.objects.get(tie__code="QF1", number=1)
    assert (leg.status, leg.home_goals, leg.away_goals) == ("finished", 2, 1)


@pytest.mark.parametrize("change, message", [
    (lambda d: d["rounds"][0]["ties"][0].update(home="Real Madrid"),
     'line 56, tie "QF1", home "Real Madrid": is not in the file\'s [[teams]]: add it there (name and country)'),
    (lambda d: d["rounds"][0].update(dates=["2024-04-11"]),
     'line 52, round "QF", dates ["2024-04-11"]: a round of 2 legs has 2 dates, e.g. dates = ['),
    (lambda d: d["teams"][0].update(country="Italy"),
     """line 15, team "AC Milan", country "Italy": Use UEFA's three capital letters, e.g. ENG, ITA, GER."""),
    (lambda d: d["teams"][1].pop("country"), 'line 17, team "Roma": country is missing: write e.g. country = "TUR".'),
    (lambda d: d["teams"][1].update(shot_name="Roma"),
     'team "Roma": shot_name is no key of this table; it has name, country, short_name, slug.'),
    (lambda d: d["teams"][2].update(slug="Liverpool FC"), 'team "Liverpool", slug "Liverpool FC": Enter a valid “slug”'),
    (lambda d: d["teams"][2].update(name="Liverpool Football Club of Merseyside, England"),
     "The name is longer than 30 letters: write a shorter one for tight spaces."),
    (lambda d: d.pop("competition"), "the file: it has no [competition] table: write its name, season and slug."),
])
def test_bad_file_is_refused_with_a_clear_message_and_changes_nothing(db, change, message):
    source = competition_file.read(DRAW)
    change(source.data)
    with pytest.raises(competition_file.CompetitionFileError) as refused:
        competition_file.load(source)
    assert message in str(refused.value)
    assert not Competition.objects.exists() and not Team.objects.exists()


def test_every_problem_is_reported_at_once_with_its_line(db, tmp_path):
    text = DRAW.read_text().replace('country = "POR"', 'country = "PT"').replace('home_from = "QF4"', 'home_from = "QF5"')
    text = text.replace('  code = "QF2"\n', '  code = "QF2"\n  dates = ["2024-04-10", "2024-04-17"]\n  kick_off = "21:00"\n')
    broken = tmp_path / "broken.toml"
    broken.write_text(text)
    with pytest.raises(CommandError) as refused:
        call_command("load_competition", str(broken))
    assert str(refused.value).splitlines() == [
        f"""{broken}, line 41, team "Benfica", country "PT": Use UEFA's three capital letters, e.g. ENG, ITA, GER.""",
        f'{broken}, line 63, tie "QF2": kick_off is no key of this table; it has code, home, away, home_from, '
        "away_from, dates, kickoff, time_zone, venue, notes, legs.",
        f'{broken}, line 88, tie "SF1", home_from "QF5": there is no tie QF5 in the file; write a tie of Quarter-finals.',
    ]
    assert not Competition.objects.exists() and not Team.objects.exists()


def test_command_reports_an_unreadable_file(db, tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("[competition\n")
    with pytest.raises(CommandError, match="broken.toml"):
        call_command("load_competition", str(broken))
