from django.core.management.base import BaseCommand, CommandError

from curriculum import content, handouts


class Command(BaseCommand):
    help = (
        "Load the handouts in curriculum/content/ (a changed file becomes a new original "
        "version; agencies' adaptations are kept). --check only validates the files."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Validate every content file; change nothing."
        )

    def handle(self, *args, check=False, **options):
        problems = content.check_all()
        if problems:
            raise CommandError(
                "The curriculum files have problems:\n"
                + "\n".join(f"- {name}: {problem}" for name, problem in problems)
            )
        if check:
            self.stdout.write(f"All {len(content.NUMBERS)} curriculum files are sound.")
            return
        added = handouts.load_originals()
        self.stdout.write(
            f"Loaded {len(added)} new handout version(s); "
            f"{len(content.NUMBERS) - len(added)} unchanged."
        )
