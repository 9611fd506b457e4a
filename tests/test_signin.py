"""Sign-in protection: wrong passwords at the admin's sign-in lock that account out from that
address for a while, X-Forwarded-For is believed only from our proxies, and the admin's
address is a setting."""
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.db.models import F

from europa.signin import forwarded_client

ROOT = Path(__file__).resolve().parent.parent
PROXY = "10.0.0.1"


@pytest.mark.parametrize("remote_addr, forwarded_for, trusted, client", [
    # No proxy configured: the header is whatever the client wrote.
    ("203.0.113.7", "198.51.100.9", set(), "203.0.113.7"),
    ("203.0.113.7", "", set(), "203.0.113.7"),
    # A proxy is configured, but this request did not come through it.
    ("203.0.113.7", "198.51.100.9", {PROXY}, "203.0.113.7"),
    # Through our proxy: the address it appended.
    (PROXY, "198.51.100.9", {PROXY}, "198.51.100.9"),
    # The client wrote an address of its own first: still the one our proxy appended.
    (PROXY, "1.2.3.4, 198.51.100.9", {PROXY}, "198.51.100.9"),
    # Through two of our proxies: the right-most address that is not ours.
    (PROXY, "1.2.3.4, 198.51.100.9, 10.0.0.2", {PROXY, "10.0.0.2"}, "198.51.100.9"),
    ("::1", "2001:db8::5", {"::1"}, "2001:db8::5"),
    # Through our proxy but with no usable header: the proxy is all we know.
    (PROXY, "", {PROXY}, PROXY),
    (PROXY, "10.0.0.2", {PROXY, "10.0.0.2"}, PROXY),
    (PROXY, "1.2.3.4, not-an-address", {PROXY}, PROXY),
])
def test_client_address(remote_addr, forwarded_for, trusted, client):
    assert forwarded_client(remote_addr, forwarded_for, trusted) == client


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    # Every sign-in checks a password; the real hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user("sam", password="right-password", is_staff=True)


def sign_in(client, password, username="sam", **headers):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password}, **headers)


def fail_until_locked_out(client, settings, **headers):
    for attempt in range(1, settings.AXES_FAILURE_LIMIT + 1):
        response = sign_in(client, "wrong", **headers)
        if attempt < settings.AXES_FAILURE_LIMIT:
            assert response.status_code == 200, attempt  # the form again, with its error
    assert response.status_code == 429
    return response


def signed_in(client):
    return "_auth_user_id" in client.session


def test_wrong_passwords_lock_out_even_the_right_one(client, settings, editor):
    fail_until_locked_out(client, settings)
    response = sign_in(client, "right-password")
    html = response.content.decode()
    assert response.status_code == 429 and not signed_in(client)
    assert f"the password was wrong {settings.AXES_FAILURE_LIMIT} times in a row" in html
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"Try again in {minutes} minutes, after" in html
    assert response["Retry-After"] == str(minutes * 60)
    # A strict CSP holds on this page too.
    assert not re.search(r"<script(?![^>]*\bsrc=)|<style", html)
    assert client.get("/admin/").status_code == 302


def test_after_the_wait_the_right_password_works(client, settings, editor):
    fail_until_locked_out(client, settings)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
    response = sign_in(client, "right-password")
    assert response.status_code == 302 and response["Location"] == "/admin/" and signed_in(client)


def test_a_try_during_the_wait_starts_it_again(client, settings, editor):
    fail_until_locked_out(client, settings)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME + timedelta(minutes=1))
    assert sign_in(client, "right-password").status_code == 429
    # Counted from the last try, the wait is not over, though it is from the first lock-out.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=2))
    assert sign_in(client, "right-password").status_code == 429 and not signed_in(client)


def test_signing_in_wipes_the_slate(client, settings, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "wrong")
    assert sign_in(client, "right-password").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "wrong").status_code == 200
    assert sign_in(client, "right-password").status_code == 302


def test_lock_out_is_for_that_account_from_that_address(client, settings, editor):
    get_user_model().objects.create_user("alex", password="alex-password", is_staff=True)
    fail_until_locked_out(client, settings, REMOTE_ADDR="203.0.113.7")
    # The same editor at another address, and a colleague at the same one, still get in.
    assert sign_in(client, "right-password", REMOTE_ADDR="198.51.100.9").status_code == 302
    client.logout()
    assert sign_in(client, "alex-password", username="alex", REMOTE_ADDR="203.0.113.7").status_code == 302


def test_a_made_up_forwarded_for_does_not_dodge_the_lock_out(client, settings, editor):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}")
    response = sign_in(client, "right-password", HTTP_X_FORWARDED_FOR="198.51.100.200")
    assert response.status_code == 429 and not signed_in(client)


def test_behind_our_proxy_clients_are_told_apart(client, settings, editor):
    settings.TRUSTED_PROXIES = frozenset({PROXY})
    fail_until_locked_out(client, settings, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.9")
    # The locked-out client cannot write its way out...
    spoofed = sign_in(client, "right-password", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.9")
    assert spoofed.status_code == 429
    # ...and another client behind the same proxy is not locked out with it.
    other = sign_in(client, "right-password", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.10")
    assert other.status_code == 302 and signed_in(client)


def run_django(code, **env):
    """Run code in a fresh process with the settings that env gives."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EUROPA_", "DATABASE_URL", "REDIS_URL"))}
    env = {"DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "testserver", **env}
    script = "import django; django.setup()\n" + code
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
        env={**clean, "DJANGO_SETTINGS_MODULE": "europa.settings", **env},
    )


ADMIN_PAGES = """
from django.test import Client
client = Client()
for url in ("/editors/login/", "/admin/login/", "/admin/"):
    print(url, client.get(url).status_code)
"""


@pytest.mark.parametrize("admin_path", ["editors/", "editors", "editors//", " editors/ "])
def test_the_admin_answers_at_its_own_address(admin_path):
    # Debug on: pages' static files come from the source folders, with no collectstatic.
    result = run_django(ADMIN_PAGES, DJANGO_ADMIN_PATH=admin_path, DJANGO_DEBUG="true")
    assert result.stdout.split() == ["/editors/login/", "200", "/admin/login/", "404", "/admin/", "404"], result.stderr


@pytest.mark.parametrize("admin_path", ["", "/", "/admin/", "https://example.org/admin/"])
def test_an_admin_path_that_is_no_path_is_refused(admin_path):
    result = run_django("", DJANGO_ADMIN_PATH=admin_path)
    assert result.returncode != 0 and "DJANGO_ADMIN_PATH" in result.stderr


def test_limits_and_proxies_come_from_the_environment():
    result = run_django(
        "from django.conf import settings\n"
        "print(settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME, sorted(settings.TRUSTED_PROXIES))",
        EUROPA_SIGNIN_FAILURES="3", EUROPA_SIGNIN_LOCKOUT_MINUTES="60",
        DJANGO_TRUSTED_PROXIES="10.0.0.1, 10.0.0.2",
    )
    assert result.stdout.strip() == "3 1:00:00 ['10.0.0.1', '10.0.0.2']", result.stderr
    refused = run_django("", DJANGO_TRUSTED_PROXIES="10.0.0.0/8")
    assert refused.returncode != 0 and "'10.0.0.0/8' is not an IP address" in refused.stderr
