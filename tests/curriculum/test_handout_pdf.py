"""Printing a handout: page numbers, the agency's name, large print, and the cache."""

from pathlib import Path

from django.conf import settings

from curriculum import handouts
from curriculum.models import HandoutVersion
from tests.pdfs import pages_of, text_of


def test_a_handout_prints_with_page_numbers_and_the_agencys_name(world, client_for):
    response = client_for("practitioner").get("/curriculum/handouts/3/pdf/")
    assert response["Content-Type"] == "application/pdf"
    pages = pages_of(response.content)
    assert len(pages) >= 3
    assert f"Page 1 of {len(pages)}" in pages[0]
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    assert all("Riverbend Community Mental Health" in page for page in pages)
    title = HandoutVersion.objects.current_for(None)[3].title
    assert " ".join(title.split()) in text_of(response.content)


def test_large_print_takes_more_pages(world, client_for):
    client = client_for("practitioner")
    regular = pages_of(client.get("/curriculum/handouts/4/pdf/").content)
    large = pages_of(client.get("/curriculum/handouts/4/pdf/?size=large").content)
    assert len(large) > len(regular)


def test_the_group_version_prints_the_group_parts(world, client_for):
    version = HandoutVersion.objects.current_for(None)[5]
    group_only = next(b["heading"] for b in version.blocks if b["audience"] == "group")
    individual_only = next(b["heading"] for b in version.blocks if b["audience"] == "individual")
    client = client_for("practitioner")
    group = text_of(client.get("/curriculum/handouts/5/pdf/?audience=group").content)
    individual = text_of(client.get("/curriculum/handouts/5/pdf/").content)
    assert " ".join(group_only.split()) in group and individual_only not in group
    assert " ".join(individual_only.split()) in individual and group_only not in individual


def test_a_repeated_print_is_read_from_the_cache(world):
    version = HandoutVersion.objects.current_for(None)[6]
    options = handouts.PrintOptions(large_print=True)
    first = handouts.render(version, options, agency_name="Riverbend")
    cached = list(Path(settings.PDF_CACHE_DIR).glob("*.pdf"))
    assert len(cached) == 1 and cached[0].read_bytes() == first
    # What is on disk is what comes back: the second print renders nothing.
    cached[0].write_bytes(b"%PDF-cached")
    assert handouts.render(version, options, agency_name="Riverbend") == b"%PDF-cached"
    # Other options or another text are another file.
    handouts.render(version, handouts.PrintOptions(), agency_name="Riverbend")
    assert len(list(Path(settings.PDF_CACHE_DIR).glob("*.pdf"))) == 2


def test_an_authority_viewer_prints_no_handouts(world, client_for):
    assert client_for("authority").get("/curriculum/handouts/1/pdf/").status_code == 403
