"""Settings for Europa, all in this one module, read from the environment.

DJANGO_SECRET_KEY, DJANGO_DEBUG, DJANGO_ALLOWED_HOSTS, DATABASE_URL, REDIS_URL,
DJANGO_STATIC_ROOT, DJANGO_ADMIN_PATH, DJANGO_TRUSTED_PROXIES and the EUROPA_ ones (EUROPA_LOG_LEVEL…);
README.md says what each does.
"""
import ipaddress
import os
import re
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value, "
            "or set DJANGO_DEBUG=true for local development."
        )
    # Only ever used with debug on, on a developer's machine.
    SECRET_KEY = "insecure-local-development-key-not-for-production"

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",")
    if host.strip()
]
if DEBUG and not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles, so that runserver serves static files through whitenoise too.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "simple_history",
    "axes",
    "csp",
    "europa",
]

MIDDLEWARE = [
    # Compresses what is not compressed yet (kept renders are, and static files).
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # 304 for a request whose If-None-Match names what it would get.
    "django.middleware.http.ConditionalGetMiddleware",
    # The Content-Security-Policy (below), the Permissions-Policy and X-Frame-Options on every
    # response, those answered early included.
    "csp.middleware.CSPMiddleware",
    "europa.headers.permissions_policy",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The page's language (prefix, ?lang=, Accept-Language), chosen before a kept render is
    # looked up: europa/languages.py.
    "europa.languages.LanguageMiddleware",
    # Polls and kept renders of public pages, from the cache, before what they do not use.
    "europa.pages.KeptPagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records who made each change in the history (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A database outage answers 503 with Retry-After on any page, not a 500.
    "europa.pages.DatabaseOutageMiddleware",
    # Last, so that it turns the sign-in page of a locked-out client into the 429 page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: it refuses a locked-out sign-in before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "europa.urls"
WSGI_APPLICATION = "europa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "europa.languages.in_every_language",
            ],
        },
    },
]

# How long the site waits for its database or cache before it answers without them
# (europa/pages.py, europa/caching.py), in seconds.
DB_TIMEOUT = int(os.environ.get("EUROPA_DB_TIMEOUT_SECONDS", "3"))
CACHE_TIMEOUT = float(os.environ.get("EUROPA_CACHE_TIMEOUT_SECONDS", "0.5"))

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=0,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets fans read while an editor writes; IMMEDIATE takes the write lock at
        # the start of a transaction so two writers queue instead of failing mid-way, for
        # at most the busy timeout.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": max(DB_TIMEOUT, 5),
    }
    # Tests run on a file, as the site does, not on SQLite's shared in-memory database,
    # whose table locks fail at once where a real file waits its turn: two editors
    # saving at the same moment must queue in the tests as they do in production.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"europa-test-{os.getpid()}.sqlite3")
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        # A server that is down or hung is given up on within seconds, and so is a
        # statement stuck behind a lock; the page is then served from the cache.
        "connect_timeout": DB_TIMEOUT,
        "options": f"-c statement_timeout={DB_TIMEOUT * 1000} -c lock_timeout={DB_TIMEOUT * 1000}",
    })
    # A new connection per request (the default): a connection to a server that has
    # since hung would otherwise wait in a worker with no timeout, where connect_timeout
    # bounds a new one. Polls and pages answered from the cache open none, so on a big
    # night few requests pay for one. DJANGO_CONN_MAX_AGE (or a pooler such as PgBouncer)
    # trades that for speed; a kept connection is checked before each request reuses it.
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DJANGO_CONN_MAX_AGE", "0"))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's, with a client kept per server rather than made per call.
            "BACKEND": "europa.redis_cache.Cache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "europa",
            # A cache that is down or hung costs this long at most, and then is left
            # alone for a while (europa/caching.py).
            "OPTIONS": {"socket_connect_timeout": CACHE_TIMEOUT, "socket_timeout": CACHE_TIMEOUT},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The fans' own languages: the quarter-finalists come from Italy, England, Germany, Portugal
