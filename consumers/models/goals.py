"""Recovery goals: a long-term personal goal, short-term goals under it, small steps, reviews."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from consumers.models.validators import not_in_future

# Goals are followed up at least monthly; older than this, the chart flags them.
REVIEW_INTERVAL_DAYS = 30
# Short-term goals aim at three to six months; longer ones should be broken down.
SHORT_TERM_LONGEST_DAYS = 183


class Goal(models.Model):
    class Kind(models.TextChoices):
        LONG_TERM = "long_term", _("Long-term recovery goal")
        SHORT_TERM = "short_term", _("Short-term goal")

    class Status(models.TextChoices):
        # A goal's words agree with "goal" where the language has genders.
        ACTIVE = "active", pgettext_lazy("goal", "Active")
        ACHIEVED = "achieved", _("Achieved")
        REVISED = "revised", _("Revised")
        DROPPED = "dropped", _("Dropped")

    # A revised goal was reworded and goes on; achieved and dropped goals are closed.
    OPEN_STATUSES = (Status.ACTIVE, Status.REVISED)

    consumer = models.ForeignKey(
        "consumers.Consumer", on_delete=models.CASCADE, related_name="goals"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="short_term_goals",
        verbose_name=_("part of the long-term goal"),
    )
    description = models.TextField(_("the goal, in the person's words"))
    treatment_plan_link = models.CharField(
        _("link to the treatment plan"),
        max_length=300,
        blank=True,
        help_text=_("The problem or goal in the person's treatment plan that this goal serves."),
    )
    measure = models.TextField(
        _("how will we both know it is achieved?"),
        blank=True,
        help_text=_("Something you can both see or count."),
    )
    set_on = models.DateField(_("set on"), default=timezone.localdate, validators=[not_in_future])
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    last_reviewed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "set_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_date__isnull=True)
                | models.Q(target_date__gte=models.F("set_on")),
                name="goal_target_after_set",
            ),
        ]

    def __str__(self):
        return self.description[:60]

    def clean(self):
        errors = {}
        if self.kind == self.Kind.SHORT_TERM:
            if not self.measure.strip():
                errors["measure"] = _("Say how you will both know the goal is achieved.")
            if not self.target_date:
                errors["target_date"] = _("Give a target date, about 3 to 6 months away.")
        if self.target_date and self.set_on:
            if self.target_date < self.set_on:
                errors["target_date"] = _("The target date cannot be before the goal was set.")
            elif (
                self.kind == self.Kind.SHORT_TERM
                and (self.target_date - self.set_on).days > SHORT_TERM_LONGEST_DAYS
            ):
                errors["target_date"] = _(
                    "A short-term goal aims at 3 to 6 months. Break a longer one into "
                    "smaller goals, or make it the long-term goal."
                )
        if self.parent_id and (
            self.kind != self.Kind.SHORT_TERM
            or self.parent.kind != self.Kind.LONG_TERM
            or self.parent.consumer_id != self.consumer_id
        ):
            errors["parent"] = _(
                "Only a short-term goal can sit under this person's long-term goal."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def review_clock_started(self):
        return self.last_reviewed_on or self.set_on

    def review_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.is_open and (today - self.review_clock_started).days > REVIEW_INTERVAL_DAYS

    @transaction.atomic
    def add_review(self, *, reviewed_on, progress, status, by):
        """Record a follow-up with the person; the goal takes the review's status."""
        review = GoalReview.objects.create(
            goal=self, reviewed_on=reviewed_on, progress=progress, status=status, reviewed_by=by
        )
        self.status = status
        if not self.last_reviewed_on or reviewed_on > self.last_reviewed_on:
            self.last_reviewed_on = reviewed_on
        self.save(update_fields=["status", "last_reviewed_on", "updated_at"])
        return review


class GoalStep(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    description = models.CharField(_("step"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)
    done_on = models.DateField(_("done on"), null=True, blank=True, validators=[not_in_future])

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.description


class GoalReview(models.Model):
    """A dated follow-up of one goal with the person. Never edited; a new review corrects."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"), validators=[not_in_future])
    progress = models.TextField(_("progress since the last review"))
    status = models.CharField(max_length=20, choices=Goal.Status.choices)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-recorded_at"]

    def __str__(self):
        return f"Review on {self.reviewed_on}"
