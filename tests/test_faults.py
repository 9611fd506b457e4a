"""Faults (issue 7, item 4): the site while its database or its cache is down or hung.

While the database cannot be reached, fans get the last render of a page, marked "Scores may
be out of date", or the site's own 503 with Retry-After; never a bare 500, never a request
that hangs. While the cache (Redis) is down or hung, the site goes on from the database, and a
hung cache costs little. Both come back by themselves, and /healthz says what is down.

The cache faults run in this process, with Redis behind a proxy that the test breaks. The
database faults run against gunicorn, started as README.md deploys it, and a database of the
test's own: on the SQLite run a file whose folder is renamed away (down) or that another
connection locks (hung); on the PostgreSQL run a server the test starts and stops (down), and
freezes or whose table it locks (hung)."""
import contextlib
import json
import logging
import os
import re
import runpy
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from html import unescape

import pytest
import redis as redis_client

from europa.models import Leg, Tie
from tests.servers import (
    BRACKET, ROOT, FaultyProxy, Postgres, SqliteFile, deploy_options, gunicorn, prepare, site_env,
)
from tests.test_admin import change_url, finished, tie_form

TIE = f"{BRACKET}ties/QF1/"
OTHER_TIE = f"{BRACKET}ties/QF2/"  # never opened before a database fault
JSON = f"{BRACKET}bracket.json"
CALENDAR = f"{BRACKET}fixtures.ics"
POLL = {"HX-Request": "true"}
NOTICE = "Scores may be out of date"
# QF2's first leg, 0-3, as the bracket and as the tie's own page say it.
SCORE, TIE_SCORE = "First leg: Liverpool 0, Atalanta 3.", '<span class="leg__goals">0–3</span>'
# "a request answers within ~10 s instead of hanging"; asked with a longer timeout, so that a
# slow answer and no answer at all read differently.
ANSWER_WITHIN, GIVE_UP_AFTER = 10, 20
POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


def out_of_date(html):
    """Whether the page says "Scores may be out of date" in an element with role="status" or
    role="alert", which a screen reader announces."""
    for _, text in re.findall(r'<(\w+)[^>]*\brole="(?:status|alert)"[^>]*>(.*?)</\1>', html, re.S):
        if NOTICE in " ".join(re.sub(r"<[^>]+>", " ", text).split()):
            return True
    return False


def version_in(html):
    return int(re.search(r'hx-get="[^"]*\?v=(\d+)', html).group(1))


def polled_address(html):
    """The address an open page polls (its hx-get)."""
    return unescape(re.search(r'hx-get="([^"]+)"', html).group(1))


# The cache down or hung, in this process -----------------------------------------------


def real_redis():
    return os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/8"


