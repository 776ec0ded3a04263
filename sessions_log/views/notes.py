import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from consumers import access
from consumers.models import Consumer, Goal
from curriculum import content, handouts, pdf, printing
from curriculum.models import HandoutGiven, HandoutVersion
from curriculum.topics import TOPICS
from curriculum.views.consumer import consumer_to_print, full_name_asked, printed
from imr_site import audit
from imr_site.pending_forms import form_data, keeps_typing
from sessions_log import goal_followup, logbook, note_items
from sessions_log import notes as notes_module
from sessions_log.forms import (
    AddendumForm,
    AddMemberForm,
    CosignNotesForm,
    GroupForm,
    GroupPacketsForm,
    LeaveForm,
    NotesRangeForm,
    PersonNoteForm,
    SessionForm,
    SessionKitForm,
    SharedNoteForm,
    SignNotesForm,
    SupervisionForm,
)
from sessions_log.models import (
    Addendum,
    Attendance,
    Group,
    GroupMembership,
    ProgressNote,
    Session,
    SupervisionMeeting,
)


@access.capability_required(access.PRINT)
def progress_note_blank_pdf(request):
    data = pdf.render_pdf(
        "print/progress_note.html",
        printing.blank(request.user)
        | {
            "doc_title": "IMR Progress Note",
            "motivational": note_items.MOTIVATIONAL,
            "topics": TOPICS,
            "educational_techniques": note_items.EDUCATIONAL_TECHNIQUES,
            "cognitive_behavioral": note_items.COGNITIVE_BEHAVIORAL,
            "skills": note_items.SKILLS,
        },
    )
    return pdf.pdf_response(data, "imr-progress-note-blank.pdf")


# --- groups --------------------------------------------------------------------------------


@access.capability_required(access.VIEW_RECORDS)
def group_list(request):
    in_force = GroupMembership.in_force_on(timezone.localdate(), prefix="memberships__")
    groups = (
        access.groups_for(request.user)
        .select_related("program")
        .prefetch_related("facilitators")
        .annotate(member_count=Count("memberships", filter=in_force))
        .order_by("program__name", "name")
    )
    page = Paginator(groups, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "sessions_log/group_list.html",
        {
            "page": page,
            "capacity": Group.CAPACITY,
            "can_create": access.can(request.user, access.EDIT_RECORDS),
        },
    )


@access.capability_required(access.EDIT_RECORDS)
def group_create(request):
    programs = access.programs_where(request.user, access.EDIT_RECORDS)
    form = GroupForm(request.POST or None, programs=programs)
    if request.method == "POST" and form.is_valid():
        group = form.save(commit=False)
        group.created_by = request.user
        group.save()
        form.save_m2m()
        audit.record(request.user, audit.Action.CREATE, target=group, program=group.program)
        messages.success(request, f"Group “{group.name}” created. Now add its members.")
        return redirect("group_detail", pk=group.pk)
    return render(request, "sessions_log/group_form.html", {"form": form, "group": None})


@access.capability_required(access.EDIT_RECORDS)
def group_edit(request, pk):
    group = access.group_for_user(request.user, pk, access.EDIT_RECORDS, request=request)
    programs = access.programs_where(request.user, access.EDIT_RECORDS)
    form = GroupForm(request.POST or None, instance=group, programs=programs)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit.record(
            request.user,
            audit.Action.CHANGE,
            target=group,
            program=group.program,
            fields=form.changed_data,
        )
        messages.success(request, "Group details saved.")
        return redirect("group_detail", pk=group.pk)
    return render(request, "sessions_log/group_form.html", {"form": form, "group": group})


@access.capability_required(access.VIEW_RECORDS)
def group_detail(request, pk):
    group = access.group_for_user(request.user, pk, request=request)
    audit.record(request.user, audit.Action.VIEW, target=group, program=group.program)
    return render_group(request, group)


