"""Means and scores read with two decimals whatever the database hands back.

PostgreSQL returns a stored mean as Decimal("2.13"); SQLite (make run's demo) returns an
aggregate or a subquery of the same column as a float or as Decimal("2.13000000000000").
The tests run on PostgreSQL, so the SQLite values are given to the function directly.
"""

from decimal import Decimal

import pytest
from django.template import Context, Template

from imr_site.numbers import cents, total_of, two_places


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("2.13"), "2.13"),
        (Decimal("2.13000000000000"), "2.13"),  # SQLite's aggregate of a DecimalField
        (2.13, "2.13"),  # SQLite's float
        (2.1300000000000003, "2.13"),
        (Decimal("4"), "4.00"),
        (4, "4.00"),
        (4.0, "4.00"),
        (Decimal("3.666666666666667"), "3.67"),
        (2.125, "2.13"),  # half up, as the stored means are rounded
        (2.675, "2.68"),  # read as written, not as the binary 2.67499...
        (Decimal("-0.50"), "-0.50"),
        (-0.004, "0.00"),  # never "-0.00"
        ("3.5", "3.50"),
    ],
)
def test_a_mean_reads_with_two_decimals(value, shown):
    assert two_places(value) == shown


def test_nothing_reads_as_nothing():
    assert two_places(None) == ""
    assert two_places("") == ""
    assert cents(None) is None


def test_a_change_can_carry_its_plus_sign():
    assert two_places(Decimal("0.5"), plus=True) == "+0.50"
    assert two_places(-0.25, plus=True) == "-0.25"
    assert two_places(0.0, plus=True) == "0.00"


def test_cents_keeps_a_number_for_spreadsheets():
    assert cents(2.13000000000000) == Decimal("2.13")
    assert cents(Decimal("2.13000000000000")).as_tuple().exponent == -2


def test_text_that_is_not_a_number_is_refused():
    with pytest.raises(ValueError):
        two_places("two")
    with pytest.raises(TypeError):
        two_places(True)


def test_a_total_says_what_it_is_out_of():
    assert total_of(48, 13, 13) == "48 of 65 (13 items rated)"
    assert total_of(40, 11, 13) == "40 of 55 (11 of 13 items rated)"
    assert total_of(44, 12, 12) == "44 of 60 (12 items rated)"
    assert total_of(None, 0, 13) == "No items rated (0 of 13)"


def test_the_template_filter_and_tag_use_the_same_function():
    template = Template(
        "{% load numbers %}{{ mean|two_places }} {{ change|two_places:'+' }} "
        "{{ missing|two_places|default:'–' }} {% total_of 48 13 13 %}"
    )
    context = Context({"mean": Decimal("2.13000000000000"), "change": 0.5, "missing": None})
    assert template.render(context) == "2.13 +0.50 – 48 of 65 (13 items rated)"
