"""Working in Spanish in a real browser: a staff member chooses Spanish and the menu, the
forms and the messages follow, with the page's language said for screen readers; a
Spanish speaker's handouts, and their binder from cover to plans, print in Spanish."""

from django.contrib.auth.models import User
from django.utils import timezone, translation
from playwright.sync_api import expect

from consumers.models import Consumer, Plan
from curriculum import content, worksheets
from curriculum.models import HandoutGiven
from imr_site.models import LanguageChoice
from tests.browser.pages import assert_accessible, opened_pdf, sign_in
from tests.pdfs import pages_of, text_of


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


def test_a_spanish_speakers_binder_prints_in_spanish_end_to_end(demo_site, page):
    alex = Consumer.objects.get(record_number="RB-1001")
    Consumer.objects.filter(pk=alex.pk).update(preferred_language="Español")
    Plan.save_version(
        alex,
        Plan.Kind.RELAPSE_PREVENTION,
        content={"triggers": "Noches sin dormir.", "steps": "Llamar a mi hermana."},
        supporters=[],
        made_on=timezone.localdate(),
        by=User.objects.get(username="practitioner"),
    )
    sign_in(page, demo_site, "admin")
    page.goto(f"{demo_site.url}/consumers/{alex.pk}/")
    page.get_by_role("link", name="Print a binder").click()
    assert_accessible(page)
    page.get_by_label("Topic 1: Recovery Strategies").check()
    expect(page.get_by_label("Language", exact=True)).to_have_value("person")
    data = opened_pdf(page, page.get_by_role("button", name="Make the binder PDF").click)
    pages = [" ".join(text.split()) for text in pages_of(data)]
    with translation.override("es"):
        assert translation.gettext("My IMR binder") in pages[0]
        assert translation.gettext("Goals Set in the IMR Program") in pages[1]
        steps = str(dict((k, v) for k, v, _ in Plan.FIELDS[Plan.Kind.RELAPSE_PREVENTION])["steps"])
    text = " ".join(pages)
    assert worksheets.for_plan(Plan.Kind.RELAPSE_PREVENTION, "es").title in text
    assert steps in text and "Llamar a mi hermana." in text
    assert content.topic(1, "es")["title"] in text
    assert content.topic(1, "en")["title"] not in text
    assert HandoutGiven.objects.filter(
        consumer=alex, version__handout__topic=1, version__language="es"
    ).exists()
