from django.db import migrations, models
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

CHECKLISTS = ("motivational", "educational_techniques", "cognitive_behavioral")


def count_done_notes(apps, schema_editor):
    """What sessions/notes.py mark_notes_done counts, for the sessions already done (written
    out here: a migration does not import the app's code)."""
    Session = apps.get_model("sessions_log", "Session")
    ProgressNote = apps.get_model("sessions_log", "ProgressNote")
    signed = ProgressNote.objects.filter(session=OuterRef("pk"), signed_at__isnull=False)

    def count(notes):
        counted = notes.order_by().values("session").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    counts = {"notes_signed": count(signed)}
    for name in CHECKLISTS:
        recorded = signed.filter(**{f"{name}__isnull": False}).exclude(**{name: []})
        counts[f"notes_with_{name}"] = count(recorded)
    counts["notes_asked_educational_techniques"] = count(
        signed.filter(educational_techniques__isnull=False)
    )
    Session.objects.filter(notes_done=True).update(**counts)


def counted_field():
    return models.PositiveIntegerField(db_default=0, editable=False)


class Migration(migrations.Migration):
    dependencies = [
        ("sessions_log", "0021_present_count"),
    ]

    operations = [
        *(
            migrations.AddField(model_name="session", name=name, field=counted_field())
            for name in (
                "notes_signed",
                "notes_with_motivational",
                "notes_with_educational_techniques",
                "notes_with_cognitive_behavioral",
                "notes_asked_educational_techniques",
            )
        ),
        migrations.RunPython(count_done_notes, migrations.RunPython.noop),
    ]
