"""Data safety: SQLite waits its turn in WAL mode, the migrations go back and forth with
results stored, and nothing is deleted from the admin without a page that asks first."""
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from europa.models import Competition, Leg, Round, Tie
from tests.conftest import DRAW

ROOT = Path(__file__).resolve().parent.parent


def manage(database, *command):
    """Run manage.py as a deployment would, on the SQLite file `database`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env.update(DJANGO_SECRET_KEY="x" * 50, DJANGO_HTTPS="0", DATABASE_URL=f"sqlite:///{database}")
    result = subprocess.run(
        [sys.executable, "manage.py", *command], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


# --- SQLite: fans read while an editor writes, and two writers queue ------------------------

def test_sqlite_is_in_wal_mode_and_waits_for_a_lock(tmp_path):
    # On the site's own settings, whichever database this suite runs on.
    answer = manage(tmp_path / "site.sqlite3", "shell", "--verbosity", "0", "-c", (
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    for pragma in ('journal_mode', 'busy_timeout'):\n"
        "        print(cursor.execute(f'PRAGMA {pragma}').fetchone()[0])\n"
    ))
    journal_mode, busy_timeout = answer.split()
    assert journal_mode == "wal"
    # A writer waits its turn behind another's lock (in milliseconds), not "database is locked".
    assert int(busy_timeout) >= 5000


# --- Migrations: back and forth, results kept --------------------------------------------

# The whole schema as (kind, table, definition) rows: tables with their columns,
# constraints and indexes, and the leg triggers with the function behind them. Columns by
# name, not position: PostgreSQL keeps a dropped column's place.
SCHEMA = {
    "sqlite": "SELECT type, tbl_name, name || ' ' || coalesce(sql, '') FROM sqlite_master",
    "postgresql": """
        SELECT 'column', table_name, concat_ws(' ', column_name, data_type, is_nullable, column_default)
        FROM information_schema.columns WHERE table_schema = current_schema()
        UNION ALL SELECT 'constraint', conrelid::regclass::text, conname || ' ' || pg_get_constraintdef(oid)
        FROM pg_constraint WHERE connamespace = current_schema()::regnamespace
        UNION ALL SELECT 'index', tablename, indexdef FROM pg_indexes WHERE schemaname = current_schema()
        UNION ALL SELECT 'trigger', tgrelid::regclass::text, pg_get_triggerdef(oid)
        FROM pg_trigger WHERE NOT tgisinternal
        UNION ALL SELECT 'function', proname, prosrc
        FROM pg_proc WHERE pronamespace = current_schema()::regnamespace
    """,
}


def schema(cursor):
    cursor.execute(SCHEMA["sqlite" if isinstance(cursor, sqlite3.Cursor) else connection.vendor])
    return sorted(cursor.fetchall())


def tables(rows):
    return {table for kind, table, _ in rows if kind in ("table", "column")}


def triggers(rows):
    return [row for row in rows if row[0] == "trigger"]


def stored():
    """The schema, and every leg's score as stored."""
    with connection.cursor() as cursor:
        rows = schema(cursor)
        if "europa_leg" not in tables(rows):
            return rows, None
        cursor.execute("SELECT id, status, home_goals, away_goals FROM europa_leg ORDER BY id")
        return rows, cursor.fetchall()


