"""Every URL of the project and what it answers each role and an anonymous visitor
(EXPECTED), with sample arguments for each (url_kwargs): the matrix that
tests/imr_site/test_url_matrix.py walks, and that the page-by-page tests (one date
format, one CSRF token per form, typing kept) open as each role.
"""

import datetime

from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from consumers import answer_links
from consumers.models import AnswerLink, ChartEvent, SafetyNote
from curriculum.models import PrintJob
from fidelity.models import Rating, Review, ReviewAction
from imr_site.models import Notice
from sessions_log import logbook, notes
from sessions_log.models import Appointment, Attendance, Group, Session, SupervisionMeeting

ROLES = ["anonymous", "practitioner", "leader", "coordinator", "reviewer", "authority", "admin"]
SIGNED_IN = ROLES[1:]

OK, LOGIN, DENIED, HOME, NOT_ALLOWED, BAD_REQUEST = 200, "login", 403, "home", 405, 400
SETUP = "two-step set-up"


def only(*roles, otherwise=DENIED):
    """200 for these roles, `otherwise` for the other signed-in ones, sign-in for anonymous."""
    return {"anonymous": LOGIN} | {r: OK if r in roles else otherwise for r in SIGNED_IN}


EVERYONE_SIGNED_IN = only(*SIGNED_IN)
# Who may change a consumer's chart, and who may read it.
EDITING_ROLES = ("practitioner", "leader", "coordinator", "admin")
EDITORS = only(*EDITING_ROLES)
READERS = only("practitioner", "leader", "coordinator", "reviewer", "admin")
ANYONE = dict.fromkeys(ROLES, OK)
# Who prints handouts and blank forms: everyone but the authority viewer.
PRINTERS = only("practitioner", "leader", "coordinator", "reviewer", "admin")
# A print job is seen by whoever asked for it (the leader, in these samples) and site admins.
JOB_OWNER = only("leader", "admin", otherwise=404) | {"authority": DENIED}

