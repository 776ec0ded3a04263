"""Saved meanwhile: one rule for every page two people may have open at once.

A form carries, in a hidden field, the version of the record its page read: the
record's `updated_at` (a person's record, a goal) or a revision number (a progress
note, a review's agreed ratings). The save locks the stored record and compares. If
the stored version moved on, nothing is saved: the page comes back with the person's
own typing, says someone saved meanwhile, and now carries the stored version, so
saving again overwrites knowingly.

A page that read no version (a bare post, or a page opened before the record was
first saved) names none; each caller says what that means for its record.
"""

from django import forms


def version_field():
    # A plain Field, not a CharField or IntegerField: a version garbled in transit (even
    # with a NUL) must not be refused on a hidden field no page shows; it reads as a
    # version nothing has, so as "saved meanwhile".
    return forms.Field(widget=forms.HiddenInput, required=False)


def moved_on(read, stored):
    """Has the record been saved since the page read version `read`? (None: not checked.)"""
    return read is not None and str(read) != str(stored)


def carry(form, name, stored):
    """The form now carries the stored version: the page's next save overwrites knowingly."""
    data = form.data.copy()
    data[form.add_prefix(name)] = stored
    form.data = data
