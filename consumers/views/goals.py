from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils.translation import gettext as _

from consumers import access
from consumers.chart import back_to_chart, open_consumer
from consumers.forms import GoalForm, GoalReviewForm, GoalStepFormSet
from consumers.models import Goal, GoalReview
from imr_site import audit
from imr_site.pending_forms import form_data, keeps_typing


@keeps_typing
@access.needs(access.EDIT_RECORDS)
def goal_edit(request, pk, goal_pk=None):
    consumer = open_consumer(request, pk)
    goal = (
        access.part_for(request, Goal.objects.filter(consumer=consumer), goal_pk)
        if goal_pk
        else Goal(consumer=consumer, created_by=request.user, kind=request.GET.get("kind", ""))
    )
    data = form_data(request)
    form = GoalForm(data, instance=goal)
    steps = GoalStepFormSet(data, instance=goal, prefix="steps")
    if request.method == "POST" and form.is_valid() and steps.is_valid():
        adding = goal.pk is None
        with transaction.atomic():
            stored = Goal.objects.select_for_update().filter(pk=goal.pk).first()
            meanwhile = stored is not None and form.changed_meanwhile(stored)
            if not meanwhile:
                with audit.change(
                    request.user,
                    audit.Action.CREATE if adding else audit.Action.CHANGE,
                    consumer=consumer,
                    target=goal,
                    fields=form.changed_data + (["steps"] if steps.has_changed() else []),
                    request=request,
                ):
                    form.save()
                    steps.instance = goal
                    for index, step in enumerate(steps.save(commit=False)):
                        step.order = step.order or index + 1
                        step.save()
                    for step in steps.deleted_objects:
                        step.delete()
        if not meanwhile:
            return back_to_chart(request, consumer, _("The goal was saved."), section="goals")
    return render(
        request,
        "consumers/goal_form.html",
        {"consumer": consumer, "form": form, "steps": steps, "goal": goal},
    )


@keeps_typing
@access.needs(access.EDIT_RECORDS)
def goal_review(request, pk, goal_pk):
    consumer = open_consumer(request, pk)
    goal = access.part_for(request, Goal.objects.filter(consumer=consumer), goal_pk)
    form = GoalReviewForm(form_data(request), goal=goal)
    if request.method == "POST" and form.is_valid():
        with audit.change(
            request.user,
            audit.Action.CREATE,
            consumer=consumer,
            fields=form.changed_data,
            request=request,
        ) as event:
            event.target = goal.add_review(by=request.user, **form.cleaned_data)
        return back_to_chart(request, consumer, _("The review was recorded."), section="goals")
    return render(
        request,
        "consumers/part_form.html",
        {
            "consumer": consumer,
            "forms": [form],
            "title": _("Review a goal"),
            "intro": _("The goal: %(goal)s") % {"goal": goal.description},
            "section": "goals",
        },
    )


@access.needs(access.VIEW_RECORDS)
def goal_sheet(request, pk):
    consumer = open_consumer(request, pk)
    goals = Goal.objects.filter(consumer=consumer).prefetch_related(
        "steps", Prefetch("reviews", queryset=GoalReview.objects.order_by("-reviewed_on"))
    )
    return render(request, "consumers/goal_sheet.html", {"consumer": consumer, "goals": goals})
