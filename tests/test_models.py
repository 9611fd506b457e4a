"""The draw as stored: who plays whom, where a winner goes, and corrections."""
import pytest

from europa import bracket, results, rules
from europa.models import Leg, Tie


def tie(code):
    return Tie.objects.select_related("round__competition", "home", "away").get(code=code)


def test_unknown_sides_are_written_as_the_draw_says(draw):
    assert tie("SF1").home_label == "Benfica or Marseille"
    assert tie("SF1").away_label == "Liverpool or Atalanta"
    assert tie("SF2").home_label == "AC Milan or Roma"
    assert tie("SF2").away_label == "Bayer Leverkusen or West Ham United"
    assert tie("F").home_label == "Winner of SF1"


def test_winner_fills_the_slot_the_draw_gives_it(play):
    play("QF2", 1, 0, 3)   # Liverpool 0–3 Atalanta
    assert tie("SF1").away is None  # one leg does not decide a tie
    play("QF2", 2, 0, 1)   # Atalanta 0–1 Liverpool: Atalanta win 3–1 on aggregate
    assert tie("QF2").winner.name == "Atalanta"
    assert tie("SF1").away.name == "Atalanta"
    assert tie("SF1").home is None
    play("QF4", 1, 2, 1)
    play("QF4", 2, 1, 0, status="live")   # Marseille 1–0 Benfica at home: 2–2, to extra time…
    assert tie("SF1").home is None
    play("QF4", 2, 1, 0, extra_time=True, home_penalties=4, away_penalties=2)
    assert tie("QF4").outcome.decided_by == rules.DecidedBy.PENALTIES
    assert tie("SF1").home.name == "Marseille"


def test_leg_goals_are_shown_from_each_sides_point_of_view(play):
    play("QF1", 1, 1, 0)   # AC Milan 1–0 Roma
    play("QF1", 2, 2, 1, status="live")   # Roma 2–1 AC Milan, extra time to come
    milan, roma = bracket.sides(tie("QF1"))
    assert (milan.label, milan.goals) == ("AC Milan", [1, 1])
    assert (roma.label, roma.goals) == ("Roma", [0, 2])
    assert tie("QF1").outcome.aggregate == rules.Score(2, 2)


def test_correction_moves_the_next_tie_while_it_has_no_result(play):
    play("QF3", 1, 2, 0)
    play("QF3", 2, 1, 1)
    assert tie("SF2").away.name == "Bayer Leverkusen"
    play("QF3", 2, 4, 1)   # corrected: West Ham 4–1 at home, 4–3 on aggregate
    assert tie("SF2").away.name == "West Ham United"


def test_correction_that_undoes_a_decision_empties_the_next_slot(play):
    play("QF3", 1, 2, 0)
    play("QF3", 2, 1, 1)
    play("QF3", 2, 1, 1, status="live")
    assert tie("SF2").away is None


def test_correction_is_refused_once_the_next_tie_has_a_result(play):
    play("QF1", 1, 1, 0)
    play("QF1", 2, 0, 0)   # AC Milan through
    play("QF3", 1, 2, 0)
    play("QF3", 2, 1, 1)   # Leverkusen through
    play("SF2", 1, 1, 1)
    qf1 = tie("QF1")
    legs = list(qf1.legs.order_by("number"))
    legs[1].home_goals = 3  # Roma 3–0: Roma would go through instead
    problems = results.problems(qf1, legs)
    assert [p.message for p in problems] == [
        "SF2 already has a result with AC Milan in it. Clear SF2's legs first, then correct QF1."
    ]
    assert tie("SF2").home.name == "AC Milan"


def test_result_problems_come_from_the_rules(draw):
    qf1 = tie("QF1")
    leg = qf1.legs.get(number=1)
    leg.status, leg.home_goals, leg.away_goals = "finished", 1, 1
    leg.extra_time = True
    (problem,) = results.problems(qf1, [leg])
    assert (problem.leg, problem.field) == (1, "extra_time")


def test_single_leg_final_goes_to_extra_time_and_penalties(play):
    for code, legs in {"QF1": [(1, 0), (0, 0)], "QF2": [(2, 0), (0, 0)],
                       "QF3": [(1, 0), (0, 0)], "QF4": [(1, 0), (0, 0)],
                       "SF1": [(1, 0), (0, 0)], "SF2": [(1, 0), (0, 0)]}.items():
        for number, (home, away) in enumerate(legs, start=1):
            play(code, number, home, away)
    final = tie("F")
    assert (final.home.name, final.away.name) == ("Benfica", "AC Milan")
    play("F", 1, 1, 1, extra_time=True, home_penalties=3, away_penalties=4)
    final = tie("F")
    assert final.winner.name == "AC Milan"
    assert final.summary == "AC Milan win 4–3 on penalties after a 1–1 draw"


def test_kickoff_is_unknown_until_entered(draw):
    leg = Leg.objects.select_related("tie__round__competition").get(tie__code="F")
    assert leg.kickoff_at is None
    leg.kickoff = "21:00"
    leg.save()
    leg.refresh_from_db()
    assert leg.kickoff_at.isoformat() == "2024-05-22T21:00:00+02:00"


@pytest.mark.parametrize("code, date", [
    ("QF1", "2024-04-11"), ("QF4", "2024-04-11"), ("SF1", "2024-05-02"), ("F", "2024-05-22"),
])
def test_first_legs_are_on_the_drawn_dates(draw, code, date):
    assert tie(code).legs.get(number=1).date.isoformat() == date


def test_final_is_in_dublin(draw):
    final = tie("F")
    assert final.venue == "Dublin"
    assert final.legs.get().where == "Dublin"
