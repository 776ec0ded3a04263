import django.db.models.deletion
from django.db import migrations, models
from django.db.models import F, Min, Window
from django.db.models.functions import RowNumber

LENGTH_SESSIONS = 12  # sessions_log.milestones.LENGTH_SESSIONS when this was written


def fill(apps, schema_editor):
    """Each person's milestones, from the attendance and signed notes so far."""
    Attendance = apps.get_model("sessions_log", "Attendance")
    ProgressNote = apps.get_model("sessions_log", "ProgressNote")
    Milestones = apps.get_model("sessions_log", "Milestones")
    found = {}
    ranked = (
        Attendance.objects.filter(status="present")
        .annotate(
            n=Window(
                RowNumber(),
                partition_by=[F("consumer_id")],
                order_by=[F("session__held_on").asc(), F("session_id").asc()],
            )
        )
        .filter(n__in=(1, LENGTH_SESSIONS))
        .values_list("consumer_id", "n", "session__held_on")
    )
    for consumer_id, n, held_on in ranked.iterator(chunk_size=5000):
        field = "first_session_on" if n == 1 else "length_reached_on"
        found.setdefault(consumer_id, {})[field] = held_on
    for field, skill in (
        ("coping_note_on", "coping"),
        ("tailoring_note_on", "behavioral_tailoring"),
    ):
        firsts = (
            ProgressNote.objects.filter(signed_at__isnull=False, skills__has_key=skill)
            .order_by()
            .values("consumer_id")
            .annotate(on=Min("session__held_on"))
            .values_list("consumer_id", "on")
        )
        for consumer_id, on in firsts.iterator(chunk_size=5000):
            found.setdefault(consumer_id, {})[field] = on
    Milestones.objects.bulk_create(
        (Milestones(consumer_id=consumer_id, **days) for consumer_id, days in found.items()),
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("consumers", "0008_chart_events"),
        ("sessions_log", "0014_notes_to_cosign_index_covers"),
    ]

    operations = [
        migrations.CreateModel(
            name="Milestones",
            fields=[
                (
                    "consumer",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="milestones",
                        serialize=False,
                        to="consumers.consumer",
                    ),
                ),
                ("first_session_on", models.DateField(blank=True, null=True)),
                ("length_reached_on", models.DateField(blank=True, null=True)),
                ("coping_note_on", models.DateField(blank=True, null=True)),
                ("tailoring_note_on", models.DateField(blank=True, null=True)),
            ],
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
