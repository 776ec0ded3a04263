"""The discharge summary of a person: on the screen and printed."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from consumers import access, discharge
from consumers.chart import open_consumer
from curriculum import pdf, printing
from curriculum.printing import full_name_asked, pdf_printed_audited


def discharge_of(request, consumer, change_pk):
    """One of this person's discharges; another person's is a refused, audited attempt."""
    return access.part_for(request, discharge.discharges(consumer), change_pk)


@access.needs(access.VIEW_RECORDS)
def discharge_summary(request, pk, change_pk):
    consumer = open_consumer(request, pk)
    change = discharge_of(request, consumer, change_pk)
    return render(
        request,
        "consumers/discharge_summary.html",
        {
            "consumer": consumer,
            "summary": discharge.summary(consumer, change),
            "who": consumer.preferred_name,
            "can_print": access.can_in(request.user, access.PRINT, consumer.program),
        },
    )


@access.needs(access.VIEW_RECORDS, access.PRINT)
def discharge_summary_pdf(request, pk, change_pk):
    consumer = access.consumer_for(request, pk)
    summary = discharge.summary(consumer, discharge_of(request, consumer, change_pk))
    full_name = full_name_asked(request)
    # Like every page about a person: initials unless the full name was asked for.
    who = consumer.preferred_name if full_name else printing.initials(consumer.preferred_name)
    data = pdf.render_pdf(
        "print/discharge_summary.html",
        printing.for_consumer(consumer, full_name=full_name)
        | {"doc_title": _("Discharge summary"), "summary": summary, "who": who},
    )
    return pdf_printed_audited(
        request,
        consumer,
        data,
        f"{consumer.record_number}-discharge-{summary.ended_on:%Y%m%d}.pdf",
        target=summary.discharge,
    )
