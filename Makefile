# Run the site locally and run its tests, each from a fresh clone.
#
#   make run                 compile the translations, migrate, load the 2023-24 draw, serve on 127.0.0.1:$(PORT)
#   make test                compile the translations, run the whole test suite (browser tests need /usr/bin/chromium)
#   make test PYTEST_ARGS="-k rules -x"
#   make screenshots         the bracket and a tie page at desktop, tablet and phone sizes
#   make bench               requests/s of the live poll and pages against a static file (wrk)
#   make soak                200 fans polling while an editor saves every second, 60 s (< 2 min)
#   make vendor              copy the pinned idiomorph from npm into static/vendor, rebuild the bundle
#   make clean               remove the virtualenv and caches (keeps db.sqlite3)

.PHONY: run test screenshots bench soak vendor clean

PORT ?= 8000
PYTEST_ARGS ?=

VENV := .venv
PYTHON := $(VENV)/bin/python
# The venv is made from python3.11 where it runs (a pyenv shim can exist and still fail).
BASE_PYTHON := $(shell python3.11 -c "" >/dev/null 2>&1 && echo python3.11 || echo python3)
PIP_INSTALL := $(PYTHON) -m pip install --disable-pip-version-check --quiet

# Stamps live inside the venv, so a deleted venv also forgets what was installed in it.
RUNTIME_STAMP := $(VENV)/.installed-requirements
DEV_STAMP := $(VENV)/.installed-requirements-dev

# A test-only key: the settings refuse to start without one when debug is off.
TEST_SECRET_KEY := test-only-secret-key-not-for-any-real-site

$(PYTHON):
	$(BASE_PYTHON) -m venv $(VENV)

$(RUNTIME_STAMP): requirements.txt | $(PYTHON)
	$(PIP_INSTALL) -r requirements.txt
	touch $@

# requirements-dev.txt includes requirements.txt, so a change to either reinstalls.
$(DEV_STAMP): requirements-dev.txt requirements.txt | $(PYTHON)
	$(PIP_INSTALL) -r requirements-dev.txt
	touch $@

# Front-end packages from npm (package-lock.json): axe-core for the accessibility checks
# in the browser tests, idiomorph as the source of static/vendor.
NODE_STAMP := node_modules/.installed

$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund && touch $@; \
	else echo "npm not found: the accessibility checks (axe-core) will be skipped"; fi

# Each language's catalogue compiled from its locale/<lang>/LC_MESSAGES/django.po when that
# changes; the .mo files are build output, not committed. msgfmt comes from gettext, installed
# from Debian's packages where it is missing.
COMPILED_CATALOGUES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | $(RUNTIME_STAMP)
	command -v msgfmt >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y gettext)
	DJANGO_DEBUG=true $(PYTHON) manage.py compilemessages --locale $* --ignore=.venv --ignore=node_modules

run: export DJANGO_DEBUG = true
run: $(RUNTIME_STAMP) $(COMPILED_CATALOGUES)
	$(PYTHON) manage.py migrate
	$(PYTHON) manage.py load_competition europa/competitions/europa-league-2023-24.toml
	$(PYTHON) manage.py create_local_editor
	$(PYTHON) manage.py runserver 127.0.0.1:$(PORT)

# The tests talk plain HTTP to the site (debug off, as deployed): DJANGO_HTTPS=0.
test: $(DEV_STAMP) $(NODE_STAMP) $(COMPILED_CATALOGUES)
	DJANGO_HTTPS=0 DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$(TEST_SECRET_KEY)}" $(PYTHON) -m pytest $(PYTEST_ARGS)

# PNGs go to $$EUROPA_SCREENSHOTS (default /tmp/europa-screenshots), never into the repo.
screenshots: $(DEV_STAMP)
	$(PYTHON) tools/screenshots.py

# wrk on loopback, a few seconds per address, against gunicorn alone and through nginx with
# deploy/nginx.conf (< 3 min); installs Debian's wrk and nginx when missing (nginx-light where
# the release has it; /usr/sbin may not be on a user's PATH).
bench: $(RUNTIME_STAMP)
	command -v wrk >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y wrk)
	command -v nginx >/dev/null || test -x /usr/sbin/nginx || (apt-get update && \
	    (DEBIAN_FRONTEND=noninteractive apt-get install -y nginx-light || DEBIAN_FRONTEND=noninteractive apt-get install -y nginx))
	$(PYTHON) tools/bench.py

# 200 fans polling and an editor saving through the admin for SOAK_SECONDS (60) against a
# production-like site; fails on any error, a save not made or a save a fan never got.
# DATABASE_URL, when set, must name a throw-away database with "soak" in its name: it is
# wiped first.
soak: $(RUNTIME_STAMP)
	$(PYTHON) tools/soak.py

# The bundle names the vendored file: tools/build_static.py (BUNDLED) and base.html.
vendor: $(NODE_STAMP) $(RUNTIME_STAMP)
	cp node_modules/idiomorph/dist/idiomorph-ext.min.js \
	   static/vendor/idiomorph-ext-$$(node -p "require('./node_modules/idiomorph/package.json').version").min.js
	$(PYTHON) tools/build_static.py

clean:
	rm -rf $(VENV) node_modules .pytest_cache staticfiles
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
