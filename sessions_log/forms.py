from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from consumers.forms.records import DATE, clinicians_in, staff_name
from consumers.models import Consumer, Goal
from consumers.models.validators import not_in_future
from curriculum import topics
from curriculum.forms import HandoutChoiceMixin, handout_choices
from curriculum.topics import TOPICS
from sessions_log import logbook, note_items, notes, structure
from sessions_log.models import (
    Appointment,
    Attendance,
    CancelReason,
    ClosureDay,
    Group,
    Homework,
    MeetingChange,
    ProgressNote,
    Session,
    SupervisionMeeting,
)


def length_between(low, high, message):
    """A clean_length_minutes that says at the field what the table's constraint refuses.

    `message` holds %(low)d and %(high)d, so it reads as one sentence in every language.
    """

    def clean_length_minutes(self):
        minutes = self.cleaned_data["length_minutes"]
        if not low <= minutes <= high:
            raise ValidationError(message % {"low": low, "high": high})
        return minutes

    return clean_length_minutes


def without_form_tag():
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True  # the page's own <form> carries the one token
    return helper


class GroupForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = [
            "program",
            "name",
            "facilitators",
            "weekday",
            "starts_at",
            "length_minutes",
            "place",
            "started_on",
            "ended_on",
        ]
        labels = {
            "program": _("Program"),
            "name": _("Name"),
            "facilitators": _("Facilitators"),
            "place": _("Place"),
        }
        widgets = {
            "facilitators": forms.CheckboxSelectMultiple,
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "started_on": DATE,
            "ended_on": DATE,
        }
        help_texts = {"ended_on": _("Leave empty while the group is running.")}

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        if len(programs) == 1:
            self.fields["program"].initial = programs.first()
        self.fields["facilitators"].queryset = clinicians_in(programs)
        self.fields["facilitators"].label_from_instance = staff_name
        self.helper = without_form_tag()

    # The constraint group_length_sensible, said at the field.
    clean_length_minutes = length_between(
        15, 180, _("A group meets for %(low)d to %(high)d minutes.")
    )

    def clean(self):
        cleaned = super().clean()
        program, facilitators = cleaned.get("program"), cleaned.get("facilitators")
        if program and facilitators:
            outside = [
                staff_name(person)
                for person in facilitators
                if person not in clinicians_in([program])
            ]
            if outside:
                self.add_error(
                    "facilitators",
                    _("Not on the %(program)s team: %(names)s.")
                    % {"program": program.name, "names": ", ".join(outside)},
                )
        name = cleaned.get("name")
        if program and name:
            clash = Group.objects.filter(program=program, name__iexact=name.strip())
            if clash.exclude(pk=self.instance.pk).exists():
                self.add_error("name", _("This program already has a group with that name."))
        return cleaned


