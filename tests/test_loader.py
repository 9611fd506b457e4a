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
    (lambda d: d["rounds"][0]["ties"][0].update(home="Real Madrid"), "Team 'Real Madrid' is not in the file"),
    (lambda d: d["rounds"][1]["ties"][0].update(home_from="QF9"), "home_from 'QF9' is not an earlier tie"),
    (lambda d: d["rounds"][0].update(dates=["2024-04-11"]), "has 2 legs but 1 dates"),
    (lambda d: d["teams"][0].update(country="Italy"), "AC Milan: Use UEFA's three capital letters"),
    (lambda d: d.pop("competition"), "Missing entry 'competition'"),
])
def test_bad_file_is_refused_with_a_clear_message_and_changes_nothing(db, change, message):
    data = competition_file.read(DRAW)
    change(data)
    with pytest.raises(competition_file.CompetitionFileError, match=message):
        competition_file.load(data)
    assert not Competition.objects.exists() and not Team.objects.exists()


def test_command_reports_an_unreadable_file(db, tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("[competition\n")
    with pytest.raises(CommandError, match="broken.toml"):
        call_command("load_competition", str(broken))
