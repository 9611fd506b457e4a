"""Real servers for the tests that need processes, not a test client: the site under gunicorn
against its own database, an editor and a fan talking HTTP to it, and what it depends on,
made to fail on purpose (a SQLite file, a PostgreSQL server of the test's own, a proxy in
front of Redis)."""
import contextlib
import http.client
import json
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path

import psycopg
import pytest

from europa import live
from europa.models import Competition

ROOT = Path(__file__).resolve().parent.parent
DRAW = "europa/competitions/europa-league-2023-24.toml"
SLUG = "europa-league-2023-24"
BRACKET = f"/competitions/{SLUG}/"
EDITOR, PASSWORD = "editor", "offside-trap-1999"
REQUEST_TIMEOUT = 5


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_or_skip():
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    from django.core.cache.backends.redis import RedisCache
    from redis.exceptions import RedisError

    # Built as settings.py builds it, so that the key is the one the site uses.
    cache = RedisCache(url, {"KEY_PREFIX": "europa", "OPTIONS": {"socket_connect_timeout": 2}})
    try:
        # A version left by an earlier run must not answer for this run's fresh database.
        cache.delete(live.version_key(SLUG))
    except RedisError as error:
        pytest.skip(f"no Redis at {url} ({error}); set REDIS_URL to run the shared-cache case")
    return url, cache


def site_env(folder, **settings):
    """A production-like site's environment (debug off, plain HTTP on loopback) whose files
    live in `folder`: only what the test sets, not the developer's own database, cache or
    debug flag. Its own SQLite file unless `settings` give a DATABASE_URL."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env.update(
        DJANGO_SECRET_KEY="test-processes-" + "x" * 40,
        DJANGO_DEBUG="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_HTTPS="false",  # plain HTTP on loopback
        DJANGO_STATIC_ROOT=str(Path(folder) / "static"),
        DATABASE_URL=f"sqlite:///{Path(folder) / 'site.sqlite3'}",
    )
    env.update(settings)
    return env


# Management commands one after the other in one process: Django starts once, not once each.
COMMANDS = """
import json, sys
import django
from django.core.management import call_command

django.setup()
for command in json.loads(sys.argv[1]):
    call_command(*command)
"""


def prepare(env, *more):
    """Migrate, load the draw, collect the static files, then run `more` commands (each a
    list: name, then arguments) with the site's environment."""
    commands = [["migrate", "--noinput"], ["load_competition", DRAW], ["collectstatic", "--noinput"], *more]
    subprocess.run(
        [sys.executable, "-c", COMMANDS, json.dumps(commands)], cwd=ROOT, check=True, capture_output=True,
        env={**env, "DJANGO_SETTINGS_MODULE": "europa.settings"}, timeout=120,
    )


@dataclass
class Site:
    port: int
    access_log: Path
    log: Path

    def request(self, path, headers=None, cookies=None, method="GET", body=None, timeout=REQUEST_TIMEOUT):
        """One request on a fresh connection, so the workers share them out."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            headers = {"Connection": "close", **(headers or {})}
            if cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
            return response.status, response.headers, text
        finally:
            connection.close()

    def workers(self, probes):
        """{probe: pid of the worker that answered it}, from gunicorn's access log, which a
        worker writes just after it has sent the response."""
        deadline = time.monotonic() + 5
        while True:
            lines = self.access_log.read_text().splitlines()
            answered = dict(line.split()[:2] for line in lines if line.split()[0] in probes)
            if len(answered) == len(probes):
                return answered
            assert time.monotonic() < deadline, f"no access log line for {set(probes) - set(answered)}"
            time.sleep(0.05)


@contextlib.contextmanager
def gunicorn(env, folder, *options, ready=BRACKET):
    """`gunicorn europa.wsgi *options` on a free loopback port, its access log in
    `folder` (probe, pid, status) and its stderr and Django's log in `folder`/server.log;
    yields the Site once `ready` answers 200. Stopped on the way out, whatever happened."""
    port = free_port()
    access_log, log = Path(folder) / "access.log", Path(folder) / "server.log"
    with open(log, "w") as stderr:
        server = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "europa.wsgi", *options,
                "-b", f"127.0.0.1:{port}",
                "--access-logfile", str(access_log), "--access-logformat", "%({x-probe}i)s %(p)s %(s)s",
                "--error-logfile", "-",
            ],
            cwd=ROOT, env=env, stderr=stderr,
        )
    site = Site(port, access_log, log)
    try:
        deadline = time.monotonic() + 20
        while True:
            if server.poll() is not None:
                pytest.fail(f"gunicorn exited:\n{log.read_text()}")
            try:
                if site.request(ready)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not answer within 20 s:\n{log.read_text()}")
            time.sleep(0.2)
        yield site
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


class Form(HTMLParser):
    """The fields a browser would send from the page's form with the given id."""

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
                self.fields[attrs["name"]] = attrs.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select":
            self.select = attrs.get("name")
        elif tag == "option" and self.select:
            # A browser sends the first option unless another is selected.
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
        elif tag == "textarea":
            # As a browser does, drop the newline that follows <textarea>.
            self.fields[self.textarea] = self.fields[self.textarea].removeprefix("\n")
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data


