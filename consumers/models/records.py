"""The consumer's record. The full chart grows from here (issue: the consumer's chart)."""

from django.db import models
from django.urls import reverse


class Consumer(models.Model):
    class Status(models.TextChoices):
        REFERRED = "referred", "Referred"
        ORIENTATION = "orientation", "Orientation"
        ACTIVE = "active", "Active"
        ON_HOLD = "on_hold", "On hold"
        COMPLETED = "completed", "Completed"
        DISCHARGED = "discharged", "Discharged"

    # The agency issues record numbers, so they are unique per agency; it is
    # kept here (not only via the program) so the database can enforce that.
    # Taking part in the program: past the referral, not yet completed or discharged.
    IN_PROGRAM_STATUSES = (Status.ORIENTATION, Status.ACTIVE, Status.ON_HOLD)

    agency = models.ForeignKey("consumers.Agency", on_delete=models.PROTECT, related_name="+")
    program = models.ForeignKey(
        "consumers.Program", on_delete=models.PROTECT, related_name="consumers"
    )
    record_number = models.CharField(max_length=32)
    preferred_name = models.CharField(max_length=100)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REFERRED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["preferred_name", "record_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "record_number"], name="consumer_record_number_unique_in_agency"
            ),
        ]

    def __str__(self):
        return f"{self.preferred_name} ({self.record_number})"

    def save(self, *args, **kwargs):
        self.agency_id = self.program.agency_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("consumer_chart", args=[self.pk])
