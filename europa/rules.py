"""The rules of a knockout tie (UEFA 2023/24) as pure functions over plain values.

Models, admin and views ask this module for the aggregate, the winner, how a tie was decided, who
goes through as it stands and what is wrong with what an editor entered; nothing else computes
them. It imports no Django, so the rules can be tested and read on their own.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
import dataclasses
from dataclasses import dataclass
from enum import StrEnum


class Side(StrEnum):
    HOME = "home"  # the tie's first-named team, at home in the first leg
    AWAY = "away"  # the tie's second-named team


class LegStatus(StrEnum):
    SCHEDULED = "scheduled"
    LIVE = "live"
    FINISHED = "finished"


class TieStatus(StrEnum):
    SCHEDULED = "scheduled"
    IN_PROGRESS = "in_progress"
    DECIDED = "decided"


class DecidedBy(StrEnum):
    AGGREGATE = "aggregate"
    AWAY_GOALS = "away_goals"
    EXTRA_TIME = "extra_time"
    PENALTIES = "penalties"


@dataclass(frozen=True)
class LegScore:
    """One leg as entered: goals of the LEG's own home and away team (including extra-time goals)."""

    number: int
    status: LegStatus = LegStatus.SCHEDULED
    home_goals: int | None = None
    away_goals: int | None = None
    extra_time: bool = False
    home_penalties: int | None = None
    away_penalties: int | None = None
    date: datetime.date | None = None


@dataclass(frozen=True)
class Score:
    """Goals (or penalties) in the TIE's orientation: home is the tie's first-named team."""

    home: int
    away: int


@dataclass(frozen=True)
class Outcome:
    """Where a tie stands; the last fields let europa.describe word it without the legs."""

    status: TieStatus
    aggregate: Score | None  # None while no leg has a score
    winner: Side | None  # only when DECIDED
    decided_by: DecidedBy | None  # only when DECIDED
    leader: Side | None  # while IN_PROGRESS: who goes through as it stands (None when level)
    level_goes_to: DecidedBy | None  # while IN_PROGRESS, level and the deciding leg is live
    penalties: Score | None = None  # the deciding leg's shoot-out, once both sides have a number
    live_leg: int | None = None  # the leg being played now
    legs_finished: int = 0  # finished legs with a score
    leads_on: DecidedBy | None = None  # while IN_PROGRESS: what puts the leader ahead


class Wrong(StrEnum):
    """What an editor got wrong; europa.describe words each in the editor's language."""

    NO_LEG_IN_A_FINAL = "no_leg_in_a_final"
    NO_SUCH_LEG = "no_such_leg"
    LEG_TWICE = "leg_twice"
    LEGS_IN_TIE = "legs_in_tie"
    GOALS_NOT_WHOLE = "goals_not_whole"
    PENALTIES_NOT_WHOLE = "penalties_not_whole"
    GOALS_NEGATIVE = "goals_negative"
    PENALTIES_NEGATIVE = "penalties_negative"
    SCHEDULED_WITH_GOALS = "scheduled_with_goals"
    SCHEDULED_WITH_EXTRA_TIME = "scheduled_with_extra_time"
    SCHEDULED_WITH_PENALTIES = "scheduled_with_penalties"
    UNKNOWN_STATUS = "unknown_status"
    LIVE_WITHOUT_SCORE = "live_without_score"
    FINISHED_WITHOUT_SCORE = "finished_without_score"
    EXTRA_TIME_IN_FIRST_LEG = "extra_time_in_first_leg"
    PENALTIES_IN_FIRST_LEG = "penalties_in_first_leg"
    PENALTIES_WITHOUT_EXTRA_TIME = "penalties_without_extra_time"
    ONE_SIDE_PENALTIES = "one_side_penalties"
    SHOOT_OUT_LEVEL = "shoot_out_level"
    SECOND_LEG_FINISHED_FIRST = "second_leg_finished_first"
    SECOND_LEG_LIVE_FIRST = "second_leg_live_first"
    SECOND_LEG_DATED_FIRST = "second_leg_dated_first"
    PENALTIES_AFTER_A_WIN = "penalties_after_a_win"
    PENALTIES_AFTER_AN_AGGREGATE_WIN = "penalties_after_an_aggregate_win"
    PENALTIES_AFTER_AWAY_GOALS = "penalties_after_away_goals"
    LEVEL_NEEDS_EXTRA_TIME = "level_needs_extra_time"
    LEVEL_NEEDS_PENALTIES = "level_needs_penalties"


