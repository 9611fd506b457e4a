"""A competition's bracket as the pages show it: rounds in order, ties placed beside the
ties that feed them, and what fans look for first (the next date, live ties, the winner).
Read in three queries once the competition is known; who won each tie still comes from rules.py through the models."""
import datetime
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Prefetch
from django.utils.translation import pgettext

from europa import rules
from europa.models import Round, Tie


@dataclass(frozen=True)
class Pair:
    """Ties drawn to meet next: their winners play each other in `next_tie`. A pair that
    feeds the final is cut in two (`split`), one tie in each half of the draw."""
    ties: list
    next_tie: object
    split: bool = False


@dataclass(frozen=True)
class TieSide:
    """One side of a tie as its card shows it: who, each leg's goals from their point of
    view, and whether they went through or out."""
    side: rules.Side
    team: object
    label: str
    short_label: str
    goals: list
    won: bool
    lost: bool
    # The team's number in the draw (Bracket.roads), which static CSS uses to light up
    # its road through every round: the stylesheet cannot know the teams' names.
    road: int | None = None


def sides(tie, roads=None):
    """Both sides of `tie` as a card shows them, first-named first."""
    decided = tie.outcome.winner
    roads = roads or {}
    return [
        TieSide(
            side=side,
            team=tie.team(side),
            road=roads.get(getattr(tie.team(side), "pk", None)),
            label=tie.side_label(side, unbroken=True),
            short_label=tie.side_label(side, short=True, unbroken=True),
            goals=[leg.goals_of(side) for leg in tie.ordered_legs],
            won=decided == side,
            lost=decided is not None and decided != side,
        )
        for side in (rules.Side.HOME, rules.Side.AWAY)
    ]


@dataclass(frozen=True)
class KeyDate:
    label: str
    date: datetime.date


class Bracket:
    def __init__(self, competition, rounds=None):
        self.competition = competition
        # `rounds` when read already, with their ties and legs (brackets() reads many at once).
        self.rounds = competition.rounds_with_ties() if rounds is None else rounds
        self.ties = [tie for round in self.rounds for tie in round.ties.all()]
        _place_by_draw(self.rounds)
        self.halves = _halve(self.rounds)

    def tie(self, code):
        return next((tie for tie in self.ties if tie.code == code), None)

    def feeders(self, tie):
        """The ties whose winners play in `tie`, first-named side first."""
        return [t for pk in (tie.home_from_id, tie.away_from_id) for t in self.ties if t.pk == pk]

    def next_ties(self, tie):
        return [t for t in self.ties if tie.pk in (t.home_from_id, t.away_from_id)]

    def teams(self):
        """The teams in the draw, in draw order."""
        found = {}
        for tie in self.ties:
            for team in (tie.home, tie.away):
                if team is not None:
                    found.setdefault(team.pk, team)
        return list(found.values())

    @cached_property
    def roads(self):
        """{team id: its number in draw order, from 1}; at most two per tie of the first round."""
        return {team.pk: number for number, team in enumerate(self.teams(), start=1)}

    def team(self, slug):
        return next((team for team in self.teams() if team.slug == slug), None)

    def next_key_date(self):
        """The next date fans wait for: the earliest leg not finished yet, named as
        “Quarter-finals, first legs”; None once every leg is played."""
        waiting = [
            (leg.date, tie.round.order, leg.number, tie.round)
            for tie in self.ties for leg in tie.ordered_legs
            if leg.status != rules.LegStatus.FINISHED
        ]
        if not waiting:
            return None
        date, _, number, round = min(waiting, key=lambda item: item[:3])
        if round.legs == 1:
            return KeyDate(round.local_name, date)
        if number == 1:
            # Translators: the next date fans wait for, "Quarter-finals, first legs".
            label = pgettext("next key date", "%(round)s, first legs")
        else:
            label = pgettext("next key date", "%(round)s, second legs")
        return KeyDate(label % {"round": round.local_name}, date)

    def live_ties(self):
        return [tie for tie in self.ties if tie.live_leg]

    def stage_reached(self):
        """The latest round with a leg in play or played; None before the first kick-off."""
        started = [
            round for round in self.rounds
            if any(leg.status != rules.LegStatus.SCHEDULED
                   for tie in round.ties.all() for leg in tie.ordered_legs)
        ]
        return started[-1] if started else None

    def champion(self):
        """The winner of the last round's only tie, once decided."""
        last = list(self.rounds[-1].ties.all()) if self.rounds else []
        return last[0].winner if len(last) == 1 else None

    def all_decided(self):
        return bool(self.ties) and all(
            tie.outcome.status == rules.TieStatus.DECIDED for tie in self.ties
        )


def brackets(competitions):
    """A Bracket for each of `competitions` (a queryset), read in four queries however
    many there are: competitions, rounds, ties with their teams, legs."""
    ties = Tie.objects.select_related("home", "away").prefetch_related("legs").order_by("position")
    rounds = Round.objects.order_by("order").prefetch_related(Prefetch("ties", queryset=ties))
    return [
        Bracket(competition, list(competition.rounds.all()))
        for competition in competitions.prefetch_related(Prefetch("rounds", queryset=rounds))
    ]


def _place_by_draw(rounds):
    """Set each round's `pairs`: its ties in the order the bracket draws them, grouped by
    the tie their winners meet in, so that QF4 and QF2 sit beside SF1."""
    later = []
    for round in reversed(rounds):
        ties = list(round.ties.all())
        pairs, placed = [], set()
        for next_tie in later:
            feeders = [
                tie for feeder_id in (next_tie.home_from_id, next_tie.away_from_id)
                for tie in ties if tie.pk == feeder_id and tie.pk not in placed
            ]
            if feeders:
                pairs.append(Pair(feeders, next_tie))
                placed.update(tie.pk for tie in feeders)
        pairs += [Pair([tie], None) for tie in ties if tie.pk not in placed]
        round.pairs = pairs
        round.bracket_ties = [tie for pair in pairs for tie in pair.ties]
        later = round.bracket_ties


def _halve(rounds):
    """Set each round's `halves`, its pairs in the two halves of the draw that meet only in
    the final, so that wide screens can draw them facing each other (UEFA's tree), and
    return whether the draw has such halves. Without them (one round, or a draw whose
    ties do not all lead to one final) a round has one half: all its pairs."""
    for round in rounds:
        round.halves = [round.pairs]
    if len(rounds) < 2 or len(rounds[-1].pairs) != 1:
        return False
    final = rounds[-1].pairs[0].ties[0]
    side = {final.home_from_id: 0, final.away_from_id: 1}
    halves_of = []
    for round in reversed(rounds[:-1]):
        halves = [[], []]
        for pair in round.pairs:
            if pair.next_tie is not None and pair.next_tie.pk == final.pk:
                for tie in pair.ties:
                    halves[side[tie.pk]].append(Pair([tie], final, split=True))
            elif pair.next_tie is not None and pair.next_tie.pk in side:
                halves[side[pair.next_tie.pk]].append(pair)
                side.update((tie.pk, side[pair.next_tie.pk]) for tie in pair.ties)
            else:
                return False
        if len(halves[0]) != len(halves[1]):
            return False
        halves_of.append((round, halves))
    for round, halves in halves_of:
        round.halves = halves
    return True
