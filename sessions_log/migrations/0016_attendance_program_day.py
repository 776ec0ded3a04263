import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_from_sessions(apps, schema_editor):
    """Each attendance takes its session's program and day."""
    Attendance = apps.get_model("sessions_log", "Attendance")
    Session = apps.get_model("sessions_log", "Session")
    session = Session.objects.filter(pk=OuterRef("session_id"))
    Attendance.objects.update(
        program_id=Subquery(session.values("program_id")[:1]),
        held_on=Subquery(session.values("held_on")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("consumers", "0008_chart_events"),
        ("sessions_log", "0015_milestones"),
    ]

    operations = [
        migrations.AddField(
            model_name="attendance",
            name="program",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="consumers.program",
            ),
        ),
        migrations.AddField(
            model_name="attendance",
            name="held_on",
            field=models.DateField(null=True),
        ),
        migrations.RunPython(copy_from_sessions, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="attendance",
            name="program",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="consumers.program",
            ),
        ),
        migrations.AlterField(
            model_name="attendance",
            name="held_on",
            field=models.DateField(),
        ),
        migrations.AddIndex(
            model_name="attendance",
            index=models.Index(
                fields=["program", "held_on"],
                include=["consumer", "status", "session"],
                name="attendance_program_day",
            ),
        ),
    ]
