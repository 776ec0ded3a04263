"""Scoring the 12-item General Organizational Index.

The GOI has no published total bands we could confirm, so the interpretation
is the research convention for the mean (our operationalization): 4.0 or more
good, 3.0 to 3.99 fair, under 3 low. It is given only when all 12 are rated.
"""

from fidelity.instruments import GOI_ITEMS
from fidelity.scoring import Score, add_up, mean_level

# G3 Penetration: the share of eligible people who receive the practice, in 20% steps.
PENETRATION_BANDS = ((80, 5), (60, 4), (40, 3), (20, 2))


def score(ratings):
    """ratings: item number ("G1".."G12") -> 1..5 or None. Other items are ignored."""
    total, rated, mean = add_up(ratings, GOI_ITEMS)
    band = mean_level(mean) if rated == len(GOI_ITEMS) else ""
    return Score(total, rated, len(GOI_ITEMS), mean, band)


def rating_for_penetration(percent):
    """More than 80% -> 5, 61-80 -> 4, 41-60 -> 3, 21-40 -> 2, 20% or less -> 1."""
    return next((rating for floor, rating in PENETRATION_BANDS if percent > floor), 1)
