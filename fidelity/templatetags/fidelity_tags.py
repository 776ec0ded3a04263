from django import template

register = template.Library()


@register.filter
def share(row, number):
    """A practitioner row's percentage of signed notes recording the item's strategy."""
    return row.share(str(number))


@register.filter
def rating_of(ratings, number):
    """The rating of one item from an item -> rating mapping."""
    return ratings.get(str(number))