def render_group(request, group, *, add_form=None, packets_form=None, kit_form=None, status=200):
    """The group page, with any form that came back with errors in place of a fresh one."""
    can_edit = access.can_in(request.user, access.EDIT_RECORDS, group.program)
    can_print = access.can_in(request.user, access.PRINT, group.program)
    current = HandoutVersion.objects.current_for(group.program.agency_id)
    members = list(group.current_members())
    past = group.memberships.exclude(pk__in=[m.pk for m in members]).select_related("consumer")
    context = {
        "group": group,
        "members": members,
        "past_members": past.order_by("-left_on"),
        "over_capacity": len(members) > Group.CAPACITY,
        "goals_past_due": goal_followup.past_due(members),
        "capacity": Group.CAPACITY,
        "facilitators": group.facilitators.all(),
        "can_edit": can_edit,
        "can_print": can_print,
        "add_form": add_form or (AddMemberForm(group=group) if can_edit else None),
        "today": timezone.localdate(),
        "sessions": Paginator(
            group.sessions.annotate(
                present_count=Count("attendance", filter=Q(attendance__status="present"))
            ).order_by("-held_on"),
            20,
        ).get_page(request.GET.get("page")),
    }
    if can_print:
        context["packets_form"] = packets_form or GroupPacketsForm(
            current=current, prefix="packets"
        )
        context["kit_form"] = kit_form or SessionKitForm(group=group, current=current, prefix="kit")
    return render(request, "sessions_log/group_detail.html", context, status=status)


@require_POST
@access.capability_required(access.EDIT_RECORDS)
def group_member_add(request, pk):
    group = access.group_for_user(request.user, pk, access.EDIT_RECORDS, request=request)
    form = AddMemberForm(request.POST, group=group)
    if not form.is_valid():
        return render_group(request, group, add_form=form, status=400)
    consumer = form.cleaned_data["consumer"]
    try:
        with transaction.atomic():
            membership = GroupMembership.objects.create(
                group=group,
                consumer=consumer,
                joined_on=form.cleaned_data["joined_on"],
                added_by=request.user,
            )
    except IntegrityError:
        # Someone else added the same person a moment ago: the roster already shows them.
        messages.info(request, f"{consumer.preferred_name} is already in this group.")
        return redirect("group_detail", pk=group.pk)
    audit.record(request.user, audit.Action.CREATE, consumer=consumer, target=membership)
    messages.success(request, f"{consumer.preferred_name} joined {group.name}.")
    size = group.current_members().count()
    if size > Group.CAPACITY:
        messages.warning(
            request,
            f"The group now has {size} members. IMR groups work best with {Group.CAPACITY} "
            "or fewer; think about starting a second group.",
        )
    return redirect("group_detail", pk=group.pk)


@require_POST
@access.capability_required(access.EDIT_RECORDS)
def group_member_leave(request, pk, membership_pk):
    group = access.group_for_user(request.user, pk, access.EDIT_RECORDS, request=request)
    membership = get_object_or_404(
        group.memberships.select_related("consumer"), pk=membership_pk, left_on__isnull=True
    )
    form = LeaveForm(request.POST, membership=membership)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["left_on"]))
        return redirect("group_detail", pk=group.pk)
    membership.left_on = form.cleaned_data["left_on"]
    membership.save(update_fields=["left_on"])
    audit.record(
        request.user,
        audit.Action.CHANGE,
        consumer=membership.consumer,
        target=membership,
        fields=["left_on"],
    )
    messages.success(request, f"{membership.consumer.preferred_name} has left {group.name}.")
    return redirect("group_detail", pk=group.pk)


def group_to_print(request, pk, capability):
    group = access.group_for_user(request.user, pk, capability, request=request)
    if not access.can_in(request.user, access.PRINT, group.program):
        raise PermissionDenied
    return group


@require_POST
@access.capability_required(access.EDIT_RECORDS)
def group_packets_pdf(request, pk):
    """A packet for each member now in the group; each handout is recorded as given."""
    group = group_to_print(request, pk, access.EDIT_RECORDS)
    current = HandoutVersion.objects.current_for(group.program.agency_id)
    form = GroupPacketsForm(request.POST, current=current, prefix="packets")
    members = list(group.current_members().select_related("consumer__program__agency"))
    if not form.is_valid():
        return render_group(request, group, packets_form=form, status=400)
    if not members:
        messages.error(request, "The group has no members yet, so there is nobody to print for.")
        return redirect("group_detail", pk=group.pk)
    versions = printing.binder_versions(current, form.chosen_topics())
    documents = printing.group_packet_documents(
        group,
        members,
        versions,
        full_name=form.cleaned_data["full_name"],
        large_print=form.cleaned_data["large_print"],
    )
    people = [membership.consumer for membership in members]
    for person in people:
        handouts.record_given(
            person, versions, how=HandoutGiven.How.PRINTED, on=timezone.localdate(), by=request.user
        )
    audit.record_for_each(request.user, audit.Action.PRINT, people, target=group)
    return pdf.pdf_response(pdf.join(documents), f"group-{group.pk}-packets.pdf")


