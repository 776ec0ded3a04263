"""The consumer's record: who the person is, how they came to the program, where they are in it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from consumers.models.validators import not_in_future


class Consumer(models.Model):
    class Status(models.TextChoices):
        # "Referred" is also a count of people in the program tables: a status here.
        REFERRED = "referred", pgettext_lazy("status", "Referred")
        ORIENTATION = "orientation", _("Orientation")
        ACTIVE = "active", _("Active")
        ON_HOLD = "on_hold", _("On hold")
        COMPLETED = "completed", _("Completed")
        DISCHARGED = "discharged", _("Discharged")

    class Diagnosis(models.TextChoices):
        # As the person describes it; nobody must accept a diagnosis to take part.
        NOT_STATED = "not_stated", _("Not stated")
        SCHIZOPHRENIA = "schizophrenia_spectrum", _("Schizophrenia spectrum")
        BIPOLAR = "bipolar", _("Bipolar disorder")
        DEPRESSION = "depression", _("Depression")
        OTHER = "other", _("Other")

    class ReferralSource(models.TextChoices):
        TREATMENT_TEAM = "treatment_team", _("Treatment team meeting")
        INTERNAL = "internal_provider", _("Provider in this agency")
        EXTERNAL = "external_provider", _("Provider outside this agency")
        COMMUNITY = "community_presentation", _("Community presentation")
        SELF = "self", _("Self-referral")

    class Format(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        GROUP = "group", _("Group")
        COMBINED = "combined", _("Individual and group")

    class DischargeReason(models.TextChoices):
        FINISHED = "finished", _("Finished the program")
        CHOSE_TO_LEAVE = "chose_to_leave", _("Chose to stop")
        NEVER_STARTED = "never_started", _("Did not start after referral")
        MOVED = "moved", _("Moved away")
        TRANSFERRED = "transferred", _("Moved to other services")
        LOST_CONTACT = "lost_contact", _("We lost touch")
        HOSPITAL = "hospital", _("Long hospital stay")
        DIED = "died", _("Died")
        OTHER = "other", _("Other")

    # Taking part in the program: past the referral, not yet completed or discharged.
    IN_PROGRAM_STATUSES = (Status.ORIENTATION, Status.ACTIVE, Status.ON_HOLD)
    # The lifecycle. Completed people may come back for booster sessions;
    # a discharged person comes back only through a new referral.
    NEXT_STATUSES = {
        Status.REFERRED: (Status.ORIENTATION, Status.DISCHARGED),
        Status.ORIENTATION: (Status.ACTIVE, Status.ON_HOLD, Status.DISCHARGED),
        Status.ACTIVE: (Status.ON_HOLD, Status.COMPLETED, Status.DISCHARGED),
        Status.ON_HOLD: (Status.ACTIVE, Status.DISCHARGED),
        Status.COMPLETED: (Status.ACTIVE, Status.DISCHARGED),
        Status.DISCHARGED: (Status.REFERRED,),
    }
    TARGET_FLAGS = (
        ("new_to_agency", _("New to the agency")),
        ("several_hospitalizations", _("Several hospital stays in the past year")),
        ("long_hospital_stay", _("Returning from a long hospital stay")),
        ("recent_release", _("Recently released from a correctional facility")),
    )

    # The agency issues record numbers, so they are unique per agency; it is
    # kept here (not only via the program) so the database can enforce that.
    agency = models.ForeignKey("consumers.Agency", on_delete=models.PROTECT, related_name="+")
    program = models.ForeignKey(
        "consumers.Program", on_delete=models.PROTECT, related_name="consumers"
    )
    record_number = models.CharField(max_length=32)
    preferred_name = models.CharField(max_length=100)
    legal_name = models.CharField(max_length=200, blank=True)
    date_of_birth = models.DateField(
        _("date of birth"), null=True, blank=True, validators=[not_in_future]
    )
    pronouns = models.CharField(max_length=40, blank=True)
    preferred_language = models.CharField(max_length=60, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    may_leave_messages = models.BooleanField(
        default=False,
        help_text=_("The person agrees we may leave a message at this number."),
    )
    diagnosis = models.CharField(
        max_length=30, choices=Diagnosis.choices, default=Diagnosis.NOT_STATED
    )
    referred_on = models.DateField(
        _("referred on"), default=timezone.localdate, validators=[not_in_future]
    )
    referral_source = models.CharField(max_length=30, choices=ReferralSource.choices)
    new_to_agency = models.BooleanField(default=False)
    several_hospitalizations = models.BooleanField(default=False)
    long_hospital_stay = models.BooleanField(default=False)
    recent_release = models.BooleanField(default=False)
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.INDIVIDUAL)
    # How far back the chart holds every hospital stay, crisis visit and jail stay: the 12
    # months before IMR are compared with the time since only when they are all known.
    events_known_from = models.DateField(
        _("events known from"), null=True, blank=True, validators=[not_in_future]
    )
    assigned_practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_consumers",
    )
    # Changed only through change_status(), which keeps the dated history.
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REFERRED)
    status_since = models.DateField(default=timezone.localdate)
    discharged_on = models.DateField(null=True, blank=True)
    discharge_reason = models.CharField(max_length=20, choices=DischargeReason.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["preferred_name", "record_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "record_number"], name="consumer_record_number_unique_in_agency"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="discharged")
                | models.Q(discharged_on__isnull=False) & ~models.Q(discharge_reason=""),
                name="consumer_discharge_has_date_and_reason",
            ),
        ]
        indexes = [
            # The caseload filters by program and status before anything else.
            models.Index(fields=["program", "status"], name="consumer_program_status"),
        ]

    def __str__(self):
        return f"{self.preferred_name} ({self.record_number})"

    def save(self, *args, **kwargs):
        self.agency_id = self.program.agency_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("consumer_chart", args=[self.pk])

    @property
    def target_groups(self):
        return [label for field, label in self.TARGET_FLAGS if getattr(self, field)]

    @property
    def in_program(self):
        return self.status in self.IN_PROGRAM_STATUSES

    @property
    def next_statuses(self):
        return [(s.value, s.label) for s in self.NEXT_STATUSES[self.Status(self.status)]]

    @transaction.atomic
    def admit(self, *, by):
        """Save a new referral and open its lifecycle history; the one way a record begins."""
        self.status = self.Status.REFERRED
        self.status_since = self.referred_on
        self.save()
        StatusChange.objects.create(
            consumer=self, to_status=self.status, changed_on=self.referred_on, changed_by=by
        )
        return self

    @transaction.atomic
    def change_status(self, new_status, *, on, by, note="", discharge_reason=""):
        """Move along the lifecycle; every step is dated and attributed.

        Raises ValidationError (keyed by form field) when the step is not allowed.
        Returns the new StatusChange and the group memberships a discharge ended.
        """
        errors = {}
        if new_status not in self.NEXT_STATUSES[self.Status(self.status)]:
            errors["status"] = _("%(status)s cannot change to %(new_status)s.") % {
                "status": self.get_status_display(),
                "new_status": self.Status(new_status).label.lower(),
            }
        if on > timezone.localdate():
            errors["changed_on"] = _("The date cannot be in the future.")
        elif on < self.status_since:
            errors["changed_on"] = _(
                "The date cannot be before the current status began (%(day)s)."
            ) % {"day": f"{self.status_since:%Y-%m-%d}"}
        if new_status == self.Status.DISCHARGED and not discharge_reason:
            errors["discharge_reason"] = _("Give the reason for the discharge.")
        if new_status == self.Status.DISCHARGED and "changed_on" not in errors:
            problem = self.discharge_date_problem(on)
            if problem:
                errors["changed_on"] = problem
        if errors:
            raise ValidationError(errors)
        change = StatusChange.objects.create(
            consumer=self,
            from_status=self.status,
            to_status=new_status,
            changed_on=on,
            changed_by=by,
            note=note,
            discharge_reason=discharge_reason if new_status == self.Status.DISCHARGED else "",
        )
        self.status, self.status_since = new_status, on
        if new_status == self.Status.DISCHARGED:
            self.discharged_on, self.discharge_reason = on, discharge_reason
        elif new_status == self.Status.REFERRED:
            self.discharged_on, self.discharge_reason, self.referred_on = None, "", on
        self.save(
            update_fields=[
                "status",
                "status_since",
                "discharged_on",
                "discharge_reason",
                "referred_on",
                "updated_at",
            ]
        )
        ended = []
        if new_status == self.Status.DISCHARGED:
            # A discharged person leaves their groups that day: later attendance forms,
            # sign-in sheets and goal follow-up suggestions no longer list them.
            ended = list(self.group_memberships.filter(left_on__isnull=True))
            self.group_memberships.filter(pk__in=[m.pk for m in ended]).update(left_on=on)
            for membership in ended:
                membership.left_on = on
        return change, ended

    def entered_imr_on(self):
        """The day the person entered IMR (`entry_changes`), or None. One query."""
        return entry_changes(self.pk).values_list("changed_on", flat=True).first()

    def discharged_before(self, day):
        """Discharged, and the day comes after it: no session or note is written for it."""
        return self.status == self.Status.DISCHARGED and bool(
            self.discharged_on and day > self.discharged_on
        )

    def discharge_date_problem(self, on):
        """Why the person cannot be discharged on this day, or "" when they can.

        Not before a session they came to, nor before they joined a group they are still
        in: the discharge date is the last day of their time in the program.
        """
        from sessions_log.models import Attendance  # sessions_log builds on consumers

        came = (
            self.attendance.filter(status=Attendance.Status.PRESENT, session__held_on__gt=on)
            .order_by("-session__held_on")
            .values_list("session__held_on", flat=True)
            .first()
        )
        if came:
            return _(
                "%(name)s came to a session on %(day)s, after this date. "
                "The discharge date cannot be before their last session."
            ) % {"name": self.preferred_name, "day": f"{came:%Y-%m-%d}"}
        joined = (
            self.group_memberships.filter(left_on__isnull=True, joined_on__gt=on)
            .select_related("group")
            .order_by("-joined_on")
            .first()
        )
        if joined:
            return _(
                "%(name)s joined %(group)s on %(day)s, after this date. The discharge date "
                "cannot be before that."
            ) % {
                "name": self.preferred_name,
                "group": joined.group.name,
                "day": f"{joined.joined_on:%Y-%m-%d}",
            }
        return ""


class StatusChange(models.Model):
    """One dated, attributed step of a consumer's lifecycle. Never edited."""

    consumer = models.ForeignKey(Consumer, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Consumer.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Consumer.Status.choices)
    changed_on = models.DateField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)
    discharge_reason = models.CharField(
        max_length=20, choices=Consumer.DischargeReason.choices, blank=True
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_on", "-recorded_at"]

    def __str__(self):
        return f"{self.get_to_status_display()} on {self.changed_on}"


def entry_changes(consumer):
    """The steps by which a person (a pk, or OuterRef("pk")) entered IMR, first first: our
    reading is their first move to orientation or active; a referral is not yet taking part.
    The chart's outcomes and the programs' read it here."""
    return StatusChange.objects.filter(
        consumer=consumer,
        to_status__in=(Consumer.Status.ORIENTATION, Consumer.Status.ACTIVE),
    ).order_by("changed_on", "recorded_at", "pk")
