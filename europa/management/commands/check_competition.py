"""Check a competition file without loading it: its layout, the draw (each "winner of" in
the round before, no place fed twice, so no circle), dates in round order, no team twice
in a round, and the results against the rules. Every problem is listed; nothing is stored."""
from django.core.management.base import BaseCommand, CommandError

from europa import competition_file


class Command(BaseCommand):
    help = "Check a competition file (TOML) without loading it; exits non-zero with every problem."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, path, **options):
        try:
            plan = competition_file.check_source(competition_file.read(path))
        except competition_file.CompetitionFileError as error:
            count = len(error.problems)
            raise CommandError(f"{count} problem{'s' if count > 1 else ''}:\n{error}") from error
        ties = sum(len(round.ties) for round in plan.rounds)
        self.stdout.write(
            f"{path}: no problem found. {plan.competition['name']} {plan.competition['season']}: "
            f"{len(plan.teams)} teams, {len(plan.rounds)} rounds, {ties} ties."
        )
