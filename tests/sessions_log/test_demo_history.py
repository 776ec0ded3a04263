"""The demo's months of sessions hold the gaps the dashboards must find, and its pages open."""

from sessions_log import demo, notes
from sessions_log.models import Group, Homework, Session, SupervisionMeeting


def test_the_demo_history_has_realistic_gaps(world, client_for):
    demo.create_demo_history(world.programs)
    sessions = Session.objects.all()
    assert sessions.filter(kind="group").count() >= 15
    assert sessions.filter(kind="individual").exists()
    assert notes.overdue_drafts(sessions).exists()
    assert notes.missing_notes(sessions).exists()
    assert Homework.objects.filter(outcome="not_done").exclude(reason="").exists()
    evening = Group.objects.get(name="Thursday evening group")
    assert evening.current_members().count() > Group.CAPACITY
    assert SupervisionMeeting.objects.filter(program=world.northside).count() >= 8
    before = sessions.count()
    demo.create_demo_history(world.programs)
    assert Session.objects.count() == before
    leader = client_for("leader")
    review = leader.get("/sessions/notes/review/").content.decode()
    assert "No note written" in review and "Draft, last saved by" in review
    jo = client_for("jo.martin")
    assert "This group has 10 members" in jo.get(f"/sessions/groups/{evening.pk}/").content.decode()
    last = sessions.filter(group__name="Tuesday morning group").order_by("-held_on").first()
    assert jo.get(f"/sessions/{last.pk}/notes/").status_code == 404
    assert client_for("leader").get(f"/sessions/{last.pk}/notes/").status_code == 200
