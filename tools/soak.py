"""Fans polling while an editor saves, on a production-like site: `make soak`.

It builds a throw-away site (tools/throwaway.py: debug off, gunicorn, Redis database 5 when
a Redis answers, its own SQLite file or DATABASE_URL), then for SOAK_SECONDS (60):

- SOAK_FANS (200) fans each poll the bracket as an open page does, on one keep-alive
  connection: GET ?v=N with HX-Request; 204 is "nothing new", 200 a new fragment whose
  hx-get address carries the new version, 286 "all decided" (the fan stops). Each asks
  every SOAK_POLL_SECONDS (1) ±20%: a live page asks every 5 s, so this is compressed.
- one editor, a separate process, signs in to the admin and every second saves QF1's
  first leg through the tie's change form (CSRF, session, results.save_tie), live at
  0-0, 1-0, 2-0… so the tie never ends and no poll ever gets 286; after each save it reads
  the version the save made from the database. A save that cannot begin within the
  SOAK_SECONDS (each waits for the one before, as a person does) is not made.

Then every fan polls until it holds the last save's version (at most CATCH_UP seconds).
It prints the fans' latency by status, the editor's, and the delay from the editor pressing
Save to each fan holding that save (or a later one), and exits 1 on any error (a status
other than 200/204/286, a refused connection, a request over REQUEST_TIMEOUT, an error in
the server's log), any save refused or not made, or any fan that never got the last save.
The delay is counted from pressing Save, as the commit comes between that and the answer.
Everything, setup included, ends within SOAK_SECONDS + 45 s; gunicorn and the editor are
stopped whatever happens.

DATABASE_URL, when set, must name a throw-away database with "soak" in its name: it is
wiped at the start so that each run begins from the draw.
"""
import asyncio
import contextlib
import http.client
import json
import math
import os
import random
import re
import signal
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from throwaway import BRACKET, ROOT, SLUG, forget_version, gunicorn, prepare, redis_url, site_env

SECONDS = int(os.environ.get("SOAK_SECONDS", "60"))
FANS = int(os.environ.get("SOAK_FANS", "200"))
POLL_SECONDS = float(os.environ.get("SOAK_POLL_SECONDS", "1"))
JITTER = 0.2
# gthread, not sync. Fans hold their connection open between polls, as browsers do; a sync
# worker closes it after every answer and serves one request at a time, so a 204 that takes
# 2 ms waits in the listen backlog behind every fragment render (~22 ms of CPU each) queued
# before it: tried here, sync -w 4 gave 204s a p50 over 1 s and timeouts where gthread gave
# tens of ms. A gthread worker keeps idle connections in its poller and answers a 204 on
# one thread while others render. 4 workers × 8 threads: renders are CPU-bound (the GIL),
# so processes give the throughput and threads the concurrency. A kept-alive connection
# stays with the worker that accepted it (seen: 85/45/41/30 of the 200), so one fan's
# latency depends on its worker's share. SOAK_WORKERS, SOAK_THREADS (1 = sync) and
# SOAK_KEEP_ALIVE (0 = a new connection per poll) to compare.
WORKERS = int(os.environ.get("SOAK_WORKERS", "4"))
THREADS = int(os.environ.get("SOAK_THREADS", "8"))
# Longer than a fan's pause between polls, so the server does not drop idle connections.
KEEP_ALIVE = int(os.environ.get("SOAK_KEEP_ALIVE", max(5, math.ceil(3 * POLL_SECONDS))))
REQUEST_TIMEOUT = 10
CATCH_UP = max(10, math.ceil(3 * POLL_SECONDS))  # after the last save, for every fan to get it
BUDGET = SECONDS + 35 + CATCH_UP
REDIS_DB = 5  # not 0: never the version of the tests or of a site sharing this Redis
TIE = "QF1"
EDITOR = "soak-editor"


class OutOfTime(Exception):
    pass


# --- the editor: a separate process, so that its HTML parsing never stalls the fans ---------