@access.capability_required(access.VIEW_RECORDS)
def group_kit_pdf(request, pk):
    """The facilitator's kit for one meeting: sign-in sheet, agenda and the topic's handout."""
    group = group_to_print(request, pk, access.VIEW_RECORDS)
    current = HandoutVersion.objects.current_for(group.program.agency_id)
    form = SessionKitForm(request.GET, group=group, current=current, prefix="kit")
    if not form.is_valid():
        return render_group(request, group, kit_form=form, status=400)
    on, topic = form.cleaned_data["on"], form.cleaned_data["topic"]
    members = list(group.members_on(on))
    documents = printing.session_kit_documents(
        group, members, current[topic], on=on, facilitators=list(group.facilitators.all())
    )
    # The sign-in sheet names every member: a print of each person's name.
    audit.record_for_each(
        request.user, audit.Action.PRINT, [m.consumer for m in members], target=group
    )
    return pdf.pdf_response(pdf.join(documents), f"group-{group.pk}-kit-{on:%Y%m%d}.pdf")


# --- sessions ------------------------------------------------------------------------------


def session_subject(request):
    """Whom the new session is with: a group (?group=id) or one person (?consumer=id).

    (None, None, None) when neither is given: the page asks.
    """
    if request.GET.get("group", "").isdecimal():
        group = access.group_for_user(
            request.user, request.GET["group"], access.EDIT_RECORDS, request=request
        )
        roster = group.roster_since(timezone.localdate() - ROSTER_WINDOW)
        for membership in roster:
            membership.consumer.left_group_on = membership.left_on
        return group, group.program, [m.consumer for m in roster]
    if request.GET.get("consumer", "").isdecimal():
        consumer = access.consumer_for_user(
            request.user, request.GET["consumer"], write=True, request=request
        )
        return None, consumer.program, [consumer]
    return None, None, None


# Who may be on a group session's form: members now, and anyone who left in the last 8 weeks
# (sessions are often logged days later).
ROSTER_WINDOW = datetime.timedelta(weeks=8)


@keeps_typing
@access.capability_required(access.EDIT_RECORDS)
def session_create(request):
    group, program, people = session_subject(request)
    if program is None:
        return render(
            request,
            "sessions_log/session_start.html",
            {
                "groups": access.groups_for(request.user, access.EDIT_RECORDS)
                .select_related("program")
                .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=timezone.localdate())),
                "people": access.consumers_for(request.user, access.EDIT_RECORDS)
                .filter(status__in=Consumer.IN_PROGRAM_STATUSES)
                .order_by("preferred_name"),
            },
        )
    current = HandoutVersion.objects.filter(
        pk__in=[v.pk for v in HandoutVersion.objects.current_for(program.agency_id).values()]
    ).select_related("handout")
    session = Session(
        program=program,
        kind=Session.Kind.GROUP if group else Session.Kind.INDIVIDUAL,
        group=group,
        facilitator=request.user,
        length_minutes=group.length_minutes if group else 45,
        starts_at=group.starts_at if group else None,
        held_on=timezone.localdate(),
    )
    everyone_here = "all_present" in request.POST
    form = SessionForm(
        form_data(request),
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
        messages.success(request, "The session was logged.")
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
        },
    )


@access.capability_required(access.VIEW_RECORDS)
def session_detail(request, pk):
    session = access.session_for_user(request.user, pk, request=request)
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


# --- progress notes ------------------------------------------------------------------------


