"""A practitioner's to-do list, rule by rule, against hand-made histories with turnover:
people who left, were reassigned or are someone else's never count."""

import datetime

import pytest
from django.utils import timezone

from consumers.models import Consumer, KnowledgeSkillsInventory, Supporter, SupporterContact
from sessions_log import notes
from sessions_log import todo as sessions_todo
from sessions_log.models import Appointment
from tests import builders
from tests.dates import days_ago

pytestmark = pytest.mark.usefixtures("frozen_today")

PRESENT = builders.PRESENT


def entries_of(world, username="practitioner"):
    found = sessions_todo.for_practitioner(world.user(username), timezone.localdate())
    return {entry.key: entry for entry in found}


def labels(entry):
    return [label for label, _, _ in entry.rows]


def newcomer(world, number, name, *, by="practitioner", active=True, referred=60):
    person = builders.person(
        world.northside,
        number,
        name,
        by=world.user(by),
        referred_on=days_ago(referred),
        assigned_practitioner=world.user(by),
    )
    if active:
        person.change_status(
            Consumer.Status.ORIENTATION, on=days_ago(referred - 2), by=person.assigned_practitioner
        )
    return person


def seen(world, person, *, ago, by="practitioner"):
    return builders.logged_session(
        world.northside, {person: PRESENT}, by=world.user(by), held_on=days_ago(ago)
    )


def test_a_draft_is_to_sign_and_after_the_allowed_days_overdue(world):
    marcus = world.user("practitioner")
    bea = world.consumer("RB-1002")
    builders.note(seen(world, bea, ago=1), bea, by=marcus, signed=False)
    builders.note(seen(world, bea, ago=10), bea, by=marcus, signed=False)
    found = entries_of(world)
    assert labels(found["drafts"]) == [f"{days_ago(1):%Y-%m-%d}, Individual session: 1 draft"]
    assert labels(found["drafts_overdue"]) == [
        f"{days_ago(10):%Y-%m-%d}, Individual session: 1 draft"
    ]


def test_a_signed_draft_leaves_the_list(world):
    marcus = world.user("practitioner")
    bea = world.consumer("RB-1002")
    session = seen(world, bea, ago=1)
    builders.note(session, bea, by=marcus, signed=False)
    assert entries_of(world)["drafts"].count == 1
    notes.sign_drafts(session, marcus)
    assert entries_of(world)["drafts"].count == 0


def test_someone_present_with_no_note_is_a_note_not_written(world):
    bea = world.consumer("RB-1002")
    session = seen(world, bea, ago=2)
    unwritten = entries_of(world)["unwritten"]
    assert unwritten.count == 1
    assert unwritten.rows[0][1] == f"/sessions/{session.pk}/notes/"


def test_a_colleagues_session_is_on_their_list_not_mine(world):
    chris = world.consumer("RB-1003")
    seen(world, chris, ago=2, by="priya.nair")
    assert entries_of(world)["unwritten"].count == 0
    assert entries_of(world, "priya.nair")["unwritten"].count == 1


def test_a_group_i_facilitate_counts_though_a_colleague_logged_it(world):
    tuesday = builders.northside_group()
    held_on = days_ago(6)
    builders.logged_session(
        world.northside,
        {m.consumer: PRESENT for m in tuesday.members_on(held_on)},
        by=world.user("priya.nair"),
        held_on=held_on,
        group=tuesday,
        topic=8,
    )
    (row,) = entries_of(world)["unwritten"].rows
    assert row[0] == f"{held_on:%Y-%m-%d}, Tuesday morning group: 3 notes"


def test_the_scale_due_and_overdue_follow_the_charts_rule(world):
    found = entries_of(world)
    # Alex finished topic 3 weeks ago and only the client version is in (tests/world.py).
    assert labels(found["scales_overdue"]) == [
        "Alex Moreno: After topic 3, clinician version missing"
    ]
    assert found["scales_due"].count == 0
    newcomer(world, "RB-1901", "Nia Fresh", referred=10)
    assert labels(entries_of(world)["scales_due"]) == [
        "Nia Fresh: Baseline (before topic 1), both versions missing"
    ]


def test_goals_not_reviewed_in_30_days_are_listed_for_people_taking_part(world):
    found = entries_of(world)
    assert "Alex Moreno" in labels(found["goals"])
    assert found["goals"].rows[0][1].endswith("#goals")


def test_a_referral_waiting_more_than_14_days_is_listed(world):
    assert labels(entries_of(world)["referrals"]) == ["Dee Patel"]
    newcomer(world, "RB-1902", "Recent Referral", active=False, referred=3)
    assert labels(entries_of(world)["referrals"]) == ["Dee Patel"]


def test_someone_discharged_or_reassigned_never_counts(world):
    marcus = world.user("practitioner")
    alex = world.consumer("RB-1001")
    dee = world.consumer("RB-1004")
    dee.change_status(
        Consumer.Status.DISCHARGED,
        on=days_ago(1),
        by=marcus,
        discharge_reason=Consumer.DischargeReason.NEVER_STARTED,
    )
    Consumer.objects.filter(pk=alex.pk).update(assigned_practitioner=world.user("priya.nair"))
    found = entries_of(world)
    everyone = {c.pk for entry in found.values() for _, _, c in entry.rows if c}
    assert alex.pk not in everyone and dee.pk not in everyone
    assert "Alex Moreno" in labels(entries_of(world, "priya.nair")["goals"])