# and France. English is the fallback for any string a catalogue (locale/) lacks. The
# names are lazy: they are read in the active language, as a switcher lists them.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("it", _("Italian")),
    ("de", _("German")),
    ("fr", _("French")),
    ("pt", _("Portuguese")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["europa.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# HTTPS is the default whenever debug is off: secure cookies, HSTS and a redirect from plain
# HTTP. DJANGO_HTTPS=0 turns all of it off for plain-HTTP runs on loopback (the tests, the
# bench); DJANGO_SECURE_COOKIES is its older name and still read.
HTTPS = not DEBUG and env_flag("DJANGO_HTTPS", env_flag("DJANGO_SECURE_COOKIES", True))
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_flag("DJANGO_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # Asking browsers to preload the domain is a commitment only its owner can make
    # (DJANGO_HSTS_PRELOAD=true); check --deploy would otherwise warn on every site.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
# The proxy in front (nginx…) ends TLS and says so in X-Forwarded-Proto; it must set that
# header itself, overwriting any a client sent.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# What a page may load and run (django-csp): our own files only. No inline script or style
# and no eval anywhere, the admin included; nothing may frame the site but the embed pages
# (below). The favicon is a data: URL.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Which sites may show the embed pages (/competitions/<slug>/embed/) in a frame: "*", any
# site (the default), or origins separated by commas or spaces, such as
# "https://news.example https://*.club.example". This site itself always may.
EUROPA_EMBED_ORIGINS = os.environ.get("EUROPA_EMBED_ORIGINS", "*").lower().replace(",", " ").split()
for origin in EUROPA_EMBED_ORIGINS:
    if origin != "*" and not re.fullmatch(r"https?://(\*\.)?[a-z0-9.-]+(:[0-9]{1,5})?", origin):
        raise ImproperlyConfigured(
            f"EUROPA_EMBED_ORIGINS: {origin!r} is not an origin. Write each as scheme and host, "
            "such as https://news.example or https://*.news.example, or * for any site."
        )
# The embed pages' frame-ancestors directive.
EMBED_FRAME_ANCESTORS = ["*"] if "*" in EUROPA_EMBED_ORIGINS else [SELF, *EUROPA_EMBED_ORIGINS]

# Written out, though mostly Django's defaults, because they are part of the site's
# promise. Other sites that fans follow a link to learn only our origin.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no page of ours uses, switched off for any script that might get in.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The admin's address: somewhere other than /admin/ keeps it out of most scanners' lists.
ADMIN_PATH = os.environ.get("DJANGO_ADMIN_PATH", "admin/").strip()
if not ADMIN_PATH.strip("/") or ADMIN_PATH.startswith("/") or "://" in ADMIN_PATH:
    raise ImproperlyConfigured(
        f"DJANGO_ADMIN_PATH={ADMIN_PATH!r} is not a path under the site: give one such as "
        "'admin/' or 'editors/', not empty and not starting with '/'."
    )
ADMIN_PATH = ADMIN_PATH.rstrip("/") + "/"

# Sign-in protection (django-axes): after EUROPA_SIGNIN_FAILURES wrong passwords for one
# account from one address, that pair is refused for EUROPA_SIGNIN_LOCKOUT_MINUTES (counted
# from the last failure). By the pair, so that an editor mistyping in the newsroom does not
# lock out colleagues behind the same address, and nobody can lock an editor out from afar.
AXES_FAILURE_LIMIT = int(os.environ.get("EUROPA_SIGNIN_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("EUROPA_SIGNIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# In the database, not the cache: a per-process cache would give each worker its own count.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_CLIENT_IP_CALLABLE = "europa.signin.client_ip"
AXES_LOCKOUT_CALLABLE = "europa.signin.locked_out"
# Proxies whose X-Forwarded-For is believed; anyone else could write any address there.
TRUSTED_PROXIES = frozenset(
    proxy.strip() for proxy in os.environ.get("DJANGO_TRUSTED_PROXIES", "").split(",") if proxy.strip()
)
for proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_address(proxy)
    except ValueError:
        # A range or a name would never match REMOTE_ADDR, and the header would be ignored unnoticed.
        raise ImproperlyConfigured(f"DJANGO_TRUSTED_PROXIES: {proxy!r} is not an IP address.") from None

# How often an open bracket asks for news, in seconds.
EUROPA_POLL_SECONDS = int(os.environ.get("EUROPA_POLL_SECONDS", "60"))
EUROPA_LIVE_POLL_SECONDS = int(os.environ.get("EUROPA_LIVE_POLL_SECONDS", "5"))

# How long a shared cache in front (nginx, a CDN) may answer for the site without asking,
# in seconds, and how much longer it may while it asks again: a fan can be shown a poll's
# "nothing new" that old.
EUROPA_SHARED_CACHE_SECONDS = int(os.environ.get("EUROPA_SHARED_CACHE_SECONDS", "1"))
EUROPA_SHARED_STALE_SECONDS = int(os.environ.get("EUROPA_SHARED_STALE_SECONDS", "10"))

# How long each process answers polls from the version it last read from a shared cache,
# in seconds: a save made through another process reaches fans that much later.
EUROPA_VERSION_MEMO_SECONDS = float(os.environ.get("EUROPA_VERSION_MEMO_SECONDS", "0.25"))

# After the cache fails, how long each process goes on without it before trying again.
EUROPA_CACHE_RETRY_SECONDS = float(os.environ.get("EUROPA_CACHE_RETRY_SECONDS", "5"))
# After the database fails, how long each process serves fans from the cache before asking
# the database again.
EUROPA_DB_RETRY_SECONDS = float(os.environ.get("EUROPA_DB_RETRY_SECONDS", "5"))
# What a 503 tells clients to wait, in seconds, while the database cannot be reached.
EUROPA_RETRY_AFTER_SECONDS = int(os.environ.get("EUROPA_RETRY_AFTER_SECONDS", "30"))

# The competition the home page shows (a slug); empty: the one with the latest leg date.
EUROPA_CURRENT_COMPETITION = os.environ.get("EUROPA_CURRENT_COMPETITION", "").strip()

# Logs go to stderr, one record per line in gunicorn's own layout so that its output and
# ours read as one; a record with an exception carries its traceback on the lines after.
# Every 5xx and unhandled exception is logged by django.request at ERROR.
LOG_LEVEL = os.environ.get("EUROPA_LOG_LEVEL", "INFO").strip().upper() or "INFO"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {
            "format": "[{asctime}] [{process}] [{levelname}] {name}: {message}",
            "datefmt": "%Y-%m-%d %H:%M:%S %z",
            "style": "{",
        },
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "line"},
        "null": {"class": "logging.NullHandler"},
    },
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own default sends request errors to ADMINS by mail and to the console
        # only with debug on: here they always reach stderr.
        "django": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        # django-axes says hello at INFO on every start, management commands included.
        "axes": {"level": "WARNING"},
        # A request for another host name (scanners do it all day) is answered 400; Django
        # would log each at ERROR with a traceback, which should page nobody.
        "django.security.DisallowedHost": {"handlers": ["null"], "propagate": False},
    },
}
