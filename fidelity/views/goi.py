"""The GOI estimated live: a program's 12 items, each item's evidence, and the pages that
record what the logs lack (training, the KIT's meetings, the eligible population)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from consumers import access
from fidelity import goi_estimates, periods, scoring
from fidelity.forms import EligiblePopulationForm, ProgramMeetingForm, TrainingRecordForm
from fidelity.models import EligiblePopulation, ProgramMeeting, Review, TrainingRecord
from fidelity.views.dashboard import (
    DRILL_PAGE_SIZE,
    asked_afresh,
    kept_context,
    people_lowering_page,
)
from imr_site import audit

# Recording the evidence is the leader's, as recording supervision is (COSIGN_NOTES is
# the leader's own capability); coordinators and reviewers read it.
RECORDS = dict(to_change=access.COSIGN_NOTES)


def _period_query(period):
    return f"?start={period.start:%Y-%m-%d}&end={period.end:%Y-%m-%d}"


@access.needs(access.VIEW_DASHBOARD)
def goi_dashboard(request, pk):
    program = access.program_for(request, pk)
    form, period = periods.period_from(request)
    found, worked_out_at = goi_estimates.kept_for_programs(
        [program], period, fresh=asked_afresh(request)
    )
    estimate = found[program.pk]
    return render(
        request,
        "fidelity/goi.html",
        {
            "program": program,
            "form": form,
            "period": period,
            "period_query": _period_query(period),
            "estimate": estimate,
            "score": estimate.score,
            "mean_rule": scoring.mean_rule(),
            "may_record": access.can_in(request.user, access.COSIGN_NOTES, program),
        }
        | kept_context(request, worked_out_at),
    )


@access.needs(access.VIEW_DASHBOARD)
def goi_item(request, pk, item):
    """One GOI item: its estimate, how it is rated, and the people or records behind it."""
    program = access.program_for(request, pk)
    if item not in goi_estimates.RULES:
        raise Http404("No such item.")
    form, period = periods.period_from(request)
    estimate = goi_estimates.item_for_program(program, period, item)
    context = {
        "program": program,
        "form": form,
        "period": period,
        "period_query": _period_query(period),
        "estimate": estimate,
        "may_record": access.can_in(request.user, access.COSIGN_NOTES, program),
    }
    page = request.GET.get("page")
    if item in goi_estimates.PEOPLE_ITEMS:
        people = goi_estimates.people_lowering(program, period, item)
        context["people"] = people_lowering_page(request, people, estimate)
        audit.record_for_each(
            request.user, audit.Action.VIEW, list(context["people"]), target=program
        )
    elif item == "G6":
        notes = goi_estimates.notes_lowering(program, period)
        context["notes"] = Paginator(notes, DRILL_PAGE_SIZE).get_page(page)
        audit.record_for_each(
            request.user,
            audit.Action.VIEW,
            [note.consumer for note in context["notes"]],
            target=program,
        )
    elif item in ("G7", "G8"):
        members = list(goi_estimates.practitioners([program], period))
        came, _held = goi_estimates.supervision_weeks([program], period)
        context["practitioners"] = [
            (member, weeks, attended, goi_estimates.current(member, period.end))
            for member, weeks, attended in goi_estimates.practitioner_weeks(
                program, members, came.get(program.pk, {}), period
            )
        ]
    elif item == "G3":
        context["eligible_counts"] = EligiblePopulation.objects.filter(program=program)[:12]
    elif item == "G9":
        context["reviews"] = Review.objects.filter(
            program=program, status=Review.Status.FINAL, visited_on__lte=period.end
        ).order_by("-visited_on")[:12]
    elif item == "G11":
        context["slots"] = _slots(program, period)
    return render(request, "fidelity/goi_item.html", context)


def _slots(program, period):
    held = ProgramMeeting.objects.filter(program=program).values_list("kind", "held_on")
    return [
        (slot, slot.state(period.end))
        for slot in goi_estimates.meeting_slots(program, list(held), period)
    ]


def _record(request, program, form, said):
    """Save the evidence and its audit event in one go; back to the page it was added on,
    saying `said`."""
    with audit.change(request.user, audit.Action.CREATE, program=program) as event:
        record = form.save(commit=False)
        record.program, record.recorded_by = program, request.user
        record.save()
        event.target = record
    messages.success(request, said)
    return redirect(request.path)


@access.needs(access.VIEW_DASHBOARD, **RECORDS)
def goi_training(request, pk):
    """The team's IMR training records (GOI item G7), and a form to add one."""
    program = access.program_for(request, pk)
    form = TrainingRecordForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        return _record(request, program, form, _("The training was recorded."))
    records = TrainingRecord.objects.filter(program=program).select_related(
        "staff_member", "recorded_by"
    )
    _form, period = periods.period_from(request)
    return render(
        request,
        "fidelity/goi_training.html",
        {
            "program": program,
            "form": form,
            "records": Paginator(records, DRILL_PAGE_SIZE).get_page(request.GET.get("page")),
            "practitioners": [
                (member, goi_estimates.current(member, period.end))
                for member in goi_estimates.practitioners([program], period)
            ],
            "may_record": access.can_in(request.user, access.COSIGN_NOTES, program),
        },
    )


@access.needs(access.VIEW_DASHBOARD, **RECORDS)
def goi_meetings(request, pk):
    """The KIT's meetings (GOI item G11): those held, and those due or missed this year."""
    program = access.program_for(request, pk)
    form = ProgramMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _record(request, program, form, _("The meeting was recorded."))
    today = timezone.localdate()
    year = periods.Period(periods.months_before(today, 12), today)
    meetings = ProgramMeeting.objects.filter(program=program).select_related("recorded_by")
    return render(
        request,
        "fidelity/goi_meetings.html",
        {
            "program": program,
            "form": form,
            "year": year,
            "slots": _slots(program, year)[::-1],
            "meetings": Paginator(meetings, DRILL_PAGE_SIZE).get_page(request.GET.get("page")),
            "may_record": access.can_in(request.user, access.COSIGN_NOTES, program),
        },
    )


@access.needs(access.VIEW_DASHBOARD, **RECORDS)
def goi_eligible(request, pk):
    """How many people are eligible for IMR, per period (GOI item G3)."""
    program = access.program_for(request, pk)
    form = EligiblePopulationForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        return _record(request, program, form, _("The eligible population was recorded."))
    return render(
        request,
        "fidelity/goi_eligible.html",
        {
            "program": program,
            "form": form,
            "counts": EligiblePopulation.objects.filter(program=program).select_related(
                "recorded_by"
            ),
            "may_record": access.can_in(request.user, access.COSIGN_NOTES, program),
            "goi_url": reverse("fidelity_goi", args=[program.pk]),
        },
    )
