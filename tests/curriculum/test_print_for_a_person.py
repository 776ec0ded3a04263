"""Printing for one person: their handouts and binder, who may, and what is recorded."""

from curriculum.models import HandoutGiven
from imr_site.models import AuditEvent
from tests.forms import PRINT_AS_IS
from tests.pdfs import pages_of, text_of


def test_a_handout_printed_for_a_person_is_recorded_as_given(world, client_for):
    bea = world.consumer("RB-1002")
    before = HandoutGiven.objects.filter(consumer=bea).count()
    response = client_for("practitioner").post(f"/consumers/{bea.pk}/handouts/8/pdf/", PRINT_AS_IS)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'inline; filename="RB-1002-handout-08-individual.pdf"'
    )
    given = HandoutGiven.objects.filter(consumer=bea)
    assert given.count() == before + 1
    newest = given.first()
    assert (newest.version.topic, newest.how) == (8, "printed")
    assert newest.recorded_by == world.user("practitioner")
    assert AuditEvent.objects.filter(action="print", consumer=bea).exists()


def test_the_footer_names_the_person_by_initials_unless_asked(world, client_for):
    bea = world.consumer("RB-1002")
    client = client_for("practitioner")
    pages = pages_of(client.post(f"/consumers/{bea.pk}/handouts/2/pdf/", PRINT_AS_IS).content)
    assert all("B.T. · record RB-1002" in page for page in pages)
    assert not any("Bea Thompson" in page for page in pages)
    named = pages_of(
        client.post(
            f"/consumers/{bea.pk}/handouts/2/pdf/", PRINT_AS_IS | {"full_name": "on"}
        ).content
    )
    assert all("Bea Thompson · record RB-1002" in page for page in named)


def test_printing_a_handout_for_a_person_takes_a_post(world, client_for):
    bea = world.consumer("RB-1002")
    response = client_for("practitioner").get(f"/consumers/{bea.pk}/handouts/2/pdf/")
    assert response.status_code == 405


def test_a_binder_holds_a_cover_the_goals_and_the_handouts_with_page_numbers(world, client_for):
    alex = world.consumer("RB-1001")
    goal = alex.goals.filter(kind="short_term").first()
    response = client_for("practitioner").post(
        f"/consumers/{alex.pk}/binder/", PRINT_AS_IS | {"handouts": ["0", "1", "7"]}
    )
    assert response["Content-Type"] == "application/pdf"
    pages = pages_of(response.content)
    text = text_of(response.content)
    assert "My IMR binder" in pages[0] and "Alex Moreno" in pages[0]
    assert " ".join(goal.description.split()) in text
    assert "Goals Set in the IMR Program" in text
    assert "Page 1 of" in pages[0] and "Page 1 of" in pages[2]
    # The person's own pages say whose they are; the handouts are the same for everyone.
    assert "A.M. · record RB-1001" in pages[0] and "A.M. · record RB-1001" in pages[1]
    handout_pages = [page for page in pages if "Individual version" in page]
    assert handout_pages and not any("RB-1001" in page for page in handout_pages)
    recorded = HandoutGiven.objects.filter(consumer=alex, how="binder")
    assert sorted(recorded.values_list("version__handout__topic", flat=True)) == [0, 1, 7]


def test_the_binder_form_ticks_the_orientation_and_the_topics_begun(world, client_for):
    alex = world.consumer("RB-1001")
    form = client_for("practitioner").get(f"/consumers/{alex.pk}/binder/").context["form"]
    begun = {
        str(t)
        for t in alex.topic_progress.exclude(status="not_started").values_list("topic", flat=True)
    }
    assert set(form.initial["handouts"]) == {"0"} | begun


def test_a_binder_with_no_handouts_is_refused(world, client_for):
    alex = world.consumer("RB-1001")
    response = client_for("practitioner").post(f"/consumers/{alex.pk}/binder/", PRINT_AS_IS)
    assert response.status_code == 200
    assert "Choose at least one handout for the binder." in response.content.decode()


def test_another_programs_person_cannot_be_printed(world, client_for):
    alex = world.consumer("RB-1001")
    for username in ("lena.hart", "tom.reed"):
        client = client_for(username)
        assert client.post(f"/consumers/{alex.pk}/binder/", {"handouts": ["0"]}).status_code == 404
        assert client.post(f"/consumers/{alex.pk}/handouts/1/pdf/", PRINT_AS_IS).status_code == 404
        assert client.get(f"/consumers/{alex.pk}/print/inventory/").status_code == 404
    assert not HandoutGiven.objects.filter(consumer=alex, how__in=["binder", "printed"]).exists()
    refused = AuditEvent.objects.filter(action="access_denied", consumer=alex)
    assert set(refused.values_list("actor__username", flat=True)) == {"lena.hart", "tom.reed"}


def test_a_reviewer_prints_the_record_but_records_no_handouts(world, client_for):
    alex = world.consumer("RB-1001")
    client = client_for("reviewer")
    assert client.get(f"/consumers/{alex.pk}/print/inventory/").status_code == 200
    assert client.post(f"/consumers/{alex.pk}/binder/", {"handouts": ["0"]}).status_code == 403
