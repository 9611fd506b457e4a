"""The names the admin shows for each model and field, marked for translation (issue 12):
the English words are the ones Django made from the field names before, so nothing changes
in the database; Django alters no column for a verbose_name, on SQLite rebuilds no table."""
import django.core.validators
import django.db.models.deletion
import europa.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('europa', '0007_round_names_in_other_languages'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='competition',
            options={'ordering': ['-season', 'name'], 'verbose_name': 'competition', 'verbose_name_plural': 'competitions'},
        ),
        migrations.AlterModelOptions(
            name='leg',
            options={'ordering': ['tie', 'number'], 'verbose_name': 'leg', 'verbose_name_plural': 'legs'},
        ),
        migrations.AlterModelOptions(
            name='round',
            options={'ordering': ['competition', 'order'], 'verbose_name': 'round', 'verbose_name_plural': 'rounds'},
        ),
        migrations.AlterModelOptions(
            name='team',
            options={'ordering': ['name'], 'verbose_name': 'team', 'verbose_name_plural': 'teams'},
        ),
        migrations.AlterModelOptions(
            name='tie',
            options={'ordering': ['round__order', 'position'], 'verbose_name': 'tie', 'verbose_name_plural': 'ties'},
        ),
        migrations.AlterField(
            model_name='competition',
            name='away_goals_rule',
            field=models.BooleanField(default=False, help_text='Only for seasons before 2021/22: a tie level on aggregate goes to the side that scored more away goals before extra time or penalties decide it.', verbose_name='away goals rule'),
        ),
        migrations.AlterField(
            model_name='competition',
            name='name',
            field=models.CharField(help_text='e.g. “UEFA Europa League”.', max_length=100, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='competition',
            name='season',
            field=models.CharField(help_text='e.g. “2023/24”.', max_length=9, verbose_name='season'),
        ),
        migrations.AlterField(
            model_name='competition',
            name='slug',
            field=models.SlugField(help_text='The address of its bracket.', max_length=100, unique=True, verbose_name='slug'),
        ),
        migrations.AlterField(
            model_name='competition',
            name='time_zone',
            field=models.CharField(default='Europe/Paris', help_text='Kick-off times are entered and written in this zone (UEFA publishes CET).', max_length=50, verbose_name='time zone'),
        ),
        migrations.AlterField(
            model_name='competition',
            name='version',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='version'),
        ),
        migrations.AlterField(
            model_name='historicalleg',
            name='away_goals',
            field=europa.models.GoalsField(blank=True, null=True, verbose_name='away goals'),
        ),
        migrations.AlterField(
            model_name='historicalleg',
            name='away_penalties',
            field=europa.models.GoalsField(blank=True, null=True, verbose_name='away penalties'),
        ),
        migrations.AlterField(
            model_name='historicalleg',
            name='date',
            field=models.DateField(verbose_name='date'),
        ),
        migrations.AlterField(
            model_name='historicalleg',
            name='extra_time',
            field=models.BooleanField(default=False, help_text='Tick when extra time was played.', verbose_name='extra time'),
        ),
        migrations.AlterField(
            model_name='historicalleg',
            name='home_goals',
            field=europa.models.GoalsField(blank=True, help_text="Goals of this leg's home team, extra time included.", null=True, verbose_name='home goals'),
        ),
        migrations.AlterField(
            model_name='historicalleg',
            name='home_penalties',
            field=europa.models.GoalsField(blank=True, null=True, verbose_name='home penalties'),
        ),
        migrations.AlterField(
            model_name='historicalleg',
            name='kickoff',
            field=models.TimeField(blank=True, help_text="Local time in the competition's zone. Leave empty until it is announced.", null=True, verbose_name='kickoff'),
        ),
        migrations.AlterField(
            model_name='historicalleg',
            name='number',
            field=models.PositiveSmallIntegerField(default=1, help_text='1 or 2.', verbose_name='number'),
        ),
        migrations.AlterField(
            model_name='historicalleg',
            name='status',
            field=models.CharField(choices=[('scheduled', 'Scheduled'), ('live', 'Live'), ('finished', 'Finished')], default='scheduled', max_length=10, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='historicalleg',
            name='tie',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='europa.tie', verbose_name='tie'),
        ),
        migrations.AlterField(
            model_name='historicalleg',
            name='venue',
            field=models.CharField(blank=True, max_length=100, verbose_name='venue'),
        ),
        migrations.AlterField(
            model_name='historicaltie',
            name='away',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='europa.team', verbose_name='away'),
        ),
        migrations.AlterField(
            model_name='historicaltie',
            name='away_from',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='The tie whose winner becomes the second-named team.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='europa.tie', verbose_name='away from'),
        ),
        migrations.AlterField(
            model_name='historicaltie',
            name='code',
            field=models.CharField(help_text='In draw order: QF1…QF4, SF1, SF2, F.', max_length=10, verbose_name='code'),
        ),
        migrations.AlterField(
            model_name='historicaltie',
            name='home',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='First-named team, at home in the first leg. Filled in by the feeding tie.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='europa.team', verbose_name='home'),
        ),
        migrations.AlterField(
            model_name='historicaltie',
            name='home_from',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='The tie whose winner becomes the first-named team.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='europa.tie', verbose_name='home from'),
        ),
        migrations.AlterField(
            model_name='historicaltie',
            name='notes',
            field=models.TextField(blank=True, help_text="Shown to fans on the tie's page.", verbose_name='notes'),
        ),
        migrations.AlterField(
            model_name='historicaltie',
            name='position',
            field=models.PositiveSmallIntegerField(help_text='Place in the draw within the round: 1, 2…', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(64)], verbose_name='position'),
        ),
        migrations.AlterField(
            model_name='historicaltie',
            name='revision',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='revision'),
        ),
        migrations.AlterField(
            model_name='historicaltie',
            name='round',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='europa.round', verbose_name='round'),
        ),
        migrations.AlterField(
            model_name='historicaltie',
            name='venue',
            field=models.CharField(blank=True, help_text='For a single match at a neutral venue, e.g. Dublin.', max_length=100, verbose_name='venue'),
        ),
        migrations.AlterField(
            model_name='leg',
            name='away_goals',
            field=europa.models.GoalsField(blank=True, null=True, verbose_name='away goals'),
        ),
        migrations.AlterField(
            model_name='leg',
            name='away_penalties',
            field=europa.models.GoalsField(blank=True, null=True, verbose_name='away penalties'),
        ),
        migrations.AlterField(
            model_name='leg',
            name='date',
            field=models.DateField(verbose_name='date'),
        ),
        migrations.AlterField(
            model_name='leg',
            name='extra_time',
            field=models.BooleanField(default=False, help_text='Tick when extra time was played.', verbose_name='extra time'),
        ),
        migrations.AlterField(
            model_name='leg',
            name='home_goals',
            field=europa.models.GoalsField(blank=True, help_text="Goals of this leg's home team, extra time included.", null=True, verbose_name='home goals'),
        ),
        migrations.AlterField(
            model_name='leg',
            name='home_penalties',
            field=europa.models.GoalsField(blank=True, null=True, verbose_name='home penalties'),
        ),
        migrations.AlterField(
            model_name='leg',
            name='kickoff',
            field=models.TimeField(blank=True, help_text="Local time in the competition's zone. Leave empty until it is announced.", null=True, verbose_name='kickoff'),
        ),
        migrations.AlterField(
            model_name='leg',
            name='number',
            field=models.PositiveSmallIntegerField(default=1, help_text='1 or 2.', verbose_name='number'),
        ),
        migrations.AlterField(
            model_name='leg',
            name='status',
            field=models.CharField(choices=[('scheduled', 'Scheduled'), ('live', 'Live'), ('finished', 'Finished')], default='scheduled', max_length=10, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='leg',
            name='tie',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='legs', to='europa.tie', verbose_name='tie'),
        ),
        migrations.AlterField(
            model_name='leg',
            name='venue',
            field=models.CharField(blank=True, max_length=100, verbose_name='venue'),
        ),
        migrations.AlterField(
            model_name='round',
            name='code',
            field=models.CharField(help_text='Short code: QF, SF, F.', max_length=5, verbose_name='code'),
        ),
        migrations.AlterField(
            model_name='round',
            name='competition',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rounds', to='europa.competition', verbose_name='competition'),
        ),
        migrations.AlterField(
            model_name='round',
            name='first_leg_date',
            field=models.DateField(blank=True, help_text="The date of the round's first legs (or of its one match): a tie added to the round gets its legs on the round's dates, each one changeable after.", null=True, verbose_name='first leg date'),
        ),
        migrations.AlterField(
            model_name='round',
            name='legs',
            field=models.PositiveSmallIntegerField(choices=[(1, 'One match'), (2, 'Two legs')], default=2, verbose_name='legs'),
        ),
        migrations.AlterField(
            model_name='round',
            name='name',
            field=models.CharField(help_text='e.g. “Quarter-finals”.', max_length=50, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='round',
            name='names',
            field=models.JSONField(blank=True, default=dict, help_text='The name in the site\'s other languages, as the competition\'s own translations write it: {"it": "Quarti di finale", "de": "Viertelfinale"}. A language left out shows the name.', validators=[europa.models.check_round_names], verbose_name='names'),
        ),
        migrations.AlterField(
            model_name='round',
            name='order',
            field=models.PositiveSmallIntegerField(help_text='1 for the first round shown, then 2, 3…', verbose_name='order'),
        ),
        migrations.AlterField(
            model_name='round',
            name='second_leg_date',
            field=models.DateField(blank=True, help_text="The second legs' date; empty for a one-match round.", null=True, verbose_name='second leg date'),
        ),
        migrations.AlterField(
            model_name='team',
            name='country',
            field=models.CharField(help_text="UEFA's three-letter country code: ENG, ITA, GER, POR, FRA…", max_length=3, validators=[django.core.validators.RegexValidator('^[A-Z]{3}$', "Use UEFA's three capital letters, e.g. ENG, ITA, GER.")], verbose_name='country'),
        ),
        migrations.AlterField(
            model_name='team',
            name='name',
            field=models.CharField(help_text='As the club writes it, accents included, e.g. “Bayer Leverkusen”, “Fenerbahçe”.', max_length=80, unique=True, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='team',
            name='short_name',
            field=models.CharField(blank=True, help_text='For tight spaces, e.g. “Leverkusen”, “West Ham”. Left empty, it is the name.', max_length=30, verbose_name='short name'),
        ),
        migrations.AlterField(
            model_name='team',
            name='slug',
            field=models.SlugField(blank=True, help_text="Used in links to the team's road: ?team=liverpool. Left empty, it is made from the name (Fenerbahçe: fenerbahce); once made it never changes, because links with it are shared.", max_length=80, unique=True, verbose_name='slug'),
        ),
        migrations.AlterField(
            model_name='tie',
            name='away',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='europa.team', verbose_name='away'),
        ),
        migrations.AlterField(
            model_name='tie',
            name='away_from',
            field=models.ForeignKey(blank=True, help_text='The tie whose winner becomes the second-named team.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='feeds_away', to='europa.tie', verbose_name='away from'),
        ),
        migrations.AlterField(
            model_name='tie',
            name='code',
            field=models.CharField(help_text='In draw order: QF1…QF4, SF1, SF2, F.', max_length=10, verbose_name='code'),
        ),
        migrations.AlterField(
            model_name='tie',
            name='home',
            field=models.ForeignKey(blank=True, help_text='First-named team, at home in the first leg. Filled in by the feeding tie.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='europa.team', verbose_name='home'),
        ),
        migrations.AlterField(
            model_name='tie',
            name='home_from',
            field=models.ForeignKey(blank=True, help_text='The tie whose winner becomes the first-named team.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='feeds_home', to='europa.tie', verbose_name='home from'),
        ),
        migrations.AlterField(
            model_name='tie',
            name='notes',
            field=models.TextField(blank=True, help_text="Shown to fans on the tie's page.", verbose_name='notes'),
        ),
        migrations.AlterField(
            model_name='tie',
            name='position',
            field=models.PositiveSmallIntegerField(help_text='Place in the draw within the round: 1, 2…', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(64)], verbose_name='position'),
        ),
        migrations.AlterField(
            model_name='tie',
            name='revision',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='revision'),
        ),
        migrations.AlterField(
            model_name='tie',
            name='round',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ties', to='europa.round', verbose_name='round'),
        ),
        migrations.AlterField(
            model_name='tie',
            name='venue',
            field=models.CharField(blank=True, help_text='For a single match at a neutral venue, e.g. Dublin.', max_length=100, verbose_name='venue'),
        ),
    ]
