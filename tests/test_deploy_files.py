"""The serving files in the repository do what the README and `make bench` count on:
gunicorn.conf.py (its workers, no control socket) and deploy/nginx.conf, run by nginx in front
of a stand-in for the site that answers with whatever headers a test gives it, so that what
nginx stores, for how long and under which key is checked without Django's own headers."""
import gzip
import http.client
import os
import runpy
import shlex
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from gunicorn.config import KNOWN_SETTINGS

from tests.servers import ROOT, free_port
from tools import throwaway

GUNICORN_CONF = ROOT / "gunicorn.conf.py"
PUBLIC = "public, max-age=0, s-maxage=60, stale-while-revalidate=10"
HASHED_CSS = "css/europa.0123456789ab.css"


def conf_with(monkeypatch, **environ):
    for name in ("WEB_CONCURRENCY",):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(GUNICORN_CONF))


@pytest.mark.parametrize("environ, workers", [
    ({"WEB_CONCURRENCY": "3"}, 3),
    ({"WEB_CONCURRENCY": "12"}, 12),
    ({}, 2 * os.cpu_count()),
    ({"WEB_CONCURRENCY": ""}, 2 * os.cpu_count()),
])
def test_gunicorn_takes_its_workers_from_web_concurrency(monkeypatch, environ, workers):
    assert conf_with(monkeypatch, **environ)["workers"] == workers


def test_every_name_in_gunicorn_conf_is_a_gunicorn_setting(monkeypatch):
    # gunicorn skips a name it does not know without a word: a misspelt setting would be lost.
    known = {setting.name for setting in KNOWN_SETTINGS}
    names = {name for name, value in conf_with(monkeypatch).items()
             if not name.startswith("_") and not callable(value) and type(value).__name__ != "module"}
    assert names <= known, names - known
    assert {"workers", "worker_class", "threads", "timeout", "graceful_timeout", "keepalive", "accesslog",
            "control_socket_disable"} <= names


def test_the_deploy_command_says_what_gunicorn_conf_says():
    """Options README's deploy command gives beside gunicorn.conf.py (which gunicorn reads
    from the directory it starts in, the fault tests' servers included) agree with it."""
    conf = runpy.run_path(str(GUNICORN_CONF))
    line = next(line for line in (ROOT / "README.md").read_text().splitlines() if "gunicorn europa.wsgi" in line)
    given = shlex.split(line.split("gunicorn europa.wsgi", 1)[1].split("#")[0])
    for option, name in [("--threads", "threads"), ("--worker-class", "worker_class"), ("-k", "worker_class")]:
        if option in given:
            assert given[given.index(option) + 1] == str(conf[name]), (option, line)


