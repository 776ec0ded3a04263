"""Groups, sessions, notes and supervision, fed generated bad input through their pages.

The input comes from tests/strategies.py, and so do the checks: never a server error,
a refusal shows its errors and writes nothing, an acceptance writes and is audited.
"""

import datetime
import itertools

from django.utils import timezone
from hypothesis import Phase, event, given, settings
from hypothesis import strategies as st

from consumers.forms import clinicians_in
from consumers.models import Consumer, Goal, Program
from curriculum.models import HandoutVersion
from sessions_log import logbook, note_items, notes, structure
from sessions_log.models import Group, GroupMembership, ProgressNote, Session
from sessions_log.views.sessions import ROSTER_WINDOW
from tests.strategies import (
    DROP,
    FUZZ,
    Sent,
    any_text,
    bad,
    changed_tables,
    changes,
    checkbox,
    choice,
    date,
    days_ago,
    dropped,
    fingerprint,
    form_data,
    kept,
    last_event_id,
    not_numbers,
    number,
    object_id,
    odd,
    post_and_check,
    post_and_check_told,
    repeated,
    several,
    text,
    time_of_day,
    with_nul,
    writes_audited,
)
from tests.world import HARBOR_TEAM

NUMBERS = itertools.count(1)


def tuesday_group():
    return Group.objects.get(name="Tuesday morning group")


def program_ids(world):
    harbor = Program.objects.get(name=HARBOR_TEAM)
    return [world.northside.pk], [world.eastgate.pk, harbor.pk]


def staff_ids(world, program):
    inside = list(clinicians_in([program]).values_list("pk", flat=True))
    outside = [world.user(name).pk for name in ("jo.martin", "tom.reed", "coordinator")]
    return inside, outside


def group_fields(world):
    own, others = program_ids(world)
    inside, outside = staff_ids(world, world.northside)
    return {
        "program": object_id(own, others, required=True),
        "name": text(120, required=True),
        "facilitators": several(inside, outside, required=True),
        "weekday": choice(Group.Weekday.values, required=True),
        "starts_at": time_of_day(required=True),
        "length_minutes": number(15, 180, required=True),
        "place": text(200, required=True),
        "started_on": date(required=True),
        "initial-started_on": repeated(odd(any_text | with_nul)),
        "ended_on": date(),
    }


def group_data(world, **fields):
    return {
        "program": world.northside.pk,
        "name": f"Fuzz group {next(NUMBERS)}",
        "facilitators": [world.user("practitioner").pk],
        "weekday": "2",
        "starts_at": "14:00",
        "length_minutes": "60",
        "place": "Room 1",
        "started_on": days_ago(10),
    } | fields


@settings(FUZZ, max_examples=50)
@given(data=st.data())
def test_a_new_group_refuses_bad_input(world, client_for, data):
    sent = data.draw(changes(group_fields(world)))
    post_and_check(client_for("practitioner"), "/sessions/groups/new/", group_data(world), sent)


@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_editing_a_group_refuses_bad_input(world, client_for, data):
    group = Group.objects.get(pk=kept(world, "group", lambda: tuesday_group().pk))
    sent = data.draw(changes(group_fields(world)))
    baseline = group_data(
        world,
        weekday=str(group.weekday),
        starts_at=group.starts_at.strftime("%H:%M"),
        started_on=group.started_on.isoformat(),
        facilitators=list(group.facilitators.values_list("pk", flat=True)),
    )
    post_and_check(client_for("practitioner"), f"/sessions/groups/{group.pk}/edit/", baseline, sent)


def someone_to_add(world, group):
    """A person of the group's program who is not in it now (a new referral when none is)."""
    candidate = (
        Consumer.objects.filter(program=group.program, status=Consumer.Status.REFERRED)
        .exclude(group_memberships__group=group, group_memberships__left_on__isnull=True)
        .first()
    )
    if candidate is None:
        candidate = Consumer(
            program=group.program,
            record_number=f"FZ-{next(NUMBERS)}",
            preferred_name="Someone new",
            referral_source=Consumer.ReferralSource.SELF,
            referred_on=timezone.localdate() - datetime.timedelta(days=30),
        ).admit(by=world.user("practitioner"))
    return candidate


@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_adding_a_member_refuses_bad_input_and_other_programs_people(world, client_for, data):
    group = tuesday_group()
    elsewhere = kept(
        world,
        "elsewhere",
        lambda: sorted(
            Consumer.objects.exclude(program=group.program).values_list("pk", flat=True)
        ),
    )
    fields = {
        "consumer": object_id([], elsewhere, required=True),
        "joined_on": date(required=True, past_only=True),
    }
    sent = data.draw(changes(fields))
    baseline = {"consumer": someone_to_add(world, group).pk, "joined_on": days_ago(1)}
    post_and_check(
        client_for("practitioner"),
        f"/sessions/groups/{group.pk}/members/add/",
        baseline,
        sent,
        forms=lambda r: [r.context["add_form"]],
        refused_status=400,
    )