@dataclass(frozen=True)
class Problem:
    """Something wrong with the data an editor entered, placed next to the field to fix.

    It says what is wrong as data (`wrong` and the values it names, such as a Score or a
    date), never in words: europa.describe.problem() words it in the editor's language."""

    leg: int | None  # leg number, or None for the tie as a whole
    field: str | None  # a LegScore field name, or None
    wrong: Wrong
    values: dict = dataclasses.field(default_factory=dict, hash=False)


def hosts_swapped(number: int, legs_in_tie: int) -> bool:
    """True when the tie's away side is at home in this leg (leg 2 of a two-legged tie)."""
    return legs_in_tie == 2 and number == 2


# --- Reading the legs -------------------------------------------------------------------------


def _count(value: object) -> int | None:
    # Forms and fixtures can hand us anything; only a whole number counts as goals or penalties.
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _is_scored(leg: LegScore | None) -> bool:
    return (
        leg is not None
        and leg.status in (LegStatus.LIVE, LegStatus.FINISHED)
        and _count(leg.home_goals) is not None
        and _count(leg.away_goals) is not None
    )


def _is_finished(leg: LegScore | None) -> bool:
    return _is_scored(leg) and leg.status == LegStatus.FINISHED


def _oriented(leg: LegScore, home: int, away: int, legs_in_tie: int) -> Score:
    return Score(away, home) if hosts_swapped(leg.number, legs_in_tie) else Score(home, away)


def _legs_by_number(legs: Sequence[LegScore], legs_in_tie: int) -> dict[int, LegScore]:
    # The first entry of each number counts; problems() reports repeats and strays to the editor.
    by_number: dict[int, LegScore] = {}
    for leg in legs:
        number = leg.number
        if _count(number) is not None and 1 <= number <= legs_in_tie:
            by_number.setdefault(number, leg)
    return by_number


def _ahead(score: Score | None) -> Side | None:
    if score is None or score.home == score.away:
        return None
    return Side.HOME if score.home > score.away else Side.AWAY


@dataclass(frozen=True)
class _Tally:
    by_number: dict[int, LegScore]
    deciding: LegScore | None
    aggregate: Score | None
    away_goals: Score | None  # two-legged ties only; extra-time goals count as away goals too
    penalties: Score | None
    all_scored: bool
    all_finished: bool


def _tally(legs: Sequence[LegScore], legs_in_tie: int) -> _Tally:
    by_number = _legs_by_number(legs, legs_in_tie)
    scored = [leg for _, leg in sorted(by_number.items()) if _is_scored(leg)]
    aggregate = away_goals = penalties = None
    if scored:
        oriented = [_oriented(leg, leg.home_goals, leg.away_goals, legs_in_tie) for leg in scored]
        aggregate = Score(sum(s.home for s in oriented), sum(s.away for s in oriented))
    if scored and legs_in_tie == 2:
        # The tie's home side plays away in leg 2, its away side plays away in leg 1.
        first, second = by_number.get(1), by_number.get(2)
        away_goals = Score(
            second.away_goals if _is_scored(second) else 0,
            first.away_goals if _is_scored(first) else 0,
        )
    deciding = by_number.get(legs_in_tie)
    if deciding is not None:
        home, away = _count(deciding.home_penalties), _count(deciding.away_penalties)
        if home is not None and away is not None:
            penalties = _oriented(deciding, home, away, legs_in_tie)
    numbers = range(1, legs_in_tie + 1)
    return _Tally(
        by_number=by_number,
        deciding=deciding,
        aggregate=aggregate,
        away_goals=away_goals,
        penalties=penalties,
        all_scored=bool(numbers) and all(_is_scored(by_number.get(n)) for n in numbers),
        all_finished=bool(numbers) and all(_is_finished(by_number.get(n)) for n in numbers),
    )


# --- The result -------------------------------------------------------------------------------


