"""Hand-over on a tablet (768 x 1024, touch): the person answers the IMR Scale on the
practitioner's screen; no staff page opens until the password; an idle screen locks.
axe checks every hand-over screen with every impact counted; the person can finish with
the keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

from consumers import imr_scale, person_answers
from consumers.models import Consumer, Goal, GoalReview, ImrScaleAdministration
from imr_site.models import AuditEvent
from tests.browser.pages import assert_accessible, sign_in
from tests.world import PASSWORD

TABLET = {"width": 768, "height": 1024}
SMALLEST_TARGET = 44  # px, WCAG 2.5.5


@pytest.fixture
def tablet(new_context):
    context = new_context(viewport=TABLET, has_touch=True, is_mobile=True)
    return context.new_page()


def hand_over(page, site, consumer, form_label):
    page.goto(f"{site.url}/consumers/{consumer.pk}/")
    page.get_by_role("link", name=f"Hand over to {consumer.preferred_name}").tap()
    expect(page).to_have_url(re.compile(r"/consumers/\d+/hand-over/$"))
    assert_accessible(page, every_impact=True)
    page.get_by_label(form_label).check()
    page.get_by_role("button", name="Hand over the screen").tap()
    expect(page).to_have_url(re.compile(r"/hand-over/$"))


def assert_nothing_of_the_staff_pages(page):
    expect(page.get_by_role("navigation")).to_have_count(0)
    expect(page.get_by_role("link")).to_have_count(1)  # the staff's way out, which asks
    expect(page.get_by_role("link", name="For staff: take the screen back")).to_be_visible()


def assert_big_enough(page):
    for button in page.get_by_role("button").all():
        box = button.bounding_box()
        assert box["height"] >= SMALLEST_TARGET and box["width"] >= SMALLEST_TARGET, (
            button.inner_text()
        )


def test_the_person_answers_the_scale_on_a_tablet(demo_site, tablet):
    page, bea = tablet, Consumer.objects.get(record_number="RB-1002")
    sign_in(page, demo_site, "practitioner")
    hand_over(page, demo_site, bea, "The IMR Scale (the person's own answers)")

    wanted = {n: (n % 5) + 1 for n in range(1, 16)}
    wanted[13] = imr_scale.NOT_APPLICABLE
    wanted[9] = None  # left blank
    for question in person_answers.SCALE_QUESTIONS:
        number = question.item_number
        expect(page.get_by_text(f"Question {number} of 15")).to_be_visible()
        expect(page.get_by_role("heading", level=1)).to_have_text(str(question.text))
        not_applicable = page.get_by_role("button", name=re.compile("^Does not apply to me"))
        expect(not_applicable).to_have_count(1 if number == 13 else 0)
        assert_nothing_of_the_staff_pages(page)
        if number in (1, 13):
            assert_accessible(page, every_impact=True)
            assert_big_enough(page)
        if wanted[number] is None:
            page.get_by_role("button", name="Skip this question").tap()
        else:
            answer = str(question.label_of(wanted[number]))
            page.get_by_role("button", name=answer, exact=True).tap()

    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    expect(page.get_by_role("button", name="Skip this question")).to_have_count(0)
    expect(page.get_by_text("Left blank")).to_have_count(1)
    assert_accessible(page, every_impact=True)
    assert_big_enough(page)

    # Typed addresses and the back button lead back to the hand-over, never a staff page.
    for path in (f"/consumers/{bea.pk}/", "/", "/consumers/", "/audit/", "/admin/"):
        page.goto(f"{demo_site.url}{path}")
        expect(page).to_have_url(f"{demo_site.url}/hand-over/")
        assert_nothing_of_the_staff_pages(page)
    for _ in range(4):
        page.go_back()
        expect(page).to_have_url(re.compile(r"/hand-over/$"))
        assert_nothing_of_the_staff_pages(page)
    page.goto(f"{demo_site.url}/hand-over/")

    page.get_by_role("button", name="Done").tap()
    expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()
    assert_accessible(page, every_impact=True)
    saved = ImrScaleAdministration.objects.get(consumer=bea, answered_by="hand_over")
    assert saved.answers() == wanted
    assert saved.score == imr_scale.score(wanted).mean
    assert saved.items_answered == 13

    page.get_by_role("link", name="For staff: take the screen back").tap()
    expect(page.get_by_role("heading", name="Take the screen back")).to_be_visible()
    assert_accessible(page, every_impact=True)
    page.get_by_label("Staff password").fill("not it")
    page.get_by_role("button", name="End hand-over").tap()
    expect(page.get_by_role("alert")).to_contain_text("That password is not right")
    page.goto(f"{demo_site.url}/consumers/{bea.pk}/")
    expect(page).to_have_url(f"{demo_site.url}/hand-over/")

    page.get_by_role("link", name="For staff: take the screen back").tap()
    page.get_by_label("Staff password").fill(PASSWORD)
    page.get_by_role("button", name="End hand-over").tap()
    expect(page).to_have_url(f"{demo_site.url}/consumers/{bea.pk}/")
    expect(page.get_by_text("Hand-over ended.")).to_be_visible()
    actions = AuditEvent.objects.filter(consumer=bea, actor__username="practitioner")
    assert actions.filter(action=AuditEvent.Action.HAND_OVER_START).count() == 1
    assert actions.filter(action=AuditEvent.Action.HAND_OVER_END).count() == 1


def test_an_idle_hand_over_locks_and_the_password_resumes_it(demo_site, tablet, settings):
    settings.HAND_OVER_IDLE_MINUTES = 0.05  # 3 seconds
    page, bea = tablet, Consumer.objects.get(record_number="RB-1002")
    sign_in(page, demo_site, "practitioner")
    hand_over(page, demo_site, bea, "The IMR Scale (the person's own answers)")
    first = person_answers.SCALE_QUESTIONS[0].label_of(3)
    page.get_by_role("button", name=first, exact=True).tap()
    expect(page.get_by_text("Question 2 of 15")).to_be_visible()

    # Nobody touches the screen: it locks by itself, and the question is gone.
    expect(page.get_by_role("heading", name="This screen is locked")).to_be_visible(timeout=15000)
    expect(page.get_by_text("Question 2 of 15")).to_have_count(0)
    expect(page.get_by_role("link")).to_have_count(0)
    assert_accessible(page, every_impact=True)
    page.goto(f"{demo_site.url}/consumers/{bea.pk}/")
    expect(page.get_by_role("heading", name="This screen is locked")).to_be_visible()

    page.get_by_label("Staff password").fill(PASSWORD)
    page.get_by_role("button", name="Unlock and go on").tap()
    expect(page.get_by_text("Question 2 of 15")).to_be_visible()
    page.get_by_role("button", name="Back").tap()
    expect(page.get_by_role("button", name=f"{first} (your answer)")).to_be_visible()


def press_enter(page):
    """Press Enter on the focused button and wait for the next screen."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def press_tab_to(page, name):
    """Move the keyboard's focus, Tab by Tab, to the control with this name."""
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => (document.activeElement.innerText || document.activeElement.labels?.[0]"
            "?.innerText || '').trim()"
        )
        if focused == name:
            return
    raise AssertionError(f"no control named {name!r} reached with Tab")


