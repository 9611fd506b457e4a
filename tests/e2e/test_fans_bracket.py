"""The fans' bracket as fans meet it in a browser: without JavaScript, paged by round on a
phone, redrawn live without losing the reader's place, a team's road lit by keyboard,
accessible in both colour schemes, light to load, kick-offs in the reader's own zone."""
import datetime
import gzip
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from europa.models import Leg, Team, Tie
from tests.e2e.conftest import DESKTOP, PHONE

# The live server answers from another thread, so it must see committed rows.
pytestmark = pytest.mark.django_db(transaction=True)

BRACKET = "/competitions/europa-league-2023-24/"
AXE = Path(__file__).resolve().parents[2] / "node_modules/axe-core/axe.min.js"
# Long enough for a few polls at one second and a slow CI machine, short enough to fail fast.
REDRAW_TIMEOUT_MS = 5_000
TAP_PX = 44  # WCAG 2.5.5 and both platforms' guidelines: a finger's worth


def tie_url(code):
    return f"{BRACKET}ties/{code}/"


def wait_until_still(page, where="document.querySelector('.bracket').scrollLeft"):
    """Smooth scrolling takes a few frames: wait until `where` and the window stop moving."""
    read = f"[{where}, window.scrollY]"
    last = page.evaluate(read)
    for _ in range(40):
        page.wait_for_timeout(100)
        now = page.evaluate(read)
        if now == last:
            return now
        last = now
    raise AssertionError(f"still scrolling: {last}")


def page_width(page):
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth, window.scrollX]")


def assert_no_sideways_scroll(page):
    scroll_width, inner_width, scroll_x = page_width(page)
    assert scroll_width <= inner_width, f"the page scrolls sideways: {scroll_width}px in {inner_width}px"
    assert scroll_x == 0, f"the page was scrolled sideways by {scroll_x}px"


# --- 1. Without JavaScript ------------------------------------------------------------------


def test_js_off_shows_the_whole_draw(open_page, live_server, draw):
    page = open_page(DESKTOP, java_script_enabled=False)
    page.goto(live_server.url + BRACKET)
    expect(page.locator("article.tie")).to_have_count(7)
    for code in Tie.objects.values_list("code", flat=True):
        expect(page.locator(f"#tie-{code}")).to_be_visible()
    teams = list(Team.objects.all())
    assert len(teams) == 8
    for team in teams:
        expect(page.locator(f'[data-team="{team.slug}"] a.side__name')).to_have_text(team.name)
    # What fans wait for is in the page as sent, not filled in by a script.
    expect(page.locator(".status")).to_contain_text("Next: Quarter-finals, first legs")


def test_js_off_phone_final_tab_pages_to_the_final(open_page, live_server, draw, screenshot):
    page = open_page(PHONE, java_script_enabled=False)
    page.goto(live_server.url + BRACKET)
    assert page.evaluate("document.querySelector('.bracket').scrollLeft") == 0
    expect(page.locator("#tie-F")).not_to_be_in_viewport()

    page.get_by_role("link", name="Final", exact=True).tap()
    scroll_left, _ = wait_until_still(page)
    assert scroll_left > 0, "the rounds did not page along to the final"
    expect(page.locator("#tie-F")).to_be_in_viewport()
    final = page.locator("#round-F").bounding_box()
    inner_width = page.evaluate("window.innerWidth")
    assert -1 <= final["x"] and final["x"] + final["width"] <= inner_width + 1, final
    assert_no_sideways_scroll(page)
    screenshot(page, "fans-js-off-phone-final", full_page=False)


