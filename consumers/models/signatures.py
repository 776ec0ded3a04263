"""The person's own signature on a document about them: a plan version or a progress note.

Signed on screen (the drawing kept as a PNG), signed on paper, or declined with the
reason. Once recorded a signature never changes, like the document it goes with.
"""

import datetime
import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SignatureLocked(Exception):
    """A recorded signature, or a document the person signed, was about to change."""


class PersonSignature(models.Model):
    class How(models.TextChoices):
        ON_SCREEN = "on_screen", _("Signed on screen")
        ON_PAPER = "on_paper", _("Signed on paper")
        DECLINED = "declined", _("Declined to sign")

    how = models.CharField(max_length=10, choices=How.choices)
    # A data URL of a PNG the server decoded and wrote again (consumers/signatures.py).
    drawing = models.TextField(blank=True)
    reason = models.TextField(_("why they did not sign"), blank=True)
    signed_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(how="on_screen") | ~models.Q(drawing=""),
                name="%(app_label)s_%(class)s_drawn_on_screen",
            ),
            models.CheckConstraint(
                condition=~models.Q(how="declined") | ~models.Q(reason=""),
                name="%(app_label)s_%(class)s_declined_with_reason",
            ),
        ]

    def save(self, *args, **kwargs):
        if self.pk:
            raise SignatureLocked(_("A signature is never changed once recorded."))
        super().save(*args, **kwargs)

    def digest(self):
        """What the document's hash counts of this signature."""
        text = json.dumps(
            {
                "how": self.how,
                "drawing": self.drawing,
                "reason": self.reason,
                # In UTC: the same text whichever zone a connection reads the time in.
                "signed_at": self.signed_at.astimezone(datetime.UTC).isoformat(),
                "recorded_by": self.recorded_by_id,
            },
            sort_keys=True,
        )
        return hashlib.sha256(text.encode()).hexdigest()

    @property
    def is_drawn(self):
        return self.how == self.How.ON_SCREEN

    def in_words(self):
        when = timezone.localtime(self.signed_at).strftime("%Y-%m-%d %H:%M")
        if self.how == self.How.ON_SCREEN:
            return _("Signed by the person on screen on %(when)s") % {"when": when}
        if self.how == self.How.ON_PAPER:
            return _("Signed by the person on paper on %(when)s") % {"when": when}
        return _("Declined to sign on %(when)s: %(reason)s") % {"when": when, "reason": self.reason}


class PlanSignature(PersonSignature):
    """The person signing one version of their plan: that version is then theirs, locked."""

    version = models.OneToOneField(
        "consumers.PlanVersion", on_delete=models.PROTECT, related_name="person_signature"
    )
    # The version's words, supporters and this signature, sealed when it was recorded.
    content_hash = models.CharField(max_length=64)

    def __str__(self):
        return f"{self.get_how_display()}, {self.version}"

    def save(self, *args, **kwargs):
        if not self.pk:
            self.content_hash = self.compute_hash()
        super().save(*args, **kwargs)

    def compute_hash(self):
        version = self.version
        text = json.dumps(
            {
                "plan": version.plan_id,
                "number": version.number,
                "content": version.content,
                "made_on": version.made_on.isoformat(),
                "supporters": sorted(s.pk for s in version.supporters.all()),
                "signature": self.digest(),
            },
            sort_keys=True,
        )
        return hashlib.sha256(text.encode()).hexdigest()