class Form(HTMLParser):
    """The fields a browser would send from the form with the given id."""

    def __init__(self, html, form_id):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, {}
        self.select = self.textarea = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        elif not self.inside:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "image", "file"):
                self.fields[attrs["name"]] = attrs.get("value") or ("on" if kind == "checkbox" else "")
        elif tag == "select":
            self.select = attrs.get("name")
        elif tag == "option" and self.select:
            if self.select not in self.fields or "selected" in attrs:
                self.fields[self.select] = attrs.get("value", "")
        elif tag == "textarea":
            self.textarea = attrs.get("name")
            self.fields[self.textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.fields[self.textarea] = self.fields[self.textarea].removeprefix("\n")
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data


class Browser:
    """An editor's browser: cookies kept, one connection a request (a few a second)."""

    def __init__(self, base):
        self.address = urllib.parse.urlsplit(base).netloc
        self.cookies = {}

    def request(self, path, form=None, headers=()):
        connection = http.client.HTTPConnection(self.address, timeout=REQUEST_TIMEOUT)
        try:
            sent = {"Connection": "close", **dict(headers)}
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            body = None
            if form is not None:
                body = urllib.parse.urlencode(form)
                sent["Content-Type"] = "application/x-www-form-urlencoded"
            connection.request("POST" if form is not None else "GET", path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text


def expect(status, wanted, what):
    if status != wanted:
        raise RuntimeError(f"{what}: {status}, not {wanted}")


def editor(base):
    """Sign in, then save the tie's first leg every second for SECONDS; one JSON line on
    stdout when signed in, then one a save (or a failed one)."""
    # The version each save made is read from the database, not asked of the server, so
    # that the server sees only what an editor's browser sends: the form, then the save.
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "europa.settings"
    import django

    django.setup()
    from europa.models import Competition

    browser = Browser(base)
    status, page = browser.request("/admin/login/")
    expect(status, 200, "the sign-in page")
    fields = Form(page, "login-form").fields
    fields.update(username=EDITOR, password=os.environ["SOAK_EDITOR_PASSWORD"])
    status, _ = browser.request("/admin/login/?next=/admin/", fields)
    expect(status, 302, "signing in")
    status, found = browser.request(f"/admin/europa/tie/?q={TIE}")
    expect(status, 200, "the list of ties")
    change = re.search(rf'href="(/admin/europa/tie/\d+/change/)[^"]*">{TIE}<', found).group(1)
    start_at = time.monotonic()
    print(json.dumps({"ready": start_at}), flush=True)
    for number in range(SECONDS):
        planned = start_at + number
        if time.monotonic() >= start_at + SECONDS:
            break  # saves so slow that this one's second is past the end
        time.sleep(max(0, planned - time.monotonic()))
        began = time.monotonic()
        try:
            status, page = browser.request(change)
            expect(status, 200, "the tie's page")
            fields = Form(page, "tie_form").fields
            # The legs are listed in order: legs-0 is the first leg.
            fields.update({"legs-0-status": "live", "legs-0-home_goals": str(number % 100),
                           "legs-0-away_goals": "0", "_continue": "Save and continue editing"})
            pressed = time.monotonic()
            status, page = browser.request(change, fields)
            saved = time.monotonic()
            if status != 302:
                errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', page, re.S)
                raise RuntimeError(f"the save was refused ({status}): {' '.join(errors)[:300]}")
            # Only this editor writes, so the version now is the one this save made.
            version = Competition.objects.filter(slug=SLUG).values_list("version", flat=True).get()
            line = {"save": number, "planned": planned, "began": began, "pressed": pressed, "saved": saved,
                    "version": version, "score": f"{number % 100}-0"}
        except Exception as error:  # noqa: BLE001 (reported, and the run fails)
            line = {"save": number, "planned": planned, "error": f"{type(error).__name__}: {error}"}
        print(json.dumps(line), flush=True)


# --- the fans: asyncio, raw HTTP/1.1 keep-alive ------------------------------------------------

VERSION = re.compile(rb'hx-get="' + re.escape(BRACKET.encode()) + rb'\?v=(\d+)')


def version_in(body):
    found = VERSION.search(body)
    if found is None:
        raise ValueError("no ?v= in the fragment")
    return int(found.group(1))


class Closed(Exception):
    """The server closed a kept-alive connection before answering: ask again on a new one."""


class Connection:
    def __init__(self, host, port):
        self.host, self.port = host, port
        self.reader = self.writer = None
        self.reconnects = 0

    async def get(self, path, headers):
        """(status, body) of a GET on the kept-alive connection; once on a new connection
        when the server had closed the old one while idle, as browsers do."""
        for attempt in range(2):
            fresh = self.writer is None
            if fresh:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            try:
                return await self._exchange(path, headers)
            except (Closed, ConnectionResetError, BrokenPipeError):
                self.close()
                if fresh or attempt:
                    raise
                self.reconnects += 1
        raise AssertionError("unreachable")

    async def _exchange(self, path, headers):
        lines = [f"GET {path} HTTP/1.1", f"Host: {self.host}:{self.port}", *headers, "", ""]
        self.writer.write("\r\n".join(lines).encode())
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise Closed()
        protocol, status = status_line.split()[:2]
        status = int(status)
        fields = {}
        while (line := await self.reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = line.partition(b":")
            fields[name.strip().lower()] = value.strip()
        if status == 204 or status == 304 or status < 200:
            body = b""
        elif b"content-length" in fields:
            body = await self.reader.readexactly(int(fields[b"content-length"]))
        elif fields.get(b"transfer-encoding", b"").lower() == b"chunked":
            body = b""
            while size := int((await self.reader.readline()).split(b";")[0], 16):
                body += await self.reader.readexactly(size)
                await self.reader.readline()
            while (await self.reader.readline()) not in (b"\r\n", b"\n", b""):
                pass
        else:
            body = await self.reader.read()
            fields[b"connection"] = b"close"
        if fields.get(b"connection", b"").lower() == b"close" or protocol != b"HTTP/1.1":
            self.close()
        return status, body

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


@dataclass
class Fan:
    number: int
    held: int
    seen: list = field(default_factory=list)  # (monotonic time, version) as each arrived
    stopped_by_286: bool = False


@dataclass
class Run:
    host: str
    port: int
    latencies: dict = field(default_factory=dict)  # label: [seconds]
    errors: list = field(default_factory=list)  # (fan, what)
    final: int | None = None  # the last save's version, once the editor is done
    stop_at: float = math.inf
    reconnects: int = 0
    out_of_time: bool = False


async def fan_polls(run, fan):
    connection = Connection(run.host, run.port)
    headers = ["HX-Request: true", "Accept: */*"]
    try:
        await asyncio.sleep(random.uniform(0, POLL_SECONDS))
        while time.monotonic() < run.stop_at and not (run.final is not None and fan.held >= run.final):
            sent = time.monotonic()
            try:
                status, body = await asyncio.wait_for(
                    connection.get(f"{BRACKET}?v={fan.held}", headers), REQUEST_TIMEOUT)
            except (OSError, asyncio.TimeoutError, Closed, ValueError, asyncio.IncompleteReadError) as error:
                connection.close()
                what = "timeout" if isinstance(error, asyncio.TimeoutError) else type(error).__name__
                run.errors.append((fan.number, what))
                run.latencies.setdefault(f"error ({what})", []).append(time.monotonic() - sent)
            else:
                arrived = time.monotonic()
                label = {204: "204 unchanged", 200: "200 fragment", 286: "286 all decided"}.get(status)
                run.latencies.setdefault(label or f"{status} (error)", []).append(arrived - sent)
                if label is None:
                    run.errors.append((fan.number, f"status {status}"))
                elif status in (200, 286):
                    try:
                        version = version_in(body)
                    except ValueError as error:
                        run.errors.append((fan.number, f"{status}: {error}"))
                    else:
                        if version > fan.held:
                            fan.held = version
                            fan.seen.append((arrived, version))
                    if status == 286:
                        fan.stopped_by_286 = True
                        return
            pause = POLL_SECONDS * random.uniform(1 - JITTER, 1 + JITTER)
            await asyncio.sleep(max(0, sent + pause - time.monotonic()))
    finally:
        connection.close()
        run.reconnects += connection.reconnects


async def soak(base, env, deadline):
    host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
    run = Run(host, port)
    opening = Connection(host, port)
    status, page = await opening.get(BRACKET, ["Accept: text/html"])
    opening.close()
    if status != 200:
        raise SystemExit(f"the bracket page answered {status}")
    fans = [Fan(number, version_in(page)) for number in range(FANS)]
    # The fans poll from now; the editor's seconds begin once it has signed in.
    editor_process = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "editor", base,
        env=env, stdout=asyncio.subprocess.PIPE,
    )
    polling = [asyncio.create_task(fan_polls(run, fan)) for fan in fans]
    saves = []
    try:
        async with asyncio.timeout_at(asyncio.get_running_loop().time() + deadline - time.monotonic()):
            while line := await editor_process.stdout.readline():
                if "ready" not in (said := json.loads(line)):
                    saves.append(said)
            await editor_process.wait()
            done = [save for save in saves if "version" in save]
            run.final = done[-1]["version"] if done else None
            run.stop_at = time.monotonic() + CATCH_UP
            await asyncio.gather(*polling)
    except TimeoutError:
        run.out_of_time = True  # reported with what was measured until then
    finally:
        for task in polling:
            task.cancel()
        await asyncio.gather(*polling, return_exceptions=True)
        if editor_process.returncode is None:
            editor_process.kill()
            await editor_process.wait()
    if run.final is None:
        run.final = max((save["version"] for save in saves if "version" in save), default=None)
    return run, fans, saves, editor_process.returncode


# --- the report ----------------------------------------------------------------------------


def percentile(values, p):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def ms(seconds):
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def row(name, values):
    if not values:
        return f"  {name:30} {0:>7}"
    return (f"  {name:30} {len(values):>7} {ms(percentile(values, 50)):>9} {ms(percentile(values, 99)):>9}"
            f" {ms(max(values)):>9}")


def report(run, fans, saves, editor_code, server_log, setting):
    failures = []
    print(setting)
    print(f"  {'fans’ polls':30} {'count':>7} {'p50':>9} {'p99':>9} {'max':>9}")
    for label in sorted(run.latencies, key=lambda label: (-len(run.latencies[label]), label)):
        print(row(label, run.latencies[label]))
    print(row("all", [value for values in run.latencies.values() for value in values]))
    if run.reconnects:
        print(f"  ({run.reconnects} polls asked again on a new connection: the server had closed an idle one)")
    if run.errors:
        kinds = {}
        for _, what in run.errors:
            kinds[what] = kinds.get(what, 0) + 1
        failures.append(f"{len(run.errors)} failed polls: " + ", ".join(f"{n}× {k}" for k, n in kinds.items()))
    stopped = sum(fan.stopped_by_286 for fan in fans)
    if stopped:
        failures.append(f"{stopped} fans were told all is decided (286)")

    done = [save for save in saves if "version" in save]
    failed = [save for save in saves if "error" in save]
    late = max((save["began"] - save["planned"] for save in done), default=0)
    print(f"  {'editor (admin, ' + TIE + ' first leg)':30}")
    print(row("Save pressed → saved", [save["saved"] - save["pressed"] for save in done]))
    print(f"  saves: {len(done)} of {SECONDS} planned, the latest began {ms(late)} after its second")
    if failed:
        failures.append(f"{len(failed)} saves failed, first: {failed[0]['error']}")
    if editor_code and not run.out_of_time:  # else it was stopped at the time limit
        failures.append(f"the editor exited with {editor_code}")
    if len(done) + len(failed) < SECONDS:
        failures.append(f"only {len(done) + len(failed)} of {SECONDS} saves were made in time")

    delays = []
    for fan in fans:
        times = [arrived for arrived, _ in fan.seen]
        versions = [version for _, version in fan.seen]
        for save in done:
            first = next((i for i, version in enumerate(versions) if version >= save["version"]), None)
            if first is not None:
                delays.append(times[first] - save["pressed"])
    print(row(f"Save pressed → on a fan’s screen ({len(done)} saves × {len(fans)} fans)", delays))
    final = run.final
    caught_up = sum(final is not None and fan.held == final for fan in fans)
    print(f"  fans holding the last save (version {final}): {caught_up} of {len(fans)}")
    if final is None:
        failures.append("no save was made")
    elif caught_up < len(fans):
        behind = [fan for fan in fans if fan.held != final]
        failures.append(f"{len(behind)} fans never got the last save (e.g. fan {behind[0].number} holds "
                        f"version {behind[0].held}, not {final})")

    log = server_log.read_text() if server_log.exists() else ""
    bad = [line for line in log.splitlines() if "[ERROR]" in line or "[CRITICAL]" in line]
    print(f"  server log: {len(bad)} errors, {sum('[WARNING]' in line for line in log.splitlines())} warnings")
    if bad:
        failures.append(f"{len(bad)} errors in the server's log, first: {bad[0]}")
    if run.out_of_time:
        failures.append(f"stopped at the time limit ({BUDGET} s with the setup)")
    for failure in failures:
        print(f"FAIL: {failure}")
    if failures and log.strip():
        print("server log (end):\n" + "\n".join(log.splitlines()[-30:]))
    print("FAIL" if failures else "PASS: no errors, every fan got every save")
    return not failures


# --- the throw-away site ---------------------------------------------------------------------


def database_url(folder):
    """DATABASE_URL when set (wiped: it must say "soak"), else a SQLite file in `folder`."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{folder}/soak.sqlite3", "SQLite (WAL)"
    import dj_database_url

    parts = urllib.parse.urlsplit(url)
    name = dj_database_url.parse(url)["NAME"]
    if "soak" not in str(name):
        raise SystemExit(f"DATABASE_URL names {name!r}: the soak wipes its database, so it only uses one "
                         "with 'soak' in its name (e.g. .../europa_soak)")
    if parts.scheme.startswith("postgres"):
        import psycopg

        try:
            with psycopg.connect(url, autocommit=True, connect_timeout=5) as connection:
                connection.execute("DROP SCHEMA public CASCADE")
                connection.execute("CREATE SCHEMA public")
        except psycopg.OperationalError as error:
            raise SystemExit(f"cannot reach {name!r} ({str(error).strip()}); create it with "
                             f'psql -h {parts.hostname} -U {parts.username} -c "CREATE DATABASE {name}"') from None
        return url, f"PostgreSQL ({name})"
    if parts.scheme == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            (ROOT / f"{name}{suffix}").unlink(missing_ok=True)  # a relative NAME is from the project
        return url, f"SQLite ({name})"
    raise SystemExit(f"DATABASE_URL: the soak knows how to wipe PostgreSQL and SQLite, not {parts.scheme}")


def main():
    started = time.monotonic()
    deadline = started + BUDGET

    def out_of_time(*_):
        raise OutOfTime()

    # The last resort, should a step below hang past its own timeout.
    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(BUDGET + 8)
    cache = redis_url(REDIS_DB)
    try:
        with tempfile.TemporaryDirectory() as folder:
            url, database = database_url(folder)
            if cache:
                forget_version(cache)
            env = site_env(folder, database_url=url, cache_url=cache, secret="soak")
            (created,) = prepare(env, ["create_editor", EDITOR], timeout=deadline - time.monotonic())
            env["SOAK_EDITOR_PASSWORD"] = re.search(r"Password: (\S+)", created).group(1)
            server_log = Path(folder) / "gunicorn.log"
            kind = "gthread" if THREADS > 1 else "sync"
            options = ["-k", kind, "-w", str(WORKERS), "--threads", str(THREADS),
                       "--keep-alive", str(KEEP_ALIVE), "--log-level", "warning"]
            load_before = os.getloadavg()[0]
            with gunicorn(env, *options, log=server_log) as base:
                ready = time.monotonic()
                # Time kept back to stop the server (5 s at most) and to report.
                run, fans, saves, editor_code = asyncio.run(soak(base, env, deadline - 8))
            setting = (
                f"soak: {FANS} fans each polling every {POLL_SECONDS:g} s ±{JITTER:.0%} (a page asks every 5 s "
                f"during a live match{': this is compressed' if POLL_SECONDS < 5 else ''}); one editor saving "
                f"{TIE} in the admin every 1 s for {SECONDS} s\n"
                f"site: gunicorn {kind} {WORKERS} workers × {THREADS} threads on loopback, {database}, "
                f"cache: {f'Redis db {REDIS_DB}' if cache else 'local memory'}; "
                f"{os.cpu_count()} cores, load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after; "
                f"setup {ready - started:.0f} s, run {time.monotonic() - ready:.0f} s"
            )
            passed = report(run, fans, saves, editor_code, server_log, setting)
    except OutOfTime:
        raise SystemExit(f"FAIL: the soak did not finish within {BUDGET + 8} s") from None
    finally:
        signal.alarm(0)
        if cache:
            forget_version(cache)
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    if sys.argv[1:2] == ["editor"]:
        with contextlib.suppress(KeyboardInterrupt):
            editor(sys.argv[2])
    else:
        main()
