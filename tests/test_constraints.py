"""The database's own refusals: what any writer (a shell, raw SQL, a bug) cannot store,
whatever the admin does. Writes go straight to the table, past model validation; each
refusal is matched by the name of the constraint or trigger rule that makes it."""
import datetime
import threading
import time
from contextlib import contextmanager

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Subquery

from europa.models import Competition, Leg, Round, Tie


def write(code, number, /, **fields):
    """One UPDATE of a leg, as a shell or a script would write it."""
    return Leg.objects.filter(tie__code=code, number=number).update(**fields)


def finish(code, number, home_goals, away_goals, **extra):
    assert write(code, number, status="finished", home_goals=home_goals,
                 away_goals=away_goals, **extra) == 1


@contextmanager
def refused(rule):
    with pytest.raises(IntegrityError, match=rule), transaction.atomic():
        yield


# --- Rules on one row: Leg.Meta and Tie.Meta ---------------------------------------------------

# Each write lands on QF1's second leg after a 1–1 first leg, so that no cross-row rule has
# anything to say and the constraint named is the only one that can refuse it.
SINGLE_ROW_REFUSED = [
    pytest.param(
        dict(status="finished", home_goals=-1, away_goals=0),
        "leg_no_negative_goals", id="negative goals",
    ),
    pytest.param(
        dict(status="finished", home_goals=1, away_goals=1, extra_time=True,
             home_penalties=-3, away_penalties=4),
        "leg_no_negative_goals", id="negative penalties",
    ),
    pytest.param(
        dict(status="finished", home_goals=None, away_goals=None),
        "leg_score_when_played", id="finished without a score",
    ),
    pytest.param(
        dict(status="live", home_goals=0, away_goals=None),
        "leg_score_when_played", id="live with one side's goals",
    ),
    pytest.param(
        dict(home_goals=1, away_goals=0),
        "leg_score_when_played", id="scheduled with a score",
    ),
    pytest.param(
        dict(status="finished", home_goals=1, away_goals=1, home_penalties=4, away_penalties=3),
        "leg_penalties_after_extra_time", id="penalties without extra time",
    ),
    pytest.param(
        dict(status="finished", home_goals=1, away_goals=1, extra_time=True, home_penalties=4),
        "leg_penalties_after_extra_time", id="one side's penalties",
    ),
    pytest.param(
        dict(status="finished", home_goals=1, away_goals=1, extra_time=True,
             home_penalties=4, away_penalties=4),
        "leg_shootout_not_level", id="level finished shoot-out",
    ),
    pytest.param(dict(number=3), "leg_number_one_or_two", id="leg three"),
    pytest.param(dict(status="finished", home_goals=100, away_goals=0), "leg_at_most_99_goals", id="100 goals"),
    pytest.param(
        dict(status="finished", home_goals=1, away_goals=1, extra_time=True,
             home_penalties=5, away_penalties=100),
        "leg_at_most_99_goals", id="100 penalties",
    ),
]


@pytest.mark.parametrize("fields, rule", SINGLE_ROW_REFUSED)
def test_database_refuses_a_leg_that_breaks_a_rule_of_its_own(draw, fields, rule):
    finish("QF1", 1, 1, 1)
    with refused(rule):
        write("QF1", 2, **fields)


SINGLE_ROW_ALLOWED = [
    pytest.param(dict(status="live", home_goals=0, away_goals=0), id="live at kick-off"),
    pytest.param(dict(status="finished", home_goals=0, away_goals=0), id="goalless"),
    pytest.param(
        dict(status="finished", home_goals=2, away_goals=1, extra_time=True),
        id="won in extra time",
    ),
    pytest.param(
        dict(status="live", home_goals=1, away_goals=1, extra_time=True,
             home_penalties=3, away_penalties=3),
        id="shoot-out level between kicks",
    ),
    pytest.param(
        dict(status="finished", home_goals=1, away_goals=1, extra_time=True,
             home_penalties=0, away_penalties=3),
        id="shoot-out won without scoring",
    ),
]


