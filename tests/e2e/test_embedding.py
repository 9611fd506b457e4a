"""The bracket inside another site's page, as a news site pastes it: embed.js frames it where
the script stands, exactly as tall as what it shows, redrawn live, deaf to messages that are
not its own; the embed is accessible in both themes; the "Embed" disclosure hands out the
snippet, with script and without."""
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError, expect

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.test_fans_bracket import describe_violations, serious_violations
from tests.e2e.test_live_bracket import editor_page as signed_in_editor
from tests.e2e.test_live_bracket import enter_leg, open_tie_in_admin, save

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "europa-league-2023-24"
BRACKET = f"/competitions/{SLUG}/"
# A second browser, signed in through the admin's own login form.
editor_page = signed_in_editor
REDRAW_TIMEOUT_MS = 5_000  # a few polls at one second, on a slow CI machine
# Another loopback address is another site to the browser, as a news site is to us.
HOST_ADDRESS = "127.0.0.2"
# A news article: the bracket, then one tie in the dark theme, each where its script stands.
HOST_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>The Daily Cup</title>
<style>body {{ max-width: 52rem; margin: 0 auto; padding: 1rem; font: 18px/1.5 Georgia, serif; }}</style>
</head><body><h1>Who can stop Leverkusen?</h1><p>The draw so far, live:</p>
<script async src="{origin}/embed.js" data-competition="{slug}" data-team="liverpool"></script>
<p>Anfield next. Our pick of the quarter-finals:</p>
<script async src="{origin}/embed.js" data-competition="{slug}" data-tie="QF2" data-theme="dark"></script>
<p>More after the second legs.</p></body></html>"""


@pytest.fixture
def news_site(live_server):
    """The address of HOST_PAGE, served from another origin than the live server's."""
    page = HOST_PAGE.format(origin=live_server.url, slug=SLUG).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer((HOST_ADDRESS, 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://{HOST_ADDRESS}:{server.server_port}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


# Runs in the host page before its own scripts: what was on window, and every message seen.
WATCH = """if (window === window.top) {
  window.__before = Object.keys(window);
  window.__messages = 0;
  window.addEventListener("message", function () { window.__messages += 1; });
}"""


def open_news_site(open_page, news_site, size=DESKTOP):
    page = open_page(size)
    page.add_init_script(WATCH)
    page.goto(news_site)
    expect(page.locator("iframe")).to_have_count(2)
    frames = [page.locator("iframe").nth(i) for i in range(2)]
    for frame in frames:
        expect(frame.content_frame.locator("main")).to_be_visible()
    return page, frames


def assert_fits(page, frame):
    """The frame is as tall as its content (within a pixel), even out of sight, and once in
    sight it scrolls neither way."""
    inside = frame.element_handle().content_frame()
    content = inside.evaluate("document.documentElement.getBoundingClientRect().height")
    fits = "([frame, content]) => Math.abs(frame.getBoundingClientRect().height - content) <= 1"
    try:
        page.wait_for_function(fits, arg=[frame.element_handle(), content], timeout=REDRAW_TIMEOUT_MS)
    except PlaywrightTimeoutError:
        pass  # the assertion below says by how much
    outside = frame.evaluate("frame => frame.getBoundingClientRect().height")
    where = frame.get_attribute("src")
    assert abs(outside - content) <= 1, f"{where}: frame {outside}px, content {content}px"
    # Chromium does not render a frame out of sight, so its inner window catches up on view.
    frame.scroll_into_view_if_needed()
    still = """() => { const page = document.documentElement;
                       return page.scrollHeight <= innerHeight && page.scrollWidth <= innerWidth; }"""
    try:
        inside.wait_for_function(still, timeout=REDRAW_TIMEOUT_MS)
    except PlaywrightTimeoutError:
        scroll = inside.evaluate("[document.documentElement.scrollHeight, innerHeight]")
        raise AssertionError(f"{where} scrolls inside: {scroll}") from None


def shoot_whole(page, screenshot, name):
    """A full-page screenshot leaves frames out of the window unpainted: grow the window
    to the whole page first and let every frame paint."""
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": width, "height": page.evaluate("document.documentElement.scrollHeight")})
    for frame in page.frames:
        frame.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    return screenshot(page, name, full_page=False)


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_two_embeds_stand_where_pasted_and_fit(open_page, news_site, live_server, draw, size, screenshot):
    page, (bracket, tie) = open_news_site(open_page, news_site, size)
    # Each frame right before its own script, asking for what the script's data- said.
    assert page.evaluate("""[...document.querySelectorAll("script[data-competition]")]
                            .map(script => script.previousElementSibling.getAttribute("src"))""") == [
        f"{live_server.url}{BRACKET}embed/?team=liverpool",
        f"{live_server.url}{BRACKET}ties/QF2/embed/?theme=dark",
    ]
    for frame in (bracket, tie):
        assert_fits(page, frame)
    expect(bracket).to_have_attribute("title", f"{draw.name} {draw.season} · Liverpool's road")
    expect(tie).to_have_attribute("title", re.compile(r"^QF2: Liverpool v Atalanta"))
    expect(bracket.content_frame.locator(".side--path")).not_to_have_count(0)
    expect(tie.content_frame.locator("html")).to_have_attribute("data-theme", "dark")
    # Frames show up in Object.keys as "0" and "1"; embed.js must add nothing else.
    leaked = page.evaluate("""Object.keys(window).filter(name => !window.__before.includes(name)
                              && !/^\\d+$/.test(name) && !["__before", "__messages"].includes(name))""")
    assert leaked == []
    shoot_whole(page, screenshot, f"embed-news-site-{'desktop' if size is DESKTOP else 'phone'}")


def test_admin_save_redraws_both_embeds(open_page, news_site, editor_page, live_server, settings, screenshot):
    settings.EUROPA_POLL_SECONDS = settings.EUROPA_LIVE_POLL_SECONDS = 1
    page, (bracket, tie) = open_news_site(open_page, news_site)
    in_bracket, in_tie = bracket.content_frame, tie.content_frame
    expect(in_bracket.locator("#tie-SF1 .side--unknown")).to_have_count(2)
    expect(in_tie.locator(".tie-page__summary")).to_have_text("Not played yet")
    for frame in (bracket, tie):
        frame.element_handle().content_frame().evaluate("window.__notReloaded = true")

    # Liverpool 0–3 Atalanta at Anfield, then Atalanta 0–1 Liverpool in Bergamo.
    open_tie_in_admin(editor_page, live_server, "QF2")
    enter_leg(editor_page, 0, 0, 3)
    enter_leg(editor_page, 1, 0, 1)
    save(editor_page)
    expect(editor_page.locator(".messagelist .info")).to_have_text("Atalanta go through to SF1.")

    expect(in_bracket.locator("#tie-SF1 .side:not(.side--unknown) .side__name")).to_have_text(
        "Atalanta", timeout=REDRAW_TIMEOUT_MS)
    expect(in_bracket.locator("#tie-QF2 .agg")).to_have_text("agg. 1–3")
    expect(in_tie.locator(".aggregate")).to_have_text("Aggregate: Liverpool 1–3 Atalanta",
                                                      timeout=REDRAW_TIMEOUT_MS)
    for frame in (bracket, tie):
        assert frame.element_handle().content_frame().evaluate("window.__notReloaded") is True
        frame.scroll_into_view_if_needed()  # out of sight, see the test below
        assert_fits(page, frame)
    shoot_whole(page, screenshot, "embed-news-site-after-save")


def test_a_frame_out_of_sight_follows_a_redraw(open_page, news_site, settings, play):
    """Else the news site's page jumps when the reader scrolls down to the frame."""
    settings.EUROPA_POLL_SECONDS = settings.EUROPA_LIVE_POLL_SECONDS = 1
    page, (bracket, tie) = open_news_site(open_page, news_site)
    assert page.evaluate("frame => frame.getBoundingClientRect().top > innerHeight", tie.element_handle())
    play("QF2", 1, 0, 3)
    play("QF2", 2, 0, 1)
    expect(tie.content_frame.locator(".aggregate")).to_be_visible(timeout=REDRAW_TIMEOUT_MS)
    assert_fits(page, tie)


def test_frames_ignore_messages_not_their_own(open_page, news_site, draw):
    page, (bracket, tie) = open_news_site(open_page, news_site)
    assert_fits(page, bracket)
    height, title = bracket.evaluate("frame => [frame.style.height, frame.title]")
    seen = page.evaluate("window.__messages")
    # The host page itself, the other embed, and our own frame saying something else.
    page.evaluate("postMessage({europa: 'size', height: 5, title: 'Hijacked'}, '*')")
    tie.element_handle().content_frame().evaluate("parent.postMessage({europa: 'size', height: 7}, '*')")
    wrong_shapes = ["{europa: 'size', height: '5'}", "{europa: 'size', height: -5}", "{europa: 'size'}",
                    "{europa: 'hello', height: 5}", "'size'", "null"]
    for message in wrong_shapes:
        bracket.element_handle().content_frame().evaluate(f"parent.postMessage({message}, '*')")
    page.wait_for_function(f"window.__messages >= {seen + 2 + len(wrong_shapes)}")
    assert bracket.evaluate("frame => [frame.style.height, frame.title]") == [height, title]
    # The other embed's own word about itself is believed: the messages did arrive.
    expect(tie).to_have_css("height", "7px")


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_serious_accessibility_violations_in_embeds(open_page, live_server, play, size, theme, screenshot):
    play("QF2", 1, 0, 3)
    play("QF2", 2, 0, 1)
    play("QF3", 1, 1, 1, status="live")
    # axe-core goes in as an inline <script>, which the policy refuses (test_security_policy.py).
    page = open_page(size, bypass_csp=True)
    options = "theme=light" if theme == "light" else "theme=dark&compact=1&team=atalanta"
    found = []
    for path in (f"{BRACKET}embed/?{options}", f"{BRACKET}ties/QF3/embed/?{options}"):
        page.goto(live_server.url + path)
        violations = serious_violations(page)
        if violations:
            found.append(describe_violations(path, violations))
    if theme == "dark":
        page.goto(f"{live_server.url}{BRACKET}embed/?{options}")
        screenshot(page, f"embed-dark-compact-{'desktop' if size is DESKTOP else 'phone'}")
    assert not found, "\n".join(found)


def test_embed_disclosure_snippets_follow_the_options(open_page, live_server, draw, screenshot):
    page = open_page(DESKTOP)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(live_server.url + BRACKET)
    page.get_by_text("Embed this bracket").click()
    script, iframe = page.locator("#embed-script"), page.locator("#embed-iframe")
    preview = page.locator(".embedding__preview")
    snippet = f'<script async src="{live_server.url}/embed.js" data-competition="{SLUG}"></script>'
    expect(script).to_have_value(snippet)

    page.get_by_label("Theme").select_option("dark")
    page.get_by_label("Compact").check()
    expect(script).to_have_value(snippet.replace("></script>", ' data-theme="dark" data-compact="1"></script>'))
    address = f"{live_server.url}{BRACKET}embed/?theme=dark&compact=1"
    # As the server writes it: &amp; in the attribute, and the height of a compact embed.
    compact_height = iframe.get_attribute("data-compact-height")
    expect(iframe).to_have_value(re.compile(
        r'^<iframe src="' + re.escape(address.replace("&", "&amp;")) + f'".* height="{compact_height}"'))
    expect(preview).to_have_attribute("src", address)
    expect(page.frame_locator(".embedding__preview").locator("body.embed--compact")).to_be_visible()
    # The preview is as tall as what it shows, as an embed elsewhere would be.
    page.wait_for_function("""() => {
        const frame = document.querySelector('.embedding__preview');
        const inner = frame.contentDocument.documentElement.getBoundingClientRect().height;
        return Math.abs(frame.getBoundingClientRect().height - 2 - inner) <= 1;
    }""")

    copy = page.locator('[data-copy="embed-script"]')
    expect(copy).to_be_visible()
    copy.click()
    expect(copy).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == script.input_value()
    screenshot(page, "embed-disclosure-open")


def test_embed_disclosure_without_script(open_page, live_server, draw):
    page = open_page(DESKTOP, java_script_enabled=False)
    page.goto(live_server.url + BRACKET)
    page.get_by_text("Embed this bracket").click()
    expect(page.locator("#embed-script")).to_be_visible()
    expect(page.locator("#embed-script")).to_have_value(re.compile(f'data-competition="{SLUG}"'))
    address = f"{live_server.url}{BRACKET}embed/"
    expect(page.locator("#embed-iframe")).to_have_value(re.compile(f'^<iframe src="{re.escape(address)}"'))
    expect(page.locator("[data-copy]")).to_have_count(2)
    for button in page.locator("[data-copy]").all():
        expect(button).to_be_hidden()
    # The form still shows its choice, in the preview it targets.
    page.get_by_label("Theme").select_option("dark")
    page.get_by_role("button", name="Preview").click()
    preview = page.frame_locator(".embedding__preview").locator("html")
    expect(preview).to_have_attribute("data-theme", "dark")


def test_round_option_starts_a_phone_on_the_semi_finals(open_page, live_server, draw):
    page = open_page(PHONE)
    page.goto(f"{live_server.url}{BRACKET}embed/?round=SF")
    in_view = """id => {
      const box = document.querySelector(".bracket").getBoundingClientRect();
      const round = document.getElementById(id).getBoundingClientRect();
      return round.left >= box.left - 1 && round.right <= box.right + 1;
    }"""
    page.wait_for_function(in_view, arg="round-SF", timeout=REDRAW_TIMEOUT_MS)
    assert not page.evaluate(in_view, "round-QF")
    expect(page.locator(".round-tabs a[aria-current]")).to_have_text("Semi-finals")
