"""The records of another program, and every address that names one by id, with who may
reach it: what tests/imr_site/test_object_access.py and the audit walk
(test_every_post_is_audited_or_nothing.py) try as outsiders."""

import datetime
from dataclasses import dataclass, field
from functools import cached_property
from types import SimpleNamespace

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from consumers import access, answer_links
from consumers.models import ChartEvent, Consumer, SafetyNote
from curriculum.models import PrintJob
from fidelity import trends
from fidelity.models import Review, ReviewAction
from imr_site import hand_over
from imr_site.models import AuditEvent
from sessions_log import logbook, notes
from sessions_log.models import (
    Appointment,
    Attendance,
    Group,
    GroupMembership,
    Session,
    SupervisionMeeting,
)
from tests import world as standing
from tests.builders.reviews import ALL_ITEMS, agree
from tests.forms import (
    PRINT_AS_IS,
    all_fours,
    entry_sheet,
    goal_data,
    group_data,
    notes_data,
    progress_data,
    record_data,
    relapse_data,
    scale_data,
    session_data,
    sheet,
    supporter_data,
)
from tests.url_matrix import CHART_PARTS

ACCESS_DENIED = AuditEvent.Action.ACCESS_DENIED
# Every table of these apps is read before and after the attempts.
CLINICAL_APPS = ("consumers", "curriculum", "sessions_log", "fidelity")


def today():
    return timezone.localdate().isoformat()


@dataclass(frozen=True)
class Team:
    program: str
    person: str  # whose chart the samples are about
    newcomer: str  # someone of the program in no group yet
    practitioner: str
    leader: str
    reviewer: str


TEAMS = {
    standing.NORTHSIDE: Team(
        standing.NORTHSIDE, "RB-1001", "RB-1004", "practitioner", "leader", "reviewer"
    ),
    standing.EASTGATE: Team(
        standing.EASTGATE, "RB-2001", "RB-2002", "jo.martin", "lena.hart", "reviewer"
    ),
    # Harbor Point has no fidelity reviewer of its own: a site administrator stands in.
    standing.HARBOR_TEAM: Team(
        standing.HARBOR_TEAM, "HP-0101", "HP-0102", "tom.reed", "ruth.bell", "admin"
    ),
}

# Whose records, and who of the demo organisation works elsewhere.
OUTSIDERS = {
    standing.NORTHSIDE: ("lena.hart", "ruth.bell", "tom.reed"),
    standing.EASTGATE: ("practitioner", "leader"),
    standing.HARBOR_TEAM: ("practitioner", "leader", "reviewer", "coordinator"),
}


