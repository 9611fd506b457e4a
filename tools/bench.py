"""What a fan's open bracket costs the server, against a static file: `make bench`.

It builds a throw-away production-like site (tools/throwaway.py: debug off, plain HTTP,
gunicorn with the repository's gunicorn.conf.py, its own SQLite file or DATABASE_URL, Redis
at REDIS_URL's host (default 127.0.0.1:6379) on its own database number 4 when one answers,
else the local-memory cache), and measures on loopback:

1. Django alone: wrk (BENCH_SECONDS each, 50 connections, `Accept-Encoding: gzip, br` as
   browsers send) twice against each of the static CSS file, the unchanged poll (204), the
   bracket page, a tie page and bracket.json, while nothing changes; and a cold render: the
   bracket page asked for right after the version moved on, one request at a time (a cold
   render happens once a version, so a crowd cannot be timed on it: the rest of the crowd
   gets the kept page).
2. Through nginx with deploy/nginx.conf: the same addresses at 50 and at 500 connections,
   and how many of those requests reached Django (lines in gunicorn's access log).
3. Save to screen: an editor saves a leg (results.save_tie, in a process of the site's
   own) while two fans poll as an open page does, at the page's own interval: one talking
   to gunicorn, one through nginx. The delay is from the save beginning to the poll that
   brings it; the goal is one poll interval plus a second.
4. A cold render of the draw, of a synthetic cup of 16 teams (15 ties) and of one of 64
   (63 ties, 126 legs): time and database queries, in a process with the site's settings.

Everything is compared with the static file served by Django (whitenoise) in the same run:
figures depend on the machine, ratios are what to compare between changes. It ends within
BUDGET seconds, setup included, and stops every process it started whatever happens.
"""
import gzip
import http.client
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from throwaway import (
    BRACKET, ROOT, SLUG, Editor, cup_file, forget_version, gunicorn, nginx, nginx_binary, prepare, redis_url,
    site_env,
)

SECONDS = int(os.environ.get("BENCH_SECONDS", "4"))
CONNECTIONS = 50
CROWDS = (50, 500)
SAVES = int(os.environ.get("BENCH_SAVES", "5"))
COLD_RENDERS = 8  # a run, one request at a time
# Seconds, setup included: with 4 s runs `make bench` ends within three minutes (20 wrk runs).
BUDGET = 95 + 20 * SECONDS
# Not database 0: another site or the tests sharing this Redis would write the version there.
REDIS_DB = 4
BROWSER = ("Accept-Encoding: gzip, br",)
POLL = ("HX-Request: true", *BROWSER)
TIE = f"/competitions/{SLUG}/ties/QF1/"
CUPS = {"synthetic-cup-of-16": 16, "synthetic-cup-of-64": 64}


class OutOfTime(Exception):
    pass


# --- wrk, and what reached Django ----------------------------------------------------------


def wrk(url, headers, connections=CONNECTIONS):
    """(requests/s, p99, bytes a response, answers that were not 2xx/3xx) of a wrk run."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{SECONDS}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True, timeout=SECONDS + 20).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    # The latency distribution's line, not a "+/- Stdev" column that ends in 99%.
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)
    amount, unit = re.search(r"Transfer/sec:\s+([\d.]+)(\w+)", output).groups()
    per_second = float(amount) * 1024 ** ["B", "KB", "MB", "GB"].index(unit)
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rate, p99, per_second / rate if rate else 0, int(failed.group(1)) if failed else 0


class AccessLog:
    """gunicorn's access log: one line for each request that reached Django."""

    def __init__(self, path):
        self.path, self.seen = Path(path), 0

    def new_lines(self):
        time.sleep(0.3)  # a worker writes its line just after the answer
        with self.path.open("rb") as log:
            log.seek(self.seen)
            count = log.read().count(b"\n")
            self.seen = log.tell()
        return count


def current_version(base):
    with urllib.request.urlopen(base + BRACKET, timeout=5) as response:
        page = response.read().decode()
    return int(re.search(r"\?v=(\d+)", page).group(1)), int(re.search(r"every (\d+)s", page).group(1))


