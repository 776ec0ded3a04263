from django.urls import path

from fidelity.views import actions, dashboard, forms, goi, outcomes, reviews

urlpatterns = [
    path("forms/<slug:name>/pdf/", forms.fidelity_blank_pdf, name="fidelity_blank_pdf"),
    # Formal reviews: the 13-item scale and the GOI, rated by reviewers.
    path("reviews/", reviews.review_list, name="review_list"),
    path("reviews/new/", reviews.review_create, name="review_create"),
    path("reviews/export/<str:fmt>/", reviews.reviews_export, name="reviews_export"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review_detail"),
    path("reviews/<int:pk>/rate/", reviews.review_rate, name="review_rate"),
    path("reviews/<int:pk>/consensus/", reviews.review_consensus, name="review_consensus"),
    path("reviews/<int:pk>/finalize/", reviews.review_finalize, name="review_finalize"),
    path("reviews/<int:pk>/correct/", reviews.review_correct, name="review_correct"),
    path("reviews/<int:pk>/report/", reviews.review_report_pdf, name="review_report_pdf"),
    # Action plans after a final review: what the team will do for items rated below 4.
    path("reviews/<int:pk>/actions/", actions.review_actions, name="review_actions"),
    path("actions/<int:pk>/", actions.action_edit, name="action_edit"),
    # Live fidelity estimated from what practitioners logged.
    path("programs/", dashboard.compare_programs, name="fidelity_compare"),
    path("programs/<int:pk>/", dashboard.program_dashboard, name="fidelity_dashboard"),
    path(
        "programs/<int:pk>/items/<str:item>/",
        dashboard.estimate_detail,
        name="fidelity_estimate_detail",
    ),
    path(
        "programs/<int:pk>/export/<str:fmt>/",
        dashboard.estimates_export,
        name="fidelity_estimates_export",
    ),
    # The GOI estimated live, and the evidence the logs lack.
    path("programs/<int:pk>/goi/", goi.goi_dashboard, name="fidelity_goi"),
    path("programs/<int:pk>/goi/<str:item>/", goi.goi_item, name="fidelity_goi_item"),
    path("programs/<int:pk>/training/", goi.goi_training, name="goi_training"),
    path("programs/<int:pk>/meetings/", goi.goi_meetings, name="goi_meetings"),
    path("programs/<int:pk>/eligible/", goi.goi_eligible, name="goi_eligible"),
    path("overview/", dashboard.overview, name="fidelity_overview"),
    path("overview/export/<str:fmt>/", dashboard.overview_export, name="fidelity_overview_export"),
    # Outcomes: the IMR Scale, goals, discharges and attendance.
    path("outcomes/", outcomes.outcomes, name="outcomes"),
    path("outcomes/export/<str:fmt>/", outcomes.outcomes_export, name="outcomes_export"),
]
