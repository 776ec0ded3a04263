"""Groups and who belongs to them; sessions and who came."""

import datetime
import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from consumers.models.signatures import PersonSignature
from consumers.models.validators import not_in_future
from curriculum import topics
from sessions_log import structure


class Group(models.Model):
    """An IMR group of one program: it meets weekly and people join while it runs."""

    # Above this many members the KIT's group format gets hard to run; we warn, not refuse.
    CAPACITY = 8

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    program = models.ForeignKey(
        "consumers.Program", on_delete=models.PROTECT, related_name="groups"
    )
    name = models.CharField(max_length=120)
    facilitators = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="groups_led")
    weekday = models.PositiveSmallIntegerField(_("meets on"), choices=Weekday.choices)
    starts_at = models.TimeField(_("starts at"))
    length_minutes = models.PositiveSmallIntegerField(
        _("length in minutes"),
        default=60,
        help_text=_("Most IMR groups meet for 45 to 90 minutes."),
    )
    place = models.CharField(
        max_length=200, help_text=_("For example: Room 2, Main Street clinic.")
    )
    started_on = models.DateField(_("first meeting"), default=timezone.localdate)
    ended_on = models.DateField(_("last meeting"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["program__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "name"], name="group_name_unique_in_program"
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="group_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(length_minutes__gte=15, length_minutes__lte=180),
                name="group_length_sensible",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("The last meeting cannot come before the first.")})

    # "Mondays at 10:00": the day said as a habit, which Spanish does not make with an "s".
    WEEKDAYS_PLURAL = {
        Weekday.MONDAY: _("Mondays"),
        Weekday.TUESDAY: _("Tuesdays"),
        Weekday.WEDNESDAY: _("Wednesdays"),
        Weekday.THURSDAY: _("Thursdays"),
        Weekday.FRIDAY: _("Fridays"),
        Weekday.SATURDAY: _("Saturdays"),
        Weekday.SUNDAY: _("Sundays"),
    }

    @property
    def schedule(self):
        return _("%(days)s at %(time)s, %(minutes)s min") % {
            "days": self.WEEKDAYS_PLURAL[self.weekday],
            "time": f"{self.starts_at:%H:%M}",
            "minutes": self.length_minutes,
        }

    def members_on(self, day):
        """Memberships in force on a day: joined by then and not yet left."""
        return (
            self.memberships.filter(GroupMembership.in_force_on(day))
            .select_related("consumer")
            .order_by("consumer__preferred_name")
        )

    def next_meeting_on(self, today=None):
        """The next day the group meets, today included."""
        today = today or timezone.localdate()
        return today + datetime.timedelta(days=(self.weekday - today.weekday()) % 7)

    @property
    def is_running(self):
        return self.ended_on is None or self.ended_on >= timezone.localdate()

    def roster(self, *, since, until=None):
        """Everyone in the group at any time from `since` (to `until`, when given), one row
        a person: their latest stretch by then."""
        rows = self.memberships.filter(
            models.Q(left_on__isnull=True) | models.Q(left_on__gte=since)
        )
        if until is not None:
            rows = rows.filter(joined_on__lte=until)
        rows = rows.select_related("consumer").order_by("consumer__preferred_name", "-joined_on")
        seen, roster = set(), []
        for row in rows:
            if row.consumer_id not in seen:
                seen.add(row.consumer_id)
                roster.append(row)
        return roster

    def current_members(self):
        return self.members_on(timezone.localdate())


class GroupMembership(models.Model):
    """One stretch of a person's time in a group. Rejoining later is a new row."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    consumer = models.ForeignKey(
        "consumers.Consumer", on_delete=models.CASCADE, related_name="group_memberships"
    )
    joined_on = models.DateField(
        _("joined on"), default=timezone.localdate, validators=[not_in_future]
    )
    left_on = models.DateField(_("left on"), null=True, blank=True, validators=[not_in_future])
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["consumer__preferred_name", "-joined_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "consumer"],
                condition=models.Q(left_on__isnull=True),
                name="one_open_membership_per_group",
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True)
                | models.Q(left_on__gte=models.F("joined_on")),
                name="membership_leaves_after_joining",
            ),
        ]

    def __str__(self):
        return f"{self.consumer} in {self.group}"

    @staticmethod
    def in_force_on(day, prefix=""):
        """The condition for a membership in force on a day, from any model that reaches it."""
        return models.Q(**{f"{prefix}joined_on__lte": day}) & (
            models.Q(**{f"{prefix}left_on__isnull": True})
            | models.Q(**{f"{prefix}left_on__gte": day})
        )

    def clean(self):
        if self.left_on and self.joined_on and self.left_on < self.joined_on:
            raise ValidationError({"left_on": _("Someone cannot leave before they joined.")})


class Session(models.Model):
    """One IMR session: with one person, or with a group. Notes hang off it per person."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        GROUP = "group", _("Group")

    class Place(models.TextChoices):
        AGENCY = "agency", _("At the agency")
        HOME = "home", _("At the person's home")
        COMMUNITY = "community", _("In the community")

    program = models.ForeignKey(
        "consumers.Program", on_delete=models.PROTECT, related_name="sessions"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions"
    )
    held_on = models.DateField(_("held on"), validators=[not_in_future])
    starts_at = models.TimeField(_("started at"), null=True, blank=True)
    length_minutes = models.PositiveSmallIntegerField(_("length in minutes"))
    place = models.CharField(max_length=12, choices=Place.choices, default=Place.AGENCY)
    # 0 is the orientation; 1-10 the topics.
    topic = models.PositiveSmallIntegerField(null=True, blank=True)
    sections_taught = models.TextField(
        _("handout sections taught"),
        blank=True,
        help_text=_("For example: “What is stress?”, pages 1 to 3."),
    )
    handouts = models.ManyToManyField(
        "curriculum.HandoutVersion",
        blank=True,
        related_name="sessions",
    )
    # Keys of sessions_log.structure.STEPS.
    steps_done = models.JSONField(default=list, blank=True)
    makeup_for = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="makeups",
        help_text=_("The group session this individual session makes up for."),
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sessions_led"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Everyone present has a signed note (sessions_log/notes.py mark_notes_done). Set when
    # the last is signed and never unset: a signed note stays, and a session's attendance
    # is logged once. The to-do lists look for notes owed only where it is not set.
    notes_done = models.BooleanField(db_default=False, editable=False)
    # How many were present, counted when the attendance is logged (sessions_log/logbook.py),
    # which is once: a make-up marks an absence made up, never a presence. Item 1 of the
    # fidelity figures asks it of every group session of a state's period.
    present_count = models.PositiveIntegerField(db_default=0, editable=False)
    # What its signed notes record, counted as they are done (notes_done, with the same
    # reasoning: nothing can change them after). The fidelity figures (items 8 to 10) read a
    # state's period of sessions, not of their notes. Zero until the session is done.
    notes_signed = models.PositiveIntegerField(db_default=0, editable=False)
    notes_with_motivational = models.PositiveIntegerField(db_default=0, editable=False)
    notes_with_educational_techniques = models.PositiveIntegerField(db_default=0, editable=False)
    notes_with_cognitive_behavioral = models.PositiveIntegerField(db_default=0, editable=False)
    # Signed notes that had the educational techniques checklist (it came later: NULL before).
    notes_asked_educational_techniques = models.PositiveIntegerField(db_default=0, editable=False)

    class Meta:
        ordering = ["-held_on", "-starts_at"]
        indexes = [
            # Every fidelity and outcome figure asks for a program's sessions in a period;
            # the estimates read only these columns of them, so from the index alone (the
            # table's rows are wide: at the state it is 65 MB to the index's 10).
            models.Index(
                fields=["program", "held_on"],
                include=[
                    "topic",
                    "kind",
                    "present_count",
                    "notes_done",
                    "notes_signed",
                    "notes_asked_educational_techniques",
                    "notes_with_motivational",
                    "notes_with_educational_techniques",
                    "notes_with_cognitive_behavioral",
                ],
                name="session_program_held_on",
            ),
            # The few sessions whose notes are not all signed yet, read note by note.
            models.Index(
                fields=["program", "held_on"],
                condition=models.Q(notes_done=False),
                name="session_notes_not_done",
            ),
            # Whether a topic was taught in a window: one look a program and topic.
            models.Index(fields=["program", "topic", "held_on"], name="session_program_topic"),
            # The last month's sessions of every program (a state's notes of the month).
            models.Index(fields=["held_on"], include=["id"], name="session_held_on"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="individual", group__isnull=True)
                | models.Q(kind="group", group__isnull=False),
                name="group_session_has_a_group",
            ),
            models.CheckConstraint(
                condition=models.Q(length_minutes__gte=5, length_minutes__lte=240),
                name="session_length_sensible",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} session, {self.held_on:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("session_detail", args=[self.pk])

    @property
    def topic_label(self):
        if self.topic is None:
            return _("No topic")
        return topics.label(self.topic)

    def steps_done_labels(self):
        done = set(self.steps_done)
        return [step.label for step in structure.STEPS if step.key in done]


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")
        # Did not come and did not say: told apart for reminder calls, counted as absent.
        NO_SHOW = "no_show", _("No-show")
        MADE_UP = "made_up", _("Made up later")

    # Where absences are counted (outcomes, the discharge summary), a no-show is one.
    ABSENT_STATUSES = (Status.ABSENT, Status.NO_SHOW)
    # A missed session, which an individual session may make up.
    MISSED_STATUSES = (Status.ABSENT, Status.NO_SHOW, Status.EXCUSED)

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    # Indexed with the day (attendance_person_day), which serves a person's rows too.
    consumer = models.ForeignKey(
        "consumers.Consumer", on_delete=models.CASCADE, related_name="attendance", db_index=False
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    # The session's program and day, copied when it is logged (a logged session keeps
    # both): the figures over a period read who came where and when from one index, not
    # by joining a million rows to their sessions.
    program = models.ForeignKey(
        "consumers.Program", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    held_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "consumer"], name="one_attendance_a_session"
            ),
        ]
        indexes = [
            models.Index(
                fields=["program", "held_on"],
                include=["consumer", "status", "session"],
                name="attendance_program_day",
            ),
            # Was this person at one of their program's sessions in a period? One look
            # each, however many sessions the program held.
            models.Index(
                fields=["consumer", "held_on"],
                include=["program", "status"],
                name="attendance_person_day",
            ),
        ]

    def __str__(self):
        return f"{self.get_status_display()}"


class Milestones(models.Model):
    """The days of a person's firsts that the fidelity figures ask about: their first IMR
    session, their LENGTH_SESSIONS-th, and their first signed note recording coping or
    tailoring work. Kept as sessions are logged and notes signed
    (sessions_log/milestones.py), so figures over thousands of people read a row each,
    not every attendance and note."""

    consumer = models.OneToOneField(
        "consumers.Consumer", on_delete=models.CASCADE, primary_key=True, related_name="milestones"
    )
    first_session_on = models.DateField(null=True, blank=True)
    length_reached_on = models.DateField(null=True, blank=True)
    coping_note_on = models.DateField(null=True, blank=True)
    tailoring_note_on = models.DateField(null=True, blank=True)

    def __str__(self):
        return f"{self.first_session_on}"


class HomeworkOutcome(models.TextChoices):
    DONE = "done", pgettext_lazy("homework", "Done")  # "Done" alone is a button's word
    PARTLY = "partly", _("Partly done")
    NOT_DONE = "not_done", _("Not done")


class HomeworkReason(models.TextChoices):
    TOO_HARD = "too_hard", _("Too hard")
    UNCLEAR = "unclear", _("Not clear what to do")
    FORGOT = "forgot", _("Forgot")
    DISTRESS = "distress", _("Too much distress")
    AMBIVALENT = "ambivalent", _("Not sure it was worth doing")
    OTHER = "other", _("Another reason")


# The skills whose first signed note is a milestone (fidelity items 11 and 13).
MILESTONE_SKILLS = ("coping", "behavioral_tailoring")


class NoteLocked(Exception):
    """A signed note was about to change: corrections are addenda."""


class ProgressNote(models.Model):
    """The IMR Progress Note of one person at one session: a draft until signed, then locked."""

    # What the signature covers; a signed note never changes these.
    CONTENT_FIELDS = (
        "supporter_present",
        "problem_in_focus",
        "goal_id",
        "goal_note",
        "motivational",
        "educational",
        "educational_techniques",
        "cognitive_behavioral",
        "skills",
        "homework_agreed",
        "followed_homework_id",
        "homework_outcome",
        "homework_reason",
        "consumer_perspective",
        "practitioner_perspective",
        "next_plan",
    )

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="notes")
    consumer = models.ForeignKey(
        "consumers.Consumer", on_delete=models.PROTECT, related_name="progress_notes"
    )
    supporter_present = models.BooleanField(_("a supporter took part"), default=False)
    problem_in_focus = models.TextField(_("treatment-plan problem or goal in focus"), blank=True)
    goal = models.ForeignKey(
        "consumers.Goal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notes",
        verbose_name=_("personal goal set or followed up"),
    )
    goal_note = models.TextField(_("what was done about the goal"), blank=True)
    # Keys of sessions_log.note_items; topic numbers for educational.
    motivational = models.JSONField(default=list, blank=True)
    educational = models.JSONField(default=list, blank=True)
    # Null on the notes written before this checklist existed: nobody was asked, so
    # fidelity item 9 leaves them out instead of reading "no technique used".
    educational_techniques = models.JSONField(null=True, default=list, blank=True)
    cognitive_behavioral = models.JSONField(default=list, blank=True)
    skills = models.JSONField(default=dict, blank=True)
    homework_agreed = models.TextField(_("homework agreed"), blank=True)
    # The follow-up of the homework agreed last time, written into this note.
    followed_homework = models.ForeignKey(
        "Homework", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    homework_outcome = models.CharField(
        _("was last time's homework done?"),
        max_length=10,
        blank=True,
        choices=HomeworkOutcome.choices,
    )
    homework_reason = models.CharField(
        _("if not, why not"), max_length=12, blank=True, choices=HomeworkReason.choices
    )
    consumer_perspective = models.TextField(_("the person's view of the session"), blank=True)
    practitioner_perspective = models.TextField(_("the practitioner's view"), blank=True)
    next_plan = models.TextField(_("plan for the next session"), blank=True)
    # Bumped by every save: two people saving the same draft cannot overwrite each other.
    revision = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notes_signed",
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    cosigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notes_cosigned",
    )
    cosigned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["session__held_on", "consumer__preferred_name"]
        # Drafts are few among a million signed notes; the action lists look for them.
        indexes = [
            models.Index(
                fields=["session"],
                condition=models.Q(signed_at__isnull=True),
                name="progressnote_drafts",
            ),
            # And those waiting for a co-signature: the leader's home counts them. What
            # the count reads is in the index, so a program's few waiting notes are found
            # session by session without a visit to the table, however many wait statewide.
            models.Index(
                fields=["session"],
                include=["id", "signed_by", "signed_at"],
                condition=models.Q(signed_at__isnull=False, cosigned_at__isnull=True),
                name="progressnote_to_cosign",
            ),
            # What the fidelity figures count of a period's notes (signed or not, and
            # which strategies a signed one records), session by session: read from the
            # index, not from the notes themselves, whose text makes the table wide.
            models.Index(
                fields=["session"],
                include=[
                    "signed_at",
                    "created_by",
                    "motivational",
                    "educational_techniques",
                    "cognitive_behavioral",
                ],
                name="progressnote_counted",
            ),
            # And what they read of a month's signed notes about each person (was a
            # supporter there, does it name a goal): thousands of people's, from the index.
            models.Index(
                fields=["session"],
                include=["consumer", "supporter_present", "goal"],
                condition=models.Q(signed_at__isnull=False),
                name="progressnote_signed_read",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["session", "consumer"], name="one_note_a_session"),
            models.CheckConstraint(
                condition=models.Q(signed_at__isnull=True)
                | models.Q(signed_by__isnull=False) & ~models.Q(content_hash=""),
                name="signed_note_has_signer_and_hash",
            ),
            models.CheckConstraint(
                condition=models.Q(cosigned_at__isnull=True) | models.Q(signed_at__isnull=False),
                name="cosigned_only_after_signing",
            ),
        ]

    def __str__(self):
        return f"Progress note, {self.session.held_on:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self.is_signed and self.compute_hash() != self.content_hash:
            raise NoteLocked(_("A signed note cannot change; add an addendum instead."))
        super().save(*args, **kwargs)

    @property
    def is_signed(self):
        return self.signed_at is not None

    def content(self):
        content = {name: getattr(self, name) for name in self.CONTENT_FIELDS}
        if content["educational_techniques"] is None:
            # Signed before the checklist existed, so hashed without it: the hash still holds.
            del content["educational_techniques"]
        signature = self.signature_of_person()
        if signature is not None:
            # The person signs before the practitioner, so one hash seals both; a note
            # without the person's signature hashes as notes always did.
            content["person_signature"] = signature.digest()
        return content

    def signature_of_person(self):
        try:
            return self.person_signature
        except NoteSignature.DoesNotExist:
            return None

    def compute_hash(self):
        text = json.dumps(
            self.content() | {"session": self.session_id, "consumer": self.consumer_id},
            sort_keys=True,
            default=str,
        )
        return hashlib.sha256(text.encode()).hexdigest()

    def sign(self, by, *, at=None):
        # `at` is for the demo's history (sessions_log/demo.py), written as if it had
        # happened; a person signing always signs now.
        if self.is_signed:
            raise NoteLocked(_("This note is already signed."))
        self.signed_by, self.signed_at = by, at or timezone.now()
        self.content_hash = self.compute_hash()
        self.save()
        if self.skills and (set(self.skills) & set(MILESTONE_SKILLS)):
            from sessions_log import milestones  # which reads these models

            milestones.keep([self.consumer_id])

    def open_return(self):
        """The co-signer's request not yet answered by an addendum, or None."""
        return next((r for r in self.returns.all() if r.settled_at is None), None)

    def cosign(self, by, *, at=None):
        if not self.is_signed:
            raise NoteLocked(_("A note is co-signed only after its writer signs it."))
        self.cosigned_by, self.cosigned_at = by, at or timezone.now()
        self.save(update_fields=["cosigned_by", "cosigned_at"])


