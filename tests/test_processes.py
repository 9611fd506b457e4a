"""The live bracket served by several gunicorn workers, as deployed: once an editor's save
commits, no worker may answer an open page's poll with "nothing new" (204), whether the
workers share the version through Redis or each keeps a local-memory cache of its own.

These tests run real processes against their own SQLite file, not the test database."""
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from europa import live
from tests.servers import BRACKET, EDITOR, PASSWORD, SLUG, Editor, gunicorn, prepare, redis_or_skip, site_env

WORKERS = 4
# Each worker has to answer in every phase; the kernel hands connections to whichever
# worker is free, so keep asking (a bounded number of times) until all four have.
AT_LEAST, AT_MOST = 40, 400


@pytest.fixture(params=["local-memory", "redis"])
def site(request, tmp_path):
    """The draw, loaded into a fresh database and served by `gunicorn -w 4`."""
    env = site_env(tmp_path, DJANGO_SUPERUSER_PASSWORD=PASSWORD)
    redis_cache = None
    if request.param == "redis":
        env["REDIS_URL"], redis_cache = redis_or_skip()
    prepare(env, ["createsuperuser", "--noinput", "--username", EDITOR, "--email", "editor@example.com"])
    try:
        with gunicorn(env, tmp_path, "-w", str(WORKERS)) as site:
            yield site
    finally:
        if redis_cache is not None:
            # Leave no version behind for a site that shares this Redis.
            redis_cache.delete(live.version_key(SLUG))


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
