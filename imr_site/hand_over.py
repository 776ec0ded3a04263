"""Hand-over: the person answers one form on the practitioner's signed-in screen.

The practitioner starts it for one person and one form; until they give their password
again, the sign-in is confined to the hand-over's own pages (`HandOverMiddleware`).
Everything lives in the staff member's server-side session: who, which form, the answers
so far, when it started and when it was last used. Nothing is kept in the browser. An
idle hand-over locks; the answers stay in the session and the password unlocks it.

Once the person has answered something, a copy is also kept on the server for the
practitioner (a PendingForm), so the answers outlive the sign-in: it can time out on a
locked screen, the browser can be closed, the password changed elsewhere. Signed in again,
the practitioner finds them on the person's chart and resumes, saves or discards them.

What the person answered is saved when they press "Done" (or when the practitioner ends
early and keeps the answers): the client IMR Scale marked as answered by the person, a
review of each goal they checked in on, their view of today's session in its draft note.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth import logout
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from consumers import attention, person_answers
from consumers.models import Consumer, Goal, ImrScaleAdministration
from curriculum import printing
from imr_site import audit, pending_forms
from imr_site.models import PendingForm
from sessions_log import notes
from sessions_log.models import Addendum, Attendance, ProgressNote, Session

SESSION_KEY = "hand_over"
# The only addresses a sign-in in hand-over may open; everything else shows the hand-over.
OPEN_PREFIXES = ("/hand-over/", "/static/")


class Form(models.TextChoices):
    SCALE = "scale", gettext_lazy("The IMR Scale (the person's own answers)")
    GOALS = "goals", gettext_lazy("A check-in on their goals")
    SESSION = "session", gettext_lazy("Their view of today's session")
    RECOVERY = "recovery", gettext_lazy("My recovery, their own summary (to read together)")


Timepoint = ImrScaleAdministration.Timepoint
Version = ImrScaleAdministration.Version


# Starting


def in_progress(request):
    return SESSION_KEY in getattr(request, "session", {})


def state_of(request):
    state = request.session.get(SESSION_KEY)
    kept = state and state.get("kept")
    if kept and not kept_rows(request.user).filter(pk=kept).exists():
        # Its kept answers were taken up on another screen (resumed, saved or discarded
        # there), so this screen's copy is no longer the one to go on with.
        request.session.pop(SESSION_KEY)
        request.hand_over_moved = True
        return None
    return state


def open_goals(consumer):
    return list(Goal.objects.filter(consumer=consumer, status__in=Goal.OPEN_STATUSES))


def todays_session(consumer, today=None):
    """The latest session held today that the person came to, with their note if written."""
    today = today or timezone.localdate()
    session = (
        Session.objects.filter(
            held_on=today,
            attendance__consumer=consumer,
            attendance__status=Attendance.Status.PRESENT,
        )
        .order_by("-starts_at", "-pk")
        .first()
    )
    if session is None:
        return None, None
    return session, ProgressNote.objects.filter(session=session, consumer=consumer).first()


def scale_timepoints(consumer):
    """The timepoints a client version may still be recorded for, and the one falling due."""
    recorded = set(
        consumer.scale_administrations.filter(version=Version.CLIENT)
        .exclude(timepoint=Timepoint.FOLLOW_UP)
        .values_list("timepoint", flat=True)
    )
    open_ones = [tp for tp in Timepoint if tp not in recorded]
    annotated = attention.annotate(
        Consumer.objects.filter(pk=consumer.pk), timezone.localdate()
    ).get()
    due = annotated.scale_due if annotated.scale_due in open_ones else Timepoint.FOLLOW_UP
    return open_ones, due


def why_not(consumer, form, today=None):
    """Why this form cannot be handed over now, in words for the practitioner; "" if it can."""
    if form == Form.GOALS and not open_goals(consumer):
        return _("%(name)s has no open goal to check in on.") % {"name": consumer.preferred_name}
    if form == Form.SESSION:
        session, note = todays_session(consumer, today)
        if session is None:
            return _(
                "No session with %(name)s present is logged for today. Log today's session first."
            ) % {"name": consumer.preferred_name}
        if note is not None and note.is_signed:
            return _(
                "Today's note is already signed, and a signed note does not change. Add the "
                "person's view as an addendum on the note instead."
            )
    return ""


def start(request, consumer, form, *, timepoint=None):
    """Hand the screen over; the start is in the audit trail, naming the form."""
    state = {
        "consumer": consumer.pk,
        "form": form,
        "timepoint": timepoint or "",
        "goals": [],
        "session": None,
        "answers": {},
        "position": 0,
        "started_at": timezone.now().isoformat(),
        "last_seen": timezone.now().timestamp(),
        "locked": False,
        "saved": False,
        "wrong": 0,
        "kept": None,
        # The screens the person sees are in their language (views_hand_over.py).
        "language": printing.language_of(consumer),
    }
    if form == Form.GOALS:
        state["goals"] = [goal.pk for goal in open_goals(consumer)]
    if form == Form.SESSION:
        session = todays_session(consumer)[0]
        state["session"] = session.pk
    audit.record(
        request.user,
        audit.Action.HAND_OVER_START,
        consumer=consumer,
        fields=[f"form: {form}"],
        request=request,
    )
    request.session[SESSION_KEY] = state


def consumer_of(state):
    return Consumer.objects.select_related("program__agency").get(pk=state["consumer"])


def language_of(state):
    """The language of the person's screens: kept in the state when it starts, looked up
    for a hand-over started before the state held it."""
    return state.get("language") or printing.language_of(consumer_of(state))


# The screens


def questions(state):
    """The form's questions in order; My recovery has none (it is read, not answered)."""
    form = state["form"]
    if form == Form.SCALE:
        return list(person_answers.SCALE_QUESTIONS)
    if form == Form.GOALS:
        goals = Goal.objects.in_bulk(state["goals"])
        return [
            question
            for pk in state["goals"]
            if pk in goals
            for question in person_answers.goal_questions(goals[pk])
        ]
    if form == Form.SESSION:
        return [person_answers.SESSION_QUESTION]
    return []


