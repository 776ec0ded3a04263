import datetime
import functools

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from consumers import access, attention, scale_history
from consumers.chart import back_to_chart, open_consumer
from consumers.forms import (
    CaseloadFilterForm,
    CaseloadSearchForm,
    ConsumerForm,
    StatusChangeForm,
)
from consumers.models import (
    ChartEvent,
    Consumer,
    Goal,
    GoalReview,
    GoalStep,
    ImrScaleAdministration,
    KnowledgeSkillsInventory,
    Plan,
    PlanSignature,
    PlanVersion,
    SafetyNote,
    StatusChange,
    Supporter,
    SupporterContact,
    TopicProgress,
)
from consumers.views import events
from curriculum import handouts, worksheets
from curriculum.models import HandoutGiven, WorksheetEntry
from curriculum.topics import TOPICS
from imr_site import access as site_access
from imr_site import audit, fragments, hand_over
from imr_site.pending_forms import form_data, keeps_typing
from sessions_log.models import Attendance, GroupMembership, Homework

User = get_user_model()
CASELOAD_PAGE_SIZE = 25
SEARCH_KEY = "caseload_search"


@access.needs(access.VIEW_RECORDS)
def caseload(request):
    if request.method == "POST":
        search = CaseloadSearchForm(request.POST)
        term = search.cleaned_data["search"].strip() if search.is_valid() else ""
        request.session[SEARCH_KEY] = term
        query = request.GET.urlencode()
        return redirect(f"{request.path}?{query}" if query else request.path)
    programs = access.programs_for(request)
    filters = CaseloadFilterForm(request.GET, programs=programs)
    today = timezone.localdate()
    consumers = attention.annotate(
        access.consumers_for(request).select_related("program", "assigned_practitioner"),
        today,
    )
    term = request.session.get(SEARCH_KEY, "")
    if term:
        consumers = consumers.filter(
            Q(preferred_name__icontains=term)
            | Q(legal_name__icontains=term)
            | Q(record_number__icontains=term)
        )
    consumers = filters.apply(consumers)
    if filters.is_valid() and filters.cleaned_data["attention"]:
        consumers = consumers.filter(attention.NEEDS_ATTENTION)
    page = Paginator(consumers, CASELOAD_PAGE_SIZE).get_page(request.GET.get("page"))
    for consumer in page:
        consumer.attention_items = attention.items(consumer)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "consumers/caseload.html",
        {
            "page": page,
            "filters": filters,
            "search": CaseloadSearchForm(initial={"search": term}),
            "searching": term,
            "query": query.urlencode(),
            "can_add": access.can(request.user, access.EDIT_RECORDS),
        },
    )


@keeps_typing
@access.needs(access.EDIT_RECORDS)
def consumer_create(request):
    programs = access.programs_for(request)
    form = ConsumerForm(form_data(request), programs=programs)
    if request.method == "POST" and form.is_valid():
        with audit.change(
            request.user, audit.Action.CREATE, fields=form.changed_data, request=request
        ) as event:
            consumer = event.consumer = form.save(commit=False).admit(by=request.user)
        messages.success(
            request,
            _("%(name)s was added as a referral.") % {"name": consumer.preferred_name},
        )
        return redirect(consumer)
    return render(request, "consumers/form.html", {"form": form, "consumer": None})


def homework_shown(pk):
    return Homework.objects.filter(consumer_id=pk).order_by("-agreed_on", "-pk")[:50]


def attendance_shown(pk):
    return (
        Attendance.objects.filter(consumer_id=pk)
        .select_related("session__group")
        .order_by("-session__held_on", "-session_id")[:50]
    )


