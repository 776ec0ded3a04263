"""The demo's groups: Northside's weekly group, one member rejoined, one gone."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from consumers.models import Consumer
from sessions_log.models import Group, GroupMembership

# group name, program, facilitators, weekday, start, place, weeks running,
# members: (record number, weeks ago they joined, weeks ago they left or None)
GROUPS = [
    (
        "Tuesday morning group",
        "Northside IMR team",
        ("practitioner", "priya.nair"),
        Group.Weekday.TUESDAY,
        datetime.time(10, 0),
        "Room 2, Northside clinic",
        20,
        [("RB-1001", 18, None), ("RB-1003", 1, None), ("RB-1005", 16, None), ("RB-1002", 9, 5)],
    ),
]


def create_demo_groups(programs):
    User = get_user_model()
    today = timezone.localdate()
    for name, program, facilitators, weekday, starts_at, place, weeks, members in GROUPS:
        program = programs[program]
        started_on = today - datetime.timedelta(weeks=weeks)
        leader = User.objects.get(username=facilitators[0])
        group, created = Group.objects.get_or_create(
            program=program,
            name=name,
            defaults={
                "weekday": weekday,
                "starts_at": starts_at,
                "place": place,
                "started_on": started_on,
                "created_by": leader,
            },
        )
        if not created:
            continue
        group.facilitators.set(User.objects.filter(username__in=facilitators))
        for record_number, joined, left in members:
            GroupMembership.objects.create(
                group=group,
                consumer=Consumer.objects.get(program=program, record_number=record_number),
                joined_on=today - datetime.timedelta(weeks=joined),
                left_on=today - datetime.timedelta(weeks=left) if left else None,
                added_by=leader,
            )
