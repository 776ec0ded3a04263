from django.db import migrations, models


class Migration(migrations.Migration):
    # Its dependency was 0004_cache_table until the cache's table moved to imr_site
    # (imr_site/migrations/0005_cache_table.py); a database that ran 0004 keeps its row.
    dependencies = [("fidelity", "0003_consensus_revision")]

    operations = [
        migrations.AddField(
            model_name="review",
            name="report_snapshot",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