def the_sites_caches(location):
    """settings.CACHES as settings.py builds it for REDIS_URL=location, socket timeouts and
    all, with a key prefix of this run's own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REDIS_URL", location)
        caches = runpy.run_path(str(ROOT / "europa/settings.py"))["CACHES"]
    assert caches["default"]["BACKEND"] == "europa.redis_cache.Cache"
    caches["default"]["KEY_PREFIX"] = f"europa-faults-{os.getpid()}"
    return caches


@pytest.fixture
def redis(settings):
    """The site's cache is Redis behind a proxy: redis.close(), .hang() and .up() break it
    and mend it."""
    url = urllib.parse.urlsplit(real_redis())
    proxy = FaultyProxy((url.hostname or "127.0.0.1", url.port or 6379))
    number = url.path.strip("/") or "0"
    settings.CACHES = the_sites_caches(f"redis://127.0.0.1:{proxy.port}/{number}")
    try:
        yield proxy
    finally:
        proxy.close()
        with contextlib.suppress(redis_client.RedisError):
            direct = redis_client.Redis.from_url(real_redis(), socket_timeout=2)
            for key in direct.scan_iter(f"{settings.CACHES['default']['KEY_PREFIX']}:*"):
                direct.delete(key)


@pytest.fixture
def logged(caplog):
    """Records the site logs at INFO and above, Django's own included (the "django" logger
    does not propagate to the root, where caplog listens)."""
    django_logger = logging.getLogger("django")
    django_logger.addHandler(caplog.handler)
    caplog.set_level(logging.INFO)
    try:
        yield caplog
    finally:
        django_logger.removeHandler(caplog.handler)


def poll(client, path, version):
    return client.get(f"{path}?v={version}", headers=POLL)


def save_through_the_admin(admin_client, code, leg, home, away):
    tie = Tie.objects.get(code=code)
    return admin_client.post(change_url(tie), tie_form(tie, **{f"leg{leg}": finished(home, away)}))


def assert_healthz(client, logged, status, state):
    logged.clear()
    response = client.get("/healthz")
    assert (response.status_code, json.loads(response.content)) == (status, state)
    assert "no-store" in response["Cache-Control"]
    assert [record.getMessage() for record in logged.records] == []


def test_healthz_answers_ok_and_logs_nothing(client, db, logged):
    assert_healthz(client, logged, 200, {"database": "ok", "cache": "ok"})


@pytest.mark.django_db(transaction=True)  # the version reaches the cache on commit, as in production
@pytest.mark.parametrize("fault", ["close", "hang"])
def test_without_redis_the_site_goes_on_from_the_database(fault, redis, draw, client, admin_client, logged):
    getattr(redis, fault)()
    started = time.monotonic()
    page = client.get(BRACKET)
    first = time.monotonic() - started
    assert page.status_code == 200 and not out_of_date(page.content.decode())
    held = version_in(page.content.decode())
    # A hung cache costs a short socket timeout, not a hung request.
    assert first < 3, f"the first page took {first:.1f} s with Redis {fault}"
    assert poll(client, BRACKET, held).status_code == 204

    response = save_through_the_admin(admin_client, "QF2", 1, 0, 3)
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert Leg.objects.get(tie__code="QF2", number=1).away_goals == 3

    news = poll(client, BRACKET, held)
    assert news.status_code == 200 and SCORE in news.content.decode()
    assert not out_of_date(news.content.decode())
    current = version_in(news.content.decode())
    assert current > held
    # After a failure the site stops asking the cache for a while: ten polls cost less than
    # the one socket timeout each of them would otherwise wait.
    started = time.monotonic()
    assert [poll(client, BRACKET, current).status_code for _ in range(10)] == [204] * 10
    assert time.monotonic() - started < 3
    for address, score in ((BRACKET, SCORE), ("/", SCORE), (OTHER_TIE, TIE_SCORE)):
        shown = client.get(address)
        assert shown.status_code == 200 and score in shown.content.decode(), address
        assert not out_of_date(shown.content.decode()), address

    assert_healthz(client, logged, 503, {"database": "ok", "cache": "down"})


@pytest.mark.django_db(transaction=True)
def test_once_redis_is_back_a_save_made_without_it_is_seen(redis, draw, client, admin_client, logged, settings):
    try:
        redis_client.Redis.from_url(real_redis(), socket_timeout=2).ping()
    except redis_client.RedisError as error:
        pytest.skip(f"no Redis at {real_redis()} ({error}); set REDIS_URL")
    # Recovery is the point here, not how long the site leaves a failed cache alone.
    settings.EUROPA_CACHE_RETRY_SECONDS = 1
    held = version_in(client.get(BRACKET).content.decode())  # the version and the page, cached
    assert poll(client, BRACKET, held).status_code == 204

    redis.close()
    assert save_through_the_admin(admin_client, "QF2", 1, 0, 3).status_code == 302
    assert poll(client, BRACKET, held).status_code == 200

    redis.up()
    time.sleep(settings.EUROPA_CACHE_RETRY_SECONDS + 0.5)  # the site has gone back to the cache
    findings = Findings()
    # An open page that holds the version from before the save must get the save, and a
    # page opened now must show it.
    news = answered(poll(client, BRACKET, held))
    findings.expect(news[0] == 200 and SCORE in news[2], f"Redis back: GET {BRACKET}?v={held} (HX-Request)",
                    news, f"200 with '{SCORE}'")
    for address, score in ((BRACKET, SCORE), (OTHER_TIE, TIE_SCORE)):
        answer = answered(client.get(address))
        findings.expect(answer[0] == 200 and score in answer[2] and not out_of_date(answer[2]),
                        f"Redis back: GET {address}", answer, f"200 with {score!r}, no notice")
    assert not findings, "\n".join(findings)
    assert_healthz(client, logged, 200, {"database": "ok", "cache": "ok"})


def answered(response):
    """A test client's response as (status, headers, text), as Site.request gives it."""
    return response.status_code, response.headers, response.content.decode()


# The database down or hung, against gunicorn ------------------------------------------


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    """The database the suite runs on (SQLite or PostgreSQL), of the test's own, with the
    draw loaded and the static files collected; the cache the suite runs on too."""
    folder = tmp_path_factory.mktemp("faults")
    database = Postgres() if POSTGRES else SqliteFile(folder)
    try:
        # A process that found the database down serves fans from the cache for this long
        # before it asks again: shorter than the default 5 s, for a quicker recovery here.
        database.env = site_env(folder, DATABASE_URL=database.url, EUROPA_DB_RETRY_SECONDS="1")
        if os.environ.get("REDIS_URL"):
            database.env["REDIS_URL"] = os.environ["REDIS_URL"]
        prepare(database.env)
        manifest = json.loads((folder / "static/staticfiles.json").read_text())
        database.css = "/static/" + manifest["paths"]["css/europa.css"]
        yield database
    finally:
        database.remove()