@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_leaving_a_group_refuses_bad_dates(world, client_for, data):
    group = tuesday_group()
    sent = data.draw(changes({"left_on": date(required=True, past_only=True)}))
    membership = group.memberships.filter(left_on__isnull=True).first()
    if membership is None:
        membership = GroupMembership.objects.create(
            group=group,
            consumer=someone_to_add(world, group),
            joined_on=timezone.localdate() - datetime.timedelta(days=20),
            added_by=world.user("practitioner"),
        )
    post_and_check_told(
        client_for("practitioner"),
        f"/sessions/groups/{group.pk}/members/{membership.pk}/leave/",
        {"left_on": days_ago(1)},
        sent,
    )


@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_supervision_refuses_bad_input_and_other_programs_people(world, client_for, data):
    own, others = program_ids(world)
    inside, outside = staff_ids(world, world.northside)
    in_program = Consumer.objects.filter(status__in=Consumer.IN_PROGRAM_STATUSES)
    fields = {
        "program": object_id(own, others, required=True),
        "kind": choice(["group", "individual"], required=True),
        "held_on": date(required=True, past_only=True),
        "length_minutes": number(5, 240, required=True),
        "attendees": several(inside, outside, required=True),
        "consumers_discussed": several(
            sorted(in_program.filter(program=world.northside).values_list("pk", flat=True)),
            sorted(in_program.exclude(program=world.northside).values_list("pk", flat=True)),
        ),
        "mini_training_topic": text(200),
        "notes": text(),
    }
    sent = data.draw(changes(fields))
    baseline = {
        "program": world.northside.pk,
        "kind": "group",
        "held_on": days_ago(1),
        "length_minutes": "60",
        "attendees": [world.user("practitioner").pk],
        "consumers_discussed": [world.consumer("RB-1001").pk],
        "notes": "Shaping homework",
    }
    discussed = sent.get("consumers_discussed")
    post_and_check(
        client_for("leader"),
        "/sessions/supervision/new/",
        baseline,
        sent,
        # The trail has one entry per person discussed: a meeting about nobody has none.
        audit_optional=discussed is not None and discussed.value in (DROP, []),
    )


def current_handouts(world):
    current = HandoutVersion.objects.current_for(world.northside.agency_id)
    return sorted(version.pk for version in current.values())


def session_fields(world, people, *, group=False):
    others = sorted(
        HandoutVersion.objects.exclude(pk__in=current_handouts(world)).values_list("pk", flat=True)
    )
    fields = {
        "held_on": date(required=True, past_only=True),
        "starts_at": time_of_day(),
        "length_minutes": number(5, 240, required=True),
        "place": choice(Session.Place.values, required=True),
        "topic": choice(["", *range(11)]),
        "topic_finished": checkbox(),
        "sections_taught": text(),
        "handouts": several(current_handouts(world), [*others, 10**9]),
        "steps_done": several([step.key for step in structure.STEPS]),
        **{f"attend_{p.pk}": choice(["present", "absent", "excused"]) for p in people},
    }
    if not group:
        fields["makeup_for"] = object_id([], [10**6])
    return fields


@settings(FUZZ, max_examples=50)
@given(data=st.data())
def test_logging_a_session_with_one_person_refuses_bad_input(world, client_for, data):
    alex = world.consumer("RB-1001")
    sent = data.draw(changes(session_fields(world, [alex])))
    baseline = {
        "held_on": days_ago(1),
        "length_minutes": "45",
        "place": "agency",
        "topic": "3",
        "steps_done": ["teach"],
        f"attend_{alex.pk}": "present",
    }
    post_and_check(client_for("practitioner"), f"/sessions/new/?consumer={alex.pk}", baseline, sent)


@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_logging_a_group_session_refuses_bad_input(world, client_for, data):
    group = tuesday_group()
    day = timezone.localdate() - datetime.timedelta(days=1)
    roster = kept(
        world, "roster", lambda: [m.consumer for m in group.roster(since=day - ROSTER_WINDOW)]
    )
    members = {m.consumer_id for m in group.members_on(day)}
    sent = data.draw(changes(session_fields(world, roster, group=True)))
    baseline = {
        "held_on": day.isoformat(),
        "length_minutes": "60",
        "place": "agency",
        "topic": "4",
        **{f"attend_{p.pk}": "present" for p in roster if p.pk in members},
    }
    post_and_check(client_for("practitioner"), f"/sessions/new/?group={group.pk}", baseline, sent)


