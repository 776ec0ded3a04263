"""One row per person, handout version and day.

Re-printing a binder the same day used to record every handout again. The
duplicates are merged first: the earliest row of each day is kept (it says
who gave it first, and how), the later copies go.
"""

from django.db import migrations, models
from django.db.models import Count


def merge_duplicates(apps, schema_editor):
    HandoutGiven = apps.get_model("curriculum", "HandoutGiven")
    repeated = (
        HandoutGiven.objects.order_by()
        .values("consumer_id", "version_id", "given_on")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    for key in repeated.iterator():
        rows = HandoutGiven.objects.filter(
            consumer_id=key["consumer_id"], version_id=key["version_id"], given_on=key["given_on"]
        ).order_by("recorded_at", "pk")
        earliest = rows.values_list("pk", flat=True)[0]
        rows.exclude(pk=earliest).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("curriculum", "0002_print_job_heartbeat"),
    ]

    operations = [
        migrations.RunPython(merge_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="handoutgiven",
            constraint=models.UniqueConstraint(
                fields=("consumer", "version", "given_on"), name="handout_given_once_a_day"
            ),
        ),
    ]
