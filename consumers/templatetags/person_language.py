"""The person's own language in a template, for the parts of a staff page they read or sign
(`{% language consumer|language_of %}`); views that render a whole page for the person
use `translation.override(printing.language_of(consumer))` instead."""

from django import template

from curriculum import printing

register = template.Library()


@register.filter
def language_of(consumer):
    """ "es" or "en", as the person's printed pages (curriculum/printing.py)."""
    return printing.language_of(consumer)
