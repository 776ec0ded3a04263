from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("fidelity", "0004_cache_table")]

    operations = [
        migrations.AddField(
            model_name="review",
            name="report_snapshot",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
