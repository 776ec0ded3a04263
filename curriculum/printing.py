"""What goes on the printed pages of a person's record: forms, worksheets and binders.

Also who may print a person's pages, and handing the PDF over (each print is audited),
for every app that prints about a person.

Each function builds a template's context; curriculum/pdf.py turns it into a PDF.
Pages about a person name them in the footer by initials and record number,
unless the user asks for the full name.
"""

import re

from django.core.files.base import ContentFile
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from consumers import access, imr_scale, inventory
from consumers.models import (
    Consumer,
    Goal,
    GoalReview,
    ImrScaleAdministration,
    Plan,
    PlanVersion,
    TopicProgress,
)
from curriculum import content, handouts, pdf, topics, worksheets
from curriculum.models import HandoutGiven, HandoutVersion
from imr_site import audit

# How people write "Spanish" in the free-text preferred language, in either language.
SPANISH_WORDS = {"es", "spa", "spanish", "español", "espanol", "castellano"}
# The cover title of a group's packet (sessions_log/printing.py gives it in English):
# marked here, and printed in the language of the person the packet is for.
PACKET_TITLE = gettext_noop("My IMR handouts")


def language_of(consumer):
    """The language a person's pages print in: Spanish when their preferred language is
    recorded as Spanish (in English or Spanish words: "Spanish", "Español (México)"),
    else English, the other language the handouts are written in."""
    words = re.findall(r"[a-zñ]+", consumer.preferred_language.lower())
    return "es" if SPANISH_WORDS & set(words) else content.ENGLISH


def initials(name):
    return "".join(f"{part[0].upper()}." for part in name.split() if part[:1].isalpha())


def identity(consumer, *, full_name=False):
    """The footer line that says whose page this is."""
    who = consumer.preferred_name if full_name else initials(consumer.preferred_name)
    return _("%(who)s · record %(number)s") % {"who": who, "number": consumer.record_number}


def for_consumer(consumer, *, full_name=False, options=None):
    """The parts of a context that every page about a person shares.

    The footer's words are put together when the page is laid out, in the language it is
    printed in: a packet's cover is in its person's language, whoever prints it.
    """
    return {
        "consumer": consumer,
        "identity": lazy(identity, str)(consumer, full_name=full_name),
        "agency_name": consumer.program.agency.name,
        "options": options or handouts.PrintOptions(),
        "filled": True,
    }


def letterhead(user):
    """The agency name that heads a user's printouts: their own agency's, if they have one."""
    agency = access.home_agency(user)
    return agency.name if agency else ""


def blank(user):
    """The context of a blank form, printed by this user."""
    return {"agency_name": letterhead(user), "options": handouts.PrintOptions(), "filled": False}


# --- handing a printout over ---------------------------------------------------------------


def pdf_printed_audited(request, consumer, data, filename, *, target=None):
    """Hand over a PDF about a person; every such print is in the audit trail."""
    audit.record(
        request.user, audit.Action.PRINT, consumer=consumer, target=target, request=request
    )
    return pdf.pdf_response(data, filename)


def full_name_asked(request):
    return request.GET.get("full_name") == "1"


# --- forms ---------------------------------------------------------------------------------


def inventory_context(record=None):
    answers = record.answers if record else {}
    return {
        "doc_title": _("Knowledge and Skills Inventory"),
        "record": record,
        "sections": inventory.answered_sections(answers),
    }


def scale_context(version, administration=None):
    answers = administration.answers() if administration else {}
    return {
        "doc_title": _("IMR Scale, client version")
        if version == ImrScaleAdministration.Version.CLIENT
        else _("IMR Scale, clinician version"),
        "version": version,
        "administration": administration,
        "items": [
            {
                "item": item,
                "question": item.client_question
                if version == ImrScaleAdministration.Version.CLIENT
                else item.clinician_question,
                "answer": answers.get(item.number),
                "not_applicable": answers.get(item.number) == imr_scale.NOT_APPLICABLE,
            }
            for item in imr_scale.ITEMS
        ],
        "score": administration.scored() if administration else None,
    }


def goals_of(consumer):
    return Goal.objects.filter(consumer=consumer).prefetch_related(
        "steps", Prefetch("reviews", queryset=GoalReview.objects.order_by("-reviewed_on"))
    )


