"""The benchmark's data: the scales of DESIGN.md section 4, the same from the same seed."""

import hashlib

from django.db import transaction

from bench import generate
from consumers.models import Consumer, Goal, ImrScaleAdministration
from sessions_log.models import Attendance, GroupMembership, ProgressNote


def fingerprint():
    """A digest of who and what was made, by names and dates, never by row ids."""
    parts = [
        Consumer.objects.order_by("record_number").values_list(
            "record_number", "preferred_name", "program__name", "assigned_practitioner__username"
        ),
        GroupMembership.objects.order_by("consumer__record_number").values_list(
            "consumer__record_number", "group__name"
        ),
        Attendance.objects.order_by("consumer__record_number", "session__held_on").values_list(
            "consumer__record_number", "session__held_on", "status"
        ),
        ProgressNote.objects.order_by("consumer__record_number", "session__held_on").values_list(
            "consumer__record_number",
            "session__held_on",
            "motivational",
            "cognitive_behavioral",
            "skills",
            "homework_agreed",
        ),
        Goal.objects.order_by("consumer__record_number").values_list(
            "consumer__record_number", "description", "measure", "treatment_plan_link"
        ),
        ImrScaleAdministration.objects.order_by(
            "consumer__record_number", "timepoint", "version"
        ).values_list("consumer__record_number", "timepoint", "version", "score"),
    ]
    return hashlib.sha256(repr([list(p) for p in parts]).encode()).hexdigest()


def built(seed):
    """Build one agency, take its fingerprint and counts, and undo it all."""
    with transaction.atomic():
        generate.build(generate.SCALES["agency"], password="bench", seed=seed)
        found = fingerprint(), Consumer.objects.count(), ProgressNote.objects.count()
        transaction.set_rollback(True)
    return found


def test_one_seed_builds_the_same_agency_twice_and_another_seed_another(db):
    first, second, other = built(seed=7), built(seed=7), built(seed=8)
    assert first == second
    assert other[0] != first[0]
    people, notes = first[1], first[2]
    assert people == 60
    # Two years of weekly groups with about one absence in ten.
    assert 0.85 * 60 * generate.WEEKS < notes < 0.95 * 60 * generate.WEEKS


def test_each_program_has_a_group_of_8_and_no_group_is_over_8_or_under_4(db):
    generate.build(generate.SCALES["agency"], password="bench", seed=1)
    sizes = {}
    for name in GroupMembership.objects.values_list("group__name", flat=True):
        sizes[name] = sizes.get(name, 0) + 1
    assert sizes["Group 1"] == 8
    assert all(4 <= size <= 8 for size in sizes.values())


def test_the_state_scale_is_the_state_of_the_design():
    state = generate.SCALES["state"]
    programs = state.agencies * state.programs_per_agency
    assert (state.agencies, programs) == (50, 150)
    assert 1000 <= programs * state.staff_per_program <= 1100
    assert 10_000 <= programs * state.people_per_program <= 10_100
