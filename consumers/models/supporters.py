"""Supporters (significant others) the consumer chose to involve, and our contacts with them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consumers.models.validators import not_in_future


class Supporter(models.Model):
    class Relationship(models.TextChoices):
        PARENT = "parent", _("Parent")
        PARTNER = "partner", _("Partner or spouse")
        SIBLING = "sibling", _("Brother or sister")
        CHILD = "child", _("Son or daughter")
        RELATIVE = "relative", _("Other relative")
        FRIEND = "friend", _("Friend")
        PEER = "peer", _("Peer supporter")
        OTHER = "other", _("Someone else")

    # The ways a supporter takes part, as the KIT lists them.
    WAYS = (
        ("reads_handouts", _("Reads the handouts")),
        ("helps_homework", _("Helps with homework")),
        ("helps_relapse_plan", _("Helps with the relapse prevention plan")),
        ("attends_sessions", _("Comes to sessions")),
    )

    consumer = models.ForeignKey(
        "consumers.Consumer", on_delete=models.CASCADE, related_name="supporters"
    )
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    consent_given_on = models.DateField(
        _("consent given on"), null=True, blank=True, validators=[not_in_future]
    )
    consent_scope = models.TextField(
        _("what the person agreed to share"),
        blank=True,
        help_text=_("In the person's words: what we may talk about with this supporter."),
    )
    consent_withdrawn_on = models.DateField(
        _("consent withdrawn on"), null=True, blank=True, validators=[not_in_future]
    )
    reads_handouts = models.BooleanField(default=False)
    helps_homework = models.BooleanField(default=False)
    helps_relapse_plan = models.BooleanField(default=False)
    attends_sessions = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consent_withdrawn_on__isnull=True)
                | models.Q(consent_given_on__isnull=False)
                & models.Q(consent_withdrawn_on__gte=models.F("consent_given_on")),
                name="supporter_consent_withdrawn_after_given",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_relationship_display()})"

    def clean(self):
        if self.consent_withdrawn_on:
            if not self.consent_given_on:
                raise ValidationError(
                    {"consent_withdrawn_on": _("Consent cannot be withdrawn before it was given.")}
                )
            if self.consent_withdrawn_on < self.consent_given_on:
                raise ValidationError(
                    {
                        "consent_withdrawn_on": _(
                            "Consent cannot be withdrawn before it was given (%(day)s)."
                        )
                        % {"day": f"{self.consent_given_on:%Y-%m-%d}"}
                    }
                )

    @property
    def ways(self):
        return [label for field, label in self.WAYS if getattr(self, field)]

    def had_consent_on(self, day):
        return bool(
            self.consent_given_on
            and self.consent_given_on <= day
            and (not self.consent_withdrawn_on or day < self.consent_withdrawn_on)
        )

    @property
    def has_consent(self):
        return self.had_consent_on(timezone.localdate())


class SupporterContact(models.Model):
    class Mode(models.TextChoices):
        PHONE = "phone", _("Phone")
        IN_PERSON = "in_person", _("In person")
        IN_SESSION = "in_session", _("In a session")
        HOME_VISIT = "home_visit", _("Home visit")
        MAILED = "mailed_handouts", _("Mailed handouts")

    supporter = models.ForeignKey(Supporter, on_delete=models.CASCADE, related_name="contacts")
    contacted_on = models.DateField(validators=[not_in_future])
    mode = models.CharField(max_length=20, choices=Mode.choices)
    imr_related = models.BooleanField(
        _("about IMR"),
        default=True,
        help_text=_(
            "The contact was about the person's IMR work: goals, handouts, homework or plans."
        ),
    )
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-contacted_on", "-recorded_at"]
        indexes = [
            # The fidelity estimate asks "an IMR contact in the last month?" per consumer.
            models.Index(fields=["supporter", "contacted_on"], name="supporter_contact_date"),
        ]

    def __str__(self):
        return f"{self.get_mode_display()} on {self.contacted_on}"

    def clean(self):
        if (
            self.contacted_on
            and self.supporter_id
            and not self.supporter.had_consent_on(self.contacted_on)
        ):
            raise ValidationError(
                {
                    "contacted_on": _(
                        "The person had not given consent to involve %(name)s on that date."
                    )
                    % {"name": self.supporter.name}
                }
            )
