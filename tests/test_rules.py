"""How a knockout tie is decided and checked, table by table (europa.rules); the words for
fans, in every language, are tested from the DESCRIBED table in test_describe.py."""

import datetime

import pytest

from europa import describe
from europa.rules import (
    DecidedBy,
    LegScore,
    LegStatus,
    Score,
    Side,
    TieStatus,
    decide,
    hosts_swapped,
    problems,
)

HOME, AWAY = Side.HOME, Side.AWAY
AGGREGATE, AWAY_GOALS = DecidedBy.AGGREGATE, DecidedBy.AWAY_GOALS
EXTRA_TIME, PENALTIES = DecidedBy.EXTRA_TIME, DecidedBy.PENALTIES
ET = {"extra_time": True}


# Goals are given as the LEG's home team first, as an editor types them from the match report.
def finished(number, home, away, **extra):
    return LegScore(number, LegStatus.FINISHED, home, away, **extra)


def live(number, home, away, **extra):
    return LegScore(number, LegStatus.LIVE, home, away, **extra)


def scheduled(number, **extra):
    return LegScore(number, **extra)


def shoot_out(home, away):
    """Extra time was played and then penalties, as (leg home, leg away) kicks scored."""
    return {"extra_time": True, "home_penalties": home, "away_penalties": away}


def day(month, number):
    return datetime.date(2024, month, number)


@pytest.mark.parametrize(
    "number, legs_in_tie, swapped",
    [
        pytest.param(1, 2, False, id="first leg: the tie's home side hosts"),
        pytest.param(2, 2, True, id="second leg: the tie's away side hosts"),
        pytest.param(1, 1, False, id="single-leg final: no swap"),
    ],
)
def test_hosts_swapped(number, legs_in_tie, swapped):
    assert hosts_swapped(number, legs_in_tie) is swapped


# legs, legs_in_tie, away_goals_rule, winner, decided_by, aggregate, penalties (tie orientation)
DECIDED = [
    pytest.param([finished(1, 2, 1), finished(2, 1, 2)], 2, False,
                 HOME, AGGREGATE, Score(4, 2), None, id="two legs: won on aggregate"),
    pytest.param([finished(1, 0, 0), finished(2, 3, 0)], 2, False,
                 AWAY, AGGREGATE, Score(0, 3), None, id="two legs: leg 2's host is the tie's away side"),
    pytest.param([finished(2, 1, 1), finished(1, 2, 0)], 2, False,
                 HOME, AGGREGATE, Score(3, 1), None, id="two legs: legs in any order"),
    pytest.param([finished(1, 1, 1), finished(2, 2, 3, **ET)], 2, False,
                 HOME, EXTRA_TIME, Score(4, 3), None, id="two legs: won in extra time"),
    pytest.param([finished(1, 1, 1), finished(2, 1, 1, **shoot_out(2, 4))], 2, False,
                 HOME, PENALTIES, Score(2, 2), Score(4, 2),
                 id="two legs: level after extra time, penalties decide"),
    pytest.param([finished(1, 1, 1), finished(2, 2, 2, **shoot_out(4, 3))], 2, False,
                 AWAY, PENALTIES, Score(3, 3), Score(3, 4),
                 id="two legs: no away goals rule by default"),
    pytest.param([finished(1, 1, 2), finished(2, 0, 1)], 2, True,
                 AWAY, AWAY_GOALS, Score(2, 2), None, id="away goals rule: decides after 90 minutes"),
    pytest.param([finished(1, 1, 1), finished(2, 2, 2, **ET)], 2, True,
                 HOME, AWAY_GOALS, Score(3, 3), None, id="away goals rule: extra-time goals count"),
    pytest.param([finished(1, 1, 1), finished(2, 1, 1, **shoot_out(5, 3))], 2, True,
                 AWAY, PENALTIES, Score(2, 2), Score(3, 5),
                 id="away goals rule: level on away goals too, penalties decide"),
    pytest.param([finished(1, 3, 0), finished(2, 2, 0)], 2, True,
                 HOME, AGGREGATE, Score(3, 2), None, id="away goals rule: aggregate comes first"),
    pytest.param([finished(1, 1, 1, **shoot_out(3, 4))], 1, True,
                 AWAY, PENALTIES, Score(1, 1), Score(3, 4), id="away goals rule: no effect in a final"),
    pytest.param([finished(1, 3, 0)], 1, False,
                 HOME, AGGREGATE, Score(3, 0), None, id="single leg: won in 90 minutes"),
    pytest.param([finished(1, 1, 2, **ET)], 1, False,
                 AWAY, EXTRA_TIME, Score(1, 2), None, id="single leg: neutral venue, won in extra time"),
    pytest.param([finished(1, 1, 1, **shoot_out(5, 4))], 1, False,
                 HOME, PENALTIES, Score(1, 1), Score(5, 4), id="single leg: penalties decide"),
]


