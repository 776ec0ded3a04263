from django.urls import path

from sessions_log.views import notes as views

urlpatterns = [
    path("forms/progress-note/pdf/", views.progress_note_blank_pdf, name="progress_note_blank_pdf"),
    path("new/", views.session_create, name="session_create"),
    path("<int:pk>/", views.session_detail, name="session_detail"),
    path("<int:pk>/notes/", views.session_notes, name="session_notes"),
    path("<int:pk>/notes/sign/", views.session_notes_sign, name="session_notes_sign"),
    path("<int:pk>/notes/autosave/", views.session_notes_autosave, name="session_notes_autosave"),
    path("notes/<int:note_pk>/addendum/", views.note_addendum, name="note_addendum"),
    path("notes/review/", views.notes_review, name="notes_review"),
    path("notes/<int:note_pk>/pdf/", views.note_pdf, name="note_pdf"),
    path("people/<int:pk>/notes/pdf/", views.consumer_notes_pdf, name="consumer_notes_pdf"),
    path("supervision/", views.supervision_list, name="supervision_list"),
    path("supervision/new/", views.supervision_create, name="supervision_create"),
    path("supervision/<int:pk>/", views.supervision_detail, name="supervision_detail"),
    path("groups/", views.group_list, name="group_list"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("groups/<int:pk>/members/add/", views.group_member_add, name="group_member_add"),
    path(
        "groups/<int:pk>/members/<int:membership_pk>/leave/",
        views.group_member_leave,
        name="group_member_leave",
    ),
    path("groups/<int:pk>/packets.pdf", views.group_packets_pdf, name="group_packets_pdf"),
    path("groups/<int:pk>/kit.pdf", views.group_kit_pdf, name="group_kit_pdf"),
]