class Addendum(models.Model):
    """A dated correction or addition to a signed note. Never changed once written."""

    note = models.ForeignKey(ProgressNote, on_delete=models.PROTECT, related_name="addenda")
    text = models.TextField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["written_at"]
        verbose_name_plural = "addenda"

    def __str__(self):
        return f"Addendum, {self.written_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise NoteLocked("An addendum is never changed; write another one.")
        super().save(*args, **kwargs)


class NoteSignature(PersonSignature):
    """The person's own signature line on their progress note, recorded while it is a draft.

    The practitioner signs last: their signature's hash covers this one too.
    """

    note = models.OneToOneField(
        ProgressNote, on_delete=models.PROTECT, related_name="person_signature"
    )

    def __str__(self):
        return f"{self.get_how_display()}, {self.note}"

    def save(self, *args, **kwargs):
        if self.note.is_signed:
            raise NoteLocked(
                _("The practitioner has signed this note, so the person can no longer sign it.")
            )
        super().save(*args, **kwargs)


class NoteReturn(models.Model):
    """A co-signer sending a signed note back to its writer with what needs correcting.

    The note stays locked: the writer answers with an addendum, and the return is then
    settled so the note waits for co-signature again.
    """

    note = models.ForeignKey(ProgressNote, on_delete=models.PROTECT, related_name="returns")
    reason = models.TextField(_("what needs correcting"))
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    returned_at = models.DateTimeField(default=timezone.now)
    settled_by = models.ForeignKey(
        Addendum, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["returned_at"]
        constraints = [
            # One open return at a time: a second is sent only after the first is answered.
            models.UniqueConstraint(
                fields=["note"],
                condition=models.Q(settled_at__isnull=True),
                name="one_open_return_a_note",
            )
        ]

    def __str__(self):
        return f"Note returned, {self.returned_at:%Y-%m-%d}"


class Homework(models.Model):
    """Homework agreed in one session (from a signed note) and followed up in a later one."""

    Outcome = HomeworkOutcome
    Reason = HomeworkReason

    consumer = models.ForeignKey(
        "consumers.Consumer", on_delete=models.CASCADE, related_name="homework"
    )
    agreed_in = models.OneToOneField(
        ProgressNote, on_delete=models.PROTECT, related_name="homework_set"
    )
    description = models.TextField()
    agreed_on = models.DateField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    reason = models.CharField(max_length=12, choices=Reason.choices, blank=True)
    followed_up_in = models.ForeignKey(
        ProgressNote,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="homework_followed_up",
    )
    followed_up_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-agreed_on"]
        verbose_name_plural = "homework"

    def __str__(self):
        return f"Homework agreed {self.agreed_on:%Y-%m-%d}"

    @property
    def is_open(self):
        return not self.outcome


class SupervisionMeeting(models.Model):
    """The weekly group supervision of an IMR team, or one practitioner's supervision."""

    class Kind(models.TextChoices):
        GROUP = "group", _("Group supervision")
        INDIVIDUAL = "individual", _("Individual supervision")

    program = models.ForeignKey(
        "consumers.Program", on_delete=models.PROTECT, related_name="supervision_meetings"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.GROUP)
    held_on = models.DateField(_("held on"), validators=[not_in_future])
    length_minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=60)
    led_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervision_led"
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="supervision_attended", verbose_name=_("who came")
    )
    consumers_discussed = models.ManyToManyField(
        "consumers.Consumer", blank=True, related_name="supervision_meetings"
    )
    mini_training_topic = models.CharField(
        _("mini-training topic"),
        max_length=200,
        blank=True,
        help_text=_("The short teaching part of the meeting, for example: shaping."),
    )
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(length_minutes__gte=5, length_minutes__lte=240),
                name="supervision_length_sensible",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.held_on:%Y-%m-%d}"