@pytest.mark.parametrize("legs, legs_in_tie, rule, winner, decided_by, aggregate, penalties", DECIDED)
def test_decided(legs, legs_in_tie, rule, winner, decided_by, aggregate, penalties):
    outcome = decide(legs, legs_in_tie, away_goals_rule=rule)
    assert outcome.status == TieStatus.DECIDED
    assert (outcome.winner, outcome.decided_by) == (winner, decided_by)
    assert outcome.aggregate == aggregate
    assert outcome.penalties == penalties
    assert (outcome.leader, outcome.level_goes_to) == (None, None)


# legs, legs_in_tie, away_goals_rule, status, aggregate, leader, level_goes_to
NOT_DECIDED = [
    pytest.param([], 2, False, TieStatus.SCHEDULED, None, None, None, id="no legs yet"),
    pytest.param([scheduled(1), scheduled(2)], 2, False,
                 TieStatus.SCHEDULED, None, None, None, id="legs created, none played"),
    pytest.param([scheduled(1)], 1, False, TieStatus.SCHEDULED, None, None, None, id="final not played"),
    pytest.param([live(1, 1, 0)], 2, False,
                 TieStatus.IN_PROGRESS, Score(1, 0), HOME, None, id="first leg live"),
    pytest.param([finished(1, 1, 2), scheduled(2)], 2, False,
                 TieStatus.IN_PROGRESS, Score(1, 2), AWAY, None, id="after the first leg: away side leads"),
    pytest.param([finished(1, 1, 1)], 2, False,
                 TieStatus.IN_PROGRESS, Score(1, 1), None, None, id="after the first leg: level"),
    pytest.param([finished(1, 1, 1)], 2, True, TieStatus.IN_PROGRESS, Score(1, 1), AWAY, None,
                 id="away goals rule: level first leg, away side ahead on away goals"),
    pytest.param([finished(1, 2, 1), live(2, 0, 0)], 2, False,
                 TieStatus.IN_PROGRESS, Score(2, 1), HOME, None, id="second leg live: home side through"),
    pytest.param([finished(1, 2, 1), live(2, 2, 0)], 2, False, TieStatus.IN_PROGRESS, Score(2, 3),
                 AWAY, None, id="second leg live: its hosts turn the tie around"),
    pytest.param([finished(1, 2, 1), live(2, 1, 0)], 2, False, TieStatus.IN_PROGRESS, Score(2, 2),
                 None, EXTRA_TIME, id="second leg live: level, extra time would follow"),
    pytest.param([finished(1, 2, 1), live(2, 1, 0, **ET)], 2, False, TieStatus.IN_PROGRESS,
                 Score(2, 2), None, PENALTIES, id="second leg live: level in extra time"),
    pytest.param([finished(1, 2, 1), live(2, 1, 0, **shoot_out(3, 2))], 2, False,
                 TieStatus.IN_PROGRESS, Score(2, 2), AWAY, None, id="second leg live: shoot-out under way"),
    pytest.param([finished(1, 2, 1), live(2, 1, 0, **shoot_out(2, 2))], 2, False,
                 TieStatus.IN_PROGRESS, Score(2, 2), None, PENALTIES, id="second leg live: shoot-out level"),
    pytest.param([finished(1, 2, 1), live(2, 1, 0)], 2, True, TieStatus.IN_PROGRESS, Score(2, 2),
                 AWAY, None, id="away goals rule: live second leg, away goals lead"),
    pytest.param([finished(1, 1, 1), live(2, 1, 1)], 2, True, TieStatus.IN_PROGRESS, Score(2, 2),
                 None, EXTRA_TIME, id="away goals rule: live second leg, away goals level too"),
    pytest.param([live(1, 0, 1)], 1, False,
                 TieStatus.IN_PROGRESS, Score(0, 1), AWAY, None, id="final live: one side ahead"),
    pytest.param([live(1, 1, 1)], 1, False, TieStatus.IN_PROGRESS, Score(1, 1), None, EXTRA_TIME,
                 id="final live: level, extra time would follow"),
    pytest.param([finished(1, 1, 1), finished(2, 0, 0)], 2, False, TieStatus.IN_PROGRESS,
                 Score(1, 1), None, None, id="finished level without extra time"),
    pytest.param([finished(1, 1, 1), finished(2, 0, 0, **ET)], 2, False, TieStatus.IN_PROGRESS,
                 Score(1, 1), None, None, id="finished level after extra time, no penalties"),
    pytest.param([finished(1, 1, 1), finished(2, 0, 0, **shoot_out(3, 3))], 2, False,
                 TieStatus.IN_PROGRESS, Score(1, 1), None, None, id="finished with a level shoot-out"),
    pytest.param([finished(1, 1, 0), finished(2, 1, 0)], 2, True, TieStatus.IN_PROGRESS,
                 Score(1, 1), None, None, id="away goals rule: level on away goals, no extra time"),
    pytest.param([finished(1, 2, 2)], 1, False,
                 TieStatus.IN_PROGRESS, Score(2, 2), None, None, id="final finished level, no extra time"),
    pytest.param([live(1, 1, 0), finished(2, 0, 3)], 2, False, TieStatus.IN_PROGRESS, Score(4, 0),
                 HOME, None, id="second leg finished while the first is live"),
    pytest.param([finished(1, 2, 1), LegScore(2, LegStatus.FINISHED)], 2, False,
                 TieStatus.IN_PROGRESS, Score(2, 1), HOME, None, id="finished leg without a score"),
]


