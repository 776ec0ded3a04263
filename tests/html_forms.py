"""The forms of a rendered page, read as a browser reads them, and what it would post.

A form test that makes up its own post data can pass while the real page fails
(an extra row's drop-downs always post their first choice, a box a browser
leaves out when unticked). These build the data from the HTML instead.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.contrib.auth import get_user_model
from django.test import Client

NOT_SENT = {"submit", "button", "reset", "image", "file"}


@dataclass
class Control:
    tag: str
    name: str
    type: str = ""
    value: str = ""
    checked: bool = False
    disabled: bool = False
    multiple: bool = False
    options: list = field(default_factory=list)  # (value, selected) for a <select>


@dataclass
class Form:
    method: str
    action: str
    attrs: dict
    controls: list = field(default_factory=list)

    @property
    def label(self):
        return self.attrs.get("aria-label") or self.attrs.get("id") or self.action

    def count(self, name):
        return sum(1 for c in self.controls if c.name == name)

    def data(self, **changes):
        """What the browser posts when the form is sent as it stands, with `changes` typed in.

        A change replaces every value of that name; a list value sends several.
        """
        sent = {}
        for c in self.controls:
            if c.disabled or not c.name:
                continue
            if c.tag == "input" and c.type in NOT_SENT:
                continue
            if c.tag == "input" and c.type in ("checkbox", "radio"):
                if c.checked:
                    sent.setdefault(c.name, []).append(c.value or "on")
            elif c.tag == "select":
                chosen = [value for value, selected in c.options if selected]
                if not chosen and c.options and not c.multiple:
                    chosen = [c.options[0][0]]  # a drop-down always sends its first choice
                sent.setdefault(c.name, []).extend(chosen)
            else:
                sent.setdefault(c.name, []).append(c.value)
        for name, value in changes.items():
            sent[name] = value if isinstance(value, list) else [value]
        return sent


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.form, self.select, self.option, self.textarea = [], None, None, None, None

    def handle_starttag(self, tag, attrs):
        a = {k: ("" if v is None else v) for k, v in attrs}
        if tag == "form":
            self.form = Form(a.get("method", "get").lower(), a.get("action", ""), a)
            self.forms.append(self.form)
        elif self.form is None:
            return
        elif tag == "input":
            self.form.controls.append(
                Control(
                    "input",
                    a.get("name", ""),
                    a.get("type", "text").lower(),
                    a.get("value", ""),
                    checked="checked" in a,
                    disabled="disabled" in a,
                )
            )
        elif tag == "button":
            self.form.controls.append(
                Control("input", a.get("name", ""), a.get("type", "submit").lower())
            )
        elif tag == "select":
            self.select = Control(
                "select", a.get("name", ""), disabled="disabled" in a, multiple="multiple" in a
            )
            self.form.controls.append(self.select)
        elif tag == "option" and self.select is not None:
            self.option = [a.get("value"), "selected" in a, ""]
        elif tag == "textarea":
            self.textarea = Control("textarea", a.get("name", ""), disabled="disabled" in a)
            self.form.controls.append(self.textarea)

    def handle_data(self, data):
        if self.option is not None:
            self.option[2] += data
        elif self.textarea is not None:
            self.textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "option" and self.option is not None:
            self.end_option()
        elif tag == "select":
            self.end_option()
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            # A browser drops the one newline that may follow <textarea>.
            self.textarea.value = self.textarea.value.removeprefix("\n")
            self.textarea = None

    def end_option(self):
        if self.option is not None and self.select is not None:
            value, selected, text = self.option
            self.select.options.append((text.strip() if value is None else value, selected))
        self.option = None


def forms_in(html):
    reader = _Reader()
    reader.feed(html if isinstance(html, str) else html.decode())
    reader.close()
    return reader.forms


def form_in(html, label):
    """The one form whose aria-label, id or action is `label`."""
    found = [
        f
        for f in forms_in(html)
        if label in (f.attrs.get("aria-label"), f.attrs.get("id"), f.action)
    ]
    assert len(found) == 1, f"{len(found)} forms labelled {label!r}"
    return found[0]


def form_with(html, field):
    """The one form of a page that has this field."""
    (form,) = [f for f in forms_in(html) if f.count(field)]
    return form


def adapt_data(topic, **changes):
    """The adapt form as a browser posts it, read off the coordinator's page, some fields
    changed: every part as it stands and the empty "add a new part" row, whose two
    drop-downs a browser always sends."""
    page = Client()
    page.force_login(get_user_model().objects.get(username="coordinator"))
    html = page.get(f"/curriculum/handouts/{topic}/adapt/").content
    return form_in(html, "Adapt the handout").data(
        **{"note": "Local phone numbers added"} | changes
    )
