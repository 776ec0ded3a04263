"""The shared cache's table (settings.CACHES), made here so `migrate` is the only step.

The cache is the site's, shared by every app, so its table is made by imr_site. It was
made by fidelity's 0004 before; a database that ran that one already has the table,
which `createcachetable` leaves as it is.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # Does nothing when the table exists or the cache lives in Redis (CACHE_URL).
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS imr_cache")


class Migration(migrations.Migration):
    dependencies = [("imr_site", "0004_pending_form")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
