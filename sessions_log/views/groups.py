"""Groups: their details, members joining and leaving, and their packets and session kits."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consumers import access
from curriculum import handouts, pdf, printing
from curriculum.models import HandoutGiven, HandoutVersion
from imr_site import audit
from sessions_log import access as sessions_access
from sessions_log import goal_followup
from sessions_log.forms import (
    AddMemberForm,
    GroupForm,
    GroupPacketsForm,
    LeaveForm,
    SessionKitForm,
)
from sessions_log.models import (
    Group,
    GroupMembership,
)
from sessions_log.printing import group_packet_documents, session_kit_documents


@access.needs(access.VIEW_RECORDS)
def group_list(request):
    in_force = GroupMembership.in_force_on(timezone.localdate(), prefix="memberships__")
    groups = (
        sessions_access.groups_for(request)
        .select_related("program")
        .prefetch_related("facilitators")
        .annotate(member_count=Count("memberships", filter=in_force))
        .order_by("program__name", "name")
    )
    page = Paginator(groups, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "sessions_log/group_list.html",
        {
            "page": page,
            "capacity": Group.CAPACITY,
            "can_create": access.can(request.user, access.EDIT_RECORDS),
        },
    )


@access.needs(access.EDIT_RECORDS)
def group_create(request):
    programs = access.programs_for(request)
    form = GroupForm(request.POST or None, programs=programs)
    if request.method == "POST" and form.is_valid():
        group = form.save(commit=False)
        group.created_by = request.user
        with audit.change(request.user, audit.Action.CREATE, program=group.program) as event:
            group.save()
            form.save_m2m()
            event.target = group
        messages.success(
            request, _("Group “%(name)s” created. Now add its members.") % {"name": group.name}
        )
        return redirect("group_detail", pk=group.pk)
    return render(request, "sessions_log/group_form.html", {"form": form, "group": None})


@access.needs(access.EDIT_RECORDS)
def group_edit(request, pk):
    group = sessions_access.group_for(request, pk)
    programs = access.programs_for(request)
    form = GroupForm(request.POST or None, instance=group, programs=programs)
    if request.method == "POST" and form.is_valid():
        with audit.change(
            request.user,
            audit.Action.CHANGE,
            target=group,
            program=group.program,
            fields=form.changed_data,
        ):
            form.save()
        messages.success(request, _("Group details saved."))
        return redirect("group_detail", pk=group.pk)
    return render(request, "sessions_log/group_form.html", {"form": form, "group": group})


@access.needs(access.VIEW_RECORDS)
def group_detail(request, pk):
    group = sessions_access.group_for(request, pk)
    audit.record(request.user, audit.Action.VIEW, target=group, program=group.program)
    return render_group(request, group)


def render_group(request, group, *, add_form=None, packets_form=None, kit_form=None, status=200):
    """The group page, with any form that came back with errors in place of a fresh one."""
    can_edit = access.can_in(request.user, access.EDIT_RECORDS, group.program)
    can_print = access.can_in(request.user, access.PRINT, group.program)
    current = HandoutVersion.objects.current_for(group.program.agency_id)
    members = list(group.current_members())
    past = group.memberships.exclude(pk__in=[m.pk for m in members]).select_related("consumer")
    context = {
        "group": group,
        "members": members,
        "past_members": past.order_by("-left_on"),
        "over_capacity": len(members) > Group.CAPACITY,
        "goals_past_due": goal_followup.past_due(members),
        "capacity": Group.CAPACITY,
        "facilitators": group.facilitators.all(),
        "can_edit": can_edit,
        "can_print": can_print,
        "add_form": add_form or (AddMemberForm(group=group) if can_edit else None),
        "today": timezone.localdate(),
        "sessions": Paginator(group.sessions.order_by("-held_on"), 20).get_page(
            request.GET.get("page")
        ),
    }
    if can_print:
        context["packets_form"] = packets_form or GroupPacketsForm(
            current=current, prefix="packets"
        )
        context["kit_form"] = kit_form or SessionKitForm(group=group, current=current, prefix="kit")
    return render(request, "sessions_log/group_detail.html", context, status=status)


@require_POST
@access.needs(access.EDIT_RECORDS)
def group_member_add(request, pk):
    group = sessions_access.group_for(request, pk)
    form = AddMemberForm(request.POST, group=group)
    if not form.is_valid():
        return render_group(request, group, add_form=form, status=400)
    consumer = form.cleaned_data["consumer"]
    try:
        with audit.change(request.user, audit.Action.CREATE, consumer=consumer) as event:
            event.target = GroupMembership.objects.create(
                group=group,
                consumer=consumer,
                joined_on=form.cleaned_data["joined_on"],
                added_by=request.user,
            )
    except IntegrityError:
        # Someone else added the same person a moment ago: the roster already shows them.
        messages.info(
            request, _("%(name)s is already in this group.") % {"name": consumer.preferred_name}
        )
        return redirect("group_detail", pk=group.pk)
    messages.success(
        request,
        _("%(name)s joined %(group)s.") % {"name": consumer.preferred_name, "group": group.name},
    )
    size = group.current_members().count()
    if size > Group.CAPACITY:
        messages.warning(
            request,
            # Always more than the capacity, so never one member: no plural form needed.
            _(
                "The group now has %(size)d members. IMR groups work best with %(capacity)d "
                "or fewer; think about starting a second group."
            )
            % {"size": size, "capacity": Group.CAPACITY},
        )
    return redirect("group_detail", pk=group.pk)


@require_POST
@access.needs(access.EDIT_RECORDS)
def group_member_leave(request, pk, membership_pk):
    group = sessions_access.group_for(request, pk)
    membership = get_object_or_404(
        group.memberships.select_related("consumer"), pk=membership_pk, left_on__isnull=True
    )
    form = LeaveForm(request.POST, membership=membership)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["left_on"]))
        return redirect("group_detail", pk=group.pk)
    membership.left_on = form.cleaned_data["left_on"]
    with audit.change(
        request.user,
        audit.Action.CHANGE,
        consumer=membership.consumer,
        target=membership,
        fields=["left_on"],
    ):
        membership.save(update_fields=["left_on"])
    messages.success(
        request,
        _("%(name)s has left %(group)s.")
        % {"name": membership.consumer.preferred_name, "group": group.name},
    )
    return redirect("group_detail", pk=group.pk)


@require_POST
@access.needs(access.EDIT_RECORDS, access.PRINT)
def group_packets_pdf(request, pk):
    """A packet for each member now in the group; each handout is recorded as given."""
    group = sessions_access.group_for(request, pk)
    current = HandoutVersion.objects.current_for(group.program.agency_id)
    form = GroupPacketsForm(request.POST, current=current, prefix="packets")
    members = list(group.current_members().select_related("consumer__program__agency"))
    if not form.is_valid():
        return render_group(request, group, packets_form=form, status=400)
    if not members:
        messages.error(request, _("The group has no members yet, so there is nobody to print for."))
        return redirect("group_detail", pk=group.pk)
    # Each member's packet in their own language.
    shelf = printing.Shelf(group.program.agency_id)
    packets = [(m.consumer, shelf.for_person(m.consumer, form.chosen_topics())) for m in members]
    documents = group_packet_documents(
        group,
        packets,
        full_name=form.cleaned_data["full_name"],
        large_print=form.cleaned_data["large_print"],
    )
    people = [person for person, _ in packets]
    with audit.change(request.user, audit.Action.PRINT, target=group, consumers=people):
        for person, versions in packets:
            handouts.record_given(
                person,
                versions,
                how=HandoutGiven.How.PRINTED,
                by=request.user,
            )
    return pdf.pdf_response(pdf.join(documents), f"group-{group.pk}-packets.pdf")


@access.needs(access.VIEW_RECORDS, access.PRINT)
def group_kit_pdf(request, pk):
    """The facilitator's kit for one meeting: sign-in sheet, agenda and the topic's handout."""
    group = sessions_access.group_for(request, pk)
    current = HandoutVersion.objects.current_for(group.program.agency_id)
    form = SessionKitForm(request.GET, group=group, current=current, prefix="kit")
    if not form.is_valid():
        return render_group(request, group, kit_form=form, status=400)
    on, topic = form.cleaned_data["on"], form.cleaned_data["topic"]
    members = list(group.members_on(on))
    documents = session_kit_documents(
        group, members, current[topic], on=on, facilitators=list(group.facilitators.all())
    )
    # The sign-in sheet names every member: a print of each person's name.
    audit.record_for_each(
        request.user, audit.Action.PRINT, [m.consumer for m in members], target=group
    )
    return pdf.pdf_response(pdf.join(documents), f"group-{group.pk}-kit-{on:%Y%m%d}.pdf")