@pytest.mark.parametrize("legs, legs_in_tie, rule, status, aggregate, leader, level_goes_to", NOT_DECIDED)
def test_not_decided(legs, legs_in_tie, rule, status, aggregate, leader, level_goes_to):
    outcome = decide(legs, legs_in_tie, away_goals_rule=rule)
    assert outcome.status == status
    assert outcome.aggregate == aggregate
    assert (outcome.leader, outcome.level_goes_to) == (leader, level_goes_to)
    assert (outcome.winner, outcome.decided_by) == (None, None)


@pytest.mark.parametrize(
    "legs, legs_in_tie, status, aggregate",
    [
        pytest.param([finished(1, 2, 0), finished(1, 0, 5)], 2,
                     TieStatus.IN_PROGRESS, Score(2, 0), id="leg entered twice: the first counts"),
        pytest.param([finished(1, 1, 0), finished(3, 4, 4)], 2,
                     TieStatus.IN_PROGRESS, Score(1, 0), id="leg 3 is ignored"),
        pytest.param([LegScore(1, LegStatus.FINISHED, "two", 1)], 1,
                     TieStatus.SCHEDULED, None, id="goals that are not a number"),
        pytest.param([finished(1, -1, 0)], 1, TieStatus.DECIDED, Score(-1, 0), id="negative goals"),
        pytest.param([finished(1, 1, 0)], 0, TieStatus.SCHEDULED, None, id="a tie of no legs"),
        pytest.param([LegScore(1, "finished", 1, 0), LegScore(2, "finished", 0, 0)], 2,
                     TieStatus.DECIDED, Score(1, 0), id="status given as a plain string"),
    ],
)
def test_decide_does_its_best_with_bad_data(legs, legs_in_tie, status, aggregate):
    outcome = decide(legs, legs_in_tie)
    assert (outcome.status, outcome.aggregate) == (status, aggregate)


