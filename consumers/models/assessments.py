"""What the person and practitioner assess together: inventory, topic progress, IMR Scale."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consumers import imr_scale
from consumers.models.validators import not_in_future
from curriculum.topics import TOPICS


class KnowledgeSkillsInventory(models.Model):
    """One completed inventory. Done again later, it is a new row; the old one stays."""

    consumer = models.ForeignKey(
        "consumers.Consumer", on_delete=models.CASCADE, related_name="inventories"
    )
    completed_on = models.DateField(
        _("completed on"), default=timezone.localdate, validators=[not_in_future]
    )
    session_number = models.PositiveSmallIntegerField(
        _("IMR session number"),
        null=True,
        blank=True,
        help_text=_("The inventory is usually done in session 2 or 3."),
    )
    answers = models.JSONField(default=dict)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_on", "-recorded_at"]
        verbose_name = "Knowledge and Skills Inventory"
        verbose_name_plural = "Knowledge and Skills Inventories"

    def __str__(self):
        return f"Knowledge and Skills Inventory, {self.completed_on}"


class TopicProgress(models.Model):
    """Where the person is with one of the 10 topics. No row means not started."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")

    consumer = models.ForeignKey(
        "consumers.Consumer", on_delete=models.CASCADE, related_name="topic_progress"
    )
    topic = models.PositiveSmallIntegerField(choices=TOPICS)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    started_on = models.DateField(
        _("started on"), null=True, blank=True, validators=[not_in_future]
    )
    completed_on = models.DateField(
        _("completed on"), null=True, blank=True, validators=[not_in_future]
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["topic"]
        constraints = [
            models.UniqueConstraint(fields=["consumer", "topic"], name="topic_progress_unique"),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_on__isnull=False),
                name="topic_completed_has_date",
            ),
        ]

    def __str__(self):
        return f"Topic {self.topic}: {self.get_status_display()}"


