"""Progress notes: writing drafts, signing, addenda and the co-signing queue."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from consumers import access
from consumers.models import Goal
from imr_site import audit, meanwhile
from imr_site.pending_forms import form_data, keeps_typing
from sessions_log import access as sessions_access
from sessions_log import notes as notes_module
from sessions_log.forms import (
    AddendumForm,
    CosignNotesForm,
    PersonNoteForm,
    ReturnNoteForm,
    SharedNoteForm,
    SignNotesForm,
)
from sessions_log.models import (
    Attendance,
    NoteLocked,
    ProgressNote,
    Session,
)


@keeps_typing
@access.needs(access.VIEW_RECORDS, to_change=access.EDIT_RECORDS)
def session_notes(request, pk):
    """Every present person's note of one session: shared parts once, each person's own parts."""
    session = sessions_access.session_for(request, pk)
    can_write = access.can_in(request.user, access.EDIT_RECORDS, session.program)
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
                    _(
                        "Someone else saved a note while you were writing. Your words are still "
                        "in the form: compare them with the saved note shown beside it, then save "
                        "again."
                    ),
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
                note for note in signed if notes_module.waits_for_cosignature(note, request.user)
            ]
            if access.can_in(request.user, access.COSIGN_NOTES, session.program)
            else [],
        },
    )


SIGNED_MEANWHILE = gettext_lazy(
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
        messages.info(
            request,
            _("What you typed for %(name)s is already in the signed note.") % {"name": name},
        )
    else:
        with audit.change(request.user, audit.Action.CREATE, consumer=note.consumer) as event:
            event.target = notes_module.add_addendum(note, text, request.user)
        messages.success(
            request,
            _("What you typed is now an addendum to %(name)s's signed note.") % {"name": name},
        )
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
        for note in session.notes.select_related(
            "consumer", "signed_by", "cosigned_by", "goal", "person_signature__recorded_by"
        )
        .prefetch_related("addenda__written_by", "returns__returned_by")
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
@access.needs(access.EDIT_RECORDS)
def session_notes_autosave(request, pk):
    """Save the drafts as they are typed; answers JSON for static/js/note_autosave.js."""
    session = sessions_access.session_for(request, pk)
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


def save_notes(request, session, shared, rows):
    """Save each editable draft; a draft someone else saved meanwhile is left to its writer.

    One transaction with its audit events: a note is never saved unattributed.
    """
    saved, conflicts = [], []
    with audit.change(request.user, audit.Action.CHANGE, target=session, consumers=[]) as event:
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
            meanwhile.carry(form, "revision", (note or theirs).revision)
        event.consumers = [note.consumer for note in saved]
    return saved, conflicts


@require_POST
@access.needs(access.SIGN_NOTES)
def session_notes_sign(request, pk):
    session = sessions_access.session_for(request, pk)
    if not notes_module.may_sign(request.user, session):
        raise PermissionDenied
    form = SignNotesForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["password"]))
        return redirect("session_notes", pk=session.pk)
    with audit.change(request.user, audit.Action.CHANGE, target=session) as event:
        signed = notes_module.sign_drafts(session, request.user)
        event.consumers = [note.consumer for note in signed]
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
@access.needs(access.EDIT_RECORDS)
def note_addendum(request, note_pk):
    note = sessions_access.note_for(request, note_pk)
    form = AddendumForm(request.POST)
    if not note.is_signed:
        messages.error(request, _("A draft is changed directly; addenda are for signed notes."))
    elif not form.is_valid():
        messages.error(request, _("Write the addendum before saving it."))
    else:
        with audit.change(request.user, audit.Action.CREATE, consumer=note.consumer) as event:
            event.target = notes_module.add_addendum(note, form.cleaned_data["text"], request.user)
        messages.success(
            request,
            _("Addendum added to %(name)s's note.") % {"name": note.consumer.preferred_name},
        )
    return redirect(f"{reverse('session_notes', args=[note.session_id])}#note-{note.pk}")


@require_POST
@access.needs(access.COSIGN_NOTES)
def note_return(request, note_pk):
    """A co-signer sends a signed note back to its writer instead of co-signing it."""
    note = sessions_access.note_for(request, note_pk)
    form = ReturnNoteForm(request.POST)
    name = note.consumer.preferred_name
    not_waiting = _("%(name)s's note is not waiting for your co-signature.") % {"name": name}
    if not notes_module.waits_for_cosignature(note, request.user):
        messages.error(request, not_waiting)
    elif not form.is_valid():
        messages.error(request, _("Say what needs correcting before returning the note."))
    else:
        try:
            with audit.change(request.user, audit.Action.CREATE, consumer=note.consumer) as event:
                event.target = notes_module.return_note(
                    note, form.cleaned_data["reason"], request.user
                )
        except NoteLocked:  # co-signed or returned by someone else meanwhile
            messages.error(request, not_waiting)
            return redirect(f"{reverse('session_notes', args=[note.session_id])}#note-{note.pk}")
        messages.success(
            request,
            _(
                "%(name)s's note went back to its writer. It comes back to your co-signing "
                "queue once they answer with an addendum."
            )
            % {"name": name},
        )
    return redirect(f"{reverse('session_notes', args=[note.session_id])}#note-{note.pk}")


@access.needs(access.SIGN_NOTES, to_change=access.COSIGN_NOTES)
def notes_review(request):
    """What waits on the user: notes to read and co-sign, and overdue notes.

    A post co-signs the notes ticked after reading them, with the password, as signing
    asks; from a session's notes page (`back`), it returns there.
    """
    user = request.user
    to_cosign = notes_module.awaiting_cosignature(by=user)
    form = None
    if request.method == "POST":
        # Each note named is looked up in the user's scope: another team's is a 404, audited.
        for pk in request.POST.getlist("notes"):
            sessions_access.note_for(request, pk)
        form = CosignNotesForm(request.POST, user=user, notes=to_cosign)
        back = request.POST.get("back", "")
        if form.is_valid():
            with audit.change(user, audit.Action.CHANGE, request=request) as event:
                done = event.targets = notes_module.cosign(form.cleaned_data["notes"], user)
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
    sessions = Session.objects.filter(program__in=access.programs_for(request))
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
