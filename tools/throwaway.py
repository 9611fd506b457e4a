"""A throw-away production-like site for the tools that put load on it (`make bench`,
`make soak`): debug off, plain HTTP on loopback, the 2023/24 draw loaded, collectstatic,
gunicorn on a free port, Redis when it answers. Nothing here touches the developer's own
database, cache or settings."""
import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRAW = ROOT / "europa/competitions/europa-league-2023-24.toml"
SLUG = "europa-league-2023-24"
BRACKET = f"/competitions/{SLUG}/"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_url(db=None):
    """REDIS_URL (default redis://127.0.0.1:6379/0) if a Redis answers there, else None.
    With `db`, that database number instead of the URL's: a tool's own, so that its
    versions never meet those of the tests or of a site running on database 0."""
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    if db is not None:
        url = urllib.parse.urlsplit(url)._replace(path=f"/{db}").geturl()
    try:
        import redis
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        return url
    except Exception:
        return None


def forget_version(url):
    """Delete what a site left in the Redis database at `url` (a tool's own, never 0): the
    cached competition version, and any other key of the site's ("europa" is its
    KEY_PREFIX in settings.py), such as kept renders. An earlier run's would answer for
    this run's fresh database."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    for key in client.scan_iter(match="europa:*", count=1000):
        client.delete(key)


def site_env(folder, *, database_url=None, cache_url=None, secret="throwaway"):
    """The environment of a production-like site whose files live in `folder`: its own
    SQLite file unless `database_url` is given, Redis at `cache_url` or local memory."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_HTTPS="false",  # plain HTTP on loopback
        DJANGO_SECRET_KEY=f"{secret}-only-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_STATIC_ROOT=f"{folder}/static",
        DATABASE_URL=database_url or f"sqlite:///{folder}/site.sqlite3",
    )
    if cache_url:
        env["REDIS_URL"] = cache_url
    return env


# Management commands, one after the other in one process: Django starts once, not once each.
COMMANDS = """
import io, json, sys
import django
from django.core.management import call_command

django.setup()
outputs = []
for args in json.loads(sys.argv[1]):
    out = io.StringIO()
    call_command(*args, stdout=out)
    outputs.append(out.getvalue())
print(json.dumps(outputs))
"""


def manage(env, *commands, timeout=60):
    """Run management commands (each a list: name, then arguments) with the site's
    environment; their outputs, or SystemExit saying what failed."""
    done = subprocess.run(
        [sys.executable, "-c", COMMANDS, json.dumps(commands)], cwd=ROOT, timeout=timeout,
        env={**env, "DJANGO_SETTINGS_MODULE": "europa.settings"}, capture_output=True, text=True,
    )
    if done.returncode:
        raise SystemExit(f"manage.py {commands} failed:\n{done.stdout}{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])


def prepare(env, *more, timeout=60):
    """Migrate, load the draw, collect the static files, then run `more` commands; the
    outputs of those."""
    commands = [["migrate", "--noinput"], ["load_competition", str(DRAW)], ["collectstatic", "--noinput"]]
    return manage(env, *commands, *more, timeout=timeout)[len(commands):]


@contextlib.contextmanager
def gunicorn(env, *options, log=None, start_timeout=20):
    """Serve the site with `gunicorn europa.wsgi *options` on a free loopback port; yield its
    base URL once the bracket answers. Stopped on the way out, whatever happened."""
    port = free_port()
    stderr = open(log, "w") if log else None
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "europa.wsgi", "-b", f"127.0.0.1:{port}", *options],
        cwd=ROOT, env=env, stderr=stderr,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            if server.poll() is not None:
                raise SystemExit(f"gunicorn exited with {server.returncode}" + (f": see {log}" if log else ""))
            try:
                with urllib.request.urlopen(base + BRACKET, timeout=1) as response:
                    if response.status == 200:
                        break
            except (OSError, urllib.error.HTTPError):
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not answer within {start_timeout} s")
            time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if stderr:
            stderr.close()
