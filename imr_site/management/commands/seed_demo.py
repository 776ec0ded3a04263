from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from consumers import demo
from fidelity import demo as demo_reviews
from imr_site import demo as demo_organisation
from sessions_log import demo as demo_history


class Command(BaseCommand):
    help = "Create (or refresh) the fictional demo agency and its logins. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (demo passwords must never reach production).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo data is for development only: set DEBUG=true or --force.")
        _, programs = demo_organisation.create_demo_organisation()
        # Months of sessions, notes and supervision: for trying the app, not for the tests.
        demo_history.create_demo_history(programs)
        demo_reviews.create_demo_reviews(programs)
        demo_reviews.create_demo_action_plan(programs)
        demo_reviews.create_demo_goi_evidence(programs)
        self.stdout.write(
            self.style.SUCCESS("Demo data is ready. Sign in at http://127.0.0.1:8000")
        )
        self.stdout.write(f"Every demo login uses the password: {demo.DEMO_PASSWORD}")
        for username, what in demo.DEMO_LOGINS.items():
            self.stdout.write(f"  {username:<13} {what}")
