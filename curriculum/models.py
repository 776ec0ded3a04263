"""Handouts and their versions, who received which, filled-in worksheets, print jobs."""

import datetime
import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consumers.models.validators import not_in_future
from curriculum import content, topics


class Handout(models.Model):
    """The handout of one topic (0 is the orientation). Its text lives in its versions."""

    topic = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        ordering = ["topic"]

    def __str__(self):
        return topics.short_label(self.topic)

    @transaction.atomic
    def add_version(
        self, fields, *, language=content.ENGLISH, agency=None, based_on=None, by=None, note=""
    ):
        """Write a new version; the one way handout text changes. Versions are never updated.
        Each language's versions are numbered on their own."""
        # Lock the handout so two saves at once get numbers 3 and 4, not 3 twice.
        Handout.objects.select_for_update().get(pk=self.pk)
        last = self.versions.filter(language=language).aggregate(last=Max("number"))["last"] or 0
        return HandoutVersion.objects.create(
            handout=self,
            number=last + 1,
            language=language,
            agency=agency,
            based_on=based_on,
            made_by=by,
            note=note,
            content_hash=content.content_hash(fields),
            **fields,
        )


class HandoutVersionQuerySet(models.QuerySet):
    def current_for(self, agency, language=content.ENGLISH):
        """The version each handout is printed in for an agency, in a language, by topic
        number.

        The agency's own latest adaptation where it has one, else the latest
        original. Two queries whatever the number of versions: the candidates'
        ids first (no text), then the chosen versions whole.
        """
        chosen = self.current_ids_for(agency, language)
        by_pk = self.select_related("handout").in_bulk(chosen.values())
        return {topic: by_pk[pk] for topic, pk in sorted(chosen.items())}

    def current_ids_for(self, agency, language=content.ENGLISH):
        """current_for's choice as ids only, by topic number: one query, no text read."""
        agency_id = getattr(agency, "pk", agency)
        candidates = self.filter(Q(agency__isnull=True) | Q(agency_id=agency_id or 0)).filter(
            language=language
        )
        chosen = {}
        for pk, topic, _agency, _number in sorted(
            candidates.values_list("pk", "handout__topic", "agency_id", "number"),
            key=lambda row: (row[1], row[2] is not None, row[3]),
        ):
            chosen[topic] = pk  # sorted so the wanted row comes last per topic
        return chosen


class HandoutVersion(models.Model):
    """One wording of a handout: the original from the repository, or an agency's adaptation."""

    LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]

    handout = models.ForeignKey(Handout, on_delete=models.PROTECT, related_name="versions")
    # The handout in English and in Spanish are two lines of versions of one handout: the
    # fidelity figures count a topic's handout given in either the same.
    language = models.CharField(max_length=5, choices=LANGUAGES, default=content.ENGLISH)
    number = models.PositiveIntegerField()
    # Empty for the originals loaded from curriculum/content/; set for an agency's adaptation.
    agency = models.ForeignKey(
        "consumers.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handout_versions",
    )
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=500)
    blocks = models.JSONField()
    content_hash = models.CharField(max_length=64)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)

    objects = HandoutVersionQuerySet.as_manager()

    class Meta:
        ordering = ["handout__topic", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["handout", "language", "number"], name="handout_version_number_unique"
            ),
        ]

    def __str__(self):
        return f"{self.title}, version {self.number}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("A handout version is never changed; add a new version instead.")
        super().save(*args, **kwargs)

    @property
    def topic(self):
        return self.handout.topic

    @property
    def is_original(self):
        return self.agency_id is None

    def blocks_for(self, audience):
        """The blocks printed in the individual or the group version."""
        return [b for b in self.blocks if b["audience"] in ("all", audience)]

    def fields(self):
        return {"title": self.title, "summary": self.summary, "blocks": self.blocks}