@keeps_typing
@access.capability_required(access.VIEW_RECORDS)
def session_notes(request, pk):
    """Every present person's note of one session: shared parts once, each person's own parts."""
    session = access.session_for_user(request.user, pk, request=request)
    can_write = access.can_in(request.user, access.EDIT_RECORDS, session.program)
    if request.method == "POST" and not can_write:
        raise PermissionDenied
    data = form_data(request)
    shared, rows, people, notes = note_forms(session, data, can_write=can_write)
    if request.method == "POST":
        if request.POST.get("addendum_for"):
            add_typing_as_addendum(request, shared, rows, request.POST["addendum_for"])
        editable = [row for row in rows if row["form"] is not None and not row["signed_meanwhile"]]
        if shared.is_valid() and all(row["form"].is_valid() for row in editable):
            saved, conflicts = save_notes(request, session, shared, editable)
            if not conflicts and not any(row["signed_meanwhile"] for row in rows):
                if saved:
                    messages.success(
                        request,
                        ngettext(
                            "%(count)d note saved as a draft.",
                            "%(count)d notes saved as drafts.",
                            len(saved),
                        )
                        % {"count": len(saved)},
                    )
                return redirect("session_notes", pk=session.pk)
            if conflicts:
                messages.warning(
                    request,
                    "Someone else saved a note while you were writing. Your words are still in "
                    "the form: compare them with the saved note shown beside it, then save again.",
                )
        if any(row["signed_meanwhile"] for row in rows):
            messages.warning(request, SIGNED_MEANWHILE)
    else:
        audit.record_for_each(request.user, audit.Action.VIEW, people, target=session)
    signed = [row["note"] for row in rows if row["note"] and row["note"].is_signed]
    # Once every note is signed, the page only shows them; a page sent with typing for a
    # note signed meanwhile still shows that typing.
    editing = can_write and (
        len(signed) < len(rows) or any(row["signed_meanwhile"] for row in rows)
    )
    return render(
        request,
        "sessions_log/session_notes.html",
        {
            "session": session,
            "shared": shared,
            "shared_note": None if editing or not signed else notes_module.with_labels(signed)[0],
            "rows": rows,
            "can_write": can_write,
            "editing": editing,
            "can_sign": notes_module.may_sign(request.user, session)
            and any(not note.is_signed for note in notes.values()),
            "sign_form": SignNotesForm(user=request.user),
            "cosignable": [
                note
                for note in signed
                if not note.cosigned_at and note.signed_by_id != request.user.pk
            ]
            if access.can_in(request.user, access.COSIGN_NOTES, session.program)
            else [],
        },
    )


SIGNED_MEANWHILE = (
    "A note you were typing in was signed meanwhile, so your words were not saved to it. "
    "They are still on this page: add them to the signed note as an addendum."
)


def add_typing_as_addendum(request, shared, rows, consumer_pk):
    """The one step offered when a note was signed while its page was open."""
    row = next(
        (r for r in rows if r["signed_meanwhile"] and str(r["consumer"].pk) == consumer_pk), None
    )
    if row is None or not (shared.is_valid() and row["form"].is_valid()):
        return
    note = row["note"]
    text = notes_module.typing_as_addendum(note, [shared, row["form"]])
    name = row["consumer"].preferred_name
    if not text:
        messages.info(request, f"What you typed for {name} is already in the signed note.")
    else:
        with transaction.atomic():
            addendum = Addendum.objects.create(note=note, text=text, written_by=request.user)
            audit.record(request.user, audit.Action.CREATE, consumer=note.consumer, target=addendum)
        messages.success(request, f"What you typed is now an addendum to {name}'s signed note.")
    row["signed_meanwhile"], row["form"], row["conflict"] = False, None, None


