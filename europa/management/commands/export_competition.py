"""Write a competition, results included, as a file that load_competition reads back:
the backup of a competition, and the way to move it to another site."""
from django.core.management.base import BaseCommand, CommandError

from europa import competition_file
from europa.models import Competition


class Command(BaseCommand):
    help = "Export a competition with its results as a TOML file, e.g. europa-league-2023-24"

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("-o", "--output", help="The file to write; standard output without it.")

    def handle(self, slug, output=None, **options):
        competition = Competition.objects.filter(slug=slug).first()
        if competition is None:
            known = ", ".join(Competition.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No competition {slug!r}. There are: {known}.")
        text = competition_file.dump(competition)
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            # newline="": the same bytes on every platform.
            with open(output, "w", encoding="utf-8", newline="") as file:
                file.write(text)
        except OSError as error:
            raise CommandError(f"{output}: {error}") from error
