from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consumers.forms.records import clinicians_in, staff_name
from consumers.models.validators import not_in_future
from fidelity import periods
from fidelity.instruments import INSTRUMENTS
from fidelity.models import (
    EligiblePopulation,
    ProgramMeeting,
    Rating,
    Review,
    ReviewAction,
    TrainingRecord,
)
from imr_site import meanwhile

CANNOT_RATE = "na"


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = ["program", "period_start", "period_end", "visited_on", "sample_size"]
        labels = {"program": _("Program")}
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}),
            "period_end": forms.DateInput(attrs={"type": "date"}),
            "visited_on": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "period_start": _("The review looks at what happened from this day."),
            "sample_size": _(
                "How many charts of people served in the period to read. "
                "They are drawn at random, and the draw can be repeated."
            ),
        }

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs.select_related("agency").order_by("name")
        self.fields["sample_size"].min_value = 1
        self.fields["sample_size"].widget.attrs.update({"min": 1, "max": 60})

    def clean_period_start(self):
        return periods.not_before_earliest(self.cleaned_data["period_start"])

    def clean_sample_size(self):
        size = self.cleaned_data["sample_size"]
        if not 1 <= size <= 60:
            raise forms.ValidationError(_("Choose between 1 and 60 charts."))
        return size

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", _("The period ends before it starts."))
        if end and end > timezone.localdate():
            self.add_error(
                "period_end", _("A review looks back: the period cannot end in the future.")
            )
        return data


