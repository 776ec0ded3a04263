"""The schedule: a practitioner's week, a program's calendar, appointments and meeting changes."""

import datetime

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consumers import access
from consumers.chart import open_consumer
from curriculum import pdf, printing
from imr_site import audit
from imr_site.pending_forms import form_data, keeps_typing
from sessions_log import access as sessions_access
from sessions_log import schedule
from sessions_log.forms import AppointmentForm, ClosureDayForm, MeetingChangeForm
from sessions_log.models import Appointment, Group, MeetingChange

ONE_DAY, ONE_WEEK = datetime.timedelta(days=1), datetime.timedelta(weeks=1)


def day_asked(request):
    """The day in ?day=YYYY-MM-DD, or today."""
    return schedule.day_written(request.GET.get("day", "")) or timezone.localdate()


def window_asked(request):
    """(first, last, the day view?) of the page asked for: one day, or its Monday-to-Sunday."""
    day = day_asked(request)
    if request.GET.get("view") == "day":
        return day, day, True
    first, last = schedule.week_of(day)
    return first, last, False


def days_with(occurrences, first, last):
    """[(day, its occurrences)] for every day of the window, empty days included."""
    days, day = [], first
    while day <= last:
        days.append((day, [o for o in occurrences if o.on == day]))
        day += ONE_DAY
    return days


def calendar_context(request, occurrences, first, last, day_view):
    step = ONE_DAY if day_view else ONE_WEEK
    return {
        "days": days_with(occurrences, first, last),
        "first": first,
        "last": last,
        "day_view": day_view,
        "view": "day" if day_view else "week",
        "earlier": first - step,
        "later": first + step,
        "today": timezone.localdate(),
    }


def audit_people_seen(request, occurrences):
    """Names on a calendar are a read of those people's records: one event each, one insert."""
    people = {o.appointment.consumer for o in occurrences if o.appointment}
    audit.record_for_each(request.user, audit.Action.VIEW, sorted(people, key=lambda c: c.pk))


@access.needs(access.VIEW_RECORDS)
def my_week(request):
    first, last, day_view = window_asked(request)
    occurrences = schedule.occurrences_of(request.user, access.programs_for(request), (first, last))
    audit_people_seen(request, occurrences)
    return render(
        request,
        "sessions_log/my_week.html",
        calendar_context(request, occurrences, first, last, day_view)
        | {
            "can_log": access.can(request.user, access.EDIT_RECORDS),
            "calendars": calendars_of(request.user),
        },
    )


def calendars_of(user):
    """The programs whose calendar the user leads or reviews, read from their roles in memory."""
    return [
        m.program
        for m in access.memberships_of(user)
        if m.program_id and access.can_in(user, access.VIEW_DASHBOARD, m.program)
    ]


@keeps_typing
@access.needs(access.VIEW_RECORDS, access.VIEW_DASHBOARD, to_change=access.EDIT_RECORDS)
def program_calendar(request, pk):
    program = access.program_for(request, pk)
    can_edit = access.can_in(request.user, access.EDIT_RECORDS, program)
    closure_form = ClosureDayForm(form_data(request), program=program) if can_edit else None
    if request.method == "POST" and closure_form.is_valid():
        with audit.change(request.user, audit.Action.CREATE, program=program) as event:
            closure = closure_form.save(commit=False)
            closure.program, closure.created_by = program, request.user
            closure.save()
            event.target = closure
        messages.success(
            request, _("%(day)s is marked closed.") % {"day": f"{closure.on:%Y-%m-%d}"}
        )
        return redirect(f"{request.path}?day={closure.on:%Y-%m-%d}")
    first, last, day_view = window_asked(request)
    groups = schedule.running_in(
        sessions_access.groups_for(request).filter(program=program), (first, last)
    )
    appointments = Appointment.objects.filter(consumer__program=program)
    occurrences = schedule.occurrences(groups, appointments, (first, last))
    audit_people_seen(request, occurrences)
    return render(
        request,
        "sessions_log/program_calendar.html",
        calendar_context(request, occurrences, first, last, day_view)
        | {"program": program, "closure_form": closure_form, "can_log": can_edit},
    )


@keeps_typing
@access.needs(access.EDIT_RECORDS)
def appointment_edit(request, pk, appointment_pk=None):
    consumer = open_consumer(request, pk)
    appointment = (
        access.part_for(request, Appointment.objects.filter(consumer=consumer), appointment_pk)
        if appointment_pk
        else Appointment(consumer=consumer, practitioner=request.user, created_by=request.user)
    )
    form = AppointmentForm(form_data(request), instance=appointment, consumer=consumer)
    if request.method == "POST" and form.is_valid():
        adding = appointment.pk is None
        with audit.change(
            request.user,
            audit.Action.CREATE if adding else audit.Action.CHANGE,
            consumer=consumer,
            target=appointment,
            fields=form.changed_data,
            request=request,
        ):
            form.save()
        return back_to_appointments(
            request,
            consumer,
            _("The appointment was booked.") if adding else _("The appointment was saved."),
        )
    return render(
        request,
        "sessions_log/appointment_form.html",
        {
            "consumer": consumer,
            "form": form,
            "appointment": appointment,
            "booked_appointments": booked(consumer),
        },
    )


