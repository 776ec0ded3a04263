"""Printing for one person, handouts given to them, and their filled-in worksheets."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from consumers import access
from consumers.chart import back_to_chart, open_consumer
from consumers.models import Plan
from curriculum import content, handouts, pdf, printing, worksheets
from curriculum.forms import BinderForm, HandoutForConsumerForm, MarkGivenForm, WorksheetEntryForm
from curriculum.models import HandoutGiven, HandoutVersion, WorksheetEntry
from curriculum.printing import full_name_asked, pdf_printed_audited
from curriculum.views.library import worksheet_or_404
from imr_site import audit


@access.needs(access.EDIT_RECORDS)
def consumer_handouts(request, pk):
    consumer = open_consumer(request, pk)
    current = HandoutVersion.objects.current_for(consumer.agency_id)
    form = MarkGivenForm(
        request.POST or None,
        current=current,
        initial={"language": printing.language_of(consumer)},
    )
    if request.method == "POST" and form.is_valid():
        given_in = HandoutVersion.objects.current_for(
            consumer.agency_id, form.cleaned_data["language"] or printing.language_of(consumer)
        )
        versions = [given_in[n] for n in sorted(form.chosen_topics())]
        with audit.change(
            request.user, audit.Action.CREATE, consumer=consumer, request=request
        ) as event:
            given = event.targets = handouts.record_given(
                consumer,
                versions,
                how=HandoutGiven.How.GIVEN,
                on=form.cleaned_data["given_on"],
                by=request.user,
            )
        if given:
            messages.success(
                request,
                ngettext(
                    "%(n)d handout recorded as given.",
                    "%(n)d handouts recorded as given.",
                    len(given),
                )
                % {"n": len(given)},
            )
        else:
            messages.info(request, _("These handouts were already recorded as given on that day."))
        return redirect(f"{consumer.get_absolute_url()}#handouts")
    return render(
        request,
        "curriculum/consumer_handouts.html",
        {
            "consumer": consumer,
            "form": form,
            "current": current,
            "print_form": HandoutForConsumerForm(),
            "person_language": dict(HandoutVersion.LANGUAGES)[printing.language_of(consumer)],
            "given": handouts.given_to(consumer),
        },
    )


@require_POST
@access.needs(access.EDIT_RECORDS, access.PRINT)
def consumer_handout_pdf(request, pk, topic):
    consumer = access.consumer_for(request, pk)
    shelf = printing.Shelf(consumer.agency_id)
    if topic not in shelf.current():
        raise Http404("No such handout.")
    form = HandoutForConsumerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how to print the handout."))
        return redirect("consumer_handouts", pk=consumer.pk)
    options = form.options()
    languages = form.languages(consumer)
    (printed,) = shelf.for_person(consumer, {topic}, languages)
    versions = printing.given([printed])
    with translation.override(handouts.page_language(printed)):
        template, context = handouts.page(printed, options)
        shared = printing.for_consumer(
            consumer, full_name=form.cleaned_data["full_name"], options=options
        )
        data = pdf.render_pdf(template, shared | context)
    with audit.change(
        request.user, audit.Action.PRINT, consumer=consumer, target=versions[0], request=request
    ):
        # Each language printed is a handout the person received (the log says which).
        handouts.record_given(
            consumer,
            versions,
            how=HandoutGiven.How.PRINTED,
            by=request.user,
        )
    in_other_words = "" if languages == [content.ENGLISH] else f"-{'-'.join(languages)}"
    return pdf.pdf_response(
        data,
        f"{consumer.record_number}-handout-{topic:02d}-{options.suffix}{in_other_words}.pdf",
    )


@access.needs(access.EDIT_RECORDS, access.PRINT)
def consumer_binder(request, pk):
    consumer = access.consumer_for(request, pk)
    current = HandoutVersion.objects.current_for(consumer.agency_id)
    form = BinderForm(
        request.POST or None,
        current=current,
        initial={"handouts": [str(n) for n in printing.default_binder_topics(consumer)]},
    )
    if request.method == "POST" and form.is_valid():
        versions = printing.Shelf(consumer.agency_id).for_person(
            consumer, form.chosen_topics(), form.languages(consumer)
        )
        documents = printing.binder_documents(
            consumer, versions, full_name=form.cleaned_data["full_name"], options=form.options()
        )
        with audit.change(request.user, audit.Action.PRINT, consumer=consumer, request=request):
            handouts.record_given(
                consumer,
                printing.given(versions),
                how=HandoutGiven.How.BINDER,
                by=request.user,
            )
        return pdf.pdf_response(pdf.join(documents), f"{consumer.record_number}-binder.pdf")
    if request.method == "GET":
        audit.record(request.user, audit.Action.VIEW, consumer=consumer, request=request)
    return render(request, "curriculum/binder_form.html", {"consumer": consumer, "form": form})


@access.needs(access.VIEW_RECORDS, access.PRINT)
def consumer_form_pdf(request, pk, name):
    """A form filled from the person's record: the inventory, a scale, the relapse card.

    What the person answers or keeps (the inventory, the client scale, their card) is in
    their language, whoever prints it; the clinician's scale in the staff member's."""
    consumer = access.consumer_for(request, pk)
    staff = translation.get_language()
    language = staff if name == "imr-scale-clinician" else printing.language_of(consumer)
    with translation.override(language):
        return _consumer_form_pdf(request, consumer, name, language, staff)


def _consumer_form_pdf(request, consumer, name, language, staff):
    shared = printing.for_consumer(consumer, full_name=full_name_asked(request)) | {
        "doc_language": language
    }
    if name == "inventory":
        record = consumer.inventories.select_related("recorded_by").first()
        context, template = printing.inventory_context(record), "print/inventory.html"
        target = record
    elif name in ("imr-scale-client", "imr-scale-clinician"):
        version = name.removeprefix("imr-scale-")
        scales = consumer.scale_administrations.filter(version=version)
        target = (
            access.part_for(request, scales, request.GET["scale"])
            if request.GET.get("scale")
            else scales.order_by("-answered_on", "-pk").first()
        )
        context, template = printing.scale_context(version, target), "print/imr_scale.html"
    elif name == "relapse-card":
        target = printing.current_plan(consumer, Plan.Kind.RELAPSE_PREVENTION)
        if target is None:
            with translation.override(staff):  # said to the staff member
                messages.error(request, _("Write the relapse prevention plan first."))
            return redirect(f"{consumer.get_absolute_url()}#plans")
        context = {"doc_title": _("My relapse prevention plan"), "plan": target}
        template = "print/relapse_card.html"
    else:
        raise Http404("No such form.")
    data = pdf.render_pdf(template, shared | context)
    return pdf_printed_audited(
        request, consumer, data, f"{consumer.record_number}-{name}.pdf", target=target
    )


@access.needs(access.VIEW_RECORDS, access.PRINT)
def consumer_worksheet_pdf(request, pk, key):
    """A worksheet filled from the chart: the goal sheet, a plan, or a filled-in entry,
    printed in the person's language, whoever prints it: it is their sheet."""
    consumer = access.consumer_for(request, pk)
    worksheet_or_404(key)
    language = printing.language_of(consumer)
    with translation.override(language):
        return _worksheet_pdf(request, consumer, worksheets.get(key, language), language)


