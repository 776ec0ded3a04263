"""The GOI estimated live (fidelity/goi_estimates.py): small programs with a known past.

Each test builds a fresh program (History, tests/builders/estimates.py) and the
evidence one item reads, then checks the rating, the figures and the drill-down.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consumers.models import (
    Goal,
    GoalReview,
    ImrScaleAdministration,
    KnowledgeSkillsInventory,
    Membership,
    Role,
    TopicProgress,
)
from fidelity import goi_estimates
from fidelity.models import EligiblePopulation, ProgramMeeting, Review, TrainingRecord
from fidelity.periods import Period
from sessions_log.models import SupervisionMeeting
from tests import builders
from tests.builders.estimates import History

pytestmark = pytest.mark.usefixtures("frozen_today")

Timepoint = ImrScaleAdministration.Timepoint


def rated(h, number, period=None):
    item = goi_estimates.for_program(h.program, period or h.period).item(number)
    return item.rating, item.met, item.counted


def served(h, *names):
    people = h.people(*names)
    h.session(people, 60, group=True)
    return people


def inventory(h, person, before_end):
    KnowledgeSkillsInventory.objects.create(
        consumer=person, completed_on=h.day(before_end), recorded_by=h.by
    )


def completed(h, person, topic, before_end):
    TopicProgress.objects.create(
        consumer=person,
        topic=topic,
        status=TopicProgress.Status.COMPLETED,
        started_on=h.day(before_end + 20),
        completed_on=h.day(before_end),
        updated_by=h.by,
    )


def review(goal, h, before_end):
    GoalReview.objects.create(
        goal=goal,
        reviewed_on=h.day(before_end),
        progress="Walking twice a week",
        status=Goal.Status.ACTIVE,
        reviewed_by=h.by,
    )


_staff = iter(range(1, 10_000))


def practitioner(h, joined_before_end=400):
    n = next(_staff)
    user = builders.staff_member(f"goi-p{n}", "Pat", f"Goi{n:04d}", password="imr-demo")
    builders.grant(user, Role.PRACTITIONER, program=h.program)
    joined = datetime.datetime.combine(h.day(joined_before_end), datetime.time(12), datetime.UTC)
    Membership.objects.filter(user=user).update(created_at=joined)
    return user


def trained(h, user, before_end, *, refresher=False):
    TrainingRecord.objects.create(
        program=h.program,
        staff_member=user,
        part=TrainingRecord.Part.INTRODUCTION,
        trained_on=h.day(before_end),
        trainer="State IMR trainer",
        refresher=refresher,
        recorded_by=h.by,
    )


# G1, G2, G12


def test_items_without_evidence_in_the_logs_are_rated_at_review(world):
    h = History(world)
    served(h, "Ann")
    estimate = goi_estimates.for_program(h.program, h.period)
    for number in ("G1", "G2", "G12"):
        item = estimate.item(number)
        assert (item.rating, item.reason, item.at_review) == (None, "rated at review", True)
    assert [e.number for e in estimate.items] == [f"G{n}" for n in range(1, 13)]
    assert estimate.score.rated < 12 and estimate.score.band == ""


# G3 penetration


@pytest.mark.parametrize(
    ("served", "eligible", "rating"),
    [
        (0, 100, 1),
        (20, 100, 1),
        (21, 100, 2),
        (40, 100, 2),
        (41, 100, 3),
        (60, 100, 3),
        (61, 100, 4),
        (80, 100, 4),
        (81, 100, 5),
        (100, 100, 5),
        # On the exact share: 20.5% is more than 20%, 80.5% more than 80%.
        (41, 200, 2),
        (161, 200, 5),
        (160, 200, 4),
        (121, 200, 4),
    ],
)
def test_penetration_takes_the_published_20_percent_bands(served, eligible, rating):
    assert goi_estimates.rating_for_penetration(served, eligible) == rating


def test_penetration_shows_the_percentage_rounded_up_into_its_band():
    assert goi_estimates.percent_up(161, 200) == 81  # 80.5%, a 5: more than 80
    assert goi_estimates.percent_up(160, 200) == 80  # a 4
    assert goi_estimates.percent_up(41, 200) == 21  # 20.5%, a 2


def test_penetration_is_the_people_served_over_the_eligible_recorded(world):
    h = History(world)
    assert rated(h, "G3") == (None, None, None)
    served(h, "Ann", "Ben")
    # An older count, and the latest one overlapping the period: the latest is read.
    for start, end, eligible in ((400, 200, 5), (200, 0, 10)):
        EligiblePopulation.objects.create(
            program=h.program,
            period_start=h.day(start),
            period_end=h.day(end),
            eligible=eligible,
            recorded_by=h.by,
        )
    assert rated(h, "G3") == (1, 2, 10)  # 20%: a 1
    EligiblePopulation.objects.filter(eligible=10).update(eligible=9)
    item = goi_estimates.for_program(h.program, h.period).item("G3")
    assert (item.rating, item.met, item.counted) == (2, 2, 9)  # 22.2%: a 2
    assert item.figures.startswith("2 of 9 eligible people served (23%;")
    # A count recorded for a period after this one is not read.
    assert rated(h, "G3", Period(h.day(600), h.day(500))) == (None, None, None)
    EligiblePopulation.objects.filter(eligible=9).update(eligible=1)
    item = goi_estimates.for_program(h.program, h.period).item("G3")
    assert item.rating == 5 and "check the count" in item.figures


# G4 assessment


def test_assessment_needs_the_inventory_a_baseline_and_the_scale_on_its_schedule(world):
    h = History(world)
    ann, ben, cal, dot = served(h, "Ann", "Ben", "Cal", "Dot")
    for person in (ann, ben, cal, dot):
        h.scale(person, 300, timepoint=Timepoint.BASELINE)
    for person in (ann, cal, dot):
        inventory(h, person, 250)
    # Cal finished topic 3 and was not given the scale after it; Dot was.
    completed(h, cal, 3, 90)
    completed(h, dot, 3, 90)
    h.scale(dot, 80, timepoint=Timepoint.AFTER_3)
    # An inventory after the period does not count.
    inventory(h, ben, -2)
    assert rated(h, "G4") == (3, 2, 4)  # 50%
    names = [p.preferred_name for p in goi_estimates.people_lowering(h.program, h.period, "G4")]
    assert names == ["Ben", "Cal"]


# G5 individualized plan


def test_plan_needs_a_goal_linked_to_the_treatment_plan_reviewed_in_three_months(world):
    h = History(world)
    ann, ben, cal, dot, eve, fay = served(h, "Ann", "Ben", "Cal", "Dot", "Eve", "Fay")
    review(h.goal(ann, 200), h, 30)
    h.goal(ben, 200)  # never reviewed
    review(h.goal(ben, 300), h, 95)  # reviewed more than 3 months before the end
    h.goal(cal, 40)  # set in the last 3 months
    review(h.goal(dot, 200, link=""), h, 10)  # not linked to the treatment plan
    review(h.goal(eve, 200, status=Goal.Status.DROPPED), h, 10)
    parent = h.goal(fay, 300)
    short = builders.goal(
        fay,
        by=h.by,
        description="Walk to the shop",
        set_on=h.day(200),
        parent=parent,
        measure="Twice a week",
    )
    review(short, h, 5)
    assert rated(h, "G5") == (3, 3, 6)
    names = [p.preferred_name for p in goi_estimates.people_lowering(h.program, h.period, "G5")]
    assert names == ["Ben", "Dot", "Eve"]


# G6 individualized treatment


def test_treatment_counts_signed_notes_naming_the_persons_goal(world):
    h = History(world)
    ann, ben = h.people("Ann", "Ben")
    goal = h.goal(ann, 200)
    session = h.session([ann, ben], 30, group=True)
    h.note(session, ann, goal=goal, goal_note="Walked twice")
    h.note(session, ben)
    later = h.session([ann], 10, group=False)
    h.note(later, ann, signed=False)  # a draft is not counted
    assert rated(h, "G6") == (3, 1, 2)
    lowering = list(goi_estimates.notes_lowering(h.program, h.period))
    assert [n.consumer.preferred_name for n in lowering] == ["Ben"]


# G7 training


def test_training_counts_practitioners_trained_before_they_first_saw_someone(world):
    h = History(world)
    ann = h.person("Ann")
    on_time, late, never, not_yet = (practitioner(h) for _ in range(4))
    trained(h, on_time, 100)
    trained(h, late, 20)
    trained(h, not_yet, 10)
    h.session([ann], 50, by=on_time)
    h.session([ann], 30, by=late)
    h.session([ann], 40, by=never)
    # not_yet led no session anyone came to: not counted.
    assert rated(h, "G7") == (2, 1, 3)  # 33%
    members = list(goi_estimates.practitioners([h.program], h.period))
    assert [goi_estimates.trained_in_time(m) for m in members if m.first_seen] == [
        True,
        False,
        False,
    ]


def test_training_rated_5_only_with_a_refresher_in_the_last_year(world):
    h = History(world)
    ann = h.person("Ann")
    old, new = practitioner(h, 900), practitioner(h, 100)
    trained(h, old, 800)
    trained(h, new, 90)
    h.session([ann], 50, by=old)
    h.session([ann], 40, by=new)
    item = goi_estimates.for_program(h.program, h.period).item("G7")
    assert (item.rating, item.met, item.counted) == (4, 2, 2)
    assert "1 with no training or refresher in the last year" in item.figures
    trained(h, old, 200, refresher=True)
    assert rated(h, "G7") == (5, 2, 2)


def test_training_cannot_be_estimated_before_anyone_was_seen(world):
    h = History(world)
    practitioner(h)
    item = goi_estimates.for_program(h.program, h.period).item("G7")
    assert (item.rating, item.reason) == (None, "no practitioners who saw someone")


# G8 supervision


def supervision(h, day, attendees):
    meeting = SupervisionMeeting.objects.create(
        program=h.program, held_on=day, led_by=h.by, created_by=h.by
    )
    meeting.attendees.set(attendees)
    return meeting


def test_supervision_counts_the_weeks_each_practitioner_came(world):
    h = History(world, period_days=28)
    first_monday = h.period.start + datetime.timedelta(days=(7 - h.period.start.weekday()) % 7)
    weeks = goi_estimates.weeks_in(h.period)
    assert weeks[0] == first_monday and len(weeks) in (3, 4)
    ann, bob = practitioner(h), practitioner(h)
    for monday in weeks:
        supervision(h, monday + datetime.timedelta(days=2), [ann])
    # Bob came once; a second meeting the same week counts that week once.
    supervision(h, weeks[0] + datetime.timedelta(days=3), [ann, bob])
    item = goi_estimates.for_program(h.program, h.period).item("G8")
    n = len(weeks)
    assert (item.met, item.counted) == (n + 1, 2 * n)
    assert item.rating == goi_estimates.rating_for_supervision(n + 1, 2 * n)
    assert item.figures.startswith(f"Group supervision held in {n} of {n} weeks")
    # Individual supervision is not group supervision.
    SupervisionMeeting.objects.update(kind=SupervisionMeeting.Kind.INDIVIDUAL)
    assert rated(h, "G8") == (1, 0, 2 * n)


@pytest.mark.parametrize(
    ("attended", "weeks", "rating"),
    [(9, 10, 5), (8, 10, 4), (45, 100, 4), (44, 100, 3), (20, 100, 3), (19, 100, 2), (0, 10, 1)],
)
def test_supervision_bands(attended, weeks, rating):
    assert goi_estimates.rating_for_supervision(attended, weeks) == rating


def test_supervision_counts_weeks_from_when_the_practitioner_joined(world):
    h = History(world, period_days=70)
    weeks = goi_estimates.weeks_in(h.period)
    newcomer = practitioner(h, joined_before_end=(h.end - weeks[-2]).days)
    for monday in weeks[-2:]:
        supervision(h, monday, [newcomer])
    assert rated(h, "G8") == (5, 2, 2)


# G9 process monitoring


def final_review(h, before_end):
    return Review.objects.create(
        program=h.program,
        period_start=h.day(before_end + 180),
        period_end=h.day(before_end),
        visited_on=h.day(before_end),
        status=Review.Status.FINAL,
        created_by=h.by,
        finalized_by=h.by,
        finalized_at=timezone.now(),
    )


def test_process_monitoring_reads_the_last_final_review(world):
    h = History(world)
    assert rated(h, "G9")[0] == 1
    final_review(h, 700)
    assert rated(h, "G9")[0] == 3
    final_review(h, 300)
    assert rated(h, "G9")[0] == 4
    final_review(h, 150)
    assert rated(h, "G9")[0] == 5
    # A review visited after the end of the period is not read.
    assert rated(h, "G9", Period(h.day(600), h.day(400)))[0] == 4


# G10 outcome monitoring


def test_outcome_monitoring_is_the_scale_every_3_months_or_on_its_schedule(world):
    h = History(world)
    ann, ben, cal, dot = served(h, "Ann", "Ben", "Cal", "Dot")
    h.scale(ann, 50, timepoint=Timepoint.FOLLOW_UP)  # in the last 3 months
    h.scale(ben, 300, timepoint=Timepoint.BASELINE)  # the baseline is their milestone
    h.scale(cal, 300, timepoint=Timepoint.BASELINE)
    completed(h, cal, 6, 120)  # after topic 6 is owed
    completed(h, dot, 3, 120)
    h.scale(dot, 100, timepoint=Timepoint.AFTER_3)
    assert rated(h, "G10") == (4, 3, 4)  # 75%
    names = [p.preferred_name for p in goi_estimates.people_lowering(h.program, h.period, "G10")]
    assert names == ["Cal"]


# G11 quality assurance


def test_meetings_due_on_the_kits_schedule_held_and_missed(world):
    h = History(world, period_days=366)
    h.program.started_on = h.day(365 + 300)  # the program's second year began 300 days ago
    h.program.save()
    found = goi_estimates.meeting_slots(h.program, [], h.period)
    advisory = [s for s in found if s.kind == ProgramMeeting.Kind.ADVISORY]
    director = [s for s in found if s.kind == ProgramMeeting.Kind.DIRECTOR]
    # Year one's last monthly slots, then 2-monthly slots from the second year.
    year_two = h.program.started_on.replace(year=h.program.started_on.year + 1)
    days = [((s.end - s.start).days + 1, s.start < year_two) for s in advisory]
    assert all(28 <= d <= 31 if first_year else 59 <= d <= 62 for d, first_year in days)
    assert year_two in [s.start for s in advisory]
    assert sum(1 for _, first_year in days if first_year) == 3
    assert 12 <= len(director) <= 14
    # Hold a meeting in every other director slot; none of the advisory group.
    held = [
        (ProgramMeeting.Kind.DIRECTOR, s.start)
        for s in director[::2]
        if s.start <= h.end and s.start >= h.period.start
    ]
    for kind, day in held:
        ProgramMeeting.objects.create(program=h.program, kind=kind, held_on=day, recorded_by=h.by)
    found = goi_estimates.meeting_slots(h.program, held, h.period)
    ended = [s for s in found if s.state(h.end) != "due"]
    item = goi_estimates.for_program(h.program, h.period).item("G11")
    assert (item.met, item.counted) == (len(held), len(ended))
    assert {s.state(h.end) for s in found} <= {"held", "missed", "due"}
    assert "missed" in item.figures


def test_a_meeting_whose_time_is_running_is_due_not_missed(world):
    h = History(world, period_days=20)
    h.program.started_on = h.day(10)
    h.program.save()
    item = goi_estimates.for_program(h.program, h.period).item("G11")
    assert (item.rating, item.reason) == (None, "no meetings due")
    assert "2 due now" in item.figures


# Queries


def test_a_fixed_number_of_queries_whatever_the_number_of_programs(world):
    histories = [History(world) for _ in range(3)]
    for h in histories:
        served(h, "Ann", "Ben")
        practitioner(h)
    with CaptureQueriesContext(connection) as one:
        goi_estimates.for_programs([histories[0].program], histories[0].period)
    with CaptureQueriesContext(connection) as three:
        goi_estimates.for_programs([h.program for h in histories], histories[0].period)
    assert len(one) == len(three) == goi_estimates.QUERIES