def goal_sheet_context(consumer=None):
    return {
        "doc_title": _("Goals Set in the IMR Program"),
        "goals": goals_of(consumer) if consumer else [],
        # A blank sheet still needs rows to write on.
        "blank_rows": range(0 if consumer else 8),
    }


def worksheet_context(sheet, answers=None, *, filled_on=None, supporters=(), signature=None):
    answers = answers or {}
    return {
        "signature": signature,
        "doc_title": sheet.title,
        "sheet": sheet,
        "rows": [(label, kind, answers.get(key, "")) for key, label, kind in sheet.fields],
        "filled_on": filled_on,
        "supporters": supporters,
        "supporters_label": Plan.SUPPORTERS_LABEL[sheet.plan_kind] if sheet.is_plan else "",
    }


def plan_context(sheet, version):
    """A plan's worksheet filled from one of its versions (blank without one)."""
    if version is None:
        return worksheet_context(sheet)
    return worksheet_context(
        sheet,
        version.content,
        filled_on=version.made_on,
        supporters=version.supporters.all(),
        signature=getattr(version, "person_signature", None),
    )


def current_plans(consumer, language):
    """(worksheet, current version) of each plan the person has, in the KIT's order."""
    kinds = list(Plan.Kind)
    latest = {}
    for version in (
        PlanVersion.objects.filter(plan__consumer=consumer)
        .select_related("plan", "made_by", "person_signature")
        .prefetch_related("supporters")
        .order_by("plan__kind", "-number")
    ):
        latest.setdefault(version.plan.kind, version)
    return [(worksheets.for_plan(kind, language), latest[kind]) for kind in kinds if kind in latest]


def current_plan(consumer, kind):
    return (
        PlanVersion.objects.filter(plan__consumer=consumer, plan__kind=kind)
        .select_related("plan", "made_by", "person_signature")
        .prefetch_related("supporters")
        .first()
    )


# --- binders -------------------------------------------------------------------------------


def started_topics(consumer):
    """The topics the person has begun or finished: what their binder holds by default."""
    return set(
        TopicProgress.objects.filter(consumer=consumer)
        .exclude(status=TopicProgress.Status.NOT_STARTED)
        .values_list("topic", flat=True)
    )


class LaidOutHandouts:
    """Handouts laid out once and reused in every binder or packet of a print run.

    A handout names nobody, so the same pages serve everyone; only the cover and
    the goal sheet are laid out per person. Layout is what makes printing slow.
    """

    def __init__(self, agency_name):
        self.agency_name = agency_name
        self.documents = {}

    def __call__(self, versions, options):
        """The documents of these handouts: each a version, or a pair of versions (English,
        Spanish) laid out side by side."""
        for version in versions:
            key = (_pks(version), options)
            if key not in self.documents:
                shared = {"agency_name": self.agency_name, "options": options}
                # In the handout's own language, so one layout serves every person.
                with translation.override(handouts.page_language(version)):
                    template, context = handouts.page(version, options)
                    self.documents[key] = pdf.render_document(template, context | shared)
        return [self.documents[(_pks(version), options)] for version in versions]


def _pks(version):
    return tuple(v.pk for v in version) if isinstance(version, tuple) else version.pk


def given(versions):
    """Every version printed, the pairs side by side counted as both."""
    return [v for pair in versions for v in (pair if isinstance(pair, tuple) else [pair])]


class Shelf:
    """An agency's current handouts in each language, each read once per print run, and
    the ones a person's pages take in the languages asked (by default, theirs)."""

    def __init__(self, agency_id):
        self.agency_id = agency_id
        self.by_language = {}

    def current(self, language=content.ENGLISH):
        if language not in self.by_language:
            self.by_language[language] = HandoutVersion.objects.current_for(
                self.agency_id, language
            )
        return self.by_language[language]

    def for_person(self, consumer, numbers, languages=None):
        """The chosen handouts in binder order, in the person's language (or those
        asked): one version each, or an (English, Spanish) pair to print side by side."""
        languages = languages or [language_of(consumer)]
        shelves = [self.current(language) for language in languages]
        return [
            shelves[0][n] if len(shelves) == 1 else tuple(shelf[n] for shelf in shelves)
            for n in sorted(numbers)
            if all(n in shelf for shelf in shelves)
        ]