class Sample:
    """One program's records of every kind an address names, made the way the app makes them."""

    def __init__(self, world, program_name):
        self.world, self.team = world, TEAMS[program_name]
        self.program = world.programs[program_name]
        self.person = world.consumer(self.team.person)
        self.newcomer = world.consumer(self.team.newcomer)

    def user(self, role):
        return self.world.user(getattr(self.team, role))

    @property
    def practitioner(self):
        return self.user("practitioner")

    # The chart's parts, as the URL matrix picks them.
    @cached_property
    def supporter(self):
        return CHART_PARTS["supporter_pk"](self.person)

    @cached_property
    def goal(self):
        return CHART_PARTS["goal_pk"](self.person)

    @cached_property
    def inventory(self):
        return CHART_PARTS["inventory_pk"](self.person)

    @cached_property
    def scale(self):
        return CHART_PARTS["scale_pk"](self.person)

    @cached_property
    def entry(self):
        return CHART_PARTS["entry_pk"](self.person)

    @cached_property
    def event(self):
        """A jail stay on the person's chart, still going."""
        return ChartEvent.objects.create(
            consumer=self.person,
            kind=ChartEvent.Kind.JAIL_STAY,
            started_on=self.person.referred_on,
            source=ChartEvent.Source.SUPPORTER,
            recorded_by=self.practitioner,
        )

    @cached_property
    def safety_note(self):
        return SafetyNote.objects.create(
            consumer=self.person,
            why="Spoke of not wanting to go on.",
            what_to_do="Ask how they are; call the crisis line if in danger.",
            set_by=self.practitioner,
        )

    @cached_property
    def answer_link(self):
        """A link still open for the person to answer from home (their date of birth set
        first: a link asks for it)."""
        if self.person.date_of_birth is None:
            self.person.date_of_birth = datetime.date(1985, 3, 27)
            self.person.save(update_fields=["date_of_birth"])
        return answer_links.make(self.person, "follow_up", by=self.practitioner)[0]

    @cached_property
    def kept_hand_over(self):
        """The id of a hand-over's answers kept for the practitioner when the sign-in ended."""
        state = {
            "consumer": self.person.pk,
            "form": "scale",
            "timepoint": "follow_up",
            "goals": [],
            "session": None,
            "answers": {"item_1": 4},
            "position": 1,
            "started_at": timezone.now().isoformat(),
            "last_seen": timezone.now().timestamp(),
            "locked": True,
            "saved": False,
            "wrong": 0,
            "kept": None,
        }
        hand_over.keep(SimpleNamespace(user=self.practitioner), state)
        return state["kept"]

    @cached_property
    def discharge(self):
        change, _ = self.person.change_status(
            "discharged",
            on=timezone.localdate(),
            by=self.practitioner,
            discharge_reason="finished",
        )
        return change

    def logged_session(self, days_ago, group=None):
        held_on = timezone.localdate() - datetime.timedelta(days=days_ago)
        session = Session(
            program=self.program,
            kind=Session.Kind.GROUP if group else Session.Kind.INDIVIDUAL,
            group=group,
            held_on=held_on,
            length_minutes=45,
            topic=2,
            facilitator=self.practitioner,
        )
        return logbook.log_session(
            session,
            {self.person: Attendance.Status.PRESENT},
            handouts=[],
            topic_finished=False,
            by=self.practitioner,
        )

    @cached_property
    def session(self):
        """An individual session whose note is still a draft."""
        session = self.logged_session(days_ago=2)
        notes.save_draft(
            session, self.person, {"next_plan": "Review"}, revision=0, by=self.practitioner
        )
        return session

    @cached_property
    def signed_note(self):
        session = self.logged_session(days_ago=4)
        note, _ = notes.save_draft(
            session, self.person, {"next_plan": "Review"}, revision=0, by=self.practitioner
        )
        notes.sign_drafts(session, self.practitioner)
        note.refresh_from_db()
        return note

    @cached_property
    def draft_note(self):
        """A note still a draft, which the person may sign."""
        session = self.logged_session(days_ago=5)
        return notes.save_draft(
            session, self.person, {"next_plan": "Review"}, revision=0, by=self.practitioner
        )[0]

    @cached_property
    def group(self):
        """A running group with the person in it, like the demo's own groups."""
        group = Group.objects.create(
            program=self.program,
            name="Wednesday afternoon group",
            weekday=Group.Weekday.WEDNESDAY,
            starts_at=datetime.time(14, 0),
            place="Room 1",
            started_on=timezone.localdate() - datetime.timedelta(weeks=6),
            created_by=self.practitioner,
        )
        group.facilitators.set([self.practitioner])
        GroupMembership.objects.create(
            group=group,
            consumer=self.person,
            joined_on=group.started_on,
            added_by=self.practitioner,
        )
        return group

    @cached_property
    def appointment(self):
        """An individual session booked with the person, the day after tomorrow."""
        return Appointment.objects.create(
            consumer=self.person,
            practitioner=self.practitioner,
            on=timezone.localdate() + datetime.timedelta(days=2),
            starts_at=datetime.time(10, 0),
            created_by=self.practitioner,
        )

    @cached_property
    def membership(self):
        return self.group.memberships.get(consumer=self.person)

    @cached_property
    def meeting(self):
        meeting = SupervisionMeeting.objects.create(
            program=self.program,
            held_on=timezone.localdate(),
            led_by=self.user("leader"),
            created_by=self.user("leader"),
        )
        meeting.attendees.set([self.practitioner])
        meeting.consumers_discussed.set([self.person])
        return meeting

    @cached_property
    def job(self):
        """A finished print run of the program's binders, asked for by its leader."""
        job = PrintJob.objects.create(
            requested_by=self.user("leader"), program=self.program, status="done", total=1, done=1
        )
        job.output.save("binders.pdf", ContentFile(b"%PDF-1.7 binders"))
        return job

    @cached_property
    def failed_job(self):
        """A print run that stopped half way, for its leader to start again."""
        return PrintJob.objects.create(
            requested_by=self.user("leader"), program=self.program, status="failed", total=2, done=1
        )

    def new_review(self):
        end = timezone.localdate() - datetime.timedelta(days=1)
        return Review.objects.create(
            program=self.program,
            period_start=end - datetime.timedelta(days=90),
            period_end=end,
            created_by=self.user("reviewer"),
        )

    @cached_property
    def review(self):
        return self.new_review()

    @cached_property
    def agreed_review(self):
        """A draft with every item agreed: ready to finalize."""
        review = self.new_review()
        agree(review, ALL_ITEMS)
        return review

    @cached_property
    def final_review(self):
        review = self.agreed_review
        review.finalize(self.user("reviewer"), trends.snapshot_for(review))
        return review

    @cached_property
    def plan_action(self):
        """An open action in the final review's plan, for item 4 (agreed at 3)."""
        return ReviewAction.objects.create(
            review=self.final_review,
            item="4",
            what="Give every person the handouts of their topic.",
            who_user=self.practitioner,
            due_on=timezone.localdate() + datetime.timedelta(days=30),
            created_by=self.user("leader"),
        )


