"""Demo fidelity reviews for `seed_demo`: a final review of Northside with its action plan, a
draft one of Eastgate; and the GOI's evidence: training, the KIT's meetings and the eligible
population."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from consumers import demo
from fidelity import estimates, trends
from fidelity.instruments import GOI_ITEMS, IMR_FIDELITY_ITEMS
from fidelity.models import (
    EligiblePopulation,
    ProgramMeeting,
    Rating,
    Review,
    ReviewAction,
    TrainingRecord,
)
from fidelity.periods import Period, months_before

# The agreed ratings of the demo's final review, item by item (13 then 12).
FIDELITY_RATINGS = (5, 3, 4, 4, 3, 3, 4, 5, 5, 4, 3, 3, 2)
GOI_RATINGS = (4, 4, 3, 4, 4, 4, 3, 4, 3, 3, 3, 4)
EVIDENCE = {
    "1": "The Tuesday group had 6 to 8 people each week we looked at.",
    "6": "Most charts hold a goal; few say how progress will be measured.",
    "13": "Medication came up in few notes; no tailoring plans on the charts read.",
    "G9": "This is the program's first review with the scale.",
}
RECOMMENDATIONS = (
    "Write a measure into every short-term goal, and check it at each monthly review.\n"
    "Start behavioral tailoring plans with people who want help remembering medication.\n"
    "Invite a supporter to one session in each person's first month."
)


def _review(program, end, reviewer):
    review = Review(
        program=program,
        period_start=months_before(end, 6) + datetime.timedelta(days=1),
        period_end=end,
        visited_on=end + datetime.timedelta(days=7),
        sample_size=5,
        created_by=reviewer,
    )
    period = Period(review.period_start, review.period_end)
    review.draw_sample(estimates.served([program], period).values_list("pk", flat=True))
    review.save()
    return review


def create_demo_reviews(programs):
    """Idempotent: a program that already has a review is left as it is."""
    reviewer = get_user_model().objects.get(username="reviewer")
    end = timezone.localdate() - datetime.timedelta(days=14)
    northside, eastgate = programs[demo.NORTHSIDE], programs[demo.EASTGATE]
    if not Review.objects.filter(program=northside).exists():
        review = _review(northside, end, reviewer)
        items = zip(IMR_FIDELITY_ITEMS + GOI_ITEMS, FIDELITY_RATINGS + GOI_RATINGS, strict=True)
        for item, rating in items:
            for rater in (reviewer, None):
                Rating.objects.create(
                    review=review,
                    rater=rater,
                    item=item.number,
                    rating=rating,
                    evidence=EVIDENCE.get(item.number, ""),
                    sources=[Rating.Source.CHART_REVIEW, Rating.Source.INTERVIEW],
                )
        review.recommendations = RECOMMENDATIONS
        review.save()
        review.finalize(reviewer, trends.snapshot_for(review))
    if not Review.objects.filter(program=eastgate).exists():
        review = _review(eastgate, end, reviewer)
        for item, rating in zip(IMR_FIDELITY_ITEMS[:6], (2, 3, 3, 4, 2, 3), strict=True):
            Rating.objects.create(review=review, rater=reviewer, item=item.number, rating=rating)


# The GOI's evidence for the demo: training, the KIT's meetings, the eligible population.

# (username, part, days ago, refresher): Sam's training came after he began seeing people.
TRAINING = (
    ("leader", TrainingRecord.Part.INTRODUCTION, 700, False),
    ("leader", TrainingRecord.Part.TECHNIQUES, 690, False),
    ("leader", TrainingRecord.Part.INTRODUCTION, 120, True),
    ("practitioner", TrainingRecord.Part.INTRODUCTION, 420, False),
    ("practitioner", TrainingRecord.Part.PRACTICE, 400, False),
    ("practitioner", TrainingRecord.Part.TECHNIQUES, 60, True),
    ("priya.nair", TrainingRecord.Part.INTRODUCTION, 380, False),
    ("sam.okafor", TrainingRecord.Part.TOPICS, 20, False),
)
TRAINER = "Riverbend's IMR trainer"
# Months ago each meeting was missed: the leader with the director, the advisory group.
DIRECTOR_MISSED = (2, 7)
ADVISORY_MISSED = (1,)


def create_demo_goi_evidence(programs):
    """Idempotent: a program with any evidence recorded is left as it is."""
    northside = programs[demo.NORTHSIDE]
    leader = get_user_model().objects.get(username="leader")
    today = timezone.localdate()
    if not TrainingRecord.objects.filter(program=northside).exists():
        for username, part, days_ago, refresher in TRAINING:
            TrainingRecord.objects.create(
                program=northside,
                staff_member=get_user_model().objects.get(username=username),
                part=part,
                trained_on=today - datetime.timedelta(days=days_ago),
                trainer=TRAINER,
                refresher=refresher,
                recorded_by=leader,
            )
    if not ProgramMeeting.objects.filter(program=northside).exists():
        for months_ago in range(12, 0, -1):
            held_on = months_before(today, months_ago) + datetime.timedelta(days=3)
            if months_ago not in DIRECTOR_MISSED:
                ProgramMeeting.objects.create(
                    program=northside,
                    kind=ProgramMeeting.Kind.DIRECTOR,
                    held_on=held_on,
                    notes="Numbers served, notes signed on time, the next review.",
                    recorded_by=leader,
                )
            if months_ago % 3 == 1 and months_ago not in ADVISORY_MISSED:
                ProgramMeeting.objects.create(
                    program=northside,
                    kind=ProgramMeeting.Kind.ADVISORY,
                    held_on=held_on,
                    notes="Went over the last review's actions; a peer speaker for topic 1.",
                    recorded_by=leader,
                )
    for program, eligible in ((northside, 40), (programs[demo.EASTGATE], 60)):
        if not EligiblePopulation.objects.filter(program=program).exists():
            EligiblePopulation.objects.create(
                program=program,
                period_start=months_before(today, 12),
                period_end=today,
                eligible=eligible,
                source="The agency's list of adults with a serious mental illness",
                recorded_by=leader,
            )


# The action plan after Northside's final review: (item, what, who, due in days, status,
# done days ago). One is past its date, so the leader's to-do list shows it.
ACTIONS = (
    (
        "6",
        "Write how we will both know into every short-term goal.",
        "practitioner",
        21,
        "open",
        None,
    ),
    (
        "13",
        "Offer a plan for taking medication to people who want one.",
        "leader",
        -5,
        "open",
        None,
    ),
    ("5", "Invite a supporter to a session in each person's first month.", "", 30, "done", 3),
    ("G10", "Show the team the outcomes page at each staff meeting.", "", 10, "open", None),
)
WHO_IN_WORDS = "The team, with the agency director"


def create_demo_action_plan(programs):
    """Idempotent: a final review that already has actions is left as it is."""
    review = (
        Review.objects.filter(program=programs[demo.NORTHSIDE], status=Review.Status.FINAL)
        .order_by("-period_end")
        .first()
    )
    if review is None or review.actions.exists():
        return
    users = get_user_model().objects
    leader, today = users.get(username="leader"), timezone.localdate()
    for item, what, username, due_in, status, done_ago in ACTIONS:
        ReviewAction.objects.create(
            review=review,
            item=item,
            what=what,
            who_user=users.get(username=username) if username else None,
            who_text="" if username else WHO_IN_WORDS,
            due_on=today + datetime.timedelta(days=due_in),
            status=status,
            done_on=today - datetime.timedelta(days=done_ago) if done_ago is not None else None,
            created_by=leader,
        )
