from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sessions_log", "0019_notes_done"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="progressnote",
            index=models.Index(
                condition=models.Q(("signed_at__isnull", False)),
                fields=["session"],
                include=("consumer", "supporter_present", "goal"),
                name="progressnote_signed_read",
            ),
        ),
    ]
