"""What logging a session does to the record: who came, what they were taught, what they got.

A session's teaching moves each person present along the curriculum on their
chart (so the IMR Scale falls due after topics 3, 6 and 10), and the handouts
used count as given to the people present.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone

from consumers.models import Consumer, TopicProgress
from curriculum.models import HandoutGiven
from imr_site import audit
from sessions_log import milestones
from sessions_log.models import Attendance


def after_discharge(people, day):
    """{person: why no session that day can be logged for them}, for those discharged before."""
    return {
        person: f"{person.preferred_name} was discharged on {person.discharged_on:%Y-%m-%d}. "
        "A session after that cannot be logged for them."
        for person in people
        if person.discharged_before(day)
    }


def log_session(session, attendance, *, handouts, topic_finished, by):
    """Save a new session with its attendance ({consumer: status}) and its effects.

    Refuses (ValidationError) anyone discharged before the session: the form says so
    at their name first; this holds for every other way in.
    """
    refused = after_discharge(attendance, session.held_on)
    if refused:
        raise ValidationError(list(refused.values()))
    present = [c for c, status in attendance.items() if status == Attendance.Status.PRESENT]
    with audit.change(by, audit.Action.CREATE, target=session, consumers=list(attendance)):
        session.created_by = by
        session.present_count = len(present)
        session.save()
        session.handouts.set(handouts)
        Attendance.objects.bulk_create(
            Attendance(
                session=session,
                consumer=consumer,
                status=status,
                program_id=session.program_id,
                held_on=session.held_on,
            )
            for consumer, status in attendance.items()
        )
        if session.makeup_for_id:
            Attendance.objects.filter(session=session.makeup_for_id, consumer__in=present).update(
                status=Attendance.Status.MADE_UP
            )
        milestones.keep(person.pk for person in present)
        if session.topic:
            teach(present, session.topic, on=session.held_on, finished=topic_finished, by=by)
        begin_orientation(present, on=session.held_on, by=by)
        # A handout already recorded as given that day (printed that morning) stays one row.
        HandoutGiven.objects.bulk_create(
            (
                HandoutGiven(
                    consumer=consumer,
                    version=version,
                    given_on=session.held_on,
                    how=HandoutGiven.How.SESSION,
                    recorded_by=by,
                )
                for consumer in present
                for version in handouts
            ),
            ignore_conflicts=True,
        )
    return session


def teach(people, topic, *, on, finished, by):
    """Mark a topic begun (and, when finished, completed) for each person, in two queries."""
    existing = {
        row.consumer_id: row
        for row in TopicProgress.objects.filter(consumer__in=people, topic=topic)
    }
    new, changed = [], []
    for person in people:
        row = existing.get(person.pk)
        if row is None:
            row = TopicProgress(consumer=person, topic=topic)
            new.append(row)
        elif row.status == TopicProgress.Status.COMPLETED:
            continue  # a review of a finished topic changes nothing
        else:
            changed.append(row)
        row.updated_by, row.updated_at = by, timezone.now()
        if row.started_on is None or row.started_on > on:
            row.started_on = on
        if finished:
            row.status, row.completed_on = TopicProgress.Status.COMPLETED, on
        else:
            row.status = TopicProgress.Status.IN_PROGRESS
    TopicProgress.objects.bulk_create(new)
    TopicProgress.objects.bulk_update(
        changed, ["status", "started_on", "completed_on", "updated_by", "updated_at"]
    )


def begin_orientation(people, *, on, by):
    """Anyone still referred who came to a session has begun: they move to orientation that day.

    Our reading of the lifecycle: the first session a person comes to, whatever its
    topic, is their orientation to IMR, so the chart no longer says "Referred".
    Moving on to active stays the practitioner's decision. Returns the people moved.
    """
    moved = []
    for person in people:
        if person.status == Consumer.Status.REFERRED and person.status_since <= on:
            with audit.change(by, audit.Action.CHANGE, consumer=person, fields=["status"]):
                person.change_status(
                    Consumer.Status.ORIENTATION, on=on, by=by, note="Came to a session"
                )
            moved.append(person)
    return moved
