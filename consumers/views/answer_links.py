"""The practitioner's side of answer links: make one (its address shown once, with a card
to print), see each link's state, revoke one. The person's pages are answer_from_home.py."""

import segno
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consumers import access, answer_links, attention
from consumers.chart import open_consumer
from consumers.forms.answer_links import MakeLinkForm
from consumers.models import AnswerLink, Consumer, ImrScaleAdministration


def timepoint_due(consumer):
    """The timepoint whose client version is due, else a follow-up."""
    annotated = attention.annotate(Consumer.objects.filter(pk=consumer.pk), timezone.localdate())
    due = annotated.values("scale_due", "scale_missing").get()
    if due["scale_due"] and due["scale_missing"] != "clinician":
        return due["scale_due"]
    return ImrScaleAdministration.Timepoint.FOLLOW_UP.value


def qr_svg(address):
    """The address as an SVG QR code, drawn on the server (no script, no network)."""
    svg = segno.make(address, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", title=_("QR code that opens the link")
    )
    # Named by its title for screen readers, as one picture.
    return svg.replace("<svg ", '<svg role="img" ', 1)


@access.needs(access.EDIT_RECORDS)
def answer_links_page(request, pk):
    consumer = open_consumer(request, pk)
    form = MakeLinkForm(
        request.POST if request.method == "POST" else None,
        timepoints=answer_links.timepoints_open(consumer),
        initial={"timepoint": timepoint_due(consumer)},
    )
    made = None
    if request.method == "POST" and form.is_valid():
        if consumer.date_of_birth is None:
            form.add_error(None, answer_links.NO_BIRTH_DATE)
        else:
            link, token = answer_links.make(
                consumer, form.cleaned_data["timepoint"], by=request.user, request=request
            )
            # Shown in this answer only: the token is kept nowhere but its hash.
            address = request.build_absolute_uri(reverse("answer_link", args=[token]))
            made = {"link": link, "address": address, "qr": qr_svg(address)}
    now = timezone.now()
    links = list(consumer.answer_links.select_related("made_by", "revoked_by"))
    for link in links:
        link.state_now = link.state(now)
    return render(
        request,
        "consumers/answer_links.html",
        {
            "consumer": consumer,
            "form": form,
            "made": made,
            "links": links,
            "no_birth_date": consumer.date_of_birth is None,
            "no_birth_date_text": answer_links.NO_BIRTH_DATE,
            "hours_open": AnswerLink.HOURS_OPEN,
            "wrong_answers_allowed": AnswerLink.WRONG_ANSWERS_ALLOWED,
        },
    )


@require_POST
@access.needs(access.EDIT_RECORDS)
def answer_link_revoke(request, pk, link_pk):
    consumer = access.consumer_for(request, pk)
    link = access.part_for(request, AnswerLink.objects.filter(consumer=consumer), link_pk)
    if link.is_open():
        answer_links.revoke(link, by=request.user, request=request)
        messages.success(request, _("The link is revoked: it no longer opens."))
    else:
        messages.info(request, _("That link was already closed."))
    return redirect("answer_links", consumer.pk)
