"""The practitioner guide's pacing reads plainly, and no guide panel is shown empty."""

import re

from curriculum import content
from imr_site import languages
from sessions_log.models import Group


def pacing(page):
    return " ".join(re.search(r"<strong>Individual:</strong>(.*?)</p>", page, re.S)[1].split())


def test_a_range_whose_ends_agree_reads_as_one_number(world, client_for):
    # Topic 1 runs 2 to 4 individual sessions and exactly 4 in a group.
    page = client_for("practitioner").get("/curriculum/topics/1/guide/").content.decode()
    assert pacing(page) == "2 to 4 weekly sessions. <strong>Group:</strong> 4 weekly sessions."
    assert "4 to 4" not in page


def test_the_session_form_has_no_empty_panel_for_the_orientation(world, client_for):
    group = Group.objects.get(program=world.northside)
    page = client_for("practitioner").get(f"/sessions/new/?group={group.pk}").content.decode()
    assert 'data-topic="1"' in page
    assert 'data-topic="0"' not in page  # the orientation has a handout but no guide
    assert "to  weekly" not in page and "The orientation has no guide" in page


def test_a_form_sent_back_with_the_orientation_chosen_shows_the_note(world, client_for):
    group = Group.objects.get(program=world.northside)
    response = client_for("practitioner").post(f"/sessions/new/?group={group.pk}", {"topic": "0"})
    assert response.context["form"].errors  # sent back: no date
    note = re.search(r'<p class="session-guide-empty[^>]*>', response.content.decode())[0]
    assert "hidden" not in note


def test_the_guides_drawn_once_are_drawn_again_in_each_language(world, client_for):
    # The form keeps each guide as drawn (templates/sessions_log/session_form.html): the
    # Spanish form, asked for after the English one, still has Spanish headings.
    group = Group.objects.get(program=world.northside)
    client = client_for("practitioner")
    english = client.get(f"/sessions/new/?group={group.pk}").content.decode()
    session = client.session
    session[languages.SESSION_KEY] = "es"
    session.save()
    spanish = client.get(f"/sessions/new/?group={group.pk}").content.decode()
    assert english.count("Strategies that fit this topic") == len(content.TOPIC_NUMBERS)
    assert spanish.count("Estrategias adecuadas para este tema") == len(content.TOPIC_NUMBERS)
    assert "Strategies that fit this topic" not in spanish
