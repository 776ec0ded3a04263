"""Hand-over's pages: the practitioner starts it from the chart; the person answers one
question per screen; the practitioner's password unlocks an idle screen or ends it.

Every page but the start is reached only while the sign-in is in hand-over: the
middleware sends any other address here (imr_site/hand_over.py, HandOverMiddleware).

The screens the person sees at the tablet (questions, review, thanks, My recovery, the
lock screen's words) are in the person's language; what the practitioner reads (the
start, the password to end, the messages after) stays in the practitioner's.
"""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from consumers import access, my_recovery
from consumers.chart import back_to_chart, open_consumer
from imr_site import audit, hand_over
from imr_site.forms import HandOverStartForm, StaffPasswordForm


@access.needs(access.EDIT_RECORDS)
def hand_over_start(request, pk):
    consumer = open_consumer(request, pk)
    timepoints, due = hand_over.scale_timepoints(consumer)
    form = HandOverStartForm(
        request.POST or None,
        initial={"form": hand_over.Form.SCALE, "timepoint": due},
        consumer=consumer,
        forms_offered=hand_over.Form.choices,
        timepoints=[(tp.value, tp.label) for tp in timepoints],
    )
    if request.method == "POST" and form.is_valid():
        hand_over.start(
            request,
            consumer,
            form.cleaned_data["form"],
            timepoint=form.cleaned_data["timepoint"],
        )
        return redirect("hand_over")
    return render(
        request,
        "hand_over/start.html",
        {
            "consumer": consumer,
            "form": form,
            "idle_minutes": settings.HAND_OVER_IDLE_MINUTES,
            "unavailable": [
                (label, reason)
                for value, label in hand_over.Form.choices
                if (reason := hand_over.why_not(consumer, value))
            ],
            "kept_hand_overs": hand_over.kept_for(request.user, consumer),
        },
    )


KEPT_NOTICE = gettext_lazy(
    "Your sign-in ended during a hand-over, so the answers given so far were kept for you. "
    "Choose below whether to go on with the hand-over, save the answers or discard them."
)
MOVED = gettext_lazy("That hand-over was taken up on another screen, so it ended here.")
GONE = gettext_lazy("Those kept answers were already saved, resumed or discarded.")


@require_POST
@access.needs(access.EDIT_RECORDS)
def hand_over_kept(request, pk):
    """A hand-over kept when the sign-in ended: resume it, save its answers, or discard them."""
    consumer = access.consumer_for(request, pk)
    kept, do = request.POST.get("kept"), request.POST.get("do")
    if do == "resume":
        if hand_over.resume(request, consumer, kept):
            return redirect("hand_over")
        message = GONE
    elif do == "save":
        outcome = hand_over.save_kept(request, consumer, kept)
        message = (
            GONE
            if outcome is None
            else _("The kept answers were saved. %(outcome)s") % {"outcome": outcome}
        )
    elif do == "discard":
        gone = not hand_over.discard_kept(request, consumer, kept)
        message = GONE if gone else _("The kept answers were discarded: nothing of them was saved.")
    else:
        return HttpResponseBadRequest(_("Choose to resume, save or discard."))
    return back_to_chart(request, consumer, message)


@access.needs(access.EDIT_RECORDS)
def hand_over_screen(request):
    state = hand_over.state_of(request)
    if state is None:
        return _kept_or_home(request)
    if state["locked"]:
        return _locked(request, StaffPasswordForm(), state)
    error = ""
    if request.method == "POST" and not state["saved"]:
        if request.POST.get("move") == "done":
            if not hand_over.lock_if_idle(request, state):
                hand_over.finish(request, state)
            return redirect("hand_over")
        try:
            # An answer sent after the screen went idle is kept, and the screen locks.
            # In the person's language: a refusal is said to them.
            with translation.override(hand_over.language_of(state)):
                hand_over.answer(request, state, request.POST)
        except ValueError as refused:
            error = str(refused)
        else:
            return redirect("hand_over")
    elif request.method == "POST":
        return redirect("hand_over")
    if hand_over.lock_if_idle(request, state):
        return _locked(request, StaffPasswordForm(), state)
    with translation.override(hand_over.language_of(state)):
        return _screen(request, state, error)


def _screen(request, state, error=""):
    asked = hand_over.questions(state)
    position = state["position"]
    context = {"state": state, "error": error, "idle_seconds": hand_over.idle_seconds()}
    if state["form"] == hand_over.Form.RECOVERY:
        consumer = hand_over.consumer_of(state)
        audit.record(request.user, audit.Action.VIEW, consumer=consumer, request=request)
        context["recovery"] = my_recovery.summary_for(consumer, timezone.localdate())
        return render(request, "hand_over/recovery.html", context)
    if state["saved"]:
        return render(request, "hand_over/thanks.html", context)
    if position >= len(asked):
        context["rows"] = hand_over.review_rows(state)
        return render(request, "hand_over/review.html", context)
    question = asked[position]
    context |= {
        "question": question,
        "answer": state["answers"].get(question.key),
        "position": position + 1,
        "total": len(asked),
        "can_go_back": position > 0,
    }
    return render(request, "hand_over/question.html", context)


def _kept_or_home(request):
    """Signed in again after a hand-over's sign-in ended: to the chart its answers wait on."""
    if getattr(request, "hand_over_moved", False):
        messages.info(request, MOVED)
        return redirect("home")
    kept = hand_over.latest_kept(request.user)
    if kept is None:
        return redirect("home")
    messages.warning(request, KEPT_NOTICE)
    return redirect("consumer_chart", pk=kept.data["consumer"])


def _locked(request, form, state):
    """The person reads why the screen is locked in their language; the password form
    under it stays in the staff member's (the template switches back for it)."""
    staff_language = translation.get_language()
    with translation.override(hand_over.language_of(state)):
        return render(
            request, "hand_over/locked.html", {"form": form, "staff_language": staff_language}
        )


@require_POST
@access.needs(access.EDIT_RECORDS)
def hand_over_unlock(request):
    state = hand_over.state_of(request)
    if state is None:
        return redirect("home")
    form = StaffPasswordForm(request.POST)
    if form.is_valid() and hand_over.password_given(request, state, form.cleaned_data["password"]):
        if request.POST.get("then") == "end":
            return _ended(request, state, keep=True)
        hand_over.unlock(request, state)
        return redirect("hand_over")
    if not request.user.is_authenticated:
        return redirect("login")
    form.add_error(None, _("That password is not right. Ask the staff member to type it."))
    return _locked(request, form, state)


@access.needs(access.EDIT_RECORDS)
def hand_over_end(request):
    state = hand_over.state_of(request)
    if state is None:
        return redirect("home")
    form = StaffPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if hand_over.password_given(request, state, form.cleaned_data["password"]):
            return _ended(request, state, keep=request.POST.get("keep") == "yes")
        if not request.user.is_authenticated:
            return redirect("login")
        form.add_error("password", _("That password is not right."))
    return render(
        request,
        "hand_over/end.html",
        {
            "form": form,
            "state": state,
            "answered": any(v not in (None, "") for v in state["answers"].values()),
        },
    )


def _ended(request, state, *, keep):
    """Back to the person's chart, saying what of their answers was saved."""
    consumer = hand_over.consumer_of(state)
    if keep:
        outcome = hand_over.finish(request, state)
    else:
        outcome = state.get("outcome") or _("Nothing the person answered was saved.")
    hand_over.end(request, state)
    messages.success(request, _("Hand-over ended. %(outcome)s") % {"outcome": outcome})
    return redirect(consumer)