def test_js_off_team_link_shows_road_and_tie_page_reads_summary(
    open_page, live_server, play, screenshot
):
    # Atalanta 3–0 at Anfield, then Liverpool 1–0 in Bergamo: Atalanta through 3–1.
    play("QF2", 1, 0, 3)
    play("QF2", 2, 0, 1)
    page = open_page(DESKTOP, java_script_enabled=False)
    page.goto(live_server.url + BRACKET)

    page.locator("#tie-QF2").get_by_role("link", name="Atalanta", exact=True).click()
    expect(page).to_have_url(re.compile(r"\?team=atalanta$"))
    expect(page.locator(".path-note")).to_contain_text("Showing Atalanta's road.")
    road = page.locator('[data-team="atalanta"]')
    expect(road).to_have_count(2)  # QF2 and SF1
    for row in road.all():
        expect(row).to_have_class(re.compile(r"\bside--path\b"))
    expect(page.locator(".side--path")).to_have_count(2)
    screenshot(page, "fans-js-off-road-atalanta")

    page.locator("#tie-QF2 a.tie__code").click()
    expect(page).to_have_url(live_server.url + tie_url("QF2"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Liverpool v Atalanta")
    expect(page.locator(".tie-page__summary")).to_have_text("Atalanta win 3–1 on aggregate")
    expect(page.locator(".aggregate")).to_have_text("Aggregate: Liverpool 1–3 Atalanta")


# --- 2. Live redraw keeps the reader's place --------------------------------------------------


def test_live_redraw_keeps_phone_place(phone_page, live_server, settings, draw, play, screenshot):
    settings.EUROPA_POLL_SECONDS = settings.EUROPA_LIVE_POLL_SECONDS = 1
    page = phone_page
    polls = []  # (version the page asked with, status), in the order the answers came

    def record_poll(response):
        asked = re.search(r"[?&]v=(\d+)", response.url)
        if asked:
            polls.append((int(asked[1]), response.status))

    page.on("response", record_poll)

    # A short phone: the semi-finals' page is only as tall as its two cards, and the
    # reader must still be able to scroll it.
    page.set_viewport_size({"width": PHONE["viewport"]["width"], "height": 560})
    page.goto(live_server.url + BRACKET)
    semi_finals_tab = page.locator('.round-tabs a[href="#round-SF"]')
    semi_finals_tab.tap()
    wait_until_still(page)
    page.evaluate("window.scrollBy(0, 150)")
    scroll_left, scroll_y = wait_until_still(page)
    assert scroll_left > 0 and scroll_y > 0, (scroll_left, scroll_y)
    expect(semi_finals_tab).to_have_attribute("aria-current", "true")
    expect(page.locator(".round-tabs a[aria-current]")).to_have_count(1)
    page.evaluate("window.__notReloaded = true")
    screenshot(page, "fans-live-phone-semi-finals-before", full_page=False)
    page.wait_for_timeout(1_500)  # at least one poll with nothing new
    assert polls and all(status == 204 for _, status in polls), polls
    held = polls[-1][0]

    play("QF2", 1, 0, 3)  # Atalanta win 3–0 at Anfield; commits, so the version moves on

    expect(page.locator("#tie-QF2 .agg")).to_have_text("agg. 0–3", timeout=REDRAW_TIMEOUT_MS)
    expect(page.locator("#tie-QF2 .tie__summary")).to_have_text("Atalanta lead 3–0 after the first leg")
    now_left, now_y = page.evaluate("[document.querySelector('.bracket').scrollLeft, window.scrollY]")
    assert abs(now_left - scroll_left) <= 2, f".bracket scrollLeft {scroll_left} → {now_left}"
    assert abs(now_y - scroll_y) <= 2, f"window.scrollY {scroll_y} → {now_y}"
    assert page.evaluate("window.__notReloaded") is True, "the page reloaded"
    expect(semi_finals_tab).to_have_attribute("aria-current", "true")
    expect(page.locator(".round-tabs a[aria-current]")).to_have_count(1)

    # The redraw came with the new version: the polls after it are empty 204s again.
    swaps = [i for i, (version, status) in enumerate(polls) if status == 200]
    assert len(swaps) == 1 and polls[swaps[0]][0] == held, polls
    for _ in range(30):
        if len(polls) > swaps[0] + 2:
            break
        page.wait_for_timeout(100)
    after = polls[swaps[0] + 1:]
    assert len(after) >= 2, f"no poll after the redraw: {polls}"
    assert all(version > held and status == 204 for version, status in after), polls
    screenshot(page, "fans-live-phone-semi-finals-after", full_page=False)


# --- 3. Round paging and tap sizes on a phone ----------------------------------------------


def test_phone_pages_through_rounds_with_big_enough_links(phone_page, live_server, play):
    play("QF2", 1, 0, 3)  # a score on a card, as on a match night
    page = phone_page
    page.goto(live_server.url + BRACKET)
    current = page.locator(".round-tabs a[aria-current]")
    expect(current).to_have_attribute("href", "#round-QF")
    assert_no_sideways_scroll(page)

    page.evaluate("(b => b.scrollTo({left: b.clientWidth}))(document.querySelector('.bracket'))")
    wait_until_still(page)
    expect(current).to_have_attribute("href", "#round-SF")
    expect(current).to_have_count(1)
    assert_no_sideways_scroll(page)

    page.get_by_role("link", name="Final", exact=True).tap()
    wait_until_still(page)
    expect(current).to_have_attribute("href", "#round-F")
    assert_no_sideways_scroll(page)

    page.get_by_role("link", name="Quarter-finals", exact=True).tap()
    wait_until_still(page)
    expect(current).to_have_attribute("href", "#round-QF")
    assert_no_sideways_scroll(page)

    links = page.locator(".round-tabs a, .bracket a").evaluate_all("""links => links.map(a => {
        const box = a.getBoundingClientRect();
        return {what: a.className || a.getAttribute('href'), text: a.textContent.trim(),
                width: Math.round(box.width * 10) / 10, height: Math.round(box.height * 10) / 10};
    })""")
    kinds = {link["what"] for link in links}
    assert {"#round-QF", "side__name", "tie__code", "pair__next"} <= kinds, kinds
    too_small = [
        link for link in links
        if link["height"] < TAP_PX
        or (link["width"] < TAP_PX and (link["what"] == "tie__code" or link["what"].startswith("#")))
    ]
    assert not too_small, "links smaller than a finger (44×44 px):\n" + "\n".join(
        f"  {link['what']} {link['text']!r}: {link['width']}×{link['height']} px" for link in too_small
    )


# --- 4. A team's road by keyboard ------------------------------------------------------------


def highlight(row):
    return row.evaluate("r => [getComputedStyle(r).backgroundColor, getComputedStyle(r).boxShadow]")


def test_keyboard_focus_lights_up_a_teams_road(page, live_server, play, screenshot):
    # Liverpool 2–0 at Anfield, 1–0 in Bergamo: through to SF1, so the road has two rows.
    play("QF2", 1, 2, 0)
    play("QF2", 2, 0, 1)
    page.goto(live_server.url + BRACKET)
    liverpool, atalanta = page.locator('[data-team="liverpool"]'), page.locator('[data-team="atalanta"]')
    expect(liverpool).to_have_count(2)
    before = {"liverpool": [highlight(r) for r in liverpool.all()],
              "atalanta": [highlight(r) for r in atalanta.all()]}
    assert all(shadow == "none" for _, shadow in before["liverpool"] + before["atalanta"]), before

    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('[data-team=\"liverpool\"] a')"):
            break
    else:
        pytest.fail("Tab never reached Liverpool's link")
    # evaluate, not wait_for_function: the page's Content-Security-Policy forbids the eval
    # that Playwright's wait_for_function runs in the page.
    page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished))")

    for row, (background_before, _) in zip(liverpool.all(), before["liverpool"], strict=True):
        background, shadow = highlight(row)
        assert background != background_before, f"Liverpool's row stayed {background}"
        assert shadow != "none", "Liverpool's row has no accent bar"
    assert [highlight(r) for r in atalanta.all()] == before["atalanta"], "Atalanta lit up too"
    screenshot(page, "fans-road-by-keyboard")

    # The same road from the address alone, before any pointer or key touches the page.
    page.goto(live_server.url + BRACKET + "?team=liverpool")
    expect(page.locator(".side--path")).to_have_count(2)
    for row, (background_before, _) in zip(liverpool.all(), before["liverpool"], strict=True):
        expect(row).to_have_class(re.compile(r"\bside--path\b"))
        background, shadow = highlight(row)
        assert background != background_before and shadow != "none"
    assert [highlight(r) for r in atalanta.all()] == before["atalanta"]


