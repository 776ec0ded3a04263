"""Logging a session, with a group or one person, and reading it back."""

import datetime

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from consumers import access
from consumers.models import Consumer
from curriculum import content
from curriculum.models import HandoutVersion
from imr_site import audit
from imr_site.pending_forms import form_data, keeps_typing
from sessions_log import access as sessions_access
from sessions_log import goal_followup, logbook, schedule
from sessions_log.forms import (
    SessionForm,
)
from sessions_log.models import (
    Session,
)


def session_subject(request, day=None):
    """Whom the new session is with: a group (?group=id) or one person (?consumer=id).

    With the day of a scheduled meeting, a group's form lists who was expected that day.
    (None, None, None) when neither is given: the page asks.
    """
    if request.GET.get("group", "").isdecimal():
        group = sessions_access.group_for(request, request.GET["group"])
        since = (day or timezone.localdate()) - ROSTER_WINDOW
        roster = group.roster(since=since, until=day)
        for membership in roster:
            membership.consumer.left_group_on = membership.left_on
        return group, group.program, [m.consumer for m in roster]
    if request.GET.get("consumer", "").isdecimal():
        consumer = access.consumer_for(request, request.GET["consumer"])
        return None, consumer.program, [consumer]
    return None, None, None


# Who may be on a group session's form: members now, and anyone who left in the last 8 weeks
# (sessions are often logged days later).
ROSTER_WINDOW = datetime.timedelta(weeks=8)


@keeps_typing
@access.needs(access.EDIT_RECORDS)
def session_create(request):
    # The day of the scheduled meeting it is logged from, if any.
    day = schedule.day_written(request.GET.get("on", ""))
    group, program, people = session_subject(request, day)
    if program is None:
        return render(
            request,
            "sessions_log/session_start.html",
            {
                "groups": sessions_access.groups_for(request)
                .select_related("program")
                .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=timezone.localdate())),
                "people": access.consumers_for(request)
                .filter(status__in=Consumer.IN_PROGRAM_STATUSES)
                .order_by("preferred_name"),
            },
        )
    # The handouts to tick: their titles, not their text.
    current = (
        HandoutVersion.objects.filter(
            pk__in=HandoutVersion.objects.current_ids_for(program.agency_id).values()
        )
        .select_related("handout")
        .defer("blocks")
    )
    # From a scheduled occurrence, its own time and length (a moved meeting, an appointment).
    starts_at = schedule.time_written(request.GET.get("at", ""))
    minutes = schedule.minutes_written(
        request.GET.get("minutes", ""), SessionForm.SHORTEST, SessionForm.LONGEST
    )
    session = Session(
        program=program,
        kind=Session.Kind.GROUP if group else Session.Kind.INDIVIDUAL,
        group=group,
        facilitator=request.user,
        length_minutes=minutes or (group.length_minutes if group else 45),
        starts_at=starts_at or (group.starts_at if group else None),
        held_on=day or timezone.localdate(),
    )
    everyone_here = "all_present" in request.POST
    form = SessionForm(
        form_data(request),
        initial=from_the_schedule(group, day),
        instance=session,
        people=people,
        group=group,
        current_handouts=current,
        everyone_here=everyone_here,
    )
    if request.method == "POST" and not everyone_here and form.is_valid():
        session = form.save(commit=False)
        logbook.log_session(
            session,
            form.attendance(),
            handouts=list(form.cleaned_data["handouts"]),
            topic_finished=form.cleaned_data["topic_finished"],
            by=request.user,
        )
        messages.success(request, _("The session was logged."))
        return redirect(session)
    return render(
        request,
        "sessions_log/session_form.html",
        {
            "form": form,
            "group": group,
            "person": None if group else people[0],
            "guides": [(n, content.guide(n), f"topic{n}-") for n in content.NUMBERS],
            "followup": goal_followup.suggest(group.current_members()) if group else None,
            "chosen_topic": form["topic"].value(),
            "scheduled_on": day,
        },
    )


def from_the_schedule(group, day):
    """What a group session logged from its scheduled meeting starts with: the next topic."""
    if group is None or day is None:
        return {}
    return {"topic": schedule.next_topic(group, day)}


@access.needs(access.VIEW_RECORDS)
def session_detail(request, pk):
    session = sessions_access.session_for(request, pk)
    attendance = list(
        session.attendance.select_related("consumer").order_by("consumer__preferred_name")
    )
    audit.record_for_each(
        request.user, audit.Action.VIEW, [row.consumer for row in attendance], target=session
    )
    return render(
        request,
        "sessions_log/session_detail.html",
        {
            "session": session,
            "attendance": attendance,
            "handouts": session.handouts.select_related("handout"),
        },
    )
