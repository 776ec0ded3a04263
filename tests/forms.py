"""Form data as a browser would post it, for the tests that create or edit records."""

from django.forms.models import model_to_dict

from consumers.forms import ConsumerForm
from consumers.models import Program


def referral_data(program, **fields):
    """A complete new referral, with only the fields the test cares about changed."""
    return {
        "program": program.pk,
        "record_number": "RB-1099",
        "preferred_name": "Lee Ortiz",
        "referred_on": "2026-11-02",
        "referral_source": "self",
        "diagnosis": "not_stated",
        "format": "individual",
    } | fields


def record_data(consumer, **fields):
    """The edit form of an existing record as it stands, with some fields changed."""
    current = model_to_dict(consumer, fields=ConsumerForm._meta.fields)
    data = {
        name: ("on" if value else "")
        if isinstance(value, bool)
        else ("" if value is None else value)
        for name, value in current.items()
    }
    data = {name: value for name, value in data.items() if value != ""}
    # Fields with a callable default (dates defaulting to today) carry a hidden
    # copy of their first value, as the browser would post it.
    form = ConsumerForm(instance=consumer, programs=Program.objects.all())
    hidden = {
        f"initial-{name}": data[name]
        for name, field in form.fields.items()
        if field.show_hidden_initial and name in data
    }
    return data | hidden | fields
