"""Programs of known sizes for the small-numbers tests (fidelity/small_numbers.py): each
person on the books all through the outcomes period, with a client IMR Scale at baseline
and after topic 3, and at one session in the period."""

from consumers.models import Agency, ImrScaleAdministration, Role
from tests import builders
from tests.builders.outcomes import PRESENT, S, admit, log, scale
from tests.world import PASSWORD

T = ImrScaleAdministration.Timepoint


def program_of(world, size, name, *, agency=None, prefix="SN"):
    """A program whose `size` people all count in the period, each gaining 1 on the scale."""
    by = world.user("practitioner")
    program = builders.program(agency or world.northside.agency, name)
    people = [
        admit(
            program,
            f"{prefix}-{n}",
            f"Person {prefix} {n}",
            referred=200,
            by=by,
            steps=[(S.ORIENTATION, 195), (S.ACTIVE, 190)],
        )
        for n in range(1, size + 1)
    ]
    for consumer in people:
        scale(consumer, "client", T.BASELINE, 180, 2, by=by)
        scale(consumer, "client", T.AFTER_3, 100, 3, by=by)
    log(program, 60, {consumer: PRESENT for consumer in people}, by=by)
    return program


def authority_of_two(world):
    """An authority viewer over an agency of two programs: one of 12 people, one of 7."""
    agency = Agency.objects.create(name="Lakeside Behavioral Health")
    many = program_of(world, 12, "Lakeside North", agency=agency, prefix="LN")
    few = program_of(world, 7, "Lakeside South", agency=agency, prefix="LS")
    viewer = builders.staff_member("lake.viewer", "Rae", "Lund", password=PASSWORD)
    builders.grant(viewer, Role.AUTHORITY, agency=agency)
    return viewer, many, few