def note_forms(session, data, *, can_write):
    """The shared form and one row per person present (their note and, if editable, form)."""
    people = [
        row.consumer
        for row in session.attendance.filter(status=Attendance.Status.PRESENT)
        .select_related("consumer")
        .order_by("consumer__preferred_name")
    ]
    notes = {
        note.consumer_id: note
        for note in session.notes.select_related("consumer", "signed_by", "cosigned_by", "goal")
        .prefetch_related("addenda__written_by")
        .order_by()
    }
    goals = {}
    for goal in Goal.objects.filter(consumer__in=people, status__in=Goal.OPEN_STATUSES):
        goals.setdefault(goal.consumer_id, []).append(goal)
    homework = notes_module.open_homework(people, session.held_on)
    any_note = next(iter(notes.values()), None)
    shared = SharedNoteForm(
        data,
        prefix="shared",
        initial=SharedNoteForm.initial_from(any_note)
        if any_note
        else {"educational": [session.topic] if session.topic else []},
    )
    rows = []
    for person in people:
        note = notes.get(person.pk)
        row = {
            "consumer": person,
            "note": note,
            "form": None,
            "conflict": None,
            "signed_meanwhile": False,
        }
        signed = bool(note and note.is_signed)
        # The page that sent this had a form for the note, signed elsewhere since.
        typed_into_signed = signed and data is not None and f"n{person.pk}-revision" in data
        if can_write and (typed_into_signed or not signed):
            row["form"] = PersonNoteForm(
                data,
                # Never bound to a signed note itself: checking the form would change it.
                instance=note
                if note and not signed
                else ProgressNote(session=session, consumer=person),
                goals=goals.get(person.pk, []),
                homework=homework.get(person.pk),
                prefix=f"n{person.pk}",
            )
            if typed_into_signed:
                unsaved = not (shared.is_valid() and row["form"].is_valid()) or (
                    notes_module.typing_as_addendum(note, [shared, row["form"]])
                )
                if unsaved:
                    row["signed_meanwhile"], row["conflict"] = True, note
                else:
                    row["form"] = None  # nothing typed that the signed note lacks
        rows.append(row)
    return shared, rows, people, notes


@require_POST
@access.capability_required(access.EDIT_RECORDS)
def session_notes_autosave(request, pk):
    """Save the drafts as they are typed; answers JSON for static/js/note_autosave.js."""
    session = access.session_for_user(request.user, pk, access.EDIT_RECORDS, request=request)
    shared, rows, _, _ = note_forms(session, request.POST, can_write=True)
    if not shared.is_valid():
        return JsonResponse({"saved": [], "waiting": ["shared"]})
    writing = [row for row in rows if row["form"] is not None and not row["signed_meanwhile"]]
    ready = [row for row in writing if row["form"].is_valid()]
    saved, conflicts = save_notes(request, session, shared, ready)
    return JsonResponse(
        {
            "saved": [note.consumer_id for note in saved],
            # New revisions, so the next save from this page is not taken for a stale one.
            "revisions": {f"n{note.consumer_id}-revision": note.revision for note in saved},
            "conflicts": [row["consumer"].pk for row in conflicts],
            # Notes signed since the page was opened: the typing for them was not saved.
            "signed": [
                {
                    "person": row["consumer"].pk,
                    "name": row["consumer"].preferred_name,
                    "at": timezone.localtime(row["conflict"].signed_at).strftime("%H:%M"),
                }
                for row in rows
                if row["signed_meanwhile"]
            ],
            "waiting": [row["consumer"].pk for row in writing if row not in ready],
            "at": timezone.localtime().strftime("%H:%M:%S"),
        }
    )


@transaction.atomic
def save_notes(request, session, shared, rows):
    """Save each editable draft; a draft someone else saved meanwhile is left to its writer.

    One transaction with its audit events: a note is never saved unattributed.
    """
    saved, conflicts = [], []
    for row in rows:
        form = row["form"]
        fields = shared.note_fields() | form.note_fields()
        note, theirs = notes_module.save_draft(
            session,
            row["consumer"],
            fields,
            revision=form.cleaned_data["revision"],
            by=request.user,
        )
        if note:
            saved.append(note)
            row["note"] = note
        else:
            row["conflict"] = theirs
            if theirs.is_signed:
                # Signed while this page was open: the typing is offered as an addendum.
                row["note"], row["signed_meanwhile"] = theirs, True
            else:
                conflicts.append(row)
        # If the page comes back (another note conflicted), each form carries the revision
        # now stored: saving again succeeds, and overwrites theirs only on purpose.
        form.data = form.data.copy()
        form.data[form.add_prefix("revision")] = (note or theirs).revision
    audit.record_for_each(
        request.user, audit.Action.CHANGE, [note.consumer for note in saved], target=session
    )
    return saved, conflicts