@dataclass(frozen=True)
class Attempt:
    """One request on one record. `gate` is the capability the view asks for first."""

    name: str
    method: str
    gate: object  # a capability, or a tuple of them when the view needs several
    path: object  # Sample -> the address
    refused_on: object  # Sample -> the record the refusal names
    data: object = field(default=lambda s: {})
    insider: str = "practitioner"  # who of the program may do it

    def __str__(self):
        return self.name


def holds(user, gate):
    """Does the user hold the attempt's capability (all of them) somewhere?"""
    gates = gate if isinstance(gate, tuple) else (gate,)
    return all(access.can(user, capability) for capability in gates)


def person(s):
    return s.person


def chart(suffix):
    return lambda s: f"/consumers/{s.person.pk}/{suffix.format(s=s)}"


def reads(name, gate, path, refused_on=person, **kwargs):
    return Attempt(f"read {name}", "get", gate, path, refused_on, **kwargs)


def changes(name, gate, path, data, refused_on=person, **kwargs):
    return Attempt(f"change {name}", "post", gate, path, refused_on, data, **kwargs)


def prints(name, gate, path, refused_on=person, **kwargs):
    return Attempt(f"print {name}", kwargs.pop("method", "get"), gate, path, refused_on, **kwargs)


def exports(name, gate, path, refused_on, **kwargs):
    return Attempt(f"export {name}", "get", gate, path, refused_on, insider="leader", **kwargs)


def link_data(s):
    """Making an answer link, for a person whose date of birth is known."""
    s.answer_link  # noqa: B018 (sets the date of birth)
    return {"timepoint": "follow_up"}


VIEW, EDIT, PRINT, EXPORT = access.VIEW_RECORDS, access.EDIT_RECORDS, access.PRINT, access.EXPORT
DASHBOARD, REVIEW = access.VIEW_DASHBOARD, access.REVIEW_FIDELITY