def migrate(europa_to="latest"):
    """`manage.py migrate europa <europa_to>` (None: zero), or with "latest" plain
    `manage.py migrate`; without post_migrate, which only adds content types and permissions."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes() if europa_to == "latest" else [("europa", europa_to)])


@pytest.mark.django_db(transaction=True)
def test_migrations_go_back_and_forth_with_results_stored(play):
    play("QF1", 1, 2, 1)
    play("QF1", 2, 1, 1)
    migrated, legs = stored()
    # What is compared is there: the history tables, the leg triggers, the scores.
    assert "europa_historicalleg" in tables(migrated) and triggers(migrated)
    assert ("finished", 1, 1) in [leg[1:] for leg in legs]
    try:
        # Back to the first migration and forward again, as an upgrade runs, on stored results.
        migrate("0001_initial")
        first, legs_at_first = stored()
        assert "europa_historicalleg" not in tables(first)
        assert not triggers(first)
        assert legs_at_first == legs
        migrate()
        assert stored() == (migrated, legs)

        # All the way back, and forward again.
        migrate(None)
        zero, _ = stored()
        assert not [table for table in tables(zero) if table.startswith("europa_")]
        assert not triggers(zero)
        migrate()
        assert stored() == (migrated, [])
        assert Group.objects.filter(name="Editors").exists()
    finally:
        # The tests that follow need every migration, whatever happened here.
        migrate()


def test_manage_py_migrates_a_copy_back_to_zero_and_forward_leaving_the_original_alone(tmp_path):
    original, copy = tmp_path / "site.sqlite3", tmp_path / "copy.sqlite3"
    # The commands as an administrator types them, each pair in one process to save a start.
    manage(original, "shell", "--verbosity", "0", "-c", (
        "from django.core.management import call_command\n"
        f"call_command('migrate', verbosity=0); call_command('load_competition', {str(DRAW)!r})\n"
    ))
    # The copy is taken as README's Backups says, with SQLite's online backup: safe while the
    # site runs, its latest writes still in the WAL file.
    with closing(sqlite3.connect(original)) as site, closing(sqlite3.connect(copy)) as backup:
        site.backup(backup)
        before = list(site.iterdump())
    assert "Bayer Leverkusen" in str(before)

    output = manage(copy, "shell", "--verbosity", "0", "-c", (
        "from django.core.management import call_command\n"
        "call_command('migrate', 'europa', 'zero'); call_command('migrate')\n"
    ))
    assert "Unapplying europa.0001_initial... OK" in output
    assert "Applying europa.0005_editors_group... OK" in output

    with closing(sqlite3.connect(original)) as site, closing(sqlite3.connect(copy)) as database:
        assert list(site.iterdump()) == before
        assert schema(database.cursor()) == schema(site.cursor())


# --- The admin: deleting asks first --------------------------------------------------------

def counts():
    return {model.__name__: model.objects.count() for model in apps.get_app_config("europa").get_models()}


# The match-night list shows tonight's legs unless asked for every day.
EVERY_ROW = {Leg: "?day=all"}


def test_no_list_action_deletes_without_a_page_that_asks_first(admin_client, play):
    play("QF1", 1, 2, 1)
    before = counts()
    asked = set()
    for model in [model for model in admin.site._registry if model._meta.app_label == "europa"]:
        address = reverse(f"admin:europa_{model._meta.model_name}_changelist") + EVERY_ROW.get(model, "")
        choices = admin_client.get(address).context["action_form"].fields["action"].choices
        offered = [name for name, _ in choices if name]
        every_row = [str(pk) for pk in model.objects.values_list("pk", flat=True)]
        # Every action the list offers, and Django's delete_selected even where it is not offered.
        for action in sorted({*offered, "delete_selected"}):
            selected = {"action": action, "index": "0", "_selected_action": every_row}
            response = admin_client.post(address, selected)
            assert counts() == before, f"{action} on the {model.__name__} list deleted without asking"
            if action == "delete_selected" and action in offered:
                # "Are you sure?", or "Cannot delete" where protected rows would go too.
                assert "admin/delete_selected_confirmation.html" in [t.name for t in response.templates]
                asked.add(model.__name__)
    # Match night offers no deleting at all.
    assert asked == {"Team", "Competition", "Tie"}


def competition_form(competition, delete=()):
    """The POST of a competition's change page, with the rounds named in `delete` ticked."""
    rounds = list(competition.rounds.order_by("order"))
    data = {
        "name": competition.name, "season": competition.season, "slug": competition.slug,
        "time_zone": competition.time_zone,
        "rounds-TOTAL_FORMS": len(rounds), "rounds-INITIAL_FORMS": len(rounds),
        "rounds-MIN_NUM_FORMS": 0, "rounds-MAX_NUM_FORMS": 1000,
    }
    for index, round in enumerate(rounds):
        fields = {
            "id": round.pk, "competition": competition.pk, "order": round.order, "code": round.code,
            "name": round.name, "legs": round.legs,
            "first_leg_date": round.first_leg_date or "", "second_leg_date": round.second_leg_date or "",
        }
        if round.code in delete:
            fields["DELETE"] = "on"
        data.update({f"rounds-{index}-{key}": value for key, value in fields.items()})
    return data


def test_a_round_with_ties_is_not_deleted_by_saving_its_competition(admin_client, draw):
    """A round's Delete box is saved with its competition and asks nothing first, so it
    takes only a round without ties (and so without results)."""
    competition = Competition.objects.get()
    Round.objects.create(competition=competition, name="Play-off", code="PO", order=9, legs=2)
    before = counts()
    address = reverse("admin:europa_competition_change", args=[competition.pk])

    response = admin_client.post(address, competition_form(competition, delete=["F"]))
    assert response.status_code == 200
    assert "Final still has ties: delete them first from the ties list" in response.content.decode()
    assert counts() == before and Tie.objects.filter(code="F").exists()

    # An empty round, entered by mistake, still goes.
    response = admin_client.post(address, competition_form(competition, delete=["PO"]))
    assert response.status_code == 302
    assert not Round.objects.filter(code="PO").exists()
