"""The curriculum pages: reading handouts and guides, and adapting a handout for an agency."""

from consumers.models import Agency
from curriculum.models import HandoutVersion
from imr_site.models import AuditEvent
from tests.html_forms import adapt_data


def test_the_curriculum_lists_every_topic_with_its_handout(world, client_for):
    page = client_for("practitioner").get("/curriculum/").content.decode()
    for version in HandoutVersion.objects.current_for(None).values():
        assert version.title in page
    assert "Practitioner guide" in page
    assert "IMR Progress Note" in page and "General Organizational Index" in page


def test_a_handout_reads_on_screen_in_both_versions(world, client_for):
    version = HandoutVersion.objects.current_for(None)[1]
    only_group = next(b for b in version.blocks if b["audience"] == "group")
    only_individual = next(b for b in version.blocks if b["audience"] == "individual")
    client = client_for("practitioner")
    individual = client.get("/curriculum/handouts/1/").content.decode()
    group = client.get("/curriculum/handouts/1/?audience=group").content.decode()
    assert only_individual["heading"] in individual and only_group["heading"] not in individual
    assert only_group["heading"] in group and only_individual["heading"] not in group


def test_the_guide_shows_pacing_strategies_and_homework(world, client_for):
    page = client_for("leader").get("/curriculum/topics/7/guide/").content.decode()
    for heading in ("Aim", "Pacing", "Motivational", "Review questions", "Suggested homework"):
        assert heading in page
    assert "Relapse Prevention Plan" in page


def test_there_is_no_guide_for_the_orientation_or_a_topic_11(world, client_for):
    client = client_for("practitioner")
    assert client.get("/curriculum/topics/0/guide/").status_code == 404
    assert client.get("/curriculum/topics/11/guide/").status_code == 404
    assert client.get("/curriculum/handouts/11/").status_code == 404


def test_the_empty_new_part_is_left_out(world, client_for):
    original = HandoutVersion.objects.current_for(None)[3]
    data = adapt_data(3)
    last = len(original.blocks)
    assert data[f"blocks-{last}-kind"] == ["text"] and data[f"blocks-{last}-heading"] == [""]
    response = client_for("coordinator").post("/curriculum/handouts/3/adapt/", data)
    assert response.status_code == 302
    adapted = HandoutVersion.objects.get(agency__isnull=False)
    assert adapted.blocks == original.blocks
    assert adapted.note == "Local phone numbers added"


def test_a_coordinator_adapts_a_handout_and_the_original_stays(world, client_for):
    original = HandoutVersion.objects.current_for(None)[10]
    original_blocks = list(original.blocks)
    last = len(original.blocks)
    response = client_for("coordinator").post(
        "/curriculum/handouts/10/adapt/",
        adapt_data(
            10,
            **{
                "blocks-0-DELETE": "on",
                f"blocks-{last}-kind": "text",
                f"blocks-{last}-audience": "all",
                f"blocks-{last}-heading": "Numbers to call at Riverbend",
                f"blocks-{last}-points": "Front desk: 555-0100\nCrisis line: 988",
            },
        ),
    )
    assert response.status_code == 302
    riverbend = Agency.objects.get(name__startswith="Riverbend")
    adapted = HandoutVersion.objects.current_for(riverbend)[10]
    assert adapted.agency == riverbend and adapted.based_on == original
    assert adapted.made_by == world.user("coordinator")
    assert adapted.blocks[-1]["points"] == ["Front desk: 555-0100", "Crisis line: 988"]
    assert original.blocks[0]["heading"] not in [b["heading"] for b in adapted.blocks]
    original.refresh_from_db()
    assert original.blocks == original_blocks
    assert AuditEvent.objects.filter(
        action="create", target_type="curriculum.handoutversion", target_id=str(adapted.pk)
    ).exists()
    # The practitioners of the agency now print the adapted one; another agency does not.
    page = client_for("practitioner").get("/curriculum/handouts/10/").content.decode()
    assert "Numbers to call at Riverbend" in page
    other = client_for("tom.reed").get("/curriculum/handouts/10/").content.decode()
    assert "Numbers to call at Riverbend" not in other


def test_a_part_without_text_is_refused_and_the_typing_is_kept(world, client_for):
    before = HandoutVersion.objects.count()
    response = client_for("coordinator").post(
        "/curriculum/handouts/2/adapt/",
        adapt_data(2, **{"blocks-0-body": "", "blocks-0-points": "", "note": "Shorter"}),
    )
    assert response.status_code == 200
    assert "Give this part some text or a list, or remove it." in response.content.decode()
    assert 'value="Shorter"' in response.content.decode()
    assert HandoutVersion.objects.count() == before


def test_a_practitioner_cannot_adapt_a_handout(world, client_for):
    data = adapt_data(2)
    response = client_for("practitioner").post("/curriculum/handouts/2/adapt/", data)
    assert response.status_code == 403
    assert not HandoutVersion.objects.filter(agency__isnull=False).exists()