class HandoutGiven(models.Model):
    """A handout version a person received, and when: printed for them or handed over."""

    class How(models.TextChoices):
        PRINTED = "printed", _("Printed for the person")
        GIVEN = "given", _("Given in person")
        BINDER = "binder", _("In their binder")
        SESSION = "session", _("Used in a session")

    consumer = models.ForeignKey(
        "consumers.Consumer", on_delete=models.CASCADE, related_name="handouts_given"
    )
    version = models.ForeignKey(HandoutVersion, on_delete=models.PROTECT, related_name="+")
    given_on = models.DateField(
        _("given on"), default=timezone.localdate, validators=[not_in_future]
    )
    how = models.CharField(max_length=20, choices=How.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-given_on", "-recorded_at"]
        verbose_name_plural = "handouts given"
        # The chart and the fidelity item on handouts read a person's handouts by date.
        indexes = [models.Index(fields=["consumer", "given_on"], name="handout_given_by_consumer")]
        constraints = [
            # Printing the same binder twice in a day gives the person nothing new.
            models.UniqueConstraint(
                fields=["consumer", "version", "given_on"], name="handout_given_once_a_day"
            ),
        ]

    def __str__(self):
        return f"{self.version.title}, {self.given_on}"


class WorksheetEntry(models.Model):
    """One filling-in of an "entry" worksheet. Filled in again, it is a new row."""

    consumer = models.ForeignKey(
        "consumers.Consumer", on_delete=models.CASCADE, related_name="worksheet_entries"
    )
    # A key from the content files' [[worksheets]]; keys are never renamed.
    worksheet = models.CharField(max_length=60)
    answers = models.JSONField(default=dict)
    filled_on = models.DateField(
        _("filled in on"), default=timezone.localdate, validators=[not_in_future]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-filled_on", "-recorded_at"]
        verbose_name_plural = "worksheet entries"

    def __str__(self):
        return f"{self.worksheet}, {self.filled_on}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("A filled-in worksheet is never changed; fill in a new one.")
        super().save(*args, **kwargs)


class PrintJob(models.Model):
    """A large print run (every binder of a program), done by the task queue."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Printing")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    # A random id: the address of a job says nothing about how many there are.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    program = models.ForeignKey("consumers.Program", on_delete=models.PROTECT, related_name="+")
    options = models.JSONField(default=dict)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    output = models.FileField(upload_to="print-jobs/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Written at every binder: a job whose worker died stops beating and is marked failed.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    stopped = models.BooleanField(default=False)  # failed because its worker stopped answering

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Print job {self.id}"

    def beat(self, *fields):
        self.heartbeat_at = timezone.now()
        self.save(update_fields=[*fields, "heartbeat_at"])

    @staticmethod
    def stale_before(now):
        """A queued or running job with no sign of life since this moment has stalled."""
        return now - datetime.timedelta(minutes=settings.PRINT_JOB_STALE_MINUTES)

    def fail_if_stalled(self, now=None):
        """A queued or running job with no sign of life for too long is failed, visibly.

        A worker killed mid-job is retried by the queue (acks late); this is the net
        under that, so no job waits forever. Returns True if it failed the job now.
        """
        if self.finished:
            return False
        now = now or timezone.now()
        last = self.heartbeat_at or self.created_at
        if last > self.stale_before(now):
            return False
        stopped = PrintJob.objects.filter(
            pk=self.pk, status__in=(self.Status.QUEUED, self.Status.RUNNING)
        ).update(status=self.Status.FAILED, stopped=True, finished_at=now)
        if stopped:
            self.status, self.stopped, self.finished_at = self.Status.FAILED, True, now
        return bool(stopped)

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        # Joining the binders into one file comes after the last one is laid out.
        return min(99, round(100 * self.done / self.total)) if self.total else 0

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)


class KeptPdf(models.Model):
    """A PDF of a record that no longer changes (a signed note, a person's notes over past
    days, a final review's report, a plan version), kept under a fingerprint of the very
    HTML it was made from, so printing it again is a read and never stale.

    Kept in the database like the record it prints, since it may hold health information
    (never in the shared cache or on disk with the handouts), and deleted with the
    person's record or after KEPT_DAYS (curriculum/tasks.py).
    """

    KEPT_DAYS = 30

    key = models.CharField(max_length=64, unique=True)
    consumer = models.ForeignKey(
        "consumers.Consumer", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    data = models.BinaryField()
    made_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"Kept PDF {self.key[:12]}"
