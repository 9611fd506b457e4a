"""Entering a tie's results, written once: the change form, the match-night screen, its
actions, reverting a change from the history and importing a competition file all call
save_tie(), and none of them saves a leg or moves a winner on by itself.

save_tie() checks the editor's copy is not stale (the tie's revision, checked in the
UPDATE), checks the legs against the rules and the rest of the draw, saves the legs in the
order the database triggers accept, and carries the winner on to the tie it feeds; all in
one transaction, so a refusal stores nothing at all."""
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from europa import describe, history, rules
from europa.models import LEG_FIELDS, Leg, Tie


class Refused(Exception):
    """A save that stored nothing; str() says why, in an editor's words."""

    def __init__(self, message, problems=()):
        super().__init__(message)
        self.problems = list(problems)


class StaleEdit(Refused):
    """The tie was saved by someone else since the editor's copy was read."""


@dataclass(frozen=True)
class Advance:
    """`tie`'s winner (or nobody, once undecided again) now plays in `next_tie`."""
    tie: Tie
    next_tie: Tie
    team: object

    def __str__(self):
        values = {"tie": self.tie.code, "next": self.next_tie.code, "team": self.team}
        if self.team is None:
            return _("%(tie)s is undecided again: %(next)s waits for its winner.") % values
        return _("%(team)s go through to %(next)s.") % values


def next_slots(tie):
    """(next tie, side) pairs that `tie`'s winner fills, as the draw says."""
    if tie.pk is None:
        return []
    slots = [(t, rules.Side.HOME) for t in tie.feeds_home.select_related("round__competition")]
    slots += [(t, rules.Side.AWAY) for t in tie.feeds_away.select_related("round__competition")]
    return slots


def has_result(tie):
    return any(leg.status != rules.LegStatus.SCHEDULED for leg in tie.ordered_legs)


def problems(tie, legs):
    """What stops these legs of `tie` being saved, in the editor's words
    (describe.EditorProblem): a football rule broken, a score for a tie whose teams are
    not known yet, or a new winner that would overwrite a next tie that already has a
    result. Nothing is silently reset: the editor is told which tie to clear first."""
    scores = [leg.as_score() for leg in legs]
    found = describe.for_editor(
        rules.problems(scores, tie.round.legs, tie.round.competition.away_goals_rule)
    )
    if found:
        return found
    played = next((leg for leg in legs if leg.status != rules.LegStatus.SCHEDULED), None)
    if played is not None and (tie.home is None or tie.away is None):
        feeders = [
            feeder.code for side in rules.Side
            if tie.team(side) is None and (feeder := tie.feeder(side)) is not None
        ]
        values = {"tie": tie.code, "feeder": feeders[0] if feeders else "",
                  "other": feeders[-1]}
        if len(feeders) == 2:
            message = _("%(tie)s cannot be played before both its teams are known: "
                        "enter %(feeder)s's and %(other)s's result first.")
        elif feeders:
            message = _("%(tie)s cannot be played before both its teams are known: "
                        "enter %(feeder)s's result first.")
        else:
            message = _("%(tie)s cannot be played before both its teams are known: "
                        "set both teams first.")
        return [describe.EditorProblem(played.number, "status", message % values)]
    outcome = tie.outcome_of(legs)
    winner = tie.team(outcome.winner) if outcome.winner else None
    for next_tie, side in next_slots(tie):
        if next_tie.team(side) != winner and has_result(next_tie):
            found.append(describe.EditorProblem(None, None, _(
                "%(next)s already has a result with %(team)s in it. "
                "Clear %(next)s's legs first, then correct %(tie)s."
            ) % {"next": next_tie.code, "team": next_tie.side_label(side), "tie": tie.code}))
    return found


def create_tie(tie):
    """Store a new tie with its legs, one per leg of its round, on the round's dates."""
    with transaction.atomic():
        tie.save()
        for number, date in enumerate(tie.round.dates, start=1):
            Leg.objects.create(tie=tie, number=number, date=date)
    return tie