def addresses(base, css):
    """(name, path, headers, the issue's goal against the static file for Django alone)."""
    version, _ = current_version(base)
    return [
        ("static CSS file", css, BROWSER, None),
        ("unchanged poll (204)", f"{BRACKET}?v={version}", POLL, 0.9),
        ("bracket page", BRACKET, BROWSER, 0.8),
        ("tie page", TIE, BROWSER, 0.8),
        ("bracket.json", BRACKET + "bracket.json", BROWSER, 0.8),
    ]


def cold_renders(base, editor):
    """Seconds each bracket page took, asked for just after the version moved on."""
    host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
    connection = http.client.HTTPConnection(host, port, timeout=10)
    took = []
    try:
        for _ in range(COLD_RENDERS):
            editor.bump()
            # Each process reads the version afresh only after EUROPA_VERSION_MEMO_SECONDS
            # (a save made elsewhere reaches it that late): only then is the page cold.
            time.sleep(float(os.environ.get("EUROPA_VERSION_MEMO_SECONDS", "0.25")) + 0.05)
            began = time.perf_counter()
            connection.request("GET", BRACKET, headers={"Accept-Encoding": "gzip, br"})
            response = connection.getresponse()
            response.read()
            took.append(time.perf_counter() - began)
            if response.status != 200:
                raise SystemExit(f"a cold render answered {response.status}")
    finally:
        connection.close()
    return took


# --- fans polling while an editor saves ----------------------------------------------------