def test_gunicorn_with_its_conf_leaves_no_control_socket(tmp_path):
    """gunicorn 25.1+ opens a control socket in $XDG_RUNTIME_DIR or ~/.gunicorn unless told not to."""
    home, runtime = tmp_path / "home", tmp_path / "runtime"
    home.mkdir()
    runtime.mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_RUNTIME_DIR": str(runtime), "DJANGO_DEBUG": "true",
           "WEB_CONCURRENCY": "1"}
    port = free_port()
    log = tmp_path / "gunicorn.log"
    with open(log, "w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "europa.wsgi", "-c", str(GUNICORN_CONF), "-b", f"127.0.0.1:{port}"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 20
        while "Booting worker" not in log.read_text():
            assert server.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", "/healthz")
        assert connection.getresponse().status == 200
        connection.close()
        time.sleep(0.5)  # the access log line is written just after the answer
        assert list(home.iterdir()) == [] and list(runtime.iterdir()) == []
        assert '"GET /healthz HTTP/1.1" 200' in log.read_text()  # the access log, on stdout
    finally:
        server.terminate()
        server.wait(timeout=15)


# --- deploy/nginx.conf in front of a stand-in for the site ----------------------------------


class StandIn(BaseHTTPRequestHandler):
    """Answers GET /<anything> with a body naming the request and how many the stand-in has
    had; the headers it answers with come from the query (`?cc=`, `?etag=`, `?cookie=1`,
    `?vary=`), and it gzips when asked with exactly "gzip"."""

    protocol_version = "HTTP/1.1"
    asked = []  # (path, headers) of each request that reached it

    def do_GET(self):
        StandIn.asked.append((self.path, dict(self.headers)))
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        body = f"{self.path} #{len(StandIn.asked)} hx={self.headers.get('HX-Request')}".encode().ljust(800, b".")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if "cc" in query:
            self.send_header("Cache-Control", query["cc"][0])
        if "etag" in query:
            self.send_header("ETag", f'"{query["etag"][0]}"')
        if "cookie" in query:
            self.send_header("Set-Cookie", "sessionid=someone; HttpOnly")
        self.send_header("Vary", query.get("vary", ["HX-Request, Accept-Encoding"])[0])
        if self.headers.get("Accept-Encoding") == "gzip":
            body = gzip.compress(body)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def front():
    """nginx with deploy/nginx.conf in front of the stand-in, and a static root holding a
    hashed and an unhashed CSS file; yields a function that GETs through nginx."""
    if throwaway.nginx_binary() is None:
        pytest.skip("nginx is not installed (apt-get install nginx-light); make bench installs it")
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    # Not pytest's tmp_path: as root nginx's workers run as nobody, who cannot enter it.
    with tempfile.TemporaryDirectory() as folder:
        static = Path(folder) / "static"
        (static / "css").mkdir(parents=True)
        for name in (HASHED_CSS, "css/europa.css"):
            (static / name).write_text("body { color: black; }\n")
        try:
            with throwaway.nginx(f"http://127.0.0.1:{upstream.server_port}", static, folder) as base:
                host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port

                def get(path, **headers):
                    connection = http.client.HTTPConnection(host, port, timeout=5)
                    connection.request("GET", path, headers=headers)
                    response = connection.getresponse()
                    body = response.read()
                    connection.close()
                    return response, body

                yield get
        finally:
            upstream.shutdown()


def reached(path):
    return sum(1 for asked, _ in StandIn.asked if asked == path)


def test_the_shipped_config_passes_nginx_t():
    """deploy/nginx.conf as written (its machine's values untouched), inside a main
    configuration as Debian's would include it."""
    binary = throwaway.nginx_binary()
    if binary is None:
        pytest.skip("nginx is not installed (apt-get install nginx-light); make bench installs it")
    with tempfile.TemporaryDirectory() as prefix:
        (Path(prefix) / "europa.conf").write_text(throwaway.NGINX_CONF.read_text())
        (Path(prefix) / "nginx.conf").write_text(throwaway.NGINX_MAIN.format(prefix=prefix))
        tested = subprocess.run(
            [binary, "-t", "-p", prefix, "-c", f"{prefix}/nginx.conf", "-e", f"{prefix}/error.log"],
            capture_output=True, text=True,
        )
    # The cache's folder (/var/cache/nginx/europa) may not be creatable here: that is the only
    # complaint allowed.
    assert tested.returncode == 0 or "/var/cache/nginx/europa" in tested.stderr, tested.stderr


@pytest.mark.parametrize("query", [f"cc={urllib.parse.quote(PUBLIC)}", f"cc={urllib.parse.quote('public, s-maxage=60')}"])
def test_a_public_answer_is_stored_for_its_s_maxage(front, query):
    path = f"/competitions/stored/?{query}"
    first, body = front(path)
    again, body_again = front(path)
    assert (first.getheader("X-Cache"), again.getheader("X-Cache")) == ("MISS", "HIT")
    assert body_again == body and reached(path) == 1


@pytest.mark.parametrize("query, why", [
    ("", "no Cache-Control: only the site says what a shared cache may keep"),
    (f"cc={urllib.parse.quote('private, no-store')}", "private, no-store (the admin's)"),
    (f"cc={urllib.parse.quote(PUBLIC)}&cookie=1", "it sets a cookie"),
    (f"cc={urllib.parse.quote('public, max-age=60, s-maxage=0')}", "s-maxage=0 wins over max-age"),
    (f"cc={urllib.parse.quote(PUBLIC)}&vary=Cookie", "Vary: Cookie (the key does not hold the cookie)"),
])
def test_what_is_never_stored(front, query, why):
    path = f"/competitions/not-stored/?{query}"
    front(path, Cookie="sessionid=a")
    front(path, Cookie="sessionid=b")
    assert reached(path) == 2, why


def test_the_admin_is_never_stored_even_if_marked_public(front):
    path = f"/admin/europa/tie/?cc={urllib.parse.quote(PUBLIC)}"
    front(path)
    response, _ = front(path)
    assert reached(path) == 2 and response.getheader("X-Cache") is None


def test_a_poll_and_the_page_are_stored_apart(front):
    path = f"/competitions/apart/?cc={urllib.parse.quote(PUBLIC)}"
    _, page = front(path)
    _, fragment = front(path, **{"HX-Request": "true"})
    _, page_again = front(path)
    _, fragment_again = front(path, **{"HX-Request": "true"})
    assert b"hx=None" in page and b"hx=true" in fragment
    assert (page_again, fragment_again) == (page, fragment) and reached(path) == 2


def test_a_page_in_the_readers_language_is_stored_per_accept_language(front):
    """An address without a language prefix speaks the reader's Accept-Language (Vary says
    so): a French reader never gets what nginx stored for an Italian one."""
    vary = urllib.parse.quote("HX-Request, Accept-Encoding, Accept-Language")
    path = f"/competitions/spoken/?cc={urllib.parse.quote(PUBLIC)}&vary={vary}"
    _, italian = front(path, **{"Accept-Language": "it"})
    _, french = front(path, **{"Accept-Language": "fr"})
    _, italian_again = front(path, **{"Accept-Language": "it"})
    assert italian != french and italian_again == italian and reached(path) == 2


def test_accept_encodings_are_reduced_to_what_the_body_will_be(front):
    """Browsers word Accept-Encoding in many ways; the site is asked with br, gzip or
    nothing, and browsers that get the same body share one stored answer."""
    path = f"/competitions/encodings/?cc={urllib.parse.quote(PUBLIC)}"
    for accepted in ("gzip, deflate, br, zstd", "br;q=1.0, gzip;q=0.8", "gzip, deflate", "deflate, gzip", "br",
                     "", "identity", "brotli-ish"):
        front(path, **({"Accept-Encoding": accepted} if accepted else {}))
    sent = [headers.get("Accept-Encoding") for asked, headers in StandIn.asked if asked == path]
    assert sent == ["gzip, br", "gzip", "br", None]


def test_a_browser_holding_the_page_gets_304_from_nginx(front):
    path = f"/competitions/tagged/?cc={urllib.parse.quote(PUBLIC)}&etag=17-abc"
    front(path)
    response, body = front(path, **{"If-None-Match": '"17-abc"'})
    assert (response.status, body, response.getheader("X-Cache")) == (304, b"", "HIT")
    assert reached(path) == 1


def test_static_files_come_from_static_root_hashed_names_for_ever(front):
    hashed, body = front(f"/static/{HASHED_CSS}")
    plain, _ = front("/static/css/europa.css")
    assert hashed.status == 200 and body == b"body { color: black; }\n"
    assert hashed.getheader("Cache-Control") == "max-age=315360000"
    assert plain.getheader("Cache-Control") == "max-age=3600"
    assert not any(asked.startswith("/static/") for asked, _ in StandIn.asked)


def test_the_site_is_told_the_client_and_the_scheme(front):
    path = "/competitions/forwarded/"
    front(path, **{"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"})
    headers = next(headers for asked, headers in StandIn.asked if asked == path)
    # The scheme nginx was reached by, not the client's word; the client's address last.
    assert headers["X-Forwarded-Proto"] == "http"
    assert headers["X-Forwarded-For"] == "203.0.113.9, 127.0.0.1"
    assert headers["Host"].startswith("127.0.0.1:")
