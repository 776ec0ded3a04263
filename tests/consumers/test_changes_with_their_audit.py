"""A change to a chart is saved together with its audit event, or not at all."""

import pytest
from django.utils import timezone

from consumers.models import Consumer, Goal, Supporter, SupporterContact
from tests.audit_down import AuditDown
from tests.forms import goal_data, record_data, referral_data, supporter_data

KINDS = ["referral", "record", "goal", "supporter", "supporter contact"]


def changes(world):
    """Kind -> (url, data, what to count) for chart changes of each kind."""
    bea = world.consumer("RB-1002")
    rosa = bea.supporters.get(relationship="sibling")
    today = timezone.localdate().isoformat()
    return dict(
        zip(
            KINDS,
            [
                (
                    "/consumers/new/",
                    referral_data(world.northside),
                    lambda: Consumer.objects.count(),
                ),
                (
                    f"/consumers/{bea.pk}/edit/",
                    record_data(bea, preferred_name="Beatrice"),
                    lambda: Consumer.objects.filter(preferred_name="Beatrice").count(),
                ),
                (f"/consumers/{bea.pk}/goals/new/", goal_data(), lambda: Goal.objects.count()),
                (
                    f"/consumers/{bea.pk}/supporters/new/",
                    supporter_data(),
                    lambda: Supporter.objects.count(),
                ),
                (
                    f"/consumers/{bea.pk}/supporters/{rosa.pk}/contacts/new/",
                    {"contacted_on": today, "mode": "phone", "imr_related": "on"},
                    lambda: SupporterContact.objects.count(),
                ),
            ],
            strict=True,
        )
    )


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.usefixtures("audit_fails")
def test_a_change_whose_audit_event_cannot_be_written_is_not_saved(kind, world, client_for):
    url, data, count = changes(world)[kind]
    before = count()
    with pytest.raises(AuditDown):
        client_for("practitioner").post(url, data)
    assert count() == before


@pytest.mark.parametrize("kind", KINDS)
def test_with_the_audit_trail_working_the_same_change_is_saved(kind, world, client_for):
    url, data, count = changes(world)[kind]
    before = count()
    assert client_for("practitioner").post(url, data).status_code == 302
    assert count() == before + 1