def save_state(request, state):
    keep(request, state)
    request.session[SESSION_KEY] = state
    request.session.modified = True


def idle_seconds():
    return settings.HAND_OVER_IDLE_MINUTES * 60


def lock_if_idle(request, state):
    """Lock a hand-over left alone too long; True when it is locked."""
    if not state["locked"] and timezone.now().timestamp() - state["last_seen"] >= idle_seconds():
        state["locked"] = True
        save_state(request, state)
    return state["locked"]


def answer(request, state, data):
    """Take one screen's post: an answer, or a move back, a skip, or the idle timer's save.

    The answer is kept even when it arrives after the hand-over went idle (someone writing
    slowly); the screen then locks instead of moving on.
    """
    asked = questions(state)
    position = state["position"]
    move = data.get("move", "next")
    if position < len(asked) and move in ("next", "idle"):
        question = asked[position]
        raw = data.get("answer")
        if raw is not None:
            value = question.answer_from(raw)  # ValueError: the screen says so
            if value is None:
                state["answers"].pop(question.key, None)
            else:
                state["answers"][question.key] = value
    if lock_if_idle(request, state):
        save_state(request, state)
        return
    if move == "back":
        state["position"] = max(position - 1, 0)
    elif move in ("next", "skip") and position < len(asked):
        state["position"] = position + 1
    elif move.startswith("to-"):
        # From the review screen: change one answer, then come back through the rest.
        wanted = move.removeprefix("to-")
        if wanted.isdigit() and int(wanted) < len(asked):
            state["position"] = int(wanted)
    if move != "idle":
        state["last_seen"] = timezone.now().timestamp()
    save_state(request, state)


def review_rows(state):
    return [
        (index, question, question.label_of(state["answers"].get(question.key)))
        for index, question in enumerate(questions(state))
    ]


# Leaving


def password_given(request, state, password):
    """Is this the practitioner's password? Too many wrong ones end the whole sign-in."""
    if request.user.check_password(password or ""):
        state["wrong"] = 0
        save_state(request, state)
        return True
    state["wrong"] += 1
    save_state(request, state)
    if state["wrong"] >= settings.HAND_OVER_PASSWORD_TRIES:
        # Not the person's doing: their answers wait for the practitioner's next sign-in.
        end(request, state, reason="ended after too many wrong tries", keep_answers=True)
        logout(request)
    return False


def unlock(request, state):
    state["locked"] = False
    state["last_seen"] = timezone.now().timestamp()
    save_state(request, state)


def end(request, state, *, reason="ended by the practitioner", keep_answers=False):
    """Give the screen back to the practitioner; the end is in the audit trail.

    The reason is worded without "password": the trail leaves out any such name. Answers
    not saved are forgotten unless `keep_answers` (the sign-in ends with the hand-over):
    then they wait on the person's chart for the practitioner.
    """
    if not keep_answers:
        forget(state)
    audit.record(
        request.user,
        audit.Action.HAND_OVER_END,
        consumer=Consumer.objects.get(pk=state["consumer"]),
        fields=[f"form: {state['form']}", reason],
        request=request,
    )
    request.session.pop(SESSION_KEY, None)


