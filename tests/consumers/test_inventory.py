from django.utils import timezone

from imr_site.models import AuditEvent


def test_the_inventory_is_completed_redone_and_the_first_one_kept(world, client_for):
    chris = world.consumer("RB-1003")
    client = client_for("priya.nair")
    response = client.post(
        f"/consumers/{chris.pk}/inventory/new/",
        {
            "meta-completed_on": timezone.localdate().isoformat(),
            "meta-session_number": "2",
            "typical_day": "I walk my dog every morning.",
            "reads": "yes",
            "reads__detail": "Mystery novels",
            "recovery_programs": ["wrap", "peer_support"],
        },
    )
    assert response.status_code == 302
    first = chris.inventories.get()
    assert first.answers["reads__detail"] == "Mystery novels"
    assert first.session_number == 2
    # Doing it again starts from the last answers and keeps the first inventory.
    form_page = client.get(f"/consumers/{chris.pk}/inventory/new/").content.decode()
    assert "I walk my dog every morning." in form_page
    client.post(
        f"/consumers/{chris.pk}/inventory/new/",
        {
            "meta-completed_on": timezone.localdate().isoformat(),
            "typical_day": "I work mornings now.",
        },
    )
    assert chris.inventories.count() == 2
    first.refresh_from_db()
    assert first.answers["typical_day"] == "I walk my dog every morning."


def test_a_completed_inventory_reads_back_by_section_and_the_read_is_audited(world, client_for):
    bea = world.consumer("RB-1002")
    record = bea.inventories.get()
    response = client_for("reviewer").get(f"/consumers/{bea.pk}/inventory/{record.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Old soul records" in page
    assert "not answered" in page
    event = AuditEvent.objects.get(action="view", consumer=bea)
    assert event.target_id == str(record.pk) and event.actor == world.user("reviewer")


def test_an_inventory_with_a_future_date_keeps_the_answers(world, client_for):
    chris = world.consumer("RB-1003")
    response = client_for("priya.nair").post(
        f"/consumers/{chris.pk}/inventory/new/",
        {"meta-completed_on": "2099-01-01", "typical_day": "Keep this text"},
    )
    assert response.status_code == 200
    assert response.context["meta"].errors["completed_on"] == ["The date cannot be in the future."]
    assert "Keep this text" in response.content.decode()
    assert not chris.inventories.exists()
