"""Supervision meetings: the list, recording one, and reading one."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from consumers import access
from imr_site import audit
from imr_site.pending_forms import form_data, keeps_typing
from sessions_log import access as sessions_access
from sessions_log.forms import (
    SupervisionForm,
)
from sessions_log.models import (
    SupervisionMeeting,
)


@access.needs(access.SIGN_NOTES)
def supervision_list(request):
    meetings = (
        SupervisionMeeting.objects.filter(program__in=access.programs_for(request))
        .select_related("program", "led_by")
        .annotate(
            people_count=Count("attendees", distinct=True),
            consumer_count=Count("consumers_discussed", distinct=True),
        )
        .order_by("-held_on", "-created_at")
    )
    return render(
        request,
        "sessions_log/supervision_list.html",
        {
            "page": Paginator(meetings, 25).get_page(request.GET.get("page")),
            "can_record": access.can(request.user, access.COSIGN_NOTES),
        },
    )


@keeps_typing
@access.needs(access.COSIGN_NOTES)
def supervision_create(request):
    programs = access.programs_for(request)
    form = SupervisionForm(form_data(request), programs=programs)
    if request.method == "POST" and form.is_valid():
        meeting = form.save(commit=False)
        meeting.led_by = meeting.created_by = request.user
        with audit.change(request.user, audit.Action.CREATE) as event:
            meeting.save()
            form.save_m2m()
            event.target, event.consumers = meeting, list(meeting.consumers_discussed.all())
        messages.success(request, _("The supervision meeting was recorded."))
        return redirect("supervision_detail", pk=meeting.pk)
    return render(request, "sessions_log/supervision_form.html", {"form": form})


@access.needs(access.SIGN_NOTES)
def supervision_detail(request, pk):
    meeting = sessions_access.supervision_meeting_for(request, pk)
    discussed = list(meeting.consumers_discussed.order_by("preferred_name"))
    audit.record_for_each(request.user, audit.Action.VIEW, discussed, target=meeting)
    return render(
        request,
        "sessions_log/supervision_detail.html",
        {"meeting": meeting, "attendees": meeting.attendees.all(), "discussed": discussed},
    )