# --- 5. Accessibility, both schemes, both sizes ---------------------------------------------


def serious_violations(page):
    if not AXE.exists():
        pytest.skip(f"axe-core is missing at {AXE}: install npm, then `npm ci`")
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run()")
    return [v for v in results["violations"] if v["impact"] in ("serious", "critical")]


def describe_violations(url, violations):
    lines = [f"{url}:"]
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:8]:
            why = (node.get("failureSummary") or "").splitlines()[-1:]
            lines.append(f"      {' '.join(map(str, node['target']))}  {' '.join(why)}")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_serious_accessibility_violations(open_page, live_server, play, size, scheme, screenshot):
    # QF2 decided (a winner's row and tick), QF3's first leg live (the LIVE badges).
    play("QF2", 1, 0, 3)
    play("QF2", 2, 0, 1)
    play("QF3", 1, 1, 1, status="live")
    # axe-core goes in as an inline <script>, which the site's policy rightly refuses;
    # tests/e2e/test_security_policy.py checks the policy itself.
    page = open_page(size, color_scheme=scheme, bypass_csp=True)
    found = []
    for path in (BRACKET, BRACKET + "?team=atalanta", tie_url("QF2"), tie_url("QF3")):
        page.goto(live_server.url + path)
        violations = serious_violations(page)
        if violations:
            found.append(describe_violations(path, violations))
    if size is DESKTOP and scheme == "dark":
        page.goto(live_server.url + BRACKET)
        screenshot(page, "fans-dark-desktop-result")
    assert not found, "\n".join(found)


