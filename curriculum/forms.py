from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consumers.models.validators import not_in_future
from curriculum import content, handouts, printing, topics

AUDIENCE_CHOICES = [
    (handouts.INDIVIDUAL, _("Individual version")),
    (handouts.GROUP, _("Group version")),
]


def handout_choices(current):
    """(topic, label) for each handout an agency prints, in binder order."""
    return [
        (str(topic), f"{topics.short_label(topic)}: {version.title}")
        for topic, version in current.items()
    ]


class PrintOptionsForm(forms.Form):
    """How to print: the parts every print form shares."""

    audience = forms.ChoiceField(
        label=_("Audience"), choices=AUDIENCE_CHOICES, initial=handouts.INDIVIDUAL
    )
    large_print = forms.BooleanField(required=False, label=_("Large print"))
    full_name = forms.BooleanField(
        required=False,
        label=_("Show the person's full name instead of initials"),
        help_text=_(
            "Left unticked, the person's own pages show initials and the record number. "
            "Handouts in a binder name nobody."
        ),
    )

    def options(self):
        data = self.cleaned_data
        return handouts.PrintOptions(audience=data["audience"], large_print=data["large_print"])


PERSON, BOTH = "person", "both"


class LanguageForm(forms.Form):
    """Which language a person's handouts print in: theirs unless asked otherwise."""

    language = forms.ChoiceField(
        label=_("Language"),
        choices=[
            (PERSON, _("The person's own language")),
            ("en", _("English")),
            ("es", _("Spanish (español)")),
            (BOTH, _("English and Spanish side by side")),
        ],
        initial=PERSON,
        # Left out (an older page, a script), the person's own language is meant.
        required=False,
    )

    def languages(self, consumer):
        """The languages chosen, in printing order."""
        chosen = self.cleaned_data["language"] or PERSON
        if chosen == PERSON:
            return [printing.language_of(consumer)]
        return list(content.LANGUAGES) if chosen == BOTH else [chosen]


class HandoutChoiceMixin:
    def chosen_topics(self):
        return {int(topic) for topic in self.cleaned_data["handouts"]}


class BinderForm(HandoutChoiceMixin, LanguageForm, PrintOptionsForm):
    handouts = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        label=_("Handouts to include"),
        error_messages={"required": _("Choose at least one handout for the binder.")},
    )
    field_order = ["handouts", "language", "audience", "large_print", "full_name"]

    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handouts"].choices = handout_choices(current)


class HandoutForConsumerForm(LanguageForm, PrintOptionsForm):
    """Print one handout for a person, which records it as given to them."""

    field_order = ["language", "audience", "large_print", "full_name"]


class MarkGivenForm(HandoutChoiceMixin, forms.Form):
    handouts = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        label=_("Handouts given"),
        error_messages={"required": _("Tick the handouts the person received.")},
    )
    # Left out (an older page, a script), the person's own language is meant.
    language = forms.ChoiceField(
        label=_("Given in"),
        choices=[("en", _("English")), ("es", _("Spanish (español)"))],
        required=False,
    )
    given_on = forms.DateField(
        label=_("Given on"),
        initial=timezone.localdate,
        validators=[not_in_future],
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handouts"].choices = handout_choices(current)


class PrintJobForm(HandoutChoiceMixin, PrintOptionsForm):
    program = forms.ModelChoiceField(queryset=None, empty_label=None, label=_("Program"))
    handouts = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        label=_("Handouts for everyone"),
        required=False,
        initial=[str(content.ORIENTATION)],
    )
    include_started = forms.BooleanField(
        required=False,
        initial=True,
        label=_("Also each person's topics begun or completed"),
    )
    field_order = ["program", "handouts", "include_started", "audience", "large_print", "full_name"]

    def __init__(self, *args, current, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handouts"].choices = handout_choices(current)
        self.fields["program"].queryset = programs
        self.fields["program"].help_text = _(
            "One binder for every person in the program now (referred to on hold)."
        )

    def clean(self):
        data = super().clean()
        if not data.get("handouts") and not data.get("include_started"):
            raise ValidationError(
                _("Choose handouts for everyone, or include each person's own topics.")
            )
        return data


def lf_only(text):
    """A browser sends a text area's line breaks as CRLF; the handouts' text uses LF."""
    return text.replace("\r\n", "\n")


class BlockForm(forms.Form):
    # A browser always sends a drop-down's choice, so the empty "add a new part" row
    # posts these two. With them as the initial values, a row that holds nothing
    # else has not changed, and the formset skips it as empty.
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            ("text", _("Text")),
            ("summary", _("Summary box")),
            ("questions", _("Questions to talk about")),
            ("exercise", _("Exercise")),
        ],
        initial="text",
    )
    audience = forms.ChoiceField(
        label=_("Audience"),
        choices=[
            ("all", _("Both versions")),
            ("individual", _("Individual version only")),
            ("group", _("Group version only")),
        ],
        initial="all",
    )
    heading = forms.CharField(max_length=200, label=_("Heading"))
    body = forms.CharField(
        required=False,
        label=_("Body"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("A blank line starts a new paragraph."),
    )
    points = forms.CharField(
        required=False,
        label=_("List"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One item a line: bullet points, questions or prompts to write on."),
    )

    def clean(self):
        data = super().clean()
        if data.get("heading") and not data.get("body", "").strip() and not data.get("points"):
            raise ValidationError(_("Give this part some text or a list, or remove it."))
        return data

    def block(self):
        data = self.cleaned_data
        return content.normalised_block(
            {
                **data,
                "body": lf_only(data["body"]),
                "points": [line for line in data["points"].splitlines() if line.strip()],
            }
        )

    @staticmethod
    def initial_from(block):
        return {**block, "points": "\n".join(block["points"])}


class BaseBlockFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not self.blocks():
            raise ValidationError(_("A handout needs at least one part."))

    def blocks(self):
        return [
            f.block() for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]


BlockFormSet = forms.formset_factory(BlockForm, formset=BaseBlockFormSet, extra=1, can_delete=True)


class AdaptHandoutForm(forms.Form):
    agency = forms.ModelChoiceField(queryset=None, empty_label=None, label=_("For the agency"))
    title = forms.CharField(max_length=200, label=_("Title"))
    summary = forms.CharField(
        max_length=500, label=_("Summary"), widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(
        max_length=300,
        label=_("What you changed, and why"),
        help_text=_("Kept with the version, so others know how it differs from the original."),
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies

    def clean_summary(self):
        return lf_only(self.cleaned_data["summary"])


class WorksheetEntryForm(forms.Form):
    filled_on = forms.DateField(
        label=_("Filled in on"),
        initial=timezone.localdate,
        validators=[not_in_future],
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, sheet, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label, kind in sheet.fields:
            if kind == "date":
                field = forms.DateField(
                    label=label, required=False, widget=forms.DateInput(attrs={"type": "date"})
                )
            elif kind == "short":
                field = forms.CharField(label=label, required=False, max_length=300)
            else:
                field = forms.CharField(
                    label=label, required=False, widget=forms.Textarea(attrs={"rows": 3})
                )
            self.fields[key] = field
        self.sheet = sheet

    def clean(self):
        data = super().clean()
        if not self.answers():
            raise ValidationError(_("Write at least one answer before saving the worksheet."))
        return data

    def answers(self):
        """The answers as stored: dates as ISO text, blanks left out."""
        found = {}
        for key, _label, _kind in self.sheet.fields:
            value = self.cleaned_data.get(key)
            if value:
                found[key] = value.isoformat() if hasattr(value, "isoformat") else value.strip()
        return {k: v for k, v in found.items() if v}
