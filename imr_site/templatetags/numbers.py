from django import template

from imr_site import numbers

register = template.Library()


@register.filter
def two_places(value, plus=""):
    """{{ mean|two_places }} reads "2.13"; {{ change|two_places:"+" }} reads "+0.50"."""
    if getattr(value, "hidden", False) is True:
        return value  # a figure kept back (fidelity/small_numbers.py) reads as it is
    return numbers.two_places(value, plus=plus == "+")


@register.simple_tag
def total_of(total, rated, of):
    """{% total_of total rated 13 %} reads "48 of 65 (13 items rated)"."""
    return numbers.total_of(total, rated, of)
