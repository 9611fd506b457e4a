"""The bracket in a real browser: an editor's save in the admin reaches a fan's open
bracket without a reload, the admin refuses an impossible score in words an editor can act
on, and a phone shows every tie without scrolling sideways."""
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from europa.models import Leg, Tie

# The live server answers from another thread, so it must see committed rows.
pytestmark = pytest.mark.django_db(transaction=True)

BRACKET = "/competitions/europa-league-2023-24/"
EDITOR = "editor"
PASSWORD = "two-legs-and-a-shoot-out"
# Long enough for two polls at one second and a slow CI machine, short enough to fail fast.
REDRAW_TIMEOUT_MS = 5_000


@pytest.fixture
def editor_page(browser, live_server, settings, draw):
    """A second browser, with its own cookies, logged in through the real admin login form."""
    # Debug is off under tests, so cookies would be secure-only and never sent over http.
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    get_user_model().objects.create_superuser(EDITOR, "editor@example.com", PASSWORD)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill(EDITOR)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Competitions, ties and results")).to_be_visible()
    yield page
    context.close()


def open_tie_in_admin(page, live_server, code):
    tie = Tie.objects.get(code=code, round__competition__slug="europa-league-2023-24")
    page.goto(f"{live_server.url}/admin/europa/tie/{tie.pk}/change/")
    # The inline lists legs in number order; make sure row 0 really is the first leg.
    expect(page.locator("#legs-0 h3")).to_contain_text(f"{code} leg 1")
    expect(page.locator("#legs-1 h3")).to_contain_text(f"{code} leg 2")
    return tie


def enter_leg(page, row, home_goals, away_goals, status="finished", penalties=None):
    """Fill one row of the legs inline; goals are the LEG's home team first."""
    page.locator(f'[name="legs-{row}-status"]').select_option(status)
    page.locator(f'[name="legs-{row}-home_goals"]').fill(str(home_goals))
    page.locator(f'[name="legs-{row}-away_goals"]').fill(str(away_goals))
    if penalties is not None:
        page.locator(f'[name="legs-{row}-home_penalties"]').fill(str(penalties[0]))
        page.locator(f'[name="legs-{row}-away_penalties"]').fill(str(penalties[1]))


def save(page):
    page.get_by_role("button", name="Save", exact=True).click()


def test_admin_save_redraws_open_bracket(
    page, editor_page, live_server, settings, screenshot
):
    settings.EUROPA_POLL_SECONDS = 1
    settings.EUROPA_LIVE_POLL_SECONDS = 1

    page.goto(live_server.url + BRACKET)
    qf2, sf1 = page.locator("#tie-QF2"), page.locator("#tie-SF1")
    expect(qf2.locator(".side__name")).to_have_text(["Liverpool", "Atalanta"])
    expect(sf1.locator(".side__name")).to_have_text(
        ["Benfica or Marseille", "Liverpool or Atalanta"]
    )
    expect(sf1.locator(".side--unknown")).to_have_count(2)
    # Gone after a reload: proves the news arrives by swapping the bracket in place.
    page.evaluate("window.__notReloaded = true")
    screenshot(page, "live-bracket-before")

    # Liverpool 0–3 Atalanta at Anfield, then Atalanta 0–1 Liverpool in Bergamo.
    open_tie_in_admin(editor_page, live_server, "QF2")
    enter_leg(editor_page, 0, 0, 3)
    enter_leg(editor_page, 1, 0, 1)
    save(editor_page)
    messages = editor_page.locator(".messagelist")
    expect(messages.locator(".success")).to_contain_text("was changed successfully")
    expect(messages.locator(".info")).to_have_text("Atalanta go through to SF1.")
    screenshot(editor_page, "live-bracket-admin-saved")

    atalanta_in_sf1 = sf1.locator(".side:not(.side--unknown) .side__name")
    expect(atalanta_in_sf1).to_have_text("Atalanta", timeout=REDRAW_TIMEOUT_MS)
    expect(sf1.locator(".side--unknown .side__name")).to_have_text("Benfica or Marseille")
    expect(qf2.locator(".agg")).to_have_text("agg. 1–3")
    expect(qf2.locator(".side--won .side__name")).to_have_text("Atalanta")
    expect(qf2.locator(".side--lost .side__name")).to_have_text("Liverpool")
    assert page.evaluate("window.__notReloaded") is True
    screenshot(page, "live-bracket-after")


def test_admin_refuses_bad_score_in_browser(editor_page, live_server, screenshot):
    # Level on aggregate (Milan 1–0, then Roma 1–0 at home), then a shoot-out typed in
    # without ticking extra time: no such match can have happened.
    open_tie_in_admin(editor_page, live_server, "QF1")
    enter_leg(editor_page, 0, 1, 0)
    enter_leg(editor_page, 1, 1, 0, penalties=(4, 2))
    save(editor_page)

    expect(editor_page.locator(".errornote")).to_be_visible()
    leg_2_errors = editor_page.locator(".inline-related .errorlist")
    expect(leg_2_errors).to_contain_text(re.compile(r"extra time", re.IGNORECASE))
    expect(leg_2_errors).to_contain_text(re.compile(r"penalties", re.IGNORECASE))
    # Words for an editor: no field names, constraint names or tracebacks.
    body = editor_page.locator("body").inner_text()
    for jargon in ("home_penalties", "extra_time", "leg_penalties_after_extra_time",
                   "IntegrityError", "Traceback"):
        assert jargon not in body
    expect(editor_page.locator(".messagelist .success")).to_have_count(0)
    screenshot(editor_page, "live-bracket-admin-refused")

    legs = Leg.objects.filter(tie__code="QF1").order_by("number")
    assert [(leg.status, leg.home_goals, leg.away_goals, leg.extra_time,
             leg.home_penalties, leg.away_penalties) for leg in legs] == [
        (Leg.Status.SCHEDULED, None, None, False, None, None),
        (Leg.Status.SCHEDULED, None, None, False, None, None),
    ]
    assert Tie.objects.get(code="SF2").home is None


def test_phone_bracket_readable(phone_page, live_server, draw, screenshot):
    phone_page.goto(live_server.url + BRACKET)
    codes = list(Tie.objects.filter(round__competition=draw).values_list("code", flat=True))
    assert len(codes) == 7
    expect(phone_page.locator("article.tie")).to_have_count(len(codes))
    for code in codes:
        expect(phone_page.locator(f"#tie-{code}")).to_be_visible()
    scroll_width, inner_width = phone_page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= inner_width, f"the page scrolls sideways: {scroll_width}px in {inner_width}px"
    screenshot(phone_page, "live-bracket-phone")
