"""Events on the chart (hospital and jail stays, crisis visits, relapses), how far back they
are known, and the safety note on the chart's header."""

from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consumers import access, outcomes, scale_history
from consumers.chart import back_to_chart, open_consumer
from consumers.forms.events import (
    ChartEventForm,
    EventsKnownFromForm,
    SafetyNoteForm,
    SafetyNoteReviewForm,
)
from consumers.models import ChartEvent, Consumer, SafetyNote
from imr_site import audit
from imr_site.pending_forms import form_data, keeps_typing

INTRO = {
    ChartEvent.Kind.HOSPITAL_STAY: gettext_lazy(
        "A stay in a psychiatric hospital or unit. Leave the discharge date blank while the "
        "person is still there."
    ),
    ChartEvent.Kind.CRISIS_VISIT: gettext_lazy("A visit to an emergency room or a crisis service."),
    ChartEvent.Kind.RELAPSE: gettext_lazy(
        "A relapse, as the person and you judge it. It is linked to the relapse prevention "
        "plan in force on its date."
    ),
    ChartEvent.Kind.JAIL_STAY: gettext_lazy(
        "Time in jail. Leave the release date blank while the person is still there."
    ),
}


@keeps_typing
@access.needs(access.EDIT_RECORDS)
def event_edit(request, pk, event_pk=None):
    consumer = open_consumer(request, pk)
    if event_pk:
        event = access.part_for(request, ChartEvent.objects.filter(consumer=consumer), event_pk)
    else:
        kind = request.GET.get("kind", ChartEvent.Kind.HOSPITAL_STAY)
        if kind not in ChartEvent.Kind.values:
            raise Http404("No such kind of event.")
        event = ChartEvent(consumer=consumer, kind=kind, recorded_by=request.user)
    form = ChartEventForm(form_data(request), instance=event)
    if request.method == "POST" and form.is_valid():
        adding = event.pk is None
        with transaction.atomic():
            stored = ChartEvent.objects.select_for_update().filter(pk=event.pk).first()
            meanwhile = stored is not None and form.changed_meanwhile(stored)
            if not meanwhile:
                with audit.change(
                    request.user,
                    audit.Action.CREATE if adding else audit.Action.CHANGE,
                    consumer=consumer,
                    target=event,
                    fields=form.changed_data,
                    request=request,
                ):
                    form.save()
        if not meanwhile:
            return back_to_chart(
                request,
                consumer,
                (_("The %(kind)s was recorded.") if adding else _("The %(kind)s was saved."))
                % {"kind": event.get_kind_display().lower()},
                section="events",
            )
    return render(
        request,
        "consumers/part_form.html",
        {
            "consumer": consumer,
            "forms": [form],
            "title": (_("Edit the %(kind)s") if event.pk else _("Record a %(kind)s"))
            % {"kind": event.get_kind_display().lower()},
            "intro": INTRO[event.kind],
            "section": "events",
        },
    )


@keeps_typing
@access.needs(access.EDIT_RECORDS)
def events_known_from(request, pk):
    consumer = open_consumer(request, pk)
    form = EventsKnownFromForm(form_data(request), instance=consumer)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            stored = Consumer.objects.select_for_update().get(pk=consumer.pk)
            meanwhile = form.changed_meanwhile(stored)
            if not meanwhile:
                with audit.change(
                    request.user,
                    audit.Action.CHANGE,
                    consumer=consumer,
                    fields=form.changed_data,
                    request=request,
                ):
                    form.save(commit=False).save(update_fields=["events_known_from", "updated_at"])
        if not meanwhile:
            return back_to_chart(request, consumer, _("The history was saved."), section="events")
    return render(
        request,
        "consumers/part_form.html",
        {
            "consumer": consumer,
            "forms": [form],
            "title": _("How far back the history goes"),
            "section": "events",
        },
    )


@keeps_typing
@access.needs(access.EDIT_RECORDS)
def safety_note_create(request, pk):
    consumer = open_consumer(request, pk)
    current = consumer.safety_notes.filter(cleared_at__isnull=True).first()
    note = SafetyNote(consumer=consumer, set_by=request.user)
    form = SafetyNoteForm(form_data(request), instance=note)
    if request.method == "POST" and current is None and form.is_valid():
        with transaction.atomic():
            # One note in force: two people setting one at once are taken in turn.
            Consumer.objects.select_for_update().filter(pk=consumer.pk).get()
            current = consumer.safety_notes.filter(cleared_at__isnull=True).first()
            if current is None:
                with audit.change(
                    request.user,
                    audit.Action.CREATE,
                    consumer=consumer,
                    target=note,
                    fields=form.changed_data,
                    request=request,
                ):
                    form.save()
        if current is None:
            return back_to_chart(request, consumer, _("The safety note was set."))
    return render(
        request,
        "consumers/safety_note_form.html",
        {"consumer": consumer, "form": form, "current": current},
    )


@keeps_typing
@access.needs(access.EDIT_RECORDS)
def safety_note_review(request, pk, safety_note_pk):
    consumer = open_consumer(request, pk)
    # Any of the person's notes: one cleared meanwhile is shown as cleared, with the
    # typing kept on the page, rather than as not found.
    note = access.part_for(request, SafetyNote.objects.filter(consumer=consumer), safety_note_pk)
    form = SafetyNoteReviewForm(form_data(request))
    if request.method == "POST" and note.cleared_at is None and form.is_valid():
        clearing = form.cleaned_data["outcome"] == form.CLEAR
        with audit.change(
            request.user,
            audit.Action.CHANGE,
            consumer=consumer,
            target=note,
            fields=["cleared_at", "cleared_why"] if clearing else ["reviewed_at"],
            request=request,
        ):
            if clearing:
                note.clear(by=request.user, why=form.cleaned_data["cleared_why"].strip())
            else:
                note.review(by=request.user)
        return back_to_chart(
            request,
            consumer,
            _("The safety note was cleared.")
            if clearing
            else _("The safety note was marked reviewed."),
        )
    return render(
        request,
        "consumers/safety_note_form.html",
        {"consumer": consumer, "form": form, "current": note, "reviewing": True},
    )


def chart_part(consumer, administrations, today):
    """What the chart shows of events, the safety note and the person's outcomes: three
    queries (the events with their plan versions, the notes, the day they entered IMR)."""
    events = list(
        consumer.events.select_related("relapse_plan", "recorded_by").order_by("-started_on", "-pk")
    )
    notes = list(consumer.safety_notes.select_related("set_by", "reviewed_by", "cleared_by"))
    entered_on = consumer.entered_imr_on()
    changes = {
        version: row.change
        for version, row in scale_history.changes_from_baseline(administrations).items()
    }
    return {
        "events": events,
        "safety_note": next((n for n in notes if n.in_force), None),
        "earlier_safety_notes": [n for n in notes if not n.in_force],
        "event_kinds": ChartEvent.Kind.choices,
        "outcomes": outcomes.for_person(
            entered_on=entered_on,
            known_from=consumer.events_known_from,
            events=events,
            end=today,
            scale_changes=changes,
            discharged_on=consumer.discharged_on,
        ),
        "scale_threshold": outcomes.SCALE_CHANGE_THRESHOLD,
        "direction_labels": outcomes.DIRECTION_LABELS,
    }
