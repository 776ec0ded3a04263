"""Who may see which staff members, which part of the audit trail, and which notices."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from consumers import access
from imr_site.models import AuditEvent, Notice


def staff_for(user):
    """Staff whose roles fall within programs or agencies where the user may view staff."""
    User = get_user_model()
    if user.is_superuser:
        return User.objects.all()
    programs = access.programs_where(user, access.VIEW_STAFF)
    return User.objects.filter(
        Q(memberships__program__in=programs)
        | Q(memberships__agency__in=programs.values("agency_id"))
    ).distinct()


def staff_member_for(request, pk):
    """A staff member within the user's staff scope; 404 otherwise (audited)."""
    return access.in_scope(request, staff_for(request.user), pk)


def audit_events_for(user):
    """Audit events a leader, coordinator or site admin may browse.

    Events about their programs' records, and the events tied to no program
    (sign-ins, password changes) of staff within their scope. Events about
    another program's records stay hidden even when the actor is shared.
    """
    if user.is_superuser:
        return AuditEvent.objects.all()
    programs = access.programs_where(user, access.VIEW_AUDIT)
    return AuditEvent.objects.filter(
        Q(program__in=programs)
        | Q(program__isnull=True, actor__in=staff_for(user))
        | Q(actor__isnull=True, actor_username__in=staff_for(user).values("username"))
    )


def notice_for(request, pk):
    """The user's own notice; anyone else's is a 404 (audited, like any refused lookup)."""
    return access.in_scope(request, Notice.objects.filter(user=request.user), pk)
