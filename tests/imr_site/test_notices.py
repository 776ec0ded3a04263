"""Notices: made at each event for the right people, named without names, read when
opened, counted in the menu, and nobody else's to open."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from consumers import attention
from consumers.models import Consumer
from curriculum import tasks as print_tasks
from curriculum.models import PrintJob
from imr_site import notices
from imr_site.models import AuditEvent, Notice
from imr_site.views_notices import NOTICES_PAGE_SIZE
from sessions_log import notes
from tests import builders
from tests.builders import group_session
from tests.dates import days_ago
from tests.forms import notes_data

pytestmark = pytest.mark.usefixtures("frozen_today")

Kind = Notice.Kind


def names_and_record_numbers():
    for name, number in Consumer.objects.values_list("preferred_name", "record_number"):
        yield from (name, number)


def sign_a_group_session(world, client_for):
    session = group_session(world)
    practitioner = client_for("practitioner")
    practitioner.post(f"/sessions/{session.pk}/notes/", notes_data(session))
    practitioner.post(f"/sessions/{session.pk}/notes/sign/", {"password": "imr-demo"})
    return session


def notice_of(user):
    return Notice.objects.get(user=user)


# Notes signed: the program's leaders are told


def test_signing_notes_tells_the_programs_leader_and_nobody_else(world, client_for):
    sign_a_group_session(world, client_for)
    made = Notice.objects.all()
    assert [(n.user.username, n.kind) for n in made] == [("leader", Kind.TO_COSIGN)]
    assert made[0].link == reverse("notes_review")
    assert made[0].read_at is None


def test_a_leader_with_an_unread_notice_is_not_told_again(world, client_for):
    sign_a_group_session(world, client_for)
    sign_a_group_session(world, client_for)
    assert Notice.objects.filter(user=world.user("leader")).count() == 1


def test_a_leader_who_opened_the_notice_is_told_of_the_next_notes(world, client_for):
    sign_a_group_session(world, client_for)
    client_for("leader").get(f"/notices/{notice_of(world.user('leader')).pk}/")
    sign_a_group_session(world, client_for)
    assert Notice.objects.filter(user=world.user("leader"), read_at__isnull=True).count() == 1
    assert Notice.objects.filter(user=world.user("leader")).count() == 2


def test_a_leader_signing_is_not_told_to_cosign_their_own_notes(world):
    leader = world.user("leader")
    session = builders.logged_session(
        world.northside,
        {world.consumer("RB-1001"): builders.PRESENT},
        by=leader,
        held_on=builders.days_before_today(1),
    )
    notes.save_draft(
        session, world.consumer("RB-1001"), {"next_plan": "Talk"}, revision=0, by=leader
    )
    notes.sign_drafts(session, leader)
    assert not Notice.objects.exists()


def test_signing_nothing_tells_nobody(world):
    session = group_session(world)
    assert notes.sign_drafts(session, world.user("practitioner")) == []
    assert not Notice.objects.exists()


# A print job done: whoever asked is told


def test_a_finished_print_job_tells_whoever_asked(world):
    job = PrintJob.objects.create(
        requested_by=world.user("leader"),
        program=world.northside,
        options={"topics": [0], "audience": "individual"},
    )
    print_tasks.print_program_binders(str(job.pk))
    notice = notice_of(world.user("leader"))
    assert (notice.kind, notice.link) == (Kind.PRINT_DONE, f"/curriculum/print-jobs/{job.pk}/")
    assert Notice.objects.count() == 1


# The daily check: scales due and goals to review, once each


def test_the_daily_check_tells_each_practitioner_of_the_scales_due_on_their_caseload(world):
    notices.create_due_notices()
    due = attention.annotate(Consumer.objects.all(), timezone.localdate()).filter(
        scale_due__isnull=False
    )
    expected = {(c.assigned_practitioner_id, f"/consumers/{c.pk}/") for c in due}
    made = set(Notice.objects.filter(kind=Kind.SCALE_DUE).values_list("user_id", "link"))
    assert expected and made == expected


def test_the_daily_check_makes_one_notice_per_due_thing_however_often_it_runs(world):
    first = notices.create_due_notices()
    assert first == Notice.objects.count() > 0
    assert notices.create_due_notices() == 0
    assert Notice.objects.count() == first


def taking_part(world, record_number, name):
    """A person of the practitioner's, referred 60 days ago and in orientation since."""
    practitioner = world.user("practitioner")
    person = builders.person(
        world.northside, record_number, name, by=practitioner, assigned_practitioner=practitioner
    )
    person.change_status(Consumer.Status.ORIENTATION, on=days_ago(50), by=practitioner)
    return person


def test_a_goal_unreviewed_for_more_than_30_days_is_due_and_a_review_restarts_it(world):
    practitioner = world.user("practitioner")
    person = taking_part(world, "RB-1901", "Jordan Lee")
    goal = builders.goal(
        person, by=practitioner, description="Cook dinner twice a week", set_on=days_ago(31)
    )
    notices.create_due_notices()
    mine = Notice.objects.filter(kind=Kind.GOAL_REVIEW_DUE, link=f"/consumers/{person.pk}/")
    assert [n.user for n in mine.all()] == [practitioner]
    goal.add_review(
        reviewed_on=days_ago(0), progress="Cooked twice.", status=goal.status, by=practitioner
    )
    notices.create_due_notices()
    assert mine.count() == 1
    # Thirty-one days after the review it is due again: a new due thing, a new notice.
    notices.create_due_notices(today=timezone.localdate() + datetime.timedelta(days=31))
    assert mine.count() == 2


