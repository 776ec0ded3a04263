"""A user's own notices, and their choice of e-mail digest (on the account page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from imr_site import access as site_access
from imr_site import audit, notices
from imr_site.forms import DigestForm

NOTICES_PAGE_SIZE = 25


@login_required
def notice_list(request):
    page = Paginator(notices.of_user(request.user), NOTICES_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "notices/list.html", {"page": page})


@login_required
def notice_open(request, pk):
    """Opening a notice marks it read and goes where it leads."""
    notice = notices.mark_read(site_access.notice_for(request, pk))
    # The links are the app's own paths; anything else goes back to the list.
    if url_has_allowed_host_and_scheme(notice.link, allowed_hosts=None):
        return redirect(notice.link)
    return redirect("notice_list")


@require_POST
@login_required
def notices_all_read(request):
    count = notices.mark_all_read(request.user)
    if count:
        messages.success(request, _("All your notices are marked as read."))
    return redirect("notice_list")


@require_POST
@login_required
def digest_preference(request):
    form = DigestForm(request.POST, instance=notices.preference_of(request.user))
    if form.is_valid():
        with audit.change(request.user, audit.Action.CHANGE, fields=["digest"]) as event:
            event.target = form.save()
        messages.success(
            request,
            _("Notices e-mail: %(choice)s.") % {"choice": form.instance.get_digest_display()},
        )
    else:
        messages.error(request, " ".join(form.errors["digest"]))
    return redirect("account")