# --- 6. The weight of the first view --------------------------------------------------------


def test_first_view_is_light(open_page, live_server, draw):
    page = open_page(DESKTOP)
    requests, responses = [], []
    page.context.on("request", lambda request: requests.append(request))
    page.context.on("response", lambda response: responses.append(response))
    page.goto(live_server.url + BRACKET, wait_until="networkidle")

    listed = "\n".join(f"  {r.resource_type} {r.url}" for r in requests)
    assert len(requests) <= 4, f"{len(requests)} requests:\n{listed}"
    assert not [r for r in requests if r.resource_type in ("font", "image")], listed
    sizes = {r.url: len(gzip.compress(r.body(), compresslevel=9)) for r in responses}
    total = sum(sizes.values())
    assert total <= 40 * 1024, f"{total} bytes gzipped: {sizes}"


# --- 7. Kick-off in the reader's own zone ---------------------------------------------------


def test_kickoff_shown_in_readers_zone(open_page, live_server, draw):
    leg = Leg.objects.get(tie__code="QF1", number=1)
    assert leg.date == datetime.date(2024, 4, 11)
    leg.kickoff = datetime.time(21, 0)  # Paris time, 19:00 UTC
    leg.save()
    page = open_page(DESKTOP, timezone_id="America/New_York", locale="en-US")
    page.goto(live_server.url + BRACKET)
    kickoff = page.locator("#tie-QF1 time[data-kickoff]")
    expect(kickoff).to_have_count(1)
    # Day before month and the 24-hour clock, as the site writes English elsewhere.
    expect(kickoff).to_have_text(re.compile(r"Thu,? 11 Apr\b.*\b15:00"))
    expect(kickoff).to_have_attribute("datetime", "2024-04-11T21:00:00+02:00")


def test_kickoff_without_js_names_the_competitions_zone(open_page, live_server, draw):
    leg = Leg.objects.get(tie__code="QF1", number=1)
    leg.kickoff = datetime.time(21, 0)  # Paris time: 21:00 CEST is 19:00 UTC
    leg.save()
    page = open_page(DESKTOP, java_script_enabled=False, timezone_id="America/New_York")
    page.goto(live_server.url + tie_url("QF1"))
    expect(page.locator(".leg__when").first).to_contain_text("Thursday 11 April 2024, 21:00 (CEST)")


# --- 8. A live second leg ------------------------------------------------------------------


def test_live_second_leg_level_on_aggregate(page, open_page, live_server, play, screenshot):
    play("QF2", 1, 1, 0)  # Liverpool 1–0 at Anfield
    play("QF2", 2, 1, 0, status="live")  # Atalanta 1–0 up in Bergamo, still playing
    page.goto(live_server.url + BRACKET)
    card = page.locator("#tie-QF2")
    expect(card).to_have_class(re.compile(r"\btie--live\b"))
    expect(card.locator(".badge--live")).to_have_text("LIVE", use_inner_text=True)
    expect(card.locator(".goal--live")).to_have_text(["0", "1"])
    expect(card.locator(".agg")).to_have_text("agg. 1–1")
    expect(card.locator(".tie__summary")).to_have_text(
        "Level at 1–1 on aggregate: extra time would follow"
    )
    status = page.locator(".status")
    expect(status.locator(".badge--live")).to_be_visible()
    expect(status.get_by_role("link")).to_have_text(["Liverpool v Atalanta"])
    expect(status.get_by_role("link")).to_have_attribute("href", "#tie-QF2")
    screenshot(page, "fans-live-tie-desktop")

    phone = open_page(PHONE)
    phone.goto(live_server.url + BRACKET)
    expect(phone.locator("#tie-QF2 .badge--live")).to_be_visible()
    screenshot(phone, "fans-live-tie-phone")
    phone.goto(live_server.url + tie_url("QF2"))
    expect(phone.locator(".leg--live .badge--live")).to_be_visible()
    expect(phone.locator(".tie-page__summary")).to_have_text(
        "Level at 1–1 on aggregate: extra time would follow"
    )
    screenshot(phone, "fans-live-tie-page-phone")
