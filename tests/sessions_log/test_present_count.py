"""Each session keeps how many were present when its attendance was logged; a database
from before the count gets it from the migration, the same as the logbook counts."""

import importlib

from django.db import connection

from sessions_log.models import Attendance, Session
from tests import builders

counted = importlib.import_module("sessions_log.migrations.0021_present_count")


def test_the_migration_counts_as_the_logbook_does(world):
    group = builders.northside_group()
    day = builders.days_before_today(3)
    members = [m.consumer for m in group.members_on(day)]
    statuses = [builders.PRESENT, Attendance.Status.ABSENT, Attendance.Status.EXCUSED]
    by = world.user("practitioner")
    builders.logged_session(
        world.northside,
        {person: statuses[i % 3] for i, person in enumerate(members)},
        by=by,
        held_on=day,
        group=group,
    )
    builders.logged_session(world.northside, {members[0]: builders.PRESENT}, by=by, held_on=day)
    logged = dict(Session.objects.values_list("pk", "present_count"))
    assert sorted(logged.values()) == [1, len(members[::3])]
    Session.objects.update(present_count=0)
    with connection.cursor() as cursor:
        cursor.execute(counted.COUNT_PRESENT)
    assert dict(Session.objects.values_list("pk", "present_count")) == logged