class Editor:
    """An editor in a browser: logs in to the admin and saves forms, cookies kept."""

    def __init__(self, site):
        self.site, self.cookies = site, {}

    def request(self, path, form=None):
        body = urllib.parse.urlencode(form) if form is not None else None
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if form is not None else {}
        status, headers, text = self.site.request(
            path, headers, self.cookies, method="POST" if form is not None else "GET", body=body,
        )
        for cookie in SimpleCookie("\n".join(headers.get_all("Set-Cookie") or [])).values():
            self.cookies[cookie.key] = cookie.value
        return status, text

    def log_in(self):
        _, page = self.request("/admin/login/")
        fields = Form(page, "login-form").fields
        status, _ = self.request("/admin/login/", {**fields, "username": EDITOR, "password": PASSWORD})
        assert status == 302, "the editor could not log in"

    def enter_result(self, code, number, home_goals, away_goals):
        """Find the tie in the admin, type the leg's score, mark it finished and save."""
        _, found = self.request(f"/admin/europa/tie/?q={code}")
        change = re.search(r'href="(/admin/europa/tie/\d+/change/)', found).group(1)
        _, page = self.request(change)
        fields = Form(page, "tie_form").fields
        leg = f"legs-{number - 1}"  # the legs are listed in order
        fields.update({
            f"{leg}-status": "finished", f"{leg}-home_goals": str(home_goals),
            f"{leg}-away_goals": str(away_goals), "_save": "Save",
        })
        status, page = self.request(change, fields)
        assert status == 302, f"the admin refused the result:\n{page}"


def deploy_options():
    """gunicorn's options from the deploy command in README.md, and its threads per worker,
    with one worker (with a per-process cache each worker keeps its own renders) and
    without its address."""
    text = (ROOT / "README.md").read_text().replace("\\\n", " ")
    line = next(line for line in text.splitlines() if "gunicorn europa.wsgi" in line)
    given, options = shlex.split(line.split("gunicorn europa.wsgi", 1)[1].split("#")[0]), []
    while given:
        option = given.pop(0)
        if option in ("-b", "--bind", "-w", "--workers"):
            given.pop(0)
        elif not option.startswith(("--bind=", "--workers=")):
            options.append(option)
    threads = next((int(options[i + 1]) for i, o in enumerate(options[:-1]) if o == "--threads"), 1)
    return ["--workers", "1", *options], threads


class SqliteFile:
    """The site's SQLite file, in a folder of its own, that a test takes away or locks."""

    hangs = ["locked"]

    def __init__(self, folder):
        self.folder = Path(folder) / "database"
        self.folder.mkdir()
        self.path = self.folder / "site.sqlite3"
        self.url = f"sqlite:///{self.path}"

    @contextlib.contextmanager
    def down(self):
        # "unable to open database file", as when a volume is gone.
        away = self.folder.with_name("database-away")
        self.folder.rename(away)
        try:
            yield
        finally:
            away.rename(self.folder)

    @contextlib.contextmanager
    def hung(self, how="locked"):
        # In WAL mode readers never wait for writers; a connection in exclusive locking mode
        # shuts every other one out, and each waits its busy timeout.
        holder = sqlite3.connect(self.path, isolation_level=None)
        try:
            holder.execute("PRAGMA locking_mode=EXCLUSIVE")
            holder.execute("BEGIN EXCLUSIVE")
            holder.execute("SELECT count(*) FROM django_migrations").fetchall()
            yield
        finally:
            holder.close()

    def remove(self):
        pass


def postgres_programs():
    """The folder of the newest PostgreSQL's initdb and pg_ctl, or None."""
    installed = [p.parent for p in Path("/usr/lib/postgresql").glob("*/bin/pg_ctl") if p.parent.parent.name.isdigit()]
    if installed:
        return max(installed, key=lambda folder: int(folder.parent.name))
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


