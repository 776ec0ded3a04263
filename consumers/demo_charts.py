"""Demo charts: each fictional person's record, built through the same methods the app uses.

How far along a person is (their "stage") decides what their chart holds, so every
page and every "needs attention" rule has something real to show. Dates count back
from today, so the demo stays current whenever it is seeded. The handouts given and
the worksheet filled in are curriculum's rows: curriculum/demo.py adds them after.
"""

import datetime

from django.utils import timezone

from consumers.models import (
    ChartEvent,
    Consumer,
    Goal,
    GoalStep,
    ImrScaleAdministration,
    KnowledgeSkillsInventory,
    Plan,
    SafetyNote,
    Supporter,
    SupporterContact,
    TopicProgress,
)

S = Consumer.Status
Timepoint = ImrScaleAdministration.Timepoint
# Topics completed at each stage (about three weeks a topic).
TOPICS_DONE = {"early": 1, "on_hold": 2, "mid": 3, "completed": 10}

INVENTORY = {
    "where_living": "An apartment near the bus line",
    "lives_with_others": "yes",
    "typical_day": "Wakes late, watches TV, walks to the store in the afternoon.",
    "volunteers": "no",
    "listens_music": "yes",
    "listens_music__detail": "Old soul records",
    "spends_time_with": "My sister and a neighbour",
    "spirituality_important": "yes",
    "spiritual_comfort": "Walking by the river",
    "exercises": "yes",
    "recovery_meaning": "Having a job again and seeing my friends.",
    "program_hopes": "Fewer hospital stays and a plan for bad days.",
}


def days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


def build(consumer, stage, by):
    consumer.admit(by=by)
    start = consumer.referred_on
    if stage == "referred":
        return consumer
    consumer.change_status(S.ORIENTATION, on=start + datetime.timedelta(days=5), by=by)
    if stage == "orientation":
        return consumer
    if stage == "discharged":
        consumer.change_status(
            S.DISCHARGED,
            on=start + datetime.timedelta(days=40),
            by=by,
            discharge_reason=Consumer.DischargeReason.CHOSE_TO_LEAVE,
            note="Wants to focus on a new job for now; welcome back any time.",
        )
        return consumer
    active_on = start + datetime.timedelta(days=12)
    consumer.change_status(S.ACTIVE, on=active_on, by=by)
    KnowledgeSkillsInventory.objects.create(
        consumer=consumer,
        completed_on=active_on + datetime.timedelta(days=7),
        session_number=2,
        answers=INVENTORY,
        recorded_by=by,
    )
    baseline_on = active_on + datetime.timedelta(days=7)
    record_scales(consumer, Timepoint.BASELINE, baseline_on, level=2, by=by)
    add_topics(consumer, active_on + datetime.timedelta(days=14), TOPICS_DONE[stage], by)
    add_goals(consumer, baseline_on + datetime.timedelta(days=7), stage, by)
    add_supporters(consumer, active_on, by)
    if stage in ("mid", "completed"):
        add_plans(consumer, active_on + datetime.timedelta(days=60), stage, by)
    if stage == "completed":
        for level, timepoint in ((3, Timepoint.AFTER_3), (3, Timepoint.AFTER_6)):
            topic = ImrScaleAdministration.MILESTONE_TOPIC[timepoint]
            on = consumer.topic_progress.get(topic=topic).completed_on + datetime.timedelta(days=3)
            record_scales(consumer, timepoint, on, level=level, by=by)
        record_scales(consumer, Timepoint.AFTER_10, days_ago(10), level=4, by=by)
        consumer.change_status(S.COMPLETED, on=days_ago(7), by=by, note="Finished topic 10.")
    if stage == "mid":
        # The client version after topic 3 is in; the clinician version is still to do.
        on = consumer.topic_progress.get(topic=3).completed_on + datetime.timedelta(days=2)
        record_scales(consumer, Timepoint.AFTER_3, on, level=3, by=by, versions=("client",))
    if stage == "on_hold":
        consumer.change_status(
            S.ON_HOLD, on=days_ago(20), by=by, note="In hospital for a short stay."
        )
    if stage in ("mid", "completed", "on_hold"):
        add_events(consumer, start + datetime.timedelta(days=5), stage, by)
    return consumer


