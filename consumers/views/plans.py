from django.http import Http404
from django.shortcuts import render

from consumers import access
from consumers.chart import back_to_chart, open_consumer
from consumers.forms import PlanForm
from consumers.models import Plan, PlanVersion
from imr_site import audit
from imr_site.pending_forms import form_data, keeps_typing


def plan_kind(kind):
    if kind not in Plan.Kind.values:
        raise Http404("No such plan.")
    return Plan.Kind(kind)


@keeps_typing
@access.needs(access.EDIT_RECORDS)
def plan_edit(request, pk, kind):
    kind = plan_kind(kind)
    consumer = open_consumer(request, pk)
    current = (
        PlanVersion.objects.filter(plan__consumer=consumer, plan__kind=kind)
        .prefetch_related("supporters")
        .first()
    )
    form = PlanForm(
        form_data(request),
        kind=kind,
        consumer=consumer,
        initial=PlanForm.initial_from(current),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with audit.change(
            request.user,
            audit.Action.CREATE,
            consumer=consumer,
            fields=form.changed_data,
            request=request,
        ) as event:
            version = event.target = Plan.save_version(
                consumer,
                kind,
                content={key: data[key] for key, _, _ in Plan.FIELDS[kind]},
                supporters=data["supporters"],
                made_on=data["made_on"],
                by=request.user,
            )
        return back_to_chart(
            request,
            consumer,
            f"Version {version.number} of the {kind.label.lower()} was saved.",
            section="plans",
        )
    return render(
        request,
        "consumers/part_form.html",
        {
            "consumer": consumer,
            "forms": [form],
            "title": kind.label if current is None else f"{kind.label}: a new version",
            "intro": "Write the plan with the person, in their words. Saving keeps the "
            "earlier version too.",
            "section": "plans",
        },
    )


@access.needs(access.VIEW_RECORDS)
def plan_history(request, pk, kind):
    kind = plan_kind(kind)
    consumer = open_consumer(request, pk)
    versions = (
        PlanVersion.objects.filter(plan__consumer=consumer, plan__kind=kind)
        .select_related("made_by", "plan")
        .prefetch_related("supporters")
    )
    return render(
        request,
        "consumers/plan_history.html",
        {"consumer": consumer, "kind": kind, "versions": versions},
    )