def forget_renders(env):
    """Nothing rendered by an earlier scenario counts as rendered in a shared cache."""
    if env.get("REDIS_URL"):
        direct = redis_client.Redis.from_url(env["REDIS_URL"], socket_timeout=2)
        for key in direct.scan_iter("europa:*"):
            direct.delete(key)


@pytest.fixture
def site(database, tmp_path):
    options, _ = deploy_options()
    forget_renders(database.env)
    with gunicorn(database.env, tmp_path, *options) as site:
        yield site
    forget_renders(database.env)


class Findings(list):
    """Every way one scenario misses the contract, each with its request and the answer."""

    def expect(self, ok, request, answer, wanted):
        if not ok:
            status, headers, body = answer
            # What a reader sees first: the text of the page's main part, or of the fragment.
            text = " ".join(re.sub(r"<[^>]+>", " ", re.split(r"<main[^>]*>", body, maxsplit=1)[-1]).split())
            self.append(
                f"{request} -> {status} (Retry-After: {headers.get('Retry-After')}, "
                f"Content-Type: {headers.get('Content-Type')}) {text[:160]!r}; wanted {wanted}"
            )
        return ok

    def stale(self, site, path):
        """A page served from its last render while the database is away."""
        answer = site.request(path, timeout=GIVE_UP_AFTER)
        self.expect(answer[0] == 200 and out_of_date(answer[2]), f"GET {path}", answer, f"200 with '{NOTICE}'")
        return answer

    def unavailable(self, site, path):
        answer = site.request(path, timeout=GIVE_UP_AFTER)
        status, headers, body = answer
        wanted = "503 with Retry-After on the site's page"
        self.expect(
            status == 503 and (headers.get("Retry-After") or "").isdigit()
            and "Europa" in body and "Server Error (500)" not in body,
            f"GET {path}", answer, wanted,
        )

    def healthz(self, site, wanted_status, state):
        answer = site.request("/healthz", timeout=GIVE_UP_AFTER)
        status, headers, body = answer
        try:
            shown = json.loads(body)
        except ValueError:
            shown = None
        self.expect(
            (status, shown) == (wanted_status, state) and "no-store" in headers.get("Cache-Control", ""),
            "GET /healthz", answer, f"{wanted_status} {json.dumps(state)}, Cache-Control: no-store",
        )

    def logs(self, site):
        """/healthz writes no log line, and no answer was a bare 500."""
        self.extend(f"logged: {line}" for line in site.log.read_text().splitlines() if "healthz" in line)
        statuses = [line.split()[-1] for line in site.access_log.read_text().splitlines()]
        if "500" in statuses:
            self.append(f"{statuses.count('500')} answers were 500: see {site.log}")


def warm(site):
    """What fans have opened before the fault: the bracket, a tie, the front page and the
    JSON, and the fragment a page one version behind gets. The version they show."""
    status, _, page = site.request(BRACKET)
    assert status == 200
    version = version_in(page)
    assert version > 0
    for path in (TIE, "/", JSON):
        assert site.request(path)[0] == 200, path
    assert site.request(f"{BRACKET}?v={version - 1}", POLL)[0] == 200
    return version, json.loads(site.request(JSON)[2])


def recovered(site, findings, open_page):
    """Once the database is back: fresh pages without the notice, /healthz ok, and a page
    left open through the outage catches up at its next poll."""
    deadline = time.monotonic() + ANSWER_WITHIN
    while True:
        answer = site.request(BRACKET, timeout=GIVE_UP_AFTER)
        if answer[0] == 200 and not out_of_date(answer[2]) or time.monotonic() > deadline:
            break
        time.sleep(0.25)
    findings.expect(answer[0] == 200 and not out_of_date(answer[2]), f"database back: GET {BRACKET}", answer,
                    f"200 without '{NOTICE}' within {ANSWER_WITHIN} s")
    findings.healthz(site, 200, {"database": "ok", "cache": "ok"})
    if open_page is None or "hx-get" not in open_page:
        return
    address = polled_address(open_page)
    answer = site.request(address, POLL)
    if out_of_date(open_page):
        findings.expect(answer[0] == 200 and not out_of_date(answer[2]),
                        f"database back: GET {address} (HX-Request), the poll of a page shown out of date",
                        answer, f"200, the fresh fragment without '{NOTICE}'")
    else:
        findings.expect(answer[0] in (200, 204) and not out_of_date(answer[2]),
                        f"database back: GET {address} (HX-Request)", answer, "204, or 200 without the notice")


