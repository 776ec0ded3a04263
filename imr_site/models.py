"""The audit trail: who did what to which record, and when. Append-only."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        SIGN_IN = "sign_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
        SIGN_OUT = "sign_out", _("Signed out")
        PASSWORD_CHANGED = "password_changed", _("Changed password")
        PASSWORD_RESET_REQUESTED = "password_reset_requested", _("Asked for a password reset")
        PASSWORD_RESET_DONE = "password_reset_done", _("Reset password")
        VIEW = "view", _("Viewed")
        CREATE = "create", _("Created")
        CHANGE = "change", _("Changed")
        DELETE = "delete", _("Deleted")
        PRINT = "print", _("Printed")
        EXPORT = "export", _("Exported")
        ACCESS_DENIED = "access_denied", _("Was refused access")
        TWO_STEP_ON = "two_step_on", _("Turned on two-step sign-in")
        TWO_STEP_OFF = "two_step_off", _("Turned off two-step sign-in")
        TWO_STEP_FAILED = "two_step_failed", _("Gave a wrong sign-in code")
        HAND_OVER_START = "hand_over_start", _("Handed the screen to the person")
        HAND_OVER_END = "hand_over_end", _("Took the screen back from the person")

    at = models.DateTimeField(default=timezone.now)
    # PROTECT: staff accounts are deactivated, never deleted, so their trail stays whole.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # audit_by_actor begins with it
    )
    # The username as typed or as it was then; for failed sign-ins there is no actor.
    actor_username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=32, choices=Action.choices)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    # No database constraint: the trail must never block, or be changed by, a change elsewhere.
    consumer = models.ForeignKey(
        "consumers.Consumer",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        db_index=False,  # audit_by_consumer begins with it
    )
    program = models.ForeignKey(
        "consumers.Program",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        db_index=False,  # audit_by_program begins with it
    )
    # Names of the fields that changed, never their values: values can be clinical text.
    fields = models.JSONField(default=list, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        # The browse pages filter by one of these and sort newest first. Each of the first
        # three serves its key alone too: every page writes here, so no index is doubled.
        indexes = [
            models.Index(fields=["consumer", "-at"], name="audit_by_consumer"),
            models.Index(fields=["actor", "-at"], name="audit_by_actor"),
            models.Index(fields=["program", "-at"], name="audit_by_program"),
            models.Index(fields=["-at"], name="audit_by_time"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only.")

    @property
    def target(self):
        return f"{self.target_type} #{self.target_id}" if self.target_type else ""


class PendingForm(models.Model):
    """What a user typed into a form that reached the server after their sign-in ended.

    Kept on the server only (never a URL, a log or the browser's storage), for its own
    user, until they open the form again (imr_site/pending_forms.py) or a day has passed.
    A hand-over's answers are kept here too, under a path no page has (imr_site/hand_over.py).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=300)
    data = models.JSONField()
    kept_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["user", "path"], name="pending_form_user_path")]

    def __str__(self):
        return f"Typing kept for {self.user} at {self.kept_at:%Y-%m-%d %H:%M}"


class Notice(models.Model):
    """Something a user should know or do, shown in their menu until they open it.

    The text never names a person or a record number: it is read over shoulders and
    counted in e-mails. The link leads to the page where the user sees the details.
    """

    class Kind(models.TextChoices):
        TO_COSIGN = "to_cosign", _("Notes to co-sign")
        PRINT_DONE = "print_done", _("Print job ready")
        SCALE_DUE = "scale_due", _("IMR Scale due")
        GOAL_REVIEW_DUE = "goal_review_due", _("Goal review due")
        REVIEW_DUE = "review_due", _("Fidelity review due")
        NOTE_RETURNED = "note_returned", _("Note returned for correcting")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    text = models.CharField(max_length=200)
    link = models.CharField(max_length=300)
    # What a daily check's notice is about ("scale:12:after_3"), so it is made once;
    # blank for notices of an event, which happen once anyway.
    about = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The menu counts a user's unread notices on every page.
            models.Index(
                fields=["user"], condition=Q(read_at__isnull=True), name="notice_unread_by_user"
            ),
            models.Index(fields=["user", "-created_at"], name="notice_by_user_newest"),
        ]
        constraints = [
            # The daily check inserts with ON CONFLICT DO NOTHING against this.
            models.UniqueConstraint(
                fields=["user", "about"], condition=~Q(about=""), name="notice_once_per_due_thing"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.user} at {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_read(self):
        return self.read_at is not None


class NoticePreference(models.Model):
    """How often a user wants an e-mail with their unread notices counted."""

    class Digest(models.TextChoices):
        OFF = "off", _("Off: no e-mail")
        DAILY = "daily", _("Every day")
        WEEKLY = "weekly", _("Once a week")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preference"
    )
    digest = models.CharField(max_length=10, choices=Digest.choices, default=Digest.OFF)
    # When the last digest went out: the scheduled task sends at most one per period.
    last_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Digest {self.digest} for {self.user}"


class LanguageChoice(models.Model):
    """The language a staff member works in, chosen on their account page. Without one,
    the pages follow the browser's language."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="language_choice"
    )
    language = models.CharField(max_length=5, choices=settings.LANGUAGES)

    def __str__(self):
        return f"{self.user} works in {self.language}"