EXPECTED = {
    "home": EVERYONE_SIGNED_IN,
    "alive": ANYONE,  # a load balancer's health check; it shows nothing
    "login": {"anonymous": OK} | dict.fromkeys(SIGNED_IN, HOME),
    "logout": dict.fromkeys(ROLES, NOT_ALLOWED),  # sign-out is a POST
    # The notes page's autosave asks for the current CSRF token after a new sign-in.
    "fresh_token": {"anonymous": 401} | dict.fromkeys(SIGNED_IN, OK),
    "password_change": EVERYONE_SIGNED_IN,
    "account": EVERYONE_SIGNED_IN,
    "two_step_setup": EVERYONE_SIGNED_IN,
    # Notices are each user's own; choosing the e-mail digest is a POST from the account page.
    "notice_list": EVERYONE_SIGNED_IN,
    # The sample is the leader's notice: opening it leads on to its page; anyone else's is a 404.
    "notice_open": only(otherwise=404) | {"leader": 302},
    "notices_all_read": dict.fromkeys(ROLES, NOT_ALLOWED),
    "digest_preference": dict.fromkeys(ROLES, NOT_ALLOWED),
    # Choosing the language one works in is a POST from the account page too.
    "language_choice": dict.fromkeys(ROLES, NOT_ALLOWED),
    # Asking for a code without an authenticator set up leads to setting one up.
    "two_step_verify": {"anonymous": LOGIN} | dict.fromkeys(SIGNED_IN, SETUP),
    "two_step_off": dict.fromkeys(ROLES, NOT_ALLOWED),
    "password_change_done": EVERYONE_SIGNED_IN,
    "password_reset": ANYONE,
    "password_reset_done": ANYONE,
    "password_reset_confirm": ANYONE,  # shows "this link has expired" for a bad token
    "password_reset_complete": ANYONE,
    "caseload": only("practitioner", "leader", "coordinator", "reviewer", "admin"),
    "consumer_create": only("practitioner", "leader", "coordinator", "admin"),
    "consumer_chart": only("practitioner", "leader", "coordinator", "reviewer", "admin"),
    "consumer_edit": only("practitioner", "leader", "coordinator", "admin"),
    # Importing a roster is for the agency's coordinator (and site admins) only.
    "roster_import": only("coordinator", "admin"),
    "roster_template": only("coordinator", "admin"),
    "consumer_status": EDITORS,
    "discharge_summary": READERS,
    "discharge_summary_pdf": PRINTERS,
    "my_recovery": READERS,
    "my_recovery_pdf": PRINTERS,
    "supporter_create": EDITORS,
    "supporter_edit": EDITORS,
    "supporter_contact_create": EDITORS,
    "event_create": EDITORS,
    "event_edit": EDITORS,
    "events_known_from": EDITORS,
    "safety_note_create": EDITORS,
    "safety_note_review": EDITORS,
    "goal_create": EDITORS,
    "goal_edit": EDITORS,
    "goal_review": EDITORS,
    "goal_sheet": READERS,
    "plan_edit": EDITORS,
    "plan_history": READERS,
    # The person signs the newest version of a plan, or their draft note; staff record it.
    "plan_sign": EDITORS,
    "inventory_create": EDITORS,
    "inventory_detail": READERS,
    "progress_edit": EDITORS,
    "scale_create": EDITORS,
    "scale_edit": EDITORS,
    "scale_detail": READERS,
    "curriculum_index": PRINTERS,
    "handout_detail": PRINTERS,
    "handout_pdf": PRINTERS,
    "handout_adapt": only("coordinator", "admin"),
    "guide_detail": PRINTERS,
    "worksheet_pdf": PRINTERS,
    "blank_form_pdf": PRINTERS,
    "progress_note_blank_pdf": PRINTERS,
    "fidelity_blank_pdf": PRINTERS,
    "print_job_create": READERS,
    "print_job_detail": JOB_OWNER,
    "print_job_status": JOB_OWNER,
    "print_job_download": JOB_OWNER,
    "print_job_retry": dict.fromkeys(ROLES, NOT_ALLOWED),  # starting again is a POST
    "consumer_handouts": EDITORS,
    "consumer_handout_pdf": dict.fromkeys(ROLES, NOT_ALLOWED),  # printing records a handout given
    "consumer_binder": EDITORS,
    "consumer_form_pdf": READERS,
    "consumer_worksheet_pdf": READERS,
    "worksheet_fill": EDITORS,
    "worksheet_entry_detail": READERS,
    "session_create": EDITORS,
    "session_detail": READERS,
    "session_notes": READERS,
    "session_notes_sign": dict.fromkeys(ROLES, NOT_ALLOWED),
    "session_notes_autosave": dict.fromkeys(ROLES, NOT_ALLOWED),
    "note_addendum": dict.fromkeys(ROLES, NOT_ALLOWED),
    "note_return": dict.fromkeys(ROLES, NOT_ALLOWED),  # a POST
    "notes_review": only("practitioner", "leader", "admin"),
    "note_person_signs": EDITORS,
    "note_pdf": PRINTERS,
    "supervision_list": only("practitioner", "leader", "admin"),
    "supervision_create": only("leader", "admin"),
    "supervision_detail": only("practitioner", "leader", "admin"),
    "consumer_notes_pdf": PRINTERS,
    "group_list": READERS,
    "group_create": EDITORS,
    "group_detail": READERS,
    "group_edit": EDITORS,
    "group_member_add": dict.fromkeys(ROLES, NOT_ALLOWED),
    "group_member_leave": dict.fromkeys(ROLES, NOT_ALLOWED),
    "group_packets_pdf": dict.fromkeys(ROLES, NOT_ALLOWED),  # printing records handouts given
    # A session kit needs a meeting day and a topic: without them the group page says so.
    "group_kit_pdf": READERS
    | dict.fromkeys(("practitioner", "leader", "coordinator", "reviewer", "admin"), BAD_REQUEST),
    # The schedule: a practitioner's week, a program's calendar (the leader's), appointments
    # booked from a chart, one group meeting cancelled or moved (it needs ?on=, a meeting day).
    "my_week": READERS,
    "program_calendar": only("leader", "coordinator", "reviewer", "admin"),
    "appointment_create": EDITORS,
    "appointment_edit": EDITORS,
    "appointment_cancel": dict.fromkeys(ROLES, NOT_ALLOWED),
    "reminder_calls": READERS,
    "next_sessions_card": PRINTERS,
    "group_meeting_change": EDITORS
    | dict.fromkeys(("practitioner", "leader", "coordinator", "admin"), 404),
    # A staff member's own calendar address (for those who run sessions), and the feed,
    # which a calendar program reads without signing in: an unknown secret is a 404 to all.
    "calendar_address": only("practitioner", "leader", "admin"),
    "calendar_feed": dict.fromkeys(ROLES, 404),
    # Hand-over is started from the chart by those who change it. Its own pages lead home
    # when none is under way; while one is, every other page leads to it
    # (tests/imr_site/test_hand_over.py). Unlocking is a POST.
    "hand_over_start": EDITORS,
    # Resuming, saving or discarding a hand-over kept when the sign-in ended: a POST.
    "hand_over_kept": dict.fromkeys(ROLES, NOT_ALLOWED),
    "hand_over": only(otherwise=DENIED) | dict.fromkeys(EDITING_ROLES, HOME),
    "hand_over_unlock": dict.fromkeys(ROLES, NOT_ALLOWED),
    "hand_over_end": only(otherwise=DENIED) | dict.fromkeys(EDITING_ROLES, HOME),
    # Answer links: the practitioner's page (make, list, revoke) is for those who change the
    # chart. The person's pages open to anyone holding a live token (a sample is made for
    # them) and ask for the date of birth first: before it, the questions lead back to it.
    "answer_links": EDITORS,
    "answer_link_revoke": dict.fromkeys(ROLES, NOT_ALLOWED),  # a POST
    "answer_link": ANYONE,
    "answer_link_question": dict.fromkeys(ROLES, 302),
    "answer_link_check": dict.fromkeys(ROLES, 302),
    "answer_link_thanks": ANYONE,
    # Fidelity: dashboards and reviews name people, so they are for the program's leaders,
    # reviewers and coordinators; the authority viewer reaches only counts and scores.
    "review_list": only("leader", "coordinator", "reviewer", "admin"),
    "review_create": only("reviewer", "admin"),
    "review_detail": only("leader", "coordinator", "reviewer", "admin"),
    "review_rate": only("reviewer", "admin"),
    "review_consensus": only("reviewer", "admin"),
    "review_finalize": dict.fromkeys(ROLES, NOT_ALLOWED),
    "review_correct": dict.fromkeys(ROLES, NOT_ALLOWED),
    "review_report_pdf": only("leader", "coordinator", "reviewer", "admin"),
    # A final review's action plan: read by those who read the review, changed by its leader
    # (a POST, tested in tests/fidelity/test_action_plans.py).
    "review_actions": only("leader", "coordinator", "reviewer", "admin"),
    "action_edit": only("leader", "coordinator", "reviewer", "admin"),
    "reviews_export": only("leader", "coordinator", "reviewer", "authority", "admin"),
    "fidelity_compare": only("leader", "coordinator", "reviewer", "admin"),
    "fidelity_dashboard": only("leader", "coordinator", "reviewer", "admin"),
    "fidelity_estimate_detail": only("leader", "coordinator", "reviewer", "admin"),
    # The GOI: its items name people like the 13 items'; its evidence pages are read by the
    # same roles and recorded by leaders (a POST, tested in tests/fidelity/test_goi_pages.py).
    "fidelity_goi": only("leader", "coordinator", "reviewer", "admin"),
    "fidelity_goi_item": only("leader", "coordinator", "reviewer", "admin"),
    "goi_training": only("leader", "coordinator", "reviewer", "admin"),
    "goi_meetings": only("leader", "coordinator", "reviewer", "admin"),
    "goi_eligible": only("leader", "coordinator", "reviewer", "admin"),
    "fidelity_estimates_export": only("leader", "coordinator", "reviewer", "authority", "admin"),
    "fidelity_overview": only("leader", "coordinator", "reviewer", "authority", "admin"),
    "fidelity_overview_export": only("leader", "coordinator", "reviewer", "authority", "admin"),
    "outcomes": only("leader", "coordinator", "reviewer", "authority", "admin"),
    "outcomes_export": only("leader", "coordinator", "reviewer", "authority", "admin"),
    "staff_list": only("leader", "coordinator", "admin"),
    "audit_log": only("leader", "coordinator", "admin"),
    "consumer_audit": only("leader", "coordinator", "admin"),
    "staff_audit": only("leader", "coordinator", "admin"),
}