def test_database_down_pages_come_from_their_last_render(database, site):
    version, shown_json = warm(site)
    findings = Findings()
    with database.down():
        # The site notices an outage when something asks the database: here the monitor's
        # /healthz. (Until then a page whose render is current, by the version in a shared
        # cache, is served as it is: nobody has saved anything since.)
        findings.healthz(site, 503, {"database": "down", "cache": "ok"})
        _, _, page = findings.stale(site, BRACKET)
        findings.stale(site, TIE)
        findings.stale(site, "/")
        for path in (BRACKET, TIE):
            answer = site.request(f"{path}?v={version}", POLL)
            findings.expect(answer[0] == 204, f"GET {path}?v={version} (HX-Request)", answer, "204")
            answer = site.request(f"{path}?v={version - 1}", POLL)
            # The bracket's fragment was kept (warm polled it); the tie's was not, so the
            # page one version behind reloads to get the kept whole page with the notice.
            fragment = answer[0] == 200 and out_of_date(answer[2]) and "<html" not in answer[2]
            reload = answer[0] == 200 and answer[1].get("HX-Refresh") == "true"
            findings.expect(fragment if path == BRACKET else reload,
                            f"GET {path}?v={version - 1} (HX-Request)", answer,
                            f"200, the kept fragment with '{NOTICE}'" if path == BRACKET else "HX-Refresh")
        answer = site.request(JSON)
        findings.expect(answer[0] == 200 and json.loads(answer[2] or "null") == shown_json,
                        f"GET {JSON}", answer, "200, the JSON served before")
        for never_rendered in (CALENDAR, OTHER_TIE, "/competitions/"):
            findings.unavailable(site, never_rendered)
        findings.healthz(site, 503, {"database": "down", "cache": "ok"})
    recovered(site, findings, page)
    findings.logs(site)
    assert not findings, "\n".join(findings)


@pytest.mark.parametrize("how", Postgres.hangs if POSTGRES else SqliteFile.hangs)
def test_database_hung_answers_within_seconds_and_static_files_flow(database, site, how):
    version, _ = warm(site)
    findings = Findings()
    # Fewer fans than a worker has threads (/healthz takes one more): a thread is left for
    # the static file.
    _, threads = deploy_options()
    asked = [OTHER_TIE, BRACKET, TIE, f"{BRACKET}?v={version}"][:max(threads - 2, 1)]
    # A locked table is no down server: the server still answers /healthz's question.
    health = "ok" if how == "locked" and POSTGRES else "down"
    page = None  # the bracket as a fan saw it while the database hung
    with database.hung(how), ThreadPoolExecutor(max_workers=len(asked) + 1) as pool:

        def timed(ask):
            started = time.monotonic()
            try:
                answer = ask()
            except OSError as error:
                answer = (f"no answer ({error!r})", {}, "")
            return answer, time.monotonic() - started

        answers = pool.map(timed, [
            lambda path=path: site.request(path, POLL if "?v=" in path else None, timeout=GIVE_UP_AFTER)
            for path in asked
        ])
        health_check = pool.submit(timed, lambda: findings.healthz(site, 503 if health == "down" else 200,
                                                                   {"database": health, "cache": "ok"}))
        time.sleep(0.5)  # the fans' requests and /healthz are waiting for the database
        started = time.monotonic()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{site.port}{database.css}", timeout=5) as css:
                static = (css.status, time.monotonic() - started)
        except OSError as error:
            static = (repr(error), time.monotonic() - started)
        if static[0] != 200:
            findings.append(f"GET {database.css} while the database hangs -> {static[0]} after {static[1]:.1f} s")
        for path, (answer, took) in zip(asked, answers, strict=True):
            status, headers, body = answer
            # Whether a page served without the database carries the notice is the other test's.
            fine = (status == 200 and "Europa" in body or status == 204 and "?v=" in path
                    or status == 503 and headers.get("Retry-After"))
            findings.expect(fine and took < ANSWER_WITHIN, f"GET {path} (answered after {took:.1f} s)", answer,
                            f"the last render, or 503 with Retry-After, within {ANSWER_WITHIN} s")
            if path == BRACKET:
                page = body
        _, took = health_check.result()
        if took > ANSWER_WITHIN:
            findings.append(f"GET /healthz took {took:.1f} s")
    recovered(site, findings, page)
    findings.logs(site)
    assert not findings, "\n".join(findings)