def save_tie(tie, legs=(), *, revision):
    """Store `tie` (its own fields as set on the instance) and `legs` (Leg instances of
    this tie with the values entered), based on the copy read at `revision`.

    Raises StaleEdit when the tie was saved since, Refused when the legs break a rule;
    either way nothing is stored. Returns the Advance of each next tie that changed."""
    with transaction.atomic():
        claimed = Tie.objects.filter(pk=tie.pk, revision=revision).update(revision=F("revision") + 1)
        if not claimed:
            raise StaleEdit(_stale_message(tie, revision, legs))
        stored = {leg.number: leg for leg in Leg.objects.filter(tie=tie)}
        changed = [leg for leg in legs if _differs(leg, stored.get(leg.number))]
        merged = {**stored, **{leg.number: leg for leg in changed}}
        found = problems(tie, [merged[number] for number in sorted(merged)])
        if found:
            raise Refused(" ".join(problem.message for problem in found), found)
        tie.revision = revision + 1
        tie.save()
        for leg in _in_trigger_order(changed, merged):
            leg.pk = leg.pk or getattr(stored.get(leg.number), "pk", None)
            leg.tie = tie
            leg.save()
        return advance(tie)


def revert(tie, change, *, revision):
    """Put back what `change` (a history.Change of `tie` or of one of its legs) changed,
    as a new save checked like any other: by `revision` and by the rules."""
    if change.leg_number is None:
        for name in change.fields:
            setattr(tie, name, getattr(change.before, name))
        return save_tie(tie, [], revision=revision)
    leg = Leg.objects.get(tie=tie, number=change.leg_number)
    for name in change.fields:
        setattr(leg, name, getattr(change.before, name))
    return save_tie(tie, [leg], revision=revision)


def _differs(leg, stored):
    return stored is None or any(getattr(leg, f) != getattr(stored, f) for f in LEG_FIELDS)


def _in_trigger_order(changed, merged):
    # The database checks each leg against the other as stored (a second leg is never
    # played while the first is not finished), so legs are played from the first up and
    # reopened from the last down.
    first = merged.get(1)
    reopening = first is not None and first.status != rules.LegStatus.FINISHED
    return sorted(changed, key=lambda leg: leg.number, reverse=reopening)


def _stale_message(tie, revision, legs):
    theirs = history.changes_since(tie, revision)
    saved = "; ".join(str(change) for change in theirs) or _("a change")
    yours = "; ".join(history.describe_leg(leg) for leg in sorted(legs, key=lambda leg: leg.number))
    values = {"tie": tie.code, "saved": saved, "yours": yours}
    if yours:
        return _(
            "%(tie)s was saved by someone else while you had it open: %(saved)s. Nothing of "
            "your save was stored (your form had %(yours)s). %(tie)s now shows what is saved: "
            "enter your change again on top of it."
        ) % values
    return _(
        "%(tie)s was saved by someone else while you had it open: %(saved)s. Nothing of "
        "your save was stored. %(tie)s now shows what is saved: enter your change again on "
        "top of it."
    ) % values


def advance(tie):
    """Put `tie`'s winner (or nobody, while undecided) into the ties it feeds, once its
    legs are saved; return an Advance for each next tie that changed."""
    # The legs were just saved: forget what was read (or prefetched) before.
    tie.__dict__.pop("outcome", None)
    tie.__dict__.pop("ordered_legs", None)
    getattr(tie, "_prefetched_objects_cache", {}).pop("legs", None)
    winner = tie.winner
    changed = []
    for next_tie, side in next_slots(tie):
        field = "home" if side == rules.Side.HOME else "away"
        if getattr(next_tie, f"{field}_id") != (winner.pk if winner else None):
            # A copy of the next tie open in another form is stale now too.
            Tie.objects.filter(pk=next_tie.pk).update(revision=F("revision") + 1)
            next_tie.refresh_from_db(fields=["revision"])
            setattr(next_tie, field, winner)
            next_tie.save(update_fields=[field, "revision"])
            changed.append(Advance(tie, next_tie, winner))
    return changed
