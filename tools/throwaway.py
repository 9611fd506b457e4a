"""A throw-away production-like site for the tools that put load on it (`make bench`,
`make soak`): debug off, plain HTTP on loopback, the 2023/24 draw loaded, collectstatic,
gunicorn (with gunicorn.conf.py) on a free port, Redis when it answers, and nginx with
deploy/nginx.conf in front when asked. Nothing here touches the developer's own database,
cache, settings or nginx."""
import contextlib
import datetime
import json
import os
import shutil
import signal
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
GUNICORN_CONF = ROOT / "gunicorn.conf.py"
NGINX_CONF = ROOT / "deploy/nginx.conf"


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


def _wait_until_it_answers(server, name, url, seconds, where_to_look):
    """Return once `url` answers 200, or exit saying why: the server stopped, or took too long."""
    deadline = time.monotonic() + seconds
    while True:
        if server.poll() is not None:
            raise SystemExit(f"{name} exited with {server.returncode}{where_to_look}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except (OSError, urllib.error.HTTPError):
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"{name} did not answer within {seconds} s")
        time.sleep(0.1)


@contextlib.contextmanager
def gunicorn(env, *options, log=None, access_log=None, start_timeout=20):
    """Serve the site with `gunicorn europa.wsgi *options` and the repository's
    gunicorn.conf.py on a free loopback port; yield its base URL once the bracket answers.
    Its access log goes to `access_log`, or nowhere (not the tool's own output); its errors to
    `log`, or stderr. Stopped on the way out, whatever happened."""
    port = free_port()
    stderr = open(log, "w") if log else None
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "europa.wsgi", "-c", str(GUNICORN_CONF), "-b", f"127.0.0.1:{port}",
         "--access-logfile", str(access_log or os.devnull), *options],
        cwd=ROOT, env=env, stderr=stderr,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_it_answers(server, "gunicorn", base + BRACKET, start_timeout, f": see {log}" if log else "")
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


# --- nginx in front, as deploy/nginx.conf has it ------------------------------------------

# The machine's values deploy/nginx.conf is written with, each once, and what a throw-away
# nginx puts in their place (nginx_site_conf).
NGINX_VALUES = ("listen 80;", "server 127.0.0.1:8000;", "/srv/europa/staticfiles/", "/var/cache/nginx/europa")

# Around deploy/nginx.conf, what Debian's /etc/nginx/nginx.conf would give, but with every
# file nginx writes (pid, logs, temporary files) in `prefix` and in the foreground, so that
# neither root nor the machine's own nginx is involved. No access log: the bench counts
# requests at gunicorn.
NGINX_MAIN = """\
daemon off;
worker_processes auto;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{
    worker_connections 4096;
}}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65s;
    access_log off;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/europa.conf;
}}
"""


def nginx_binary():
    """nginx's path (Debian puts it in /usr/sbin, which a user's PATH may lack), or None."""
    return shutil.which("nginx") or next((path for path in ("/usr/sbin/nginx",) if os.access(path, os.X_OK)), None)


def nginx_site_conf(*, listen, upstream, static_root, cache):
    """deploy/nginx.conf with the machine's values replaced: `listen` (host:port), the
    `upstream` gunicorn (host:port), STATIC_ROOT and the cache's folder."""
    text = NGINX_CONF.read_text()
    given = (f"listen {listen};", f"server {upstream};", f"{str(static_root).rstrip('/')}/", str(cache))
    for value, replacement in zip(NGINX_VALUES, given, strict=True):
        if text.count(value) != 1:
            raise SystemExit(f"{NGINX_CONF} should say {value!r} once, to be replaced; it says it "
                             f"{text.count(value)} times")
        text = text.replace(value, replacement)
    return text


def write_nginx_conf(prefix, *, listen, upstream, static_root):
    """The main configuration and the site's, in the folder `prefix`; the main one's path."""
    prefix = Path(prefix)
    prefix.mkdir(parents=True, exist_ok=True)
    site = nginx_site_conf(listen=listen, upstream=upstream, static_root=static_root, cache=prefix / "cache")
    (prefix / "europa.conf").write_text(site)
    (prefix / "nginx.conf").write_text(NGINX_MAIN.format(prefix=prefix))
    return prefix / "nginx.conf"


