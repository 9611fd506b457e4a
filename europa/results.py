"""Entering a tie's results: checking the legs an editor typed against the rules and the
rest of the draw, then carrying the winner on to the tie it feeds. The admin uses this
(and so will every other way of entering scores), so the workflow is written once."""
from europa import rules


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
    """What stops these legs of `tie` being saved, as rules.Problem: a football rule
    broken, or a new winner that would overwrite a next tie that already has a result.
    Nothing is silently reset: the editor is told which tie to clear first."""
    scores = [leg.as_score() for leg in legs]
    found = rules.problems(scores, tie.round.legs, tie.round.competition.away_goals_rule)
    if found:
        return found
    outcome = tie.outcome_of(legs)
    winner = tie.team(outcome.winner) if outcome.winner else None
    for next_tie, side in next_slots(tie):
        if next_tie.team(side) != winner and has_result(next_tie):
            found.append(rules.Problem(None, None, (
                f"{next_tie.code} already has a result with {next_tie.side_label(side)} in it. "
                f"Clear {next_tie.code}'s legs first, then correct {tie.code}."
            )))
    return found


def advance(tie):
    """Put `tie`'s winner (or nobody, while undecided) into the ties it feeds, once its
    legs are saved; return the ties that changed."""
    # The legs were just saved: forget what was read (or prefetched) before.
    tie.__dict__.pop("outcome", None)
    tie.__dict__.pop("ordered_legs", None)
    getattr(tie, "_prefetched_objects_cache", {}).pop("legs", None)
    winner = tie.winner
    changed = []
    for next_tie, side in next_slots(tie):
        field = "home" if side == rules.Side.HOME else "away"
        if getattr(next_tie, f"{field}_id") != (winner.pk if winner else None):
            setattr(next_tie, field, winner)
            next_tie.save(update_fields=[field])
            changed.append(next_tie)
    return changed
