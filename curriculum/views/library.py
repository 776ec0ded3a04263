"""The curriculum library: topics, handouts and their versions, guides, blank printouts."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from consumers import access
from curriculum import content, handouts, pdf, printing, topics, worksheets
from curriculum.forms import AdaptHandoutForm, BlockForm, BlockFormSet
from curriculum.models import HandoutVersion
from curriculum.topics import TOPIC_NUMBERS
from imr_site import audit


def current_versions(user):
    return HandoutVersion.objects.current_for(access.home_agency(user))


def current_version(user, topic):
    version = current_versions(user).get(topic)
    if version is None:
        raise Http404("No such handout.")
    return version


def chosen_version(request, topic):
    """The version asked for (?version=id) among those the user may see, else the current."""
    if request.GET.get("version"):
        version = access.existing(visible_versions(request.user, topic), request.GET["version"])
        if version is None:
            raise Http404("No such handout.")
        return version
    return current_version(request.user, topic)


@access.needs(access.PRINT)
def curriculum_index(request):
    current = current_versions(request.user)
    rows = [
        {
            "number": number,
            "label": topics.short_label(number),
            "title": topics.title(number),
            "version": current.get(number),
            "worksheets": worksheets.for_topic(number),
            "has_guide": number in TOPIC_NUMBERS,
        }
        for number in content.NUMBERS
    ]
    return render(
        request,
        "curriculum/index.html",
        {
            "topics": rows,
            "loaded": bool(current),
            "can_adapt": access.can(request.user, access.ADAPT_HANDOUTS),
            "can_print_jobs": access.can(request.user, access.VIEW_RECORDS),
            "plan_worksheets": [s for s in worksheets.all_worksheets().values() if s.is_plan],
        },
    )


def visible_versions(user, topic):
    """The originals and the adaptations of the agencies the user may see."""
    agency = access.home_agency(user)
    versions = HandoutVersion.objects.filter(handout__topic=topic).select_related(
        "agency", "made_by", "handout"
    )
    if user.is_superuser:
        return versions
    return versions.filter(agency__isnull=True) | versions.filter(agency=agency)


@access.needs(access.PRINT)
def handout_detail(request, topic):
    current = current_version(request.user, topic)
    shown = chosen_version(request, topic)
    options = handouts.PrintOptions.from_query(request.GET)
    return render(
        request,
        "curriculum/handout_detail.html",
        {
            "version": shown,
            "current": current,
            "versions": visible_versions(request.user, topic),
            "options": options,
            "blocks": shown.blocks_for(options.audience),
            "words": content.word_count(shown.blocks_for(options.audience)),
            "label": topics.short_label(topic),
            "has_guide": topic in TOPIC_NUMBERS,
            "worksheets": worksheets.for_topic(topic),
            "can_adapt": access.can(request.user, access.ADAPT_HANDOUTS),
        },
    )


@access.needs(access.PRINT)
def handout_pdf(request, topic):
    version = chosen_version(request, topic)
    options = handouts.PrintOptions.from_query(request.GET)
    data = handouts.render(version, options, agency_name=printing.letterhead(request.user))
    return pdf.pdf_response(data, f"handout-{topic:02d}-v{version.number}-{options.suffix}.pdf")


@access.needs(access.ADAPT_HANDOUTS)
def handout_adapt(request, topic):
    agencies = access.agencies_where(request.user, access.ADAPT_HANDOUTS)
    source = chosen_version(request, topic)
    form = AdaptHandoutForm(
        request.POST or None,
        agencies=agencies,
        initial={"title": source.title, "summary": source.summary},
    )
    blocks = BlockFormSet(
        request.POST or None,
        prefix="blocks",
        initial=[BlockForm.initial_from(block) for block in source.blocks],
    )
    if request.method == "POST" and form.is_valid() and blocks.is_valid():
        data = form.cleaned_data
        fields = {
            "title": data["title"].strip(),
            "summary": data["summary"].strip(),
            "blocks": blocks.blocks(),
        }
        with audit.change(request.user, audit.Action.CREATE, request=request) as event:
            version = event.target = handouts.adapt(
                source, fields, agency=data["agency"], by=request.user, note=data["note"]
            )
        messages.success(
            request,
            _("Version %(number)s was saved for %(agency)s. The original is unchanged.")
            % {"number": version.number, "agency": data["agency"].name},
        )
        return redirect("handout_detail", topic=topic)
    return render(
        request,
        "curriculum/handout_adapt.html",
        {
            "form": form,
            "blocks": blocks,
            "source": source,
            "label": topics.short_label(topic),
        },
    )


@access.needs(access.PRINT)
def guide_detail(request, topic):
    if topic not in TOPIC_NUMBERS:
        raise Http404("No such topic.")
    return render(
        request,
        "curriculum/guide.html",
        {
            "guide": content.guide(topic),
            "topic": topic,
            "title": topics.title(topic),
            "worksheets": worksheets.for_topic(topic),
        },
    )


def worksheet_or_404(key):
    sheet = worksheets.get(key)
    if sheet is None:
        raise Http404("No such worksheet.")
    return sheet


@access.needs(access.PRINT)
def worksheet_pdf(request, key):
    sheet = worksheet_or_404(key)
    context = printing.blank(request.user)
    if sheet.is_goals:
        data = pdf.render_pdf("print/goal_sheet.html", context | printing.goal_sheet_context())
    else:
        data = pdf.render_pdf("print/worksheet.html", context | printing.worksheet_context(sheet))
    return pdf.pdf_response(data, f"worksheet-{key}.pdf")


BLANK_FORMS = {
    "inventory": ("print/inventory.html", lambda: printing.inventory_context()),
    "imr-scale-client": ("print/imr_scale.html", lambda: printing.scale_context("client")),
    "imr-scale-clinician": ("print/imr_scale.html", lambda: printing.scale_context("clinician")),
}


@access.needs(access.PRINT)
def blank_form_pdf(request, name):
    if name not in BLANK_FORMS:
        raise Http404("No such form.")
    template, context = BLANK_FORMS[name]
    data = pdf.render_pdf(template, printing.blank(request.user) | context())
    return pdf.pdf_response(data, f"{name}-blank.pdf")
