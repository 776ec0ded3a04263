"""Who may see and do what. Every view and queryset asks here, never a template.

A role grants named capabilities in a scope: a program (practitioner, leader,
reviewer) or a whole agency (coordinator, authority viewer). Site
administrators (Django superusers) hold every capability everywhere.
"""

from functools import wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404

from consumers.models import Agency, Consumer, Membership, Program, Role
from imr_site import audit
from imr_site.models import AuditEvent

VIEW_RECORDS = "view_records"  # open consumers' charts (identities)
EDIT_RECORDS = "edit_records"  # create and change consumers' records
SIGN_NOTES = "sign_notes"
COSIGN_NOTES = "cosign_notes"
REVIEW_FIDELITY = "review_fidelity"
VIEW_DASHBOARD = "view_dashboard"  # program dashboards, with names
VIEW_AGGREGATES = "view_aggregates"  # counts and scores only, never identities
VIEW_AUDIT = "view_audit"
VIEW_STAFF = "view_staff"
PRINT = "print"
EXPORT = "export"
ADAPT_HANDOUTS = "adapt_handouts"  # an agency's own wording of a handout
IMPORT_RECORDS = "import_records"  # bring in an existing roster from a spreadsheet

CAPABILITIES = {
    Role.PRACTITIONER: {VIEW_RECORDS, EDIT_RECORDS, SIGN_NOTES, PRINT},
    Role.LEADER: {
        VIEW_RECORDS,
        EDIT_RECORDS,
        SIGN_NOTES,
        COSIGN_NOTES,
        VIEW_DASHBOARD,
        VIEW_AGGREGATES,
        VIEW_AUDIT,
        VIEW_STAFF,
        PRINT,
        EXPORT,
    },
    # Reviewers read charts for the fidelity chart review; they change nothing clinical.
    Role.REVIEWER: {VIEW_RECORDS, REVIEW_FIDELITY, VIEW_DASHBOARD, VIEW_AGGREGATES, PRINT, EXPORT},
    Role.COORDINATOR: {
        VIEW_RECORDS,
        EDIT_RECORDS,
        VIEW_DASHBOARD,
        VIEW_AGGREGATES,
        VIEW_AUDIT,
        VIEW_STAFF,
        PRINT,
        EXPORT,
        ADAPT_HANDOUTS,
        IMPORT_RECORDS,
    },
    Role.AUTHORITY: {VIEW_AGGREGATES, EXPORT},
}


def memberships_of(user):
    """The user's roles, read once per request and kept on the user object."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_imr_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user).select_related("program__agency", "agency")
        )
        user._imr_memberships = cached
    return cached


def can(user, capability):
    """Does the user hold this capability anywhere?"""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(capability in CAPABILITIES[m.role] for m in memberships_of(user))


def can_in(user, capability, program):
    """Does the user hold this capability in this program? Answered from memory, no query."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(
        capability in CAPABILITIES[m.role]
        and (m.program_id == program.pk or m.agency_id == program.agency_id)
        for m in memberships_of(user)
    )


def programs_where(user, capability):
    """Programs in which the user holds a capability, as a queryset."""
    if not user.is_authenticated:
        return Program.objects.none()
    if user.is_superuser:
        return Program.objects.all()
    program_ids, agency_ids = set(), set()
    for m in memberships_of(user):
        if capability in CAPABILITIES[m.role]:
            if m.program_id:
                program_ids.add(m.program_id)
            else:
                agency_ids.add(m.agency_id)
    if not program_ids and not agency_ids:
        return Program.objects.none()
    return Program.objects.filter(Q(pk__in=program_ids) | Q(agency_id__in=agency_ids))


def program_for_user(user, pk, capability, request=None):
    """The program if the user holds the capability in it; 404 otherwise (audited)."""
    return in_scope(user, programs_where(user, capability).select_related("agency"), pk, request)


def agencies_where(user, capability):
    """Agencies in which the user holds a capability in at least one program, as a queryset."""
    return Agency.objects.filter(programs__in=programs_where(user, capability)).distinct()


def home_agency(user):
    """The agency whose name heads the user's printouts and whose handouts they use.

    Staff work for one agency; a site administrator belongs to none and prints
    the originals. Read from the memberships already in memory.
    """
    agencies = sorted(
        (m.agency if m.agency_id else m.program.agency for m in memberships_of(user)),
        key=lambda agency: agency.name,
    )
    return agencies[0] if agencies else None


def existing(queryset, pk):
    """The object with this id, or None: also for an id that is not even of the right form."""
    try:
        return queryset.filter(pk=pk).first()
    except (ValueError, ValidationError):
        return None


def in_scope(user, queryset, pk, request=None):
    """The object with this id in `queryset`, the user's scope; else the audited 404."""
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise refused(user, queryset.model, pk, request=request) from None