def booked(consumer):
    """The person's appointments still to come, not cancelled."""
    today = timezone.localdate()
    return (
        consumer.appointments.filter(cancelled_from__isnull=True)
        .filter(Q(until__gte=today) | Q(until__isnull=True, on__gte=today))
        .select_related("practitioner")
    )


def back_to_appointments(request, consumer, message):
    messages.success(request, message)
    return redirect("appointment_create", consumer.pk)


@require_POST
@access.needs(access.EDIT_RECORDS)
def appointment_cancel(request, pk, appointment_pk):
    consumer = open_consumer(request, pk)
    appointment = access.part_for(
        request, Appointment.objects.filter(consumer=consumer), appointment_pk
    )
    with audit.change(
        request.user,
        audit.Action.CHANGE,
        consumer=consumer,
        target=appointment,
        fields=["cancelled_from"],
        request=request,
    ):
        # From today on: what already happened stays on the calendar and the record.
        appointment.cancelled_from = timezone.localdate()
        appointment.save(update_fields=["cancelled_from"])
    return back_to_appointments(request, consumer, _("The appointment was cancelled."))


@keeps_typing
@access.needs(access.EDIT_RECORDS)
def group_meeting_change(request, pk):
    group = sessions_access.group_for(request, pk)
    day = meeting_day_asked(request, group)
    change = MeetingChange.objects.filter(group=group, on=day).first() or MeetingChange(
        group=group, on=day
    )
    if request.method == "POST" and "restore" in request.POST and change.pk:
        # Undoing a cancellation or a move: the meeting is held as the weekly slot says.
        with audit.change(
            request.user, audit.Action.DELETE, target=change, program=group.program, request=request
        ):
            kept = change.pk
            change.delete()
            change.pk = kept  # the event names the change undone
        messages.success(
            request,
            _("The meeting of %(day)s is held as usual again.") % {"day": f"{day:%Y-%m-%d}"},
        )
        return redirect(schedule.week_url(day))
    form = MeetingChangeForm(form_data(request), instance=change)
    if request.method == "POST" and form.is_valid():
        with audit.change(
            request.user,
            audit.Action.CHANGE if change.pk else audit.Action.CREATE,
            target=change,
            program=group.program,
            fields=form.changed_data,
            request=request,
        ):
            change = form.save(commit=False)
            change.changed_by = request.user
            change.save()
        if change.moved_to:
            done = _("The meeting of %(day)s is moved to %(moved_to)s.") % {
                "day": f"{day:%Y-%m-%d}",
                "moved_to": f"{change.moved_to:%Y-%m-%d}",
            }
        else:
            done = _("The meeting of %(day)s is cancelled.") % {"day": f"{day:%Y-%m-%d}"}
        messages.success(request, done)
        return redirect(schedule.week_url(day))
    return render(
        request,
        "sessions_log/meeting_change_form.html",
        {"group": group, "day": day, "form": form, "change": change},
    )


def meeting_day_asked(request, group):
    """The meeting named by ?on=YYYY-MM-DD; 404 unless the group's weekly slot falls on it."""
    day = schedule.day_written(request.GET.get("on", ""))
    if day is None or day not in schedule.group_meeting_days(group, (day, day)):
        raise Http404("The group does not meet on that day.")
    return day


@access.needs(access.VIEW_RECORDS)
def reminder_calls(request):
    """Tomorrow's appointments with the user (or ?day=), with each person's phone number."""
    day = schedule.day_written(request.GET.get("day", "")) or timezone.localdate() + ONE_DAY
    appointments = Appointment.objects.filter(
        practitioner=request.user, consumer__in=access.consumers_for(request)
    )
    calls = [
        o
        for o in schedule.occurrences(Group.objects.none(), appointments, (day, day))
        if not o.cancelled
    ]
    audit_people_seen(request, calls)
    return render(request, "sessions_log/reminder_calls.html", {"day": day, "calls": calls})


@access.needs(access.VIEW_RECORDS, access.PRINT)
def next_sessions_card(request, pk):
    """A card the person keeps: their next sessions, with their preferred name; nothing clinical."""
    consumer = access.consumer_for(request, pk)
    coming = schedule.next_sessions(consumer, timezone.localdate())
    # The person keeps the card: it is in their language, not the practitioner's.
    language = printing.language_of(consumer)
    with translation.override(language):
        data = pdf.render_pdf(
            "sessions_log/print/next_sessions_card.html",
            {
                "doc_title": _("%(name)s's next IMR sessions") % {"name": consumer.preferred_name},
                "doc_language": language,
                "agency_name": consumer.program.agency.name,
                "coming": coming,
            },
        )
    return printing.pdf_printed_audited(
        request, consumer, data, f"next-sessions-{consumer.record_number}.pdf"
    )