def language_printed(consumer, versions):
    """The language of a person's own pages in a binder or packet (the cover, the goal
    sheet), so that they read as the handouts do: the handouts' language; side by side,
    or with no handouts, the person's own."""
    if versions and not any(isinstance(version, tuple) for version in versions):
        return versions[0].language
    return language_of(consumer)


def binder_documents(consumer, versions, *, full_name=False, options=None, laid_out=None):
    """A person's binder: a personal cover, the goal sheet and the plans from the chart,
    the handouts."""
    options = options or handouts.PrintOptions()
    laid_out = laid_out or LaidOutHandouts(consumer.program.agency.name)
    # The person reads their binder: its fixed text is in the language printed, not in
    # the one the practitioner works in.
    language = language_printed(consumer, versions)
    with translation.override(language):
        shared = for_consumer(consumer, full_name=full_name, options=options)
        shared["doc_language"] = language
        own_pages = [
            cover_document(shared, versions, _("My IMR binder")),
            pdf.render_document("print/goal_sheet.html", shared | goal_sheet_context(consumer)),
            *(
                pdf.render_document("print/worksheet.html", shared | plan_context(sheet, version))
                for sheet, version in current_plans(consumer, language)
            ),
        ]
    return [*own_pages, *laid_out(versions, options)]


def cover_document(shared, versions, title, **extra):
    """A person's cover, listing their handouts, in the language printed: a lazy title
    turns with it, a plain one is looked up in the catalogue (PACKET_TITLE)."""
    language = language_printed(shared["consumer"], versions)
    with translation.override(language):
        if isinstance(title, str):
            title = _(title)
        contents = [
            (topics.short_label(v.topic), v.title)
            for v in (
                version[-1] if isinstance(version, tuple) else version for version in versions
            )
        ]
        return pdf.render_document(
            "print/binder_cover.html",
            shared | {"doc_title": title, "doc_language": language, "contents": contents, **extra},
        )


def default_binder_topics(consumer):
    return {content.ORIENTATION} | started_topics(consumer)


def run_program_binders(job):
    """Every binder of a program as one PDF, counting progress on the job as it goes."""
    people = list(
        Consumer.objects.filter(
            program=job.program,
            status__in=(Consumer.Status.REFERRED, *Consumer.IN_PROGRAM_STATUSES),
        ).select_related("program__agency")
    )
    started = {}
    for consumer_id, topic in (
        TopicProgress.objects.filter(consumer__in=people)
        .exclude(status=TopicProgress.Status.NOT_STARTED)
        .values_list("consumer_id", "topic")
    ):
        started.setdefault(consumer_id, set()).add(topic)
    options = handouts.PrintOptions(
        audience=job.options.get("audience", handouts.INDIVIDUAL),
        large_print=job.options.get("large_print", False),
    )
    chosen = set(job.options.get("topics", []))
    # Each person's binder in their own language.
    shelf = Shelf(job.program.agency_id)
    job.status, job.total, job.done = job.Status.RUNNING, len(people), 0
    job.attempts += 1
    job.beat("status", "total", "done", "attempts")
    documents = []
    laid_out = LaidOutHandouts(job.program.agency.name)
    for consumer in people:
        wanted = chosen | (
            started.get(consumer.pk, set()) if job.options.get("include_started") else set()
        )
        versions = shelf.for_person(consumer, wanted)
        documents += binder_documents(
            consumer,
            versions,
            full_name=job.options.get("full_name", False),
            options=options,
            laid_out=laid_out,
        )
        with audit.change(job.requested_by, audit.Action.PRINT, consumer=consumer, target=job):
            handouts.record_given(
                consumer,
                given(versions),
                how=HandoutGiven.How.BINDER,
                by=job.requested_by,
            )
        job.done += 1
        job.beat("done")
    if documents:
        job.output.save(
            f"binders-{job.pk}.pdf", ContentFile(pdf.join(documents, tagged=False)), save=False
        )
    job.status, job.finished_at = job.Status.DONE, timezone.now()
    job.save(update_fields=["output", "status", "finished_at"])
    return job
