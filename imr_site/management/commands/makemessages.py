"""Django's makemessages, also finding the sentences kept for later (imr_site/later.py)."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [
        *makemessages.Command.xgettext_options,
        "--keyword=Later",
        "--keyword=LaterPlural:1,2",
    ]
