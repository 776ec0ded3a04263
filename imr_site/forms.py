from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from imr_site import hand_over, meanwhile
from imr_site.models import AuditEvent, NoticePreference


class CodeForm(forms.Form):
    """The 6-digit code from the authenticator app; spaces are ignored."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError(_("Type the 6 digits your app shows now."))
        # django-otp checks the code, refuses one used before, and slows down guessing:
        # after each wrong code the next try must wait (1 s, 2 s, 4 s, ...).
        allowed, _why = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(
                _("Too many wrong codes in a row. Wait a few seconds, then type the newest code.")
            )
        if not self.device.verify_token(code):
            raise forms.ValidationError(
                _(
                    "That code did not match. Check the app's clock, wait for a new code and "
                    "try again."
                )
            )
        return code


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[("", _("Any action")), *AuditEvent.Action.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def filter(self, events):
        data = self.cleaned_data
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["date_from"]:
            events = events.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            events = events.filter(at__date__lte=data["date_to"])
        return events


class SavedMeanwhileMixin:
    """For a ModelForm editing a record two people may open at once: no silent overwrite.

    The record's `updated_at` as it was when the form was opened is its version
    (imr_site/meanwhile.py); when it moved on, the form also says in which fields the
    stored record now differs.
    """

    STAMP = "opened_at"

    def add_stamp(self):
        self.fields[self.STAMP] = meanwhile.version_field()
        if self.instance.pk and not self.is_bound:
            self.initial[self.STAMP] = self.instance.updated_at.isoformat()

    def changed_meanwhile(self, stored):
        """[] when nobody saved the record since this form was opened; otherwise the labels of
        the fields where the stored record now differs from this form (a non-empty list)."""
        # Every form the app renders carries the stamp; a bare POST without one is not checked.
        opened_at = self.data.get(self.STAMP) or None
        if not self.instance.pk or not meanwhile.moved_on(opened_at, stored.updated_at.isoformat()):
            return []
        fields = [name for name in self.Meta.fields if name in self.cleaned_data]
        differ = [
            str(self.fields[name].label or name)
            for name in fields
            if self.fields[name].prepare_value(getattr(stored, name, None))
            != self.fields[name].prepare_value(self.cleaned_data[name])
        ]
        meanwhile.carry(self, self.STAMP, stored.updated_at.isoformat())
        if differ:
            message = _(
                "Someone else saved this record while you were editing it (what is saved now "
                "differs from yours in: %(fields)s). Your changes are still here and were not "
                "saved. Check them, then save again."
            ) % {"fields": ", ".join(differ)}
        else:
            message = _(
                "Someone else saved this record while you were editing it. Your changes are "
                "still here and were not saved. Check them, then save again."
            )
        self.add_error(None, message)
        return differ or ["updated_at"]


class DigestForm(forms.ModelForm):
    """How often the notices e-mail comes: off, every day or once a week."""

    class Meta:
        model = NoticePreference
        fields = ["digest"]
        labels = {"digest": _("E-mail me a count of my new notices")}
        widgets = {"digest": forms.RadioSelect(attrs={"class": "form-check-input"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["digest"].choices = NoticePreference.Digest.choices

    def clean_digest(self):
        digest = self.cleaned_data["digest"]
        if digest != NoticePreference.Digest.OFF and not self.instance.user.email:
            raise forms.ValidationError(
                _("Your account has no e-mail address yet. Ask a site administrator to add one.")
            )
        return digest


class HandOverStartForm(forms.Form):
    """Which form the person answers on this screen, and for the IMR Scale, which timepoint."""

    form = forms.ChoiceField(label=_("Hand over for"), widget=forms.RadioSelect)
    timepoint = forms.ChoiceField(
        label=_("IMR Scale timepoint"),
        required=False,
        help_text=_("The one falling due is chosen. Used only for the IMR Scale."),
    )

    def __init__(self, *args, consumer, forms_offered, timepoints, **kwargs):
        super().__init__(*args, **kwargs)
        self.consumer = consumer
        self.fields["form"].choices = forms_offered
        self.fields["timepoint"].choices = timepoints

    def clean(self):
        cleaned = super().clean()
        form = cleaned.get("form")
        if form:
            refused = hand_over.why_not(self.consumer, form)
            if refused:
                self.add_error("form", refused)
        if form == hand_over.Form.SCALE and not cleaned.get("timepoint"):
            self.add_error("timepoint", _("Choose the timepoint these answers are for."))
        return cleaned


class StaffPasswordForm(forms.Form):
    """The practitioner's password, to take the screen back from the person."""

    password = forms.CharField(
        label=_("Staff password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "class": "pa-field"}),
    )


class LanguageChoiceForm(forms.Form):
    """The language a staff member works in."""

    language = forms.ChoiceField(
        label=_("The language of your pages"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
