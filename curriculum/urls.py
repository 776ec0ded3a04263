from django.urls import path

from curriculum.views import consumer, jobs, library

urlpatterns = [
    path("", library.curriculum_index, name="curriculum_index"),
    path("handouts/<int:topic>/", library.handout_detail, name="handout_detail"),
    path("handouts/<int:topic>/pdf/", library.handout_pdf, name="handout_pdf"),
    path("handouts/<int:topic>/adapt/", library.handout_adapt, name="handout_adapt"),
    path("topics/<int:topic>/guide/", library.guide_detail, name="guide_detail"),
    path("worksheets/<slug:key>/pdf/", library.worksheet_pdf, name="worksheet_pdf"),
    path("forms/<slug:name>/pdf/", library.blank_form_pdf, name="blank_form_pdf"),
    path("print-jobs/new/", jobs.print_job_create, name="print_job_create"),
    path("print-jobs/<uuid:job_id>/", jobs.print_job_detail, name="print_job_detail"),
    path("print-jobs/<uuid:job_id>/status/", jobs.print_job_status, name="print_job_status"),
    path("print-jobs/<uuid:job_id>/download/", jobs.print_job_download, name="print_job_download"),
    path("print-jobs/<uuid:job_id>/retry/", jobs.print_job_retry, name="print_job_retry"),
]

# Printing for one person and what they received: under the person's chart.
consumer_patterns = [
    path("handouts/", consumer.consumer_handouts, name="consumer_handouts"),
    path("handouts/<int:topic>/pdf/", consumer.consumer_handout_pdf, name="consumer_handout_pdf"),
    path("binder/", consumer.consumer_binder, name="consumer_binder"),
    path("print/<slug:name>/", consumer.consumer_form_pdf, name="consumer_form_pdf"),
    path("worksheets/<slug:key>/new/", consumer.worksheet_fill, name="worksheet_fill"),
    path(
        "worksheets/<slug:key>/pdf/", consumer.consumer_worksheet_pdf, name="consumer_worksheet_pdf"
    ),
    path(
        "worksheets/entry/<int:entry_pk>/",
        consumer.worksheet_entry_detail,
        name="worksheet_entry_detail",
    ),
]
