import datetime
import re
from decimal import Decimal

from django.utils import timezone

from consumers.models import ImrScaleAdministration
from tests.forms import scale_data

TODAY = timezone.localdate


def test_a_baseline_is_recorded_and_scored(world, client_for):
    chris = world.consumer("RB-1003")
    response = client_for("priya.nair").post(
        f"/consumers/{chris.pk}/scales/new/",
        scale_data(answer_1="5", answer_2="4", answer_13="na", answer_15=""),
    )
    assert response.status_code == 302
    record = ImrScaleAdministration.objects.get(consumer=chris)
    assert record.item_13 is None and record.item_13_not_applicable
    assert record.item_15 is None
    # 5 + 4 + 3 * 11 answered items = 42 over 13 items
    assert record.items_answered == 13
    assert record.score == Decimal("3.23")
    assert record.recorded_by == world.user("priya.nair")


def test_an_answer_outside_1_to_5_is_refused_at_the_item_keeping_the_rest(world, client_for):
    chris = world.consumer("RB-1003")
    response = client_for("priya.nair").post(
        f"/consumers/{chris.pk}/scales/new/", scale_data(answer_4="7", answer_2="5")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["answer_4"] == ["Item 4 takes an answer from 1 to 5."]
    page = response.content.decode()
    # The other answers stay chosen so nothing typed is lost.
    assert re.search(r'<input[^>]*name="answer_2" value="5"[^>]*checked', page)
    assert not ImrScaleAdministration.objects.filter(consumer=chris).exists()


def test_not_applicable_is_refused_where_the_item_does_not_allow_it(world, client_for):
    chris = world.consumer("RB-1003")
    response = client_for("priya.nair").post(
        f"/consumers/{chris.pk}/scales/new/", scale_data(answer_6="na")
    )
    assert response.context["form"].errors["answer_6"] == [
        "Item 6 cannot be marked not applicable."
    ]


def test_the_clinician_version_names_who_rated_it(world, client_for):
    chris = world.consumer("RB-1003")
    client = client_for("priya.nair")
    response = client.post(f"/consumers/{chris.pk}/scales/new/", scale_data(version="clinician"))
    assert response.context["form"].errors["rated_by"] == [
        "Say which practitioner rated the clinician version."
    ]
    priya = world.user("priya.nair")
    response = client.post(
        f"/consumers/{chris.pk}/scales/new/", scale_data(version="clinician", rated_by=priya.pk)
    )
    assert response.status_code == 302
    assert ImrScaleAdministration.objects.get(consumer=chris).rated_by == priya


def test_a_milestone_is_measured_once_per_version(world, client_for):
    bea = world.consumer("RB-1002")  # has both baseline versions
    response = client_for("practitioner").post(f"/consumers/{bea.pk}/scales/new/", scale_data())
    assert "already recorded" in response.context["form"].errors["timepoint"][0]


def test_a_scale_cannot_be_dated_in_the_future(world, client_for):
    chris = world.consumer("RB-1003")
    tomorrow = (TODAY() + datetime.timedelta(days=1)).isoformat()
    response = client_for("priya.nair").post(
        f"/consumers/{chris.pk}/scales/new/", scale_data(answered_on=tomorrow)
    )
    assert response.context["form"].errors["answered_on"] == ["The date cannot be in the future."]


def test_a_correction_rescores_and_is_audited(world, client_for):
    bea = world.consumer("RB-1002")
    record = bea.scale_administrations.get(version="client", timepoint="baseline")
    response = client_for("practitioner").post(
        f"/consumers/{bea.pk}/scales/{record.pk}/edit/",
        scale_data(**{f"answer_{n}": "5" for n in range(1, 16)}),
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.score == Decimal("5.00") and record.items_answered == 15
    assert bea.scale_administrations.count() == 2


def test_the_chart_shows_change_from_baseline_and_items_that_differ(world, client_for):
    fran = world.consumer("RB-1006")  # baseline to after topic 10, both versions
    page = client_for("priya.nair").get(f"/consumers/{fran.pk}/").content.decode()
    assert "Change from baseline" in page
    assert "Worth talking about" in page
    assert "3. Involvement of family and friends in treatment" in page
    assert "<svg" in page and "polyline" in page
