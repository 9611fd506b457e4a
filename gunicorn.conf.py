"""gunicorn's settings for the site. gunicorn reads this file by itself when started from the
repository's top (`gunicorn europa.wsgi --bind 127.0.0.1:8000`); options on the command
line win over it. WEB_CONCURRENCY sets the number of worker processes."""
import os

# Renders are CPU work under the GIL, so processes give the throughput and threads the
# concurrency: fans keep their connections open between polls, and a request stuck on a hung
# database holds one thread, not a whole worker. Two processes a core, not the one a core
# that would keep every core busy on paper: a worker can spend its time slice waiting on
# Redis or the database while another renders, and the kept-alive fans a worker holds stay
# with it, so more workers share them out more evenly. Not sync's rule of 2 × cores + 1:
# with threads the waiting is already overlapped inside each worker. On a 2-core machine
# this is the README's `--workers 4 --threads 8`.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1))
worker_class = "gthread"
threads = 8

# A worker silent for this long is killed and replaced. Requests are bounded well below it:
# the database and the cache give up within seconds (EUROPA_DB_TIMEOUT_SECONDS).
timeout = 30
# On SIGTERM (a deploy, a restart) requests in flight get this long to finish.
graceful_timeout = 10
# Longer than a live page's 5 s between polls, so a fan talking to gunicorn directly keeps
# one connection; and longer than deploy/nginx.conf keeps its idle connections to us (4 s),
# so that nginx, not gunicorn, closes an idle one and never sends on a connection being
# closed under it.
keepalive = 10

# One line a request on stdout, with the time it took (%(M)s, in milliseconds); problems on
# stderr. Behind nginx the client is the last X-Forwarded-For entry.
accesslog = "-"
access_log_format = '%(h)s "%({x-forwarded-for}i)s" %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
errorlog = "-"

# gunicorn 25.1+ otherwise opens a control socket for gunicornc in $XDG_RUNTIME_DIR or
# ~/.gunicorn/: a file in a home directory that a read-only container refuses, that two
# sites under one user fight over, and a way in nobody asked for.
control_socket_disable = True