@contextlib.contextmanager
def nginx(upstream_base, static_root, folder, start_timeout=10):
    """nginx with deploy/nginx.conf on a free loopback port in front of the gunicorn at
    `upstream_base`, its files in `folder`/nginx; yields its base URL once it answers.
    Stopped on the way out, whatever happened."""
    binary = nginx_binary()
    if binary is None:
        raise SystemExit("nginx is missing: apt-get install nginx-light")
    if os.geteuid() == 0:
        # As root, nginx's workers run as nobody: they must be able to reach the static
        # files and the cache in this throw-away folder (a temporary folder is 0700).
        os.chmod(folder, 0o755)
    prefix = Path(folder) / "nginx"
    port = free_port()
    main = write_nginx_conf(prefix, listen=f"127.0.0.1:{port}", upstream=urllib.parse.urlsplit(upstream_base).netloc,
                            static_root=static_root)
    command = [binary, "-p", str(prefix), "-c", str(main), "-e", str(prefix / "error.log")]
    tested = subprocess.run([*command, "-t", "-q"], capture_output=True, text=True)
    if tested.returncode:
        raise SystemExit(f"nginx -t refused {main}:\n{tested.stderr}")
    server = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_it_answers(server, "nginx", base + "/healthz", start_timeout, f": see {prefix / 'error.log'}")
        yield base
    finally:
        server.send_signal(signal.SIGTERM)  # a fast shutdown: nothing here needs to finish
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# --- an editor's saves, and competitions bigger than the draw ------------------------------

# An editor in a process of the site's own: each line it reads is a command, and it answers
# each with one JSON line. "save N" enters N-0, live, for QF1's first leg through
# results.save_tie (as the admin does, committed, the version published to the cache);
# "bump" moves the version on with nothing else changed (a save's cost, without a rule to
# satisfy). The answer says the version it made, and when (time.monotonic, which is the
# same clock in every process on Linux) it began and when it had committed.
EDITOR = """
import json, sys, time
import django
django.setup()
from django.db import transaction
from europa import live, results
from europa.models import Competition, Tie

competition = Competition.objects.get(slug=sys.argv[1])
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    command, *args = line.split()
    began = time.monotonic()
    if command == "save":
        tie = Tie.objects.select_related("round__competition").get(round__competition=competition, code="QF1")
        leg = tie.legs.get(number=1)
        leg.status, leg.home_goals, leg.away_goals = "live", int(args[0]), 0
        results.save_tie(tie, [leg], revision=tie.revision)
    else:
        with transaction.atomic():
            live.bump([competition.pk])
    saved = time.monotonic()
    version = Competition.objects.filter(pk=competition.pk).values_list("version", flat=True).get()
    print(json.dumps({"version": version, "began": began, "saved": saved}), flush=True)
"""


class Editor:
    """The EDITOR process for the competition `slug`, with the site's environment."""

    def __init__(self, env, slug=SLUG):
        self.process = subprocess.Popen(
            [sys.executable, "-c", EDITOR, slug], cwd=ROOT, text=True, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, env={**env, "DJANGO_SETTINGS_MODULE": "europa.settings"},
        )
        self._answer()

    def _answer(self):
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"the editor process exited with {self.process.wait()}")
        return json.loads(line)

    def save(self, home_goals):
        self.process.stdin.write(f"save {home_goals}\n")
        self.process.stdin.flush()
        return self._answer()

    def bump(self):
        self.process.stdin.write("bump\n")
        self.process.stdin.flush()
        return self._answer()

    def close(self):
        self.process.stdin.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def cup_file(teams, slug):
    """A competition file for a cup of `teams` teams (a power of two), every round two legs,
    the first round played (2-0, 1-1: the home side goes through), the rest as drawn; each
    tie of a round fed by two of the round before."""
    lines = ["[competition]", f'name = "Synthetic cup of {teams}"', 'season = "2030/31"', f'slug = "{slug}"', ""]
    for n in range(1, teams + 1):
        lines += ["[[teams]]", f'name = "Club {n}"', f'short_name = "C{n}"', 'country = "ESP"', f'slug = "club-{n}"', ""]
    ties, earlier, number = teams // 2, [], 1
    while ties:
        code = f"R{2 * ties}"
        first = datetime.date(2031, 2, 1) + datetime.timedelta(weeks=2 * number)
        lines += ["[[rounds]]", f'code = "{code}"', f'name = "Round of {2 * ties}"', "legs = 2",
                  f'dates = ["{first}", "{first + datetime.timedelta(weeks=1)}"]', ""]
        codes = [f"{code}-{position}" for position in range(1, ties + 1)]
        for position, tie in enumerate(codes):
            lines += ["  [[rounds.ties]]", f'  code = "{tie}"']
            if earlier:
                lines += [f'  home_from = "{earlier[2 * position]}"', f'  away_from = "{earlier[2 * position + 1]}"']
            else:
                lines += [f'  home = "Club {2 * position + 1}"', f'  away = "Club {2 * position + 2}"']
                for leg, (home, away) in enumerate([(2, 0), (1, 1)], 1):
                    lines += ["    [[rounds.ties.legs]]", f"    number = {leg}", '    status = "finished"',
                              f"    home_goals = {home}", f"    away_goals = {away}"]
            lines.append("")
        earlier, ties, number = codes, ties // 2, number + 1
    return "\n".join(lines)
