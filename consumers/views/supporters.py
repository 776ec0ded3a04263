from django.db import transaction
from django.shortcuts import render

from consumers import access
from consumers.chart import open_consumer, saved
from consumers.forms import SupporterContactForm, SupporterForm
from consumers.models import Supporter, SupporterContact
from imr_site import audit
from imr_site.pending_forms import form_data, keeps_typing


@keeps_typing
@access.capability_required(access.EDIT_RECORDS)
def supporter_edit(request, pk, supporter_pk=None):
    consumer = open_consumer(request, pk, write=True)
    supporter = (
        access.part_for_user(
            request.user, Supporter.objects.filter(consumer=consumer), supporter_pk, request=request
        )
        if supporter_pk
        else Supporter(consumer=consumer)
    )
    form = SupporterForm(form_data(request), instance=supporter)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():  # the change and its audit event, or neither
            adding = supporter.pk is None
            form.save()
            return saved(
                request,
                consumer,
                audit.Action.CREATE if adding else audit.Action.CHANGE,
                target=supporter,
                fields=form.changed_data,
                message=f"{supporter.name} was {'added' if adding else 'saved'}.",
                section="supporters",
            )
    return render(
        request,
        "consumers/part_form.html",
        {
            "consumer": consumer,
            "forms": [form],
            "title": f"Edit {supporter.name}" if supporter.pk else "Add a supporter",
            "intro": "A supporter is someone the person chose to involve in their recovery. "
            "Record their consent before you contact them.",
            "section": "supporters",
        },
    )


@keeps_typing
@access.capability_required(access.EDIT_RECORDS)
def supporter_contact_create(request, pk, supporter_pk):
    consumer = open_consumer(request, pk, write=True)
    supporter = access.part_for_user(
        request.user, Supporter.objects.filter(consumer=consumer), supporter_pk, request=request
    )
    contact = SupporterContact(supporter=supporter, recorded_by=request.user)
    form = SupporterContactForm(form_data(request), instance=contact)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():  # the change and its audit event, or neither
            form.save()
            return saved(
                request,
                consumer,
                audit.Action.CREATE,
                target=contact,
                fields=form.changed_data,
                message=f"The contact with {supporter.name} was recorded.",
                section="supporters",
            )
    return render(
        request,
        "consumers/part_form.html",
        {
            "consumer": consumer,
            "forms": [form],
            "title": f"Record a contact with {supporter.name}",
            "section": "supporters",
        },
    )