# legs, legs_in_tie, away_goals_rule, [(leg, field, part of the message)]
PROBLEMS = [
    pytest.param([finished(1, 1, 0), finished(2, 0, 0), scheduled(3)], 2, False,
                 [(3, "number", "there is no leg 3")], id="leg 3 of a two-legged tie"),
    pytest.param([finished(1, 1, 0), scheduled(2)], 1, False,
                 [(2, "number", "has only leg 1")], id="leg 2 of a final"),
    pytest.param([finished(1, 1, 0), finished(1, 1, 0), scheduled(2)], 2, False,
                 [(1, "number", "Leg 1 is entered twice")], id="leg entered twice"),
    pytest.param([finished(1, -1, 0)], 2, False,
                 [(1, "home_goals", "Goals cannot be negative")], id="negative goals"),
    pytest.param([finished(1, 1, 1), finished(2, 1, 1, extra_time=True, home_penalties=3,
                                              away_penalties=-2)], 2, False,
                 [(2, "away_penalties", "Penalties cannot be negative")], id="negative penalties"),
    pytest.param([LegScore(1, LegStatus.FINISHED, 2, None)], 2, False,
                 [(1, "away_goals", "A finished leg needs a score")], id="finished leg without a score"),
    pytest.param([LegScore(1, LegStatus.LIVE)], 2, False,
                 [(1, "home_goals", "A live leg needs a score")], id="live leg without a score"),
    pytest.param([finished(1, 1, 0), scheduled(2, home_goals=1, away_goals=0)], 2, False,
                 [(2, "home_goals", "A scheduled leg has no score yet")], id="scheduled leg with goals"),
    pytest.param([finished(1, 1, 0), scheduled(2, extra_time=True)], 2, False,
                 [(2, "extra_time", "cannot have gone to extra time")], id="scheduled leg with extra time"),
    pytest.param([finished(1, 1, 0), scheduled(2, away_penalties=3)], 2, False,
                 [(2, "away_penalties", "cannot have had a penalty shoot-out")],
                 id="scheduled leg with penalties"),
    pytest.param([finished(1, 1, 0, **ET)], 2, False,
                 [(1, "extra_time", "Extra time is played only in the second leg")],
                 id="extra time in the first leg"),
    pytest.param([finished(1, 1, 1, home_penalties=4, away_penalties=3)], 2, False,
                 [(1, "home_penalties", "Penalties are taken only in the second leg")],
                 id="penalties in the first leg"),
    pytest.param([finished(1, 1, 1), finished(2, 1, 1, home_penalties=4, away_penalties=3)], 2, False,
                 [(2, "extra_time", "Penalties are taken only after extra time")],
                 id="penalties without extra time"),
    pytest.param([finished(1, 1, 1), finished(2, 1, 1, extra_time=True, home_penalties=4)], 2, False,
                 [(2, "away_penalties", "Enter both teams' penalties")], id="one side's penalties only"),
    pytest.param([finished(1, 1, 1), finished(2, 1, 1, **shoot_out(3, 3))], 2, False,
                 [(2, "home_penalties", "A shoot-out cannot end level (3–3)")], id="level shoot-out"),
    pytest.param([finished(1, 3, 0), finished(2, 1, 1, **shoot_out(4, 3))], 2, False,
                 [(2, "home_penalties", "only when the tie is level after extra time (the aggregate is 4–1)")],
                 id="penalties after a tie won on aggregate"),
    pytest.param([finished(1, 2, 1, **shoot_out(4, 3))], 1, False,
                 [(1, "home_penalties", "(the score is 2–1)")], id="penalties after a final was won"),
    pytest.param([finished(1, 1, 1), finished(2, 2, 2, **shoot_out(4, 3))], 2, True,
                 [(2, "home_penalties", "level on away goals too (3–3 on aggregate, 2–1 on away goals)")],
                 id="away goals rule: penalties though away goals decide"),
    pytest.param([finished(1, 2, 1), finished(2, 1, 0)], 2, False,
                 [(2, "extra_time", "level at 2–2 after 90 minutes, so extra time follows")],
                 id="level after 90 minutes, no extra time"),
    pytest.param([finished(1, 1, 0), finished(2, 1, 0)], 2, True,
                 [(2, "extra_time", "level at 1–1 after 90 minutes")],
                 id="away goals rule: level on away goals too, no extra time"),
    pytest.param([finished(1, 0, 0)], 1, False,
                 [(1, "extra_time", "level at 0–0 after 90 minutes")], id="final level, no extra time"),
    pytest.param([finished(1, 2, 1), finished(2, 1, 0, **ET)], 2, False,
                 [(2, "home_penalties", "so it goes to penalties")], id="level after extra time, no penalties"),
    pytest.param([live(1, 0, 0), finished(2, 1, 0)], 2, False,
                 [(2, "status", "A second leg finished before the first")],
                 id="second leg finished while the first is live"),
    pytest.param([finished(2, 1, 0)], 2, False,
                 [(2, "status", "A second leg finished before the first")],
                 id="second leg finished, first never entered"),
    pytest.param([scheduled(1), live(2, 0, 0)], 2, False,
                 [(2, "status", "cannot be live before the first leg is finished")],
                 id="second leg live before the first is played"),
    pytest.param([scheduled(1, date=day(3, 13)), scheduled(2, date=day(3, 6))], 2, False,
                 [(2, "date", "dated 6 March 2024, before the first leg (13 March 2024)")],
                 id="second leg dated before the first"),
    pytest.param([finished(1, 1, 0)], 3, False,
                 [(None, None, "one or two legs, not 3")], id="a tie of three legs"),
    pytest.param([LegScore(1, LegStatus.FINISHED, "two", 1)], 1, False,
                 [(1, "home_goals", "Goals must be a whole number")], id="goals that are not a number"),
    pytest.param([finished(1, 1, 1), finished(2, 1, 1, extra_time=True, home_penalties=4.5,
                                              away_penalties=True)], 2, False,
                 [(2, "home_penalties", "Penalties must be a whole number"),
                  (2, "away_penalties", "Penalties must be a whole number")], id="penalties that are not a number"),
    pytest.param([finished(1, 1, 0), LegScore(2, "postponed")], 2, False,
                 [(2, "status", "scheduled, live or finished, not 'postponed'")], id="a status that is none of ours"),
    pytest.param([finished(2, -1, 0), scheduled(1, extra_time=True)], 2, False,
                 [(1, "extra_time", "A scheduled leg cannot"), (2, "home_goals", "cannot be negative"),
                  (2, "status", "finished before the first")], id="several problems, listed leg by leg"),
]


