"""Load a competition's draw from a data file. Safe to run again: nothing is overwritten,
and a file with any problem loads nothing (check it first with check_competition)."""
from django.core.management.base import BaseCommand, CommandError

from europa import competition_file


class Command(BaseCommand):
    help = "Load a competition from a TOML file, e.g. europa/competitions/europa-league-2023-24.toml"

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, path, **options):
        try:
            report = competition_file.load(competition_file.read(path))
        except competition_file.CompetitionFileError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(report))
