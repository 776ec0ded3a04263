"""Form data as a browser would post it, for the tests that create or edit records."""

from html.parser import HTMLParser

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


class _FormReader(HTMLParser):
    """Collects what a browser would send for one form of a page."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.done, self.data = form_id, False, False, []
        self.select, self.option, self.textarea = None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            wanted = a.get("id") == self.form_id if self.form_id else not self.done
            self.inside = wanted
            return
        if not self.inside or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.append((name, a.get("value", "on")))
            else:
                self.data.append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select = {"name": name, "multiple": "multiple" in a, "chosen": [], "first": None}
        elif tag == "option" and self.select is not None:
            self.option = [a.get("value"), "", "selected" in a]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data
        if self.option is not None:
            self.option[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.done = self.done or self.inside
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            # A browser drops the one newline that follows <textarea>.
            self.data.append((self.textarea[0], self.textarea[1].removeprefix("\n")))
            self.textarea = None
        elif tag == "option" and self.option is not None:
            value, text, selected = self.option
            value = text.strip() if value is None else value
            if self.select["first"] is None:
                self.select["first"] = value
            if selected:
                self.select["chosen"].append(value)
            self.option = None
        elif tag == "select" and self.select is not None:
            chosen = self.select["chosen"]
            if not self.select["multiple"]:
                chosen = chosen[-1:] or ([self.select["first"]] if self.select["first"] else [])
            self.data.extend((self.select["name"], value) for value in chosen)
            self.select = None


def posted_by_browser(html, form_id=None, changes=None):
    """The data a browser posts for a rendered form (by id, or the page's first), changed.

    `changes` maps field names to values: None leaves a field out, a list sets its values.
    """
    reader = _FormReader(form_id)
    reader.feed(html if isinstance(html, str) else html.decode())
    data = {}
    for name, value in reader.data:
        data.setdefault(name, []).append(value)
    for name, value in (changes or {}).items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value if isinstance(value, list) else [value]
    return {name: values if len(values) > 1 else values[0] for name, values in data.items()}