def fan(base, held, interval, stop_at, seen, errors):
    """Poll BRACKET?v=<held> every `interval` s from a random moment, as an open page does,
    on one kept-alive connection, until stop_at[0]; note (time, version) whenever a new
    version arrives."""
    host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
    connection = http.client.HTTPConnection(host, port, timeout=10)
    due = time.monotonic() + random.uniform(0, interval)
    while due < stop_at[0]:
        time.sleep(max(0, due - time.monotonic()))
        due += interval
        try:
            connection.request("GET", f"{BRACKET}?v={held}", headers={"HX-Request": "true", "Accept-Encoding": "gzip"})
            response = connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as error:
            errors.append(f"{type(error).__name__}: {error}")
            connection.close()
            continue
        if response.status in (200, 286):
            if response.getheader("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            version = int(re.search(rb"\?v=(\d+)", body).group(1))
            if version > held:
                held = version
                seen.append((time.monotonic(), version))
        elif response.status != 204:
            errors.append(f"status {response.status}")
    connection.close()


def save_to_screen(bases, editor):
    """{name: [seconds from each save beginning to the poll that brought it]}, the poll
    interval, and the fans' errors."""
    editor.save(0)  # QF1's first leg live: pages poll at the live interval
    version, interval = current_version(bases[0][1])
    saves, stop_at = [], [float("inf")]
    fans = {name: ([], []) for name, _ in bases}
    threads = [threading.Thread(target=fan, args=(base, version, interval, stop_at, *fans[name]), daemon=True)
               for name, base in bases]
    for thread in threads:
        thread.start()
    # Saves a random while apart, so that they fall anywhere in a fan's poll interval.
    for goals in range(1, SAVES + 1):
        time.sleep(random.uniform(1.5, 3.5))
        saves.append(editor.save(goals))
    stop_at[0] = time.monotonic() + interval + 1.5  # time enough for every fan to get the last
    for thread in threads:
        thread.join(timeout=interval + 15)
    delays = {
        name: [next((at for at, held in seen if held >= save["version"]), float("inf")) - save["began"]
               for save in saves]
        for name, (seen, _) in fans.items()
    }
    return delays, interval, {name: errors for name, (_, errors) in fans.items() if errors}


# --- cold renders of bigger competitions ---------------------------------------------------

RENDERS = """
import json, sys, time
import django
django.setup()
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from europa import live
from europa.models import Competition, Leg, Tie

client = Client(HTTP_HOST="127.0.0.1")
rows = []
for slug in sys.argv[2:]:
    competition = Competition.objects.get(slug=slug)
    took, counts = [], []
    for attempt in range(int(sys.argv[1]) + 1):
        with transaction.atomic():
            live.bump([competition.pk])
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            response = client.get(f"/competitions/{slug}/", HTTP_ACCEPT_ENCODING="gzip, br")
            ended = time.perf_counter()
        if response.status_code != 200:
            sys.exit(f"{slug}: {response.status_code}")
        if attempt:  # the first warms the process up
            took.append(ended - began)
            counts.append(len(queries))
    rows.append({"slug": slug, "took": took, "queries": counts, "bytes": len(response.content),
                 "ties": Tie.objects.filter(round__competition=competition).count(),
                 "legs": Leg.objects.filter(tie__round__competition=competition).count()})
print(json.dumps(rows))
"""


def render_comparison(env):
    done = subprocess.run(
        [sys.executable, "-c", RENDERS, "7", SLUG, *CUPS], cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**env, "DJANGO_SETTINGS_MODULE": "europa.settings"},
    )
    if done.returncode:
        raise SystemExit(f"the render comparison failed:\n{done.stdout}{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])


# --- the report ----------------------------------------------------------------------------


def ms(seconds):
    return f"{seconds * 1000:.0f} ms" if seconds != float("inf") else "never"


def report_delays(delays, interval, errors):
    print(f"\nsave → screen: {SAVES} saves of QF1's first leg (results.save_tie), one fan a row polling "
          f"every {interval} s (the live page's interval); goal: at most {interval + 1} s")
    for name, values in delays.items():
        worst = max(values)
        verdict = "ok" if worst <= interval + 1 else "OVER"
        print(f"  {name:28} median {ms(statistics.median(values)):>8}  max {ms(worst):>8}  {verdict}")
    for name, found in errors.items():
        print(f"  {name}: {len(found)} failed polls, first: {found[0]}")


def report_renders(rows):
    print("\ncold render of the bracket page (in process, after a version bump; 7 each)")
    print(f"  {'competition':26} {'ties':>5} {'legs':>5} {'queries':>8} {'median':>8} {'max':>8} {'br bytes':>9} {'time vs draw':>12}")
    base = statistics.median(rows[0]["took"])
    for row in rows:
        median = statistics.median(row["took"])
        queries = "/".join(str(count) for count in sorted(set(row["queries"])))
        print(f"  {row['slug']:26} {row['ties']:5} {row['legs']:5} {queries:>8} {ms(median):>8} "
              f"{ms(max(row['took'])):>8} {row['bytes']:9} {median / base:11.1f}×")
    if len(rows) == 3:
        ratio = statistics.median(rows[2]["took"]) / statistics.median(rows[1]["took"])
        print(f"  63 ties against 15: {ratio:.1f}× the time (goal: at most about 4×)")


def django_alone(base, css, editor):
    """Print wrk's figures for each address, twice, and the cold render; the static file's
    requests/s, the 1.00×."""
    print(f"\nDjango alone, {CONNECTIONS} connections ({', '.join(BROWSER)}); vs static: the better run")
    print(f"  {'address':24} {'req/s, run 1 / 2':>18} {'p99':>9} {'bytes':>7} {'vs static':>10} {'goal':>6}")
    static_rate = None
    for name, path, headers, goal in addresses(base, css):
        runs = [wrk(base + path, headers) for _ in range(2)]
        best = max(runs)
        static_rate = static_rate or best[0]
        failed = sum(run[3] for run in runs)
        print(f"  {name:24} {runs[0][0]:8.0f} / {runs[1][0]:<7.0f} {best[1]:>9} {best[2]:7.0f} "
              f"{best[0] / static_rate:9.2f}× {f'≥{goal}×' if goal else '':>6}"
              + (f"  ({failed} not 2xx/3xx)" if failed else ""))
    took = cold_renders(base, editor) + cold_renders(base, editor)
    print(f"  {'cold render (page)':24} {ms(statistics.median(took)):>8} each (median of {len(took)}, one at a time, "
          f"max {ms(max(took))}): {1 / statistics.median(took):.0f}/s on one connection")
    return static_rate


def through_nginx(base, front, css, access, static_rate):
    """Print wrk's figures through nginx for each address and crowd, with the requests that
    reached Django meanwhile."""
    print("\nthrough nginx (deploy/nginx.conf); vs static: against Django's static file above; Django/s: requests "
          "that reached gunicorn (goals: ≥10× for the poll and the page, Django/s flat from 50 to 500)")
    print(f"  {'address':24}" + "".join(f" {f'{crowd} connections: req/s':>25} {'vs static':>9} {'Django/s':>8}"
                                         for crowd in CROWDS))
    cases = addresses(base, css)
    access.new_lines()
    for name, path, headers, _ in cases:
        line = f"  {name:24}"
        for crowd in CROWDS:
            rate, p99, size, failed = wrk(front + path, headers, crowd)
            hits = access.new_lines() / SECONDS
            line += f" {rate:25.0f} {rate / static_rate:8.1f}× {hits:8.1f}"
            line += f" ({failed} not 2xx/3xx)" if failed else ""
        print(line)


def database_url():
    """DATABASE_URL, when set, if it names a database for the bench: it saves results there."""
    url = os.environ.get("DATABASE_URL")
    if url:
        import dj_database_url

        name = str(dj_database_url.parse(url)["NAME"])
        if "bench" not in name:
            raise SystemExit(f"DATABASE_URL names {name!r}: the bench enters results, so it only uses a "
                             "database with 'bench' in its name (e.g. .../europa_bench)")
    return url


def main():
    started = time.monotonic()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    if nginx_binary() is None:
        raise SystemExit("nginx is missing: apt-get install nginx-light")

    def out_of_time(*_):
        raise OutOfTime()

    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(BUDGET)
    cache = redis_url(REDIS_DB)
    editor = None
    try:
        if cache:
            forget_version(cache)
        with tempfile.TemporaryDirectory() as folder:
            env = site_env(folder, database_url=database_url(), cache_url=cache, secret="bench")
            cups = []
            for slug, teams in CUPS.items():
                (Path(folder) / f"{slug}.toml").write_text(cup_file(teams, slug))
                cups.append(["load_competition", f"{folder}/{slug}.toml"])
            prepare(env, *cups, timeout=90)
            manifest = json.loads(Path(f"{folder}/static/staticfiles.json").read_text())
            css = "/static/" + manifest["paths"]["css/europa.css"]
            access = AccessLog(f"{folder}/access.log")
            with gunicorn(env, access_log=access.path, log=f"{folder}/gunicorn.log") as base:
                editor = Editor(env)
                setup = time.monotonic() - started
                workers = re.findall(r"Booting worker", Path(f"{folder}/gunicorn.log").read_text())
                print(f"gunicorn.conf.py: {len(workers)} workers × gthread, {os.cpu_count()} cores, load average "
                      f"{os.getloadavg()[0]:.1f}; {'DATABASE_URL' if os.environ.get('DATABASE_URL') else 'SQLite'}; "
                      f"cache: {f'Redis {cache}' if cache else 'local memory (no Redis answered)'}; "
                      f"wrk -t2 -d{SECONDS}s; setup {setup:.0f} s")
                static_rate = django_alone(base, css, editor)
                with nginx(base, f"{folder}/static", folder) as front:
                    through_nginx(base, front, css, access, static_rate)
                    delays, interval, errors = save_to_screen([("Django alone", base), ("through nginx", front)], editor)
                    report_delays(delays, interval, errors)
            editor.close()
            editor = None
            report_renders(render_comparison(env))
            errors = [line for line in Path(f"{folder}/gunicorn.log").read_text().splitlines()
                      if "[ERROR]" in line or "[CRITICAL]" in line]
            if errors:
                print(f"\ngunicorn logged {len(errors)} errors, the first: {errors[0]}")
            print(f"\nbench done in {time.monotonic() - started:.0f} s, load average {os.getloadavg()[0]:.1f}")
    except OutOfTime:
        raise SystemExit(f"FAIL: the bench did not finish within {BUDGET} s") from None
    finally:
        signal.alarm(0)
        if editor is not None:
            editor.close()
        if cache:
            forget_version(cache)


if __name__ == "__main__":
    main()
