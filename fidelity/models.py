"""Formal fidelity reviews: the 13-item IMR Fidelity Scale and the 12-item GOI, per program."""

import random
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from consumers.models.validators import not_in_future
from fidelity import fidelity_scale, goi, instruments, report


class ReviewLocked(Exception):
    pass


def _refuse_if_final(review_ids):
    """Raise ReviewLocked when any of the reviews (ids or a subquery of them) is final."""
    if Review.objects.filter(pk__in=review_ids, status=Review.Status.FINAL).exists():
        raise ReviewLocked("A final review cannot change; start a correction instead.")


class ReviewQuerySet(models.QuerySet):
    # save() refuses to change a final review; so does an update of many at once.
    def update(self, **kwargs):
        _refuse_if_final(self.values("pk"))
        return super().update(**kwargs)


class RatingQuerySet(models.QuerySet):
    """Writes of many ratings at once refuse, like Rating.save(), when their review is final."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if objs:
            _refuse_if_final({rating.review_id for rating in objs})
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, *args, **kwargs):
        # Asked before Django opens its transaction, which a refusal inside would spoil for
        # the caller's; the update() it runs then asks again.
        objs = list(objs)
        if objs:
            _refuse_if_final({rating.review_id for rating in objs})
        return super().bulk_update(objs, *args, **kwargs)

    def update(self, **kwargs):
        _refuse_if_final(self.values("review_id"))
        return super().update(**kwargs)

    def delete(self):
        _refuse_if_final(self.values("review_id"))
        return super().delete()


class Review(models.Model):
    """One fidelity visit: a program, a period, ratings by one or more reviewers, a consensus."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        FINAL = "final", _("Final")

    program = models.ForeignKey(
        "consumers.Program", on_delete=models.PROTECT, related_name="fidelity_reviews"
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    visited_on = models.DateField(_("date of the visit"), default=timezone.localdate)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    recommendations = models.TextField(_("recommendations"), blank=True)
    # Bumped by every save of the agreed sheet: two reviewers saving it at once cannot
    # overwrite each other; the second is told and keeps what they chose.
    consensus_revision = models.PositiveIntegerField(default=0)
    # The chart sample: drawn once from the seed so anyone can check which charts were read.
    sample_size = models.PositiveSmallIntegerField(_("charts to read"), default=10)
    sample_seed = models.CharField(max_length=32, blank=True)
    sample = models.JSONField(default=list, blank=True)
    # A final review is never edited; a correction is a new review pointing to it.
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    finalized_at = models.DateTimeField(null=True, blank=True)
    # The scores as finalized: reports and trends read these, never a recomputation.
    fidelity_total = models.PositiveSmallIntegerField(null=True, blank=True)
    fidelity_rated = models.PositiveSmallIntegerField(default=0)
    fidelity_mean = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    goi_total = models.PositiveSmallIntegerField(null=True, blank=True)
    goi_rated = models.PositiveSmallIntegerField(default=0)
    goi_mean = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    # The live estimate of the same period as it stood when finalized, so the printed report
    # never shifts when a late note is signed: {"served", "signed_notes", "items", "trend"}.
    estimate_snapshot = models.JSONField(default=dict, blank=True)
    # What the page and the report show, kept when finalized (fidelity/report.py): they read
    # it and never work it out again with today's bands and wording.
    report_snapshot = models.JSONField(default=dict, blank=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__lte=models.F("period_end")),
                name="review_period_in_order",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(finalized_at__isnull=False),
                name="final_review_has_finalized_at",
            ),
        ]
        # Dashboards read each program's latest final review.
        indexes = [
            models.Index(fields=["program", "status", "-period_end"], name="review_by_program")
        ]

    def __str__(self):
        return f"Fidelity review, {self.period_start:%b %Y} to {self.period_end:%b %Y}"

    def save(self, *args, **kwargs):
        if self.pk and not self._state.adding:
            stored = Review.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == self.Status.FINAL:
                raise ReviewLocked("A final review cannot change; start a correction instead.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("review_detail", args=[self.pk])

    @property
    def is_final(self):
        return self.status == self.Status.FINAL

    def draw_sample(self, candidate_ids):
        """Pick the charts to read from the people served, reproducibly from the stored seed."""
        if not self.sample_seed:
            self.sample_seed = secrets.token_hex(8)
        ids = sorted(candidate_ids)
        # A seeded draw so the sample can be redrawn and checked; nothing secret rides on it.
        draw = random.Random(self.sample_seed)  # noqa: S311
        self.sample = sorted(draw.sample(ids, min(self.sample_size, len(ids))))
        return self.sample

    def consensus(self):
        """Item number -> the agreed Rating, read from prefetched ratings where present."""
        return {r.item: r for r in self.ratings.all() if r.rater_id is None}

    def scores(self, ratings=None):
        """The two instruments' scores from the consensus ratings (item -> 1..5 or None)."""
        if ratings is None:
            ratings = {item: r.rating for item, r in self.consensus().items()}
        return (
            fidelity_scale.score(ratings),
            goi.score(ratings),
        )

    def undecided_items(self, consensus=None):
        """Items the agreed sheet has not settled: neither rated nor marked as not ratable."""
        consensus = self.consensus() if consensus is None else consensus
        return [
            number
            for number in Rating.ITEMS
            if number not in consensus
            or (consensus[number].rating is None and not consensus[number].cannot_rate)
        ]

    def write_sheet(self, rater, answered):
        """Save one sheet (a reviewer's, or the agreed one with no rater) in a few queries.

        answered: item -> (rating, cannot_rate, evidence, sources); an item left out is no
        longer answered. The ratings' own queryset refuses if the review is final.
        """
        existing = {r.item: r for r in self.ratings.filter(rater=rater)}
        new, changed = [], []
        for item, (rating, cannot_rate, evidence, sources) in answered.items():
            row = existing.pop(item, None) or Rating(review=self, rater=rater, item=item)
            row.rating, row.cannot_rate, row.evidence, row.sources = (
                rating,
                cannot_rate,
                evidence,
                sources,
            )
            (changed if row.pk else new).append(row)
        Rating.objects.bulk_create(new)
        Rating.objects.bulk_update(changed, ["rating", "cannot_rate", "evidence", "sources"])
        if existing:
            Rating.objects.filter(pk__in=[r.pk for r in existing.values()]).delete()

    def finalize(self, by, snapshot=None):
        if self.is_final:
            raise ReviewLocked("This review is already final.")
        consensus = self.consensus()
        if self.undecided_items(consensus):
            raise ValueError("Every item needs an agreed rating, or to be marked not ratable.")
        fidelity, organisation = self.scores({n: r.rating for n, r in consensus.items()})
        self.fidelity_total, self.fidelity_rated, self.fidelity_mean = (
            fidelity.total,
            fidelity.rated,
            fidelity.mean,
        )
        self.goi_total, self.goi_rated, self.goi_mean = (
            organisation.total,
            organisation.rated,
            organisation.mean,
        )
        self.estimate_snapshot = snapshot or {}
        self.finalized_by, self.finalized_at = by, timezone.now()
        self.status = self.Status.FINAL
        earlier = Review.objects.filter(
            program_id=self.program_id, status=self.Status.FINAL, period_end__lte=self.period_end
        )
        so_far = sorted([*earlier, self], key=lambda r: (r.period_end, r.pk))
        self.report_snapshot = report.record(consensus, so_far)
        super().save()


class Rating(models.Model):
    """One item's rating in a review: a reviewer's own (rater set) or the agreed one (no rater)."""

    Source = instruments.EvidenceSource

    ITEMS = tuple(item.number for item in instruments.IMR_FIDELITY_ITEMS + instruments.GOI_ITEMS)

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="ratings")
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    item = models.CharField(max_length=4, choices=[(n, n) for n in ITEMS])
    # No rating is either not decided yet or, with cannot_rate, a decision: the item is then
    # left out of the total, never counted as 1.
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    cannot_rate = models.BooleanField(default=False)
    evidence = models.TextField(_("evidence"), blank=True)
    sources = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RatingQuerySet.as_manager()

    class Meta:
        ordering = ["review", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(cannot_rate=False),
                name="rated_or_cannot_rate",
            ),
            models.UniqueConstraint(
                fields=["review", "rater", "item"],
                condition=Q(rater__isnull=False),
                name="one_rating_per_rater_item",
            ),
            models.UniqueConstraint(
                fields=["review", "item"],
                condition=Q(rater__isnull=True),
                name="one_consensus_per_item",
            ),
        ]

    def __str__(self):
        return f"Item {self.item}: {self.rating or 'not rated'}"

    def save(self, *args, **kwargs):
        _refuse_if_final([self.review_id])
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_if_final([self.review_id])
        return super().delete(*args, **kwargs)

    @property
    def source_labels(self):
        labels = dict(self.Source.choices)
        return [labels[s] for s in self.sources if s in labels]

    @property
    def decided(self):
        return self.rating is not None or self.cannot_rate


