"""A believable, entirely fictional agency for `make run` and for tests: consumers' part.

Every name here is invented. The other apps add their own demo rows after these,
in the order imr_site/demo.py calls them.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from consumers import demo_charts
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

# record number, preferred name, how far along (consumers/demo_charts.py), agency,
# program, practitioner, format, days since the referral
CONSUMERS = [
    ("RB-1001", "Alex Moreno", "mid", RIVERBEND, NORTHSIDE, "practitioner", "combined", 150),
    ("RB-1002", "Bea Thompson", "early", RIVERBEND, NORTHSIDE, "practitioner", "individual", 75),
    ("RB-1003", "Chris Walker", "orientation", RIVERBEND, NORTHSIDE, "priya.nair", "group", 12),
    ("RB-1004", "Dee Patel", "referred", RIVERBEND, NORTHSIDE, "practitioner", "individual", 20),
    ("RB-1005", "Eli Johnson", "on_hold", RIVERBEND, NORTHSIDE, "sam.okafor", "group", 120),
    (
        "RB-1006",
        "Fran Kowalski",
        "completed",
        RIVERBEND,
        NORTHSIDE,
        "priya.nair",
        "individual",
        330,
    ),
    ("RB-2001", "Gabe Lindqvist", "mid", RIVERBEND, EASTGATE, "jo.martin", "group", 140),
    ("RB-2002", "Hana Yusuf", "early", RIVERBEND, EASTGATE, "ana.silva", "individual", 60),
    ("RB-2003", "Ira Goldberg", "discharged", RIVERBEND, EASTGATE, "kofi.mensah", "individual", 90),
    ("RB-2004", "Lucía Hernández", "mid", RIVERBEND, EASTGATE, "ana.silva", "individual", 130),
    ("HP-0101", "June Carter", "early", HARBOR_POINT, HARBOR_TEAM, "tom.reed", "individual", 70),
    ("HP-0102", "Kai Nakamura", "referred", HARBOR_POINT, HARBOR_TEAM, "tom.reed", "group", 3),
]

# Whose preferred language is not English: their handouts, binder and own screens follow it.
PREFERRED_LANGUAGES = {"RB-2004": "Español"}
# Staff who work in another language than English (imr_site/demo.py sets their choice).
STAFF_LANGUAGES = {"ana.silva": "es"}

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
def create_demo_agencies():
    """The agencies, their programs, staff and logins, and the people with their charts.

    Returns the agencies and programs by name, and the people admitted by this call
    (none when they were there already), for the other apps to add their part to.
    """
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
    admitted = []
    for number, name, stage, agency, program, username, format, days in CONSUMERS:
        if Consumer.objects.filter(agency=agencies[agency], record_number=number).exists():
            continue
        practitioner = get_user_model().objects.get(username=username)
        consumer = Consumer(
            program=programs[program],
            record_number=number,
            preferred_name=name,
            format=format,
            assigned_practitioner=practitioner,
            referral_source=Consumer.ReferralSource.TREATMENT_TEAM,
            referred_on=timezone.localdate() - datetime.timedelta(days=days),
            preferred_language=PREFERRED_LANGUAGES.get(number, "English"),
        )
        admitted.append(demo_charts.build(consumer, stage, practitioner))
    return agencies, programs, admitted
