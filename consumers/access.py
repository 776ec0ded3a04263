"""Who may see and do what: roles, their capabilities, and the people and programs in scope.

A role grants named capabilities in a scope: a program (practitioner, leader,
reviewer) or a whole agency (coordinator, authority viewer). Site
administrators (Django superusers) hold every capability everywhere.

This is the core every app builds on: each app's own `access.py` scopes its objects
(groups and notes, print jobs, reviews, staff and the audit trail) through
`programs_for` and `in_scope`. A view states what it needs once, with `@needs`.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404

from consumers.models import Agency, Consumer, Membership, Program, Role
from imr_site import audit

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


def _held_in(user, capability, program="pk"):
    """A Q over `program` (the path from a model to its program) matching the programs in
    which the user holds a capability; None for everywhere (a site administrator)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_superuser:
        return None
    program_ids, agency_ids = set(), set()
    for m in memberships_of(user):
        if capability in CAPABILITIES[m.role]:
            if m.program_id:
                program_ids.add(m.program_id)
            else:
                agency_ids.add(m.agency_id)
    within = Q(**{f"{program}__in": sorted(program_ids)})
    if agency_ids:
        agency = "agency_id" if program == "pk" else f"{program}__agency_id"
        within |= Q(**{f"{agency}__in": sorted(agency_ids)})
    return within


def programs_where(user, capability):
    """Programs in which the user holds a capability, as a queryset."""
    within = _held_in(user, capability)
    return Program.objects.all() if within is None else Program.objects.filter(within)


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


def needs(*capabilities, to_change=None):
    """The one place a view names what it needs; every lookup in the view then scopes by it.

    Signs the visitor in first, and refuses (403) a user who holds one of the capabilities
    nowhere. The view's lookups (`programs_for`, `consumer_for`, `group_for`, ...) return
    only what lies in programs where the user holds them all; anything else is a 404.
    `to_change` is what a POST needs besides: a page some may read and fewer may change.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            needed = capabilities + ((to_change,) if to_change and request.method == "POST" else ())
            if not all(can(request.user, capability) for capability in needed):
                raise PermissionDenied
            request.needs = needed
            return view(request, *args, **kwargs)

        # Readable from the URL's view (wraps carries it through outer decorators).
        wrapper.needs, wrapper.to_change = capabilities, to_change
        return login_required(wrapper)

    return decorator


def programs_for(request):
    """The programs where the user holds everything the view needs (see `needs`)."""
    first, *others = request.needs
    programs = programs_where(request.user, first)
    for capability in others:
        programs = programs.filter(pk__in=programs_where(request.user, capability).values("pk"))
    return programs


def program_for(request, pk):
    """The program if the user holds what the view needs in it; 404 otherwise (audited).

    A membership of the program itself answers from memory, as `can_in` does: the
    memberships are read once a request with their programs and agencies. Anything else
    (an agency's membership, a site administrator, an id out of reach) is looked up."""
    for m in memberships_of(request.user) if request.needs else ():
        if (
            m.program_id is not None
            and str(m.program_id) == str(pk)
            and all(can_in(request.user, capability, m.program) for capability in request.needs)
        ):
            return m.program
    return in_scope(request, programs_for(request).select_related("agency"), pk)


def existing(queryset, pk):
    """The object with this id, or None: also for an id that is not even of the right form."""
    try:
        return queryset.filter(pk=pk).first()
    except (ValueError, ValidationError):
        return None


def in_scope(request, queryset, pk):
    """The object with this id in `queryset`, the user's scope; else the audited 404.

    Every app's access module looks its objects up through here.
    """
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, ValidationError):
        raise refused(request, queryset.model, pk) from None


def refused(request, model, pk):
    """The 404 to raise for an id the user may not reach, as if nothing had it.

    When something does have it, the refused attempt goes in the audit trail first, naming
    the object, its program and, for a person's record or a part of it, the person: it is
    how a leader learns that someone looked where they should not.
    """
    denied = existing(model.objects.all(), pk)
    if denied is not None:
        consumer = denied if isinstance(denied, Consumer) else getattr(denied, "consumer", None)
        program = denied if isinstance(denied, Program) else None
        if consumer is None and program is None:
            program = getattr(denied, "program", None)
        audit.record(
            request.user,
            audit.Action.ACCESS_DENIED,
            target=denied,
            consumer=consumer,
            program=program,
            request=request,
        )
    return Http404(f"No such {model._meta.verbose_name}.")


def consumers_for(request):
    """The people of the programs where the user holds what the view needs.

    Each capability's programs as plain ids (and agencies) on the person's program, not
    as nested queries of programs: the same people, and a query Django builds in half the
    time on every chart and list."""
    held = (_held_in(request.user, capability, "program") for capability in request.needs)
    return Consumer.objects.filter(*(within for within in held if within is not None))


def consumer_for(request, pk):
    """The person whose record the view opens, if the user holds what it needs there."""
    return in_scope(request, consumers_for(request).select_related("program__agency"), pk)


def part_for(request, parts, pk):
    """A part of the opened chart (a goal, a supporter...) taken from `parts`; 404 otherwise.

    A part of a chart the user may not open, asked for under one they may, is a refused
    attempt on that other person's record and is audited like one. An id that is not a
    number (from a query string) is a 404 too.
    """
    part = existing(parts, pk)
    if part is not None:
        return part
    found = existing(parts.model.objects.select_related("consumer__program"), pk)
    if found is not None and not can_in(request.user, VIEW_RECORDS, found.consumer.program):
        raise refused(request, parts.model, pk)
    raise Http404("No such record.")
