from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from consumers import access, signatures
from consumers.chart import back_to_chart, open_consumer
from consumers.forms import PersonSignatureForm, PlanForm
from consumers.models import Plan, PlanVersion
from consumers.models.signatures import SignatureLocked
from imr_site import audit
from imr_site.pending_forms import form_data, keeps_typing


def plan_kind(kind):
    if kind not in Plan.Kind.values:
        raise Http404("No such plan.")
    return Plan.Kind(kind)


def current_version(consumer, kind):
    return (
        PlanVersion.objects.filter(plan__consumer=consumer, plan__kind=kind)
        .select_related("plan", "person_signature__recorded_by")
        .prefetch_related("supporters")
        .first()
    )


def signed_by_person(version):
    return getattr(version, "person_signature", None) if version else None


@keeps_typing
@access.needs(access.EDIT_RECORDS)
def plan_edit(request, pk, kind):
    kind = plan_kind(kind)
    consumer = open_consumer(request, pk)
    current = current_version(consumer, kind)
    form = PlanForm(
        form_data(request),
        kind=kind,
        consumer=consumer,
        initial=PlanForm.initial_from(current),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with audit.change(
            request.user,
            audit.Action.CREATE,
            consumer=consumer,
            fields=form.changed_data,
            request=request,
        ) as event:
            version = event.target = Plan.save_version(
                consumer,
                kind,
                content={key: data[key] for key, _label, _kind in Plan.FIELDS[kind]},
                supporters=data["supporters"],
                made_on=data["made_on"],
                by=request.user,
            )
        return back_to_chart(
            request,
            consumer,
            _("Version %(number)s of the %(plan)s was saved.")
            % {"number": version.number, "plan": kind.label.lower()},
            section="plans",
        )
    signed = signed_by_person(current)
    return render(
        request,
        "consumers/part_form.html",
        {
            "consumer": consumer,
            "forms": [form],
            "title": kind.label
            if current is None
            else _("%(plan)s: a new version") % {"plan": kind.label},
            "intro": _(
                "Write the plan with the person, in their words. Saving keeps the "
                "earlier version too."
            ),
            # A version the person signed is locked like a signed note: this page never
            # changes it, and says so before anyone types.
            "locked": _(
                "%(name)s signed version %(number)s, so it is locked and stays as they "
                "signed it. Saving here makes version %(next)s, which they have not "
                "signed yet."
            )
            % {
                "name": consumer.preferred_name,
                "number": current.number,
                "next": current.number + 1,
            }
            if signed
            else "",
            "section": "plans",
        },
    )


@access.needs(access.EDIT_RECORDS)
def plan_sign(request, pk, kind):
    """The person signs the newest version of their plan, or the practitioner records
    that they signed on paper or did not want to sign."""
    kind = plan_kind(kind)
    consumer = open_consumer(request, pk)
    version = current_version(consumer, kind)
    if version is None:
        raise Http404("This plan has not been written yet.")
    history = reverse("plan_history", args=[consumer.pk, kind.value])
    if signed_by_person(version):
        messages.info(
            request,
            _("%(name)s has already signed this version.") % {"name": consumer.preferred_name},
        )
        return redirect(history)
    form = PersonSignatureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with audit.change(
                request.user, audit.Action.CREATE, consumer=consumer, request=request
            ) as event:
                event.target = signatures.sign_plan(version, form.cleaned_data, by=request.user)
        except SignatureLocked as refused:
            messages.error(request, str(refused))
            return redirect(history)
        return back_to_chart(
            request,
            consumer,
            _(
                "The signature on version %(number)s of the %(plan)s was saved. That "
                "version is now locked."
            )
            % {"number": version.number, "plan": kind.label.lower()},
            section="plans",
        )
    return render(
        request,
        "consumers/person_sign.html",
        {
            "consumer": consumer,
            "form": form,
            "title": _("%(name)s signs the %(plan)s")
            % {"name": consumer.preferred_name, "plan": kind.label.lower()},
            "lock_note": _("Once they sign, this version is locked: a change makes a new version."),
            "document_heading": _("Version %(number)s, made %(made_on)s")
            % {"number": version.number, "made_on": f"{version.made_on:%Y-%m-%d}"},
            "document_template": "consumers/_plan_version.html",
            "version": version,
            "action": request.path,
            "back_url": history,
        },
    )


@access.needs(access.VIEW_RECORDS)
def plan_history(request, pk, kind):
    kind = plan_kind(kind)
    consumer = open_consumer(request, pk)
    versions = (
        PlanVersion.objects.filter(plan__consumer=consumer, plan__kind=kind)
        .select_related("made_by", "plan", "person_signature__recorded_by")
        .prefetch_related("supporters")
    )
    return render(
        request,
        "consumers/plan_history.html",
        {
            "consumer": consumer,
            "kind": kind,
            "versions": versions,
            "can_edit": access.can_in(request.user, access.EDIT_RECORDS, consumer.program),
        },
    )