def decide(legs: Sequence[LegScore], legs_in_tie: int, away_goals_rule: bool = False) -> Outcome:
    """Where the tie stands. Never raises: on bad data it does its best; problems() explains."""
    tally = _tally(legs, legs_in_tie)
    aggregate = tally.aggregate
    if aggregate is None:
        return Outcome(TieStatus.SCHEDULED, None, None, None, None, None)

    scored = [leg for leg in tally.by_number.values() if _is_scored(leg)]
    live = [leg.number for leg in scored if leg.status == LegStatus.LIVE]
    context = dict(
        penalties=tally.penalties,
        live_leg=max(live, default=None),
        legs_finished=sum(1 for leg in scored if leg.status == LegStatus.FINISHED),
    )
    on_away_goals = _ahead(tally.away_goals) if away_goals_rule and legs_in_tie == 2 else None
    on_penalties = _ahead(tally.penalties)

    if tally.all_finished:
        winner, decided_by = _ahead(aggregate), None
        if winner:
            decided_by = DecidedBy.EXTRA_TIME if tally.deciding.extra_time else DecidedBy.AGGREGATE
        elif on_away_goals:
            winner, decided_by = on_away_goals, DecidedBy.AWAY_GOALS
        elif on_penalties:
            winner, decided_by = on_penalties, DecidedBy.PENALTIES
        if winner:
            return Outcome(TieStatus.DECIDED, aggregate, winner, decided_by, None, None, **context)
        # A finished tie still level with nothing to settle it is bad data: leave it open.

    deciding_live = tally.deciding is not None and tally.deciding.status == LegStatus.LIVE
    leader, leads_on = None, None
    # In the order the rules settle a level tie: goals, away goals, then the shoot-out.
    for ahead, on in (
        (_ahead(aggregate), DecidedBy.AGGREGATE),
        (on_away_goals, DecidedBy.AWAY_GOALS),
        (on_penalties if deciding_live else None, DecidedBy.PENALTIES),
    ):
        if ahead:
            leader, leads_on = ahead, on
            break
    level_goes_to = None
    if leader is None and deciding_live and _is_scored(tally.deciding):
        level_goes_to = DecidedBy.PENALTIES if tally.deciding.extra_time else DecidedBy.EXTRA_TIME
    return Outcome(
        TieStatus.IN_PROGRESS, aggregate, None, None, leader, level_goes_to,
        **context, leads_on=leads_on,
    )


# --- What an editor got wrong -----------------------------------------------------------------


def _leg_problems(leg: LegScore, legs_in_tie: int) -> list[Problem]:
    found: list[Problem] = []

    def flag(field: str, wrong: Wrong, **values: object) -> None:
        found.append(Problem(leg.number, field, wrong, values))

    for field in ("home_goals", "away_goals", "home_penalties", "away_penalties"):
        value, goals = getattr(leg, field), field.endswith("goals")
        if value is not None and _count(value) is None:
            flag(field, Wrong.GOALS_NOT_WHOLE if goals else Wrong.PENALTIES_NOT_WHOLE)
        elif value is not None and value < 0:
            flag(field, Wrong.GOALS_NEGATIVE if goals else Wrong.PENALTIES_NEGATIVE)

    goals = [f for f in ("home_goals", "away_goals") if getattr(leg, f) is not None]
    no_goals = [f for f in ("home_goals", "away_goals") if getattr(leg, f) is None]
    penalties = [f for f in ("home_penalties", "away_penalties") if getattr(leg, f) is not None]
    no_penalties = [f for f in ("home_penalties", "away_penalties") if getattr(leg, f) is None]

    if leg.status == LegStatus.SCHEDULED:
        # One message per kind of thing entered too early is enough for the editor to act on.
        if goals:
            flag(goals[0], Wrong.SCHEDULED_WITH_GOALS)
        if leg.extra_time:
            flag("extra_time", Wrong.SCHEDULED_WITH_EXTRA_TIME)
        if penalties:
            flag(penalties[0], Wrong.SCHEDULED_WITH_PENALTIES)
        return found
    if leg.status not in (LegStatus.LIVE, LegStatus.FINISHED):
        flag("status", Wrong.UNKNOWN_STATUS, status=str(leg.status))
        return found
    if no_goals:
        live = leg.status == LegStatus.LIVE
        flag(no_goals[0], Wrong.LIVE_WITHOUT_SCORE if live else Wrong.FINISHED_WITHOUT_SCORE)

    if leg.number != legs_in_tie:
        if leg.extra_time:
            flag("extra_time", Wrong.EXTRA_TIME_IN_FIRST_LEG)
        if penalties:
            flag(penalties[0], Wrong.PENALTIES_IN_FIRST_LEG)
        return found
    if penalties and not leg.extra_time:
        flag("extra_time", Wrong.PENALTIES_WITHOUT_EXTRA_TIME)
    if penalties and no_penalties:
        flag(no_penalties[0], Wrong.ONE_SIDE_PENALTIES)
    home, away = _count(leg.home_penalties), _count(leg.away_penalties)
    # A live shoot-out is often level between kicks; only a finished one must have a winner.
    if leg.status == LegStatus.FINISHED and home is not None and home == away:
        flag("home_penalties", Wrong.SHOOT_OUT_LEVEL, penalties=Score(home, away))
    return found


