"""What rules.py decides, put into words in the active language: the tie's state for fans
("Marseille win 4–2 on penalties after 2–2 on aggregate") and what an editor got wrong.

rules.py returns what happened as data and imports no Django; this is the one place that
words it, through gettext, so that a sentence is translated whole in locale/*/django.po
rather than glued from English pieces."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from europa.rules import DecidedBy, Outcome, Problem, Score, Side, TieStatus, Wrong


def score(goals: Score, first: Side = Side.HOME) -> str:
    """A score from the point of view of the side the sentence is about: its goals first."""
    if first == Side.AWAY:
        goals = Score(goals.away, goals.home)
    # Translators: a score, "4–2", written as your sports press writes it. English uses an
    # en dash; German papers (kicker, Sportschau) write 4:2; Italian, French, Spanish and
    # Portuguese ones (Gazzetta, L'Équipe, Marca, A Bola) a hyphen, 4-2.
    return pgettext("score", "%(first)d–%(second)d") % {"first": goals.home, "second": goals.away}


# Django's own catalogues capitalise month and weekday names in Italian and Portuguese
# ("Giovedì 11 Aprile"), which their papers write in lower case: a date in a sentence uses these.
MONTHS = {
    1: pgettext_lazy("month in a date", "January"),
    2: pgettext_lazy("month in a date", "February"),
    3: pgettext_lazy("month in a date", "March"),
    4: pgettext_lazy("month in a date", "April"),
    5: pgettext_lazy("month in a date", "May"),
    6: pgettext_lazy("month in a date", "June"),
    7: pgettext_lazy("month in a date", "July"),
    8: pgettext_lazy("month in a date", "August"),
    9: pgettext_lazy("month in a date", "September"),
    10: pgettext_lazy("month in a date", "October"),
    11: pgettext_lazy("month in a date", "November"),
    12: pgettext_lazy("month in a date", "December"),
}


WEEKDAYS = [  # Monday first, as date.weekday() counts
    pgettext_lazy("weekday in a date", "Monday"),
    pgettext_lazy("weekday in a date", "Tuesday"),
    pgettext_lazy("weekday in a date", "Wednesday"),
    pgettext_lazy("weekday in a date", "Thursday"),
    pgettext_lazy("weekday in a date", "Friday"),
    pgettext_lazy("weekday in a date", "Saturday"),
    pgettext_lazy("weekday in a date", "Sunday"),
]


def day(date: datetime.date, weekday: bool = False) -> str:
    """A date inside a sentence: “6 March 2024”, “6. März 2024”, “6 de marzo de 2024”; with
    its weekday, “Thursday 11 April 2024”, “giovedì 11 aprile 2024”."""
    values = {"day": date.day, "month": MONTHS[date.month], "year": date.year,
              "weekday": WEEKDAYS[date.weekday()]}
    if weekday:
        return pgettext("a date with its weekday", "%(weekday)s %(day)d %(month)s %(year)d") % values
    return pgettext("a date in a sentence", "%(day)d %(month)s %(year)d") % values


# --- The tie, for fans --------------------------------------------------------------------------


def tie(outcome: Outcome, home_name: str, away_name: str, legs_in_tie: int) -> str:
    """The tie in words for fans: “Marseille win 4–2 on penalties after 2–2 on aggregate”;
    "" before a ball is kicked. Each sentence is whole, so each language words it its way."""
    aggregate = outcome.aggregate
    if outcome.status == TieStatus.SCHEDULED or aggregate is None:
        return ""
    names = {Side.HOME: home_name, Side.AWAY: away_name}
    if outcome.status == TieStatus.DECIDED and outcome.winner:
        return _decided(outcome, names[outcome.winner], legs_in_tie == 1)
    side = outcome.leader or Side.HOME
    values = {
        "leader": names.get(outcome.leader, ""),
        "score": score(aggregate, side),
        "penalties": score(outcome.penalties, side) if outcome.penalties else "",
    }
    if outcome.live_leg is not None and outcome.live_leg == legs_in_tie:
        return _deciding_leg_live(outcome, legs_in_tie == 1) % values
    if outcome.legs_finished >= legs_in_tie or legs_in_tie == 1:
        return pgettext("tie", "Awaiting the result")
    return _first_leg(outcome, first_leg_live=outcome.live_leg is not None) % values


def _decided(outcome: Outcome, winner: str, single: bool) -> str:
    values = {
        "winner": winner,
        "score": score(outcome.aggregate, outcome.winner),
        # decide() names a shoot-out's winner only once both sides have a number.
        "penalties": score(outcome.penalties, outcome.winner) if outcome.penalties else "",
    }
    if outcome.decided_by == DecidedBy.AWAY_GOALS:
        # Only two-legged ties have away goals.
        return _("%(winner)s win on away goals after %(score)s on aggregate") % values
    if outcome.decided_by == DecidedBy.PENALTIES and single:
        return _("%(winner)s win %(penalties)s on penalties after a %(score)s draw") % values
    if outcome.decided_by == DecidedBy.PENALTIES:
        return _("%(winner)s win %(penalties)s on penalties after %(score)s on aggregate") % values
    if outcome.decided_by == DecidedBy.EXTRA_TIME and single:
        return _("%(winner)s win %(score)s after extra time") % values
    if outcome.decided_by == DecidedBy.EXTRA_TIME:
        return _("%(winner)s win %(score)s on aggregate after extra time") % values
    if single:
        return _("%(winner)s win %(score)s") % values
    return _("%(winner)s win %(score)s on aggregate") % values


def _deciding_leg_live(outcome: Outcome, single: bool) -> str:
    """The sentence, to fill in, while the leg that settles the tie is being played."""
    if outcome.leads_on == DecidedBy.AGGREGATE and single:
        return _("%(leader)s going through as it stands (%(score)s)")
    if outcome.leads_on == DecidedBy.AGGREGATE:
        return _("%(leader)s going through as it stands (%(score)s on aggregate)")
    if outcome.leads_on == DecidedBy.PENALTIES and single:
        return _("%(leader)s going through as it stands (%(penalties)s on penalties after a "
                 "%(score)s draw)")
    if outcome.leads_on == DecidedBy.PENALTIES:
        return _("%(leader)s going through as it stands (%(penalties)s on penalties after "
                 "%(score)s on aggregate)")
    if outcome.leads_on == DecidedBy.AWAY_GOALS:
        # Only two-legged ties have away goals.
        return _("%(leader)s going through on away goals as it stands (%(score)s on aggregate)")
    shoot_out = outcome.level_goes_to == DecidedBy.PENALTIES
    if shoot_out and outcome.penalties and single:
        return _("Level at %(score)s, %(penalties)s in the shoot-out")
    if shoot_out and outcome.penalties:
        return _("Level at %(score)s on aggregate, %(penalties)s in the shoot-out")
    if shoot_out and single:
        return _("Level at %(score)s: penalties would follow")
    if shoot_out:
        return _("Level at %(score)s on aggregate: penalties would follow")
    if single:
        return _("Level at %(score)s: extra time would follow")
    return _("Level at %(score)s on aggregate: extra time would follow")


def _first_leg(outcome: Outcome, first_leg_live: bool) -> str:
    """The sentence, to fill in, during or after the first leg of two."""
    if outcome.leads_on == DecidedBy.AGGREGATE and first_leg_live:
        return _("%(leader)s lead %(score)s in the first leg")
    if outcome.leads_on == DecidedBy.AGGREGATE:
        return _("%(leader)s lead %(score)s after the first leg")
    if outcome.leader and first_leg_live:
        return _("Level at %(score)s in the first leg, %(leader)s ahead on away goals")
    if outcome.leader:
        return _("Level at %(score)s after the first leg, %(leader)s ahead on away goals")
    if first_leg_live:
        return _("Level at %(score)s in the first leg")
    return _("Level at %(score)s after the first leg")


# --- What an editor got wrong ---------------------------------------------------------------------

# Each rules.Wrong in the editor's words, to fill in with the Problem's values.
PROBLEMS = {
    Wrong.NO_LEG_IN_A_FINAL: pgettext_lazy(
        "problem", "A single-leg tie has only leg 1; there is no leg %(number)s."),
    Wrong.NO_SUCH_LEG: pgettext_lazy(
        "problem", "A two-legged tie has legs 1 and 2; there is no leg %(number)s."),
    Wrong.LEG_TWICE: pgettext_lazy("problem", "Leg %(number)s is entered twice."),
    Wrong.LEGS_IN_TIE: pgettext_lazy(
        "problem", "A tie is played over one or two legs, not %(legs)s."),
    Wrong.GOALS_NOT_WHOLE: pgettext_lazy("problem", "Goals must be a whole number."),
    Wrong.PENALTIES_NOT_WHOLE: pgettext_lazy("problem", "Penalties must be a whole number."),
    Wrong.GOALS_NEGATIVE: pgettext_lazy("problem", "Goals cannot be negative."),
    Wrong.PENALTIES_NEGATIVE: pgettext_lazy("problem", "Penalties cannot be negative."),
    Wrong.SCHEDULED_WITH_GOALS: pgettext_lazy(
        "problem", "A scheduled leg has no score yet: set it live or finished, or clear the goals."),
    Wrong.SCHEDULED_WITH_EXTRA_TIME: pgettext_lazy(
        "problem", "A scheduled leg cannot have gone to extra time."),
    Wrong.SCHEDULED_WITH_PENALTIES: pgettext_lazy(
        "problem", "A scheduled leg cannot have had a penalty shoot-out."),
    Wrong.UNKNOWN_STATUS: pgettext_lazy(
        "problem", "A leg is scheduled, live or finished, not '%(status)s'."),
    Wrong.LIVE_WITHOUT_SCORE: pgettext_lazy(
        "problem", "A live leg needs a score: enter both teams' goals (0–0 at kick-off)."),
    Wrong.FINISHED_WITHOUT_SCORE: pgettext_lazy(
        "problem", "A finished leg needs a score: enter both teams' goals."),
    Wrong.EXTRA_TIME_IN_FIRST_LEG: pgettext_lazy(
        "problem",
        "Extra time is played only in the second leg; the first leg ends after 90 minutes."),
    Wrong.PENALTIES_IN_FIRST_LEG: pgettext_lazy(
        "problem", "Penalties are taken only in the second leg, never in the first."),
    Wrong.PENALTIES_WITHOUT_EXTRA_TIME: pgettext_lazy(
        "problem",
        "Penalties are taken only after extra time: tick extra time or clear the penalties."),
    Wrong.ONE_SIDE_PENALTIES: pgettext_lazy(
        "problem", "Enter both teams' penalties in the shoot-out."),
    Wrong.SHOOT_OUT_LEVEL: pgettext_lazy(
        "problem",
        "A shoot-out cannot end level (%(penalties)s): it goes on until one side wins."),
    Wrong.SECOND_LEG_FINISHED_FIRST: pgettext_lazy(
        "problem", "A second leg finished before the first: finish leg 1 first."),
    Wrong.SECOND_LEG_LIVE_FIRST: pgettext_lazy(
        "problem", "The second leg cannot be live before the first leg is finished."),
    Wrong.SECOND_LEG_DATED_FIRST: pgettext_lazy(
        "problem", "The second leg is dated %(second_date)s, before the first leg (%(first_date)s)."),
    Wrong.PENALTIES_AFTER_A_WIN: pgettext_lazy(
        "problem",
        "Penalties are taken only when the tie is level after extra time "
        "(the score is %(aggregate)s)."),
    Wrong.PENALTIES_AFTER_AN_AGGREGATE_WIN: pgettext_lazy(
        "problem",
        "Penalties are taken only when the tie is level after extra time "
        "(the aggregate is %(aggregate)s)."),
    Wrong.PENALTIES_AFTER_AWAY_GOALS: pgettext_lazy(
        "problem",
        "Penalties are taken only when the tie is level on away goals too "
        "(%(aggregate)s on aggregate, %(away_goals)s on away goals)."),
    Wrong.LEVEL_NEEDS_EXTRA_TIME: pgettext_lazy(
        "problem",
        "The tie is level at %(aggregate)s after 90 minutes, so extra time follows: "
        "tick extra time and include its goals."),
    Wrong.LEVEL_NEEDS_PENALTIES: pgettext_lazy(
        "problem",
        "The tie is level at %(aggregate)s after extra time, so it goes to penalties: "
        "enter the shoot-out."),
}


def problem(found: Problem) -> str:
    """What the editor reads next to the field to fix, in the active language."""
    values = {name: _shown(value) for name, value in found.values.items()}
    return str(PROBLEMS[found.wrong]) % values


@dataclass(frozen=True)
class EditorProblem:
    """A problem as the admin shows it: in words, next to the leg's field to fix (or the
    whole tie's when `leg` or `field` is None)."""

    leg: int | None
    field: str | None
    message: str


def for_editor(found: list[Problem]) -> list[EditorProblem]:
    return [EditorProblem(p.leg, p.field, problem(p)) for p in found]


def _shown(value: object) -> object:
    if isinstance(value, Score):
        return score(value)
    if isinstance(value, datetime.date):
        return day(value)
    return value
