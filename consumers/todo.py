"""The chart's entries on a practitioner's to-do list, computed in the database.

Whose people: those the practitioner is the assigned practitioner of, in the programs
where they practise. A colleague's people stay on the colleague's list, and someone
reassigned moves with the assignment. Discharged people never count; the rest count as
the rules in consumers/attention.py say (the IMR Scale, goals, referrals), plus
consenting supporters with no contact this calendar month.

Every entry is a count and the first few people, each with a link to the part of the
chart that settles it. Other apps add their entries (sessions_log/todo.py, fidelity/todo.py)
in the same shape.
"""

from dataclasses import dataclass

from django.db.models import IntegerField
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consumers import access, attention
from consumers.models import Consumer, Role, Supporter, SupporterContact
from consumers.models.goals import REVIEW_INTERVAL_DAYS

SHOWN = 8


@dataclass
class Entry:
    """One line of a to-do list: how many, the first SHOWN (label, url, person or None)."""

    key: str
    title: str
    count: int
    rows: list
    more_url: str = ""

    @property
    def more(self):
        return max(self.count - len(self.rows), 0)


def people_entry(key, title, people, *, anchor="", label=lambda c: c.preferred_name):
    """An entry naming people, each linked to their chart (at `anchor`, if given)."""
    return Entry(
        key,
        title,
        len(people),
        [(label(c), c.get_absolute_url() + anchor, c) for c in people[:SHOWN]],
    )


def practising_programs(user):
    """Ids of the programs where the user is a practitioner, read from memory."""
    return [m.program_id for m in access.memberships_of(user) if m.role == Role.PRACTITIONER]


def caseload(user):
    """The practitioner's own people: assigned to them, in a program where they practise."""
    return Consumer.objects.filter(
        assigned_practitioner=user, program__in=practising_programs(user)
    )


def supporters_waiting(today):
    """How many supporters with consent in force today had no contact this calendar month.

    SQL about the outer row (the person), as attention's rules are written, for the same
    reason: Django took longer to build it as a queryset than PostgreSQL to answer."""
    person = f"{Consumer._meta.db_table}.id"
    return RawSQL(  # noqa: S611 (ours)
        f"(SELECT COUNT(*) FROM {Supporter._meta.db_table} sp WHERE sp.consumer_id = {person} "  # noqa: S608
        # Consent in force on the day, as Supporter.had_consent_on reads it.
        "AND sp.consent_given_on <= %s "
        "AND (sp.consent_withdrawn_on IS NULL OR sp.consent_withdrawn_on > %s) "
        f"AND NOT EXISTS (SELECT 1 FROM {SupporterContact._meta.db_table} sc "
        "WHERE sc.supporter_id = sp.id AND sc.contacted_on >= %s))",
        (today, today, today.replace(day=1)),
        output_field=IntegerField(),
    )


def annotate(people, today):
    """attention.annotate's flags, and supporters_waiting."""
    return attention.annotate(people, today).annotate(supporters_waiting=supporters_waiting(today))


def has_something(person):
    """Has this annotated person (annotate()) an entry on the list? What entries() reads."""
    in_program = person.status in Consumer.IN_PROGRAM_STATUSES
    return bool(
        person.scale_due
        or person.referral_waiting
        or in_program
        and (person.goals_overdue > 0 or person.supporters_waiting > 0)
    )


def entries(people):
    """The chart's entries from annotated people (annotate()), most pressing first, in
    the language of the page."""
    in_program = [p for p in people if p.status in Consumer.IN_PROGRAM_STATUSES]
    scales = [p for p in people if p.scale_due]
    return [
        people_entry(
            "scales_overdue",
            _("IMR Scale overdue"),
            [p for p in scales if p.scale_overdue],
            anchor="#scales",
            label=_scale_owed,
        ),
        people_entry(
            "scales_due",
            _("IMR Scale due"),
            [p for p in scales if not p.scale_overdue],
            anchor="#scales",
            label=_scale_owed,
        ),
        people_entry(
            "goals",
            _("Goals not reviewed in %(n)d days") % {"n": REVIEW_INTERVAL_DAYS},
            [p for p in in_program if p.goals_overdue > 0],
            anchor="#goals",
        ),
        people_entry(
            "referrals",
            _("Referrals waiting more than %(n)d days") % {"n": attention.REFERRAL_WAIT_DAYS},
            [p for p in people if p.referral_waiting],
        ),
        people_entry(
            "supporters",
            _("Supporters with no contact this month"),
            [p for p in in_program if p.supporters_waiting > 0],
            anchor="#supporters",
            label=_supporters_label,
        ),
    ]


def _scale_owed(consumer):
    return f"{consumer.preferred_name}: {attention.scale_missing_label(consumer)}"


def _supporters_label(consumer):
    n = consumer.supporters_waiting
    supporters = ngettext("%(n)d supporter", "%(n)d supporters", n) % {"n": n}
    return f"{consumer.preferred_name}: {supporters}"
