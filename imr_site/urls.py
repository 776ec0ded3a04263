from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from consumers import urls as consumer_urls
from curriculum import urls as curriculum_urls
from imr_site import pending_forms, views, views_hand_over, views_notices

admin.site.site_header = "IMR Program Manager: site administration"
admin.site.site_title = "IMR site administration"

account_patterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("token/", pending_forms.fresh_token, name="fresh_token"),
    path("", views.account, name="account"),
    path("digest/", views_notices.digest_preference, name="digest_preference"),
    path("language/", views.language_choice, name="language_choice"),
    path("two-step/", views.two_step_verify, name="two_step_verify"),
    path("two-step/setup/", views.two_step_setup, name="two_step_setup"),
    path("two-step/off/", views.two_step_off, name="two_step_off"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("alive/", views.alive, name="alive"),
    path("accounts/", include(account_patterns)),
    # Hand-over reads every app (the scale, goals, today's note), so it is the project's.
    path("consumers/<int:pk>/hand-over/", views_hand_over.hand_over_start, name="hand_over_start"),
    path(
        "consumers/<int:pk>/hand-over/kept/", views_hand_over.hand_over_kept, name="hand_over_kept"
    ),
    path("consumers/", include("consumers.urls")),
    path("a/", include(consumer_urls.answer_patterns)),
    path("consumers/<int:pk>/", include(curriculum_urls.consumer_patterns)),
    path("curriculum/", include("curriculum.urls")),
    path("sessions/", include("sessions_log.urls")),
    path("fidelity/", include("fidelity.urls")),
    path("hand-over/", views_hand_over.hand_over_screen, name="hand_over"),
    path("hand-over/unlock/", views_hand_over.hand_over_unlock, name="hand_over_unlock"),
    path("hand-over/end/", views_hand_over.hand_over_end, name="hand_over_end"),
    path("notices/", views_notices.notice_list, name="notice_list"),
    path("notices/<int:pk>/", views_notices.notice_open, name="notice_open"),
    path("notices/all-read/", views_notices.notices_all_read, name="notices_all_read"),
    path("staff/", views.staff_list, name="staff_list"),
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/consumer/<int:pk>/", views.consumer_audit, name="consumer_audit"),
    path("audit/staff/<int:pk>/", views.staff_audit, name="staff_audit"),
    path("admin/", admin.site.urls),
]

handler500 = "imr_site.views.server_error"