class Postgres:
    """A PostgreSQL server of the test's own, in a folder of its own on a free port, started;
    a test takes it down, or hangs it. `remove()` leaves nothing behind."""

    # Frozen: the server accepts connections and says nothing (connect_timeout). Locked: it
    # answers, but the table every page reads waits behind a lock (statement_timeout).
    hangs = ["frozen", "locked"]

    def __init__(self):
        self.programs = postgres_programs()
        if self.programs is None:
            pytest.skip("no PostgreSQL programs (initdb, pg_ctl): apt-get install postgresql")
        self.folder = Path(tempfile.mkdtemp(prefix="europa-postgres-"))
        self.data, self.port, self.frozen = self.folder / "data", free_port(), []
        self.as_owner = []
        if os.geteuid() == 0:
            # initdb refuses to run as root: the server runs as postgres, in a folder it owns.
            owner = pwd.getpwnam("postgres")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            self.as_owner = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8")
        self.start()

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, program, *args):
        subprocess.run(
            [*self.as_owner, str(self.programs / program), *map(str, args)],
            check=True, capture_output=True, timeout=60,
        )

    def start(self):
        # Durability is not what is tested: no fsync keeps a start and a stop short.
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} "
            "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        )
        self._run("pg_ctl", "-D", self.data, "-l", self.folder / "server.log", "-w", "-t", "30", "-o", options, "start")

    def stop(self):
        self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "-t", "30", "stop")

    def _processes(self):
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                # The parent's pid is the second field after the parenthesised name.
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == postmaster:
                    children.append(int(stat.parent.name))
            except (OSError, IndexError, ValueError):
                continue
        return [postmaster, *children]

    def freeze(self):
        """Hang the server as a stalled machine does: it still accepts connections (the
        kernel does that) but neither it nor any of its backends answers."""
        self.frozen = self._processes()
        for pid in self.frozen:
            os.kill(pid, signal.SIGSTOP)

    def thaw(self):
        for pid in self.frozen:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)
        self.frozen = []

    @contextlib.contextmanager
    def down(self):
        self.stop()
        try:
            yield
        finally:
            self.start()

    @contextlib.contextmanager
    def hung(self, how):
        if how == "frozen":
            self.freeze()
            try:
                yield
            finally:
                self.thaw()
            return
        with psycopg.connect(self.url.replace("postgres://", "postgresql://")) as holder:
            holder.execute(f"LOCK TABLE {Competition._meta.db_table} IN ACCESS EXCLUSIVE MODE")
            yield
            holder.rollback()

    def remove(self):
        self.thaw()
        with contextlib.suppress(subprocess.SubprocessError):
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


class FaultyProxy:
    """A TCP proxy on a free loopback port in front of a real server (Redis), that a test
    breaks and mends: `up()` forwards; `close()` leaves nothing listening (connection
    refused) and drops open connections; `hang()` accepts connections and never answers,
    on open connections too."""

    # A hung connection is dropped after this long, so that a client without a timeout of
    # its own fails its test, slowly, instead of hanging the suite.
    HUNG_FOR = 10

    def __init__(self, upstream):
        self.upstream, self.port, self.state = upstream, free_port(), "up"
        self._sockets, self._lock, self._listener = set(), threading.Lock(), None
        self._listen()

    def up(self):
        self.state = "up"
        if self._listener is None:
            self._listen()

    def hang(self):
        self.state = "hung"
        if self._listener is None:
            self._listen()
        with self._lock:
            held = list(self._sockets)
        for sock in held:
            self._drop_later(sock)

    def close(self):
        self.state = "closed"
        if self._listener is not None:
            self._listener, accepting = None, self._accepting
            accepting.join()
        with self._lock:
            held = list(self._sockets)
        for sock in held:
            self._drop(sock)

    def _listen(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(0.1)
        self._listener = listener
        self._accepting = threading.Thread(target=self._accept, args=(listener,), daemon=True)
        self._accepting.start()

    def _accept(self, listener):
        with listener:
            while self._listener is listener:
                try:
                    client, _ = listener.accept()
                except TimeoutError:
                    continue
                client.settimeout(None)
                self._track(client)
                if self.state != "up":
                    self._drop_later(client)
                    continue
                try:
                    server = socket.create_connection(self.upstream, timeout=2)
                except OSError:
                    self._drop(client)
                    continue
                server.settimeout(None)
                self._track(server)
                for source, target in ((client, server), (server, client)):
                    threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source, target):
        while True:
            try:
                data = source.recv(65536)
                if not data:
                    break
                if self.state == "up":  # hung: what is said is swallowed, and the other side waits
                    target.sendall(data)
            except OSError:
                break
        self._drop(source)
        self._drop(target)

    def _track(self, sock):
        with self._lock:
            self._sockets.add(sock)

    def _drop_later(self, sock):
        timer = threading.Timer(self.HUNG_FOR, self._drop, [sock])
        timer.daemon = True
        timer.start()

    def _drop(self, sock):
        with self._lock:
            self._sockets.discard(sock)
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()