def all_patterns(resolver=None, prefix="", outer=()):
    """(full name, its arguments' names) for every named URL, walking included resolvers.

    A pattern written as a regular expression (the admin's app index) has arguments
    but no converters: its names are its regex groups.
    """
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from all_patterns(entry, namespace, (*outer, *entry.pattern.converters))
        elif isinstance(entry, URLPattern):
            own = entry.pattern.converters or entry.pattern.regex.groupindex
            yield f"{prefix}{entry.name}", (*outer, *own)


CHART_PARTS = {
    "supporter_pk": lambda c: c.supporters.filter(consent_withdrawn_on__isnull=True).first(),
    "goal_pk": lambda c: c.goals.first(),
    "inventory_pk": lambda c: c.inventories.first(),
    "scale_pk": lambda c: c.scale_administrations.first(),
    "entry_pk": lambda c: c.worksheet_entries.first(),
}


def finished_job(world):
    """A finished program print job the leader asked for."""
    job = PrintJob.objects.create(
        requested_by=world.user("leader"), program=world.northside, status="done", total=1, done=1
    )
    job.output.save("sample.pdf", ContentFile(b"%PDF-1.7 sample"))
    return job


def northside_group(world):
    return Group.objects.get(program=world.northside)


def supervision_meeting(world):
    meeting = SupervisionMeeting.objects.create(
        program=world.northside,
        held_on=world.consumer("RB-1001").referred_on,
        led_by=world.user("leader"),
        created_by=world.user("leader"),
    )
    meeting.attendees.set([world.user("practitioner")])
    meeting.consumers_discussed.set([world.consumer("RB-1001")])
    return meeting