def add_events(consumer, entered_on, stage, by):
    """Hospital stays and crisis visits before and since IMR, a relapse, and for someone in
    hospital now a stay still going and a safety note, so the chart's outcomes and the
    program's have something to show."""
    consumer.events_known_from = entered_on - datetime.timedelta(days=540)
    consumer.save(update_fields=["events_known_from", "updated_at"])
    Kind, Source = ChartEvent.Kind, ChartEvent.Source

    def event(kind, start, end=None, source=Source.RECORD, **more):
        ChartEvent.objects.create(
            consumer=consumer,
            kind=kind,
            started_on=start,
            ended_on=end,
            source=source,
            recorded_by=by,
            **more,
        )

    before = entered_on - datetime.timedelta(days=200)
    event(Kind.HOSPITAL_STAY, before, before + datetime.timedelta(days=12))
    event(Kind.CRISIS_VISIT, before - datetime.timedelta(days=30), source=Source.PERSON)
    event(Kind.CRISIS_VISIT, entered_on - datetime.timedelta(days=40), source=Source.SUPPORTER)
    if stage == "mid":
        event(
            Kind.RELAPSE,
            days_ago(12),
            source=Source.PERSON,
            judged_by=ChartEvent.JudgedBy.BOTH,
            notes="Sleeping badly for a week; used the plan and called the team early.",
        )
    if stage == "on_hold":
        event(Kind.CRISIS_VISIT, days_ago(22), source=Source.SUPPORTER)
        event(Kind.HOSPITAL_STAY, days_ago(20), notes="Short stay; the team visits weekly.")
        SafetyNote.objects.create(
            consumer=consumer,
            why="Spoke of feeling hopeless before the hospital stay.",
            what_to_do="Ask how they are feeling at each contact. If they are in danger, "
            "call the crisis line (988) and the team leader.",
            set_by=by,
        )


def record_scales(consumer, timepoint, on, *, level, by, versions=("client", "clinician")):
    for version in versions:
        answers = {n: max(1, min(5, level + (n % 3) - 1)) for n in range(1, 16)}
        if version == "clinician":
            # The two views of the same months differ on a few items: a conversation starter.
            answers[3] = max(1, answers[3] - 2)
            answers[8] = min(5, answers[8] + 2)
        fields = {f"item_{n}": v for n, v in answers.items()}
        if consumer.format == Consumer.Format.GROUP:
            fields["item_13"], fields["item_13_not_applicable"] = None, True
        ImrScaleAdministration.objects.create(
            consumer=consumer,
            version=version,
            timepoint=timepoint,
            answered_on=on,
            rated_by=by if version == "clinician" else None,
            recorded_by=by,
            **fields,
        )


def add_topics(consumer, first_day, completed, by):
    day = first_day
    for topic in range(1, min(completed + 1, 10) + 1):
        done = topic <= completed
        TopicProgress.objects.create(
            consumer=consumer,
            topic=topic,
            status=TopicProgress.Status.COMPLETED if done else TopicProgress.Status.IN_PROGRESS,
            started_on=min(day, days_ago(1)),
            completed_on=min(day + datetime.timedelta(days=20), days_ago(1)) if done else None,
            updated_by=by,
        )
        day += datetime.timedelta(days=21)


def add_goals(consumer, set_on, stage, by):
    long_term = Goal.objects.create(
        consumer=consumer,
        kind=Goal.Kind.LONG_TERM,
        description="Get back to paid work I enjoy.",
        treatment_plan_link="Employment and daily structure",
        set_on=set_on,
        created_by=by,
    )
    short = Goal.objects.create(
        consumer=consumer,
        kind=Goal.Kind.SHORT_TERM,
        parent=long_term,
        description="Volunteer one morning a week at the food bank.",
        measure="I have gone four weeks in a row and my sign-in card shows it.",
        set_on=set_on,
        target_date=set_on + datetime.timedelta(days=120),
        created_by=by,
    )
    for order, (text, done) in enumerate(
        (("Call the food bank to ask about times", True), ("Visit with my sister", False)), 1
    ):
        GoalStep.objects.create(
            goal=short,
            description=text,
            order=order,
            done_on=set_on + datetime.timedelta(days=5) if done else None,
        )
    last = set_on + datetime.timedelta(days=28)
    if last < days_ago(0):
        short.add_review(
            reviewed_on=last,
            progress="Called and has a start date. Nervous but ready.",
            status=Goal.Status.ACTIVE,
            by=by,
        )
    if stage == "completed":
        short.add_review(
            reviewed_on=days_ago(30),
            progress="Four weeks in a row. Done!",
            status=Goal.Status.ACHIEVED,
            by=by,
        )
        long_term.add_review(
            reviewed_on=days_ago(10),
            progress="Applying for jobs.",
            status=Goal.Status.ACTIVE,
            by=by,
        )
    elif stage != "on_hold":
        long_term.add_review(
            reviewed_on=days_ago(6),
            progress="Still the goal that matters most.",
            status=Goal.Status.ACTIVE,
            by=by,
        )


