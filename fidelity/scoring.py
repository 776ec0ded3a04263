"""What both fidelity instruments share: adding up 1-5 ratings where some items may be missing."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from imr_site.numbers import cents

# The research convention for a mean of 1-5 ratings (our operationalization for the GOI).
MEAN_LEVELS = (
    (Decimal("4.0"), pgettext_lazy("fidelity mean", "Good")),
    (Decimal("3.0"), pgettext_lazy("fidelity mean", "Fair")),
    (Decimal("0"), pgettext_lazy("fidelity mean", "Low")),
)


@dataclass(frozen=True)
class Score:
    total: int | None  # sum of the rated items; None when nothing was rated
    rated: int
    of: int
    mean: Decimal | None
    band: str  # the interpretation; "" when it cannot be given

    @property
    def complete(self):
        return self.rated == self.of

    @property
    def mean_level(self):
        return mean_level(self.mean)

    def kept(self):
        """The score as JSON, with the reading of its mean under the rule in force."""
        return {
            "total": self.total,
            "rated": self.rated,
            "of": self.of,
            "mean": None if self.mean is None else str(self.mean),
            "band": str(self.band),
            "mean_level": str(self.mean_level),
        }


@dataclass(frozen=True)
class KeptScore(Score):
    """A score as a final review kept it: its mean read by the rule of the day it was final."""

    kept_mean_level: str = ""

    @property
    def mean_level(self):
        return self.kept_mean_level

    @classmethod
    def from_kept(cls, data):
        mean = data["mean"]
        return cls(
            data["total"],
            data["rated"],
            data["of"],
            None if mean is None else Decimal(mean),
            data["band"],
            data["mean_level"],
        )


def mean_rule():
    """The sentence saying what mean is good fidelity: "A mean of 4.0 or more is ..."."""
    floor, _good = MEAN_LEVELS[0]
    return _("A mean of %(floor)s or more is good fidelity.") % {"floor": floor}


def mean_level(mean):
    if mean is None:
        return ""
    return next(label for floor, label in MEAN_LEVELS if mean >= floor)


def add_up(ratings, items):
    """(total, rated, mean) of the given items; a missing or blank item is left out, never 0."""
    values = []
    for item in items:
        value = ratings.get(item.number)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise ValueError(f"Item {item.number} must be rated 1 to 5, not {value!r}.")
        values.append(value)
    if not values:
        return None, 0, None
    total = sum(values)
    mean = cents(Decimal(total) / len(values))
    return total, len(values), mean


def item_level(rating):
    """How one item reads: 4-5 high, 3 moderate, 1-2 low (the research convention)."""
    if rating is None:
        return ""
    if rating >= 4:
        return gettext_lazy("High")
    return gettext_lazy("Moderate") if rating >= 3 else gettext_lazy("Low")
