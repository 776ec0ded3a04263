"""Who may open which group, session, progress note and supervision meeting.

Each is scoped by its program through the core in consumers.access: the lookups here
take the request, so they scope by what the view said it needs (`access.needs`).
"""

from consumers import access
from sessions_log.models import Group, ProgressNote, Session, SupervisionMeeting


def groups_for(request):
    return Group.objects.filter(program__in=access.programs_for(request))


def group_for(request, pk):
    return access.in_scope(request, groups_for(request).select_related("program__agency"), pk)


def session_for(request, pk):
    sessions = Session.objects.filter(program__in=access.programs_for(request))
    return access.in_scope(
        request, sessions.select_related("program__agency", "group", "facilitator"), pk
    )


def note_for(request, pk):
    """A progress note of a session in scope; a refusal names the person it is about."""
    notes = ProgressNote.objects.filter(session__program__in=access.programs_for(request))
    return access.in_scope(request, notes.select_related("session", "consumer__program"), pk)


def supervision_meeting_for(request, pk):
    meetings = SupervisionMeeting.objects.filter(program__in=access.programs_for(request))
    return access.in_scope(request, meetings.select_related("program", "led_by"), pk)
