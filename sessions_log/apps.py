from django.apps import AppConfig
from django.db.models.signals import post_delete


def _forget_attendance(sender, instance, **kwargs):
    from sessions_log import milestones

    milestones.keep([instance.consumer_id])


class SessionsLogConfig(AppConfig):
    name = "sessions_log"
    verbose_name = "Sessions"

    def ready(self):
        # Attendance is only added by the logbook, which keeps the milestones itself; one
        # taken away (a session or a person deleted) must not leave a first session behind.
        post_delete.connect(
            _forget_attendance, sender="sessions_log.Attendance", dispatch_uid="milestones"
        )
