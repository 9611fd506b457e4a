"""What a fan's open bracket costs the server, against a static file: `make bench`.

It builds a throw-away production-like site (debug off, collectstatic, gunicorn with one
worker per core, Redis when it answers on 127.0.0.1:6379 or REDIS_URL, else the local-memory
cache), then runs wrk on loopback for a few seconds against each address and prints
requests per second and the ratio to the static CSS file served by the same server.
Figures depend on the machine; the ratios are what to compare between changes.
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRAW = ROOT / "europa/competitions/europa-league-2023-24.toml"
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
BRACKET = "/competitions/europa-league-2023-24/"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_url():
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        import redis
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        return url
    except Exception:
        return None


def wrk(url, headers=()):
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p99 = re.search(r"99%\s+(\S+)", output).group(1)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rate, p99, int(non_2xx.group(1)) if non_2xx else 0


def main():
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "DJANGO_DEBUG": "false",
            "DJANGO_HTTPS": "false",  # plain HTTP on loopback
            "DJANGO_SECRET_KEY": "bench-only-" + "x" * 40,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_STATIC_ROOT": f"{folder}/static",
            "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
        }
        cache = redis_url()
        if cache:
            env["REDIS_URL"] = cache
        else:
            env.pop("REDIS_URL", None)
        for args in (["migrate"], ["load_competition", str(DRAW)], ["collectstatic", "--noinput"]):
            subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                           stdout=subprocess.DEVNULL)
        manifest = json.loads(Path(f"{folder}/static/staticfiles.json").read_text())
        css = "/static/" + manifest["paths"]["css/europa.css"]
        port = free_port()
        workers = os.cpu_count() or 2
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "europa.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}",
             "--log-level", "warning"],
            cwd=ROOT, env=env,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    page = urllib.request.urlopen(base + BRACKET, timeout=1).read().decode()
                    break
                except OSError:
                    time.sleep(0.1)
            version = re.search(r"\?v=(\d+)", page).group(1)
            cases = [
                ("static CSS file", css, ()),
                ("unchanged poll (204)", f"{BRACKET}?v={version}", ("HX-Request: true",)),
                ("changed poll (fragment)", f"{BRACKET}?v=0", ("HX-Request: true",)),
                ("bracket page", BRACKET, ()),
                ("bracket.json", BRACKET + "bracket.json", ()),
            ]
            print(f"gunicorn -w {workers}, cache: {'Redis' if cache else 'local memory'}, "
                  f"wrk -t2 -c{CONNECTIONS} -d{SECONDS}s on loopback")
            print(f"{'address':26} {'req/s':>9} {'p99':>9} {'vs static':>10}")
            static_rate = None
            for name, path, headers in cases:
                rate, p99, errors = wrk(base + path, headers)
                static_rate = static_rate or rate
                flag = f"  ({errors} non-2xx)" if errors else ""
                print(f"{name:26} {rate:9.0f} {p99:>9} {rate / static_rate:9.2f}x{flag}")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
