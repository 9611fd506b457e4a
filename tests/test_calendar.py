"""fixtures.ics: every leg in fans' calendars, updated in place as times and scores come in."""
import datetime

import pytest
from icalendar import Calendar

from europa import live
from europa.models import Leg

FEED = "/competitions/europa-league-2023-24/fixtures.ics"
TIE_PAGE = "/competitions/europa-league-2023-24/ties/{}/"


def events(client, **headers):
    response = client.get(FEED, **headers)
    assert response.status_code == 200
    return {str(event["UID"]): event for event in Calendar.from_ical(response.content).events}


def event(client, tie_code, number):
    return events(client)[f"europa-league-2023-24-{tie_code}-leg{number}@europa"]


def test_the_feed_is_a_calendar_of_every_leg_of_the_draw(client, draw):
    response = client.get(FEED)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert b"\r\n" in response.content
    feed = Calendar.from_ical(response.content)
    assert feed["X-WR-CALNAME"] == "UEFA Europa League 2023/24"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in response.content
    assert b"X-PUBLISHED-TTL:PT1H\r\n" in response.content
    # Four quarter-finals and two semi-finals over two legs, and the final.
    assert len(feed.events) == 13
    assert len({str(event["UID"]) for event in feed.events}) == 13


@pytest.mark.parametrize("tie_code, number, summary, date", [
    ("QF2", 1, "Liverpool v Atalanta · Quarter-finals, first leg", datetime.date(2024, 4, 11)),
    ("QF2", 2, "Atalanta v Liverpool · Quarter-finals, second leg", datetime.date(2024, 4, 18)),
    ("SF1", 1, "Benfica or Marseille v Liverpool or Atalanta · Semi-finals, first leg",
     datetime.date(2024, 5, 2)),
    ("F", 1, "Winner of SF1 v Winner of SF2 · Final", datetime.date(2024, 5, 22)),
])
def test_a_leg_without_a_kickoff_time_is_all_day(client, draw, tie_code, number, summary, date):
    leg = event(client, tie_code, number)
    assert leg["SUMMARY"] == summary
    assert leg["DTSTART"].params["VALUE"] == "DATE"
    assert leg.start == date
    assert leg.end == date + datetime.timedelta(days=1)


def test_a_leg_links_to_its_tie_page(client, draw):
    leg = event(client, "QF2", 1)
    url = "http://testserver" + TIE_PAGE.format("QF2")
    assert leg["URL"] == url
    assert leg["DESCRIPTION"] == url
    assert "LOCATION" not in leg


def test_links_follow_the_host_and_scheme_of_the_request(client, draw, settings):
    settings.ALLOWED_HOSTS = ["europa.example"]
    leg = events(client, HTTP_HOST="europa.example", secure=True)["europa-league-2023-24-F-leg1@europa"]
    assert leg["URL"] == "https://europa.example" + TIE_PAGE.format("F")


def test_the_final_is_in_dublin(client, draw):
    assert event(client, "F", 1)["LOCATION"] == "Dublin"


def test_a_finished_leg_shows_its_score_and_the_tie_in_words(client, play):
    play("QF2", 1, 0, 3)
    leg = event(client, "QF2", 1)
    assert leg["SUMMARY"] == "Liverpool 0–3 Atalanta · Quarter-finals, first leg"
    assert leg["DESCRIPTION"] == (
        "Atalanta lead 3–0 after the first leg\n\nhttp://testserver" + TIE_PAGE.format("QF2")
    )
    # The second leg is still to play: no score, but the tie as it stands.
    second = event(client, "QF2", 2)
    assert second["SUMMARY"] == "Atalanta v Liverpool · Quarter-finals, second leg"
    assert second["DESCRIPTION"].startswith("Atalanta lead 3–0 after the first leg\n\n")


def test_a_live_leg_says_so(client, play):
    play("QF4", 1, 1, 0, status="live")
    assert event(client, "QF4", 1)["SUMMARY"] == (
        "Benfica 1–0 Marseille · Quarter-finals, first leg (live)"
    )


def test_a_kickoff_time_makes_a_two_hour_event_at_that_instant_in_utc(client, draw):
    leg = Leg.objects.get(tie__code="QF2", number=1)
    leg.kickoff = datetime.time(21, 0)
    leg.save()
    response = client.get(FEED)
    # 21:00 in Paris, on summer time since 31 March, is 19:00 UTC.
    assert b"DTSTART:20240411T190000Z\r\n" in response.content
    timed = event(client, "QF2", 1)
    assert timed.start == datetime.datetime(2024, 4, 11, 19, 0, tzinfo=datetime.UTC)
    assert timed.end == datetime.datetime(2024, 4, 11, 21, 0, tzinfo=datetime.UTC)
    assert "VALUE" not in timed["DTSTART"].params
    assert b"VTIMEZONE" not in response.content


def test_uids_do_not_change_as_results_and_kickoff_times_come_in(client, play):
    before = set(events(client))
    play("QF2", 1, 0, 3)
    play("QF2", 2, 1, 0)          # Atalanta through: the semi-final now names them
    leg = Leg.objects.get(tie__code="F")
    leg.kickoff = datetime.time(21, 0)
    leg.save()
    after = events(client)
    assert set(after) == before
    assert after["europa-league-2023-24-SF1-leg1@europa"]["SUMMARY"] == (
        "Benfica or Marseille v Atalanta · Semi-finals, first leg"
    )


def test_an_unknown_competition_is_not_found(client, draw):
    assert client.get("/competitions/no-such-cup/fixtures.ics").status_code == 404


def test_the_feed_takes_a_fixed_number_of_queries(client, play, django_assert_num_queries):
    # With results in, labels come from teams and feeders: still no query per tie or leg.
    play("QF2", 1, 0, 3)
    play("QF2", 2, 1, 0)
    play("QF4", 1, 2, 1, status="live")
    # The version (pages.kept: from the database unless a shared cache has it), then the feed.
    with django_assert_num_queries(4 + (0 if live.cache_is_shared() else 1)):
        client.get(FEED)