class ReviewAction(models.Model):
    """What the team agreed to change after a final review, for one item rated below 4.

    (Not "Action": the audit trail's actions go by that name everywhere.)
    """

    class Status(models.TextChoices):
        # An action's words agree with "action" where the language has genders.
        OPEN = "open", pgettext_lazy("action", "Open")
        DONE = "done", pgettext_lazy("action", "Done")
        DROPPED = "dropped", pgettext_lazy("action", "Dropped")

    # Items rated below this in a final review get actions (the issue: "rated below 4").
    BELOW = 4

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="actions")
    item = models.CharField(max_length=4, choices=[(n, n) for n in Rating.ITEMS])
    what = models.TextField(_("what we will do"))
    # Who: a staff member, or words for anyone else ("the agency director", "the team").
    who_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fidelity_actions",
        verbose_name=_("who (staff)"),
    )
    who_text = models.CharField(_("who (someone else)"), max_length=120, blank=True)
    due_on = models.DateField(_("by when"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    # The day it was done or dropped; an open action has none.
    done_on = models.DateField(_("done or dropped on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The version a form read: two people saving one action cannot overwrite each other.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(who_user__isnull=True, who_text=""),
                name="action_names_who",
            ),
            models.CheckConstraint(
                condition=Q(status="open", done_on__isnull=True)
                | (~Q(status="open") & Q(done_on__isnull=False)),
                name="action_closed_has_date",
            ),
        ]
        # The leader's dashboard and to-do read each program's open actions.
        indexes = [models.Index(fields=["status", "due_on"], name="action_by_status")]

    def __str__(self):
        return f"Action for item {self.item}"

    @property
    def program(self):
        # Read by the audit trail's refusals, which name the program of what was refused.
        return self.review.program

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    @property
    def who(self):
        if self.who_user_id:
            return self.who_user.get_full_name() or self.who_user.get_username()
        return self.who_text


# The GOI's evidence that the logs do not hold: training, the KIT's meetings, the eligible.


class TrainingRecord(models.Model):
    """One part of a staff member's IMR training (GOI item G7), or a refresher of it."""

    class Part(models.TextChoices):
        INTRODUCTION = "introduction", _("Introduction to IMR")
        TOPICS = "topics", _("The 10 topics and their handouts")
        TECHNIQUES = (
            "techniques",
            _("Motivational, educational and cognitive-behavioral techniques"),
        )
        PRACTICE = "practice", _("Practice with feedback (role play or an observed session)")
        OTHER = "other", _("Other IMR training")

    program = models.ForeignKey(
        "consumers.Program", on_delete=models.PROTECT, related_name="training_records"
    )
    staff_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="imr_training"
    )
    part = models.CharField(_("part of the training"), max_length=20, choices=Part.choices)
    trained_on = models.DateField(_("trained on"), validators=[not_in_future])
    trainer = models.CharField(_("given by"), max_length=200)
    refresher = models.BooleanField(_("a refresher"), default=False)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-trained_on", "-pk"]
        indexes = [models.Index(fields=["staff_member", "trained_on"], name="training_by_staff")]

    def __str__(self):
        return f"{self.get_part_display()} on {self.trained_on:%Y-%m-%d}"


class ProgramMeeting(models.Model):
    """A meeting the KIT asks of a program (GOI item G11): its advisory group, or the
    leader with the agency director."""

    class Kind(models.TextChoices):
        ADVISORY = "advisory", _("Advisory group")
        DIRECTOR = "director", _("Leader with the agency director")

    program = models.ForeignKey(
        "consumers.Program", on_delete=models.PROTECT, related_name="program_meetings"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    held_on = models.DateField(_("held on"), validators=[not_in_future])
    notes = models.TextField(blank=True, help_text=_("What was discussed and what was decided."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["program", "held_on"], name="program_meeting_by_day")]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.held_on:%Y-%m-%d}"


class EligiblePopulation(models.Model):
    """How many people the program counts as eligible for IMR in a period (GOI item G3)."""

    program = models.ForeignKey(
        "consumers.Program", on_delete=models.PROTECT, related_name="eligible_counts"
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    eligible = models.PositiveIntegerField(_("people eligible"))
    source = models.CharField(
        _("where the number comes from"),
        max_length=200,
        blank=True,
        help_text=_("For example: the agency's list of adults with a serious mental illness."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__lte=models.F("period_end")),
                name="eligible_period_in_order",
            ),
            models.UniqueConstraint(
                fields=["program", "period_start", "period_end"], name="eligible_once_a_period"
            ),
        ]

    def __str__(self):
        return (
            f"{self.eligible} eligible, {self.period_start:%Y-%m-%d} to {self.period_end:%Y-%m-%d}"
        )
