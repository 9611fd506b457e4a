"""Screenshots of the bracket and a tie page at desktop and phone widths, for a person to
look at: `make screenshots` (needs a server on BASE_URL, default http://127.0.0.1:8000)."""
import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
OUT = Path(os.environ.get("EUROPA_SCREENSHOTS", "/tmp/europa-screenshots"))
PAGES = {"bracket": "/", "tie-qf2": "/competitions/europa-league-2023-24/ties/QF2/"}
SIZES = {"desktop": (1280, 800), "tablet": (820, 1180), "phone": (390, 844)}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for scheme in ("light", "dark"):
            for size, (width, height) in SIZES.items():
                context = browser.new_context(
                    viewport={"width": width, "height": height}, color_scheme=scheme,
                    is_mobile=size != "desktop", device_scale_factor=1,
                )
                page = context.new_page()
                for name, path in PAGES.items():
                    page.goto(BASE_URL + path)
                    target = OUT / f"{name}-{size}-{scheme}.png"
                    page.screenshot(path=target, full_page=True)
                    print(target)
                context.close()
        browser.close()


if __name__ == "__main__":
    sys.exit(main())
