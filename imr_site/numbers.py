"""How the app writes a mean or a score: always two decimals, the same on every database.

PostgreSQL hands back a stored mean as Decimal("2.13"); SQLite hands back an aggregate or
a subquery of the same column as a float or a 15-digit Decimal ("2.13000000000000").
Pages, PDFs and exports all go through `two_places`, so they read "2.13" either way.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

_CENT = Decimal("0.01")


def cents(value):
    """The value as a Decimal rounded half up to two places; None for None or ""."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise TypeError("A mean or score is a number, not True or False.")
    if isinstance(value, float):
        # Through its shortest text, so 2.675 is 2.68 and not the binary 2.67499...
        value = repr(value)
    try:
        return Decimal(value).quantize(_CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation as error:
        raise ValueError(f"Not a number: {value!r}") from error


def two_places(value, plus=False):
    """A mean or score as text: "2.13", "4.00", "-0.50"; "" for None.

    With `plus`, a change above zero reads "+0.50", so a gain is plain to see.
    """
    rounded = cents(value)
    if rounded is None:
        return ""
    if rounded == 0:
        rounded = abs(rounded)  # never "-0.00"
    text = f"{rounded:.2f}"
    return f"+{text}" if plus and rounded > 0 else text


def total_of(total, rated, of):
    """A total of 1-5 ratings against what those items could reach: "48 of 65 (13 items rated)".

    With items left unrated: "40 of 55 (11 of 13 items rated)". Never "48 of 13 items".
    """
    if total is None or not rated:
        return _("No items rated (0 of %(of)s)") % {"of": of}
    if rated == of:
        return _("%(total)s of %(most)s (%(rated)s items rated)") % {
            "total": total,
            "most": 5 * rated,
            "rated": rated,
        }
    return _("%(total)s of %(most)s (%(rated)s of %(of)s items rated)") % {
        "total": total,
        "most": 5 * rated,
        "rated": rated,
        "of": of,
    }
