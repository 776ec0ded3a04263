import pytest
from django.utils import timezone

from consumers.models import PlanVersion
from tests.forms import relapse_data

TODAY = timezone.localdate


def test_updating_a_plan_keeps_the_earlier_versions(world, client_for):
    alex = world.consumer("RB-1001")
    before = list(
        PlanVersion.objects.filter(plan__consumer=alex, plan__kind="relapse_prevention").values(
            "number", "content"
        )
    )
    rosa = alex.supporters.get(relationship="sibling")
    response = client_for("practitioner").post(
        f"/consumers/{alex.pk}/plans/relapse_prevention/edit/",
        relapse_data(supporters=[rosa.pk]),
    )
    assert response.status_code == 302
    versions = PlanVersion.objects.filter(plan__consumer=alex, plan__kind="relapse_prevention")
    assert versions.count() == len(before) + 1
    newest = versions.first()
    assert newest.number == len(before) + 1
    assert newest.content["triggers"] == "Losing sleep"
    assert list(newest.supporters.all()) == [rosa]
    for old in before:
        assert versions.get(number=old["number"]).content == old["content"]
    history = client_for("reviewer").get(f"/consumers/{alex.pk}/plans/relapse_prevention/")
    assert f"Version {newest.number} (current)" in history.content.decode()


def test_a_supporter_without_consent_cannot_be_put_on_a_plan(world, client_for):
    alex = world.consumer("RB-1001")
    withdrawn = alex.supporters.get(consent_withdrawn_on__isnull=False)
    response = client_for("practitioner").post(
        f"/consumers/{alex.pk}/plans/coping_stress/edit/",
        {"made_on": TODAY().isoformat(), "stressors": "Noise", "supporters": [withdrawn.pk]},
    )
    assert response.context["forms"][0].errors["supporters"] == [
        f"{withdrawn.name} cannot be involved: the person has not given consent."
    ]
    assert "Noise" in response.content.decode()


def test_an_empty_plan_is_not_saved(world, client_for):
    bea = world.consumer("RB-1002")
    response = client_for("practitioner").post(
        f"/consumers/{bea.pk}/plans/medication_tailoring/edit/", {"made_on": TODAY().isoformat()}
    )
    assert response.status_code == 200
    assert "The plan is empty: write at least one answer." in response.content.decode()
    assert not bea.plans.exists()


def test_an_unknown_kind_of_plan_is_not_found(world, client_for):
    bea = world.consumer("RB-1002")
    response = client_for("practitioner").get(f"/consumers/{bea.pk}/plans/wishes/edit/")
    assert response.status_code == 404


def test_a_plan_version_is_never_changed_in_place(world):
    version = PlanVersion.objects.first()
    version.content = {"triggers": "rewritten"}
    with pytest.raises(ValueError, match="never changed"):
        version.save()
    version.refresh_from_db()
    assert version.content != {"triggers": "rewritten"}
