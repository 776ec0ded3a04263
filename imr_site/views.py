import sys

from axes.utils import reset as reset_lockout
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from consumers import access
from imr_site import access as site_access
from imr_site import audit, home_sections, languages, notices, pending_forms, two_step
from imr_site.forms import AuditFilterForm, CodeForm, DigestForm, LanguageChoiceForm

AUDIT_PAGE_SIZE = 50


def alive(request):
    """For a load balancer: this app server answers. Also the benchmark's floor."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
def home(request):
    sections = home_sections.for_user(request.user, request)
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


@access.needs(access.VIEW_AUDIT)
def audit_log(request):
    return _render_audit(
        request, site_access.audit_events_for(request.user), heading=_("Audit trail")
    )


@access.needs(access.VIEW_RECORDS, access.VIEW_AUDIT)
def consumer_audit(request, pk):
    consumer = access.consumer_for(request, pk)
    events = site_access.audit_events_for(request.user).filter(consumer=consumer)
    audit.record(
        request.user, audit.Action.VIEW, consumer=consumer, request=request, fields=["audit trail"]
    )
    return _render_audit(
        request, events, heading=_("Audit trail for this record"), subject=consumer
    )


@access.needs(access.VIEW_AUDIT)
def staff_audit(request, pk):
    member = site_access.staff_member_for(request, pk)
    events = site_access.audit_events_for(request.user).filter(actor=member)
    return _render_audit(
        request,
        events,
        heading=_("Audit trail: %(name)s") % {"name": member.get_full_name() or member.username},
        subject=member,
    )


@access.needs(access.VIEW_STAFF)
def staff_list(request):
    staff = (
        site_access.staff_for(request.user)
        .prefetch_related("memberships__program", "memberships__agency")
        .order_by("last_name", "first_name", "username")
    )
    page = Paginator(staff, 50).get_page(request.GET.get("page"))
    return render(request, "staff/list.html", {"page": page})


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        user_pk = request.user.pk
        response = super().post(request, *args, **kwargs)
        if user_pk:
            # A form still open in another tab and sent now is kept for this person.
            pending_forms.remember_signed_out(request, user_pk)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form):
        with audit.change(self.request.user, audit.Action.PASSWORD_CHANGED, request=self.request):
            response = super().form_valid(form)
        messages.success(self.request, _("Your password was changed."))
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
        with audit.change(form.user, audit.Action.PASSWORD_RESET_DONE, request=self.request):
            response = super().form_valid(form)
        # A new password should open an account that failed sign-ins had locked.
        reset_lockout(username=form.user.get_username())
        return response


def _next_page(request):
    """Where to go after the code: the page asked for, if it is on this site."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted
    return reverse("home")


@login_required
def account(request):
    """The person's own settings: password, two-step sign-in, the notices e-mail and the
    language they work in."""
    return render(
        request,
        "registration/account.html",
        {
            "device": two_step.device_of(request.user),
            "required": two_step.must_use(request.user),
            "digest_form": DigestForm(instance=notices.preference_of(request.user)),
            "language_form": LanguageChoiceForm(
                initial={"language": request.LANGUAGE_CODE.split("-")[0]}
            ),
        },
    )


@require_POST
@login_required
def language_choice(request):
    form = LanguageChoiceForm(request.POST)
    if form.is_valid():
        with audit.change(request.user, audit.Action.CHANGE, fields=["language"]):
            languages.choose(request, form.cleaned_data["language"])
        messages.success(request, _("Your pages are now in English."))
    else:
        messages.error(request, _("Choose one of the languages."))
    return redirect("account")


@login_required
def two_step_verify(request):
    device = two_step.device_of(request.user)
    if device is None:
        return redirect("two_step_setup")
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST":
        if form.is_valid():
            otp_login(request, device)
            return redirect(_next_page(request))
        audit.record(request.user, audit.Action.TWO_STEP_FAILED, request=request)
    return render(
        request, "registration/two_step_verify.html", {"form": form, "next": _next_page(request)}
    )


@login_required
def two_step_setup(request):
    if two_step.device_of(request.user) is not None:
        messages.info(request, _("Two-step sign-in is already on."))
        return redirect("account")
    device = two_step.pending_device(request.user)
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        with audit.change(request.user, audit.Action.TWO_STEP_ON, request=request):
            device.save(update_fields=["confirmed"])
        otp_login(request, device)
        request.session[two_step.SESSION_KEY] = True
        messages.success(request, _("Two-step sign-in is on. Keep your phone with the app safe."))
        return redirect(_next_page(request))
    return render(
        request,
        "registration/two_step_setup.html",
        {
            "form": form,
            "qr": two_step.qr_svg(device),
            "key": two_step.typed_key(device),
            "next": _next_page(request),
            "required": two_step.must_use(request.user),
        },
    )


@require_POST
@login_required
def two_step_off(request):
    """Only for those whose role does not require it, and with a current code."""
    device = two_step.device_of(request.user)
    if device is None:
        return redirect("account")
    if two_step.must_use(request.user):
        raise PermissionDenied
    form = CodeForm(request.POST, device=device)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["code"]))
        return redirect("account")
    with audit.change(request.user, audit.Action.TWO_STEP_OFF, request=request):
        TOTPDevice.objects.filter(user=request.user).delete()
    request.session[two_step.SESSION_KEY] = False
    messages.success(request, _("Two-step sign-in is off."))
    return redirect("account")


def server_error(request):
    """Django's 500 page; but when the database is out of reach (restarting, say), a 503.

    The page says what happened, that what was sent may not be saved, and to try again:
    every write runs in a transaction, so a request cut off by the outage leaves nothing
    half-written. Rendered without the request, as Django's own handler is, since the
    request's user and session may be what could not be read.
    """
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(loader.render_to_string("500.html"), status=500)
