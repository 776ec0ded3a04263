# Loaded with Django so that @shared_task binds to this project's Celery app.
from imr_site.celery import app as celery_app

__all__ = ["celery_app"]
