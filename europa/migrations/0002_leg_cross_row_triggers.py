"""Database triggers for the leg rules a CheckConstraint cannot express, because they read
the tie's round or the tie's other leg. The admin refuses these first, through
rules.problems(); the triggers are the backstop for every other writer (a shell, raw SQL, a
bug), so they refuse only what rules.py refuses too.

A trigger sees one row against the rows already stored, and the admin saves a tie's legs
one at a time, leg 1 first. So the aggregate is checked when the deciding leg is written,
not when leg 1 is corrected (which would refuse a correction of both legs half-way), and
the away goals rule is left to rules.py. Leg 1 cannot be reopened while leg 2 is live or
finished: clear leg 2 first.

Rebuilding a table on SQLite (Django does it for most changes to a model) fails while these
triggers name europa_tie and europa_round, and silently drops them with europa_leg. A later
migration that changes Leg, Tie or Round runs drop_triggers first and create_triggers last:
    triggers = importlib.import_module("europa.migrations.0002_leg_cross_row_triggers")
    RunPython(triggers.drop_triggers, triggers.create_triggers), …,
    RunPython(triggers.create_triggers, triggers.drop_triggers)
tests/test_constraints.py fails if the triggers are missing.
"""
from django.db import migrations

EXTRA_TIME_ONLY_IN_DECIDING_LEG = (
    "leg_extra_time_only_in_deciding_leg: extra time and penalties belong to the deciding leg"
)
PENALTIES_ONLY_WHEN_LEVEL = (
    "leg_penalties_only_when_level: penalties are taken only when the tie is level "
    "after extra time"
)
SECOND_LEG_AFTER_FIRST = (
    "leg_second_leg_after_first: the second leg cannot be live or finished "
    "before the first leg is finished"
)
FIRST_LEG_STAYS_FINISHED = (
    "leg_second_leg_after_first: the first leg cannot be reopened while the second leg "
    "is live or finished; clear the second leg first"
)

# --- SQLite: a trigger per event, one SELECT RAISE(ABORT) per rule --------------------------
# SQLite turns RAISE(ABORT) into SQLITE_CONSTRAINT, which Python's sqlite3 raises as
# IntegrityError. Trigger bodies cannot use WITH, so the round's legs are looked up each time.

SQLITE_LEGS_IN_TIE = """(
    SELECT round.legs FROM europa_tie AS tie
    JOIN europa_round AS round ON round.id = tie.round_id
    WHERE tie.id = NEW.tie_id
)"""

SQLITE_CHECKS = f"""
    SELECT RAISE(ABORT, '{EXTRA_TIME_ONLY_IN_DECIDING_LEG}')
    WHERE (NEW.extra_time OR NEW.home_penalties IS NOT NULL OR NEW.away_penalties IS NOT NULL)
      AND NEW.number <> {SQLITE_LEGS_IN_TIE};

    SELECT RAISE(ABORT, '{PENALTIES_ONLY_WHEN_LEVEL}')
    WHERE (NEW.home_penalties IS NOT NULL OR NEW.away_penalties IS NOT NULL)
      AND NEW.number = 1 AND {SQLITE_LEGS_IN_TIE} = 1
      AND NEW.home_goals <> NEW.away_goals;

    -- Leg 2's home side is the tie's second-named team: leg 1 home + leg 2 away goals
    -- are the first-named team's aggregate.
    SELECT RAISE(ABORT, '{PENALTIES_ONLY_WHEN_LEVEL}')
    WHERE (NEW.home_penalties IS NOT NULL OR NEW.away_penalties IS NOT NULL)
      AND NEW.number = 2 AND {SQLITE_LEGS_IN_TIE} = 2
      AND EXISTS (
        SELECT 1 FROM europa_leg AS first_leg
        WHERE first_leg.tie_id = NEW.tie_id AND first_leg.number = 1
          AND first_leg.id IS NOT NEW.id
          AND first_leg.home_goals + NEW.away_goals <> first_leg.away_goals + NEW.home_goals
      );

    SELECT RAISE(ABORT, '{SECOND_LEG_AFTER_FIRST}')
    WHERE NEW.number = 2 AND NEW.status IN ('live', 'finished')
      AND {SQLITE_LEGS_IN_TIE} = 2
      AND NOT EXISTS (
        SELECT 1 FROM europa_leg AS first_leg
        WHERE first_leg.tie_id = NEW.tie_id AND first_leg.number = 1
          AND first_leg.id IS NOT NEW.id
          AND first_leg.status = 'finished'
      );

    SELECT RAISE(ABORT, '{FIRST_LEG_STAYS_FINISHED}')
    WHERE NEW.number = 1 AND NEW.status <> 'finished'
      AND {SQLITE_LEGS_IN_TIE} = 2
      AND EXISTS (
        SELECT 1 FROM europa_leg AS second_leg
        WHERE second_leg.tie_id = NEW.tie_id AND second_leg.number = 2
          AND second_leg.id IS NOT NEW.id
          AND second_leg.status IN ('live', 'finished')
      );
"""

