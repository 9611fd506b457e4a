"""The bracket in the fans' own languages, in the browser: every language on a phone (German
words are long) with no sideways scroll and no serious axe violation, the switcher keeping a
team's road, and kick-off times in the page's language whatever the browser's."""
import datetime
import re

import pytest
from playwright.sync_api import expect

from europa.models import Leg
from tests.e2e.conftest import PHONE
from tests.e2e.test_fans_bracket import (
    assert_no_sideways_scroll,
    describe_violations,
    serious_violations,
    wait_until_still,
)

BRACKET = "/competitions/europa-league-2023-24/"
LANGUAGES = ["en", "it", "de", "fr", "pt", "es"]


def address(language, path=BRACKET):
    return path if language == "en" else f"/{language}{path}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_fits_a_phone_and_passes_axe(open_page, live_server, play, language, screenshot):
    # A decided tie, one on penalties and a live leg: the longest sentences a card holds.
    play("QF2", 1, 0, 3)
    play("QF2", 2, 0, 1)
    play("QF4", 1, 2, 1)
    play("QF4", 2, 1, 0, extra_time=True, home_penalties=4, away_penalties=2)
    play("QF3", 1, 1, 1, status="live")
    found = []
    for path in (address(language), address(language, BRACKET + "ties/QF4/")):
        # axe-core goes in as an inline <script>, which the policy refuses.
        page = open_page(PHONE, locale="en-US", bypass_csp=True)
        page.goto(live_server.url + path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert_no_sideways_scroll(page)
        tabs = page.locator(".round-tabs")
        if tabs.count():
            assert tabs.evaluate("bar => bar.scrollWidth <= bar.clientWidth + 1 || getComputedStyle(bar).overflowX === 'auto'")
        if violations := serious_violations(page):
            found.append(describe_violations(f"{language} {path}", violations))
        if language in ("it", "de") and path == address(language):
            screenshot(page, f"languages-{language}-phone")
            page.goto(live_server.url + path)
            page.locator(".round-tabs a").nth(1).tap()
            wait_until_still(page)
            screenshot(page, f"languages-{language}-phone-semi-finals", full_page=False)
        page.context.close()
    assert not found, "\n".join(found)


def test_the_switcher_keeps_the_page_and_the_road(open_page, live_server, draw):
    page = open_page(PHONE)
    page.goto(live_server.url + BRACKET + "?team=roma")
    expect(page.locator(".side--path")).not_to_have_count(0)
    page.locator('.languages a[hreflang="de"]').tap()
    expect(page).to_have_url(live_server.url + "/de" + BRACKET + "?team=roma")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator('[data-team="roma"].side--path')).not_to_have_count(0)
    expect(page.locator('.languages a[aria-current]')).to_have_attribute("hreflang", "de")
    # Back to English from a browser that prefers Italian: English it stays.
    page.locator('.languages a[hreflang="en"]').tap()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert "lang=en" in page.url and "team=roma" in page.url


def test_a_browser_in_italian_gets_the_italian_page_at_the_plain_address(open_page, live_server, draw):
    page = open_page(PHONE, locale="it-IT", extra_http_headers={"Accept-Language": "it-IT,it;q=0.9,en;q=0.5"})
    page.goto(live_server.url + BRACKET)
    expect(page.locator("html")).to_have_attribute("lang", "it")
    # A tie's link keeps the language, whatever the browser says next.
    href = page.locator("#tie-QF1 a.tie__code").get_attribute("href")
    assert href.startswith("/it/"), href


def test_kickoff_times_speak_the_pages_language_on_the_24_hour_clock(open_page, live_server, draw):
    leg = Leg.objects.get(tie__code="QF1", number=1)
    leg.kickoff = datetime.time(21, 0)  # Paris time, 19:00 UTC
    leg.save()
    page = open_page(PHONE, timezone_id="Europe/Rome", locale="en-US")
    page.goto(live_server.url + address("it"))
    kickoff = page.locator("#tie-QF1 time[data-kickoff]")
    expect(kickoff).to_have_text(re.compile(r"gio.*11.*apr.*21:00"))
    page.goto(live_server.url + address("de"))
    expect(page.locator("#tie-QF1 time[data-kickoff]")).to_have_text(re.compile(r"Do.*11.*Apr.*21:00"))


@pytest.mark.parametrize("width", [390, 1280])
def test_a_64_team_cup_in_german_fits(open_page, live_server, sample_cup, width, screenshot):
    """Zweiunddreißigstelfinale: the longest round names, in the tabs and over the columns."""
    sample_cup(64)
    page = open_page(PHONE if width < 600 else {"viewport": {"width": width, "height": 900}})
    page.goto(live_server.url + "/de/competitions/sample-cup-64/")
    expect(page.locator(".round-tabs a").first).to_have_text("Zweiunddreißigstelfinale")
    assert_no_sideways_scroll(page)
    names = page.locator(".round__name:visible").evaluate_all(
        "names => names.filter(name => name.scrollWidth > name.clientWidth + 1).map(name => name.textContent)")
    assert not names, f"round names cut: {names}"
    screenshot(page, f"languages-de-cup-64-{width}", full_page=False)
