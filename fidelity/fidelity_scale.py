"""Scoring the 13-item IMR Fidelity Scale, and the rating rules its items share.

The total band is the KIT score sheet's: 58-65 good, 47-57 fair, 46 or less
not IMR. It applies only when all 13 items are rated; otherwise the total is
given with the number of items rated, beside the mean (4.0 or more is good
fidelity in the research).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fidelity.instruments import IMR_FIDELITY_ITEMS, PERCENT_BANDS
from fidelity.scoring import Score, add_up

TOTAL_BANDS = (
    (58, gettext_lazy("Good implementation")),
    (47, gettext_lazy("Fair implementation")),
    (13, gettext_lazy("Not IMR")),
)
# Inside a sentence a band goes by its first words: "Good implementation" reads "good".
SHORT_BANDS = (gettext_lazy("good"), gettext_lazy("fair"), gettext_lazy("not IMR"))
# Item 1: the largest group seen (published bands).
GROUP_SIZE_BANDS = ((8, 5), (10, 4), (12, 3), (15, 2))
# Item 3: topics covered, the published 9-topic bands moved onto the KIT's 10 topics (ours).
TOPIC_BANDS = ((9, 5), (7, 4), (5, 3), (3, 2), (0, 1))


def score(ratings):
    """ratings: item number ("1".."13") -> 1..5 or None. Other items are ignored."""
    total, rated, mean = add_up(ratings, IMR_FIDELITY_ITEMS)
    band = ""
    if rated == len(IMR_FIDELITY_ITEMS):
        band = next(label for floor, label in TOTAL_BANDS if total >= floor)
    return Score(total, rated, len(IMR_FIDELITY_ITEMS), mean, band)


def band_rule():
    """How the total bands read beside a total: "58–65 good, 47–57 fair, 46 or less not IMR"."""
    ceiling = 5 * len(IMR_FIDELITY_ITEMS)
    parts = []
    bands = list(zip(TOTAL_BANDS, SHORT_BANDS, strict=True))
    for (floor, _label), short in bands[:-1]:
        parts.append(
            _("%(floor)s–%(ceiling)s %(band)s")
            % {"floor": floor, "ceiling": ceiling, "band": short}
        )
        ceiling = floor - 1
    parts.append(_("%(ceiling)s or less %(band)s") % {"ceiling": ceiling, "band": SHORT_BANDS[-1]})
    return ", ".join(parts)


def rating_for_percent(percent):
    """The common bands: under 20% -> 1, 20-39 -> 2, 40-69 -> 3, 70-89 -> 4, 90 or more -> 5."""
    return next(rating for floor, rating in PERCENT_BANDS if percent >= floor)


def percent(met, counted):
    """The whole percentage shown for `met` of `counted`, rounded down; None if none counted.

    Rounded down, never to the nearest: the bands start at whole percentages, so the
    figure shown always sits in the band of the rating beside it (89.6% reads 89%, a 4,
    where rounding would print 90% beside a 4).
    """
    if not counted:
        return None
    return 100 * met // counted


def rating_for_share(met, counted):
    """The common bands applied to `met` of `counted` people or notes; None if none counted.

    Read from the percentage shown (`percent`), so the two can never disagree.
    """
    shown = percent(met, counted)
    return None if shown is None else rating_for_percent(shown)


def rating_for_group_size(largest):
    """Item 1 from the largest group: 8 or fewer -> 5, 9-10 -> 4, 11-12 -> 3, 13-15 -> 2."""
    return next((rating for ceiling, rating in GROUP_SIZE_BANDS if largest <= ceiling), 1)


def rating_for_topics(covered):
    """Item 3 from the number of the 10 topics covered."""
    return next(rating for floor, rating in TOPIC_BANDS if covered >= floor)
