"""The rules of a knockout tie (UEFA 2023/24) as pure functions over plain values.

Models, admin and views ask this module for the aggregate, the winner, how a tie was decided, who
goes through as it stands and what is wrong with what an editor entered; nothing else computes
them. It imports no Django, so the rules can be tested and read on their own.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
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
    """Where a tie stands; the last three fields let describe() word it without the legs."""

    status: TieStatus
    aggregate: Score | None  # None while no leg has a score
    winner: Side | None  # only when DECIDED
    decided_by: DecidedBy | None  # only when DECIDED
    leader: Side | None  # while IN_PROGRESS: who goes through as it stands (None when level)
    level_goes_to: DecidedBy | None  # while IN_PROGRESS, level and the deciding leg is live
    penalties: Score | None = None  # the deciding leg's shoot-out, once both sides have a number
    live_leg: int | None = None  # the leg being played now
    legs_finished: int = 0  # finished legs with a score


@dataclass(frozen=True)
class Problem:
    """Something wrong with the data an editor entered, placed next to the field to fix."""

    leg: int | None  # leg number, or None for the tie as a whole
    field: str | None  # a LegScore field name, or None
    message: str


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
    leader = _ahead(aggregate) or on_away_goals or (on_penalties if deciding_live else None)
    level_goes_to = None
    if leader is None and deciding_live and _is_scored(tally.deciding):
        level_goes_to = DecidedBy.PENALTIES if tally.deciding.extra_time else DecidedBy.EXTRA_TIME
    return Outcome(TieStatus.IN_PROGRESS, aggregate, None, None, leader, level_goes_to, **context)


def _dash(score: Score, first: Side = Side.HOME) -> str:
    # Fans read a score from the point of view of the side the sentence is about.
    if first == Side.AWAY:
        return f"{score.away}–{score.home}"
    return f"{score.home}–{score.away}"


def describe(outcome: Outcome, home_name: str, away_name: str, legs_in_tie: int) -> str:
    """The tie in words for fans: "Marseille win 4–2 on penalties after 2–2 on aggregate"."""
    aggregate = outcome.aggregate
    if outcome.status == TieStatus.SCHEDULED or aggregate is None:
        return ""
    names = {Side.HOME: home_name, Side.AWAY: away_name}
    single = legs_in_tie == 1
    on_aggregate = "" if single else " on aggregate"
    level_score = f"a {_dash(aggregate)} draw" if single else f"{_dash(aggregate)} on aggregate"

    if outcome.status == TieStatus.DECIDED and outcome.winner:
        winner = names[outcome.winner]
        score = _dash(aggregate, outcome.winner)
        if outcome.decided_by == DecidedBy.AWAY_GOALS:
            return f"{winner} win on away goals after {level_score}"
        if outcome.decided_by == DecidedBy.PENALTIES:
            shoot_out = f" {_dash(outcome.penalties, outcome.winner)}" if outcome.penalties else ""
            return f"{winner} win{shoot_out} on penalties after {level_score}"
        if outcome.decided_by == DecidedBy.EXTRA_TIME:
            return f"{winner} win {score}{on_aggregate} after extra time"
        return f"{winner} win {score}{on_aggregate}"

    leader = names.get(outcome.leader) if outcome.leader else None
    score = _dash(aggregate, outcome.leader or Side.HOME)
    level = aggregate.home == aggregate.away

    if outcome.live_leg is not None and outcome.live_leg == legs_in_tie:
        if leader and not level:
            return f"{leader} going through as it stands ({score}{on_aggregate})"
        if leader and _ahead(outcome.penalties) == outcome.leader:
            shoot_out = _dash(outcome.penalties, outcome.leader)
            return (
                f"{leader} going through as it stands "
                f"({shoot_out} on penalties after {level_score})"
            )
        if leader:
            return f"{leader} going through on away goals as it stands ({level_score})"
        if outcome.level_goes_to == DecidedBy.PENALTIES and outcome.penalties:
            return f"Level at {score}{on_aggregate}, {_dash(outcome.penalties)} in the shoot-out"
        if outcome.level_goes_to == DecidedBy.PENALTIES:
            return f"Level at {score}{on_aggregate}: penalties would follow"
        return f"Level at {score}{on_aggregate}: extra time would follow"

    if outcome.legs_finished >= legs_in_tie or single:
        return "Awaiting the result"
    when = "in the first leg" if outcome.live_leg is not None else "after the first leg"
    if leader and not level:
        return f"{leader} lead {score} {when}"
    if leader:
        return f"Level at {score} {when}, {leader} ahead on away goals"
    return f"Level at {score} {when}"


# --- What an editor got wrong -----------------------------------------------------------------


def _no_such_leg(number: object, legs_in_tie: int) -> str:
    if legs_in_tie == 1:
        return f"A single-leg tie has only leg 1; there is no leg {number}."
    return f"A two-legged tie has legs 1 and 2; there is no leg {number}."


def _leg_problems(leg: LegScore, legs_in_tie: int) -> list[Problem]:
    found: list[Problem] = []

    def flag(field: str, message: str) -> None:
        found.append(Problem(leg.number, field, message))

    for field in ("home_goals", "away_goals", "home_penalties", "away_penalties"):
        value, what = getattr(leg, field), "Goals" if field.endswith("goals") else "Penalties"
        if value is not None and _count(value) is None:
            flag(field, f"{what} must be a whole number.")
        elif value is not None and value < 0:
            flag(field, f"{what} cannot be negative.")

    goals = [f for f in ("home_goals", "away_goals") if getattr(leg, f) is not None]
    no_goals = [f for f in ("home_goals", "away_goals") if getattr(leg, f) is None]
    penalties = [f for f in ("home_penalties", "away_penalties") if getattr(leg, f) is not None]
    no_penalties = [f for f in ("home_penalties", "away_penalties") if getattr(leg, f) is None]

    if leg.status == LegStatus.SCHEDULED:
        # One message per kind of thing entered too early is enough for the editor to act on.
        if goals:
            flag(goals[0], "A scheduled leg has no score yet: set it live or finished, "
                 "or clear the goals.")
        if leg.extra_time:
            flag("extra_time", "A scheduled leg cannot have gone to extra time.")
        if penalties:
            flag(penalties[0], "A scheduled leg cannot have had a penalty shoot-out.")
        return found
    if leg.status not in (LegStatus.LIVE, LegStatus.FINISHED):
        flag("status", f"A leg is scheduled, live or finished, not {leg.status!r}.")
        return found
    if no_goals:
        kick_off = " (0–0 at kick-off)" if leg.status == LegStatus.LIVE else ""
        flag(no_goals[0], f"A {leg.status} leg needs a score: enter both teams' goals{kick_off}.")

    if leg.number != legs_in_tie:
        if leg.extra_time:
            flag("extra_time", "Extra time is played only in the second leg; "
                 "the first leg ends after 90 minutes.")
        if penalties:
            flag(penalties[0], "Penalties are taken only in the second leg, never in the first.")
        return found
    if penalties and not leg.extra_time:
        flag("extra_time", "Penalties are taken only after extra time: "
             "tick extra time or clear the penalties.")
    if penalties and no_penalties:
        flag(no_penalties[0], "Enter both teams' penalties in the shoot-out.")
    home, away = _count(leg.home_penalties), _count(leg.away_penalties)
    # A live shoot-out is often level between kicks; only a finished one must have a winner.
    if leg.status == LegStatus.FINISHED and home is not None and home == away:
        flag("home_penalties", f"A shoot-out cannot end level ({home}–{away}): "
             "it goes on until one side wins.")
    return found


def _day(date: datetime.date) -> str:
    return f"{date.day} {date:%B %Y}"


def _tie_problems(tally: _Tally, legs_in_tie: int, away_goals_rule: bool) -> list[Problem]:
    found: list[Problem] = []
    first, second = tally.by_number.get(1), tally.by_number.get(2)
    if legs_in_tie == 2 and second is not None and not _is_finished(first):
        if second.status == LegStatus.FINISHED:
            found.append(Problem(2, "status", "A second leg finished before the first: "
                                 "finish leg 1 first."))
        elif second.status == LegStatus.LIVE:
            found.append(Problem(2, "status", "The second leg cannot be live before "
                                 "the first leg is finished."))
    first_date = getattr(first, "date", None)
    second_date = getattr(second, "date", None)
    if (
        isinstance(first_date, datetime.date)
        and isinstance(second_date, datetime.date)
        and second_date < first_date
    ):
        found.append(Problem(2, "date", f"The second leg is dated {_day(second_date)}, "
                             f"before the first leg ({_day(first_date)})."))

    deciding, aggregate = tally.deciding, tally.aggregate
    if deciding is None or not tally.all_scored:
        return found

    def flag(field: str, message: str) -> None:
        found.append(Problem(deciding.number, field, message))

    score = _dash(aggregate)
    level = aggregate.home == aggregate.away
    on_away_goals = away_goals_rule and legs_in_tie == 2 and _ahead(tally.away_goals) is not None
    shoot_out = deciding.home_penalties is not None or deciding.away_penalties is not None
    if shoot_out and not level:
        called = "the score is" if legs_in_tie == 1 else "the aggregate is"
        flag("home_penalties", "Penalties are taken only when the tie is level after extra time "
             f"({called} {score}).")
    elif shoot_out and on_away_goals:
        flag("home_penalties", "Penalties are taken only when the tie is level on away goals too "
             f"({score} on aggregate, {_dash(tally.away_goals)} on away goals).")
    if tally.all_finished and level and not on_away_goals and not shoot_out:
        if not deciding.extra_time:
            flag("extra_time", f"The tie is level at {score} after 90 minutes, so extra time "
                 "follows: tick extra time and include its goals.")
        else:
            flag("home_penalties", f"The tie is level at {score} after extra time, so it goes "
                 "to penalties: enter the shoot-out.")
    return found


def problems(
    legs: Sequence[LegScore], legs_in_tie: int, away_goals_rule: bool = False
) -> list[Problem]:
    """Everything wrong with the legs as entered, tie-wide first, then by leg; [] if all is well."""
    if legs_in_tie not in (1, 2):
        return [Problem(None, None, f"A tie is played over one or two legs, not {legs_in_tie}.")]

    found: list[Problem] = []
    seen: set[int] = set()
    for leg in legs:
        number = leg.number
        if _count(number) is None or not 1 <= number <= legs_in_tie:
            found.append(Problem(_count(number), "number", _no_such_leg(number, legs_in_tie)))
        elif number in seen:
            found.append(Problem(number, "number", f"Leg {number} is entered twice."))
        else:
            seen.add(number)
            found += _leg_problems(leg, legs_in_tie)
    found += _tie_problems(_tally(legs, legs_in_tie), legs_in_tie, away_goals_rule)
    # Stable sort: an admin lists tie-wide problems first, then each leg's in the order found.
    return sorted(found, key=lambda problem: (problem.leg is not None, problem.leg or 0))
