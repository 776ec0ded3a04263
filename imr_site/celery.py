"""The task queue: Celery with Redis as its broker (CELERY_BROKER_URL).

Start a worker with `celery -A imr_site worker`, and once for the whole site the
scheduler of the daily notices and digests with `celery -A imr_site beat`. Without a
broker the tasks run inline, which is how `make run` works out of the box.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imr_site.settings")

app = Celery("imr_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
