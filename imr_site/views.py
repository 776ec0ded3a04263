from axes.utils import reset as reset_lockout
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from consumers import access
from imr_site import audit, home_sections
from imr_site.forms import AuditFilterForm

AUDIT_PAGE_SIZE = 50


@login_required
def home(request):
    sections = home_sections.for_user(request.user)
    return render(request, "home.html", {"sections": sections})


def _render_audit(request, events, *, heading, subject=None):
    form = AuditFilterForm(request.GET or None)
    if form.is_valid():
        events = form.filter(events)
    events = events.select_related("consumer", "program")
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/log.html",
        {"page": page, "form": form, "heading": heading, "subject": subject},
    )


@access.capability_required(access.VIEW_AUDIT)
def audit_log(request):
    return _render_audit(request, access.audit_events_for(request.user), heading="Audit trail")


@access.capability_required(access.VIEW_AUDIT)
def consumer_audit(request, pk):
    consumer = access.consumer_for_user(request.user, pk, request=request)
    if not access.can_in(request.user, access.VIEW_AUDIT, consumer.program):
        audit.record(request.user, audit.Action.ACCESS_DENIED, consumer=consumer, request=request)
        raise PermissionDenied
    events = access.audit_events_for(request.user).filter(consumer=consumer)
    audit.record(
        request.user, audit.Action.VIEW, consumer=consumer, request=request, fields=["audit trail"]
    )
    return _render_audit(request, events, heading="Audit trail for this record", subject=consumer)


@access.capability_required(access.VIEW_AUDIT)
def staff_audit(request, pk):
    member = access.staff_member_for_user(request.user, pk)
    events = access.audit_events_for(request.user).filter(actor=member)
    return _render_audit(
        request,
        events,
        heading=f"Audit trail: {member.get_full_name() or member.username}",
        subject=member,
    )


@access.capability_required(access.VIEW_STAFF)
def staff_list(request):
    staff = (
        access.staff_for(request.user)
        .prefetch_related("memberships__program", "memberships__agency")
        .order_by("last_name", "first_name", "username")
    )
    page = Paginator(staff, 50).get_page(request.GET.get("page"))
    return render(request, "staff/list.html", {"page": page})


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(self.request.user, audit.Action.PASSWORD_CHANGED, request=self.request)
        messages.success(self.request, "Your password was changed.")
        return response


class PasswordResetView(auth_views.PasswordResetView):
    extra_email_context = {"site_name": settings.SITE_NAME}

    def form_valid(self, form):
        # The page that follows is the same whether or not the address is known.
        for user in form.get_users(form.cleaned_data["email"]):
            audit.record(user, audit.Action.PASSWORD_RESET_REQUESTED, request=self.request)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(form.user, audit.Action.PASSWORD_RESET_DONE, request=self.request)
        # A new password should open an account that failed sign-ins had locked.
        reset_lockout(username=form.user.get_username())
        return response
