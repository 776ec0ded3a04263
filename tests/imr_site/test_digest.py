"""The notices e-mail: chosen on the account page, sent by the scheduled task on the real
task queue, once per period, with counts and links only."""

import datetime
import re
import time

from django.core import mail
from django.utils import timezone

from consumers.models import Consumer, Supporter
from imr_site import notices, tasks
from imr_site.models import AuditEvent, Notice, NoticePreference
from sessions_log import notes
from tests.builders import group_session
from tests.html_forms import form_in

Kind = Notice.Kind
Digest = NoticePreference.Digest

# Words that would say what kind of care someone gets.
CLINICAL_WORDS = [
    "scale",
    "goal",
    "note",
    "diagnos",
    "symptom",
    "medication",
    "illness",
    "relapse",
    "mental",
    "psychiatr",
    "recovery",
    "hospital",
    "session",
]


def everyones_identifiers():
    """Every name and record number of a person, and every supporter's name, in the database."""
    people = Consumer.objects.values_list("preferred_name", "legal_name", "record_number")
    found = [value for row in people for value in row if value]
    found += [name for name in Supporter.objects.values_list("name", flat=True) if name]
    assert found
    return found


def choose(user, digest, *, sent=None):
    return NoticePreference.objects.update_or_create(
        user=user, defaults={"digest": digest, "last_sent_at": sent}
    )[0]


def notice(user, kind=Kind.PRINT_DONE, **fields):
    return Notice.objects.create(
        user=user, kind=kind, text="Something for you.", link="/", **fields
    )


# Choosing it on the account page


def test_the_account_page_offers_the_choice_and_saves_it_with_its_audit_event(world, client_for):
    client = client_for("practitioner")
    form = form_in(client.get("/accounts/").content.decode(), "digest-form")
    assert form.data()["digest"] == ["off"]
    response = client.post(form.action, form.data(digest="weekly"), follow=True)
    assert "Notices e-mail: Once a week." in response.content.decode()
    assert NoticePreference.objects.get(user=world.user("practitioner")).digest == Digest.WEEKLY
    event = AuditEvent.objects.get(actor=world.user("practitioner"), fields=["digest"])
    assert event.action == AuditEvent.Action.CHANGE
    again = form_in(client.get("/accounts/").content.decode(), "digest-form")
    assert again.data()["digest"] == ["weekly"]


def test_without_an_email_address_the_digest_stays_off(world, client_for):
    user = world.user("practitioner")
    user.email = ""
    user.save()
    client = client_for("practitioner")
    page = client.get("/accounts/").content.decode()
    assert "no e-mail address yet" in page
    form = form_in(page, "digest-form")
    response = client.post(form.action, form.data(digest="daily"), follow=True)
    assert "no e-mail address yet" in response.content.decode()
    assert not NoticePreference.objects.filter(user=user).exists()


# When it is sent


def test_daily_goes_out_once_a_day_and_weekly_once_a_week(world):
    now = timezone.now()
    daily = choose(world.user("practitioner"), Digest.DAILY)
    weekly = choose(world.user("leader"), Digest.WEEKLY)
    off = choose(world.user("coordinator"), Digest.OFF)
    for preference in (daily, weekly, off):
        notice(preference.user)
    assert notices.send_digests(now) == 2
    assert notices.send_digests(now + datetime.timedelta(hours=1)) == 0
    assert notices.send_digests(now + datetime.timedelta(days=1)) == 1
    assert notices.send_digests(now + datetime.timedelta(days=7)) == 2
    assert {m.to[0] for m in mail.outbox} == {"practitioner@demo.invalid", "leader@demo.invalid"}


def test_nothing_unread_sends_nothing(world):
    choose(world.user("practitioner"), Digest.DAILY)
    notice(world.user("practitioner"), read_at=timezone.now())
    assert notices.send_digests() == 0
    assert mail.outbox == []


def test_a_deactivated_account_gets_no_email(world):
    user = world.user("practitioner")
    choose(user, Digest.DAILY)
    notice(user)
    user.is_active = False
    user.save()
    assert notices.send_digests() == 0


def test_the_email_counts_each_kind_and_links_to_the_notices(world, settings):
    settings.SITE_URL = "https://imr.example.org"
    user = world.user("practitioner")
    choose(user, Digest.DAILY)
    notice(user, Kind.SCALE_DUE)
    notice(user, Kind.SCALE_DUE)
    notice(user, Kind.GOAL_REVIEW_DUE)
    notice(user, Kind.PRINT_DONE, read_at=timezone.now())
    notices.send_digests()
    (message,) = mail.outbox
    assert "Forms due for people on your caseload: 2" in message.body
    assert "Follow-ups due for people on your caseload: 1" in message.body
    assert "Print jobs" not in message.body
    assert "https://imr.example.org/notices/" in message.body
    assert "https://imr.example.org/accounts/" in message.body
    assert message.subject.endswith("3 new in your notices")


# On the real task queue


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def signed_group_notes(world):
    """A Tuesday group session's notes, written and signed by the practitioner."""
    practitioner = world.user("practitioner")
    session = group_session(world)
    for row in session.attendance.filter(status="present").select_related("consumer"):
        notes.save_draft(session, row.consumer, {"next_plan": "Talk"}, revision=0, by=practitioner)
    return notes.sign_drafts(session, practitioner)


def test_the_scheduled_tasks_run_on_a_real_worker_and_the_email_names_nobody(redis_worker, world):
    assert signed_group_notes(world)
    chosen = ("practitioner", "priya.nair", "leader", "coordinator")
    for username in chosen:
        choose(world.user(username), Digest.DAILY)
    tasks.create_due_notices.delay()
    tasks.send_digests.delay()
    assert wait_for(lambda: not NoticePreference.objects.filter(last_sent_at__isnull=True).exists())
    # Those with something unread get one e-mail each; the others none.
    told = set(
        Notice.objects.filter(read_at__isnull=True, user__username__in=chosen).values_list(
            "user__email", flat=True
        )
    )
    assert {"practitioner@demo.invalid", "leader@demo.invalid"} <= told
    assert sorted(m.to[0] for m in mail.outbox) == sorted(told)
    identifiers = everyones_identifiers()
    for message in mail.outbox:
        text = f"{message.subject}\n{message.body}".lower()
        assert [w for w in identifiers if w.lower() in text] == [], message.to
        assert [w for w in CLINICAL_WORDS if w in text] == [], message.to
        assert re.findall(r"https?://\S+", message.body) == [
            "http://127.0.0.1:8000/notices/",
            "http://127.0.0.1:8000/accounts/",
        ]
    by_address = {m.to[0]: m.body for m in mail.outbox}
    assert "Waiting for your co-signature: 1" in by_address["leader@demo.invalid"]
    assert "Forms due for people on your caseload" in by_address["practitioner@demo.invalid"]
