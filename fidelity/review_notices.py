"""A notice when a program's formal fidelity review falls due (every 6 months, GOI item G9;
fidelity/todo.py review_is_due): for the program's reviewers and its agency's
coordinators, once per due review. Run daily by fidelity/tasks.py.

Its text names the program, so it cannot be kept in English and translated as it is
shown, as the other notices are (imr_site/notices.py): it is written in the language its
reader chose on their account page, as their e-mail is."""

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from consumers.models import Membership, Program, Role
from fidelity import todo
from imr_site import notices
from imr_site.models import Notice


def create_review_due_notices(today=None):
    """Returns how many notices were new."""
    # Each program on the date where its agency is, unless `today` is given for all.
    due = [
        program
        for program in todo.with_last_visit(
            Program.objects.filter(is_active=True).select_related("agency")
        )
        if todo.review_is_due(program.last_visited, today or program.agency.today())
    ]
    overseers = Membership.objects.filter(
        Q(role=Role.REVIEWER, program__in=due)
        | Q(role=Role.COORDINATOR, agency__in={p.agency_id for p in due}),
        user__is_active=True,
    ).values_list("user_id", "program_id", "agency_id", "user__language_choice__language")
    made = [
        review_due_notice(user_id, program, language or settings.LANGUAGE_CODE)
        for user_id, program_id, agency_id, language in overseers
        for program in due
        if program.pk == program_id or program.agency_id == agency_id
    ]
    return notices.save_once(made)


def review_due_notice(user_id, program, language=settings.LANGUAGE_CODE):
    # A final review restarts the clock: the next one due is a new due thing.
    since = program.last_visited.isoformat() if program.last_visited else "never"
    with translation.override(language):
        text = _("A formal fidelity review of %(program)s is due.") % {"program": program.name}
    return Notice(
        user_id=user_id,
        kind=Notice.Kind.REVIEW_DUE,
        text=text,
        link=f"{reverse('review_list')}?program={program.pk}",
        about=f"review:{program.pk}:{since}",
    )
