from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from consumers.forms.records import DATE, clinicians_in, staff_name
from consumers.models import Consumer
from consumers.models.validators import not_in_future
from curriculum.forms import HandoutChoiceMixin, handout_choices
from sessions_log.models import Group


def without_form_tag():
    helper = FormHelper()
    helper.form_tag = False
    return helper


class GroupForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = [
            "program",
            "name",
            "facilitators",
            "weekday",
            "starts_at",
            "length_minutes",
            "place",
            "started_on",
            "ended_on",
        ]
        widgets = {
            "facilitators": forms.CheckboxSelectMultiple,
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "started_on": DATE,
            "ended_on": DATE,
        }
        help_texts = {"ended_on": "Leave empty while the group is running."}

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        if len(programs) == 1:
            self.fields["program"].initial = programs.first()
        self.fields["facilitators"].queryset = clinicians_in(programs)
        self.fields["facilitators"].label_from_instance = staff_name
        self.helper = without_form_tag()

    def clean(self):
        cleaned = super().clean()
        program, facilitators = cleaned.get("program"), cleaned.get("facilitators")
        if program and facilitators:
            outside = [
                staff_name(person)
                for person in facilitators
                if person not in clinicians_in([program])
            ]
            if outside:
                self.add_error(
                    "facilitators", f"Not on the {program.name} team: {', '.join(outside)}."
                )
        name = cleaned.get("name")
        if program and name:
            clash = Group.objects.filter(program=program, name__iexact=name.strip())
            if clash.exclude(pk=self.instance.pk).exists():
                self.add_error("name", "This program already has a group with that name.")
        return cleaned


class AddMemberForm(forms.Form):
    consumer = forms.ModelChoiceField(queryset=None, label="Person")
    joined_on = forms.DateField(
        label="Joins on", initial=timezone.localdate, validators=[not_in_future], widget=DATE
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.fields["consumer"].queryset = (
            Consumer.objects.filter(
                program=group.program,
                status__in=(Consumer.Status.REFERRED, *Consumer.IN_PROGRAM_STATUSES),
            )
            .exclude(group_memberships__group=group, group_memberships__left_on__isnull=True)
            .order_by("preferred_name")
        )
        self.fields["consumer"].label_from_instance = lambda c: (
            f"{c.preferred_name} ({c.record_number})"
        )
        self.helper = without_form_tag()

    def clean_joined_on(self):
        joined = self.cleaned_data["joined_on"]
        if joined < self.group.started_on:
            raise ValidationError(
                f"The group's first meeting was {self.group.started_on:%Y-%m-%d}; "
                "nobody can join before it."
            )
        return joined


class LeaveForm(forms.Form):
    left_on = forms.DateField(
        label="Left on", initial=timezone.localdate, validators=[not_in_future], widget=DATE
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership

    def clean_left_on(self):
        left = self.cleaned_data["left_on"]
        if left < self.membership.joined_on:
            raise ValidationError(
                f"They joined on {self.membership.joined_on:%Y-%m-%d}; "
                "the day they left cannot be earlier."
            )
        return left


class GroupPacketsForm(HandoutChoiceMixin, forms.Form):
    handouts = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        label="Handouts in each packet",
        error_messages={"required": "Choose at least one handout for the packets."},
    )
    large_print = forms.BooleanField(required=False, label="Large print")
    full_name = forms.BooleanField(
        required=False,
        label="Show each person's full name instead of initials",
        help_text="Left unticked, each cover shows the person's name with initials and the "
        "record number at the foot. The handouts name nobody.",
    )

    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handouts"].choices = handout_choices(current)
        self.helper = without_form_tag()


class SessionKitForm(forms.Form):
    on = forms.DateField(label="Meeting on", widget=DATE)
    topic = forms.TypedChoiceField(label="Topic", coerce=int)

    def __init__(self, *args, group, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = handout_choices(current)
        self.fields["on"].initial = group.next_meeting_on()
        self.helper = without_form_tag()
