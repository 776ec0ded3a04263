"""Form data as a browser would post it, for the tests that create or edit records."""

import base64
import datetime
import io

from django.forms.models import model_to_dict
from django.utils import timezone
from PIL import Image, ImageDraw

from consumers.forms import ConsumerForm
from consumers.models import Program
from curriculum import worksheets
from fidelity.instruments import GOI_ITEMS, IMR_FIDELITY_ITEMS
from sessions_log.models import Group, ProgressNote

TODAY = timezone.localdate


def referral_data(program, **fields):
    """A complete new referral, with only the fields the test cares about changed."""
    return {
        "program": program.pk,
        "record_number": "RB-1099",
        "preferred_name": "Lee Ortiz",
        "referred_on": "2026-11-02",
        "referral_source": "self",
        "diagnosis": "not_stated",
        "format": "individual",
    } | fields


def record_data(consumer, **fields):
    """The edit form of an existing record as it stands, with some fields changed."""
    current = model_to_dict(consumer, fields=ConsumerForm._meta.fields)
    data = {
        name: ("on" if value else "")
        if isinstance(value, bool)
        else ("" if value is None else value)
        for name, value in current.items()
    }
    data = {name: value for name, value in data.items() if value != ""}
    # Fields with a callable default (dates defaulting to today) carry a hidden
    # copy of their first value, as the browser would post it.
    form = ConsumerForm(instance=consumer, programs=Program.objects.all())
    hidden = {
        f"initial-{name}": data[name]
        for name, field in form.fields.items()
        if field.show_hidden_initial and name in data
    }
    return data | hidden | fields


def notes_data(session, shared=None, **per_person):
    """The notes form as posted: shared parts, then each present person's own parts."""
    data = {
        "shared-motivational": ["hope"],
        "shared-educational": ["8"],
        "shared-cognitive_behavioral": ["modeling", "role_playing"],
        "shared-skill_coping": "Practiced slow breathing together.",
    } | (shared or {})
    for row in session.attendance.filter(status="present").select_related("consumer"):
        person = row.consumer
        note = ProgressNote.objects.filter(session=session, consumer=person).first()
        data |= {
            f"n{person.pk}-revision": note.revision if note else 0,
            f"n{person.pk}-problem_in_focus": "Stress at home",
            f"n{person.pk}-homework_agreed": f"Breathe slowly daily ({person.preferred_name})",
            f"n{person.pk}-next_plan": "Review the homework",
        }
    return data | per_person


def goal_data(**fields):
    """A new short-term goal set today, with two small steps and an empty third row."""
    data = {
        "kind": "short_term",
        "parent": "",
        "description": "Take the bus to the library on my own",
        "treatment_plan_link": "",
        "measure": "I have gone twice and have a library card",
        "set_on": TODAY().isoformat(),
        "target_date": (TODAY() + datetime.timedelta(days=100)).isoformat(),
        "steps-TOTAL_FORMS": "3",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
        "steps-0-description": "Find the bus times",
        "steps-1-description": "Ride with my brother once",
        "steps-2-description": "",
    }
    return data | fields


def supporter_data(**fields):
    """A new supporter, no consent recorded yet."""
    return {
        "name": "Maria Lopez",
        "relationship": "parent",
        "phone": "555-0123",
        "email": "",
        "consent_given_on": "",
        "consent_scope": "",
        "consent_withdrawn_on": "",
        "notes": "",
    } | fields


def session_data(group_or_people, **fields):
    """Today's session with the group's current members (or these people) all present."""
    people = (
        [m.consumer for m in group_or_people.current_members()]
        if isinstance(group_or_people, Group)
        else group_or_people
    )
    return {
        "held_on": timezone.localdate().isoformat(),
        "starts_at": "10:00",
        "length_minutes": 60,
        "place": "agency",
        "topic": "",
        "sections_taught": "",
        **{f"attend_{p.pk}": "present" for p in people},
    } | fields


def group_data(world, **fields):
    """A new Northside group on Thursday evenings, led by the practitioner."""
    return {
        "program": world.northside.pk,
        "name": "Thursday evening group",
        "facilitators": [world.user("practitioner").pk],
        "weekday": Group.Weekday.THURSDAY,
        "starts_at": "17:30",
        "length_minutes": 60,
        "place": "Room 4",
        "started_on": "2026-11-05",
    } | fields


def meeting_data(world, **fields):
    """Today's group supervision at Northside, discussing Alex."""
    return {
        "program": world.northside.pk,
        "kind": "group",
        "held_on": timezone.localdate().isoformat(),
        "length_minutes": 60,
        "attendees": [world.user("practitioner").pk, world.user("priya.nair").pk],
        "consumers_discussed": [world.consumer("RB-1001").pk],
        "mini_training_topic": "Shaping",
    } | fields


def progress_data(**fields):
    """The topic progress form with every topic not started."""
    data = {}
    for n in range(1, 11):
        data |= {
            f"topic{n}-status": "not_started",
            f"topic{n}-started_on": "",
            f"topic{n}-completed_on": "",
        }
    return data | fields


def scale_data(**fields):
    """A client's baseline IMR Scale, answered today, every item 3."""
    answers = {f"answer_{n}": "3" for n in range(1, 16)}
    return (
        {
            "version": "client",
            "timepoint": "baseline",
            "answered_on": TODAY().isoformat(),
            "rated_by": "",
        }
        | answers
        | fields
    )


def relapse_data(**fields):
    """A relapse prevention plan made today."""
    return {
        "made_on": TODAY().isoformat(),
        "triggers": "Losing sleep",
        "warning_signs": "Skipping meals",
        "signs_to_watch": "Up all night twice",
        "steps": "Call my practitioner",
        "copy_holders": "Me and my sister",
    } | fields


# What is printed for one person, as the print form posts it when nothing is changed.
PRINT_AS_IS = {"audience": "individual"}

# Every item of both fidelity instruments, as the ratings sheet names them.
REVIEW_ITEMS = [item.number for item in IMR_FIDELITY_ITEMS + GOI_ITEMS]


def sheet(ratings, evidence=None, sources=None):
    """Form data for a ratings sheet: item -> rating ("na" for cannot rate)."""
    data = {f"rating_{item}": str(value) for item, value in ratings.items()}
    for item, text in (evidence or {}).items():
        data[f"evidence_{item}"] = text
    for item, chosen in (sources or {}).items():
        data[f"sources_{item}"] = chosen
    return data


def all_fours(**changes):
    ratings = dict.fromkeys(REVIEW_ITEMS, 4)
    ratings.update({k.removeprefix("i"): v for k, v in changes.items()})
    return ratings


def entry_sheet():
    """A worksheet filled in on its own (not a plan or the goals sheet)."""
    return next(sheet for sheet in worksheets.all_worksheets().values() if sheet.is_entry)


def drawn_signature(*, ink=True, size=(300, 100)):
    """A PNG data URL as static/js/person_signature.js sends it: dark ink on a clear box."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    if ink:
        ImageDraw.Draw(image).line([(20, 70), (90, 20), (160, 80), (280, 30)], (0, 0, 0, 255), 3)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()