SQLITE_CREATE = [
    f"CREATE TRIGGER europa_leg_tie_rules_{event.lower()} BEFORE {event} ON europa_leg "
    f"FOR EACH ROW BEGIN {SQLITE_CHECKS} END"
    for event in ("INSERT", "UPDATE")
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS europa_leg_tie_rules_insert",
    "DROP TRIGGER IF EXISTS europa_leg_tie_rules_update",
]

# --- PostgreSQL: one plpgsql function, one trigger -------------------------------------------
# check_violation is SQLSTATE 23514, in class 23, which Django raises as IntegrityError.
# The tie's row is locked first so that two sessions writing the two legs of one tie take
# turns: each then reads the other leg as committed, and neither can slip past the other.

POSTGRESQL_CREATE = [
    f"""
CREATE FUNCTION europa_leg_tie_rules() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    legs_in_tie smallint;
    first_leg europa_leg%ROWTYPE;
BEGIN
    SELECT round.legs INTO legs_in_tie
    FROM europa_tie AS tie JOIN europa_round AS round ON round.id = tie.round_id
    WHERE tie.id = NEW.tie_id
    FOR NO KEY UPDATE OF tie;

    IF (NEW.extra_time OR NEW.home_penalties IS NOT NULL OR NEW.away_penalties IS NOT NULL)
       AND NEW.number <> legs_in_tie THEN
        RAISE EXCEPTION '{EXTRA_TIME_ONLY_IN_DECIDING_LEG}'
            USING ERRCODE = 'check_violation', TABLE = 'europa_leg',
                  CONSTRAINT = 'leg_extra_time_only_in_deciding_leg';
    END IF;

    SELECT * INTO first_leg FROM europa_leg AS leg
    WHERE leg.tie_id = NEW.tie_id AND leg.number = 1 AND leg.id IS DISTINCT FROM NEW.id;

    IF (NEW.home_penalties IS NOT NULL OR NEW.away_penalties IS NOT NULL) AND (
        (legs_in_tie = 1 AND NEW.number = 1 AND NEW.home_goals <> NEW.away_goals)
        -- Leg 2's home side is the tie's second-named team.
        OR (legs_in_tie = 2 AND NEW.number = 2
            AND first_leg.home_goals + NEW.away_goals <> first_leg.away_goals + NEW.home_goals)
    ) THEN
        RAISE EXCEPTION '{PENALTIES_ONLY_WHEN_LEVEL}'
            USING ERRCODE = 'check_violation', TABLE = 'europa_leg',
                  CONSTRAINT = 'leg_penalties_only_when_level';
    END IF;

    IF legs_in_tie = 2 AND NEW.number = 2 AND NEW.status IN ('live', 'finished')
       AND first_leg.status IS DISTINCT FROM 'finished' THEN
        RAISE EXCEPTION '{SECOND_LEG_AFTER_FIRST}'
            USING ERRCODE = 'check_violation', TABLE = 'europa_leg',
                  CONSTRAINT = 'leg_second_leg_after_first';
    END IF;

    IF legs_in_tie = 2 AND NEW.number = 1 AND NEW.status <> 'finished' AND EXISTS (
        SELECT 1 FROM europa_leg AS second_leg
        WHERE second_leg.tie_id = NEW.tie_id AND second_leg.number = 2
          AND second_leg.id IS DISTINCT FROM NEW.id
          AND second_leg.status IN ('live', 'finished')
    ) THEN
        RAISE EXCEPTION '{FIRST_LEG_STAYS_FINISHED}'
            USING ERRCODE = 'check_violation', TABLE = 'europa_leg',
                  CONSTRAINT = 'leg_second_leg_after_first';
    END IF;

    RETURN NEW;
END
$$
""",
    "CREATE TRIGGER europa_leg_tie_rules BEFORE INSERT OR UPDATE ON europa_leg "
    "FOR EACH ROW EXECUTE FUNCTION europa_leg_tie_rules()",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS europa_leg_tie_rules ON europa_leg",
    "DROP FUNCTION IF EXISTS europa_leg_tie_rules()",
]

DROP = {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}
CREATE = {"sqlite": SQLITE_CREATE, "postgresql": POSTGRESQL_CREATE}


def _run(schema_editor, *statements):
    vendor = schema_editor.connection.vendor
    if vendor not in DROP:
        # Better no migration than a database that silently lacks the backstop.
        raise NotImplementedError(
            f"The leg triggers are written for SQLite and PostgreSQL, not {vendor}."
        )
    for statement in (sql for by_vendor in statements for sql in by_vendor[vendor]):
        # params=None: the SQL is sent as written, with no placeholders to interpolate.
        schema_editor.execute(statement, params=None)


def create_triggers(apps, schema_editor):
    """Create the triggers, replacing any already there: a later migration that rebuilds
    a table on SQLite runs drop_triggers before and this after (see the docstring)."""
    _run(schema_editor, DROP, CREATE)


def drop_triggers(apps, schema_editor):
    _run(schema_editor, DROP)


class Migration(migrations.Migration):

    dependencies = [
        ("europa", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers),
    ]