# Saving what the person answered


def finish(request, state):
    """Save the person's answers (once) and say what was saved, for the practitioner."""
    if state["saved"] or state["form"] == Form.RECOVERY:
        return state.get("outcome", "")
    outcome = save_answers(request, consumer_of(state), state)
    state["saved"], state["outcome"] = True, outcome
    save_state(request, state)
    return outcome


def save_answers(request, consumer, state):
    """Save what the person answered, where its form's answers land; what was saved, in words."""
    answers, by = state["answers"], request.user
    if state["form"] == Form.SCALE:
        return save_scale(request, consumer, state["timepoint"], answers, by)
    if state["form"] == Form.GOALS:
        return save_goal_check_ins(request, consumer, state["goals"], answers, by)
    if state["form"] == Form.SESSION:
        return save_session_view(request, consumer, state["session"], answers, by)
    return ""


def save_scale(request, consumer, timepoint, answers, by):
    record = person_answers.client_scale(
        consumer,
        timepoint,
        answers,
        answered_by=ImrScaleAdministration.AnsweredBy.HAND_OVER,
        recorded_by_id=by.pk,
    )
    milestone_taken = record.timepoint != timepoint
    with audit.change(
        by,
        audit.Action.CREATE,
        consumer=consumer,
        target=record,
        fields=["answered_by", "timepoint", *sorted(answers)],
        request=request,
    ):
        record.save()
    scored = record.scored()
    saved = _(
        "The IMR Scale (client version, %(timepoint)s) was saved: %(answered)d answered, "
        "%(not_applicable)d not applicable, %(missing)d left blank."
    ) % {
        "timepoint": record.get_timepoint_display().lower(),
        "answered": scored.answered,
        "not_applicable": scored.not_applicable,
        "missing": scored.missing,
    }
    if milestone_taken:
        saved += " " + _(
            "Its milestone already had a client version, so it is kept as a follow-up."
        )
    return saved


def save_goal_check_ins(request, consumer, goal_ids, answers, by):
    today = timezone.localdate()
    goals = Goal.objects.in_bulk(goal_ids)
    with audit.change(by, audit.Action.CREATE, consumer=consumer, request=request) as event:
        event.targets = []
        for pk in goal_ids:
            goal = goals.get(pk)
            rating = answers.get(f"goal_{pk}_rating")
            words = answers.get(f"goal_{pk}_words")
            if goal is None or (rating is None and not words):
                continue
            text = person_answers.goal_review_text(rating, words)
            event.targets.append(
                goal.add_review(reviewed_on=today, progress=text, status=goal.status, by=by)
            )
    count = len(event.targets)
    if not count:
        return _("The person left every goal blank: no review was recorded.")
    return ngettext(
        "%(count)d goal review recorded from the person's check-in.",
        "%(count)d goal reviews recorded from the person's check-in.",
        count,
    ) % {"count": count}


def save_session_view(request, consumer, session_id, answers, by):
    words = answers.get(person_answers.SESSION_QUESTION.key)
    if not words:
        return _("The person wrote nothing about the session: the note is unchanged.")
    session = Session.objects.get(pk=session_id)
    for _attempt in range(3):
        note = ProgressNote.objects.filter(session=session, consumer=consumer).first()
        if note is not None and note.is_signed:
            # Signed while the person was writing: a signed note never changes, so their
            # words become a dated addendum rather than be lost.
            with audit.change(by, audit.Action.CREATE, consumer=consumer, request=request) as e:
                e.target = Addendum.objects.create(
                    note=note,
                    text=_("The person's view of the session, in their own words: %(words)s")
                    % {"words": words},
                    written_by=by,
                )
            return _(
                "The note was signed meanwhile, so the person's view was added as an addendum."
            )
        stored = note.consumer_perspective.strip() if note else ""
        # What the practitioner wrote stays; the person's own words follow it.
        if stored:
            text = stored + "\n\n" + _("In their own words: %(words)s") % {"words": words}
        else:
            text = words
        try:
            with audit.change(
                by,
                audit.Action.CHANGE if note else audit.Action.CREATE,
                consumer=consumer,
                fields=["consumer_perspective"],
                request=request,
            ) as event:
                event.target, _their_note = notes.save_draft(
                    session,
                    consumer,
                    {"consumer_perspective": text},
                    revision=note.revision if note else 0,
                    by=by,
                )
                if event.target is None:
                    raise SavedMeanwhile  # nothing saved: read the note again and add to it
        except SavedMeanwhile:
            continue
        return _("The person's view was written into today's draft note.")
    return _(
        "Today's note kept being saved by someone else, so the person's view was not written "
        "into it. Their words: %(words)s"
    ) % {"words": words}