class RatingsForm(forms.Form):
    """Every item of both instruments: a rating with its anchors, evidence and sources.

    Sheets may be saved half done; a review is finalized only when the agreed
    sheet has a decision on every item ("cannot rate" is a decision).
    """

    def __init__(self, *args, ratings=None, **kwargs):
        ratings = ratings or {}
        initial = kwargs.pop("initial", None) or {}
        for item, rating in ratings.items():
            if rating.rating or rating.cannot_rate:
                initial.setdefault(f"rating_{item}", rating.rating or CANNOT_RATE)
            initial.setdefault(f"evidence_{item}", rating.evidence)
            initial.setdefault(f"sources_{item}", rating.sources)
        super().__init__(*args, initial=initial, **kwargs)
        for _name, items in INSTRUMENTS:
            for item in items:
                choices = [
                    (str(n), _("%(rating)s: %(anchor)s") % {"rating": n, "anchor": anchor})
                    for n, anchor in enumerate(item.anchors, 1)
                ]
                choices.append((CANNOT_RATE, _("Cannot rate: leave it out of the total")))
                number = {"number": item.number}
                self.fields[f"rating_{item.number}"] = forms.ChoiceField(
                    label=_("Rating for item %(number)s") % number,
                    choices=choices,
                    widget=forms.RadioSelect,
                    required=False,
                )
                self.fields[f"evidence_{item.number}"] = forms.CharField(
                    label=_("Evidence for item %(number)s") % number,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
                self.fields[f"sources_{item.number}"] = forms.MultipleChoiceField(
                    label=_("Sources for item %(number)s") % number,
                    choices=Rating.Source.choices,
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                )

    def sections(self):
        """(instrument name, [(item, rating field, evidence field, sources field)])."""
        return [
            (
                name,
                [
                    (
                        item,
                        self[f"rating_{item.number}"],
                        self[f"evidence_{item.number}"],
                        self[f"sources_{item.number}"],
                    )
                    for item in items
                ],
            )
            for name, items in INSTRUMENTS
        ]

    def answered(self):
        """item -> (rating, cannot_rate, evidence, sources) for every item with anything in it."""
        found = {}
        for _name, items in INSTRUMENTS:
            for item in items:
                value = self.cleaned_data.get(f"rating_{item.number}")
                evidence = self.cleaned_data.get(f"evidence_{item.number}", "").strip()
                sources = self.cleaned_data.get(f"sources_{item.number}", [])
                if not value and not evidence and not sources:
                    continue
                rating = int(value) if value and value != CANNOT_RATE else None
                found[item.number] = (rating, value == CANNOT_RATE, evidence, sources)
        return found


class ConsensusForm(RatingsForm):
    recommendations = forms.CharField(
        label=_("Recommendations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the program could do next to be more faithful to the model."),
    )
    # The revision the page read (none on a first save): see imr_site/meanwhile.py.
    revision = meanwhile.version_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Keep the recommendations last, after every item.
        self.fields["recommendations"] = self.fields.pop("recommendations")

    def clean_revision(self):
        # None when the page read the review before the agreed ratings were first saved.
        return str(self.cleaned_data["revision"] or "").strip() or None


# The GOI's evidence (fidelity/goi_estimates.py): training, the KIT's meetings, the eligible.

DAY = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TrainingRecordForm(forms.ModelForm):
    class Meta:
        model = TrainingRecord
        fields = ["staff_member", "part", "trained_on", "trainer", "refresher", "notes"]
        widgets = {"trained_on": DAY, "notes": forms.Textarea(attrs={"rows": 2})}
        labels = {"staff_member": _("Staff member"), "notes": _("Notes")}
        help_texts = {
            "trainer": _("A person or an organization, for example: the state's IMR trainer."),
            "refresher": _("Tick for a refresher of training the person had before."),
        }

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff_member"].queryset = clinicians_in([program])
        self.fields["staff_member"].label_from_instance = staff_name
        self.fields["trained_on"].validators.append(not_in_future)


class ProgramMeetingForm(forms.ModelForm):
    class Meta:
        model = ProgramMeeting
        fields = ["kind", "held_on", "notes"]
        widgets = {"held_on": DAY, "notes": forms.Textarea(attrs={"rows": 3})}
        labels = {"kind": _("Meeting"), "notes": _("Notes")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()
        self.fields["held_on"].validators.append(not_in_future)


class EligiblePopulationForm(forms.ModelForm):
    class Meta:
        model = EligiblePopulation
        fields = ["period_start", "period_end", "eligible", "source"]
        widgets = {"period_start": DAY, "period_end": DAY}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program

    def clean_period_start(self):
        return periods.not_before_earliest(self.cleaned_data["period_start"])

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end:
            if start > end:
                self.add_error("period_end", _("The end comes before the start."))
            elif EligiblePopulation.objects.filter(
                program=self.program, period_start=start, period_end=end
            ).exists():
                self.add_error("period_start", _("A number is already recorded for this period."))
        return data


# Action plans after a review (fidelity/action_plans.py).


class ReviewActionForm(forms.ModelForm):
    """One action for an item rated below 4: what, who, by when, and how it stands."""

    # The version the page read (imr_site/meanwhile.py); a new action has none.
    version = meanwhile.version_field()

    class Meta:
        model = ReviewAction
        fields = ["item", "what", "who_user", "who_text", "due_on", "status", "done_on", "notes"]
        widgets = {
            "what": forms.Textarea(attrs={"rows": 2}),
            "due_on": DAY,
            "done_on": DAY,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "item": _("Item"),
            "status": _("Status"),
            "who_user": _("Who: someone on the team"),
            "who_text": _("Or who, in words"),
        }
        help_texts = {
            "who_text": _("For someone outside the team, for example: the agency director."),
            "done_on": _("The day it was done or dropped. Leave it empty while it is open."),
        }

    def __init__(self, *args, program, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", _("Choose an item"))] + [
            (
                item.number,
                _("%(number)s. %(name)s (rated %(rating)s)")
                % {"number": item.number, "name": item.name, "rating": rating},
            )
            for item, rating in items
        ]
        # The team as it is, and whoever the action already names, though they left it.
        team = clinicians_in([program])
        if self.instance.who_user_id:
            team = team | get_user_model().objects.filter(pk=self.instance.who_user_id).distinct()
        self.fields["who_user"].queryset = team
        self.fields["who_user"].label_from_instance = staff_name
        self.fields["who_user"].empty_label = _("Someone else (say who below)")
        self.fields["done_on"].validators.append(not_in_future)

    def clean(self):
        data = super().clean()
        if not data.get("who_user") and not data.get("who_text", "").strip():
            self.add_error("who_user", _("Say who will do it: someone on the team, or in words."))
        status, done_on = data.get("status"), data.get("done_on")
        if status == ReviewAction.Status.OPEN and done_on:
            self.add_error("done_on", _("An open action has no date done. Choose done or dropped."))
        elif status and status != ReviewAction.Status.OPEN and not done_on:
            self.add_error("done_on", _("Give the day it was done or dropped."))
        return data