def test_a_goal_reviewed_in_time_is_not_due(world):
    practitioner = world.user("practitioner")
    person = taking_part(world, "RB-1902", "Sky Park")
    builders.goal(person, by=practitioner, description="Walk daily", set_on=days_ago(30))
    notices.create_due_notices()
    assert not Notice.objects.filter(
        kind=Kind.GOAL_REVIEW_DUE, link=f"/consumers/{person.pk}/"
    ).exists()


def test_the_daily_check_counts_days_where_the_agency_is(world):
    # 15:00 in New York is already 09:00 the next morning in Auckland.
    agency = world.northside.agency
    agency.time_zone = "Pacific/Auckland"
    agency.save(update_fields=["time_zone"])
    assert agency.today() == timezone.localdate() + datetime.timedelta(days=1)
    person = taking_part(world, "RB-1903", "Rio Tam")
    builders.goal(person, by=world.user("practitioner"), description="Walk", set_on=days_ago(30))
    notices.create_due_notices()
    assert Notice.objects.filter(
        kind=Kind.GOAL_REVIEW_DUE, link=f"/consumers/{person.pk}/"
    ).exists()


def test_no_notice_names_a_person_or_a_record_number(world, client_for):
    sign_a_group_session(world, client_for)
    notices.create_due_notices()
    texts = " ".join(Notice.objects.values_list("text", flat=True))
    assert texts
    assert [word for word in names_and_record_numbers() if word in texts] == []


# Reading them


def test_opening_a_notice_goes_to_its_page_and_marks_it_read(world, client_for):
    sign_a_group_session(world, client_for)
    notice = notice_of(world.user("leader"))
    response = client_for("leader").get(f"/notices/{notice.pk}/")
    assert (response.status_code, response["Location"]) == (302, "/sessions/notes/review/")
    notice.refresh_from_db()
    assert notice.read_at is not None
    first_read = notice.read_at
    client_for("leader").get(f"/notices/{notice.pk}/")
    notice.refresh_from_db()
    assert notice.read_at == first_read


def test_another_users_notice_is_a_404_and_stays_unread(world, client_for):
    sign_a_group_session(world, client_for)
    notice = notice_of(world.user("leader"))
    for username in ("practitioner", "admin"):
        assert client_for(username).get(f"/notices/{notice.pk}/").status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.ACCESS_DENIED, target_id=str(notice.pk)
    ).exists()


def badge(html):
    found = re.search(r'<span class="badge[^"]*">(\d+)<span class="visually-hidden"> unread', html)
    return int(found.group(1)) if found else 0


def test_the_menu_counts_unread_notices_with_words_for_screen_readers(world, client_for):
    practitioner = world.user("practitioner")
    Notice.objects.bulk_create(
        Notice(user=practitioner, kind=Kind.PRINT_DONE, text="Ready.", link="/") for _ in range(3)
    )
    client = client_for("practitioner")
    assert badge(client.get("/").content.decode()) == 3
    client.get(f"/notices/{Notice.objects.filter(user=practitioner).first().pk}/")
    assert badge(client.get("/").content.decode()) == 2
    assert badge(client_for("leader").get("/").content.decode()) == 0


def test_the_list_is_newest_first_and_marks_all_read_on_request(world, client_for):
    practitioner = world.user("practitioner")
    now = timezone.now()
    for n, text in enumerate(["Oldest one.", "Middle one.", "Newest one."]):
        Notice.objects.create(
            user=practitioner,
            kind=Kind.PRINT_DONE,
            text=text,
            link="/",
            created_at=now - datetime.timedelta(hours=3 - n),
        )
    client = client_for("practitioner")
    page = client.get("/notices/").content.decode()
    assert page.index("Newest one.") < page.index("Middle one.") < page.index("Oldest one.")
    client.post("/notices/all-read/")
    assert not Notice.objects.filter(user=practitioner, read_at__isnull=True).exists()
    assert badge(client.get("/notices/").content.decode()) == 0


def test_the_list_is_paged(world, client_for):
    practitioner = world.user("practitioner")
    Notice.objects.bulk_create(
        Notice(user=practitioner, kind=Kind.PRINT_DONE, text=f"Job {n}.", link="/")
        for n in range(NOTICES_PAGE_SIZE + 1)
    )
    client = client_for("practitioner")
    assert "Page 1 of 2" in client.get("/notices/").content.decode()
    assert client.get("/notices/?page=2").content.decode().count('href="/notices/') >= 1


def test_a_user_sees_only_their_own_notices(world, client_for):
    Notice.objects.create(
        user=world.user("leader"), kind=Kind.PRINT_DONE, text="A job for the leader.", link="/"
    )
    assert (
        "A job for the leader." not in client_for("practitioner").get("/notices/").content.decode()
    )
    assert "A job for the leader." in client_for("leader").get("/notices/").content.decode()


def test_the_menu_count_is_one_query(world, client_for, django_assert_max_num_queries):
    client = client_for("practitioner")
    client.get("/notices/")
    Notice.objects.create(
        user=world.user("practitioner"), kind=Kind.PRINT_DONE, text="A.", link="/"
    )
    with django_assert_max_num_queries(12) as few:
        client.get("/notices/")
    Notice.objects.bulk_create(
        Notice(user=world.user("practitioner"), kind=Kind.PRINT_DONE, text="B.", link="/")
        for _ in range(20)
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/notices/")