class CancelReason(models.TextChoices):
    HOLIDAY = "holiday", _("Holiday")
    STAFF_ABSENCE = "staff_absence", _("Staff away")
    WEATHER = "weather", _("Weather")
    OTHER = "other", _("Another reason")


class MeetingChange(models.Model):
    """One meeting of a group, cancelled or moved; the weekly slot itself stays as it is.

    `on` is the day the group would have met. A moved meeting names its new day and,
    when it changes, its new start (the agency's local time, like Group.starts_at).
    """

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="meeting_changes")
    on = models.DateField(_("meeting of"))
    cancelled_reason = models.CharField(
        _("cancelled because"), max_length=16, choices=CancelReason.choices, blank=True
    )
    moved_to = models.DateField(_("moved to"), null=True, blank=True)
    moved_to_starts_at = models.TimeField(_("new start"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["on"]
        constraints = [
            models.UniqueConstraint(fields=["group", "on"], name="one_change_a_meeting"),
            # Either cancelled with a reason or moved to a day: never both, never neither.
            models.CheckConstraint(
                condition=(~models.Q(cancelled_reason="") & models.Q(moved_to__isnull=True))
                | (models.Q(cancelled_reason="") & models.Q(moved_to__isnull=False)),
                name="meeting_change_cancels_or_moves",
            ),
        ]

    def __str__(self):
        return f"Meeting of {self.on:%Y-%m-%d}"


class ClosureDay(models.Model):
    """A day the program is closed: every meeting and appointment of that day is off."""

    program = models.ForeignKey(
        "consumers.Program", on_delete=models.CASCADE, related_name="closure_days"
    )
    on = models.DateField(_("closed on"))
    reason = models.CharField(max_length=16, choices=CancelReason.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["on"]
        constraints = [
            models.UniqueConstraint(fields=["program", "on"], name="one_closure_a_day"),
        ]

    def __str__(self):
        return f"Closed {self.on:%Y-%m-%d}"


class Appointment(models.Model):
    """An individual IMR session booked with one person: once, or repeating until a day."""

    class PlaceKind(models.TextChoices):
        AGENCY = "agency", _("At the agency")
        HOME = "home", _("At the person's home")
        COMMUNITY = "community", _("In the community")

    class Repeat(models.TextChoices):
        NONE = "none", _("Does not repeat")
        WEEKLY = "weekly", _("Every week")
        FORTNIGHTLY = "fortnightly", _("Every two weeks")

    consumer = models.ForeignKey(
        "consumers.Consumer", on_delete=models.CASCADE, related_name="appointments"
    )
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments"
    )
    on = models.DateField(_("first day"))
    starts_at = models.TimeField(_("starts at"))
    length_minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=45)
    place_kind = models.CharField(
        _("where"), max_length=12, choices=PlaceKind.choices, default=PlaceKind.AGENCY
    )
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("For example: Room 4, or the library.")
    )
    repeat = models.CharField(max_length=12, choices=Repeat.choices, default=Repeat.NONE)
    until = models.DateField(_("repeats until"), null=True, blank=True)
    # Cancelling ends the series from this day on; what came before stays on the record.
    cancelled_from = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "starts_at"]
        # "My week" asks for one practitioner's appointments that may fall in a week.
        indexes = [models.Index(fields=["practitioner", "on"], name="appointment_practitioner_on")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(repeat="none", until__isnull=True)
                | (~models.Q(repeat="none") & models.Q(until__gte=models.F("on"))),
                name="appointment_repeats_until_a_later_day",
            ),
            models.CheckConstraint(
                condition=models.Q(length_minutes__gte=5, length_minutes__lte=240),
                name="appointment_length_sensible",
            ),
        ]

    def __str__(self):
        return f"Appointment, {self.on:%Y-%m-%d}"

    @property
    def last_day(self):
        return self.until or self.on
