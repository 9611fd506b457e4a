"""The Editors group: enter results (add and change ties and legs), see the rest and the
history, and nothing else. No deleting competitions, rounds or teams, no managing accounts:
that is for administrators, who are superusers.

The list is written out here, not imported, so that this migration keeps meaning what it
meant when it ran. A later change to the group's rights is a new migration."""
from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
PERMISSIONS = [
    "add_tie", "change_tie", "view_tie",
    "add_leg", "change_leg", "view_leg",
    "view_competition", "view_round", "view_team",
    "view_historicaltie", "view_historicalleg",
]


def create_editors(apps, schema_editor):
    # On a fresh database the permissions are only made by post_migrate, after the last
    # migration: make them now. The flag is what create_permissions checks for "has models".
    app_config = apps.get_app_config("europa")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.using(schema_editor.connection.alias).get_or_create(name=EDITORS)
    permissions = Permission.objects.using(schema_editor.connection.alias).filter(
        content_type__app_label="europa", codename__in=PERMISSIONS
    )
    assert permissions.count() == len(PERMISSIONS), "a permission of the Editors group is missing"
    editors.permissions.set(permissions)


def delete_editors(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name=EDITORS).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("europa", "0004_match_night"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors, delete_editors)]
