from django.urls import path

from consumers.views import (
    answer_from_home,
    answer_links,
    assessments,
    discharge,
    events,
    goals,
    my_recovery,
    plans,
    records,
    roster,
    supporters,
)

urlpatterns = [
    path("", records.caseload, name="caseload"),
    path("new/", records.consumer_create, name="consumer_create"),
    path("import/", roster.roster_import, name="roster_import"),
    path("import/template.csv", roster.roster_template, name="roster_template"),
    path("<int:pk>/", records.consumer_chart, name="consumer_chart"),
    path("<int:pk>/edit/", records.consumer_edit, name="consumer_edit"),
    path("<int:pk>/status/", records.consumer_status, name="consumer_status"),
    path(
        "<int:pk>/discharges/<int:change_pk>/",
        discharge.discharge_summary,
        name="discharge_summary",
    ),
    path(
        "<int:pk>/discharges/<int:change_pk>/pdf/",
        discharge.discharge_summary_pdf,
        name="discharge_summary_pdf",
    ),
    path("<int:pk>/my-recovery/", my_recovery.my_recovery_page, name="my_recovery"),
    path("<int:pk>/my-recovery/pdf/", my_recovery.my_recovery_pdf, name="my_recovery_pdf"),
    path("<int:pk>/supporters/new/", supporters.supporter_edit, name="supporter_create"),
    path(
        "<int:pk>/supporters/<int:supporter_pk>/",
        supporters.supporter_edit,
        name="supporter_edit",
    ),
    path(
        "<int:pk>/supporters/<int:supporter_pk>/contacts/new/",
        supporters.supporter_contact_create,
        name="supporter_contact_create",
    ),
    path("<int:pk>/events/new/", events.event_edit, name="event_create"),
    path("<int:pk>/events/<int:event_pk>/", events.event_edit, name="event_edit"),
    path("<int:pk>/events/known-from/", events.events_known_from, name="events_known_from"),
    path("<int:pk>/safety-note/", events.safety_note_create, name="safety_note_create"),
    path(
        "<int:pk>/safety-note/<int:safety_note_pk>/review/",
        events.safety_note_review,
        name="safety_note_review",
    ),
    path("<int:pk>/goals/new/", goals.goal_edit, name="goal_create"),
    path("<int:pk>/goals/sheet/", goals.goal_sheet, name="goal_sheet"),
    path("<int:pk>/goals/<int:goal_pk>/", goals.goal_edit, name="goal_edit"),
    path("<int:pk>/goals/<int:goal_pk>/review/", goals.goal_review, name="goal_review"),
    path("<int:pk>/plans/<slug:kind>/", plans.plan_history, name="plan_history"),
    path("<int:pk>/plans/<slug:kind>/edit/", plans.plan_edit, name="plan_edit"),
    path("<int:pk>/plans/<slug:kind>/sign/", plans.plan_sign, name="plan_sign"),
    path("<int:pk>/inventory/new/", assessments.inventory_create, name="inventory_create"),
    path(
        "<int:pk>/inventory/<int:inventory_pk>/",
        assessments.inventory_detail,
        name="inventory_detail",
    ),
    path("<int:pk>/curriculum/", assessments.progress_edit, name="progress_edit"),
    path("<int:pk>/scales/new/", assessments.scale_edit, name="scale_create"),
    path("<int:pk>/scales/<int:scale_pk>/", assessments.scale_detail, name="scale_detail"),
    path("<int:pk>/scales/<int:scale_pk>/edit/", assessments.scale_edit, name="scale_edit"),
    path("<int:pk>/answer-links/", answer_links.answer_links_page, name="answer_links"),
    path(
        "<int:pk>/answer-links/<int:link_pk>/revoke/",
        answer_links.answer_link_revoke,
        name="answer_link_revoke",
    ),
]

# What a person opens from an answer link, signed out, at /a/: the token is all the address
# holds, so it says nothing about them.
answer_patterns = [
    path("thanks/", answer_from_home.thanks, name="answer_link_thanks"),
    path("<str:token>/", answer_from_home.start, name="answer_link"),
    path("<str:token>/<int:number>/", answer_from_home.question, name="answer_link_question"),
    path("<str:token>/check/", answer_from_home.check, name="answer_link_check"),
]
