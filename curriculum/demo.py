"""Demo data for `make run` and for tests: what the fictional people were given and filled in.

The dates are read off the charts consumers/demo_charts.py built, so the two tell one
story. The handouts must be loaded first (`handouts.load_originals`).
"""

import datetime

from consumers.demo_charts import days_ago
from consumers.models import Consumer
from curriculum.models import HandoutGiven, HandoutVersion, WorksheetEntry
from curriculum.printing import language_of


def add_demo_papers(people):
    """Handouts given and the goal worksheet, for each person who has begun the topics.

    The people are new demo charts (consumers/demo_charts.py); call it once for each.
    """
    for consumer in people:
        if consumer.topic_progress.exists():
            add_handouts_given(consumer)
            add_goal_worksheet(consumer)


def add_handouts_given(consumer):
    """The orientation handout at orientation, then each topic's handout as it begins."""
    orientation_on = (
        consumer.status_changes.filter(to_status=Consumer.Status.ORIENTATION)
        .order_by("changed_on")
        .values_list("changed_on", flat=True)
        .first()
    )
    # In the person's own language, as printing for them would.
    current = HandoutVersion.objects.current_for(consumer.agency_id, language_of(consumer))
    days = {0: orientation_on} | {p.topic: p.started_on for p in consumer.topic_progress.all()}
    HandoutGiven.objects.bulk_create(
        HandoutGiven(
            consumer=consumer,
            version=current[topic],
            given_on=on,
            how=HandoutGiven.How.GIVEN,
            recorded_by_id=consumer.assigned_practitioner_id,
        )
        for topic, on in days.items()
        if topic in current
    )


def add_goal_worksheet(consumer):
    """The "Working on Goals" sheet, filled in the session where the first goal was set."""
    set_on = consumer.goals.order_by("set_on", "pk").values_list("set_on", flat=True).first()
    if set_on is None:
        return
    WorksheetEntry.objects.create(
        consumer=consumer,
        worksheet="working_on_goals",
        filled_on=min(set_on, days_ago(1)),
        answers={
            "goal_1": "Get back to paid work I enjoy.",
            "why_it_matters": "I miss having a reason to get up and people to talk to.",
            "steps": "Volunteer one morning a week at the food bank, then ask about paid shifts.",
            "who_can_help": "My practitioner and my sister.",
            "start_date": min(set_on + datetime.timedelta(days=7), days_ago(1)).isoformat(),
            "how_we_will_know": "I go every week for a month.",
        },
        recorded_by_id=consumer.assigned_practitioner_id,
    )
