import django.db.models.deletion
from django.db import migrations, models
from django.db.models import F, Window
from django.db.models.functions import RowNumber

LENGTH_SESSIONS = 12  # sessions_log.presence.LENGTH_SESSIONS when this was written


def fill(apps, schema_editor):
    """Each person's first session and LENGTH_SESSIONS-th, from the attendance so far."""
    Attendance = apps.get_model("sessions_log", "Attendance")
    Presence = apps.get_model("sessions_log", "Presence")
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
    days = {}
    for consumer_id, n, held_on in ranked.iterator(chunk_size=5000):
        first, reached = days.get(consumer_id, (None, None))
        days[consumer_id] = (held_on, reached) if n == 1 else (first, held_on)
    Presence.objects.bulk_create(
        (
            Presence(consumer_id=consumer_id, first_on=first, length_reached_on=reached)
            for consumer_id, (first, reached) in days.items()
        ),
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("consumers", "0008_chart_events"),
        ("sessions_log", "0014_notes_to_cosign_index_covers"),
    ]

    operations = [
        migrations.CreateModel(
            name="Presence",
            fields=[
                (
                    "consumer",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="presence",
                        serialize=False,
                        to="consumers.consumer",
                    ),
                ),
                ("first_on", models.DateField()),
                ("length_reached_on", models.DateField(blank=True, null=True)),
            ],
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