@pytest.mark.parametrize("legs, legs_in_tie, rule, expected", PROBLEMS)
def test_problems(legs, legs_in_tie, rule, expected):
    found = problems(legs, legs_in_tie, away_goals_rule=rule)
    assert [(p.leg, p.field) for p in found] == [(leg, field) for leg, field, _ in expected]
    for problem, (_, _, words) in zip(found, expected, strict=True):
        assert words in describe.problem(problem)


VALID_IN_PROGRESS = [
    pytest.param([], 2, False, id="no legs yet"),
    pytest.param([scheduled(1, date=day(3, 6)), scheduled(2, date=day(3, 13))], 2, False,
                 id="scheduled legs in date order"),
    pytest.param([live(1, 0, 0)], 2, False, id="first leg kicked off"),
    pytest.param([finished(1, 2, 1), live(2, 1, 0, **ET)], 2, False, id="second leg in extra time"),
    pytest.param([finished(1, 2, 1), live(2, 1, 0, **shoot_out(2, 2))], 2, False,
                 id="shoot-out level between kicks"),
    pytest.param([live(1, 1, 1)], 1, False, id="final level in normal time"),
]


@pytest.mark.parametrize("legs, legs_in_tie, rule", VALID_IN_PROGRESS)
def test_no_problems_while_in_progress(legs, legs_in_tie, rule):
    assert problems(legs, legs_in_tie, away_goals_rule=rule) == []


@pytest.mark.parametrize("legs, legs_in_tie, rule, winner, decided_by, aggregate, penalties", DECIDED)
def test_no_problems_when_decided(legs, legs_in_tie, rule, winner, decided_by, aggregate, penalties):
    assert problems(legs, legs_in_tie, away_goals_rule=rule) == []
