"""Notices: what the app tells each user in their menu, and the e-mail digest counting them.

Two kinds of moment make a notice. An event, in the function that does it: notes signed
(for the program's leaders, to co-sign) and a print job finished (for whoever asked).
And a daily check (imr_site/tasks.py): an IMR Scale falling due and a goal waiting for
its review, each for the person's practitioner, once per due thing; and a formal
fidelity review falling due, for the program's reviewers and coordinators
(fidelity/review_notices.py, fidelity/tasks.py).

A notice's text names no person and no record number, and an e-mail carries only
counts and links: both can be read over a shoulder or on a shared screen.

A notice's text is kept in English, marked here for the catalogue, and shown in the
language of whoever reads it (templates/notices/list.html); the e-mail is written in the
language its recipient chose on their account page.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from consumers import access, attention
from consumers.models import Agency, Consumer, Goal
from imr_site.models import Notice, NoticePreference

Kind = Notice.Kind
Digest = NoticePreference.Digest

# A digest goes out at most once per period. The slack lets a daily task that runs a
# little earlier than yesterday still send.
DIGEST_PERIODS = {
    Digest.DAILY: datetime.timedelta(days=1),
    Digest.WEEKLY: datetime.timedelta(days=7),
}
DIGEST_SLACK = datetime.timedelta(hours=2)
# How the e-mail names each kind: plain words that say nothing clinical.
DIGEST_WORDS = {
    Kind.TO_COSIGN: gettext_lazy("Waiting for your co-signature"),
    Kind.PRINT_DONE: gettext_lazy("Print jobs ready"),
    Kind.SCALE_DUE: gettext_lazy("Forms due for people on your caseload"),
    Kind.GOAL_REVIEW_DUE: gettext_lazy("Follow-ups due for people on your caseload"),
    Kind.REVIEW_DUE: gettext_lazy("Fidelity reviews due"),
    Kind.NOTE_RETURNED: gettext_lazy("Notes returned to you for correcting"),
}


# What a user sees


def of_user(user):
    return Notice.objects.filter(user=user)


def unread_count(user):
    if not user.is_authenticated:
        return 0
    return of_user(user).filter(read_at__isnull=True).count()


def mark_read(notice):
    """Opened: read from now on. Opening it again keeps the first time.

    Not audited: a notice is the user's own reminder, not a record, and says nothing
    the pages it leads to do not (those reads are audited there).
    """
    if notice.read_at is None:
        notice.read_at = timezone.now()
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=notice.read_at)
    return notice


def mark_all_read(user):
    return of_user(user).filter(read_at__isnull=True).update(read_at=timezone.now())


# Events


def cosigners_of(program, *, besides):
    """Active users who co-sign notes in this program, other than `besides`."""
    roles = [role for role, held in access.CAPABILITIES.items() if access.COSIGN_NOTES in held]
    return (
        get_user_model()
        .objects.filter(
            Q(memberships__program=program) | Q(memberships__agency_id=program.agency_id),
            memberships__role__in=roles,
            is_active=True,
        )
        .exclude(pk=besides.pk)
        .distinct()
    )


def notes_signed(session, signed, *, by):
    """Tell the program's leaders that notes wait for their co-signature.

    One unread notice each is enough: it leads to the whole queue. A leader who has not
    opened the last one is not told again.
    """
    if not signed:
        return []
    already = Notice.objects.filter(kind=Kind.TO_COSIGN, read_at__isnull=True).values("user_id")
    leaders = cosigners_of(session.program, besides=by).exclude(pk__in=already)
    return Notice.objects.bulk_create(
        Notice(
            user=leader,
            kind=Kind.TO_COSIGN,
            text=gettext_noop("New notes are signed and waiting for your co-signature."),
            link=reverse("notes_review"),
        )
        for leader in leaders
    )


def note_returned(returned):
    """Tell a note's writer that a co-signer sent it back with what needs correcting."""
    note = returned.note
    return Notice.objects.create(
        user=note.signed_by,
        kind=Kind.NOTE_RETURNED,
        text=gettext_noop("A note you signed was returned to you for correcting."),
        link=reverse("session_notes", args=[note.session_id]) + f"#note-{note.pk}",
    )


def return_answered(returned):
    """Tell whoever returned a note that an addendum answers it: it waits for them again."""
    return Notice.objects.create(
        user=returned.returned_by,
        kind=Kind.TO_COSIGN,
        text=gettext_noop(
            "A note you returned has an addendum and waits for your co-signature again."
        ),
        link=reverse("session_notes", args=[returned.note.session_id])
        + f"#note-{returned.note_id}",
    )


def print_job_done(job):
    """Tell whoever asked for a print job that it is ready to download."""
    return Notice.objects.create(
        user=job.requested_by,
        kind=Kind.PRINT_DONE,
        text=gettext_noop("Your print job is ready to download."),
        link=reverse("print_job_detail", args=[job.pk]),
    )


# The daily check


