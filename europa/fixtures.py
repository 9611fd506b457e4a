"""The competition's legs as an iCalendar feed (fixtures.ics) for fans' calendars: one
event per leg, which subscribed calendars update as kick-off times and scores come in."""
import datetime

from icalendar import Calendar, Event, vDuration

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from europa import describe, rules

# UEFA does not publish an end time; two hours covers a match in normal time.
MATCH_LENGTH = datetime.timedelta(hours=2)
# Results change during match nights: ask subscribed calendars to fetch again hourly.
REFRESH = datetime.timedelta(hours=1)
LEG_NAMES = {1: gettext_lazy("first leg"), 2: gettext_lazy("second leg")}


def calendar(competition, rounds, absolute_url):
    """The feed as text, `rounds` as Competition.rounds_with_ties() gives them;
    `absolute_url(path)` makes a link (the request's build_absolute_uri)."""
    feed = Calendar.new(
        name=f"{competition.name} {competition.season}",
        prodid="-//Europa//Fixtures//EN",
        # Without it icalendar invents a new UID on every fetch.
        uid=f"{competition.slug}@europa",
    )
    # RFC 7986 requires VALUE=DURATION, which the library's refresh_interval leaves out;
    # Outlook reads only its own X-PUBLISHED-TTL.
    feed.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
    feed.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    stamp = datetime.datetime.now(datetime.UTC)
    for round in rounds:
        for tie in round.ties.all():
            url = absolute_url(tie.get_absolute_url())
            for leg in tie.ordered_legs:
                feed.add_component(leg_event(competition, tie, leg, url, stamp))
    return feed.to_ical().decode()


def leg_event(competition, tie, leg, url, stamp):
    if leg.kickoff_at is None:
        # All day until the kick-off is announced: a guessed time would be wrong in fans' diaries.
        start, end = leg.date, leg.date + datetime.timedelta(days=1)
    else:
        # Written in UTC with a Z, so the feed needs no VTIMEZONE block for the competition's zone.
        start = leg.kickoff_at.astimezone(datetime.UTC)
        end = start + MATCH_LENGTH
    return Event.new(
        # Calendars match updates by UID: it must not change as teams, times or scores do.
        uid=f"{competition.slug}-{tie.code}-leg{leg.number}@europa",
        stamp=stamp,
        start=start,
        end=end,
        summary=leg_summary(tie, leg),
        location=leg.where or None,
        description="\n\n".join(words for words in (tie.summary, url) if words),
        url=url,
    )


def leg_summary(tie, leg):
    """“Liverpool 0–3 Atalanta · Quarter-finals, first leg”; the score once there is one,
    all in the active language (“Liverpool-Atalanta 0-3 · Quarti di finale, andata”)."""
    stage = tie.round.local_name
    if tie.round.legs > 1:
        stage = _("%(round)s, %(leg)s") % {"round": stage, "leg": LEG_NAMES[leg.number]}
    values = {"home": leg.home_label, "away": leg.away_label}
    if leg.status == rules.LegStatus.SCHEDULED:
        match = _("%(home)s v %(away)s") % values
    else:
        score = describe.score(rules.Score(leg.home_goals, leg.away_goals))
        match = _("%(home)s %(score)s %(away)s") % {**values, "score": score}
    if leg.status == rules.LegStatus.LIVE:
        return _("%(match)s · %(stage)s (live)") % {"match": match, "stage": stage}
    return _("%(match)s · %(stage)s") % {"match": match, "stage": stage}
