import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consumers.models import Consumer, Membership, Role
from imr_site.forms import SavedMeanwhileMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def staff_name(user):
    return user.get_full_name() or user.username


def clinicians_in(programs):
    """Staff who can carry a caseload (practitioners and leaders) in these programs."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__role__in=[Role.PRACTITIONER, Role.LEADER],
            memberships__program__in=programs,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


class ConsumerForm(SavedMeanwhileMixin, forms.ModelForm):
    class Meta:
        model = Consumer
        fields = [
            "program",
            "record_number",
            "preferred_name",
            "legal_name",
            "pronouns",
            "date_of_birth",
            "preferred_language",
            "phone",
            "may_leave_messages",
            "email",
            "address",
            "diagnosis",
            "referred_on",
            "referral_source",
            "new_to_agency",
            "several_hospitalizations",
            "long_hospital_stay",
            "recent_release",
            "format",
            "assigned_practitioner",
        ]
        labels = {
            "program": _("Program"),
            "record_number": _("Record number"),
            "pronouns": _("Pronouns"),
            "phone": _("Phone"),
            "email": _("Email"),
            "address": _("Address"),
            "assigned_practitioner": _("Assigned practitioner"),
            "preferred_name": _("Preferred name"),
            "legal_name": _("Legal name"),
            "preferred_language": _("Preferred language"),
            "may_leave_messages": _("We may leave a message at this number"),
            "diagnosis": _("Diagnosis, as the person describes it"),
            "referral_source": _("Referred by"),
            "format": _("How the person takes part"),
            **dict(Consumer.TARGET_FLAGS),
        }
        help_texts = {
            "record_number": _("The agency's record number. It must be unique in the agency."),
            "preferred_name": _("The name the person wants us to use."),
            "legal_name": _("Only if it differs from the preferred name."),
            "pronouns": _("For example she/her, he/him, they/them."),
            "diagnosis": _(
                "Nobody has to accept a diagnosis to take part. Leave it as "
                "“Not stated” if the person would rather not say."
            ),
        }
        widgets = {
            "date_of_birth": DATE,
            "referred_on": DATE,
            "address": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        if len(programs) == 1:
            self.fields["program"].initial = programs.first()
        self.fields["assigned_practitioner"].queryset = clinicians_in(programs)
        self.fields["assigned_practitioner"].label_from_instance = staff_name
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's own <form> carries the one token
        self.helper.layout = Layout(
            Fieldset(
                _("Who the person is"),
                "program",
                "record_number",
                "preferred_name",
                "legal_name",
                "pronouns",
                "date_of_birth",
                "preferred_language",
                "diagnosis",
            ),
            Fieldset(_("How to reach them"), "phone", "may_leave_messages", "email", "address"),
            Fieldset(
                _("Referral"),
                "referred_on",
                "referral_source",
                "new_to_agency",
                "several_hospitalizations",
                "long_hospital_stay",
                "recent_release",
            ),
            Fieldset(_("Taking part"), "format", "assigned_practitioner"),
        )
        self.add_stamp()
        self.helper.layout.append(self.STAMP)

    def clean_record_number(self):
        return self.cleaned_data["record_number"].strip()

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born and born < datetime.date(1900, 1, 1):
            raise ValidationError(_("Check the year: the date is before 1900."))
        return born

    def clean(self):
        cleaned = super().clean()
        program, number = cleaned.get("program"), cleaned.get("record_number")
        # The form has no agency field, so the model's unique constraint would
        # only fail at save time; check it here to answer at the field.
        if program and number:
            taken = Consumer.objects.filter(agency_id=program.agency_id, record_number=number)
            if taken.exclude(pk=self.instance.pk).exists():
                self.add_error(
                    "record_number",
                    _("Another person in %(agency)s already has record number %(number)s.")
                    % {"agency": program.agency, "number": number},
                )
        practitioner = cleaned.get("assigned_practitioner")
        if program and practitioner:
            works_here = Membership.objects.filter(
                user=practitioner, program=program, role__in=[Role.PRACTITIONER, Role.LEADER]
            ).exists()
            if not works_here:
                self.add_error(
                    "assigned_practitioner",
                    _("%(name)s does not work in %(program)s.")
                    % {"name": practitioner.get_full_name(), "program": program},
                )
        return cleaned


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    changed_on = forms.DateField(label=_("Date of the change"), widget=DATE)
    discharge_reason = forms.ChoiceField(
        label=_("Reason for discharge"),
        required=False,
        choices=[("", _("Choose when discharging")), *Consumer.DischargeReason.choices],
        help_text=_("A discharge also ends the person's place in any group on that date."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=300,
        help_text=_("Optional. A few words on why; no clinical detail is needed here."),
    )

    def __init__(self, *args, consumer, **kwargs):
        super().__init__(*args, **kwargs)
        self.consumer = consumer
        self.fields["status"].choices = consumer.next_statuses
        self.fields["changed_on"].initial = timezone.localdate()
        self.change, self.memberships_ended = None, []

    def save(self, by):
        """Apply the change. A ValidationError from the model goes to the caller, whose
        transaction it undoes; `refused(error)` then shows it at its fields."""
        self.change, self.memberships_ended = self.consumer.change_status(
            self.cleaned_data["status"],
            on=self.cleaned_data["changed_on"],
            by=by,
            note=self.cleaned_data["note"],
            discharge_reason=self.cleaned_data["discharge_reason"],
        )

    def refused(self, error):
        """Model errors land at their fields; nothing typed is lost."""
        for field, messages in error.message_dict.items():
            for message in messages:
                self.add_error(field, message)


class CaseloadFilterForm(forms.Form):
    SORTS = {
        "name": (_("Name"), ["preferred_name", "record_number"]),
        "record": (_("Record number"), ["record_number"]),
        "status": (_("Status"), ["status", "preferred_name"]),
        "referred": (_("Newest referral"), ["-referred_on", "preferred_name"]),
        "updated": (_("Recently changed"), ["-updated_at"]),
    }

    status = forms.ChoiceField(
        required=False,
        choices=[("", _("Any status")), *Consumer.Status.choices],
        label=_("Status"),
    )
    program = forms.ModelChoiceField(
        queryset=None, required=False, empty_label=_("Any program"), label=_("Program")
    )
    practitioner = forms.ModelChoiceField(
        queryset=None, required=False, empty_label=_("Anyone"), label=_("Practitioner")
    )
    format = forms.ChoiceField(
        required=False,
        choices=[("", _("Any format")), *Consumer.Format.choices],
        label=_("Format"),
    )
    attention = forms.BooleanField(required=False, label=_("Needs attention only"))
    sort = forms.ChoiceField(
        required=False,
        choices=[(k, label) for k, (label, _order) in SORTS.items()],
        label=_("Sort by"),
    )

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        self.fields["practitioner"].queryset = clinicians_in(programs)
        self.fields["practitioner"].label_from_instance = staff_name
        for name, field in self.fields.items():
            if name != "attention":
                field.widget.attrs["class"] = "form-select"

    def apply(self, consumers):
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("status"):
            consumers = consumers.filter(status=data["status"])
        if data.get("program"):
            consumers = consumers.filter(program=data["program"])
        if data.get("practitioner"):
            consumers = consumers.filter(assigned_practitioner=data["practitioner"])
        if data.get("format"):
            consumers = consumers.filter(format=data["format"])
        return consumers.order_by(*self.SORTS[data.get("sort") or "name"][1])


class CaseloadSearchForm(forms.Form):
    # Sent by POST and kept in the session, so names never appear in addresses or logs.
    search = forms.CharField(
        required=False,
        max_length=100,
        label=_("Find a person"),
        help_text=_("Part of a name or a record number."),
    )
