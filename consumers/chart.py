"""Opening a person's chart for a page, and coming back to it after a change.

Used by every page of the chart, in consumers and in curriculum (handouts, worksheets).
"""

from django.contrib import messages
from django.shortcuts import redirect

from consumers import access
from imr_site import audit


def open_consumer(request, pk, *, write=False, target=None):
    """The consumer behind a chart page, scoped to the user; reading it is audited."""
    consumer = access.consumer_for_user(request.user, pk, write=write, request=request)
    if request.method == "GET":
        audit.record(
            request.user, audit.Action.VIEW, consumer=consumer, target=target, request=request
        )
    return consumer


def saved(request, consumer, action, *, message, target=None, fields=(), section=""):
    """After a change to the chart: audit it, say so, and go back to the chart's section.

    Call it inside the change's transaction, so the change and its audit event are
    saved together or not at all.
    """
    audit.record(
        request.user, action, consumer=consumer, target=target, fields=fields, request=request
    )
    messages.success(request, message)
    url = consumer.get_absolute_url()
    return redirect(f"{url}#{section}" if section else url)
