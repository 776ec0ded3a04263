from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from consumers import access
from consumers.forms import ConsumerForm
from consumers.models import Consumer
from imr_site import audit

CASELOAD_PAGE_SIZE = 25


@access.capability_required(access.VIEW_RECORDS)
def caseload(request):
    consumers = access.consumers_for(request.user).select_related("program")
    status = request.GET.get("status", "")
    if status in Consumer.Status.values:
        consumers = consumers.filter(status=status)
    page = Paginator(consumers, CASELOAD_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "consumers/caseload.html",
        {
            "page": page,
            "status": status,
            "statuses": Consumer.Status.choices,
            "can_add": access.can(request.user, access.EDIT_RECORDS),
        },
    )


@access.capability_required(access.EDIT_RECORDS)
def consumer_create(request):
    programs = access.programs_where(request.user, access.EDIT_RECORDS)
    form = ConsumerForm(request.POST or None, programs=programs)
    if request.method == "POST" and form.is_valid():
        consumer = form.save()
        audit.record(
            request.user,
            audit.Action.CREATE,
            consumer=consumer,
            request=request,
            fields=form.changed_data,
        )
        messages.success(request, f"{consumer.preferred_name} was added.")
        return redirect(consumer)
    return render(request, "consumers/form.html", {"form": form, "consumer": None})


@access.capability_required(access.VIEW_RECORDS)
def consumer_chart(request, pk):
    consumer = access.consumer_for_user(request.user, pk, request=request)
    audit.record(request.user, audit.Action.VIEW, consumer=consumer, request=request)
    return render(
        request,
        "consumers/chart.html",
        {
            "consumer": consumer,
            "can_edit": access.can_in(request.user, access.EDIT_RECORDS, consumer.program),
            "can_audit": access.can_in(request.user, access.VIEW_AUDIT, consumer.program),
        },
    )


@access.capability_required(access.EDIT_RECORDS)
def consumer_edit(request, pk):
    consumer = access.consumer_for_user(request.user, pk, write=True, request=request)
    programs = access.programs_where(request.user, access.EDIT_RECORDS)
    form = ConsumerForm(request.POST or None, instance=consumer, programs=programs)
    if request.method == "POST" and form.is_valid():
        if form.has_changed():
            form.save()
            audit.record(
                request.user,
                audit.Action.CHANGE,
                consumer=consumer,
                request=request,
                fields=form.changed_data,
            )
            messages.success(request, "The record was saved.")
        return redirect(consumer)
    return render(request, "consumers/form.html", {"form": form, "consumer": consumer})
