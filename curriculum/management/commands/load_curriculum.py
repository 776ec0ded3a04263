from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

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
            files = len(content.NUMBERS) * len(content.LANGUAGES)
            self.stdout.write(f"All {files} curriculum files are sound.")
            return
        added = handouts.load_originals()
        loaded = ngettext(
            "Loaded %(n)d new handout version", "Loaded %(n)d new handout versions", len(added)
        ) % {"n": len(added)}
        handouts_in_all = len(content.NUMBERS) * len(content.LANGUAGES)
        self.stdout.write(f"{loaded}; {handouts_in_all - len(added)} unchanged.")