CHART = [
    reads("chart", VIEW, chart("")),
    reads("record form", EDIT, chart("edit/")),
    changes(
        "record",
        EDIT,
        chart("edit/"),
        lambda s: record_data(s.person, preferred_name="Changed elsewhere"),
    ),
    changes(
        "status",
        EDIT,
        chart("status/"),
        lambda s: {"status": "on_hold", "changed_on": today(), "note": "In hospital"},
    ),
    changes("supporters (add)", EDIT, chart("supporters/new/"), lambda s: supporter_data()),
    reads("supporter form", EDIT, chart("supporters/{s.supporter.pk}/")),
    changes(
        "supporter",
        EDIT,
        chart("supporters/{s.supporter.pk}/"),
        lambda s: supporter_data(name="Changed elsewhere"),
    ),
    changes(
        "supporter contacts",
        EDIT,
        chart("supporters/{s.supporter.pk}/contacts/new/"),
        lambda s: {"contacted_on": today(), "mode": "phone", "imr_related": "on"},
    ),
    changes("goals (add)", EDIT, chart("goals/new/"), lambda s: goal_data()),
    reads("goal form", EDIT, chart("goals/{s.goal.pk}/")),
    changes(
        "goal",
        EDIT,
        chart("goals/{s.goal.pk}/"),
        lambda s: goal_data(kind=s.goal.kind, description="Changed elsewhere"),
    ),
    changes(
        "goal review",
        EDIT,
        chart("goals/{s.goal.pk}/review/"),
        lambda s: {"reviewed_on": today(), "progress": "Went twice", "status": "achieved"},
    ),
    reads("goal sheet", VIEW, chart("goals/sheet/")),
    reads("hand-over start", EDIT, chart("hand-over/")),
    changes(
        "kept hand-over (saved)",
        EDIT,
        chart("hand-over/kept/"),
        lambda s: {"kept": s.kept_hand_over, "do": "save"},
    ),
    reads("event form (new)", EDIT, chart("events/new/?kind=relapse")),
    changes(
        "events (add)",
        EDIT,
        chart("events/new/?kind=crisis_visit"),
        lambda s: {"started_on": today(), "source": "person", "notes": "Went to the ER"},
    ),
    reads("event form", EDIT, chart("events/{s.event.pk}/")),
    changes(
        "event",
        EDIT,
        chart("events/{s.event.pk}/"),
        lambda s: {
            "started_on": s.event.started_on.isoformat(),
            "ended_on": today(),
            "source": "record",
        },
    ),
    changes(
        "events known from",
        EDIT,
        chart("events/known-from/"),
        lambda s: {"events_known_from": "2020-01-01"},
    ),
    reads("safety note form", EDIT, chart("safety-note/")),
    changes(
        "safety note (set)",
        EDIT,
        chart("safety-note/"),
        lambda s: {"why": "Said they feel unsafe at home.", "what_to_do": "Call the team."},
    ),
    reads("safety note review", EDIT, chart("safety-note/{s.safety_note.pk}/review/")),
    changes(
        "safety note (cleared)",
        EDIT,
        chart("safety-note/{s.safety_note.pk}/review/"),
        lambda s: {"outcome": "clear", "cleared_why": "Safe for months now."},
    ),
    reads("plan history", VIEW, chart("plans/relapse_prevention/")),
    changes("plan", EDIT, chart("plans/relapse_prevention/edit/"), lambda s: relapse_data()),
    reads("plan signature form", EDIT, chart("plans/relapse_prevention/sign/")),
    changes(
        "plan (the person signs)",
        EDIT,
        chart("plans/relapse_prevention/sign/"),
        lambda s: {"how": "on_paper"},
    ),
    changes(
        "inventory (add)",
        EDIT,
        chart("inventory/new/"),
        lambda s: {
            "meta-completed_on": today(),
            "meta-session_number": "3",
            "typical_day": "Written elsewhere",
        },
    ),
    reads("inventory", VIEW, chart("inventory/{s.inventory.pk}/")),
    changes("curriculum progress", EDIT, chart("curriculum/"), lambda s: progress_data()),
    changes(
        "IMR scales (add)",
        EDIT,
        chart("scales/new/"),
        # The clinician's view after topic 3 is the one still to do on the sample charts.
        lambda s: scale_data(
            version="clinician", timepoint="after_topic_3", rated_by=s.practitioner.pk
        ),
    ),
    reads("IMR scale", VIEW, chart("scales/{s.scale.pk}/")),
    reads("IMR scale form", EDIT, chart("scales/{s.scale.pk}/edit/")),
    changes(
        "IMR scale",
        EDIT,
        chart("scales/{s.scale.pk}/edit/"),
        lambda s: scale_data(
            version=s.scale.version,
            timepoint=s.scale.timepoint,
            answered_on=s.scale.answered_on.isoformat(),
            rated_by=s.scale.rated_by_id or "",
            answer_1="1",
        ),
    ),
    reads("handouts given", EDIT, chart("handouts/")),
    changes(
        "handouts given",
        EDIT,
        chart("handouts/"),
        lambda s: {"handouts": ["0"], "given_on": today()},
    ),
    prints("handout", EDIT, chart("handouts/1/pdf/"), method="post", data=lambda s: PRINT_AS_IS),
    reads("binder form", EDIT, chart("binder/")),
    prints(
        "binder",
        EDIT,
        chart("binder/"),
        method="post",
        data=lambda s: PRINT_AS_IS | {"handouts": ["0"]},
    ),
    prints("inventory", PRINT, chart("print/inventory/")),
    prints("IMR scale", PRINT, chart("print/imr-scale-{s.scale.version}/?scale={s.scale.pk}")),
    prints("worksheet", PRINT, chart("worksheets/{s.entry.worksheet}/pdf/?entry={s.entry.pk}")),
    changes(
        "worksheets (fill in)",
        EDIT,
        chart(f"worksheets/{entry_sheet().key}/new/"),
        lambda s: {"filled_on": today(), entry_sheet().fields[0][0]: "Written elsewhere"},
    ),
    reads("worksheet", VIEW, chart("worksheets/entry/{s.entry.pk}/")),
    reads("answer links", EDIT, chart("answer-links/")),
    changes("answer links (make one)", EDIT, chart("answer-links/"), lambda s: link_data(s)),
    changes(
        "answer link (revoke)",
        EDIT,
        chart("answer-links/{s.answer_link.pk}/revoke/"),
        lambda s: {},
    ),
    reads("discharge summary", VIEW, chart("discharges/{s.discharge.pk}/")),
    prints("discharge summary", PRINT, chart("discharges/{s.discharge.pk}/pdf/")),
    reads("My recovery", VIEW, chart("my-recovery/")),
    prints("My recovery", PRINT, chart("my-recovery/pdf/")),
    prints("notes", PRINT, lambda s: f"/sessions/people/{s.person.pk}/notes/pdf/"),
    reads(
        "audit trail",
        access.VIEW_AUDIT,
        lambda s: f"/audit/consumer/{s.person.pk}/",
        insider="leader",
    ),
    reads("new session form", EDIT, lambda s: f"/sessions/new/?consumer={s.person.pk}"),
    changes(
        "sessions (log one)",
        EDIT,
        lambda s: f"/sessions/new/?consumer={s.person.pk}",
        lambda s: session_data([s.person]),
    ),
]