def test_the_person_finishes_a_goal_check_in_with_the_keyboard_alone(demo_site, page):
    alex = Consumer.objects.get(record_number="RB-1001")
    goals = list(Goal.objects.filter(consumer=alex, status__in=Goal.OPEN_STATUSES))
    sign_in(page, demo_site, "practitioner")
    page.goto(f"{demo_site.url}/consumers/{alex.pk}/hand-over/")
    page.get_by_label("A check-in on their goals").check()
    page.get_by_role("button", name="Hand over the screen").click()

    for goal in goals:
        expect(page.get_by_text(goal.description)).to_be_visible()
        press_tab_to(page, "Well")
        press_enter(page)
        expect(page.get_by_role("textbox")).to_be_visible()
        assert_accessible(page, every_impact=True)
        press_tab_to(page, "Tell us a few words about how it is going.")
        page.keyboard.type("Going step by step.")
        press_tab_to(page, "Next")
        press_enter(page)
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    press_tab_to(page, "Done")
    press_enter(page)
    expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()

    press_tab_to(page, "For staff: take the screen back")
    press_enter(page)
    press_tab_to(page, "Staff password")
    page.keyboard.type(PASSWORD)
    press_tab_to(page, "End hand-over")
    press_enter(page)
    expect(page).to_have_url(f"{demo_site.url}/consumers/{alex.pk}/")
    reviews = GoalReview.objects.filter(goal__in=goals, progress__contains="Going step by step.")
    assert reviews.count() == len(goals)
    assert all("4 of 5 (Well)" in review.progress for review in reviews)


def test_my_recovery_is_read_in_hand_over_on_a_tablet(demo_site, tablet):
    page, alex = tablet, Consumer.objects.get(record_number="RB-1001")
    sign_in(page, demo_site, "practitioner")
    hand_over(page, demo_site, alex, "My recovery, their own summary (to read together)")
    expect(page.get_by_role("heading", name="My recovery", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Your goals")).to_be_visible()
    assert_nothing_of_the_staff_pages(page)
    assert_accessible(page, every_impact=True)
