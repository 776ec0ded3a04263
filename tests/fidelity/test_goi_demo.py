"""The demo's GOI evidence: training, the KIT's meetings and eligible counts to show."""

import pytest

from fidelity import demo, goi_estimates, periods
from fidelity.models import EligiblePopulation, ProgramMeeting, TrainingRecord

pytestmark = pytest.mark.usefixtures("frozen_today")


def test_the_demo_gives_every_goi_page_something_to_show_and_runs_twice(world):
    demo.create_demo_goi_evidence(world.programs)
    counts = (
        TrainingRecord.objects.count(),
        ProgramMeeting.objects.count(),
        EligiblePopulation.objects.count(),
    )
    demo.create_demo_goi_evidence(world.programs)  # idempotent
    assert counts == (
        TrainingRecord.objects.count(),
        ProgramMeeting.objects.count(),
        EligiblePopulation.objects.count(),
    )
    assert TrainingRecord.objects.filter(refresher=True).exists()
    estimate = goi_estimates.for_program(world.northside, periods.default_period())
    slots = goi_estimates.meeting_slots(
        world.northside,
        list(ProgramMeeting.objects.values_list("kind", "held_on")),
        periods.default_period(),
    )
    states = {s.state(periods.default_period().end) for s in slots}
    assert {"held", "missed"} <= states
    assert estimate.item("G11").rating is not None
    assert estimate.item("G3").counted == 40
