"""A believable, entirely fictional agency for `make run` and for tests.

Every name here is invented. Later capabilities add their own demo records
after these (see imr_site/management/commands/seed_demo.py).
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from consumers.models import Agency, Consumer, Membership, Program, Role

DEMO_PASSWORD = "imr-demo"

# One login per role, named after it; the README lists them.
DEMO_LOGINS = {
    "practitioner": "Practitioner, Northside IMR team",
    "leader": "IMR leader, Northside IMR team",
    "coordinator": "Coordinator, Riverbend Community Mental Health",
    "reviewer": "Fidelity reviewer, both Riverbend programs",
    "authority": "Authority viewer, Riverbend and Harbor Point (aggregates only)",
    "admin": "Site administrator (superuser)",
}

RIVERBEND = "Riverbend Community Mental Health"
HARBOR_POINT = "Harbor Point Behavioral Health"
NORTHSIDE = "Northside IMR team"
EASTGATE = "Eastgate IMR team"
HARBOR_TEAM = "Harbor Point IMR team"

# username, first, last, role, agency, program (None for agency-wide roles)
STAFF = [
    ("leader", "Dana", "Whitfield", Role.LEADER, RIVERBEND, NORTHSIDE),
    ("practitioner", "Marcus", "Reyes", Role.PRACTITIONER, RIVERBEND, NORTHSIDE),
    ("priya.nair", "Priya", "Nair", Role.PRACTITIONER, RIVERBEND, NORTHSIDE),
    ("sam.okafor", "Sam", "Okafor", Role.PRACTITIONER, RIVERBEND, NORTHSIDE),
    ("lena.hart", "Lena", "Hart", Role.LEADER, RIVERBEND, EASTGATE),
    ("jo.martin", "Jo", "Martin", Role.PRACTITIONER, RIVERBEND, EASTGATE),
    ("ana.silva", "Ana", "Silva", Role.PRACTITIONER, RIVERBEND, EASTGATE),
    ("kofi.mensah", "Kofi", "Mensah", Role.PRACTITIONER, RIVERBEND, EASTGATE),
    ("coordinator", "Teresa", "Alvarez", Role.COORDINATOR, RIVERBEND, None),
    ("reviewer", "Glen", "Porter", Role.REVIEWER, RIVERBEND, NORTHSIDE),
    ("reviewer", "Glen", "Porter", Role.REVIEWER, RIVERBEND, EASTGATE),
    ("authority", "Morgan", "Blake", Role.AUTHORITY, RIVERBEND, None),
    ("authority", "Morgan", "Blake", Role.AUTHORITY, HARBOR_POINT, None),
    ("ruth.bell", "Ruth", "Bell", Role.LEADER, HARBOR_POINT, HARBOR_TEAM),
    ("tom.reed", "Tom", "Reed", Role.PRACTITIONER, HARBOR_POINT, HARBOR_TEAM),
]

# record number, preferred name, status, agency, program
CONSUMERS = [
    ("RB-1001", "Alex Moreno", Consumer.Status.ACTIVE, RIVERBEND, NORTHSIDE),
    ("RB-1002", "Bea Thompson", Consumer.Status.ACTIVE, RIVERBEND, NORTHSIDE),
    ("RB-1003", "Chris Walker", Consumer.Status.ORIENTATION, RIVERBEND, NORTHSIDE),
    ("RB-1004", "Dee Patel", Consumer.Status.REFERRED, RIVERBEND, NORTHSIDE),
    ("RB-1005", "Eli Johnson", Consumer.Status.ON_HOLD, RIVERBEND, NORTHSIDE),
    ("RB-1006", "Fran Kowalski", Consumer.Status.COMPLETED, RIVERBEND, NORTHSIDE),
    ("RB-2001", "Gabe Lindqvist", Consumer.Status.ACTIVE, RIVERBEND, EASTGATE),
    ("RB-2002", "Hana Yusuf", Consumer.Status.ACTIVE, RIVERBEND, EASTGATE),
    ("RB-2003", "Ira Goldberg", Consumer.Status.DISCHARGED, RIVERBEND, EASTGATE),
    ("HP-0101", "June Carter", Consumer.Status.ACTIVE, HARBOR_POINT, HARBOR_TEAM),
    ("HP-0102", "Kai Nakamura", Consumer.Status.REFERRED, HARBOR_POINT, HARBOR_TEAM),
]

AGENCY_ZONES = {RIVERBEND: "America/Chicago", HARBOR_POINT: "America/New_York"}
PROGRAMS = {NORTHSIDE: RIVERBEND, EASTGATE: RIVERBEND, HARBOR_TEAM: HARBOR_POINT}


def demo_user(username, first, last, *, superuser=False):
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=username)
    user.first_name, user.last_name = first, last
    user.email = f"{username}@demo.invalid"
    user.is_staff = user.is_superuser = superuser
    user.is_active = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


@transaction.atomic
def create_demo_organisation():
    agencies = {}
    for name, zone in AGENCY_ZONES.items():
        agencies[name], _ = Agency.objects.update_or_create(name=name, defaults={"time_zone": zone})
    programs = {}
    for name, agency in PROGRAMS.items():
        programs[name], _ = Program.objects.get_or_create(agency=agencies[agency], name=name)
    for username, first, last, role, agency, program in STAFF:
        user = demo_user(username, first, last)
        if program:
            Membership.grant(user, role, program=programs[program])
        else:
            Membership.grant(user, role, agency=agencies[agency])
    demo_user("admin", "Site", "Administrator", superuser=True)
    for number, name, status, agency, program in CONSUMERS:
        Consumer.objects.get_or_create(
            agency=agencies[agency],
            record_number=number,
            defaults={"preferred_name": name, "status": status, "program": programs[program]},
        )
    return agencies, programs
