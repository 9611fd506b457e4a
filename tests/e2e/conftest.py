"""Browser fixtures for the end-to-end tests: Debian's Chromium driven by Playwright's sync API.

Tests here take `page` (desktop) or `phone_page` (a phone-sized touch screen), or open
their own with `open_page(PHONE, java_script_enabled=False, …)`; they open pages of
pytest-django's `live_server` and may save what they saw with `screenshot`.
"""
import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

# Playwright's sync API keeps an event loop running in the test thread, and Django
# refuses ORM calls from a thread with a running loop unless told this is deliberate.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
NO_CHROMIUM = "browser tests need Chromium at /usr/bin/chromium (apt-get install chromium)"

# Without the networking flags Chromium keeps calling home, and this machine's closed
# network refuses every one of those connections; --no-sandbox because CI runs as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

E2E_FOLDER = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    # Hooks in a conftest see every collected item, not just this folder's.
    for item in items:
        if E2E_FOLDER in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        # CI sets EUROPA_REQUIRE_BROWSER=1 so a missing browser fails instead of
        # quietly skipping the whole browser suite.
        if os.environ.get("EUROPA_REQUIRE_BROWSER") == "1":
            pytest.fail(NO_CHROMIUM, pytrace=False)
        pytest.skip(NO_CHROMIUM)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


# Window sizes the tests open pages at: a laptop, and a phone a fan holds in one hand.
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


@pytest.fixture
def open_page(browser):
    """Return `open_page(PHONE, color_scheme="dark", …)`: a page in a fresh context of its
    own (size plus any Playwright context option), closed when the test ends."""
    contexts = []

    def open_(size=DESKTOP, **options):
        context = browser.new_context(**size, **options)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page):
    return open_page(DESKTOP)


@pytest.fixture
def phone_page(open_page):
    return open_page(PHONE)


@pytest.fixture
def screenshot():
    """Return `shot(page, name)`, which saves a full-page PNG and returns its path;
    `full_page=False` keeps to the window, as a reader sees it (sticky bars in place)."""
    folder = Path(os.environ.get("EUROPA_SCREENSHOTS", "/tmp/europa-screenshots"))
    folder.mkdir(parents=True, exist_ok=True)

    def shot(page, name, full_page=True):
        path = folder / (name if name.endswith(".png") else f"{name}.png")
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return shot