def session_path(suffix=""):
    return lambda s: f"/sessions/{s.session.pk}/{suffix}"


def note_path(suffix):
    return lambda s: f"/sessions/notes/{s.signed_note.pk}/{suffix}"


def the_session(s):
    return s.session


def the_note(s):
    return s.signed_note


def the_draft_note(s):
    return s.draft_note


def draft_note_path(suffix):
    return lambda s: f"/sessions/notes/{s.draft_note.pk}/{suffix}"


SESSIONS = [
    reads("session", VIEW, session_path(), the_session),
    reads("session notes", VIEW, session_path("notes/"), the_session),
    changes(
        "session notes",
        EDIT,  # the page is read with VIEW; a post needs EDIT (access.needs(to_change=...))
        session_path("notes/"),
        lambda s: notes_data(s.session),
        the_session,
    ),
    changes(
        "session notes (autosave)",
        EDIT,
        session_path("notes/autosave/"),
        lambda s: notes_data(s.session),
        the_session,
    ),
    changes(
        "session notes (sign)",
        access.SIGN_NOTES,
        session_path("notes/sign/"),
        lambda s: {"password": standing.PASSWORD},
        the_session,
    ),
    changes(
        "note (addendum)",
        EDIT,
        note_path("addendum/"),
        lambda s: {"text": "Written elsewhere"},
        the_note,
    ),
    changes(
        "note (co-sign)",
        access.COSIGN_NOTES,
        lambda s: "/sessions/notes/review/",
        lambda s: {"notes": [s.signed_note.pk], "password": standing.PASSWORD},
        the_note,
        insider="leader",
    ),
    changes(
        "note (return to its writer)",
        access.COSIGN_NOTES,
        note_path("return/"),
        lambda s: {"reason": "Written elsewhere"},
        the_note,
        insider="leader",
    ),
    reads("note signature form", EDIT, draft_note_path("person-signs/"), the_draft_note),
    changes(
        "note (the person signs)",
        EDIT,
        draft_note_path("person-signs/"),
        lambda s: {"how": "on_paper"},
        the_draft_note,
    ),
    prints("note", PRINT, note_path("pdf/"), the_note),
]


