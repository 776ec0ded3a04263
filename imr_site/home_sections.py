"""What each role finds on its home page: one section per role the user holds, each with
its to-do list (sessions_log/todo.py for a practitioner, fidelity/todo.py for the others)."""

from django.db.models import Count, Q
from django.utils import timezone

from consumers import access
from consumers.models import Agency, Consumer, Membership, Program, Role
from fidelity import small_numbers
from fidelity import todo as fidelity_todo
from imr_site import audit
from sessions_log import todo as sessions_todo


def program_summaries(programs):
    """Programs with their counts, in one query (no names of consumers)."""
    return programs.select_related("agency").annotate(
        staff_count=Count("memberships__user", distinct=True),
        consumer_count=Count("consumers", distinct=True),
        active_count=Count(
            "consumers", filter=Q(consumers__status__in=Consumer.IN_PROGRAM_STATUSES), distinct=True
        ),
        referred_count=Count(
            "consumers", filter=Q(consumers__status=Consumer.Status.REFERRED), distinct=True
        ),
    )


def authority_summaries(programs):
    """The programs' counts as an authority viewer reads them (fidelity/small_numbers.py):
    counts of the people in IMR under 11 read "fewer than 11". Staff are counted as usual."""
    rows, _ = small_numbers.guard(
        list(program_summaries(programs)),
        bases={Program: "consumer_count"},
        names=("consumer_count", "active_count", "referred_count"),
    )
    return rows


def _program_ids(user, role):
    return [m.program_id for m in access.memberships_of(user) if m.role == role]


def _agency_ids(user, role):
    return [m.agency_id for m in access.memberships_of(user) if m.role == role]


def to_do(entries):
    """The entries with something in them: an empty list says there is nothing to do."""
    return [entry for entry in entries if entry.count]


def people_named(sections):
    """Everyone the to-do lists name, once each, for the audit trail."""
    seen = {}
    for section in sections:
        for entry in section.get("todo", ()):
            for _, _, consumer in entry.rows:
                if consumer is not None:
                    seen[consumer.pk] = consumer
    return list(seen.values())


def for_user(user, request=None):
    """The sections of the user's home page. Naming a person on a to-do list reads their
    record, so it goes in the audit trail."""
    sections = _sections(user, timezone.localdate())
    named = people_named(sections)
    if named:
        audit.record_for_each(user, audit.Action.VIEW, named, request=request)
    return sections


def _sections(user, today):
    # A practitioner's home names only the people on their to-do list (audited): the
    # whole caseload, in any order they like, is one link away.
    sections = []
    if user.is_superuser:
        sections.append(
            {
                "template": "home/_admin.html",
                "agencies": Agency.objects.annotate(
                    program_count=Count("programs", distinct=True),
                    consumer_count=Count("programs__consumers", distinct=True),
                ),
            }
        )
    if ids := _program_ids(user, Role.PRACTITIONER):
        sections.append(
            {
                "template": "home/_practitioner.html",
                "todo": to_do(sessions_todo.for_practitioner(user, today)),
                "this_week": sessions_todo.this_week(user, today),
                "programs": program_summaries(Program.objects.filter(pk__in=ids)),
            }
        )
    if ids := _program_ids(user, Role.LEADER):
        sections.append(
            {
                "template": "home/_leader.html",
                "todo": to_do(fidelity_todo.for_leader(user, ids, today)),
                "programs": program_summaries(Program.objects.filter(pk__in=ids)),
                "team": Membership.objects.filter(program_id__in=ids)
                .select_related("user", "program")
                .order_by("program__name", "role", "user__last_name"),
            }
        )
    if ids := _agency_ids(user, Role.COORDINATOR):
        sections.append(
            {
                "template": "home/_coordinator.html",
                "todo": to_do(
                    fidelity_todo.for_overseer(
                        user, Program.objects.filter(agency_id__in=ids), today
                    )
                ),
                "programs": program_summaries(Program.objects.filter(agency_id__in=ids)),
            }
        )
    if ids := _program_ids(user, Role.REVIEWER):
        sections.append(
            {
                "template": "home/_reviewer.html",
                "todo": to_do(
                    fidelity_todo.for_overseer(user, Program.objects.filter(pk__in=ids), today)
                ),
                "programs": program_summaries(Program.objects.filter(pk__in=ids)),
            }
        )
    if ids := _agency_ids(user, Role.AUTHORITY):
        sections.append(
            {
                "template": "home/_authority.html",
                "programs": authority_summaries(Program.objects.filter(agency_id__in=ids)),
            }
        )
    return sections