def _worksheet_pdf(request, consumer, sheet, language):
    key = sheet.key
    shared = printing.for_consumer(consumer, full_name=full_name_asked(request)) | {
        "doc_language": language
    }
    if sheet.is_goals:
        data = pdf.render_pdf(
            "print/goal_sheet.html", shared | printing.goal_sheet_context(consumer)
        )
        return pdf_printed_audited(request, consumer, data, f"{consumer.record_number}-{key}.pdf")
    if sheet.is_plan:
        target = printing.current_plan(consumer, sheet.plan_kind)
        context = printing.plan_context(sheet, target)
    else:
        entries = consumer.worksheet_entries.filter(worksheet=key)
        target = (
            access.part_for(request, entries, request.GET["entry"])
            if request.GET.get("entry")
            else entries.first()
        )
        context = printing.worksheet_context(
            sheet, target.answers if target else {}, filled_on=target.filled_on if target else None
        )
    if sheet.is_plan and target is not None:
        # A plan version is kept as printed: once made, its page does not change.
        data = pdf.kept_pdf("print/worksheet.html", shared | context, consumer=consumer)
    else:
        data = pdf.render_pdf("print/worksheet.html", shared | context)
    return pdf_printed_audited(
        request, consumer, data, f"{consumer.record_number}-{key}.pdf", target=target
    )


@access.needs(access.EDIT_RECORDS)
def worksheet_fill(request, pk, key):
    sheet = worksheet_or_404(key)
    consumer = open_consumer(request, pk)
    if sheet.is_plan:
        return redirect("plan_edit", pk=consumer.pk, kind=sheet.plan_kind.value)
    if sheet.is_goals:
        return redirect("goal_sheet", pk=consumer.pk)
    previous = consumer.worksheet_entries.filter(worksheet=key).first()
    form = WorksheetEntryForm(
        request.POST or None, sheet=sheet, initial=previous.answers if previous else None
    )
    if request.method == "POST" and form.is_valid():
        answers = form.answers()
        with audit.change(
            request.user,
            audit.Action.CREATE,
            consumer=consumer,
            fields=sorted(answers),
            request=request,
        ) as event:
            event.target = WorksheetEntry.objects.create(
                consumer=consumer,
                worksheet=key,
                answers=answers,
                filled_on=form.cleaned_data["filled_on"],
                recorded_by=request.user,
            )
        return back_to_chart(
            request,
            consumer,
            _("The worksheet “%(title)s” was saved.") % {"title": sheet.title},
            section="worksheets",
        )
    return render(
        request,
        "curriculum/worksheet_form.html",
        {"consumer": consumer, "form": form, "sheet": sheet, "previous": previous},
    )


@access.needs(access.VIEW_RECORDS)
def worksheet_entry_detail(request, pk, entry_pk):
    consumer = access.consumer_for(request, pk)
    entry = access.part_for(
        request,
        consumer.worksheet_entries.select_related("recorded_by"),
        entry_pk,
    )
    audit.record(request.user, audit.Action.VIEW, consumer=consumer, target=entry, request=request)
    sheet = worksheet_or_404(entry.worksheet)
    return render(
        request,
        "curriculum/worksheet_entry.html",
        {
            "consumer": consumer,
            "entry": entry,
            "sheet": sheet,
            "rows": printing.worksheet_context(sheet, entry.answers)["rows"],
            "can_print": access.can_in(request.user, access.PRINT, consumer.program),
        },
    )
