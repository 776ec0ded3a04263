"""A notes page left open while its notes are signed elsewhere never throws typing away."""

from consumers.models import Consumer
from sessions_log.models import Addendum, Attendance, ProgressNote
from tests.builders import add_members, group_session
from tests.forms import notes_data
from tests.html_forms import form_in


def open_page(client, session):
    return client.get(f"/sessions/{session.pk}/notes/").content.decode()


def sign_elsewhere(client, session):
    client.post(f"/sessions/{session.pk}/notes/sign/", {"password": "imr-demo"})


def first_person(session):
    return (
        session.attendance.filter(status="present").order_by("consumer__preferred_name")[0].consumer
    )


def left_open_while_signed(world, client_for):
    """A notes page with saved drafts, opened, then every note signed in another tab.

    (client, session, the page as it still stands, the first person on it)
    """
    session = group_session(world)
    client = client_for("practitioner")
    client.post(f"/sessions/{session.pk}/notes/", notes_data(session))
    page = open_page(client, session)
    sign_elsewhere(client, session)
    return client, session, page, first_person(session)


def typed_on(page, person, words):
    return form_in(page, "notes-form").data(**{f"n{person.pk}-practitioner_perspective": words})


def test_autosave_after_signing_says_so_and_saves_nothing(world, client_for):
    client, session, page, person = left_open_while_signed(world, client_for)
    answer = client.post(
        f"/sessions/{session.pk}/notes/autosave/",
        typed_on(page, person, "Calmer than last week."),
    ).json()
    assert answer["saved"] == []
    assert person.pk in [signed["person"] for signed in answer["signed"]]
    assert {signed["name"] for signed in answer["signed"]} >= {person.preferred_name}
    note = ProgressNote.objects.get(session=session, consumer=person)
    assert note.practitioner_perspective == "" and note.content_hash == note.compute_hash()


def test_save_the_drafts_after_signing_keeps_the_typing_on_screen(world, client_for):
    client, session, page, person = left_open_while_signed(world, client_for)
    response = client.post(
        f"/sessions/{session.pk}/notes/", typed_on(page, person, "Calmer than last week.")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Calmer than last week." in html
    assert "was signed meanwhile" in html
    assert f"Add what I typed for {person.preferred_name} as an addendum" in html
    assert "notes saved as drafts" not in html


def test_the_typing_becomes_an_addendum_in_one_step(world, client_for):
    client, session, page, person = left_open_while_signed(world, client_for)
    typed = typed_on(page, person, "Calmer than last week.")
    answer_page = client.post(f"/sessions/{session.pk}/notes/", typed).content.decode()
    # The button on the page that came back, as the browser sends it.
    data = form_in(answer_page, "notes-form").data(addendum_for=str(person.pk))
    response = client.post(f"/sessions/{session.pk}/notes/", data, follow=True)
    note = ProgressNote.objects.get(session=session, consumer=person)
    addendum = Addendum.objects.get(note=note)
    assert addendum.text == "The practitioner's view: Calmer than last week."
    assert addendum.written_by == world.user("practitioner")
    assert note.content_hash == note.compute_hash()
    assert "is now an addendum" in response.content.decode()
    # Nobody else's note got an addendum for words that were not theirs.
    assert Addendum.objects.filter(note__session=session).count() == 1


def test_nothing_new_typed_adds_no_addendum(world, client_for):
    client, session, page, person = left_open_while_signed(world, client_for)
    data = form_in(page, "notes-form").data(addendum_for=str(person.pk))
    client.post(f"/sessions/{session.pk}/notes/", data)
    assert not Addendum.objects.filter(note__session=session).exists()


def test_a_fully_signed_session_shows_its_notes_read_only(world, client_for):
    session = group_session(world)
    client = client_for("practitioner")
    client.post(f"/sessions/{session.pk}/notes/", notes_data(session))
    assert 'id="notes-form"' in open_page(client, session)
    sign_elsewhere(client, session)
    page = open_page(client, session)
    assert 'id="notes-form"' not in page
    assert 'type="checkbox"' not in page and "Save the drafts" not in page
    assert "save by themselves" not in page
    assert "Stress at home" in page and "Practiced slow breathing together." in page


def test_a_person_with_no_note_yet_keeps_the_page_editable(world, client_for):
    session = group_session(world)
    client = client_for("practitioner")
    client.post(f"/sessions/{session.pk}/notes/", notes_data(session))
    sign_elsewhere(client, session)
    add_members(session.group, 1)
    newcomer = Consumer.objects.get(preferred_name="Member 01")
    Attendance.objects.create(
        session=session,
        consumer=newcomer,
        status="present",
        program=session.program,
        held_on=session.held_on,
    )
    page = open_page(client, session)
    assert 'id="notes-form"' in page and "Save the drafts" in page
    assert f'name="n{newcomer.pk}-problem_in_focus"' in page