def logged_session(world):
    """An individual session with Alex, logged by the practitioner."""
    session = Session(
        program=world.northside,
        kind=Session.Kind.INDIVIDUAL,
        held_on=world.consumer("RB-1001").referred_on,
        length_minutes=45,
        facilitator=world.user("practitioner"),
    )
    attendance = {world.consumer("RB-1001"): Attendance.Status.PRESENT}
    return logbook.log_session(
        session, attendance, handouts=[], topic_finished=False, by=world.user("practitioner")
    )


def booked_appointment(world):
    """A weekly appointment with Alex, booked by the practitioner."""
    return Appointment.objects.create(
        consumer=world.consumer("RB-1001"),
        practitioner=world.user("practitioner"),
        on=timezone.localdate(),
        starts_at=datetime.time(14, 0),
        repeat=Appointment.Repeat.WEEKLY,
        until=timezone.localdate() + datetime.timedelta(weeks=8),
        created_by=world.user("practitioner"),
    )


def discharged(consumer):
    """The person's discharge, recorded by their practitioner (once, whoever asks again)."""
    if consumer.status == consumer.Status.DISCHARGED:
        return consumer.status_changes.filter(to_status="discharged").first()
    change, _ = consumer.change_status(
        "discharged",
        on=timezone.localdate(),
        by=consumer.assigned_practitioner,
        discharge_reason="finished",
    )
    return change


def leader_notice(world):
    """A notice for the leader: notes waiting for their co-signature."""
    return Notice.objects.create(
        user=world.user("leader"),
        kind=Notice.Kind.TO_COSIGN,
        text="New notes are signed and waiting for your co-signature.",
        link=reverse("notes_review"),
    )


def draft_review(world):
    """A draft fidelity review of the Northside team, started by the reviewer."""
    return Review.objects.create(
        program=world.northside,
        period_start=world.consumer("RB-1001").referred_on,
        period_end=world.consumer("RB-1001").referred_on,
        created_by=world.user("reviewer"),
    )


def hospital_stay(world):
    """A hospital stay on Alex's chart, recorded by the practitioner."""
    alex = world.consumer("RB-1001")
    return alex.events.first() or ChartEvent.objects.create(
        consumer=alex,
        kind=ChartEvent.Kind.HOSPITAL_STAY,
        started_on=alex.referred_on,
        ended_on=alex.referred_on + datetime.timedelta(days=6),
        source=ChartEvent.Source.RECORD,
        recorded_by=world.user("practitioner"),
    )


def safety_note(world):
    """The safety note in force on Alex's chart, set by the practitioner."""
    alex = world.consumer("RB-1001")
    return alex.safety_notes.filter(cleared_at__isnull=True).first() or SafetyNote.objects.create(
        consumer=alex,
        why="Spoke of not wanting to go on.",
        what_to_do="Ask how they are; call the crisis line if in danger.",
        set_by=world.user("practitioner"),
    )


def answer_link_token(world):
    """A live answer link for Alex, made by the practitioner (his date of birth set first)."""
    alex = world.consumer("RB-1001")
    if alex.date_of_birth is None:
        alex.date_of_birth = datetime.date(1985, 3, 27)
        alex.save(update_fields=["date_of_birth"])
    return answer_links.make(alex, "follow_up", by=world.user("practitioner"))[1]


def review_action(world):
    """An open action in the plan of a final review of the Northside team (item 4 rated 3)."""
    action = ReviewAction.objects.filter(review__program=world.northside).first()
    if action:
        return action
    review = draft_review(world)
    Rating.objects.bulk_create(
        Rating(review=review, item=number, rating=3 if number == "4" else 4)
        for number in Rating.ITEMS
    )
    review.finalize(world.user("reviewer"))
    return ReviewAction.objects.create(
        review=review,
        item="4",
        what="Give every person the handouts of their topic.",
        who_user=world.user("practitioner"),
        due_on=review.period_end + datetime.timedelta(days=60),
        created_by=world.user("leader"),
    )


