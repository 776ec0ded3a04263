from django.apps import AppConfig


class ImrSiteConfig(AppConfig):
    name = "imr_site"
    verbose_name = "Site and audit trail"

    def ready(self):
        from django.contrib.auth import signals
        from django.db.backends.signals import connection_created

        from imr_site import audit, dialect, languages, two_step

        # Sign-ins happen inside django.contrib.auth (and the admin's own login),
        # so its signals are the one place that sees every one of them.
        signals.user_logged_in.connect(audit.record_sign_in, dispatch_uid="audit_sign_in")
        signals.user_logged_out.connect(audit.record_sign_out, dispatch_uid="audit_sign_out")
        signals.user_login_failed.connect(
            audit.record_failed_sign_in, dispatch_uid="audit_failed_sign_in"
        )
        signals.user_logged_in.connect(two_step.remember_device, dispatch_uid="two_step_device")
        signals.user_logged_in.connect(
            languages.remember_at_sign_in, dispatch_uid="language_at_sign_in"
        )
        connection_created.connect(dialect.ready_sqlite, dispatch_uid="sqlite_dialect")
