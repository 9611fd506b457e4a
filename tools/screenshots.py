"""Screenshots of the bracket and a tie page for a person to look at: `make screenshots`.

It builds a throw-away site (its own SQLite file, its own server on a free port), takes
the pages as the draw left them and again with the 2023/24 quarter-finals played and a
semi-final live, at desktop, tablet and phone sizes, light and dark. PNGs go to
$EUROPA_SCREENSHOTS (default /tmp/europa-screenshots), never into the repo.
"""
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(os.environ.get("EUROPA_SCREENSHOTS", "/tmp/europa-screenshots"))
DRAW = ROOT / "europa/competitions/europa-league-2023-24.toml"
PAGES = {"bracket": "/", "tie-qf4": "/competitions/europa-league-2023-24/ties/QF4/"}
SIZES = {"desktop": (1280, 800), "tablet": (820, 1180), "phone": (390, 844)}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# The real 2023/24 quarter-final scores (each leg's home team first), to see a bracket in play.
QUARTER_FINALS = {
    "QF1": [(0, 1), (2, 1)],
    "QF2": [(0, 3), (0, 1)],
    "QF3": [(2, 0), (1, 1)],
    "QF4": [(2, 1), (1, 0, {"extra_time": True, "home_penalties": 4, "away_penalties": 2})],
}


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)


def enter_results(env):
    script = f"""
from django.db import transaction
from europa import results as entering
from europa.models import Tie
results = {QUARTER_FINALS!r}
with transaction.atomic():
    for code, legs in results.items():
        tie = Tie.objects.get(code=code)
        for leg, score in zip(tie.legs.order_by("number"), legs):
            leg.home_goals, leg.away_goals, leg.status = score[0], score[1], "finished"
            for field, value in (score[2] if len(score) > 2 else {{}}).items():
                setattr(leg, field, value)
            leg.save()
        entering.advance(tie)
    first = Tie.objects.get(code="SF1").legs.get(number=1)
    first.status, first.home_goals, first.away_goals = "live", 1, 1
    first.save()
"""
    manage(env, "shell", "-c", script)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url):
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the server at {url} did not start")


def shoot(browser, base_url, state):
    for scheme in ("light", "dark"):
        for size, (width, height) in SIZES.items():
            context = browser.new_context(
                viewport={"width": width, "height": height}, color_scheme=scheme,
                is_mobile=size != "desktop", has_touch=size != "desktop",
            )
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(base_url + path)
                target = OUT / f"{state}-{name}-{size}-{scheme}.png"
                page.screenshot(path=target, full_page=True)
                print(target)
            context.close()


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DJANGO_DEBUG": "true", "DATABASE_URL": f"sqlite:///{folder}/shots.sqlite3"}
        env.pop("REDIS_URL", None)
        manage(env, "migrate")
        manage(env, "load_competition", str(DRAW))
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            base_url = f"http://127.0.0.1:{port}"
            wait_until_up(base_url + "/")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                shoot(browser, base_url, "draw")
                enter_results(env)
                shoot(browser, base_url, "in-play")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
