"""The program tables kept drawn (fidelity/kept_tables.py): the warm-up draws them ahead for
each way a reader sees them, so the first visit after it draws nothing; each language
and each small-numbers view has its own."""

from django.core.cache import caches
from django.utils.functional import empty

from fidelity import warm_up
from imr_site.models import LanguageChoice
from tests.builders import grow
from tests.html_forms import form_in

PAGES = {
    "/fidelity/outcomes/": ("beside", "IMR Scale: change from baseline"),
    "/fidelity/overview/": ("rows", "Last review"),
}


def drawn_on_the_visit(response, name):
    """Did the page work out what its kept table shows (the table was not kept)?"""
    return response.context[name]._wrapped is not empty


def test_after_the_warm_up_the_authority_s_first_visit_draws_no_table(world, client_for):
    grow(world, world.northside, 3)
    renewal = warm_up.warm_up()
    assert renewal.tables_drawn > 0
    client = client_for("authority")
    for url, (name, heading) in PAGES.items():
        response = client.get(url)
        assert not drawn_on_the_visit(response, name), url
        assert heading in response.content.decode(), url
    # Without the warm-up's tables, the same visit draws them.
    caches["default"].clear()
    for url, (name, _) in PAGES.items():
        assert drawn_on_the_visit(client.get(url), name), url


def test_after_the_warm_up_a_leader_s_dashboard_draws_neither_items_nor_trend(world, client_for):
    grow(world, world.northside, 3)
    warm_up.warm_up()
    client = client_for("leader")
    url = f"/fidelity/programs/{world.northside.pk}/"
    response = client.get(url)
    assert not drawn_on_the_visit(response, "item_chart")
    assert not drawn_on_the_visit(response, "trend")
    page = response.content.decode()
    assert "13. Behavioral tailoring for medication" in page and 'id="trend-title"' in page
    caches["default"].clear()
    assert drawn_on_the_visit(client.get(url), "item_chart")


def works_in(client, language):
    form = form_in(client.get("/accounts/").content.decode(), "language-form")
    client.post(form.action, form.data(language=language))
    return client


def test_a_reader_working_in_spanish_finds_their_tables_drawn_in_spanish(world, client_for):
    grow(world, world.northside, 3)
    LanguageChoice.objects.create(user=world.user("authority"), language="es")
    warm_up.warm_up()
    client = works_in(client_for("authority"), "es")
    page = client.get("/fidelity/outcomes/")
    assert not drawn_on_the_visit(page, "beside")
    assert "Escala IMR: cambio desde la inicial" in page.content.decode()
    page = client.get("/fidelity/overview/")
    assert not drawn_on_the_visit(page, "rows")
    assert "Última revisión" in page.content.decode()
    # The same figures read in English next: their own table, not the Spanish one.
    text = works_in(client, "en").get("/fidelity/outcomes/").content.decode()
    assert "IMR Scale: change from baseline" in text and "Escala IMR" not in text


def outcome_tables(page):
    text = page.content.decode()
    start = text.index('<section class="mb-4" aria-labelledby="scale-title">')
    end = text.index("</section>", text.index('aria-labelledby="discharges-title"'))
    return text[start:end]


def test_tables_drawn_in_parts_on_a_cold_visit_read_as_the_warm_up_draws_them(world, client_for):
    grow(world, world.northside, 3)
    client = client_for("authority")
    # Cold: the figures are worked out on the visit, and the parts without an estimate
    # drawn while the estimates are read.
    cold = client.get("/fidelity/outcomes/")
    assert cold.context["drawn"].keys() == {"scale_and_stays", "progress"}
    caches["default"].clear()
    warm_up.warm_up()
    warmed = client.get("/fidelity/outcomes/")
    assert not drawn_on_the_visit(warmed, "beside") and not warmed.context["drawn"]
    assert outcome_tables(cold) == outcome_tables(warmed)
    assert "Hospital stays, crises and relapses" in outcome_tables(cold)