def _tie_problems(tally: _Tally, legs_in_tie: int, away_goals_rule: bool) -> list[Problem]:
    found: list[Problem] = []
    first, second = tally.by_number.get(1), tally.by_number.get(2)
    if legs_in_tie == 2 and second is not None and not _is_finished(first):
        if second.status == LegStatus.FINISHED:
            found.append(Problem(2, "status", Wrong.SECOND_LEG_FINISHED_FIRST))
        elif second.status == LegStatus.LIVE:
            found.append(Problem(2, "status", Wrong.SECOND_LEG_LIVE_FIRST))
    first_date = getattr(first, "date", None)
    second_date = getattr(second, "date", None)
    if (
        isinstance(first_date, datetime.date)
        and isinstance(second_date, datetime.date)
        and second_date < first_date
    ):
        found.append(Problem(2, "date", Wrong.SECOND_LEG_DATED_FIRST,
                             {"second_date": second_date, "first_date": first_date}))

    deciding, aggregate = tally.deciding, tally.aggregate
    if deciding is None or not tally.all_scored:
        return found

    def flag(field: str, wrong: Wrong, **values: object) -> None:
        found.append(Problem(deciding.number, field, wrong, {"aggregate": aggregate, **values}))

    level = aggregate.home == aggregate.away
    on_away_goals = away_goals_rule and legs_in_tie == 2 and _ahead(tally.away_goals) is not None
    shoot_out = deciding.home_penalties is not None or deciding.away_penalties is not None
    if shoot_out and not level:
        flag("home_penalties", Wrong.PENALTIES_AFTER_A_WIN if legs_in_tie == 1
             else Wrong.PENALTIES_AFTER_AN_AGGREGATE_WIN)
    elif shoot_out and on_away_goals:
        flag("home_penalties", Wrong.PENALTIES_AFTER_AWAY_GOALS, away_goals=tally.away_goals)
    if tally.all_finished and level and not on_away_goals and not shoot_out:
        if not deciding.extra_time:
            flag("extra_time", Wrong.LEVEL_NEEDS_EXTRA_TIME)
        else:
            flag("home_penalties", Wrong.LEVEL_NEEDS_PENALTIES)
    return found


def problems(
    legs: Sequence[LegScore], legs_in_tie: int, away_goals_rule: bool = False
) -> list[Problem]:
    """Everything wrong with the legs as entered, tie-wide first, then by leg; [] if all is well."""
    if legs_in_tie not in (1, 2):
        return [Problem(None, None, Wrong.LEGS_IN_TIE, {"legs": legs_in_tie})]

    found: list[Problem] = []
    seen: set[int] = set()
    for leg in legs:
        number = leg.number
        if _count(number) is None or not 1 <= number <= legs_in_tie:
            wrong = Wrong.NO_LEG_IN_A_FINAL if legs_in_tie == 1 else Wrong.NO_SUCH_LEG
            found.append(Problem(_count(number), "number", wrong, {"number": number}))
        elif number in seen:
            found.append(Problem(number, "number", Wrong.LEG_TWICE, {"number": number}))
        else:
            seen.add(number)
            found += _leg_problems(leg, legs_in_tie)
    found += _tie_problems(_tally(legs, legs_in_tie), legs_in_tie, away_goals_rule)
    # Stable sort: an admin lists tie-wide problems first, then each leg's in the order found.
    return sorted(found, key=lambda problem: (problem.leg is not None, problem.leg or 0))
