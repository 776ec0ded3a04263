from django.shortcuts import render
from django.utils.translation import gettext as _

from consumers import access
from consumers.chart import back_to_chart, open_consumer
from consumers.forms import SupporterContactForm, SupporterForm
from consumers.models import Supporter, SupporterContact
from imr_site import audit
from imr_site.pending_forms import form_data, keeps_typing


@keeps_typing
@access.needs(access.EDIT_RECORDS)
def supporter_edit(request, pk, supporter_pk=None):
    consumer = open_consumer(request, pk)
    supporter = (
        access.part_for(request, Supporter.objects.filter(consumer=consumer), supporter_pk)
        if supporter_pk
        else Supporter(consumer=consumer)
    )
    form = SupporterForm(form_data(request), instance=supporter)
    if request.method == "POST" and form.is_valid():
        adding = supporter.pk is None
        with audit.change(
            request.user,
            audit.Action.CREATE if adding else audit.Action.CHANGE,
            consumer=consumer,
            target=supporter,
            fields=form.changed_data,
            request=request,
        ):
            form.save()
        return back_to_chart(
            request,
            consumer,
            (_("%(name)s was added.") if adding else _("%(name)s was saved."))
            % {"name": supporter.name},
            section="supporters",
        )
    return render(
        request,
        "consumers/part_form.html",
        {
            "consumer": consumer,
            "forms": [form],
            "title": _("Edit %(name)s") % {"name": supporter.name}
            if supporter.pk
            else _("Add a supporter"),
            "intro": _(
                "A supporter is someone the person chose to involve in their recovery. "
                "Record their consent before you contact them."
            ),
            "section": "supporters",
        },
    )


@keeps_typing
@access.needs(access.EDIT_RECORDS)
def supporter_contact_create(request, pk, supporter_pk):
    consumer = open_consumer(request, pk)
    supporter = access.part_for(request, Supporter.objects.filter(consumer=consumer), supporter_pk)
    contact = SupporterContact(supporter=supporter, recorded_by=request.user)
    form = SupporterContactForm(form_data(request), instance=contact)
    if request.method == "POST" and form.is_valid():
        with audit.change(
            request.user,
            audit.Action.CREATE,
            consumer=consumer,
            target=contact,
            fields=form.changed_data,
            request=request,
        ):
            form.save()
        return back_to_chart(
            request,
            consumer,
            _("The contact with %(name)s was recorded.") % {"name": supporter.name},
            section="supporters",
        )
    return render(
        request,
        "consumers/part_form.html",
        {
            "consumer": consumer,
            "forms": [form],
            "title": _("Record a contact with %(name)s") % {"name": supporter.name},
            "section": "supporters",
        },
    )
