"""The match-night screen as an editor meets it on a phone: sign in, kick a leg off, enter
the score in place, and see it on the fans' tie page; the list fits a phone's width."""
import datetime

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from europa.admin.match_night import match_day
from europa.models import Leg
from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)

MATCH_NIGHT = "/admin/europa/leg/"
PASSWORD = "a-long-editor-password-for-tests"
TAP_PX = 44


@pytest.fixture
def tonight(draw, play):
    """QF1's first leg is live, QF2's kicks off later; QF4's second leg is in extra time."""
    today = match_day(draw.time_zone)
    play("QF4", 1, 2, 1)
    play("QF4", 2, 2, 1, status="live", extra_time=True)
    Leg.objects.filter(tie__code__in=["QF1", "QF2"], number=1).update(date=today, kickoff=datetime.time(21))
    Leg.objects.filter(tie__code__in=["QF1", "QF2"], number=2).update(date=today + datetime.timedelta(days=7))
    Leg.objects.filter(tie__code="QF4", number=2).update(date=today, kickoff=datetime.time(18, 45))
    Leg.objects.filter(tie__code="QF1", number=1).update(status="live", home_goals=1, away_goals=0)
    return draw


@pytest.fixture(autouse=True)
def cookies_over_http(settings):
    # Debug is off under tests, so cookies would be secure-only and never sent over http.
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False


def sign_in(page, live_server):
    User.objects.create_superuser("editor", "editor@example.org", PASSWORD)
    page.goto(f"{live_server.url}/admin/login/?next={MATCH_NIGHT}")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Match night")


def assert_no_sideways_scroll(page):
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, f"the page scrolls sideways: {scroll_width}px in {inner_width}px"


def test_editor_kicks_off_and_enters_a_score_on_a_phone(open_page, live_server, tonight, screenshot):
    page = open_page(PHONE)
    sign_in(page, live_server)
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(3)
    # Live legs first, in kick-off order, each named with its home team first.
    expect(rows.nth(0)).to_contain_text("QF4 · second leg · Marseille v Benfica")
    expect(rows.nth(1)).to_contain_text("QF1 · first leg · AC Milan v Roma")
    expect(rows.nth(2)).to_contain_text("QF2 · first leg · Liverpool v Atalanta")
    expect(page.get_by_label("Marseille (home) goals")).to_have_value("2")
    assert_no_sideways_scroll(page)
    for box in page.locator("#result_list input:visible, #result_list select:visible").all():
        assert box.bounding_box()["height"] >= TAP_PX, box.evaluate("e => e.outerHTML")
    screenshot(page, "match-night-phone")
    screenshot(page, "match-night-phone-window", full_page=False)

    page.get_by_label("Select this object for an action - QF2 leg 1: Liverpool v Atalanta").check()
    page.get_by_label("Action:").select_option(label="Kick off the selected legs (live, 0–0)")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Kicked off: QF2 · first leg · Liverpool 0–0 Atalanta."
    )

    page.get_by_label("Atalanta (away) goals").fill("1")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messagelist")).to_contain_text("1 leg was changed successfully.")
    expect(page.get_by_label("Atalanta (away) goals")).to_have_value("1")
    assert_no_sideways_scroll(page)
    screenshot(page, "match-night-phone-saved")

    # Full time with the tie level after extra time: refused, with the rule beside the shoot-out.
    page.get_by_label("Status").first.select_option("finished")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator("#result_list tbody tr").first).to_contain_text(
        "The tie is level at 3–3 after extra time, so it goes to penalties: enter the shoot-out."
    )
    assert Leg.objects.get(tie__code="QF4", number=2).status == "live"
    assert_no_sideways_scroll(page)
    page.locator("#result_list .errorlist").first.scroll_into_view_if_needed()
    screenshot(page, "match-night-phone-refused", full_page=False)

    page.goto(f"{live_server.url}{MATCH_NIGHT}")
    page.locator("#result_list tbody tr", has_text="QF2").get_by_role("link", name="View on site").click()
    expect(page.locator(".leg--live .leg__score")).to_have_text("Liverpool 0–1 Atalanta")
    expect(page.locator(".tie-page__summary")).to_have_text("Atalanta lead 1–0 in the first leg")


def test_match_night_on_a_laptop(open_page, live_server, tonight, screenshot):
    page = open_page(DESKTOP)
    sign_in(page, live_server)
    assert_no_sideways_scroll(page)
    expect(page.get_by_label("AC Milan (home) goals")).to_have_value("1")
    screenshot(page, "match-night-desktop")
