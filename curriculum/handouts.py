"""Handouts: loading the originals, agencies' adaptations, printing, and who received them."""

import itertools
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone, translation

from curriculum import content, pdf, topics
from curriculum.models import Handout, HandoutGiven

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


@transaction.atomic
def load_originals():
    """Bring the handouts in curriculum/content/ into the database.

    A file whose text is unchanged adds nothing; a changed file becomes a new
    original version. Agencies' adaptations are never touched. Returns the new
    versions.
    """
    added = []
    for number in content.NUMBERS:
        handout, _ = Handout.objects.get_or_create(topic=number)
        for language in content.LANGUAGES:
            fields = content.handout_fields(content.read_file(content.path_for(number, language)))
            originals = handout.versions.filter(agency__isnull=True, language=language)
            latest = originals.order_by("-number").first()
            if latest is None or latest.content_hash != content.content_hash(fields):
                added.append(
                    handout.add_version(
                        fields, language=language, note="Loaded from the repository"
                    )
                )
    return added


def adapt(version, fields, *, agency, by, note):
    """An agency's own wording of a handout: a new version, in the language of the one it
    came from; the original stays as it was."""
    return version.handout.add_version(
        fields, language=version.language, agency=agency, based_on=version, by=by, note=note
    )


def page_context(version, options):
    """What print/handout.html needs of a handout, printed for one audience."""
    return {
        "version": version,
        "blocks": version.blocks_for(options.audience),
        "doc_title": version.title,
        "doc_language": version.language,
        "topic_label": topics.short_label(version.topic),
    }


def side_by_side_context(english, spanish, options):
    """What print/handout_both.html needs: the two languages' blocks paired in order.

    The Spanish is written afresh, not rendered line by line, but keeps the English
    blocks' order; a block one language has more of stands beside an empty cell.
    """
    pairs = itertools.zip_longest(
        english.blocks_for(options.audience), spanish.blocks_for(options.audience)
    )
    return {
        "english": english,
        "spanish": spanish,
        "rows": [([a] if a else [], [b] if b else []) for a, b in pairs],
        "doc_title": f"{english.title} / {spanish.title}",
        "topic_label": topics.short_label(english.topic),
    }


def page_language(version):
    """The language of a handout's page, its fixed text included (the version, the footer):
    the handout's own, whoever prints it, as the person reads it; a pair side by side
    prints in the language of its first column, English."""
    return version[0].language if isinstance(version, tuple) else version.language


def page(version, options):
    """The template and context of a handout's page: one version, or an (English, Spanish)
    pair side by side. Made under translation.override(page_language(version))."""
    if isinstance(version, tuple):
        return "print/handout_both.html", side_by_side_context(*version, options)
    return "print/handout.html", page_context(version, options)


def render(version, options, *, agency_name=""):
    """The handout as a PDF, from the cache when this text was printed this way before.

    The key needs no language: the page prints in the handout's own."""
    with translation.override(page_language(version)):
        return pdf.cached_pdf(
            "print/handout.html",
            page_context(version, options) | {"options": options, "agency_name": agency_name},
            key={"handout": version.content_hash, "agency": agency_name, **options.as_key()},
        )


def record_given(consumer, versions, *, how, by, on=None):
    """Note that the person received these handout versions on a day (today unless
    given); returns the new rows.

    A version already recorded for that day is not recorded again (a binder
    printed twice, a handout printed and then marked given): the first record
    of the day stands. Three queries however many versions.
    """
    versions = {v.pk: v for v in versions}
    if not versions:
        return []
    on = on or timezone.localdate()
    same_day = HandoutGiven.objects.filter(
        consumer=consumer, version__in=list(versions), given_on=on
    )
    already = set(same_day.values_list("version_id", flat=True))
    # A print in another tab at the same moment may write a row first: the constraint keeps one.
    HandoutGiven.objects.bulk_create(
        [
            HandoutGiven(consumer=consumer, version=v, how=how, given_on=on, recorded_by=by)
            for pk, v in versions.items()
            if pk not in already
        ],
        ignore_conflicts=True,
    )
    # Read back for their ids (ignore_conflicts returns none), which the audit trail names.
    return list(same_day.exclude(version__in=already))


def given_to(consumer):
    """What the person received, one line per handout, the latest given first (one query)."""
    rows = HandoutGiven.objects.filter(consumer=consumer).select_related(
        "version__handout", "recorded_by"
    )
    lines = {}
    for row in rows:  # newest first, so each line's first row is its latest
        lines.setdefault(row.version.handout_id, []).append(row)
    return [HandoutReceived(rows) for rows in lines.values()]


@dataclass(frozen=True)
class HandoutReceived:
    """One handout on the chart: every time it was given, newest first."""

    rows: list

    @property
    def latest(self):
        return self.rows[0]

    @property
    def version_numbers(self):
        return sorted({row.version.number for row in self.rows})

    @property
    def languages(self):
        """The languages it was given in (the person may have had it in both)."""
        return sorted({row.version.get_language_display() for row in self.rows})
