"""Screenshots of the bracket, a tie page and the editors' pages for a person to look at:
`make screenshots`.

It builds a throw-away site (its own SQLite file, its own server on a free port), takes
the pages (and their embeds) as the draw left them and again with the 2023/24 quarter-finals played and a
semi-final live, and a 16-team and a 64-team cup, at wide, desktop, tablet and phone sizes,
light and dark; then the admin's tie
page, its history and the match-night screen as an editor signed in sees them, at desktop
and phone sizes. PNGs go to $EUROPA_SCREENSHOTS (default /tmp/europa-screenshots), never
into the repo.
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
PAGES = {
    "bracket": "/competitions/europa-league-2023-24/",
    # The bracket at other sizes (tools/sample_cups.py): four rounds, and six.
    "cup-16": "/competitions/sample-cup-16/",
    "cup-64": "/competitions/sample-cup-64/",
    # Two of the fans' other languages (German for its long words).
    "bracket-it": "/it/competitions/europa-league-2023-24/",
    "bracket-de": "/de/competitions/europa-league-2023-24/",
    "tie-qf4": "/competitions/europa-league-2023-24/ties/QF4/",
    "tie-qf3": "/competitions/europa-league-2023-24/ties/QF3/",
    # What another site shows (its frame as tall as the page), in its own theme and compact.
    "embed": "/competitions/europa-league-2023-24/embed/?team=marseille",
    "embed-tie-compact": "/competitions/europa-league-2023-24/ties/QF4/embed/?compact=1",
}
ADMIN_PAGES = {
    "admin-tie-qf4": "/admin/europa/tie/{qf4}/change/",
    "admin-history-qf3": "/admin/europa/tie/{qf3}/history/",
    "admin-match-night": "/admin/europa/leg/?date=all",
}
EDITOR = ("shots-editor", "a-password-for-screenshots-only")
SIZES = {"wide": (1920, 1080), "desktop": (1280, 800), "tablet": (820, 1180), "phone": (390, 844)}
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
    # Through results.save_tie, as every editor's save goes.
    script = f"""
from europa import results as entering
from europa.models import Tie
ties = Tie.objects.filter(round__competition__slug="europa-league-2023-24")
results = {QUARTER_FINALS!r}
for code, legs in results.items():
    tie = ties.get(code=code)
    played = list(tie.legs.order_by("number"))
    for leg, score in zip(played, legs):
        leg.home_goals, leg.away_goals, leg.status = score[0], score[1], "finished"
        for field, value in (score[2] if len(score) > 2 else {{}}).items():
            setattr(leg, field, value)
    entering.save_tie(tie, played, revision=tie.revision)
# A correction, to show in the history and on the tie page: QF3's second leg was 1–2 at
# first, then put right.
tie = ties.get(code="QF3")
second = tie.legs.get(number=2)
second.away_goals = 2
entering.save_tie(tie, [second], revision=tie.revision)
second.away_goals = 1
entering.save_tie(tie, [second], revision=tie.revision)
sf1 = ties.get(code="SF1")
first = sf1.legs.get(number=1)
first.status, first.home_goals, first.away_goals = "live", 1, 1
entering.save_tie(sf1, [first], revision=sf1.revision)
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
                is_mobile=size in ("tablet", "phone"), has_touch=size in ("tablet", "phone"),
            )
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(base_url + path)
                target = OUT / f"{state}-{name}-{size}-{scheme}.png"
                page.screenshot(path=target, full_page=True)
                print(target)
            context.close()


def shoot_admin(browser, base_url, env):
    manage(env, "shell", "-c", (
        "from django.contrib.auth import get_user_model; "
        f"get_user_model().objects.create_superuser({EDITOR[0]!r}, password={EDITOR[1]!r})"
    ))
    qf3, qf4 = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from europa.models import Tie; ties = Tie.objects.filter(round__competition__slug='europa-league-2023-24'); "
         "print(*(ties.get(code=c).pk for c in ('QF3', 'QF4')))"],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout.split()[-2:]
    for size in ("desktop", "phone"):
        width, height = SIZES[size]
        context = browser.new_context(
            viewport={"width": width, "height": height},
            is_mobile=size in ("tablet", "phone"), has_touch=size in ("tablet", "phone"),
        )
        page = context.new_page()
        page.goto(base_url + "/admin/login/")
        page.fill("#id_username", EDITOR[0])
        page.fill("#id_password", EDITOR[1])
        page.click("input[type=submit]")
        for name, path in ADMIN_PAGES.items():
            page.goto(base_url + path.format(qf3=qf3, qf4=qf4))
            target = OUT / f"{name}-{size}.png"
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
        manage(env, "shell", "-c", (
            "from europa import competition_file; from tools.sample_cups import cup; "
            "competition_file.load(cup(16)); competition_file.load(cup(64))"
        ))
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
                shoot_admin(browser, base_url, env)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
