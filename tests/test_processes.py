"""The live bracket served by several gunicorn workers, as deployed: once an editor's save
commits, no worker may answer an open page's poll with "nothing new" (204), whether the
workers share the version through Redis or each keeps a local-memory cache of its own.

These tests run real processes against their own SQLite file, not the test database."""
import http.client
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

from europa import live

ROOT = Path(__file__).resolve().parent.parent
DRAW = "europa/competitions/europa-league-2023-24.toml"
SLUG = "europa-league-2023-24"
BRACKET = f"/competitions/{SLUG}/"
WORKERS = 4
EDITOR, PASSWORD = "editor", "offside-trap-1999"
# Each worker has to answer in every phase; the kernel hands connections to whichever
# worker is free, so keep asking (a bounded number of times) until all four have.
AT_LEAST, AT_MOST = 40, 400
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
        cache.delete(live._key(SLUG))
    except RedisError as error:
        pytest.skip(f"no Redis at {url} ({error}); set REDIS_URL to run the shared-cache case")
    return url, cache


@dataclass
class Site:
    port: int
    access_log: Path

    def request(self, path, headers=None, cookies=None, method="GET", body=None):
        """One request on a fresh connection, so the workers share them out."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
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


@pytest.fixture(params=["local-memory", "redis"])
def site(request, tmp_path):
    """The draw, loaded into a fresh database and served by `gunicorn -w 4`."""
    # Only what this test sets: not the developer's own database, cache or debug flag.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env.update(
        DJANGO_SECRET_KEY="test-processes-" + "x" * 40,
        DJANGO_DEBUG="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_HTTPS="false",  # plain HTTP on loopback
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
        DJANGO_SUPERUSER_PASSWORD=PASSWORD,
    )
    redis_cache = None
    if request.param == "redis":
        env["REDIS_URL"], redis_cache = redis_or_skip()

    for command in (
        ["migrate", "--noinput"],
        ["load_competition", DRAW],
        ["collectstatic", "--noinput"],
        ["createsuperuser", "--noinput", "--username", EDITOR, "--email", "editor@example.com"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env,
            check=True, capture_output=True, timeout=60,
        )

    port = free_port()
    access_log, error_log = tmp_path / "access.log", tmp_path / "error.log"
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "europa.wsgi", "-w", str(WORKERS),
            "-b", f"127.0.0.1:{port}",
            "--access-logfile", str(access_log), "--access-logformat", "%({x-probe}i)s %(p)s %(s)s",
            "--error-logfile", str(error_log),
        ],
        cwd=ROOT, env=env,
    )
    site = Site(port, access_log)
    try:
        deadline = time.monotonic() + 20
        while True:
            if server.poll() is not None:
                pytest.fail(f"gunicorn exited:\n{error_log.read_text()}")
            try:
                if site.request(BRACKET)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not answer within 20 s:\n{error_log.read_text()}")
            time.sleep(0.2)
        yield site
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if redis_cache is not None:
            # Leave no version behind for a site that shares this Redis.
            redis_cache.delete(live._key(SLUG))


def poll_every_worker(site, held, phase):
    """Poll as an open page holding version `held` does, until every worker has answered
    (at least AT_LEAST polls); return {worker pid: [(status, body), …]}."""
    answers, sent = {}, 0
    with ThreadPoolExecutor(max_workers=2 * WORKERS) as pool:
        while sent < AT_LEAST or len(answers) < WORKERS:
            assert sent < AT_MOST, f"{phase}: only workers {sorted(answers)} answered {sent} polls"
            probes = [f"{phase}-{sent + n}" for n in range(2 * WORKERS)]
            results = pool.map(
                lambda probe: site.request(f"{BRACKET}?v={held}", {"HX-Request": "true", "X-Probe": probe}),
                probes,
            )
            results = dict(zip(probes, results, strict=True))
            for probe, pid in site.workers(set(probes)).items():
                status, _, body = results[probe]
                answers.setdefault(pid, []).append((status, body))
            sent += len(probes)
    return answers


def statuses(answers):
    return {status for by_worker in answers.values() for status, _ in by_worker}


def version_in(html):
    return int(re.search(rf'hx-get="{re.escape(BRACKET)}\?v=(\d+)"', html).group(1))


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


def test_no_worker_serves_a_stale_bracket_once_a_save_commits(site):
    status, _, page = site.request(BRACKET)
    assert status == 200
    held = version_in(page)

    # Every worker has now read the version the page holds (and kept it, where it may).
    before = poll_every_worker(site, held, "before")
    assert statuses(before) == {204}

    # One of the workers saves the result; the others must know as soon as it commits.
    editor = Editor(site)
    editor.log_in()
    editor.enter_result("QF2", 1, 0, 3)

    after = poll_every_worker(site, held, "after")
    stale = sorted(pid for pid, answers in after.items() if any(s == 204 for s, _ in answers))
    assert not stale, f"workers {stale} still said 'nothing new' after the save committed"
    assert statuses(after) == {200}
    bodies = [body for answers in after.values() for _, body in answers]
    assert all("First leg: Liverpool 0, Atalanta 3." in body for body in bodies)
    (current,) = {version_in(body) for body in bodies}
    assert current > held

    # The page now holds the new version: every worker agrees nothing is newer.
    assert statuses(poll_every_worker(site, current, "caught-up")) == {204}
