"""How an open page keeps up with the scores: how often it asks for news."""
import datetime

from django.conf import settings
from django.utils import timezone

from europa import rules


def poll_seconds(rounds, now=None):
    """Ask often while a leg is live or kicks off within the hour; rarely otherwise."""
    now = now or timezone.now()
    soon = now + datetime.timedelta(hours=1)
    for round in rounds:
        for tie in round.ties.all():
            for leg in tie.ordered_legs:
                if leg.status == rules.LegStatus.LIVE:
                    return settings.EUROPA_LIVE_POLL_SECONDS
                kickoff = leg.kickoff_at
                if leg.status == rules.LegStatus.SCHEDULED and kickoff and now <= kickoff <= soon:
                    return settings.EUROPA_LIVE_POLL_SECONDS
    return settings.EUROPA_POLL_SECONDS