def url_kwargs(name, keys, world):
    """Concrete arguments: records of the Northside team, which the personas work in."""
    kwargs = {}
    for key in keys:
        if key == "pk" and name.startswith("staff"):
            kwargs[key] = world.user("practitioner").pk
        elif key == "pk" and name.startswith("supervision"):
            kwargs[key] = supervision_meeting(world).pk
        elif key == "pk" and name.startswith("notice"):
            kwargs[key] = leader_notice(world).pk
        elif key == "pk" and name.startswith("session"):
            kwargs[key] = logged_session(world).pk
        elif key == "pk" and name.startswith("group"):
            kwargs[key] = northside_group(world).pk
        elif key == "note_pk":
            session = logged_session(world)
            kwargs[key] = notes.save_draft(
                session,
                world.consumer("RB-1001"),
                {"next_plan": "Review"},
                revision=0,
                by=world.user("practitioner"),
            )[0].pk
        elif key == "pk" and name == "review_actions":
            kwargs[key] = review_action(world).review_id
        elif key == "pk" and name == "action_edit":
            kwargs[key] = review_action(world).pk
        elif key == "pk" and name.startswith("review"):
            kwargs[key] = draft_review(world).pk
        elif key == "pk" and (name.startswith(("fidelity", "goi_")) or name == "program_calendar"):
            kwargs[key] = world.northside.pk
        elif key == "event_pk":
            kwargs[key] = hospital_stay(world).pk
        elif key == "safety_note_pk":
            kwargs[key] = safety_note(world).pk
        elif key == "appointment_pk":
            kwargs[key] = booked_appointment(world).pk
        elif key == "item":
            kwargs[key] = "G4" if name == "fidelity_goi_item" else "4"
        elif key == "fmt":
            kwargs[key] = "csv"
        elif key == "membership_pk":
            kwargs[key] = northside_group(world).current_members().first().pk
        elif key == "pk":
            kwargs[key] = world.consumer("RB-1001").pk
        elif key in CHART_PARTS:
            kwargs[key] = CHART_PARTS[key](world.consumer("RB-1001")).pk
        elif key == "kind":
            kwargs[key] = "relapse_prevention"
        elif key == "topic":
            kwargs[key] = 1
        elif key == "key":
            kwargs[key] = "working_on_goals"
        elif key == "name":
            kwargs[key] = {"fidelity_blank_pdf": "goi"}.get(name, "inventory")
        elif key == "change_pk":
            kwargs[key] = discharged(world.consumer("RB-1001")).pk
        elif key == "job_id":
            kwargs[key] = finished_job(world).pk
        elif key == "uidb64":
            kwargs[key] = "MQ"
        elif key == "token" and name.startswith("answer_link"):
            kwargs[key] = answer_link_token(world)
        elif key == "token":
            kwargs[key] = "not-a-real-token"
        elif key == "link_pk":
            kwargs[key] = AnswerLink.objects.get(
                token_hash=answer_links.hash_of(answer_link_token(world))
            ).pk
        elif key == "number":
            kwargs[key] = 1
        else:
            raise AssertionError(f"No sample value for <{key}> in {name}: add one here")
    return kwargs


APP_PATTERNS = sorted(name for name, _ in all_patterns() if not name.startswith("admin:"))
# The admin's unnamed catch-all answers every unknown admin address with the same gate.
# Sign-out and the autocomplete endpoint are not pages: the admin answers them with
# its own redirect or 403 whoever asks.
ADMIN_PATTERNS = sorted(
    name
    for name, _ in all_patterns()
    if name.startswith("admin:")
    and name not in ("admin:None", "admin:login", "admin:logout", "admin:autocomplete")
)


def pages_opened():
    """(URL name, the roles that open it) for every page of the matrix someone may open."""
    for name in APP_PATTERNS:
        roles = [role for role, answer in EXPECTED.get(name, {}).items() if answer == OK]
        if roles:
            yield name, roles


def html_pages(name, roles, world, client_for):
    """(url, role, response) for the page as each of these roles gets it, if it is HTML."""
    url = reverse(name, kwargs=url_kwargs(name, dict(all_patterns())[name], world))
    for role in roles:
        response = client_for(None if role == "anonymous" else role).get(url)
        if response["Content-Type"].startswith("text/html"):
            yield url, role, response
