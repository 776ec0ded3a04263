"""What a review's page and report show, and the record a final review keeps of it.

A final review is read from the record kept when it was finalized: its ratings and
evidence, both scores with their bands, the band and mean rules as they were worded, each
item's name and the anchor its agreed rating stood for, and the program's final reviews up
to it with their figures then. A band moved or an anchor reworded later leaves an old
report as it was signed off. A draft is worked out from today's rules each time.

The record is kept in English, the language the instruments are written in; a page shows
a kept wording in the reader's language where it is still today's wording.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation

from fidelity import fidelity_scale, goi, scoring
from fidelity.instruments import INSTRUMENTS, ITEM_BY_NUMBER, EvidenceSource

SOURCE_LABELS = dict(EvidenceSource.choices)


@dataclass(frozen=True)
class KeptItem:
    number: str
    name: str
    anchor: str  # the wording of the agreed rating's anchor; "" when it could not be rated


@dataclass(frozen=True)
class KeptRating:
    rating: int | None
    cannot_rate: bool
    evidence: str
    sources: list
    source_labels: list


@dataclass(frozen=True)
class KeptReview:
    """A final review's figures as they stood when a later review was finalized."""

    period_end: datetime.date
    fidelity_total: int | None
    fidelity_rated: int
    fidelity_mean: Decimal | None
    goi_mean: Decimal | None


@dataclass(frozen=True)
class Shown:
    fidelity: scoring.Score
    goi: scoring.Score
    sections: list  # (instrument name, [(item, agreed rating or None)])
    band_rule: str  # how the Fidelity Scale's total bands read
    mean_rule: str  # what mean is good fidelity

    @property
    def fidelity_items(self):
        return [item for item, _ in self.sections[0][1]]


def record(consensus, reviews):
    """The JSON a final review keeps: `consensus` is item -> agreed rating, `reviews` the
    program's final reviews up to and including this one, oldest first.

    Reads only stored fields, so the migration that kept a record for reviews finalized
    before there was one can call it with its historical models.
    """
    with translation.override("en"):
        return _record(consensus, reviews)


def _record(consensus, reviews):
    ratings = {number: r.rating for number, r in consensus.items()}
    return {
        "fidelity": fidelity_scale.score(ratings).kept(),
        "goi": goi.score(ratings).kept(),
        "band_rule": fidelity_scale.band_rule(),
        "mean_rule": scoring.mean_rule(),
        "sections": [
            [str(name), [_kept_row(item, consensus.get(item.number)) for item in items]]
            for name, items in INSTRUMENTS
        ],
        "reviews": [
            {
                "period_end": r.period_end.isoformat(),
                "fidelity_total": r.fidelity_total,
                "fidelity_rated": r.fidelity_rated,
                "fidelity_mean": _text(r.fidelity_mean),
                "goi_mean": _text(r.goi_mean),
            }
            for r in reviews
        ],
    }


def _kept_row(item, rating):
    row = {"number": item.number, "name": str(item.name), "anchor": "", "rating": None}
    if rating is None:
        return row
    if rating.rating is not None:
        row["anchor"] = str(item.anchors[rating.rating - 1])
    return row | {
        "rating": rating.rating,
        "cannot_rate": rating.cannot_rate,
        "evidence": rating.evidence,
        "sources": list(rating.sources),
        "source_labels": [str(SOURCE_LABELS[s]) for s in rating.sources if s in SOURCE_LABELS],
    }


def _text(number):
    return None if number is None else str(number)


def _number(text):
    return None if text is None else Decimal(text)


def _kept(review):
    """The record a final review keeps; None for a draft."""
    # A review finalized before records were kept has one from the migration that added them.
    return review.report_snapshot if review.is_final and review.report_snapshot else None


def shown(review, consensus):
    """Scores, bands and agreed ratings as the review's page and report show them."""
    kept = _kept(review)
    if kept is None:
        ratings = {number: r.rating for number, r in consensus.items()}
        return Shown(
            fidelity_scale.score(ratings),
            goi.score(ratings),
            [
                (name, [(item, consensus.get(item.number)) for item in items])
                for name, items in INSTRUMENTS
            ],
            fidelity_scale.band_rule(),
            scoring.mean_rule(),
        )
    names = [name for name, _items in INSTRUMENTS]
    return Shown(
        _kept_score(kept["fidelity"]),
        _kept_score(kept["goi"]),
        [
            (_in_reader_language(name, names), [_shown_row(row) for row in rows])
            for name, rows in kept["sections"]
        ],
        _in_reader_language(kept["band_rule"], [fidelity_scale.band_rule]),
        _in_reader_language(kept["mean_rule"], [scoring.mean_rule]),
    )


def _in_reader_language(kept, today):
    """A kept wording in the reader's language where it is one of `today`'s wordings (lazy
    texts, or functions that give one); else as it was kept, in English."""
    for wording in today:
        with translation.override("en"):
            english = str(wording() if callable(wording) else wording)
        if english == kept:
            return wording() if callable(wording) else wording
    return kept


def _kept_score(data):
    levels = [label for _floor, label in scoring.MEAN_LEVELS]
    bands = [label for _floor, label in fidelity_scale.TOTAL_BANDS] + levels
    return scoring.KeptScore.from_kept(
        data
        | {
            "band": _in_reader_language(data["band"], bands),
            "mean_level": _in_reader_language(data["mean_level"], levels),
        }
    )


def _shown_row(row):
    today = ITEM_BY_NUMBER.get(row["number"])
    name, anchor = row["name"], row["anchor"]
    if today:
        name = _in_reader_language(name, [today.name])
        anchor = _in_reader_language(anchor, today.anchors)
    item = KeptItem(row["number"], name, anchor)
    if "cannot_rate" not in row:
        return item, None
    labels = [_in_reader_language(label, SOURCE_LABELS.values()) for label in row["source_labels"]]
    return item, KeptRating(
        row["rating"], row["cannot_rate"], row["evidence"], row["sources"], labels
    )


def kept_reviews(review):
    """The program's final reviews up to this one's, as they stood when it was finalized;
    None for a draft (see trends.reviews_so_far)."""
    kept = _kept(review)
    if kept is None:
        return None
    return [
        KeptReview(
            datetime.date.fromisoformat(r["period_end"]),
            r["fidelity_total"],
            r["fidelity_rated"],
            _number(r["fidelity_mean"]),
            _number(r["goi_mean"]),
        )
        for r in kept["reviews"]
    ]
