"""Forms for events on the chart (stays, visits, relapses) and the safety note."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from consumers.forms.records import DATE
from consumers.models import ChartEvent, Consumer, SafetyNote
from imr_site.forms import SavedMeanwhileMixin

Kind = ChartEvent.Kind


class ChartEventForm(SavedMeanwhileMixin, forms.ModelForm):
    """One kind of event: the form shows only the fields that kind has."""

    class Meta:
        model = ChartEvent
        fields = ["started_on", "ended_on", "judged_by", "source", "notes"]
        labels = {"notes": _("Notes")}
        widgets = {
            "started_on": DATE,
            "ended_on": DATE,
            "source": forms.RadioSelect,
            "judged_by": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.instance.kind
        self.fields["started_on"].label = ChartEvent.START_LABEL[kind]
        if kind in ChartEvent.STAYS:
            self.fields["ended_on"].label = ChartEvent.END_LABEL[kind]
        else:
            del self.fields["ended_on"]
        if kind == Kind.RELAPSE:
            self.fields["judged_by"].required = True
            self.fields["judged_by"].choices = ChartEvent.JudgedBy.choices
            self.fields["judged_by"].help_text = _(
                "A relapse is what the person and you judge it to be: symptoms came back "
                "or got worse enough to change their plans or care."
            )
        else:
            del self.fields["judged_by"]
        self.fields["source"].choices = ChartEvent.Source.choices
        self.add_stamp()

    def clean_started_on(self):
        day = self.cleaned_data["started_on"]
        consumer = self.instance.consumer
        if consumer.date_of_birth and day < consumer.date_of_birth:
            raise ValidationError(_("The date cannot be before the person was born."))
        return day


class EventsKnownFromForm(SavedMeanwhileMixin, forms.ModelForm):
    """How far back the chart holds every stay and visit."""

    class Meta:
        model = Consumer
        fields = ["events_known_from"]
        labels = {"events_known_from": _("The chart holds every stay and visit since")}
        widgets = {"events_known_from": DATE}
        help_texts = {
            "events_known_from": _(
                "After going through the person's history with them and their records: the "
                "first day from which every hospital stay, crisis visit and jail stay is on "
                "the chart. The 12 months before IMR are compared with the time since only "
                "when this is at least 12 months before they entered IMR."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["events_known_from"].required = True
        self.add_stamp()


class SafetyNoteForm(forms.ModelForm):
    class Meta:
        model = SafetyNote
        fields = ["why", "what_to_do"]
        widgets = {
            "why": forms.Textarea(attrs={"rows": 3}),
            "what_to_do": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "why": _(
                "What staff need to know, in a few plain words. Everyone who reads the chart "
                "sees this at the top."
            ),
            "what_to_do": _("What anyone meeting the person should do, and who to call."),
        }


class SafetyNoteReviewForm(forms.Form):
    """Read the note again: it still holds, or it no longer applies (and why)."""

    STILL_HOLDS, CLEAR = "still_holds", "clear"
    outcome = forms.ChoiceField(
        label=_("After reading it again"),
        choices=[
            (STILL_HOLDS, _("It still holds: mark it reviewed today")),
            (CLEAR, _("It no longer applies: clear it")),
        ],
        widget=forms.RadioSelect,
    )
    cleared_why = forms.CharField(
        label=_("Why it no longer applies"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed to clear it. The note and your reason stay in the chart's history."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == self.CLEAR and not cleaned.get("cleared_why", "").strip():
            self.add_error("cleared_why", _("Say why the note no longer applies."))
        return cleaned
