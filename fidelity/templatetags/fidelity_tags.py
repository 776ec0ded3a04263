from django import template

from fidelity import small_numbers

register = template.Library()


@register.filter
def kept_back(figure):
    """Does the figure read "fewer than 11" (fidelity/small_numbers.py)? Templates ask it
    where a unit would follow ("%", "people"). A filter, not an attribute of the figure:
    asked for an attribute a number lacks, a template lists all the number's attributes
    to learn why, which was a third of the time a state's tables took to draw."""
    return isinstance(figure, small_numbers.Hidden)


@register.filter
def share(row, number):
    """A practitioner row's percentage of signed notes recording the item's strategy."""
    return row.share(str(number))


@register.filter
def rating_of(ratings, number):
    """The rating of one item from an item -> rating mapping."""
    return ratings.get(str(number))
