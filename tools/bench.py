"""What a fan's open bracket costs the server, against a static file: `make bench`.

It builds a throw-away production-like site (tools/throwaway.py: debug off, collectstatic,
gunicorn with one worker per core, Redis when it answers at REDIS_URL's host, default
127.0.0.1:6379, on its own database number 4, else the local-memory cache), then runs wrk on
loopback for a few seconds against each address and prints requests per second and the
ratio to the static CSS file served by the same server.
Figures depend on the machine; the ratios are what to compare between changes.
"""
import json
import os
import re
import shutil
import subprocess
import tempfile
import urllib.request
from pathlib import Path

from throwaway import BRACKET, forget_version, gunicorn, prepare, redis_url, site_env

SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
# Not database 0: another site or the tests sharing this Redis would write the version there.
REDIS_DB = 4


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
    cache = redis_url(REDIS_DB)
    try:
        if cache:
            forget_version(cache)
        with tempfile.TemporaryDirectory() as folder:
            env = site_env(folder, cache_url=cache, secret="bench")
            prepare(env)
            manifest = json.loads(Path(f"{folder}/static/staticfiles.json").read_text())
            css = "/static/" + manifest["paths"]["css/europa.css"]
            workers = os.cpu_count() or 2
            with gunicorn(env, "-w", str(workers), "--log-level", "warning") as base:
                page = urllib.request.urlopen(base + BRACKET, timeout=5).read().decode()
                version = re.search(r"\?v=(\d+)", page).group(1)
                cases = [
                    ("static CSS file", css, ()),
                    ("unchanged poll (204)", f"{BRACKET}?v={version}", ("HX-Request: true",)),
                    ("changed poll (fragment)", f"{BRACKET}?v=0", ("HX-Request: true",)),
                    ("bracket page", BRACKET, ()),
                    ("bracket.json", BRACKET + "bracket.json", ()),
                ]
                print(f"gunicorn -w {workers}, cache: {f'Redis {cache}' if cache else 'local memory'}, "
                      f"wrk -t2 -c{CONNECTIONS} -d{SECONDS}s on loopback")
                print(f"{'address':26} {'req/s':>9} {'p99':>9} {'vs static':>10}")
                static_rate = None
                for name, path, headers in cases:
                    rate, p99, errors = wrk(base + path, headers)
                    static_rate = static_rate or rate
                    flag = f"  ({errors} non-2xx)" if errors else ""
                    print(f"{name:26} {rate:9.0f} {p99:>9} {rate / static_rate:9.2f}x{flag}")
    finally:
        if cache:
            forget_version(cache)

if __name__ == "__main__":
    main()