def add_supporters(consumer, consent_on, by):
    sister = Supporter.objects.create(
        consumer=consumer,
        name="Rosa (sister)",
        relationship=Supporter.Relationship.SIBLING,
        phone="555-0100",
        consent_given_on=consent_on,
        consent_scope="Goals, handouts and the relapse prevention plan. Not medication.",
        reads_handouts=True,
        helps_relapse_plan=True,
    )
    Supporter.objects.create(
        consumer=consumer,
        name="Sam (former roommate)",
        relationship=Supporter.Relationship.FRIEND,
        consent_given_on=consent_on,
        consent_withdrawn_on=consent_on + datetime.timedelta(days=20),
    )
    for ago, mode in ((40, SupporterContact.Mode.MAILED), (12, SupporterContact.Mode.PHONE)):
        if days_ago(ago) >= consent_on:
            SupporterContact.objects.create(
                supporter=sister,
                contacted_on=days_ago(ago),
                mode=mode,
                note="Talked about the relapse prevention plan." if ago < 20 else "",
                recorded_by=by,
            )


def add_plans(consumer, made_on, stage, by):
    made_on = min(made_on, days_ago(1))
    sister = consumer.supporters.get(relationship=Supporter.Relationship.SIBLING)
    relapse = {
        "triggers": "Not sleeping; big changes at home.",
        "warning_signs": "Staying in my room, sleeping in the day, feeling watched.",
        "signs_to_watch": "Sleeping less than 5 hours two nights running.",
        "steps": "Tell Rosa; call my practitioner the same day; use my calming routine.",
        "copy_holders": "Me, Rosa, my practitioner",
    }
    Plan.save_version(
        consumer,
        Plan.Kind.RELAPSE_PREVENTION,
        content=relapse,
        supporters=[sister],
        made_on=made_on,
        by=by,
    )
    relapse["steps"] += " Ask for an earlier appointment with the doctor."
    Plan.save_version(
        consumer,
        Plan.Kind.RELAPSE_PREVENTION,
        content=relapse,
        supporters=[sister],
        made_on=min(made_on + datetime.timedelta(days=14), days_ago(1)),
        by=by,
    )
    Plan.save_version(
        consumer,
        Plan.Kind.COPING_STRESS,
        content={
            "stressors": "Crowded buses; money worries.",
            "stress_signs": "Tight shoulders, snapping at people.",
            "strategies": "Slow breathing; a walk by the river.",
            "new_strategies": "Listening to music on the bus.",
        },
        supporters=[],
        made_on=made_on,
        by=by,
    )
    if stage == "completed":
        Plan.save_version(
            consumer,
            Plan.Kind.PERSISTENT_SYMPTOMS,
            content={
                "symptom_1": "Hearing voices at night",
                "tried_1": "Radio on low; humming.",
                "how_well_1": "The radio helps a lot; humming a little.",
                "new_1": "Headphones with calm music.",
            },
            supporters=[],
            made_on=made_on,
            by=by,
        )
        Plan.save_version(
            consumer,
            Plan.Kind.MEDICATION_TAILORING,
            content={
                "medication": "Evening tablets",
                "routine": "Brushing my teeth before bed.",
                "cue": "The pill box sits next to my toothbrush.",
            },
            supporters=[sister],
            made_on=made_on,
            by=by,
        )
