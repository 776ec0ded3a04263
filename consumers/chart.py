"""Opening a person's chart for a page, and coming back to it after a change.

Used by every page of the chart, in consumers and in curriculum (handouts, worksheets).
"""

from django.contrib import messages
from django.shortcuts import redirect

from consumers import access
from imr_site import audit


def open_consumer(request, pk, *, target=None):
    """The consumer behind a chart page, scoped by what the view needs; reading it is audited."""
    consumer = access.consumer_for(request, pk)
    if request.method == "GET":
        audit.record(
            request.user, audit.Action.VIEW, consumer=consumer, target=target, request=request
        )
    return consumer


def back_to_chart(request, consumer, message, *, section=""):
    """After a change to the chart (saved with its audit event by `audit.change`): say so,
    and go back to the chart's section."""
    messages.success(request, message)
    url = consumer.get_absolute_url()
    return redirect(f"{url}#{section}" if section else url)
