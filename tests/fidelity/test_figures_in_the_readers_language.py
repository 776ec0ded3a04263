"""Kept figures read in the reader's language (fidelity/figure_cache.py).

Figures are worked out once and kept in the shared cache for every reader, whatever
language they work in: what they say is kept lazy and put into words when a page shows
it, so the language of whoever worked them out is never frozen into them. A file for
analysis reads in English whoever downloads it (fidelity/exports.py).
"""

import csv
import io
import json
import pickle

import pytest
from django.utils import translation
from openpyxl import load_workbook

from fidelity import estimates, goi_estimates
from imr_site import settings as site_settings
from imr_site.models import LanguageChoice
from tests.builders import grow
from tests.builders.estimates import History

# What counts depends on the day: the clock is stopped (tests/dates.py).
pytestmark = pytest.mark.usefixtures("frozen_today")


def in_language(language, text):
    with translation.override(language):
        return str(text)


def kept(figures):
    """As the shared cache keeps them and hands them back: pickled, then read."""
    return pickle.loads(pickle.dumps(figures))


def test_estimates_worked_out_in_spanish_read_in_either_language_once_kept(world):
    h = History(world)
    ann, ben = h.people("Ann", "Ben")
    h.note(h.session([ann, ben], 10), ann, motivational=["hope"])
    h.give_handout(ann, 5)
    with translation.override("es"):
        estimate = kept(h.estimate())
    handouts, one, notes = estimate.item("4"), estimate.item("1"), estimate.item("8")
    assert in_language("en", handouts.figures) == "1 of 2 people served (50%)"
    assert in_language("es", handouts.figures) == "1 de 2 personas atendidas (50%)"
    assert in_language("en", one.figures) == "Every group had 8 or fewer people present"
    assert in_language("es", one.figures) == (
        "Todos los grupos tuvieron 8 personas presentes o menos"
    )
    assert in_language("en", notes.figures) == "1 of 1 signed notes (100%)"
    assert in_language("es", notes.figures) == "1 de 1 notas firmadas (100%)"
    # The rule under an item is put into words when it is read, in the reader's language.
    assert in_language("es", handouts.rule).startswith("Personas atendidas: la proporción")
    assert in_language("en", handouts.rule).startswith("People served: the share")


def test_nothing_to_count_reads_in_either_language_once_kept(world):
    h = History(world)
    estimate = kept(h.estimate())
    item = estimate.item("1")
    assert (item.rating, item.reason) == (None, "no sessions")  # the reason stays a name
    assert in_language("en", item.figures) == "No sessions in the period."
    assert in_language("es", item.figures) == "No hubo sesiones en el período."
    assert in_language("es", estimate.item("4").figures) == (
        "Nadie vino a una sesión en el período."
    )


def test_goi_figures_worked_out_in_english_read_in_spanish_once_kept(world):
    h = History(world)
    h.session(h.people("Ann"), 10)
    goi = kept(goi_estimates.for_program(h.program, h.period))
    assert in_language("en", goi.item("G1").figures) == "Rated at the formal review."
    assert in_language("es", goi.item("G1").figures) == "Se califica en la revisión formal."
    assert in_language("en", goi.item("G9").figures) == (
        "No final fidelity review by the end of the period."
    )
    assert in_language("es", goi.item("G9").figures) == (
        "No hubo ninguna revisión de fidelidad final antes del final del período."
    )
    g4 = goi.item("G4")
    assert in_language("en", g4.figures) == "0 of 1 people served (0%)"
    assert in_language("es", g4.figures) == "0 de 1 personas atendidas (0%)"


def works_in(world, username, language):
    LanguageChoice.objects.update_or_create(
        user=world.user(username), defaults={"language": language}
    )


def test_the_dashboard_kept_for_a_spanish_reader_reads_in_english_for_an_english_one(
    world, client_for, settings, monkeypatch
):
    settings.CACHES = site_settings.CACHES  # the site's own: kept pickled in the database
    grow(world, world.northside, 3)
    url = f"/fidelity/programs/{world.northside.pk}/"
    works_in(world, "leader", "es")
    spanish = client_for("leader").get(url).content.decode()
    assert "3 de 3 notas firmadas (100%)" in spanish
    assert "3 of 3 signed notes (100%)" not in spanish

    def not_again(*args, **kwargs):
        raise AssertionError("the kept figures should have been read")

    monkeypatch.setattr(estimates, "for_programs", not_again)
    works_in(world, "leader", "en")
    english = client_for("leader").get(url).content.decode()
    assert "3 of 3 signed notes (100%)" in english
    assert "notas firmadas" not in english
    works_in(world, "leader", "es")
    assert "3 de 3 notas firmadas (100%)" in client_for("leader").get(url).content.decode()


def test_the_goi_page_kept_for_an_english_reader_reads_in_spanish(world, client_for, settings):
    settings.CACHES = site_settings.CACHES
    grow(world, world.northside, 2)
    url = f"/fidelity/programs/{world.northside.pk}/goi/"
    english = client_for("leader").get(url).content.decode()
    assert "Rated at the formal review." in english
    works_in(world, "leader", "es")
    spanish = client_for("leader").get(url).content.decode()
    assert "Se califica en la revisión formal." in spanish
    assert "Rated at the formal review." not in spanish


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_spanish_reader_downloads_the_estimates_in_english(fmt, world, client_for):
    grow(world, world.northside, 2)
    works_in(world, "leader", "es")
    response = client_for("leader").get(f"/fidelity/programs/{world.northside.pk}/export/{fmt}/")
    assert response.status_code == 200
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode())))
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [[cell if cell is not None else "" for cell in row] for row in sheet.values]
    header, eight = rows[0], rows[8]
    item_name, figures = header.index("item_name"), header.index("figures")
    assert eight[item_name] == "Motivation-based strategies"
    assert eight[figures] == "2 of 2 signed notes (100%)"


def test_a_final_reviews_kept_estimate_reads_in_either_language(world):
    h = History(world)
    h.session(h.people("Ann"), 10)
    with translation.override("es"):
        record = json.loads(json.dumps(h.estimate().snapshot()))  # as the review's JSONField
    estimate = estimates.ProgramEstimate.from_snapshot(h.program.pk, record)
    assert in_language("en", estimate.item("4").figures) == "0 of 1 people served (0%)"
    assert in_language("es", estimate.item("4").figures) == "0 de 1 personas atendidas (0%)"
    # A review kept before there were languages holds its figures in English alone.
    record["items"]["4"][1] = "0 of 1 people served (0%)"
    old = estimates.ProgramEstimate.from_snapshot(h.program.pk, record)
    assert in_language("es", old.item("4").figures) == "0 of 1 people served (0%)"
