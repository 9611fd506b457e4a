"""Settings from the environment, and the local editor account of `make run`."""
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


def run_check(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env={**clean, **env},
        capture_output=True, text=True,
    )


def test_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run_check(DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_starts_with_a_secret_key_or_in_debug():
    assert run_check(DJANGO_SECRET_KEY="x" * 50).returncode == 0
    assert run_check(DJANGO_DEBUG="true").returncode == 0


def test_local_editor_gets_a_random_password_printed_once(db, settings, capsys, monkeypatch):
    settings.DEBUG = True
    # The account is for the embedded default database; the suite also runs on PostgreSQL.
    monkeypatch.setattr("europa.management.commands.create_local_editor.connection.vendor", "sqlite")
    call_command("create_local_editor")
    first = capsys.readouterr().out
    user = get_user_model().objects.get(username="editor")
    password = first.split("password: ")[1].split()[0]
    assert user.check_password(password) and len(password) >= 16
    # What a local editor uses is an editor's account: superusers are for administrators.
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Editors"]
    call_command("create_local_editor")
    again = capsys.readouterr().out
    assert password not in again and "changepassword editor" in again


def test_no_local_editor_on_a_real_deployment(db, settings, capsys):
    settings.DEBUG = False
    call_command("create_local_editor")
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_database_and_cache_come_from_the_environment(settings):
    if os.environ.get("REDIS_URL"):
        assert settings.CACHES["default"]["BACKEND"] == "europa.redis_cache.Cache"
    else:
        assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    vendor = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    from django.db import connection
    assert connection.vendor == vendor


def test_a_forced_error_is_logged_with_its_traceback_to_stderr(tmp_path):
    """As deployed (debug off), a 500 leaves its traceback on stderr, in gunicorn's layout."""
    script = (
        "from unittest import mock\n"
        "from django.test import Client\n"
        "with mock.patch('europa.views.Competition.objects.current', side_effect=RuntimeError('forced for the test')):\n"
        "    print(Client(raise_request_exception=False).get('/').status_code)\n"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, capture_output=True, text=True,
        env={**clean, "DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "testserver",
             "DATABASE_URL": f"sqlite:///{tmp_path}/log.sqlite3", "EUROPA_LOG_LEVEL": "warning",
             "DJANGO_HTTPS": "false"},
    )
    assert result.stdout.split()[-1] == "500"
    error = next(line for line in result.stderr.splitlines() if "[ERROR] django.request:" in line)
    assert error.startswith("[") and "Internal Server Error: /" in error
    assert "Traceback (most recent call last):" in result.stderr
    assert "RuntimeError: forced for the test" in result.stderr



def test_with_debug_off_https_is_the_default_and_check_deploy_has_no_warning():
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env = {**clean, "DJANGO_SECRET_KEY": secrets.token_urlsafe(64), "DJANGO_ALLOWED_HOSTS": "example.org"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    plain = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env={**env, "DJANGO_HTTPS": "0"}, capture_output=True, text=True,
    )
    assert plain.returncode != 0 and "security.W004" in plain.stderr and "security.W008" in plain.stderr


def test_https_redirects_plain_http_and_sends_hsts_behind_the_proxy(client, draw, settings):
    settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS = True, 31536000
    response = client.get("/competitions/")
    assert response.status_code == 301 and response["Location"] == "https://testserver/competitions/"
    response = client.get("/competitions/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")


def test_a_request_for_another_host_is_400_and_pages_nobody(tmp_path):
    """Scanners ask for other host names all day: a 400, and nothing at ERROR on stderr."""
    script = "from django.test import Client\nprint(Client().get('/', headers={'host': 'evil.example'}).status_code)\n"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, capture_output=True, text=True,
        env={**clean, "DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "testserver",
             "DATABASE_URL": f"sqlite:///{tmp_path}/host.sqlite3", "DJANGO_HTTPS": "false"},
    )
    assert result.stdout.split()[-1] == "400"
    assert "[ERROR]" not in result.stderr and "evil.example" not in result.stderr