def test_no_inventory_after_the_third_session(world):
    marcus = world.user("practitioner")
    nia = newcomer(world, "RB-1903", "Nia Three")
    done = newcomer(world, "RB-1904", "Omar Done")
    for ago in (20, 13, 6):
        for person in (nia, done):
            builders.note(seen(world, person, ago=ago), person, by=marcus)
    KnowledgeSkillsInventory.objects.create(
        consumer=done, completed_on=days_ago(13), answers={}, recorded_by=marcus
    )
    assert labels(entries_of(world)["inventory"]) == ["Nia Three"]


def test_two_sessions_are_not_yet_late_for_the_inventory(world):
    marcus = world.user("practitioner")
    nia = newcomer(world, "RB-1905", "Nia Two")
    for ago in (13, 6):
        builders.note(seen(world, nia, ago=ago), nia, by=marcus)
    assert entries_of(world)["inventory"].count == 0


def test_homework_agreed_is_to_follow_up_until_a_later_note_does(world):
    marcus = world.user("practitioner")
    bea = world.consumer("RB-1002")
    first = seen(world, bea, ago=8)
    builders.note(first, bea, by=marcus, signed=False, homework_agreed="Walk to the shop twice")
    notes.sign_drafts(first, marcus)
    assert labels(entries_of(world)["homework"]) == [f"Bea Thompson: agreed {days_ago(8):%Y-%m-%d}"]
    later = seen(world, bea, ago=1)
    builders.note(
        later,
        bea,
        by=marcus,
        signed=False,
        followed_homework=bea.homework.get(),
        homework_outcome="done",
    )
    notes.sign_drafts(later, marcus)
    assert entries_of(world)["homework"].count == 0


def test_a_consenting_supporter_with_no_contact_this_month(world):
    marcus = world.user("practitioner")
    bea = world.consumer("RB-1002")
    # Bea's sister was phoned 12 days ago, this month (tests/world.py): not listed.
    assert entries_of(world)["supporters"].count == 0
    aunt = builders.supporter(
        bea, "Aunt May", Supporter.Relationship.RELATIVE, consent_given_on=days_ago(40)
    )
    builders.supporter(
        bea,
        "Old friend",
        Supporter.Relationship.FRIEND,
        consent_given_on=days_ago(90),
        consent_withdrawn_on=days_ago(30),
    )
    SupporterContact.objects.create(
        supporter=aunt, contacted_on=days_ago(40), mode="phone", recorded_by=marcus
    )
    assert labels(entries_of(world)["supporters"]) == ["Bea Thompson: 1 supporter"]
    first_of_month = timezone.localdate().replace(day=1)
    SupporterContact.objects.create(
        supporter=aunt, contacted_on=first_of_month, mode="phone", recorded_by=marcus
    )
    assert entries_of(world)["supporters"].count == 0


def test_the_week_lists_the_sessions_still_to_come(world, client_for):
    practitioner, alex = world.user("practitioner"), world.consumer("RB-1001")
    today = timezone.localdate()  # frozen: Wednesday 25 November 2026
    assert today.isoformat() == "2026-11-25"

    def book(on, hour, **repeating):
        return Appointment.objects.create(
            consumer=alex,
            practitioner=practitioner,
            on=on,
            starts_at=datetime.time(hour, 30),
            created_by=practitioner,
            **repeating,
        )

    book(today + datetime.timedelta(days=2), 14)
    weekly = book(today - datetime.timedelta(days=7), 9, repeat="weekly", until=days_ago(-30))
    book(today + datetime.timedelta(days=7), 11)  # next week: not on this week's list
    book(today - datetime.timedelta(days=1), 10)  # yesterday's: gone from the list

    week = sessions_todo.this_week(practitioner, today)

    # The Tuesday group met yesterday; no name is shown for an individual session.
    assert [label for label, _ in week] == [
        "Today 09:30 · Individual session",
        "Friday 14:30 · Individual session",
    ]
    assert week[0][1] == f"/sessions/new/?consumer={alex.pk}&on=2026-11-25&at=09%3A30&minutes=45"
    assert week[1][1] == "/sessions/week/?day=2026-11-27"
    weekly.cancelled_from = today
    weekly.save(update_fields=["cancelled_from"])
    assert len(sessions_todo.this_week(practitioner, today)) == 1
    home = client_for("practitioner").get("/").content.decode()
    assert "Friday 14:30 · Individual session" in home


def test_the_list_takes_the_same_queries_for_a_larger_caseload(
    world, django_assert_max_num_queries
):
    marcus = world.user("practitioner")
    today = timezone.localdate()

    def add_people(start, count):
        for n in range(start, start + count):
            person = newcomer(world, f"RB-8{n:03d}", f"Person {n:03d}")
            session = seen(world, person, ago=n % 9 + 1)
            builders.note(session, person, by=marcus, signed=False, homework_agreed="Read")
            if n % 2:
                notes.sign_drafts(session, marcus)
            builders.supporter(
                person, "A friend", Supporter.Relationship.FRIEND, consent_given_on=days_ago(30)
            )

    add_people(0, 3)
    with django_assert_max_num_queries(5) as small:
        sessions_todo.for_practitioner(marcus, today)
    add_people(3, 12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        grown = sessions_todo.for_practitioner(marcus, today)
    assert {e.key: e.count for e in grown}["supporters"] == 15