@pytest.mark.parametrize("fields", SINGLE_ROW_ALLOWED)
def test_database_stores_a_leg_that_keeps_the_rules(draw, fields):
    finish("QF1", 1, 1, 1)
    assert write("QF1", 2, **fields) == 1
    stored = Leg.objects.filter(tie__code="QF1", number=2).values(*fields).get()
    assert stored == fields


def test_database_refuses_a_team_playing_itself(draw):
    with refused("tie_two_different_teams"):
        Tie.objects.filter(code="QF1").update(away=F("home"))


def _other_round_order():
    return Round.objects.filter(code="QF").values("order")


def _sf1_feeder(side):
    return Tie.objects.filter(code="SF1").values(f"{side}_from")


# The shape of the draw, each refused by its own constraint: (rule, a write that breaks only
# it). SQLite names a unique constraint's columns rather than the constraint.
SHAPE_REFUSED = [
    pytest.param("round_code_unique|europa_round.competition_id, europa_round.code",
                 lambda: Round.objects.filter(code="SF").update(code="QF"), id="two rounds with one code"),
    pytest.param("round_order_unique|europa_round.competition_id, europa_round.order",
                 lambda: Round.objects.filter(code="SF").update(order=Subquery(_other_round_order())),
                 id="two rounds in one place"),
    pytest.param("round_one_or_two_legs", lambda: Round.objects.filter(code="QF").update(legs=3),
                 id="a round of three legs"),
    pytest.param("competition_once_a_season|europa_competition.name, europa_competition.season",
                 lambda: Competition.objects.create(name="UEFA Europa League", season="2023/24", slug="again"),
                 id="a competition twice in a season"),
    pytest.param("tie_code_unique|europa_tie.round_id, europa_tie.code",
                 lambda: Tie.objects.filter(code="QF2").update(code="QF1"), id="two ties with one code"),
    pytest.param("tie_position_unique|europa_tie.round_id, europa_tie.position",
                 lambda: Tie.objects.filter(code="QF2").update(position=1), id="two ties in one place"),
    pytest.param("tie_position_in_range", lambda: Tie.objects.filter(code="QF4").update(position=65),
                 id="a place beyond the draw"),
    pytest.param("tie_two_different_feeders", lambda: Tie.objects.filter(code="SF1").update(away_from=F("home_from")),
                 id="both sides from one tie"),
    pytest.param("tie_feeds_one_home_slot|europa_tie.home_from_id",
                 lambda: Tie.objects.filter(code="SF2").update(home_from=Subquery(_sf1_feeder("home"))),
                 id="a winner first-named in two ties"),
    pytest.param("tie_feeds_one_away_slot|europa_tie.away_from_id",
                 lambda: Tie.objects.filter(code="SF2").update(away_from=Subquery(_sf1_feeder("away"))),
                 id="a winner second-named in two ties"),
    pytest.param("leg_number_unique|europa_leg.tie_id, europa_leg.number",
                 lambda: write("QF1", 2, number=1), id="a tie's leg 1 twice"),
]


@pytest.mark.parametrize("rule, write_", SHAPE_REFUSED)
def test_database_refuses_a_draw_out_of_shape(draw, rule, write_):
    with refused(rule):
        write_()


# --- Extra time and penalties belong to the deciding leg -------------------------------------


def test_database_refuses_extra_time_in_a_first_leg(draw):
    with refused("leg_extra_time_only_in_deciding_leg"):
        finish("QF1", 1, 1, 1, extra_time=True)


def test_database_refuses_penalties_in_a_first_leg_saved_from_the_model(draw):
    leg = Leg.objects.get(tie__code="QF1", number=1)
    leg.status, leg.home_goals, leg.away_goals = "finished", 1, 1
    leg.extra_time, leg.home_penalties, leg.away_penalties = True, 4, 3
    with refused("leg_extra_time_only_in_deciding_leg"):
        leg.save()