def group_path(suffix=""):
    return lambda s: f"/sessions/groups/{s.group.pk}/{suffix}"


def the_group(s):
    return s.group


GROUPS = [
    reads("group", VIEW, group_path(), the_group),
    reads("group form", EDIT, group_path("edit/"), the_group),
    changes(
        "group",
        EDIT,
        group_path("edit/"),
        lambda s: group_data(
            s.world,
            program=s.program.pk,
            facilitators=[s.practitioner.pk],
            name="Renamed elsewhere",
        ),
        the_group,
    ),
    changes(
        "group members (add)",
        EDIT,
        group_path("members/add/"),
        lambda s: {"consumer": s.newcomer.pk, "joined_on": today()},
        the_group,
    ),
    changes(
        "group members (leave)",
        EDIT,
        lambda s: f"/sessions/groups/{s.group.pk}/members/{s.membership.pk}/leave/",
        lambda s: {"left_on": today()},
        the_group,
    ),
    prints(
        "group packets",
        EDIT,
        group_path("packets.pdf"),
        the_group,
        method="post",
        data=lambda s: {"packets-handouts": ["0"]},
    ),
    prints(
        "group session kit",
        VIEW,
        group_path("kit.pdf"),
        the_group,
        data=lambda s: {"kit-on": s.group.next_meeting_on().isoformat(), "kit-topic": "1"},
    ),
    reads(
        "new group session form", EDIT, lambda s: f"/sessions/new/?group={s.group.pk}", the_group
    ),
    changes(
        "group meeting (cancel one)",
        EDIT,
        lambda s: (
            f"/sessions/groups/{s.group.pk}/meetings/change/"
            f"?on={s.group.next_meeting_on().isoformat()}"
        ),
        lambda s: {"what": "cancel", "cancelled_reason": "holiday"},
        the_group,
    ),
    changes(
        "group sessions (log one)",
        EDIT,
        lambda s: f"/sessions/new/?group={s.group.pk}",
        lambda s: session_data(s.group),
        the_group,
    ),
]


def the_meeting(s):
    return s.meeting


def the_job(s):
    return s.job


OTHERS = [
    reads(
        "supervision meeting",
        access.SIGN_NOTES,
        lambda s: f"/sessions/supervision/{s.meeting.pk}/",
        the_meeting,
        insider="leader",
    ),
    reads(
        "print job",
        VIEW,
        lambda s: f"/curriculum/print-jobs/{s.job.pk}/",
        the_job,
        insider="leader",
    ),
    reads(
        "print job progress",
        VIEW,
        lambda s: f"/curriculum/print-jobs/{s.job.pk}/status/",
        the_job,
        insider="leader",
    ),
    prints(
        "print job (download)",
        VIEW,
        lambda s: f"/curriculum/print-jobs/{s.job.pk}/download/",
        the_job,
        insider="leader",
    ),
    changes(
        "print job (start again)",
        VIEW,
        lambda s: f"/curriculum/print-jobs/{s.failed_job.pk}/retry/",
        lambda s: {},
        lambda s: s.failed_job,
        insider="leader",
    ),
    reads(
        "staff member's audit trail",
        access.VIEW_AUDIT,
        lambda s: f"/audit/staff/{s.practitioner.pk}/",
        lambda s: s.practitioner,
        insider="leader",
    ),
]


def review_path(which, suffix=""):
    return lambda s: f"/fidelity/reviews/{getattr(s, which).pk}/{suffix}"