def refused(user, model, pk, request=None):
    """The 404 to raise for an id the user may not reach, as if nothing had it.

    When something does have it, the refused attempt goes in the audit trail first, naming
    the object, its program and, for a person's record or a part of it, the person: it is
    how a leader learns that someone looked where they should not. Every *_for_user
    helper refuses through here.
    """
    denied = existing(model.objects.all(), pk)
    if denied is not None:
        consumer = denied if isinstance(denied, Consumer) else getattr(denied, "consumer", None)
        program = denied if isinstance(denied, Program) else None
        if consumer is None and program is None:
            program = getattr(denied, "program", None)
        audit.record(
            user,
            audit.Action.ACCESS_DENIED,
            target=denied,
            consumer=consumer,
            program=program,
            request=request,
        )
    return Http404(f"No such {model._meta.verbose_name}.")


def consumers_for(user, capability=VIEW_RECORDS):
    return Consumer.objects.filter(program__in=programs_where(user, capability))


def consumer_for_user(user, pk, write=False, request=None):
    """The consumer if the user may open (or, with write, change) it; 404 otherwise.

    A refused attempt on a record that exists is audited: it is how a leader
    learns that someone looked where they should not.
    """
    capability = EDIT_RECORDS if write else VIEW_RECORDS
    return in_scope(
        user, consumers_for(user, capability).select_related("program__agency"), pk, request
    )


def part_for_user(user, parts, pk, request=None):
    """A part of the opened chart (a goal, a supporter...) taken from `parts`; 404 otherwise.

    A part of a chart the user may not open, asked for under one they may, is a refused
    attempt on that other person's record and is audited like one. An id that is not a
    number (from a query string) is a 404 too.
    """
    part = existing(parts, pk)
    if part is not None:
        return part
    found = existing(parts.model.objects.select_related("consumer__program"), pk)
    if found is not None and not can_in(user, VIEW_RECORDS, found.consumer.program):
        raise refused(user, parts.model, pk, request=request)
    raise Http404("No such record.")


def groups_for(user, capability=VIEW_RECORDS):
    from sessions_log.models import Group

    return Group.objects.filter(program__in=programs_where(user, capability))


def group_for_user(user, pk, capability=VIEW_RECORDS, request=None):
    """The group if the user holds the capability in its program; 404 otherwise (audited)."""
    return in_scope(
        user, groups_for(user, capability).select_related("program__agency"), pk, request
    )


def session_for_user(user, pk, capability=VIEW_RECORDS, request=None):
    """A logged session if the user holds the capability in its program; 404 otherwise (audited)."""
    from sessions_log.models import Session

    return in_scope(
        user,
        Session.objects.select_related("program__agency", "group", "facilitator").filter(
            program__in=programs_where(user, capability)
        ),
        pk,
        request,
    )


def note_for_user(user, pk, capability, request=None):
    """A progress note if the user holds the capability in its session's program; 404 otherwise.

    Audited when refused, naming the person the note is about.
    """
    from sessions_log.models import ProgressNote

    return in_scope(
        user,
        ProgressNote.objects.select_related("session", "consumer__program").filter(
            session__program__in=programs_where(user, capability)
        ),
        pk,
        request,
    )


def supervision_meeting_for_user(user, pk, request=None):
    """A supervision meeting of a program where the user signs notes; 404 otherwise (audited)."""
    from sessions_log.models import SupervisionMeeting

    return in_scope(
        user,
        SupervisionMeeting.objects.select_related("program", "led_by").filter(
            program__in=programs_where(user, SIGN_NOTES)
        ),
        pk,
        request,
    )


def print_job_for_user(user, pk, request=None):
    """A print job the user asked for (a site administrator sees all); 404 otherwise (audited)."""
    from curriculum.models import PrintJob

    jobs = PrintJob.objects.select_related("program")
    if not user.is_superuser:
        jobs = jobs.filter(requested_by=user)
    return in_scope(user, jobs, pk, request)


def staff_for(user):
    """Staff whose roles fall within programs or agencies where the user may view staff."""
    User = get_user_model()
    if user.is_superuser:
        return User.objects.all()
    programs = programs_where(user, VIEW_STAFF)
    return User.objects.filter(
        Q(memberships__program__in=programs)
        | Q(memberships__agency__in=programs.values("agency_id"))
    ).distinct()


def staff_member_for_user(user, pk, request=None):
    """A staff member within the user's staff scope; 404 otherwise (audited)."""
    return in_scope(user, staff_for(user), pk, request)


def audit_events_for(user):
    """Audit events a leader, coordinator or site admin may browse.

    Events about their programs' records, and the events tied to no program
    (sign-ins, password changes) of staff within their scope. Events about
    another program's records stay hidden even when the actor is shared.
    """
    if user.is_superuser:
        return AuditEvent.objects.all()
    programs = programs_where(user, VIEW_AUDIT)
    return AuditEvent.objects.filter(
        Q(program__in=programs)
        | Q(program__isnull=True, actor__in=staff_for(user))
        | Q(actor__isnull=True, actor_username__in=staff_for(user).values("username"))
    )


def capability_required(capability):
    """Refuse (403) a signed-in user who holds the capability nowhere; send others to sign in."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not can(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapper)

    return decorator
