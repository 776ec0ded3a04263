from django.urls import path

from sessions_log.views import (
    calendar_feed,
    groups,
    note_printing,
    notes,
    schedule,
    sessions,
    supervision,
)

urlpatterns = [
    path(
        "forms/progress-note/pdf/",
        note_printing.progress_note_blank_pdf,
        name="progress_note_blank_pdf",
    ),
    path("new/", sessions.session_create, name="session_create"),
    path("week/", schedule.my_week, name="my_week"),
    path("calendar/", calendar_feed.calendar_address, name="calendar_address"),
    path("calendar/<str:token>.ics", calendar_feed.calendar, name="calendar_feed"),
    path("programs/<int:pk>/calendar/", schedule.program_calendar, name="program_calendar"),
    path("people/<int:pk>/appointments/new/", schedule.appointment_edit, name="appointment_create"),
    path(
        "people/<int:pk>/appointments/<int:appointment_pk>/",
        schedule.appointment_edit,
        name="appointment_edit",
    ),
    path(
        "people/<int:pk>/appointments/<int:appointment_pk>/cancel/",
        schedule.appointment_cancel,
        name="appointment_cancel",
    ),
    path(
        "groups/<int:pk>/meetings/change/",
        schedule.group_meeting_change,
        name="group_meeting_change",
    ),
    path("<int:pk>/", sessions.session_detail, name="session_detail"),
    path("<int:pk>/notes/", notes.session_notes, name="session_notes"),
    path("<int:pk>/notes/sign/", notes.session_notes_sign, name="session_notes_sign"),
    path("<int:pk>/notes/autosave/", notes.session_notes_autosave, name="session_notes_autosave"),
    path("notes/<int:note_pk>/addendum/", notes.note_addendum, name="note_addendum"),
    path("notes/review/", notes.notes_review, name="notes_review"),
    path("notes/<int:note_pk>/pdf/", note_printing.note_pdf, name="note_pdf"),
    path("people/<int:pk>/notes/pdf/", note_printing.consumer_notes_pdf, name="consumer_notes_pdf"),
    path("supervision/", supervision.supervision_list, name="supervision_list"),
    path("supervision/new/", supervision.supervision_create, name="supervision_create"),
    path("supervision/<int:pk>/", supervision.supervision_detail, name="supervision_detail"),
    path("groups/", groups.group_list, name="group_list"),
    path("groups/new/", groups.group_create, name="group_create"),
    path("groups/<int:pk>/", groups.group_detail, name="group_detail"),
    path("groups/<int:pk>/edit/", groups.group_edit, name="group_edit"),
    path("groups/<int:pk>/members/add/", groups.group_member_add, name="group_member_add"),
    path(
        "groups/<int:pk>/members/<int:membership_pk>/leave/",
        groups.group_member_leave,
        name="group_member_leave",
    ),
    path("groups/<int:pk>/packets.pdf", groups.group_packets_pdf, name="group_packets_pdf"),
    path("groups/<int:pk>/kit.pdf", groups.group_kit_pdf, name="group_kit_pdf"),
]