def review_of(which):
    return lambda s: getattr(s, which)


REVIEWS = [
    reads(
        "fidelity review", DASHBOARD, review_path("review"), review_of("review"), insider="leader"
    ),
    reads(
        "fidelity ratings form",
        REVIEW,
        review_path("review", "rate/"),
        review_of("review"),
        insider="reviewer",
    ),
    changes(
        "fidelity ratings",
        REVIEW,
        review_path("review", "rate/"),
        lambda s: sheet(all_fours()),
        review_of("review"),
        insider="reviewer",
    ),
    reads(
        "fidelity consensus form",
        REVIEW,
        review_path("review", "consensus/"),
        review_of("review"),
        insider="reviewer",
    ),
    changes(
        "fidelity consensus",
        REVIEW,
        review_path("review", "consensus/"),
        lambda s: sheet(all_fours()) | {"recommendations": "Written elsewhere"},
        review_of("review"),
        insider="reviewer",
    ),
    changes(
        "fidelity review (finalize)",
        REVIEW,
        review_path("agreed_review", "finalize/"),
        lambda s: {},
        review_of("agreed_review"),
        insider="reviewer",
    ),
    changes(
        "fidelity review (correct)",
        REVIEW,
        review_path("final_review", "correct/"),
        lambda s: {},
        review_of("final_review"),
        insider="reviewer",
    ),
    prints(
        "fidelity report",
        DASHBOARD,
        review_path("final_review", "report/"),
        review_of("final_review"),
        insider="leader",
    ),
    reads(
        "action plan",
        DASHBOARD,
        review_path("final_review", "actions/"),
        review_of("final_review"),
        insider="leader",
    ),
    changes(
        "action plan (add)",
        (DASHBOARD, access.COSIGN_NOTES),
        review_path("final_review", "actions/"),
        lambda s: {
            "item": "4",
            "what": "Handouts",
            "who_text": "The team",
            "due_on": today(),
            "status": "open",
        },
        review_of("final_review"),
        insider="leader",
    ),
    reads(
        "action",
        DASHBOARD,
        lambda s: f"/fidelity/actions/{s.plan_action.pk}/",
        lambda s: s.plan_action,
        insider="leader",
    ),
    changes(
        "action",
        (DASHBOARD, access.COSIGN_NOTES),
        lambda s: f"/fidelity/actions/{s.plan_action.pk}/",
        lambda s: {
            "item": "4",
            "what": "Handouts",
            "who_text": "The team",
            "due_on": today(),
            "status": "done",
            "done_on": today(),
        },
        lambda s: s.plan_action,
        insider="leader",
    ),
]


def the_program(s):
    return s.program


def program_path(suffix=""):
    return lambda s: f"/fidelity/programs/{s.program.pk}/{suffix}"


PROGRAMS = [
    reads("fidelity dashboard", DASHBOARD, program_path(), the_program, insider="leader"),
    reads(
        "fidelity item drill-down (people)",
        DASHBOARD,
        program_path("items/4/"),
        the_program,
        insider="leader",
    ),
    reads(
        "fidelity item drill-down (notes)",
        DASHBOARD,
        program_path("items/10/"),
        the_program,
        insider="leader",
    ),
    reads("GOI dashboard", DASHBOARD, program_path("goi/"), the_program, insider="leader"),
    reads("GOI item (people)", DASHBOARD, program_path("goi/G4/"), the_program, insider="leader"),
    reads("GOI item (notes)", DASHBOARD, program_path("goi/G6/"), the_program, insider="leader"),
    reads("GOI training", DASHBOARD, program_path("training/"), the_program, insider="leader"),
    reads("GOI meetings", DASHBOARD, program_path("meetings/"), the_program, insider="leader"),
    reads("GOI eligible", DASHBOARD, program_path("eligible/"), the_program, insider="leader"),
    changes(
        "GOI training (add)",
        (DASHBOARD, access.COSIGN_NOTES),
        program_path("training/"),
        lambda s: {
            "staff_member": s.practitioner.pk,
            "part": "introduction",
            "trained_on": today(),
            "trainer": "State IMR trainer",
        },
        the_program,
        insider="leader",
    ),
    changes(
        "GOI meetings (add)",
        (DASHBOARD, access.COSIGN_NOTES),
        program_path("meetings/"),
        lambda s: {"kind": "director", "held_on": today(), "notes": "Budget"},
        the_program,
        insider="leader",
    ),
    changes(
        "GOI eligible (add)",
        (DASHBOARD, access.COSIGN_NOTES),
        program_path("eligible/"),
        lambda s: {"period_start": today(), "period_end": today(), "eligible": "30"},
        the_program,
        insider="leader",
    ),
    exports("fidelity estimates (CSV)", EXPORT, program_path("export/csv/"), the_program),
    exports("fidelity estimates (xlsx)", EXPORT, program_path("export/xlsx/"), the_program),
    reads(
        "outcomes of the program",
        access.VIEW_AGGREGATES,
        lambda s: f"/fidelity/outcomes/?program={s.program.pk}",
        the_program,
        insider="leader",
    ),
    exports(
        "outcomes of the program (xlsx)",
        EXPORT,
        lambda s: f"/fidelity/outcomes/export/xlsx/?program={s.program.pk}",
        the_program,
    ),
]