def test_database_refuses_extra_time_in_a_second_leg_of_a_single_match(draw):
    final = Tie.objects.get(code="F")
    with refused("leg_extra_time_only_in_deciding_leg"):
        Leg.objects.create(
            tie=final, number=2, date=datetime.date(2024, 5, 23),
            status="finished", home_goals=1, away_goals=1, extra_time=True,
        )


def test_database_stores_extra_time_in_the_deciding_leg(draw):
    finish("QF1", 1, 1, 1)
    finish("QF1", 2, 2, 1, extra_time=True)
    finish("F", 1, 1, 0, extra_time=True)
    assert Leg.objects.filter(extra_time=True).count() == 2


# --- Penalties only when the tie is level after extra time -----------------------------------


@pytest.mark.parametrize("first_leg, second_leg", [
    pytest.param((2, 1), (1, 1), id="3-2 on aggregate"),
    # Leg 2 is hosted by the second-named team: AC Milan 2–1 Roma, Roma 1–2 AC Milan is 4–2,
    # though the two legs' home goals and away goals each add up to 3.
    pytest.param((2, 1), (1, 2), id="4-2 on aggregate, 3-3 read the wrong way round"),
])
def test_database_refuses_penalties_when_the_aggregate_is_not_level(draw, first_leg, second_leg):
    finish("QF1", 1, *first_leg)
    with refused("leg_penalties_only_when_level"):
        finish("QF1", 2, *second_leg, extra_time=True, home_penalties=4, away_penalties=3)


def test_database_refuses_penalties_in_a_live_leg_when_the_aggregate_is_not_level(draw):
    finish("QF1", 1, 2, 1)
    with refused("leg_penalties_only_when_level"):
        write("QF1", 2, status="live", home_goals=1, away_goals=1, extra_time=True,
              home_penalties=1, away_penalties=0)


def test_database_refuses_penalties_after_a_single_match_that_was_won(draw):
    with refused("leg_penalties_only_when_level"):
        finish("F", 1, 2, 1, extra_time=True, home_penalties=4, away_penalties=3)


def test_database_refuses_penalties_when_not_level_even_under_the_away_goals_rule(draw):
    Competition.objects.update(away_goals_rule=True)
    finish("QF1", 1, 2, 1)
    with refused("leg_penalties_only_when_level"):
        finish("QF1", 2, 1, 1, extra_time=True, home_penalties=4, away_penalties=3)


@pytest.mark.parametrize("first_leg, second_leg", [
    pytest.param((1, 1), (1, 1), id="1-1 and 1-1"),
    pytest.param((2, 1), (2, 1), id="2-1 and 2-1 is 3-3"),
])
@pytest.mark.parametrize("away_goals_rule", [False, True], ids=["today", "away goals rule"])
def test_database_stores_penalties_after_a_level_tie(draw, first_leg, second_leg,
                                                      away_goals_rule):
    # Both ties are level on away goals too, as the old rule needs before a shoot-out.
    Competition.objects.update(away_goals_rule=away_goals_rule)
    finish("QF1", 1, *first_leg)
    finish("QF1", 2, *second_leg, extra_time=True, home_penalties=4, away_penalties=3)
    assert Leg.objects.get(tie__code="QF1", number=2).home_penalties == 4


def test_database_stores_penalties_after_a_level_single_match(draw):
    finish("F", 1, 2, 2, extra_time=True, home_penalties=5, away_penalties=4)
    assert Leg.objects.get(tie__code="F").away_penalties == 4


# --- The second leg after the first ----------------------------------------------------------


