"""Handouts: loading the originals, agencies' adaptations, printing, and who received them."""

from dataclasses import dataclass

from django.db import transaction

from curriculum import content, pdf
from curriculum.models import Handout, HandoutGiven, HandoutVersion
from curriculum.topics import TOPIC_TITLES

INDIVIDUAL, GROUP = "individual", "group"


@dataclass(frozen=True)
class PrintOptions:
    """How a page is printed: for one person or a group, regular or large print."""

    audience: str = INDIVIDUAL
    large_print: bool = False

    @classmethod
    def from_query(cls, query):
        return cls(
            audience=GROUP if query.get("audience") == GROUP else INDIVIDUAL,
            large_print=query.get("size") == "large",
        )

    def as_key(self):
        return {"audience": self.audience, "large_print": self.large_print}

    @property
    def suffix(self):
        return f"{self.audience}{'-large' if self.large_print else ''}"


def topic_label(number):
    return "Orientation" if number == content.ORIENTATION else f"Topic {number}"


def topic_title(number):
    return "Orientation to the program" if number == content.ORIENTATION else TOPIC_TITLES[number]


@transaction.atomic
def load_originals():
    """Bring the handouts in curriculum/content/ into the database.

    A file whose text is unchanged adds nothing; a changed file becomes a new
    original version. Agencies' adaptations are never touched. Returns the new
    versions.
    """
    added = []
    for number in content.NUMBERS:
        fields = content.handout_fields(content.read_file(content.path_for(number)))
        handout, _ = Handout.objects.get_or_create(topic=number)
        latest = handout.versions.filter(agency__isnull=True).order_by("-number").first()
        if latest is None or latest.content_hash != content.content_hash(fields):
            added.append(handout.add_version(fields, note="Loaded from the repository"))
    return added


def adapt(version, fields, *, agency, by, note):
    """An agency's own wording of a handout: a new version; the original stays as it was."""
    return version.handout.add_version(fields, agency=agency, based_on=version, by=by, note=note)


def page_context(version, options):
    """What print/handout.html needs of a handout, printed for one audience."""
    return {
        "version": version,
        "blocks": version.blocks_for(options.audience),
        "doc_title": version.title,
        "topic_label": topic_label(version.topic),
    }


def render(version, options, *, agency_name=""):
    """The handout as a PDF, from the cache when this text was printed this way before."""
    return pdf.cached_pdf(
        "print/handout.html",
        page_context(version, options) | {"options": options, "agency_name": agency_name},
        key={"handout": version.content_hash, "agency": agency_name, **options.as_key()},
    )


def record_given(consumer, versions, *, how, on, by):
    """Note that the person received these handout versions on a day."""
    return HandoutGiven.objects.bulk_create(
        HandoutGiven(consumer=consumer, version=v, how=how, given_on=on, recorded_by=by)
        for v in versions
    )


def given_to(consumer):
    """What the person received, newest first, with the versions' topics (one query)."""
    return HandoutGiven.objects.filter(consumer=consumer).select_related(
        "version__handout", "recorded_by"
    )


def versions_by_pk(pks):
    return HandoutVersion.objects.select_related("handout", "agency").in_bulk(pks)
