"""Records discharged before discharge dates existed get the date they last changed.

Running it again changes nothing: it only fills records still without a date.
"""

from django.db import migrations


def date_earlier_discharges(apps, schema_editor):
    Consumer = apps.get_model("consumers", "Consumer")
    for consumer in Consumer.objects.filter(status="discharged", discharged_on__isnull=True):
        consumer.discharged_on = consumer.updated_at.date()
        consumer.discharge_reason = "other"
        consumer.save(update_fields=["discharged_on", "discharge_reason"])


class Migration(migrations.Migration):
    dependencies = [("consumers", "0002_consumer_chart")]

    operations = [migrations.RunPython(date_earlier_discharges, migrations.RunPython.noop)]