def chart_parts(pk):
    """The rows each kept part of a person's chart shows (imr_site/fragments.py), for its
    key: every table a part reads, so a change to any of them draws the part again. From
    the person's id alone (fragments.fingerprints compiles them once)."""
    mine = {"consumer_id": pk}
    return {
        "overview": [
            (GroupMembership.objects.filter(**mine).order_by("pk"), ("group",)),
            (StatusChange.objects.filter(**mine).order_by("pk"), ("changed_by",)),
            User.objects.filter(assigned_consumers=pk),
        ],
        "goals": [
            Goal.objects.filter(**mine).order_by("pk"),
            GoalStep.objects.filter(goal__consumer_id=pk).order_by("pk"),
            (GoalReview.objects.filter(goal__consumer_id=pk).order_by("pk"), ("reviewed_by",)),
        ],
        "plans": [
            Plan.objects.filter(**mine).order_by("pk"),
            (PlanVersion.objects.filter(plan__consumer_id=pk).order_by("pk"), ("made_by",)),
            PlanSignature.objects.filter(version__plan__consumer_id=pk).order_by("pk"),
            PlanVersion.supporters.through.objects.filter(
                planversion__plan__consumer_id=pk
            ).order_by("pk"),
            Supporter.objects.filter(**mine).order_by("pk"),
        ],
        "progress": [TopicProgress.objects.filter(**mine).order_by("pk")],
        # What needs attention (consumers/attention.py): goals, topics and the scales.
        "attention": [
            Goal.objects.filter(**mine).order_by("pk"),
            TopicProgress.objects.filter(**mine).order_by("pk"),
        ],
        # The events part (consumers/views/events.py chart_part): events, safety notes,
        # the day the person entered IMR, and the scales.
        "events": [
            (ChartEvent.objects.filter(**mine).order_by("pk"), ("relapse_plan", "recorded_by")),
            (
                SafetyNote.objects.filter(**mine).order_by("pk"),
                ("set_by", "reviewed_by", "cleared_by"),
            ),
            StatusChange.objects.filter(**mine).order_by("pk"),
        ],
        "inventories": [
            (KnowledgeSkillsInventory.objects.filter(**mine).order_by("pk"), ("recorded_by",))
        ],
        "supporters": [
            Supporter.objects.filter(**mine).order_by("pk"),
            (
                SupporterContact.objects.filter(supporter__consumer_id=pk).order_by("pk"),
                ("recorded_by",),
            ),
        ],
        # A handout version never changes (HandoutVersion.save refuses), so the row's
        # version id stands for it: its text would be most of what the key hashes.
        "handouts": [
            (
                HandoutGiven.objects.filter(**mine).order_by("pk"),
                ("version__handout", "recorded_by"),
            )
        ],
        "worksheets": [(WorksheetEntry.objects.filter(**mine).order_by("pk"), ("recorded_by",))],
        "homework": [homework_shown(pk)],
        "sessions": [(attendance_shown(pk), ("session", "session__group"))],
    }


def chart_context(consumer, user, today):
    """Everything the chart shows, in a fixed number of queries however long the record.

    Most parts are kept drawn by their content (imr_site/fragments.py): one query works
    out every part's key, and a part's own rows are read only when it must be drawn
    again, which is why its values here are functions the template calls.
    """
    administrations = list(
        ImrScaleAdministration.objects.filter(consumer=consumer).select_related(
            "rated_by", "recorded_by"
        )
    )
    can_audit = access.can_in(user, access.VIEW_AUDIT, consumer.program)
    sheets = worksheets.all_worksheets()
    # The day is in every key: a goal falls overdue on a day.
    common = f"{today}:{fragments.fingerprint_of([consumer])}"
    kept = fragments.fingerprints(chart_parts, consumer.pk, common=common)
    kept["scales"] = fragments.fingerprint_of(administrations)
    # Values, not drawn parts, kept the same way: what needs attention, and the events
    # with the outcomes they give (the scales' change is in both).
    attention_items = fragments.kept(
        "attention",
        f"{kept.pop('attention')}:{kept['scales']}",
        lambda: attention.items(
            attention.annotate(Consumer.objects.filter(pk=consumer.pk), today).get()
        ),
    )
    events_part = fragments.kept(
        "events",
        f"{kept.pop('events')}:{kept['scales']}",
        lambda: events.chart_part(consumer, administrations, today),
    )

    @functools.cache
    def goals():
        found = list(
            Goal.objects.filter(consumer=consumer).prefetch_related(
                "steps",
                Prefetch("reviews", queryset=GoalReview.objects.select_related("reviewed_by")),
            )
        )
        for goal in found:
            goal.overdue = goal.review_overdue(today)
        return found

    def plans():
        found = {
            plan.kind: plan
            for plan in Plan.objects.filter(consumer=consumer)
            .annotate(version_count=Count("versions"))
            .prefetch_related(
                Prefetch(
                    "versions",
                    queryset=PlanVersion.objects.select_related(
                        "made_by", "person_signature"
                    ).prefetch_related("supporters"),
                )
            )
        }
        for plan in found.values():
            plan.current = plan.versions.all()[0] if plan.version_count else None
        return [(kind, label, found.get(kind)) for kind, label in Plan.Kind.choices]

    def progress():
        found = {p.topic: p for p in consumer.topic_progress.all()}
        return [(number, title, found.get(number)) for number, title in TOPICS]

    def worksheet_entries():
        entries = list(consumer.worksheet_entries.select_related("recorded_by"))
        for entry in entries:
            entry.sheet = sheets.get(entry.worksheet)
        return entries

    return {
        "consumer": consumer,
        "kept": kept,
        "kept_seconds": fragments.KEEP_SECONDS,
        "attention_items": attention_items,
        "status_changes": consumer.status_changes.select_related("changed_by"),
        "supporters": consumer.supporters.prefetch_related(
            Prefetch("contacts", queryset=SupporterContact.objects.select_related("recorded_by"))
        ),
        "inventories": consumer.inventories.select_related("recorded_by"),
        "long_term_goals": lambda: [g for g in goals() if g.kind == Goal.Kind.LONG_TERM],
        "short_term_goals": lambda: [g for g in goals() if g.kind == Goal.Kind.SHORT_TERM],
        "plans": plans,
        "progress": progress,
        # Worked out only when the part is drawn, not when it is kept.
        "scales": functools.partial(scale_history.scale_summary, administrations),
        "handouts_given": functools.partial(handouts.given_to, consumer),
        "group_memberships": consumer.group_memberships.select_related("group").order_by(
            "-joined_on"
        ),
        "worksheet_entries": worksheet_entries,
        "homework": homework_shown(consumer.pk),
        "today": today,
        "notes_from": today - datetime.timedelta(days=90),
        "attendance": attendance_shown(consumer.pk),
        "entry_worksheets": [sheet for sheet in sheets.values() if sheet.is_entry],
        "plan_worksheets": [sheet for sheet in sheets.values() if sheet.is_plan],
        "can_edit": access.can_in(user, access.EDIT_RECORDS, consumer.program),
        # Only the practitioner whose sign-in ended during a hand-over sees its answers.
        "kept_hand_overs": hand_over.kept_for(user, consumer),
        "can_print": access.can_in(user, access.PRINT, consumer.program),
        "can_audit": can_audit,
        "audit_events": (
            site_access.audit_events_for(user).filter(consumer=consumer).select_related("actor")[:8]
            if can_audit
            else []
        ),
    } | events_part


