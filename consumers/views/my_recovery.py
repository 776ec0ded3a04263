"""My recovery, the person's own summary: on the screen to go through together, and printed.

Both are in the person's language (curriculum/printing.py language_of): they read it.
"""

from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from consumers import access, my_recovery
from consumers.chart import open_consumer
from curriculum import pdf, printing


@access.needs(access.VIEW_RECORDS)
def my_recovery_page(request, pk):
    consumer = open_consumer(request, pk)
    with translation.override(printing.language_of(consumer)):
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
    language = printing.language_of(consumer)
    with translation.override(language):
        data = pdf.render_pdf(
            "print/my_recovery.html",
            # The footer says whose pages they are, as on every page about a person.
            printing.for_consumer(consumer, full_name=printing.full_name_asked(request))
            | {
                "doc_title": _("My recovery"),
                "doc_language": language,
                "recovery": my_recovery.summary_for(consumer, timezone.localdate()),
            },
        )
    return printing.pdf_printed_audited(
        request, consumer, data, f"my-recovery-{consumer.record_number}.pdf"
    )
