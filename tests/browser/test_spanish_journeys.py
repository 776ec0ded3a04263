"""Working in Spanish in a real browser: a staff member chooses Spanish and the menu, the
forms and the messages follow, with the page's language said for screen readers; a
Spanish speaker's handouts print in Spanish."""

from playwright.sync_api import expect

from consumers.models import Consumer
from curriculum import content
from curriculum.models import HandoutGiven
from imr_site.models import LanguageChoice
from tests.browser.pages import assert_accessible, opened_pdf, sign_in
from tests.pdfs import text_of


def test_a_staff_member_switches_to_spanish_and_back(demo_site, page):
    sign_in(page, demo_site, "practitioner")
    page.get_by_role("link", name="Your account").click()
    page.get_by_label("Español").check()
    page.get_by_role("button", name="Save my language").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_text("Sus páginas ahora están en español.")).to_be_visible()
    expect(page.get_by_role("link", name="Inicio", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Guardar mi idioma")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Inicio", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert_accessible(page)
    page.get_by_role("link", name="Su cuenta").click()
    page.get_by_label("English").check()
    page.get_by_role("button", name="Guardar mi idioma").click()
    expect(page.get_by_text("Your pages are now in English.")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert LanguageChoice.objects.get(user__username="practitioner").language == "en"


def test_a_spanish_speakers_handout_prints_in_spanish(demo_site, page):
    alex = Consumer.objects.get(record_number="RB-1001")
    Consumer.objects.filter(pk=alex.pk).update(preferred_language="Español")
    sign_in(page, demo_site, "practitioner")
    page.goto(f"{demo_site.url}/consumers/{alex.pk}/handouts/")
    assert_accessible(page)
    form = page.locator(f"form[action='/consumers/{alex.pk}/handouts/7/pdf/']")
    expect(form.get_by_label("Language of", exact=False)).to_have_value("person")
    data = opened_pdf(page, form.get_by_role("button").click)
    text = text_of(data)
    assert content.topic(7, "es")["title"] in text
    given = HandoutGiven.objects.filter(consumer=alex, version__handout__topic=7)
    assert given.filter(version__language="es").exists()
