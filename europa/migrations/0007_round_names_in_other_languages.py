"""A round's name in the site's other languages (issue 12): {"it": "Quarti di finale", …},
checked by check_round_names wherever a round is validated (admin, competition files).
Existing rounds get {} and show their name in every language until translations are added.

Adding the column rebuilds europa_round on SQLite: the leg triggers are dropped first and
made again last (see 0002)."""
import importlib

import europa.models
from django.db import migrations, models

triggers = importlib.import_module("europa.migrations.0002_leg_cross_row_triggers")


class Migration(migrations.Migration):

    dependencies = [
        ('europa', '0006_team_slug_made_from_name'),
    ]

    operations = [
        migrations.RunPython(triggers.drop_triggers, triggers.create_triggers),
        migrations.AddField(
            model_name='round',
            name='names',
            field=models.JSONField(blank=True, default=dict, help_text='The name in the site\'s other languages, as the competition\'s own translations write it: {"it": "Quarti di finale", "de": "Viertelfinale"}. A language left out shows the name.', validators=[europa.models.check_round_names]),
        ),
        migrations.RunPython(triggers.create_triggers, triggers.drop_triggers),
    ]