@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_everyone_was_here_fills_the_form_again_whatever_was_sent(world, client_for, data):
    group = tuesday_group()
    roster = kept(world, "roster", lambda: [m.consumer for m in group.current_members()])
    sent = data.draw(changes(session_fields(world, roster, group=True)))
    before, since = fingerprint(), last_event_id()
    response = client_for("practitioner").post(
        f"/sessions/new/?group={group.pk}",
        form_data({"held_on": days_ago(1), "all_present": "1"}, sent),
    )
    assert response.status_code == 200
    assert response.context["form"].everyone_here
    assert not changed_tables(before, fingerprint()) and not writes_audited(since)


def a_session_with_notes(world):
    """An individual session Alex came to yesterday, logged the way the app logs one."""
    alex = world.consumer("RB-1001")
    session = Session(
        program=world.northside,
        kind=Session.Kind.INDIVIDUAL,
        held_on=timezone.localdate() - datetime.timedelta(days=1),
        length_minutes=45,
        topic=3,
        facilitator=world.user("practitioner"),
    )
    logbook.log_session(
        session, {alex: "present"}, handouts=[], topic_finished=False, by=session.facilitator
    )
    return session, alex


def note_fields(world, alex):
    own_goals = kept(
        world,
        "own goals",
        lambda: sorted(
            alex.goals.filter(status__in=Goal.OPEN_STATUSES).values_list("pk", flat=True)
        ),
    )
    others_goals = kept(
        world,
        "others goals",
        lambda: sorted(Goal.objects.exclude(consumer=alex).values_list("pk", flat=True)),
    )
    person = f"n{alex.pk}"
    return {
        "shared-motivational": several([key for key, _ in note_items.MOTIVATIONAL]),
        "shared-educational": several(range(1, 11), [0, 11, -1]),
        "shared-cognitive_behavioral": several([k for k, _ in note_items.COGNITIVE_BEHAVIORAL]),
        "shared-skill_coping": text(),
        f"{person}-supporter_present": checkbox(),
        f"{person}-problem_in_focus": text(),
        f"{person}-goal": object_id(own_goals, others_goals),
        f"{person}-goal_note": text(),
        f"{person}-homework_agreed": text(),
        f"{person}-consumer_perspective": text(),
        f"{person}-practitioner_perspective": text(),
        f"{person}-next_plan": text(),
        # The page sends back the revision it read: any whole number is a (perhaps stale)
        # revision; anything else is refused.
        f"{person}-revision": repeated(
            st.one_of(
                odd(st.integers(-5, 10).map(str)),
                odd(st.integers(2**31, 10**30).map(str)),
                bad(not_numbers),
                bad(with_nul),
                dropped(required=True),
            )
        ),
    }


def notes_baseline(session, alex):
    note = ProgressNote.objects.filter(session=session, consumer=alex).first()
    return {
        "shared-motivational": ["hope"],
        "shared-educational": ["3"],
        f"n{alex.pk}-revision": str(note.revision if note else 0),
        f"n{alex.pk}-next_plan": f"Review the homework ({next(NUMBERS)})",
    }


@settings(FUZZ, max_examples=50)
@given(data=st.data())
def test_the_notes_page_refuses_bad_input(world, client_for, data):
    session, alex = kept(world, "session", lambda: a_session_with_notes(world))
    sent = data.draw(changes(note_fields(world, alex)))
    post_and_check(
        client_for("practitioner"),
        f"/sessions/{session.pk}/notes/",
        notes_baseline(session, alex),
        sent,
        forms=lambda r: [r.context["shared"]] + [row["form"] for row in r.context["rows"]],
        # A stale revision is a conflict: the page comes back with no error but a warning.
        refused_without_errors=lambda r: any(row["conflict"] for row in r.context["rows"]),
    )


@settings(FUZZ, max_examples=50)
@given(data=st.data())
def test_the_autosave_answers_json_and_saves_only_what_it_says(world, client_for, data):
    session, alex = kept(world, "session", lambda: a_session_with_notes(world))
    sent = data.draw(changes(note_fields(world, alex)))
    before, since = fingerprint(), last_event_id()
    note_before = ProgressNote.objects.filter(session=session, consumer=alex).first()
    response = client_for("practitioner").post(
        f"/sessions/{session.pk}/notes/autosave/", form_data(notes_baseline(session, alex), sent)
    )
    assert response.status_code == 200
    body = response.json()
    written = changed_tables(before, fingerprint())
    if alex.pk in body["saved"]:
        event("saved")
        assert not any(value.bad for value in sent.values())
        note = ProgressNote.objects.get(session=session, consumer=alex)
        assert note.revision == (note_before.revision + 1 if note_before else 1)
        assert body["revisions"][f"n{alex.pk}-revision"] == note.revision
        assert writes_audited(since)
    else:
        event("waiting" if body["waiting"] else "conflict")
        assert body["waiting"] or body["conflicts"] == [alex.pk]
        if any(value.bad for value in sent.values()):
            assert body["waiting"], "refused a bad value without saying the note waits"
        assert not written and not writes_audited(since)