@require_POST
@access.capability_required(access.SIGN_NOTES)
def session_notes_sign(request, pk):
    session = access.session_for_user(request.user, pk, access.SIGN_NOTES, request=request)
    if not notes_module.may_sign(request.user, session):
        raise PermissionDenied
    form = SignNotesForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["password"]))
        return redirect("session_notes", pk=session.pk)
    signed = notes_module.sign_drafts(session, request.user)
    audit.record_for_each(
        request.user, audit.Action.CHANGE, [note.consumer for note in signed], target=session
    )
    messages.success(
        request,
        ngettext(
            "%(count)d note signed. It can no longer be changed.",
            "%(count)d notes signed. They can no longer be changed.",
            len(signed),
        )
        % {"count": len(signed)},
    )
    return redirect("session_notes", pk=session.pk)


@require_POST
@access.capability_required(access.EDIT_RECORDS)
def note_addendum(request, note_pk):
    note = access.note_for_user(request.user, note_pk, access.EDIT_RECORDS, request=request)
    form = AddendumForm(request.POST)
    if not note.is_signed:
        messages.error(request, "A draft is changed directly; addenda are for signed notes.")
    elif not form.is_valid():
        messages.error(request, "Write the addendum before saving it.")
    else:
        addendum = Addendum.objects.create(
            note=note, text=form.cleaned_data["text"], written_by=request.user
        )
        audit.record(request.user, audit.Action.CREATE, consumer=note.consumer, target=addendum)
        messages.success(request, f"Addendum added to {note.consumer.preferred_name}'s note.")
    return redirect(f"{reverse('session_notes', args=[note.session_id])}#note-{note.pk}")


