"""What happened to the person outside IMR: hospital stays, crisis visits, relapses and jail
stays (the outcomes IMR is funded to change), and the safety note on the chart's header."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consumers.models.validators import not_in_future


class ChartEvent(models.Model):
    """One event, dated, with who told us. A stay has an end date once the person is out."""

    class Kind(models.TextChoices):
        HOSPITAL_STAY = "hospital_stay", _("Psychiatric hospital stay")
        CRISIS_VISIT = "crisis_visit", _("Emergency or crisis visit")
        RELAPSE = "relapse", _("Relapse")
        JAIL_STAY = "jail_stay", _("Jail stay")

    class Source(models.TextChoices):
        PERSON = "person", _("The person told us")
        RECORD = "record", _("A record (hospital, clinic or court)")
        SUPPORTER = "supporter", _("A supporter told us")

    class JudgedBy(models.TextChoices):
        BOTH = "both", _("The person and the practitioner agree")
        PERSON = "person", _("The person")
        PRACTITIONER = "practitioner", _("The practitioner")

    # Stays run from a start to an end; a visit or a relapse is one day.
    STAYS = (Kind.HOSPITAL_STAY, Kind.JAIL_STAY)
    START_LABEL = {
        Kind.HOSPITAL_STAY: _("Admitted on"),
        Kind.CRISIS_VISIT: _("Date of the visit"),
        Kind.RELAPSE: _("When the relapse began"),
        Kind.JAIL_STAY: _("Went in on"),
    }
    END_LABEL = {Kind.HOSPITAL_STAY: _("Discharged on"), Kind.JAIL_STAY: _("Released on")}

    consumer = models.ForeignKey(
        "consumers.Consumer", on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    started_on = models.DateField(validators=[not_in_future])
    ended_on = models.DateField(
        null=True,
        blank=True,
        validators=[not_in_future],
        help_text=_("Leave blank while the person is still there."),
    )
    source = models.CharField(_("who told us"), max_length=20, choices=Source.choices)
    judged_by = models.CharField(
        _("who judges it a relapse"), max_length=20, choices=JudgedBy.choices, blank=True
    )
    # The relapse prevention plan as it stood on the day: set on saving, never chosen.
    relapse_plan = models.ForeignKey(
        "consumers.PlanVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="chart_event_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(kind__in=["hospital_stay", "jail_stay"]),
                name="chart_event_only_stays_end",
            ),
        ]
        indexes = [
            # The outcomes read every event of a program's people by kind and date.
            models.Index(fields=["consumer", "kind", "started_on"], name="chart_event_by_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.started_on:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self.kind == self.Kind.RELAPSE:
            self.relapse_plan = plan_in_force(self.consumer, self.started_on)
        else:
            self.relapse_plan = None
        super().save(*args, **kwargs)

    @property
    def is_stay(self):
        return self.kind in self.STAYS

    @property
    def still_there(self):
        return self.is_stay and self.ended_on is None

    def days(self, today=None):
        """Days in hospital (or jail) as hospitals count a stay: nights, the discharge day
        minus the admission day; a stay not yet over counts up to today."""
        if not self.is_stay:
            return None
        end = self.ended_on or today or timezone.localdate()
        return (end - self.started_on).days

    def clean(self):
        if not self.is_stay:
            self.ended_on = None
        if self.kind != self.Kind.RELAPSE:
            self.judged_by = ""
        errors = {}
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("%(end)s cannot be before %(start)s (%(day)s).") % {
                "end": self.END_LABEL[self.kind],
                "start": self.START_LABEL[self.kind].lower(),
                "day": f"{self.started_on:%Y-%m-%d}",
            }
        if self.kind == self.Kind.RELAPSE and not self.judged_by:
            errors["judged_by"] = _("Say who judges this a relapse.")
        if errors:
            raise ValidationError(errors)


def plan_in_force(consumer, day):
    """The newest version of the person's relapse prevention plan made on or before the day."""
    from consumers.models.plans import Plan, PlanVersion

    return (
        PlanVersion.in_force_on(consumer, day)
        .filter(plan__kind=Plan.Kind.RELAPSE_PREVENTION)
        .first()
    )


class SafetyNote(models.Model):
    """A note on the chart's header: why, and what to do. Reviewed or cleared, never deleted;
    at most one is in force at a time, and every earlier one stays on the chart's history."""

    consumer = models.ForeignKey(
        "consumers.Consumer", on_delete=models.CASCADE, related_name="safety_notes"
    )
    why = models.TextField(_("why this note is here"), max_length=1000)
    what_to_do = models.TextField(_("what to do"), max_length=1000)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_why = models.TextField(_("why it no longer applies"), max_length=1000, blank=True)

    class Meta:
        ordering = ["-set_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consumer"],
                condition=models.Q(cleared_at__isnull=True),
                name="safety_note_one_in_force",
            ),
            models.CheckConstraint(
                condition=models.Q(cleared_at__isnull=True)
                | models.Q(cleared_by__isnull=False) & ~models.Q(cleared_why=""),
                name="safety_note_cleared_with_who_and_why",
            ),
        ]

    def __str__(self):
        return f"Safety note set {self.set_at:%Y-%m-%d}"

    @property
    def in_force(self):
        return self.cleared_at is None

    def delete(self, *args, **kwargs):
        raise ValueError("A safety note is never deleted: clear it, saying why.")

    def review(self, *, by):
        """Someone read it again and it still holds."""
        self.reviewed_by, self.reviewed_at = by, timezone.now()
        self.save(update_fields=["reviewed_by", "reviewed_at"])

    def clear(self, *, by, why):
        self.cleared_by, self.cleared_at, self.cleared_why = by, timezone.now(), why
        self.save(update_fields=["cleared_by", "cleared_at", "cleared_why"])
