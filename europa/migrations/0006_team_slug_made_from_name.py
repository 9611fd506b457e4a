"""A team's short name and slug may be left empty: Team.save() makes them from the name.
The database keeps both non-empty, and keeps a slug as first made (a trigger, since a
CHECK constraint cannot see the old row): ?team= links are shared, so a changed slug
would break them. The admin shows a made slug read-only; the trigger refuses every other
writer.

Rebuilding europa_team on SQLite (Django does it for most changes to Team) silently drops
the trigger: a later migration that changes Team runs drop_trigger first and
create_trigger last (this one creates it after its constraints)."""
from django.db import migrations, models

MESSAGE = "team_slug_never_changes: a slug stays as made, because links with it are shared"

SQLITE_CREATE = f"""
CREATE TRIGGER team_slug_never_changes BEFORE UPDATE OF slug ON europa_team
WHEN OLD.slug <> NEW.slug
BEGIN
    SELECT RAISE(ABORT, '{MESSAGE}');
END;
"""
POSTGRESQL_CREATE = f"""
CREATE FUNCTION europa_team_slug_never_changes() RETURNS trigger AS $$
BEGIN
    IF NEW.slug <> OLD.slug THEN
        RAISE EXCEPTION '{MESSAGE}'
            USING ERRCODE = 'check_violation', TABLE = 'europa_team',
                  CONSTRAINT = 'team_slug_never_changes';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER team_slug_never_changes BEFORE UPDATE OF slug ON europa_team
    FOR EACH ROW EXECUTE FUNCTION europa_team_slug_never_changes();
"""
DROP = {
    "sqlite": "DROP TRIGGER IF EXISTS team_slug_never_changes;",
    "postgresql": "DROP TRIGGER IF EXISTS team_slug_never_changes ON europa_team; "
    "DROP FUNCTION IF EXISTS europa_team_slug_never_changes();",
}
CREATE = {"sqlite": SQLITE_CREATE, "postgresql": POSTGRESQL_CREATE}


def create_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    # params=None: the SQL is sent as written, with no placeholders to interpolate.
    schema_editor.execute(DROP[vendor], params=None)
    schema_editor.execute(CREATE[vendor], params=None)


def drop_trigger(apps, schema_editor):
    schema_editor.execute(DROP[schema_editor.connection.vendor], params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('europa', '0005_editors_group'),
    ]

    operations = [
        migrations.AlterField(
            model_name='team',
            name='name',
            field=models.CharField(help_text='As the club writes it, accents included, e.g. “Bayer Leverkusen”, “Fenerbahçe”.', max_length=80, unique=True),
        ),
        migrations.AlterField(
            model_name='team',
            name='short_name',
            field=models.CharField(blank=True, help_text='For tight spaces, e.g. “Leverkusen”, “West Ham”. Left empty, it is the name.', max_length=30),
        ),
        migrations.AlterField(
            model_name='team',
            name='slug',
            field=models.SlugField(blank=True, help_text="Used in links to the team's road: ?team=liverpool. Left empty, it is made from the name (Fenerbahçe: fenerbahce); once made it never changes, because links with it are shared.", max_length=80, unique=True),
        ),
        migrations.AddConstraint(
            model_name='team',
            constraint=models.CheckConstraint(condition=models.Q(('short_name', ''), _negated=True), name='team_has_a_short_name'),
        ),
        migrations.AddConstraint(
            model_name='team',
            constraint=models.CheckConstraint(condition=models.Q(('slug', ''), _negated=True), name='team_has_a_slug'),
        ),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