@pytest.mark.parametrize("first_leg, second_leg", [
    pytest.param(
        dict(), dict(status="live", home_goals=0, away_goals=0), id="live, leg 1 not played",
    ),
    pytest.param(
        dict(status="live", home_goals=1, away_goals=0),
        dict(status="finished", home_goals=1, away_goals=0),
        id="finished, leg 1 still live",
    ),
])
def test_database_refuses_a_second_leg_played_before_the_first(draw, first_leg, second_leg):
    if first_leg:
        write("QF1", 1, **first_leg)
    with refused("leg_second_leg_after_first: the second leg"):
        write("QF1", 2, **second_leg)


def test_database_refuses_a_second_leg_added_to_a_tie_without_a_finished_first(draw):
    Leg.objects.filter(tie__code="QF2").delete()
    with refused("leg_second_leg_after_first: the second leg"):
        Leg.objects.create(
            tie=Tie.objects.get(code="QF2"), number=2, date=datetime.date(2024, 4, 18),
            status="live", home_goals=0, away_goals=0,
        )


@pytest.mark.parametrize("second_leg_status", ["live", "finished"])
@pytest.mark.parametrize("first_leg", [
    pytest.param(dict(status="live"), id="back to live"),
    pytest.param(dict(status="scheduled", home_goals=None, away_goals=None), id="cleared"),
])
def test_database_refuses_reopening_a_first_leg_once_the_second_is_played(
    draw, first_leg, second_leg_status
):
    finish("QF1", 1, 2, 0)
    write("QF1", 2, status=second_leg_status, home_goals=0, away_goals=0)
    with refused("leg_second_leg_after_first: the first leg"):
        write("QF1", 1, **first_leg)


@pytest.mark.django_db(transaction=True)
def test_two_writers_cannot_reopen_the_first_leg_and_play_the_second_at_once(draw):
    """Each trigger reads the tie's other leg as committed: without taking turns on the tie,
    one session reopening leg 1 and another setting leg 2 live would both pass, and the
    tie would be left with a second leg played before the first."""
    finish("QF1", 1, 1, 0)
    reopened, playing = threading.Event(), threading.Event()
    outcome = {}

    def reopen():
        try:
            with transaction.atomic():
                write("QF1", 1, status="scheduled", home_goals=None, away_goals=None)
                reopened.set()
                playing.wait(timeout=10)
                time.sleep(0.5)  # the other session's write is on its way, waiting or not
        finally:
            connection.close()

    def play():
        try:
            reopened.wait(timeout=10)
            playing.set()
            with transaction.atomic():
                write("QF1", 2, status="live", home_goals=0, away_goals=0)
            outcome["second leg"] = "stored"
        except IntegrityError as error:
            outcome["second leg"] = str(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=reopen), threading.Thread(target=play)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert "leg_second_leg_after_first" in outcome["second leg"]
    assert list(Leg.objects.filter(tie__code="QF1").order_by("number").values_list("status", flat=True)) == [
        "scheduled", "scheduled",
    ]


def test_database_stores_legs_played_in_order_and_cleared_in_reverse(draw):
    finish("QF1", 1, 2, 0)
    assert write("QF1", 2, status="live", home_goals=0, away_goals=0) == 1
    finish("QF1", 2, 1, 0)
    finish("QF1", 1, 3, 0)  # a corrected first leg that stays finished
    assert write("QF1", 2, status="scheduled", home_goals=None, away_goals=None) == 1
    assert write("QF1", 1, status="scheduled", home_goals=None, away_goals=None) == 1
    assert not Leg.objects.filter(tie__code="QF1").exclude(status="scheduled").exists()


def test_database_stores_a_new_second_leg_after_the_first(draw):
    Leg.objects.filter(tie__code="QF2").delete()
    qf2 = Tie.objects.get(code="QF2")
    Leg.objects.create(tie=qf2, number=1, date=datetime.date(2024, 4, 11),
                       status="finished", home_goals=0, away_goals=3)
    Leg.objects.create(tie=qf2, number=2, date=datetime.date(2024, 4, 18),
                       status="live", home_goals=0, away_goals=0)
    assert qf2.legs.count() == 2
