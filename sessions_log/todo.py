"""Sessions, notes, homework and the team on the to-do lists, computed in the database.

The practitioner's list (`for_practitioner`) gathers the chart's entries
(consumers/todo.py) and adds what sessions hold: notes not written, drafts to sign and
overdue ones (sessions_log/notes.py's rule), homework to follow up, an inventory not
done by the third session. The leader's team entries are here too; fidelity/todo.py
puts the leader's list together. Each function runs one query whatever the numbers.
"""

import datetime
from typing import NamedTuple

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consumers import todo as chart_todo
from consumers.models import Consumer, KnowledgeSkillsInventory, Membership, Program, Role
from consumers.todo import SHOWN, Entry, people_entry
from imr_site import dialect
from sessions_log import notes, schedule
from sessions_log.models import (
    Attendance,
    Group,
    GroupMembership,
    NoteReturn,
    ProgressNote,
    Session,
    SupervisionMeeting,
)

# The inventory is done in session 2 or 3 (the KIT): after the third, it is late.
INVENTORY_BY_SESSION = 3
# The KIT's guidance on the team: 3 to 8 practitioners, and in a practitioner's first
# year at most 4 people seen on their own.
TEAM_SMALLEST, TEAM_LARGEST = 3, 8
FIRST_YEAR_DAYS = 365
FIRST_YEAR_INDIVIDUAL_LIMIT = 4
# "Seen individually": present at an individual session they led this recently.
SEEN_WITHIN_DAYS = 90
# Complete weeks (Monday to Sunday) before this one checked for a group supervision.
SUPERVISION_WEEKS_CHECKED = 4