@access.capability_required(access.SIGN_NOTES)
def notes_review(request):
    """What waits on the user: notes to read and co-sign, and overdue notes.

    A post co-signs the notes ticked after reading them, with the password, as signing
    asks; from a session's notes page (`back`), it returns there.
    """
    user = request.user
    to_cosign = notes_module.awaiting_cosignature(
        ProgressNote.objects.filter(
            session__program__in=access.programs_where(user, access.COSIGN_NOTES)
        ),
        user,
    )
    form = None
    if request.method == "POST":
        if not access.can(user, access.COSIGN_NOTES):
            raise PermissionDenied
        # Each note named is looked up in the user's scope: another team's is a 404, audited.
        for pk in request.POST.getlist("notes"):
            access.note_for_user(user, pk, access.COSIGN_NOTES, request=request)
        form = CosignNotesForm(request.POST, user=user, notes=to_cosign)
        back = request.POST.get("back", "")
        if form.is_valid():
            with transaction.atomic():
                done = notes_module.cosign(form.cleaned_data["notes"], user)
                for note in done:
                    audit.record(user, audit.Action.CHANGE, consumer=note.consumer, target=note)
            messages.success(
                request,
                ngettext("%(count)d note co-signed.", "%(count)d notes co-signed.", len(done))
                % {"count": len(done)},
            )
            form = None
        if back.isdecimal():
            if form is not None:
                messages.error(
                    request, " ".join(e for errors in form.errors.values() for e in errors)
                )
            return redirect("session_notes", pk=int(back))
        if form is None:
            return redirect("notes_review")
    sessions = Session.objects.filter(program__in=access.programs_where(user, access.SIGN_NOTES))
    if not access.can(user, access.COSIGN_NOTES):
        sessions = sessions.filter(Q(facilitator=user) | Q(group__facilitators=user)).distinct()
    page = Paginator(
        to_cosign.select_related("session__group", "consumer", "signed_by")
        .prefetch_related("addenda__written_by")
        .order_by("signed_at", "pk"),
        COSIGN_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    notes_module.with_labels(page.object_list)
    return render(
        request,
        "sessions_log/notes_review.html",
        {
            "to_cosign": page,
            "cosign_form": form or CosignNotesForm(user=user, notes=to_cosign),
            "ticked": request.POST.getlist("notes") if form is not None else [],
            "overdue": notes_module.overdue_drafts(sessions)
            .select_related("session__group", "consumer", "updated_by")
            .order_by("session__held_on")[:200],
            "missing": notes_module.missing_notes(sessions)
            .select_related("session__group", "consumer")
            .order_by("session__held_on")[:200],
            "overdue_days": settings.NOTE_OVERDUE_DAYS,
        },
    )


# The queue shows each note whole, to be read before co-signing: a page holds fewer.
COSIGN_PAGE_SIZE = 20


# --- printing notes ------------------------------------------------------------------------


@access.capability_required(access.PRINT)
def note_pdf(request, note_pk):
    note = access.note_for_user(request.user, note_pk, access.VIEW_RECORDS, request=request)
    if not access.can_in(request.user, access.PRINT, note.session.program):
        raise PermissionDenied
    chosen = notes_module.for_printing(ProgressNote.objects.filter(pk=note.pk))
    return notes_pdf(request, note.consumer, chosen, f"note-{note.pk}.pdf")


@access.capability_required(access.PRINT)
def consumer_notes_pdf(request, pk):
    consumer = consumer_to_print(request, pk)
    today = timezone.localdate()
    # Without dates: the last 90 days, the span a chart review usually asks for.
    form = NotesRangeForm(
        request.GET
        if "date_from" in request.GET
        else {"date_from": today - datetime.timedelta(days=90), "date_to": today}
    )
    if not form.is_valid():
        messages.error(request, "Choose the first and last day of the notes to print.")
        return redirect(f"{consumer.get_absolute_url()}#sessions")
    start, end = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    chosen = notes_module.for_printing(
        ProgressNote.objects.filter(consumer=consumer, session__held_on__range=(start, end))
    )
    return notes_pdf(
        request,
        consumer,
        chosen,
        f"{consumer.record_number}-notes-{start:%Y%m%d}-{end:%Y%m%d}.pdf",
        date_from=start,
        date_to=end,
    )


def notes_pdf(request, consumer, notes, filename, **extra):
    data = pdf.render_pdf(
        "print/progress_notes.html",
        printing.for_consumer(consumer, full_name=full_name_asked(request))
        | {"doc_title": "IMR Progress Notes", "notes": notes, **extra},
    )
    return printed(request, consumer, data, filename)


# --- supervision ---------------------------------------------------------------------------


@access.capability_required(access.SIGN_NOTES)
def supervision_list(request):
    meetings = (
        SupervisionMeeting.objects.filter(
            program__in=access.programs_where(request.user, access.SIGN_NOTES)
        )
        .select_related("program", "led_by")
        .annotate(
            people_count=Count("attendees", distinct=True),
            consumer_count=Count("consumers_discussed", distinct=True),
        )
        .order_by("-held_on", "-created_at")
    )
    return render(
        request,
        "sessions_log/supervision_list.html",
        {
            "page": Paginator(meetings, 25).get_page(request.GET.get("page")),
            "can_record": access.can(request.user, access.COSIGN_NOTES),
        },
    )


@keeps_typing
@access.capability_required(access.COSIGN_NOTES)
def supervision_create(request):
    programs = access.programs_where(request.user, access.COSIGN_NOTES)
    form = SupervisionForm(form_data(request), programs=programs)
    if request.method == "POST" and form.is_valid():
        meeting = form.save(commit=False)
        meeting.led_by = meeting.created_by = request.user
        meeting.save()
        form.save_m2m()
        audit.record_for_each(
            request.user,
            audit.Action.CREATE,
            list(meeting.consumers_discussed.all()),
            target=meeting,
        )
        messages.success(request, "The supervision meeting was recorded.")
        return redirect("supervision_detail", pk=meeting.pk)
    return render(request, "sessions_log/supervision_form.html", {"form": form})


@access.capability_required(access.SIGN_NOTES)
def supervision_detail(request, pk):
    meeting = access.supervision_meeting_for_user(request.user, pk, request=request)
    discussed = list(meeting.consumers_discussed.order_by("preferred_name"))
    audit.record_for_each(request.user, audit.Action.VIEW, discussed, target=meeting)
    return render(
        request,
        "sessions_log/supervision_detail.html",
        {"meeting": meeting, "attendees": meeting.attendees.all(), "discussed": discussed},
    )
