"""An IMR leader's to-do list on the home page, rule by rule, against hand-made histories
with turnover: people and staff who left never count."""

import datetime

import pytest
from django.utils import timezone

from consumers.models import Consumer, Membership
from fidelity import estimates, periods
from fidelity import todo as fidelity_todo
from sessions_log import notes
from sessions_log import todo as team_todo
from sessions_log.models import SupervisionMeeting
from tests import builders
from tests.dates import days_ago

pytestmark = pytest.mark.usefixtures("frozen_today")

PRESENT = builders.PRESENT


def entries_of(world, username="leader"):
    program_ids = [world.northside.pk] if username == "leader" else [world.eastgate.pk]
    found = fidelity_todo.for_leader(world.user(username), program_ids, timezone.localdate())
    return {entry.key: entry for entry in found}


def labels(entry):
    return [label for label, _, _ in entry.rows]


def seen(world, person, *, ago, by="practitioner"):
    return builders.logged_session(
        world.northside, {person: PRESENT}, by=world.user(by), held_on=days_ago(ago)
    )


def test_notes_waiting_for_co_signature_give_the_count_and_the_oldest(world):
    marcus = world.user("practitioner")
    bea = world.consumer("RB-1002")
    for ago in (9, 2):
        builders.note(seen(world, bea, ago=ago), bea, by=marcus)
    cosign = entries_of(world)["cosign"]
    assert cosign.count == 2
    # Signed today, both: the oldest signature is today's.
    assert labels(cosign) == [f"2 notes, the oldest signed {timezone.localdate():%Y-%m-%d}"]
    notes.cosign(notes.awaiting_cosignature(by=world.user("leader")), world.user("leader"))
    assert entries_of(world)["cosign"].count == 0


def test_another_teams_notes_are_not_the_leaders_to_co_sign(world):
    jo = world.user("jo.martin")
    hana = world.consumer("RB-2002")
    session = builders.logged_session(world.eastgate, {hana: PRESENT}, by=jo, held_on=days_ago(2))
    builders.note(session, hana, by=jo)
    assert entries_of(world)["cosign"].count == 0
    assert entries_of(world, "lena.hart")["cosign"].count == 1


def test_the_teams_overdue_notes_count_late_drafts_and_notes_never_written(world):
    marcus = world.user("practitioner")
    bea, alex = world.consumer("RB-1002"), world.consumer("RB-1001")
    builders.note(seen(world, bea, ago=10), bea, by=marcus, signed=False)
    seen(world, alex, ago=12)
    builders.note(seen(world, bea, ago=1), bea, by=marcus, signed=False)  # not late yet
    overdue = entries_of(world)["team_overdue"]
    assert overdue.count == 2
    assert labels(overdue) == ["Northside IMR team: 1 draft not signed, 1 not written"]


def test_items_estimated_below_4_link_to_their_page(world):
    marcus = world.user("practitioner")
    bea = world.consumer("RB-1002")
    builders.note(seen(world, bea, ago=20), bea, by=marcus)
    period = periods.default_period(timezone.localdate())
    estimate = estimates.for_program(world.northside, period)
    low = [e for e in estimate.items if e.rating is not None and e.rating < 4]
    assert low, "the history should lower at least one item"
    entry = entries_of(world)["items_low"]
    assert entry.count == len(low)
    for (label, url, _), e in zip(entry.rows, low, strict=False):
        assert label.startswith(f"Northside IMR team: item {e.number}, ")
        assert url.startswith(f"/fidelity/programs/{world.northside.pk}/items/{e.number}/?start=")


def test_each_complete_week_without_group_supervision_is_listed(world):
    leader = world.user("leader")
    mondays = team_todo.weeks_checked(timezone.localdate())
    assert len(mondays) == team_todo.SUPERVISION_WEEKS_CHECKED
    for monday in mondays[1:]:
        meeting = SupervisionMeeting.objects.create(
            program=world.northside,
            held_on=monday + datetime.timedelta(days=3),
            led_by=leader,
            created_by=leader,
        )
        meeting.attendees.set([leader])
    # One practitioner's supervision is not the team's.
    SupervisionMeeting.objects.create(
        program=world.northside,
        kind=SupervisionMeeting.Kind.INDIVIDUAL,
        held_on=mondays[0],
        led_by=leader,
        created_by=leader,
    )
    assert labels(entries_of(world)["supervision"]) == [
        f"Northside IMR team: the week of {mondays[0]:%Y-%m-%d}"
    ]


