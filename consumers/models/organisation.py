"""Agencies, their IMR programs (teams), and the roles staff hold in them."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value):
    # A validator, not choices: the list of zones changes with the machine's tzdata.
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not a time zone name such as America/Chicago.") % {"value": repr(value)}
        )


class Agency(models.Model):
    name = models.CharField(max_length=200, unique=True)
    time_zone = models.CharField(
        max_length=64,
        validators=[validate_time_zone],
        default=settings.TIME_ZONE,
        help_text=_("Dates on every page and printout are shown in this zone."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.name

    def today(self, now=None):
        """The date where the agency is: a daily task run from the server counts days by it."""
        return timezone.localdate(now, zoneinfo.ZoneInfo(self.time_zone))


class Program(models.Model):
    """One IMR team: a leader and 3 to 8 practitioners within an agency."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="programs")
    name = models.CharField(max_length=200)
    started_on = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "name"], name="program_name_unique_in_agency"
            ),
        ]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", _("Practitioner")
    LEADER = "leader", _("IMR leader")
    REVIEWER = "reviewer", _("Fidelity reviewer")
    COORDINATOR = "coordinator", _("Coordinator")
    AUTHORITY = "authority", _("Authority viewer")


# Roles held in one program; the others are held across a whole agency.
PROGRAM_ROLES = frozenset({Role.PRACTITIONER, Role.LEADER, Role.REVIEWER})
AGENCY_ROLES = frozenset({Role.COORDINATOR, Role.AUTHORITY})


class Membership(models.Model):
    """A role a staff member holds in one program, or across one agency."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name", "role"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role__in=sorted(PROGRAM_ROLES), program__isnull=False, agency__isnull=True)
                    | Q(role__in=sorted(AGENCY_ROLES), program__isnull=True, agency__isnull=False)
                ),
                name="membership_scope_matches_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "program"],
                condition=Q(program__isnull=False),
                name="membership_unique_program_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "agency"],
                condition=Q(agency__isnull=False),
                name="membership_unique_agency_role",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}, {self.program or self.agency}"

    def clean(self):
        if self.role in PROGRAM_ROLES and (not self.program_id or self.agency_id):
            raise ValidationError(
                {
                    "program": _(
                        "This role belongs to one program: choose the program, not an agency."
                    )
                }
            )
        if self.role in AGENCY_ROLES and (not self.agency_id or self.program_id):
            raise ValidationError(
                {"agency": _("This role covers a whole agency: choose the agency, not a program.")}
            )

    @classmethod
    def grant(cls, user, role, *, program=None, agency=None):
        """Give a user a role (idempotent); the one way code and demo data add roles."""
        if role in PROGRAM_ROLES:
            membership, _ = cls.objects.get_or_create(user=user, role=role, program=program)
        else:
            membership, _ = cls.objects.get_or_create(user=user, role=role, agency=agency)
        return membership


class CalendarFeed(models.Model):
    """A staff member's own calendar address (sessions_log/calendar_feed.py): a secret that
    opens their meetings and appointments without signing in, so it can be revoked."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # One address in use per person: a new one replaces (revokes) the last.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="calendar_feed_one_in_use",
            ),
        ]

    def __str__(self):
        return f"Calendar address of {self.user}"