@access.needs(access.VIEW_RECORDS)
def consumer_chart(request, pk):
    consumer = open_consumer(request, pk)
    return render(
        request,
        "consumers/chart.html",
        chart_context(consumer, request.user, timezone.localdate()),
    )


@keeps_typing
@access.needs(access.EDIT_RECORDS)
def consumer_edit(request, pk):
    consumer = open_consumer(request, pk)
    programs = access.programs_for(request)
    form = ConsumerForm(form_data(request), instance=consumer, programs=programs)
    if request.method == "POST" and form.is_valid():
        if not form.has_changed():
            return redirect(consumer)
        with transaction.atomic():
            stored = Consumer.objects.select_for_update().get(pk=consumer.pk)
            if form.changed_meanwhile(stored):
                return render(request, "consumers/form.html", {"form": form, "consumer": consumer})
            with audit.change(
                request.user,
                audit.Action.CHANGE,
                consumer=consumer,
                fields=form.changed_data,
                request=request,
            ):
                form.save()
        return back_to_chart(request, consumer, _("The record was saved."))
    return render(request, "consumers/form.html", {"form": form, "consumer": consumer})


@keeps_typing
@access.needs(access.EDIT_RECORDS)
def consumer_status(request, pk):
    consumer = open_consumer(request, pk)
    form = StatusChangeForm(form_data(request), consumer=consumer)
    if request.method == "POST" and form.is_valid():
        try:
            with audit.change(
                request.user,
                audit.Action.CHANGE,
                consumer=consumer,
                fields=["status"],
                request=request,
            ):
                form.save(by=request.user)
                # Groups the discharge ends are changes of their own, in the same transaction.
                for membership in form.memberships_ended:
                    audit.record(
                        request.user,
                        audit.Action.CHANGE,
                        consumer=consumer,
                        target=membership,
                        fields=["left_on"],
                        request=request,
                    )
        except ValidationError as error:
            form.refused(error)
        else:
            response = back_to_chart(
                request,
                consumer,
                _("The status is now %(status)s.")
                % {"status": consumer.get_status_display().lower()},
                section="overview",
            )
            if consumer.status == Consumer.Status.DISCHARGED:
                return redirect("discharge_summary", pk=consumer.pk, change_pk=form.change.pk)
            return response
    return render(
        request,
        "consumers/part_form.html",
        {
            "consumer": consumer,
            "forms": [form],
            "title": _("Change the status"),
            "intro": _("Now: %(status)s, since %(since)s.")
            % {
                "status": consumer.get_status_display(),
                "since": f"{consumer.status_since:%Y-%m-%d}",
            },
            "section": "overview",
        },
    )