def test_weeks_before_the_program_began_are_not_missed(world):
    mondays = team_todo.weeks_checked(timezone.localdate())
    world.northside.started_on = mondays[-1]
    world.northside.save(update_fields=["started_on"])
    assert labels(entries_of(world)["supervision"]) == [
        f"Northside IMR team: the week of {mondays[-1]:%Y-%m-%d}"
    ]


def test_the_team_size_is_checked_against_3_to_8(world):
    assert entries_of(world)["team_size"].count == 0  # Marcus, Priya and Sam
    Membership.objects.filter(program=world.northside, user__username="sam.okafor").delete()
    assert labels(entries_of(world)["team_size"]) == ["Northside IMR team: 2 practitioners"]


def test_a_first_year_practitioner_seeing_more_than_4_on_their_own(world):
    marcus = world.user("practitioner")
    people = [
        builders.person(
            world.northside, f"RB-77{n}", f"Seen {n}", by=marcus, referred_on=days_ago(60)
        )
        for n in range(5)
    ]
    for person in people:
        person.change_status(Consumer.Status.ORIENTATION, on=days_ago(50), by=marcus)
        seen(world, person, ago=10)
    assert labels(entries_of(world)["first_year"]) == [
        "Marcus Reyes (Northside IMR team): 5 people seen on their own"
    ]
    # Someone who has since left no longer counts: 4 is within the guidance.
    people[0].change_status(
        Consumer.Status.DISCHARGED,
        on=days_ago(1),
        by=marcus,
        discharge_reason=Consumer.DischargeReason.MOVED,
    )
    assert entries_of(world)["first_year"].count == 0


def test_people_seen_long_ago_or_by_a_seasoned_practitioner_do_not_count(world):
    marcus = world.user("practitioner")
    for n in range(5):
        person = builders.person(
            world.northside, f"RB-78{n}", f"Long ago {n}", by=marcus, referred_on=days_ago(200)
        )
        person.change_status(Consumer.Status.ORIENTATION, on=days_ago(190), by=marcus)
        seen(world, person, ago=team_todo.SEEN_WITHIN_DAYS + 5)
        seen(world, person, ago=3, by="sam.okafor")
    # Sam joined the team more than a year ago.
    Membership.objects.filter(user__username="sam.okafor").update(
        created_at=timezone.now() - datetime.timedelta(days=400)
    )
    assert entries_of(world)["first_year"].count == 0


def test_groups_over_8_members_are_listed(world):
    tuesday = builders.northside_group()
    builders.add_members(tuesday, 6)
    assert labels(entries_of(world)["groups"]) == ["Tuesday morning group (9 members)"]


def test_the_list_takes_the_same_queries_as_the_team_grows(world, django_assert_max_num_queries):
    leader = world.user("leader")
    today = timezone.localdate()
    tuesday = builders.northside_group()

    def grow(start, count):
        marcus = world.user("practitioner")
        for n in range(start, start + count):
            person = builders.person(world.northside, f"RB-6{n:03d}", f"Grown {n}", by=marcus)
            person.change_status(Consumer.Status.ORIENTATION, on=days_ago(50), by=marcus)
            builders.join(tuesday, person, on=days_ago(40), by=marcus)
            builders.note(seen(world, person, ago=n % 12 + 1), person, by=marcus, signed=n % 3 == 0)

    fidelity_todo.for_leader(leader, [world.northside.pk], today)  # the estimates kept
    grow(0, 2)
    with django_assert_max_num_queries(8) as small:
        fidelity_todo.for_leader(leader, [world.northside.pk], today)
    grow(2, 12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        fidelity_todo.for_leader(leader, [world.northside.pk], today)