def create_due_notices(today=None):
    """A notice for each IMR Scale due and each goal due for review, for the person's
    practitioner; made once per due thing, however often this runs. Returns how many
    were made. Each agency's people are checked on the date where the agency is
    (`today` overrides it for all)."""
    made = []
    for agency in Agency.objects.all():
        made += due_notices_in(agency, today or agency.today())
    return save_once(made)


def due_notices_in(agency, today):
    people = list(
        attention.annotate(
            Consumer.objects.filter(
                agency=agency,
                assigned_practitioner__isnull=False,
                assigned_practitioner__is_active=True,
            ),
            today,
        )
        .filter(Q(scale_due__isnull=False) | Q(goals_overdue__gt=0))
        .values_list("pk", "assigned_practitioner_id", "status", "scale_due", "goals_overdue")
    )
    made = [
        scale_due_notice(pk, practitioner, timepoint)
        for pk, practitioner, _, timepoint, _ in people
        if timepoint
    ]
    practitioner_of = {
        pk: practitioner
        for pk, practitioner, status, _, overdue in people
        if overdue and status in Consumer.IN_PROGRAM_STATUSES
    }
    made += [
        goal_review_notice(goal, practitioner_of[goal.consumer_id])
        for goal in Goal.objects.filter(consumer_id__in=practitioner_of).only(
            "consumer_id", "status", "set_on", "last_reviewed_on"
        )
        if goal.review_overdue(today)
    ]
    return made


def save_once(made):
    """Save the notices of a daily check that are new (each due thing once, by its
    `about`); returns how many were."""
    made_before = set(
        Notice.objects.filter(about__in=[n.about for n in made]).values_list("user_id", "about")
    )
    new = [n for n in made if (n.user_id, n.about) not in made_before]
    # notice_once_per_due_thing holds against a check running twice at the same moment.
    Notice.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def scale_due_notice(consumer_pk, practitioner_pk, timepoint):
    return Notice(
        user_id=practitioner_pk,
        kind=Kind.SCALE_DUE,
        text=gettext_noop("An IMR Scale is due for a person on your caseload."),
        link=reverse("consumer_chart", args=[consumer_pk]),
        about=f"scale:{consumer_pk}:{timepoint}",
    )


def goal_review_notice(goal, practitioner_pk):
    # The review restarts the goal's clock: a goal due again later is a new due thing.
    return Notice(
        user_id=practitioner_pk,
        kind=Kind.GOAL_REVIEW_DUE,
        text=gettext_noop("A goal of a person on your caseload is waiting for its review."),
        link=reverse("consumer_chart", args=[goal.consumer_id]),
        about=f"goal:{goal.pk}:{goal.review_clock_started.isoformat()}",
    )


# The e-mail digest


def preference_of(user):
    """The user's digest choice (off until they choose), unsaved if never chosen."""
    return NoticePreference.objects.filter(user=user).first() or NoticePreference(user=user)


def digest_due(preference, now):
    period = DIGEST_PERIODS.get(preference.digest)
    if period is None:
        return False
    return preference.last_sent_at is None or now - preference.last_sent_at >= period - DIGEST_SLACK


def unread_by_kind(user):
    """[(the e-mail's words for a kind, count)] of the user's unread notices."""
    counts = dict(
        of_user(user)
        .filter(read_at__isnull=True)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    return [(DIGEST_WORDS[kind], counts[kind.value]) for kind in Kind if counts.get(kind.value)]


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def language_of(user):
    """The language the user chose on their account page, else the site's (English): an
    e-mail has no browser to follow."""
    choice = getattr(user, "language_choice", None)
    return choice.language if choice else settings.LANGUAGE_CODE


def digest_message(user, counts):
    """The e-mail: counts by kind and links, nothing else (no name, no clinical word), in
    the language that is active (send_digests makes it the recipient's)."""
    context = {
        "counts": counts,
        "total": sum(n for _, n in counts),
        "notices_url": absolute(reverse("notice_list")),
        "account_url": absolute(reverse("account")),
        "site_name": settings.SITE_NAME,
    }
    return EmailMessage(
        subject=_("%(site)s: %(n)d new in your notices")
        % {"site": settings.SITE_NAME, "n": context["total"]},
        body=render_to_string("notices/digest_email.txt", context),
        to=[user.email],
    )


def send_digests(now=None):
    """Send each user who asked for one their digest, if it is due and something is
    unread. Returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    wanted = (
        NoticePreference.objects.exclude(digest=Digest.OFF)
        .filter(user__is_active=True)
        .exclude(user__email="")
    )
    for preference in wanted.select_related("user__language_choice"):
        if not digest_due(preference, now):
            continue
        counts = unread_by_kind(preference.user)
        if counts:
            with translation.override(language_of(preference.user)):
                digest_message(preference.user, counts).send()
            sent += 1
        # Checked even when nothing was unread: the next one waits a whole period.
        NoticePreference.objects.filter(pk=preference.pk).update(last_sent_at=now)
    return sent
