"""What each role finds on its home page: one section per role the user holds."""

from django.db.models import Count, Q

from consumers import access
from consumers.models import Agency, Consumer, Membership, Program, Role


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


def _program_ids(user, role):
    return [m.program_id for m in access.memberships_of(user) if m.role == role]


def _agency_ids(user, role):
    return [m.agency_id for m in access.memberships_of(user) if m.role == role]


def for_user(user):
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
                "programs": program_summaries(Program.objects.filter(pk__in=ids)),
                "recent": Consumer.objects.filter(program_id__in=ids)
                .select_related("program")
                .order_by("-updated_at")[:8],
            }
        )
    if ids := _program_ids(user, Role.LEADER):
        sections.append(
            {
                "template": "home/_leader.html",
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
                "programs": program_summaries(Program.objects.filter(agency_id__in=ids)),
            }
        )
    if ids := _program_ids(user, Role.REVIEWER):
        sections.append(
            {
                "template": "home/_reviewer.html",
                "programs": program_summaries(Program.objects.filter(pk__in=ids)),
            }
        )
    if ids := _agency_ids(user, Role.AUTHORITY):
        sections.append(
            {
                "template": "home/_authority.html",
                "programs": program_summaries(Program.objects.filter(agency_id__in=ids)),
            }
        )
    return sections
