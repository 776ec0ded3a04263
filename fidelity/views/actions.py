"""Action plans after a review: a final review's plan, adding an action and changing one."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from consumers import access
from fidelity import access as fidelity_access
from fidelity import action_plans
from fidelity.forms import ReviewActionForm
from fidelity.models import ReviewAction
from imr_site import audit, meanwhile

# Recording the plan is the leader's, as recording the GOI's evidence is (fidelity/views/
# goi.py; COSIGN_NOTES is the leader's own capability); coordinators and reviewers read it.
RECORDS = dict(to_change=access.COSIGN_NOTES)


class SavedMeanwhile(Exception):
    def __init__(self, version):
        self.version = version


def _version(action):
    return action.updated_at.isoformat()


def _context(request, review, form, **more):
    return {
        "review": review,
        "form": form,
        "may_record": access.can_in(request.user, access.COSIGN_NOTES, review.program),
        "today": review.program.agency.today(),
        **more,
    }


@access.needs(access.VIEW_DASHBOARD, **RECORDS)
def review_actions(request, pk):
    """A final review's items rated below 4, each with its actions, and a form to add one."""
    review = fidelity_access.review_for(request, pk)
    if not review.is_final:
        messages.info(request, _("An action plan follows a final review: finalize it first."))
        return redirect(review)
    items = action_plans.below(review)
    form = ReviewActionForm(
        request.POST or None,
        program=review.program,
        items=items,
        initial={"item": request.GET.get("item", "")},
    )
    if request.method == "POST" and form.is_valid():
        with audit.change(request.user, audit.Action.CREATE, program=review.program) as event:
            action = form.save(commit=False)
            action.review, action.created_by = review, request.user
            action.save()
            event.target = action
        messages.success(request, _("The action is in the plan."))
        return redirect("review_actions", review.pk)
    return render(
        request,
        "fidelity/review_actions.html",
        _context(request, review, form, plan=action_plans.plan(review)),
    )


@access.needs(access.VIEW_DASHBOARD, **RECORDS)
def action_edit(request, pk):
    """Change one action: mark it done or dropped, move its date, add notes."""
    action = fidelity_access.action_for(request, pk)
    review = action.review
    items = action_plans.below(review)
    if request.method != "POST":
        form = ReviewActionForm(
            instance=action,
            program=review.program,
            items=items,
            initial={"version": _version(action)},
        )
    else:
        form = ReviewActionForm(request.POST, instance=action, program=review.program, items=items)
        if form.is_valid():
            changed = [name for name in form.changed_data if name != "version"]
            try:
                with audit.change(
                    request.user,
                    audit.Action.CHANGE,
                    target=action,
                    program=review.program,
                    fields=changed,
                ):
                    # Locked to the end of the save, so two saves cannot cross.
                    stored = ReviewAction.objects.select_for_update().get(pk=action.pk)
                    if meanwhile.moved_on(form.cleaned_data["version"], _version(stored)):
                        raise SavedMeanwhile(_version(stored))
                    form.save()
            except SavedMeanwhile as saved_meanwhile:
                messages.warning(
                    request,
                    _(
                        "Someone else saved this action while you worked. Your changes are "
                        "still on this page and nothing of yours was saved yet: save again to "
                        "keep them."
                    ),
                )
                meanwhile.carry(form, "version", saved_meanwhile.version)
            else:
                messages.success(request, _("The action is saved."))
                return redirect("review_actions", review.pk)
    return render(
        request, "fidelity/action_form.html", _context(request, review, form, plan_actions=[action])
    )