@settings(FUZZ, max_examples=30)
@given(
    body=st.one_of(st.binary(max_size=200), any_text.map(str.encode), st.just(b"{")),
    content_type=st.sampled_from(
        [
            "application/json",
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ]
    ),
    with_a_draft=st.booleans(),
)
def test_the_autosave_saves_nothing_from_a_body_it_cannot_read(
    world, client_for, body, content_type, with_a_draft
):
    if with_a_draft:
        session, _ = a_session_with_a_draft(world)
    else:
        session, _ = a_session_with_notes(world)
    before, since = fingerprint(), last_event_id()
    response = client_for("practitioner").post(
        f"/sessions/{session.pk}/notes/autosave/", body, content_type=content_type
    )
    assert response.status_code < 500
    assert not changed_tables(before, fingerprint()) and not writes_audited(since)


def a_session_with_a_draft(world):
    session, alex = a_session_with_notes(world)
    notes.save_draft(session, alex, {"next_plan": "Review"}, revision=0, by=session.facilitator)
    return session, alex


def a_signed_note(world):
    session, alex = a_session_with_a_draft(world)
    notes.sign_drafts(session, session.facilitator)
    return ProgressNote.objects.get(session=session, consumer=alex)


@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_an_addendum_refuses_bad_input(world, client_for, data):
    note = kept(world, "signed", lambda: a_signed_note(world))
    sent = data.draw(changes({"text": text(5000, required=True)}))
    post_and_check_told(
        client_for("practitioner"),
        f"/sessions/notes/{note.pk}/addendum/",
        {"text": f"Correction {next(NUMBERS)}: the homework was agreed for Monday."},
        sent,
    )


@settings(FUZZ, max_examples=30)
@given(password=st.one_of(any_text, with_nul, st.just("imr-demo\x00")))
def test_signing_with_any_wrong_password_signs_nothing(world, client_for, password):
    session, _ = kept(world, "drafted", lambda: a_session_with_a_draft(world))
    post_and_check_told(
        client_for("practitioner"),
        f"/sessions/{session.pk}/notes/sign/",
        {},
        {"password": Sent(password, bad=True)},
    )


@settings(FUZZ, max_examples=30)
@given(data=st.data())
def test_the_session_kit_refuses_bad_input(world, client_for, data):
    group = tuesday_group()
    topics = sorted(HandoutVersion.objects.current_for(group.program.agency_id))
    fields = {"kit-on": date(required=True), "kit-topic": choice(topics, required=True)}
    sent = data.draw(changes(fields))
    query = form_data({"kit-on": days_ago(0), "kit-topic": "0"}, sent)
    before = fingerprint()
    response = client_for("practitioner").get(f"/sessions/groups/{group.pk}/kit.pdf", query)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.context["kit_form"].errors
    else:
        assert not any(value.bad for value in sent.values())
        assert response["Content-Type"] == "application/pdf"
    assert fingerprint() == before


@settings(FUZZ, max_examples=20)
@given(data=st.data())
def test_printing_a_persons_notes_refuses_bad_dates(world, client_for, data):
    alex = world.consumer("RB-1001")
    sent = data.draw(changes({"date_from": date(), "date_to": date(required=True)}))
    if "date_from" in sent and sent["date_from"].value is DROP:
        # Without a first day the page prints the last 90 days, whatever else was sent.
        sent = {name: Sent(value.value, bad=False) for name, value in sent.items()}
    query = form_data({"date_from": days_ago(30), "date_to": days_ago(0)}, sent)
    client = client_for("practitioner")
    before, since = fingerprint(), last_event_id()
    response = client.get(f"/sessions/people/{alex.pk}/notes/pdf/", query)
    assert not changed_tables(before, fingerprint()) and not writes_audited(since)
    if response.status_code == 302:
        event("refused")
        assert sent, "the valid baseline was refused"
        page = client.get(response["Location"]).content.decode()
        assert "Choose the first and last day of the notes to print." in page
    else:
        event("printed")
        assert not any(value.bad for value in sent.values())
        assert response["Content-Type"] == "application/pdf"


@settings(FUZZ, max_examples=10, phases=[Phase.explicit, Phase.generate])
@given(
    name=st.sampled_from(["group", "consumer"]),
    digits=st.text(st.sampled_from("¹²³⁴⁵⁶⁷⁸⁹⁰"), min_size=1, max_size=3),
)
def test_a_session_with_a_digit_that_is_no_number_asks_whom_it_is_with(
    world, client_for, name, digits
):
    response = client_for("practitioner").get("/sessions/new/", {name: digits})
    assert response.status_code == 200