class ImrScaleAdministration(models.Model):
    """One filling-in of the IMR Scale, client or clinician version."""

    class Version(models.TextChoices):
        CLIENT = "client", _("Client version")
        CLINICIAN = "clinician", _("Clinician version")

    class Timepoint(models.TextChoices):
        BASELINE = "baseline", _("Baseline (before topic 1)")
        AFTER_3 = "after_topic_3", _("After topic 3")
        AFTER_6 = "after_topic_6", _("After topic 6")
        AFTER_10 = "after_topic_10", _("After topic 10")
        FOLLOW_UP = "follow_up", _("Follow-up")

    # The scale falls due by curriculum milestone, not by calendar.
    MILESTONE_TOPIC = {
        Timepoint.BASELINE: None,
        Timepoint.AFTER_3: 3,
        Timepoint.AFTER_6: 6,
        Timepoint.AFTER_10: 10,
    }

    consumer = models.ForeignKey(
        "consumers.Consumer", on_delete=models.CASCADE, related_name="scale_administrations"
    )
    version = models.CharField(max_length=20, choices=Version.choices)
    timepoint = models.CharField(max_length=20, choices=Timepoint.choices)
    answered_on = models.DateField(
        _("answered on"), default=timezone.localdate, validators=[not_in_future]
    )
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The practitioner who rated the clinician version."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class AnsweredBy(models.TextChoices):
        STAFF = "staff", _("Keyed in by staff")
        HAND_OVER = "hand_over", _("Answered by the person on the practitioner's screen")
        LINK = "link", _("Answered by the person from a link")

    # The client version is meant to be the person's own answers; this says whose hands typed them.
    answered_by = models.CharField(
        max_length=10, choices=AnsweredBy.choices, default=AnsweredBy.STAFF
    )
    # The 15 answers (1-5, blank when not answered). Item 13 alone may be not applicable.
    item_1 = models.PositiveSmallIntegerField(null=True, blank=True)
    item_2 = models.PositiveSmallIntegerField(null=True, blank=True)
    item_3 = models.PositiveSmallIntegerField(null=True, blank=True)
    item_4 = models.PositiveSmallIntegerField(null=True, blank=True)
    item_5 = models.PositiveSmallIntegerField(null=True, blank=True)
    item_6 = models.PositiveSmallIntegerField(null=True, blank=True)
    item_7 = models.PositiveSmallIntegerField(null=True, blank=True)
    item_8 = models.PositiveSmallIntegerField(null=True, blank=True)
    item_9 = models.PositiveSmallIntegerField(null=True, blank=True)
    item_10 = models.PositiveSmallIntegerField(null=True, blank=True)
    item_11 = models.PositiveSmallIntegerField(null=True, blank=True)
    item_12 = models.PositiveSmallIntegerField(null=True, blank=True)
    item_13 = models.PositiveSmallIntegerField(null=True, blank=True)
    item_13_not_applicable = models.BooleanField(default=False)
    item_14 = models.PositiveSmallIntegerField(null=True, blank=True)
    item_15 = models.PositiveSmallIntegerField(null=True, blank=True)
    # Kept from the scoring module at save time so outcome reports average in the database.
    score = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    items_answered = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["answered_on", "version", "pk"]
        constraints = [
            *(
                models.CheckConstraint(
                    condition=Q(**{f"item_{n}__isnull": True})
                    | Q(**{f"item_{n}__gte": 1, f"item_{n}__lte": 5}),
                    name=f"imr_scale_item_{n}_1_to_5",
                )
                for n in range(1, 16)
            ),
            models.CheckConstraint(
                condition=Q(item_13_not_applicable=False) | Q(item_13__isnull=True),
                name="imr_scale_item_13_answer_or_na",
            ),
            # Each milestone is measured once per version; follow-ups may repeat.
            models.UniqueConstraint(
                fields=["consumer", "timepoint", "version"],
                condition=~Q(timepoint="follow_up"),
                name="imr_scale_one_per_milestone",
            ),
        ]

    def __str__(self):
        return f"IMR Scale, {self.get_version_display().lower()}, {self.get_timepoint_display()}"

    def save(self, *args, **kwargs):
        result = self.scored()
        self.score, self.items_answered = result.mean, result.answered
        super().save(*args, **kwargs)

    def answers(self):
        """Item number -> 1..5, NOT_APPLICABLE or None, as the scoring module reads them."""
        values = {n: getattr(self, f"item_{n}") for n in range(1, 16)}
        if self.item_13_not_applicable:
            values[13] = imr_scale.NOT_APPLICABLE
        return values

    def scored(self):
        return imr_scale.score(self.answers())

    def clean(self):
        if self.version == self.Version.CLINICIAN and not self.rated_by_id:
            raise ValidationError(
                {"rated_by": _("Say which practitioner rated the clinician version.")}
            )


class AnswerLink(models.Model):
    """A one-time address through which a person answers the client IMR Scale from home.

    Only a hash of the token is kept: the address itself is shown once to the practitioner.
    """

    HOURS_OPEN = 72
    WRONG_ANSWERS_ALLOWED = 5

    consumer = models.ForeignKey(
        "consumers.Consumer", on_delete=models.CASCADE, related_name="answer_links"
    )
    timepoint = models.CharField(max_length=20, choices=ImrScaleAdministration.Timepoint.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    wrong_answers = models.PositiveSmallIntegerField(default=0)
    birth_date_accepted_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    administration = models.OneToOneField(
        ImrScaleAdministration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answer_link",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-made_at"]

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        USED = "used", _("Used")
        EXPIRED = "expired", _("Expired")
        LOCKED = "locked", _("Ended after wrong dates of birth")
        REVOKED = "revoked", _("Revoked")

    def __str__(self):
        return f"Answer link made {self.made_at:%Y-%m-%d}"

    def state(self, now=None):
        """Which of the ways a link can stand it is in; only an open one opens anything."""
        if self.used_at:
            return self.State.USED
        if self.revoked_at:
            return self.State.REVOKED
        if self.wrong_answers >= self.WRONG_ANSWERS_ALLOWED:
            return self.State.LOCKED
        if (now or timezone.now()) >= self.expires_at:
            return self.State.EXPIRED
        return self.State.OPEN

    def is_open(self, now=None):
        return self.state(now) == self.State.OPEN

    @property
    def tries_left(self):
        return max(self.WRONG_ANSWERS_ALLOWED - self.wrong_answers, 0)