class AddMemberForm(forms.Form):
    consumer = forms.ModelChoiceField(queryset=None, label=_("Person"))
    joined_on = forms.DateField(
        label=_("Joins on"), initial=timezone.localdate, validators=[not_in_future], widget=DATE
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.fields["consumer"].queryset = (
            Consumer.objects.filter(
                program=group.program,
                status__in=(Consumer.Status.REFERRED, *Consumer.IN_PROGRAM_STATUSES),
            )
            .exclude(group_memberships__group=group, group_memberships__left_on__isnull=True)
            .order_by("preferred_name")
        )
        self.fields["consumer"].label_from_instance = lambda c: (
            f"{c.preferred_name} ({c.record_number})"
        )
        self.helper = without_form_tag()

    def clean_joined_on(self):
        joined = self.cleaned_data["joined_on"]
        if joined < self.group.started_on:
            raise ValidationError(
                _("The group's first meeting was %(day)s; nobody can join before it.")
                % {"day": f"{self.group.started_on:%Y-%m-%d}"}
            )
        return joined

    def clean(self):
        cleaned = super().clean()
        person, joined = cleaned.get("consumer"), cleaned.get("joined_on")
        if person and joined and joined < person.referred_on:
            self.add_error(
                "joined_on",
                _("%(name)s was referred on %(day)s. They cannot join a group before that.")
                % {"name": person.preferred_name, "day": f"{person.referred_on:%Y-%m-%d}"},
            )
        return cleaned


class LeaveForm(forms.Form):
    left_on = forms.DateField(
        label=_("Left on"), initial=timezone.localdate, validators=[not_in_future], widget=DATE
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership

    def clean_left_on(self):
        left = self.cleaned_data["left_on"]
        if left < self.membership.joined_on:
            raise ValidationError(
                _("They joined on %(day)s; the day they left cannot be earlier.")
                % {"day": f"{self.membership.joined_on:%Y-%m-%d}"}
            )
        return left


class GroupPacketsForm(HandoutChoiceMixin, forms.Form):
    handouts = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        label=_("Handouts in each packet"),
        error_messages={"required": _("Choose at least one handout for the packets.")},
    )
    large_print = forms.BooleanField(required=False, label=_("Large print"))
    full_name = forms.BooleanField(
        required=False,
        label=_("Show each person's full name instead of initials"),
        help_text=_(
            "Left unticked, each cover shows the person's name with initials and the "
            "record number at the foot. The handouts name nobody."
        ),
    )

    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handouts"].choices = handout_choices(current)
        self.helper = without_form_tag()


class SessionKitForm(forms.Form):
    on = forms.DateField(label=_("Meeting on"), widget=DATE)
    topic = forms.TypedChoiceField(label=_("Topic"), coerce=int)

    def __init__(self, *args, group, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = handout_choices(current)
        self.fields["on"].initial = group.next_meeting_on()
        self.helper = without_form_tag()


# Lazy: each label reads in the language of the page that shows it.
TOPIC_CHOICES = [("", _("No topic (for example a review)"))] + [
    (number, lazy(topics.label, str)(number))
    for number in (topics.ORIENTATION, *topics.TOPIC_NUMBERS)
]
ATTENDANCE_CHOICES = [
    (Attendance.Status.PRESENT, _("Present")),
    (Attendance.Status.ABSENT, _("Absent")),
    (Attendance.Status.EXCUSED, _("Excused")),
    (Attendance.Status.NO_SHOW, _("No-show")),
]


class SessionForm(forms.ModelForm):
    """A session and who came. Attendance fields are added per person: attend_<consumer id>."""

    topic = forms.TypedChoiceField(
        choices=TOPIC_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        label=_("Topic taught"),
    )
    steps_done = forms.MultipleChoiceField(
        choices=[(step.key, step.label) for step in structure.STEPS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Steps of the session that were done"),
    )
    topic_finished = forms.BooleanField(
        required=False,
        label=_("This session finished the topic"),
        help_text=_("The topic is marked completed on the chart of everyone present."),
    )

    class Meta:
        model = Session
        fields = [
            "held_on",
            "starts_at",
            "length_minutes",
            "place",
            "topic",
            "sections_taught",
            "handouts",
            "steps_done",
            "makeup_for",
        ]
        widgets = {
            "held_on": DATE,
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "handouts": forms.CheckboxSelectMultiple,
            "sections_taught": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "place": _("Place"),
            "handouts": _("Handouts used (recorded as given to everyone present)"),
            "makeup_for": _("Makeup for"),
        }

    def __init__(self, *args, people, group=None, current_handouts, everyone_here=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.people, self.group = people, group
        # "Everyone was here": fill in present for each member that day and show the form
        # again, unchecked, for the rest to be filled.
        self.everyone_here = everyone_here and self.is_bound
        self.fields["held_on"].validators.append(not_in_future)
        self.fields["handouts"].queryset = current_handouts
        self.fields["handouts"].label_from_instance = lambda v: (
            f"{topics.short_label(v.handout.topic)}: {v.title}"
        )
        if group is None:
            # One person's session may make up a group session they missed.
            self.fields["makeup_for"].queryset = Session.objects.filter(
                kind=Session.Kind.GROUP,
                attendance__consumer__in=people,
                attendance__status__in=Attendance.MISSED_STATUSES,
            ).select_related("group")
            self.fields["makeup_for"].required = False
            self.fields["makeup_for"].label = _("Makes up a missed group session")
            self.fields["makeup_for"].label_from_instance = lambda s: (
                f"{s.group.name}, {s.held_on:%Y-%m-%d} ({s.topic_label})"
            )
        else:
            del self.fields["makeup_for"]
        for person in people:
            self.fields[f"attend_{person.pk}"] = forms.ChoiceField(
                choices=ATTENDANCE_CHOICES,
                widget=forms.RadioSelect,
                label=person.preferred_name,
                required=False,
            )
            self.fields[f"attend_{person.pk}"].left_group_on = getattr(
                person, "left_group_on", None
            )
            self.fields[f"attend_{person.pk}"].discharged_on = (
                person.discharged_on if person.status == Consumer.Status.DISCHARGED else None
            )
        if self.everyone_here:
            self.data = self.data.copy()
            try:
                day = parse_date(self.data.get("held_on", "")) or timezone.localdate()
            except ValueError:  # no such day (2024-02-30): fill in for today; saving refuses it
                day = timezone.localdate()
            for person_id in self.member_ids_on(day):
                self.data.setdefault(f"attend_{person_id}", "")
                if not self.data[f"attend_{person_id}"]:
                    self.data[f"attend_{person_id}"] = Attendance.Status.PRESENT

    def full_clean(self):
        if self.everyone_here:
            self._errors, self.cleaned_data = ErrorDict(), {}
            return
        super().full_clean()

    # The constraint session_length_sensible, said at the field.
    SHORTEST, LONGEST = 5, 240
    clean_length_minutes = length_between(
        SHORTEST, LONGEST, _("A session lasts %(low)d to %(high)d minutes.")
    )

    def member_ids_on(self, day):
        """Who had to be at a session that day: the group's members then, or the one person."""
        if self.group is None:
            return {person.pk for person in self.people}
        return set(self.group.members_on(day).values_list("consumer_id", flat=True))

    def attendance_fields(self):
        return [self[f"attend_{person.pk}"] for person in self.people]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("topic_finished") and cleaned.get("topic") in (None, 0):
            self.add_error("topic_finished", _("Choose the topic that was finished."))
        held_on = cleaned.get("held_on")
        if held_on is None:
            return cleaned  # the date's own error says what to fix first
        problem = self.date_problem(held_on)
        if problem:
            self.add_error("held_on", problem)
            return cleaned  # who came is read against the date: fix the date first
        makeup = cleaned.get("makeup_for")
        if makeup and held_on < makeup.held_on:
            self.add_error(
                "makeup_for",
                _("The missed session was on %(day)s. It can only be made up on that day or later.")
                % {"day": f"{makeup.held_on:%Y-%m-%d}"},
            )
        members = self.member_ids_on(held_on)
        discharged = logbook.after_discharge(self.people, held_on)
        for person in self.people:
            name = f"attend_{person.pk}"
            status = cleaned.get(name)
            if self.group is None and (person in discharged or held_on < person.referred_on):
                # One person's session: what is wrong is the date.
                self.add_error(
                    "held_on",
                    discharged.get(person)
                    or _(
                        "%(name)s was referred on %(day)s. "
                        "A session cannot come before the referral."
                    )
                    % {"name": person.preferred_name, "day": f"{person.referred_on:%Y-%m-%d}"},
                )
            elif status and person in discharged:
                self.add_error(name, discharged[person])
            elif person.pk in members and not status:
                self.add_error(
                    name, _("Say whether %(name)s came.") % {"name": person.preferred_name}
                )
            elif person.pk not in members and status:
                self.add_error(name, self.not_a_member(person, held_on))
        return cleaned

    def date_problem(self, held_on):
        """Why no session of this program or group can be held that day, or ""."""
        program = self.instance.program
        if program.started_on and held_on < program.started_on:
            return _("%(program)s began on %(day)s. A session cannot come before that.") % {
                "program": program.name,
                "day": f"{program.started_on:%Y-%m-%d}",
            }
        group = self.group
        if group is not None and held_on < group.started_on:
            return _(
                "The group's first meeting was on %(day)s. A session cannot come before it."
            ) % {"day": f"{group.started_on:%Y-%m-%d}"}
        if group is not None and group.ended_on and held_on > group.ended_on:
            return _("The group's last meeting was on %(day)s. A session cannot come after it.") % {
                "day": f"{group.ended_on:%Y-%m-%d}"
            }
        return ""

    def not_a_member(self, person, day):
        """Why a person cannot be marked for a group session on a day they were not a member."""
        stretches = list(self.group.memberships.filter(consumer=person).order_by("joined_on"))
        left = [m.left_on for m in stretches if m.left_on and m.left_on < day]
        if left:
            return _("%(name)s left the group on %(day)s, before this session.") % {
                "name": person.preferred_name,
                "day": f"{max(left):%Y-%m-%d}",
            }
        if stretches:
            return _("%(name)s joined the group on %(day)s, after this session.") % {
                "name": person.preferred_name,
                "day": f"{stretches[0].joined_on:%Y-%m-%d}",
            }
        return _("%(name)s was not in the group on %(day)s.") % {
            "name": person.preferred_name,
            "day": f"{day:%Y-%m-%d}",
        }

    def attendance(self):
        """{consumer: status} for everyone with a status."""
        return {
            person: self.cleaned_data[f"attend_{person.pk}"]
            for person in self.people
            if self.cleaned_data.get(f"attend_{person.pk}")
        }


class SharedNoteForm(forms.Form):
    """The parts of a session's notes that are the same for everyone present."""

    motivational = forms.MultipleChoiceField(
        choices=note_items.MOTIVATIONAL,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Motivational interventions"),
    )
    educational = forms.TypedMultipleChoiceField(
        choices=TOPICS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Educational topics covered"),
    )
    educational_techniques = forms.MultipleChoiceField(
        choices=note_items.EDUCATIONAL_TECHNIQUES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Educational techniques used"),
    )
    cognitive_behavioral = forms.MultipleChoiceField(
        choices=note_items.COGNITIVE_BEHAVIORAL,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Cognitive-behavioral interventions"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = without_form_tag()
        for key, label in note_items.SKILLS:
            self.fields[f"skill_{key}"] = forms.CharField(
                label=_("%(skill)s: what was done") % {"skill": label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def note_fields(self):
        data = self.cleaned_data
        return {
            "motivational": data["motivational"],
            "educational": data["educational"],
            "educational_techniques": data["educational_techniques"],
            "cognitive_behavioral": data["cognitive_behavioral"],
            "skills": {
                key: data[f"skill_{key}"].strip()
                for key, _ in note_items.SKILLS
                if data[f"skill_{key}"].strip()
            },
        }

    @staticmethod
    def initial_from(note):
        return {
            "motivational": note.motivational,
            "educational": note.educational,
            "educational_techniques": note.educational_techniques or [],
            "cognitive_behavioral": note.cognitive_behavioral,
            **{f"skill_{key}": note.skills.get(key, "") for key, _ in note_items.SKILLS},
        }


class PersonNoteForm(forms.ModelForm):
    """One person's own part of the note."""

    # The revision the page read (0 for a new note; imr_site/meanwhile.py). Unlike other
    # versions it is required: a post without one is not the page's, and says so.
    revision = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = ProgressNote
        fields = [
            "supporter_present",
            "problem_in_focus",
            "goal",
            "goal_note",
            "homework_outcome",
            "homework_reason",
            "homework_agreed",
            "consumer_perspective",
            "practitioner_perspective",
            "next_plan",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in (
                "problem_in_focus",
                "goal_note",
                "homework_agreed",
                "consumer_perspective",
                "practitioner_perspective",
                "next_plan",
            )
        }

    homework_outcome = forms.ChoiceField(
        choices=Homework.Outcome.choices,
        widget=forms.RadioSelect,
        required=False,
        label=_("Was last time's homework done?"),
    )
    homework_reason = forms.ChoiceField(
        choices=[("", _("Choose a reason"))] + Homework.Reason.choices,
        required=False,
        label=_("If not all done, why not?"),
    )

    def __init__(self, *args, goals, homework=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.homework = homework
        if homework is None:
            del self.fields["homework_outcome"], self.fields["homework_reason"]
        else:
            self.fields["homework_outcome"].help_text = _("Agreed %(day)s: %(homework)s") % {
                "day": f"{homework.agreed_on:%Y-%m-%d}",
                "homework": homework.description,
            }
        # Only the person's own goals; the view reads them for the whole group at once,
        # so showing the choices costs no query (checking a posted one costs one).
        self.fields["goal"].queryset = Goal.objects.filter(pk__in=[goal.pk for goal in goals])
        self.fields["goal"].choices = [("", _("No goal this time"))] + [
            (goal.pk, f"{goal.get_kind_display()}: {goal.description}") for goal in goals
        ]
        self.fields["revision"].initial = self.instance.revision
        self.helper = without_form_tag()

    def clean(self):
        cleaned = super().clean()
        if "revision" in self.errors:
            # A hidden field: its own error would show nowhere.
            self.add_error(
                None,
                _(
                    "This page no longer says which saved version of the note it shows. Copy "
                    "what you typed, open the notes again and save."
                ),
            )
        # One query for a saved note unless the view read its person along with it.
        refused = notes.refusal(self.instance.session, self.instance.consumer)
        if refused:
            self.add_error(None, refused)
        goal = cleaned.get("goal")
        if goal and goal.set_on > self.instance.session.held_on:
            self.add_error(
                "goal",
                _(
                    "This goal was set on %(day)s, after this session. Choose a goal set by the "
                    "day of the session."
                )
                % {"day": f"{goal.set_on:%Y-%m-%d}"},
            )
        outcome, reason = cleaned.get("homework_outcome"), cleaned.get("homework_reason")
        if outcome in (Homework.Outcome.PARTLY, Homework.Outcome.NOT_DONE) and not reason:
            self.add_error("homework_reason", _("Say why the homework was not all done."))
        if outcome == Homework.Outcome.DONE:
            cleaned["homework_reason"] = ""
        return cleaned

    def note_fields(self):
        fields = {name: value for name, value in self.cleaned_data.items() if name != "revision"}
        if self.homework is not None:
            fields["followed_homework"] = self.homework
        return fields


class SignNotesForm(forms.Form):
    password = forms.CharField(
        label=_("Your password, to sign"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.helper = without_form_tag()

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise ValidationError(_("That password is not right. The notes are not signed."))
        return ""


class CosignNotesForm(SignNotesForm):
    """The notes a leader read and ticks to co-sign, and their password, as for signing."""

    notes = forms.ModelMultipleChoiceField(
        queryset=ProgressNote.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Notes I have read and co-sign"),
        error_messages={"required": _("Tick the notes you read and want to co-sign.")},
    )

    def __init__(self, *args, notes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notes"].queryset = notes
        self.fields["password"].label = _("Your password, to co-sign")

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise ValidationError(_("That password is not right. Nothing was co-signed."))
        return ""


class AddendumForm(forms.Form):
    text = forms.CharField(
        label=_("Addendum"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class ReturnNoteForm(forms.Form):
    reason = forms.CharField(
        label=_("What needs correcting"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class NotesRangeForm(forms.Form):
    date_from = forms.DateField(label=_("From"), widget=DATE)
    date_to = forms.DateField(label=_("To"), widget=DATE)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The last day cannot come before the first."))
        return cleaned


class SupervisionForm(forms.ModelForm):
    class Meta:
        model = SupervisionMeeting
        fields = [
            "program",
            "kind",
            "held_on",
            "length_minutes",
            "attendees",
            "consumers_discussed",
            "mini_training_topic",
            "notes",
        ]
        labels = {
            "program": _("Program"),
            "kind": _("Kind"),
            "consumers_discussed": _("Consumers discussed"),
            "notes": _("Notes"),
        }
        widgets = {
            "held_on": DATE,
            "attendees": forms.CheckboxSelectMultiple,
            "consumers_discussed": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"notes": _("No more about a person than the supervision needs.")}

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        if len(programs) == 1:
            self.fields["program"].initial = programs.first()
        self.fields["held_on"].initial = timezone.localdate()
        self.fields["held_on"].validators.append(not_in_future)
        self.fields["attendees"].queryset = clinicians_in(programs)
        self.fields["attendees"].label_from_instance = staff_name
        self.fields["consumers_discussed"].queryset = Consumer.objects.filter(
            program__in=programs, status__in=Consumer.IN_PROGRAM_STATUSES
        ).order_by("preferred_name")
        self.fields["consumers_discussed"].label_from_instance = lambda c: (
            f"{c.preferred_name} ({c.record_number})"
        )
        self.helper = without_form_tag()

    # The constraint supervision_length_sensible, said at the field.
    clean_length_minutes = length_between(
        5, 240, _("A supervision meeting lasts %(low)d to %(high)d minutes.")
    )

    def clean(self):
        cleaned = super().clean()
        program = cleaned.get("program")
        if program:
            outsiders = [
                c.preferred_name
                for c in cleaned.get("consumers_discussed", [])
                if c.program_id != program.pk
            ]
            if outsiders:
                self.add_error(
                    "consumers_discussed",
                    _("Not in %(program)s: %(names)s.")
                    % {"program": program.name, "names": ", ".join(outsiders)},
                )
        return cleaned


TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class AppointmentForm(forms.ModelForm):
    """An individual session booked with one person, once or repeating."""

    class Meta:
        model = Appointment
        fields = [
            "practitioner",
            "on",
            "starts_at",
            "length_minutes",
            "place_kind",
            "place",
            "repeat",
            "until",
        ]
        widgets = {"on": DATE, "starts_at": TIME, "until": DATE}
        labels = {"on": _("Day"), "practitioner": _("With"), "repeat": _("Repeat")}
        help_texts = {
            "until": _("The last day it may fall on. Only for an appointment that repeats."),
            "place": _("No need to write the person's address here."),
        }

    def __init__(self, *args, consumer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].queryset = clinicians_in([consumer.program])
        self.fields["practitioner"].label_from_instance = staff_name
        self.helper = without_form_tag()

    # The constraint appointment_length_sensible, said at the field.
    clean_length_minutes = length_between(
        5, 240, _("An individual session lasts %(low)d to %(high)d minutes.")
    )

    def clean(self):
        cleaned = super().clean()
        repeat, until, first = cleaned.get("repeat"), cleaned.get("until"), cleaned.get("on")
        if repeat == Appointment.Repeat.NONE:
            cleaned["until"] = None
        elif repeat and not until:
            self.add_error("until", _("Say the last day it repeats until."))
        elif repeat and first and until < first:
            self.add_error("until", _("The last day cannot come before the first."))
        return cleaned


class MeetingChangeForm(forms.ModelForm):
    """Cancel one meeting of a group, or move it to another day and time."""

    CANCEL, MOVE = "cancel", "move"
    what = forms.ChoiceField(
        choices=[(CANCEL, _("Cancel this meeting")), (MOVE, _("Move it to another day"))],
        widget=forms.RadioSelect,
        label=_("What happens to this meeting"),
        initial=CANCEL,
    )
    cancelled_reason = forms.ChoiceField(
        choices=[("", _("Choose a reason"))] + CancelReason.choices,
        required=False,
        label=_("Why it is cancelled"),
    )

    class Meta:
        model = MeetingChange
        fields = ["cancelled_reason", "moved_to", "moved_to_starts_at"]
        widgets = {"moved_to": DATE, "moved_to_starts_at": TIME}
        labels = {"moved_to_starts_at": _("New start (leave empty to keep the time)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.moved_to:
            self.fields["what"].initial = self.MOVE
        self.helper = without_form_tag()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("what") == self.CANCEL:
            cleaned["moved_to"], cleaned["moved_to_starts_at"] = None, None
            if not cleaned.get("cancelled_reason"):
                self.add_error("cancelled_reason", _("Choose why the meeting is cancelled."))
        elif cleaned.get("what") == self.MOVE:
            cleaned["cancelled_reason"] = ""
            if not cleaned.get("moved_to"):
                self.add_error("moved_to", _("Choose the day the meeting moves to."))
        return cleaned


class ClosureDayForm(forms.ModelForm):
    class Meta:
        model = ClosureDay
        fields = ["on", "reason"]
        widgets = {"on": DATE}
        labels = {"on": _("Closed on"), "reason": _("Why")}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        self.helper = without_form_tag()

    def clean_on(self):
        day = self.cleaned_data["on"]
        if ClosureDay.objects.filter(program=self.program, on=day).exists():
            raise ValidationError(_("This day is already marked closed."))
        return day