def _count(rows, by):
    """A subquery counting `rows`, tied to the outer row through the field `by`."""
    counted = rows.order_by().values(by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


# The practitioner's list


def this_week(user, today):
    """The user's sessions still to come this week, today's first, as (label, url) pairs:
    their groups' meetings and their appointments, not cancelled and not yet logged. A
    label names a group or "Individual session", never a person, so the home page shows
    no one's name. Five queries however many (schedule.occurrences)."""
    window = (today, schedule.week_of(today)[1])
    week = []
    programs = chart_todo.practising_programs(user)
    for occurrence in schedule.occurrences_of(user, programs, window):
        if occurrence.cancelled or occurrence.is_logged:
            continue
        # The day's name in the language of the page.
        day = _("Today") if occurrence.on == today else date_format(occurrence.on, "l")
        what = occurrence.group.name if occurrence.is_group else _("Individual session")
        url = occurrence.log_url() if occurrence.on == today else schedule.week_url(occurrence.on)
        week.append((f"{day} {occurrence.starts:%H:%M} · {what}", url))
    return week


class SessionToWriteUp(NamedTuple):
    pk: int
    held_on: datetime.date
    group_name: str | None
    drafts: int
    unwritten: int
    returned: int


def sessions_to_write_up(user, today):
    """The sessions whose notes the user signs (sessions_log/notes.py may_sign) with a
    note not written, a draft, or a note of theirs returned for correcting, with how many
    of each, oldest first.

    Plain SQL, read as values and sifted here: as annotations Django took longer to build
    the three counts on every visit than PostgreSQL took to count them, and filtering on
    them made it build each twice. Not written is notes.without_note's rule, as its SQL
    (notes.without_note_sql). A session whose notes are all signed owes none:
    only a note returned since can bring it back (its history is not read again).
    """
    programs = chart_todo.practising_programs(user)
    if not programs:
        return []
    session, note = Session._meta.db_table, ProgressNote._meta.db_table
    returned_to_them = (
        f"FROM {NoteReturn._meta.db_table} r JOIN {note} n ON n.id = r.note_id "
        "WHERE n.signed_by_id = %s AND r.settled_at IS NULL"
    )
    query = (
        "SELECT s.id, s.held_on, g.name, "  # noqa: S608 (names are ours)
        f"(SELECT COUNT(*) FROM {note} n WHERE n.session_id = s.id AND n.signed_at IS NULL), "
        f"(SELECT COUNT(*) FROM {Attendance._meta.db_table} a WHERE a.session_id = s.id "
        f"AND {notes.without_note_sql('a')}), "
        f"(SELECT COUNT(*) {returned_to_them} AND n.session_id = s.id) "
        f"FROM {session} s LEFT JOIN {Group._meta.db_table} g ON g.id = s.group_id "
        "WHERE (s.facilitator_id = %s OR s.group_id IN (SELECT f.group_id "
        f"FROM {Group.facilitators.through._meta.db_table} f WHERE f.user_id = %s)) "
        f"AND (NOT s.notes_done OR s.id IN (SELECT n.session_id {returned_to_them})) "
        f"AND {dialect.one_of('s.program_id')} ORDER BY s.held_on, s.id"
    )
    params = [Attendance.Status.PRESENT, user.pk, user.pk, user.pk, user.pk, programs]
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        counted = cursor.fetchall()
    return [SessionToWriteUp(*row) for row in counted if any(row[3:])]


def _session_label(session, counted):
    kind = session.group_name or _("Individual session")
    return f"{session.held_on:%Y-%m-%d}, {kind}: {counted}"


def _sessions_entry(key, title, sessions, count_of, counted):
    """Sessions, each labelled with `counted(count_of(session))`: "2 drafts"."""
    return Entry(
        key,
        title,
        len(sessions),
        [
            (
                _session_label(s, counted(count_of(s))),
                reverse("session_notes", args=[s.pk]),
                None,
            )
            for s in sessions[:SHOWN]
        ],
    )


def note_entries(user, today):
    sessions = sessions_to_write_up(user, today)
    overdue_before = today - notes.overdue_after()
    with_drafts = [s for s in sessions if s.drafts]
    return [
        _sessions_entry(
            "returned",
            _("Notes returned to you for correcting"),
            [s for s in sessions if s.returned],
            lambda s: s.returned,
            lambda n: ngettext("%(n)d returned note", "%(n)d returned notes", n) % {"n": n},
        ),
        _sessions_entry(
            "unwritten",
            _("Sessions with notes not written"),
            [s for s in sessions if s.unwritten],
            lambda s: s.unwritten,
            lambda n: ngettext("%(n)d note", "%(n)d notes", n) % {"n": n},
        ),
        _sessions_entry(
            "drafts_overdue",
            _("Draft notes overdue: sign them"),
            [s for s in with_drafts if s.held_on < overdue_before],
            lambda s: s.drafts,
            drafts_counted,
        ),
        _sessions_entry(
            "drafts",
            _("Draft notes to sign"),
            [s for s in with_drafts if s.held_on >= overdue_before],
            lambda s: s.drafts,
            drafts_counted,
        ),
    ]


def drafts_counted(n):
    return ngettext("%(n)d draft", "%(n)d drafts", n) % {"n": n}


def inventory_missing():
    """True for someone taking part who came to INVENTORY_BY_SESSION sessions or more and
    has no Knowledge and Skills Inventory: SQL about the outer row (the person), as
    consumers/attention.py writes its rules."""
    people = Consumer._meta.db_table
    statuses = ", ".join(f"'{status}'" for status in Consumer.IN_PROGRAM_STATUSES)
    return RawSQL(  # noqa: S611 (ours)
        f"({people}.status IN ({statuses}) "  # noqa: S608
        f"AND (SELECT COUNT(*) FROM {Attendance._meta.db_table} a "
        f"WHERE a.consumer_id = {people}.id AND a.status = %s) >= %s "
        f"AND NOT EXISTS (SELECT 1 FROM {KnowledgeSkillsInventory._meta.db_table} k "
        f"WHERE k.consumer_id = {people}.id))",
        (Attendance.Status.PRESENT, INVENTORY_BY_SESSION),
        output_field=BooleanField(),
    )


def people_with_something_to_do(user, today, also=()):
    """The practitioner's people with an entry on the list (and those in `also`),
    annotated for every entry, in one query.

    The caseload is read whole and sifted here: a filter on the annotations would make
    Django compile each of them twice, which cost more than reading a caseload's rows.
    """
    people = chart_todo.annotate(chart_todo.caseload(user), today).annotate(
        inventory_missing=inventory_missing()
    )
    return [
        person
        for person in people.order_by("preferred_name", "pk")
        if chart_todo.has_something(person) or person.inventory_missing or person.pk in also
    ]


def for_practitioner(user, today):
    """Every entry of the practitioner's list, most pressing first, and the people named."""
    homework = notes.open_homework(
        chart_todo.caseload(user).filter(status__in=Consumer.IN_PROGRAM_STATUSES),
        today + datetime.timedelta(days=1),
    )
    people = people_with_something_to_do(user, today, also=homework)
    entries = [
        *note_entries(user, today),
        *chart_todo.entries(people),
        people_entry(
            "inventory",
            _("No inventory after %(n)d sessions") % {"n": INVENTORY_BY_SESSION},
            [p for p in people if p.inventory_missing],
            anchor="#inventory",
        ),
        people_entry(
            "homework",
            _("Homework to follow up at the next session"),
            [p for p in people if p.pk in homework],
            anchor="#homework",
            label=lambda p: (
                _("%(name)s: agreed %(date)s")
                % {"name": p.preferred_name, "date": f"{homework[p.pk].agreed_on:%Y-%m-%d}"}
            ),
        ),
    ]
    return entries


# The leader's team


def cosignature_entry(user):
    """Notes the user may co-sign: how many, and since when the oldest has waited."""
    waiting = notes.awaiting_cosignature(by=user).aggregate(n=Count("pk"), oldest=Min("signed_at"))
    rows = []
    if waiting["n"]:
        n = waiting["n"]
        label = ngettext(
            "%(n)d note, the oldest signed %(date)s", "%(n)d notes, the oldest signed %(date)s", n
        ) % {"n": n, "date": f"{waiting['oldest']:%Y-%m-%d}"}
        rows = [(label, reverse("notes_review"), None)]
    return Entry("cosign", _("Notes waiting for your co-signature"), waiting["n"], rows)


def overdue_notes_entry(programs, today):
    """The team's notes not signed in time (team_programs counts them), by program."""
    rows = []
    for p in programs:
        if p.late_drafts or p.unwritten:
            drafts = ngettext(
                "%(n)d draft not signed", "%(n)d drafts not signed", p.late_drafts
            ) % {"n": p.late_drafts}
            label = _("%(program)s: %(drafts)s, %(unwritten)d not written") % {
                "program": p.name,
                "drafts": drafts,
                "unwritten": p.unwritten,
            }
            rows.append((label, reverse("notes_review"), None))
    total = sum(p.late_drafts + p.unwritten for p in programs)
    return Entry("team_overdue", _("The team's overdue notes"), total, rows)


def weeks_checked(today):
    """The Mondays of the SUPERVISION_WEEKS_CHECKED complete weeks before this one, oldest first."""
    monday = today - datetime.timedelta(days=today.weekday())
    return [monday - datetime.timedelta(weeks=n) for n in range(SUPERVISION_WEEKS_CHECKED, 0, -1)]


def team_programs(program_ids, today):
    """The programs with their practitioners and overdue notes (sessions_log/notes.py's
    rule) counted, and the Mondays of the weeks checked that had a group supervision
    (`supervised`): two queries."""
    practitioners = Membership.objects.filter(program=OuterRef("pk"), role=Role.PRACTITIONER)
    # Joined to the program directly, not through a subquery of its sessions: the
    # planner then reads the program's sessions by index instead of scanning them all.
    of_program = Q(session__program=OuterRef("pk"))
    programs = list(
        Program.objects.filter(pk__in=program_ids)
        .annotate(
            practitioners=_count(practitioners, "program"),
            late_drafts=_count(
                notes.overdue_drafts(today=today, where=of_program), "session__program"
            ),
            unwritten=_count(
                notes.missing_notes(today=today, where=of_program), "session__program"
            ),
        )
        .order_by("name")
    )
    supervised = supervised_weeks(program_ids, today)
    for program in programs:
        program.supervised = supervised.get(program.pk, set())
    return programs


def supervised_weeks(program_ids, today):
    """{program id: the Mondays of the weeks checked in which it held a group supervision}.

    One plain query read here: a condition per week in the programs' query cost Django
    more to compile than PostgreSQL to answer."""
    mondays = weeks_checked(today)
    held = SupervisionMeeting.objects.filter(
        program__in=program_ids,
        kind=SupervisionMeeting.Kind.GROUP,
        held_on__range=(mondays[0], mondays[-1] + datetime.timedelta(days=6)),
    ).values_list("program_id", "held_on")
    weeks = {}
    for program_id, day in held:
        weeks.setdefault(program_id, set()).add(day - datetime.timedelta(days=day.weekday()))
    return weeks


def supervision_entry(programs, today):
    """Each complete week of the last few with no group supervision recorded (not before
    the program began, when its start is known)."""
    rows = []
    for program in programs:
        for monday in weeks_checked(today):
            begun = program.started_on is None or program.started_on <= monday
            if begun and monday not in program.supervised:
                label = _("%(program)s: the week of %(date)s") % {
                    "program": program.name,
                    "date": f"{monday:%Y-%m-%d}",
                }
                rows.append((label, reverse("supervision_create"), None))
    return Entry(
        "supervision", _("Weeks with no group supervision recorded"), len(rows), rows[:SHOWN]
    )


def team_size_entry(programs):
    rows = [
        (
            ngettext(
                "%(program)s: %(n)d practitioner",
                "%(program)s: %(n)d practitioners",
                p.practitioners,
            )
            % {"program": p.name, "n": p.practitioners},
            reverse("fidelity_dashboard", args=[p.pk]),
            None,
        )
        for p in programs
        if not TEAM_SMALLEST <= p.practitioners <= TEAM_LARGEST
    ]
    return Entry(
        "team_size",
        _("Teams outside %(smallest)d to %(largest)d practitioners")
        % {"smallest": TEAM_SMALLEST, "largest": TEAM_LARGEST},
        len(rows),
        rows,
    )


def first_year_caseloads(program_ids, today):
    """Practitioners in their first year on a team who see more people on their own than
    the KIT suggests: people still taking part, present at an individual session they led
    in the last SEEN_WITHIN_DAYS days, counted in that program."""
    seen = (
        Attendance.objects.filter(
            status=Attendance.Status.PRESENT,
            session__kind=Session.Kind.INDIVIDUAL,
            session__facilitator=OuterRef("user"),
            session__program=OuterRef("program"),
            session__held_on__gte=today - datetime.timedelta(days=SEEN_WITHIN_DAYS),
            consumer__status__in=Consumer.IN_PROGRAM_STATUSES,
        )
        .order_by()
        .values("session__facilitator")
        .annotate(n=Count("consumer", distinct=True))
        .values("n")
    )
    return list(
        Membership.objects.filter(
            program__in=program_ids,
            role=Role.PRACTITIONER,
            created_at__date__gt=today - datetime.timedelta(days=FIRST_YEAR_DAYS),
        )
        .annotate(seen=Coalesce(Subquery(seen, output_field=IntegerField()), 0))
        .filter(seen__gt=FIRST_YEAR_INDIVIDUAL_LIMIT)
        .select_related("user", "program")
        .order_by("program__name", "user__last_name", "user__first_name")
    )


def first_year_entry(program_ids, today):
    rows = []
    for m in first_year_caseloads(program_ids, today):
        name = m.user.get_full_name() or m.user.username
        query = urlencode({"program": m.program_id, "practitioner": m.user_id})
        rows.append(
            (
                _("%(name)s (%(program)s): %(n)d people seen on their own")
                % {"name": name, "program": m.program.name, "n": m.seen},
                f"{reverse('caseload')}?{query}",
                None,
            )
        )
    return Entry(
        "first_year",
        _("First-year practitioners seeing more than %(n)d people on their own")
        % {"n": FIRST_YEAR_INDIVIDUAL_LIMIT},
        len(rows),
        rows[:SHOWN],
    )


def groups_over_capacity(programs, today):
    """Running groups of these programs with more than Group.CAPACITY members today."""
    return (
        Group.objects.filter(program__in=programs)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .annotate(
            members=Count("memberships", filter=GroupMembership.in_force_on(today, "memberships__"))
        )
        .filter(members__gt=Group.CAPACITY)
        .order_by("name")
    )


def groups_entry(programs, today):
    found = list(groups_over_capacity(programs, today))
    return Entry(
        "groups",
        _("Groups with more than %(n)d members") % {"n": Group.CAPACITY},
        len(found),
        [(group_label(g), reverse("group_detail", args=[g.pk]), None) for g in found],
    )


def group_label(group):
    """A group over capacity, with its members counted (groups_over_capacity)."""
    return _("%(group)s (%(n)d members)") % {"group": group.name, "n": group.members}