def appointment_data(s, **changes):
    return {
        "practitioner": s.practitioner.pk,
        "on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
        "starts_at": "10:00",
        "length_minutes": "45",
        "place_kind": "agency",
        "place": "",
        "repeat": "none",
        "until": "",
    } | changes


def appointments_path(suffix=""):
    return lambda s: f"/sessions/people/{s.person.pk}/appointments/{suffix.format(s=s)}"


SCHEDULE = [
    reads("appointment form", EDIT, appointments_path("new/")),
    changes("appointments (book one)", EDIT, appointments_path("new/"), appointment_data),
    changes(
        "appointment",
        EDIT,
        appointments_path("{s.appointment.pk}/"),
        lambda s: appointment_data(s, place="Room 3"),
    ),
    changes(
        "appointment (cancel)", EDIT, appointments_path("{s.appointment.pk}/cancel/"), lambda s: {}
    ),
    prints(
        "next sessions card", (VIEW, PRINT), lambda s: f"/sessions/people/{s.person.pk}/card.pdf"
    ),
    reads(
        "program calendar",
        (VIEW, DASHBOARD),
        lambda s: f"/sessions/programs/{s.program.pk}/calendar/",
        the_program,
        insider="leader",
    ),
    changes(
        "program calendar (a closure day)",
        (VIEW, DASHBOARD, EDIT),
        lambda s: f"/sessions/programs/{s.program.pk}/calendar/",
        lambda s: {
            "on": (timezone.localdate() + datetime.timedelta(days=9)).isoformat(),
            "reason": "other",
        },
        the_program,
        insider="leader",
    ),
]
ATTEMPTS = CHART + SESSIONS + GROUPS + OTHERS + REVIEWS + PROGRAMS + SCHEDULE


def clinical_records():
    """Every row of every clinical table, to compare before and after."""
    tables = {}
    for label in CLINICAL_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            tables[model._meta.label] = list(model.objects.order_by("pk").values())
    return tables


def send(client, attempt, url, data):
    return getattr(client, attempt.method)(url, data)


def last_event_id():
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def assert_refusal_audited(events, user, refused_on, program, url):
    """One access_denied event, naming the record, its program and (if any) its person."""
    denied = [e for e in events if e.action == ACCESS_DENIED]
    assert len(denied) == 1, f"{user.username} {url}: {len(denied)} refusal(s) audited"
    event = denied[0]
    if isinstance(refused_on, Consumer):
        person = refused_on
    else:
        person = getattr(refused_on, "consumer", None)
    expected = (
        user.pk,
        refused_on._meta.label_lower,
        str(refused_on.pk),
        person.pk if person else None,
        None if isinstance(refused_on, get_user_model()) else program.pk,
    )
    found = (
        event.actor_id,
        event.target_type,
        event.target_id,
        event.consumer_id,
        event.program_id,
    )
    assert found == expected, f"{user.username} {url}"


def attempt_ids(attempt):
    return str(attempt)