class SavedMeanwhile(Exception):
    """Someone saved the note between our reading it and writing the person's view."""


# Answers kept when the sign-in ends

# PendingForm is the app's one home for typing kept when a sign-in ends. A hand-over's
# copy has this in place of an address: no page's address is it, so no form ever takes
# it up as its own typing (pending_forms.take_kept).
KEPT_PATH = "hand-over"


def kept_rows(user):
    """This practitioner's kept hand-overs still within pending_forms.KEPT_FOR."""
    return PendingForm.objects.filter(
        user=user, path=KEPT_PATH, kept_at__gte=timezone.now() - pending_forms.KEPT_FOR
    )


def keep(request, state):
    """Copy a hand-over with answers to the server, for its practitioner.

    On every change, not only at the lock: a sign-in can end with no request to say so
    (it times out, the browser is closed, the password is changed elsewhere).
    """
    if not state["answers"] or state["saved"] or state["form"] == Form.RECOVERY:
        forget(state)  # nothing the person gave is at risk
        return
    data = {name: value for name, value in state.items() if name != "kept"}
    if state.get("kept") and PendingForm.objects.filter(pk=state["kept"], user=request.user).update(
        data=data, kept_at=timezone.now()
    ):
        return
    pending_forms.forget_old()
    state["kept"] = PendingForm.objects.create(user=request.user, path=KEPT_PATH, data=data).pk


def forget(state):
    if state.get("kept"):
        PendingForm.objects.filter(pk=state["kept"], path=KEPT_PATH).delete()
    state["kept"] = None


@dataclass
class Kept:
    """A kept hand-over as the chart tells the practitioner of it."""

    pk: int
    form: str
    answered: int
    at: datetime


def kept_for(user, consumer):
    """This practitioner's kept hand-overs with this person, newest first."""
    kept = []
    for row in kept_rows(user).filter(data__consumer=consumer.pk).order_by("-kept_at"):
        form = str(Form(row.data["form"]).label)
        if row.data["timepoint"]:
            form = _("%(form)s, %(timepoint)s") % {
                "form": form,
                "timepoint": Timepoint(row.data["timepoint"]).label.lower(),
            }
        answered = sum(1 for value in row.data["answers"].values() if value not in (None, ""))
        kept.append(Kept(row.pk, form, answered, row.kept_at))
    return kept


def latest_kept(user):
    return kept_rows(user).order_by("-kept_at").first()


def take_kept(user, consumer, pk):
    """One kept hand-over, held until the transaction ends; None if it is gone (or not theirs).

    Held so two taps (or two screens) cannot both save it, or save and resume it.
    """
    try:
        return kept_rows(user).select_for_update().filter(pk=pk, data__consumer=consumer.pk).first()
    except (ValueError, TypeError):
        return None


def resume(request, consumer, pk):
    """Hand the screen over again at the kept answers; False if they are gone."""
    with transaction.atomic():
        row = take_kept(request.user, consumer, pk)
        if row is None:
            return False
        now = timezone.now()
        state = row.data | {"locked": False, "wrong": 0, "last_seen": now.timestamp()}
        audit.record(
            request.user,
            audit.Action.HAND_OVER_START,
            consumer=consumer,
            fields=[f"form: {state['form']}", "resumed with the answers kept"],
            request=request,
        )
        # A new copy: a screen still holding the old one sees it gone and stops (state_of).
        row.delete()
        state["kept"] = None
        save_state(request, state)
    return True


def save_kept(request, consumer, pk):
    """Save kept answers as finishing would; what was saved, in words (None if gone)."""
    with transaction.atomic():
        row = take_kept(request.user, consumer, pk)
        if row is None:
            return None
        outcome = save_answers(request, consumer, row.data)
        with audit.change(
            request.user,
            audit.Action.HAND_OVER_END,
            consumer=consumer,
            fields=[f"form: {row.data['form']}", "kept answers saved"],
            request=request,
        ):
            row.delete()
    return outcome


def discard_kept(request, consumer, pk):
    """Let kept answers go, unsaved; the trail says so. False if they were gone already."""
    with transaction.atomic():
        row = take_kept(request.user, consumer, pk)
        if row is None:
            return False
        with audit.change(
            request.user,
            audit.Action.HAND_OVER_END,
            consumer=consumer,
            fields=[f"form: {row.data['form']}", "kept answers discarded"],
            request=request,
        ):
            row.delete()
    return True
