"""My recovery, the person's own summary: on the screen to go through together, and printed."""

from django.shortcuts import render
from django.utils import timezone

from consumers import access, my_recovery
from consumers.chart import open_consumer
from curriculum import pdf, printing


@access.needs(access.VIEW_RECORDS)
def my_recovery_page(request, pk):
    consumer = open_consumer(request, pk)
    return render(
        request,
        "consumers/my_recovery.html",
        {
            "consumer": consumer,
            "recovery": my_recovery.summary_for(consumer, timezone.localdate()),
            "can_print": access.can_in(request.user, access.PRINT, consumer.program),
        },
    )


@access.needs(access.VIEW_RECORDS, access.PRINT)
def my_recovery_pdf(request, pk):
    consumer = access.consumer_for(request, pk)
    data = pdf.render_pdf(
        "print/my_recovery.html",
        # The footer says whose pages they are, as on every page about a person.
        printing.for_consumer(consumer, full_name=printing.full_name_asked(request))
        | {
            "doc_title": "My recovery",
            "recovery": my_recovery.summary_for(consumer, timezone.localdate()),
        },
    )
    return printing.pdf_printed_audited(
        request, consumer, data, f"my-recovery-{consumer.record_number}.pdf"
    )
