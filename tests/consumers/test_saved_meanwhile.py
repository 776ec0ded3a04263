"""Two people editing the same record: the second to save is told and keeps their typing."""

from django.test import Client

from consumers.models import Goal
from tests.forms import goal_data


def opened(client, url):
    """The form as the page served it, with its hidden stamp."""
    response = client.get(url)
    assert 'name="opened_at"' in response.content.decode()
    form = response.context["form"]
    return {name: form[name].value() for name in form.fields}


def as_post(values):
    return {k: ("" if v is None else v) for k, v in values.items() if v is not False}


def test_a_second_save_of_a_consumer_is_refused_and_keeps_the_typing(world, client_for):
    alex = world.consumer("RB-1001")
    url = f"/consumers/{alex.pk}/edit/"
    first = client_for("practitioner")
    mine = as_post(opened(first, url))
    leader = Client()
    leader.force_login(world.user("leader"))
    theirs = as_post(opened(leader, url)) | {"phone": "555-0101"}
    assert leader.post(url, theirs).status_code == 302
    response = first.post(url, mine | {"phone": "555-0199", "pronouns": "they/them"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this record while you were editing it" in page
    assert "555-0199" in page and "they/them" in page
    alex.refresh_from_db()
    assert alex.phone == "555-0101" and alex.pronouns != "they/them"
    # The re-shown form carries the new stamp: saving again is a knowing overwrite.
    again = as_post(
        {n: response.context["form"][n].value() for n in response.context["form"].fields}
    )
    assert first.post(url, again).status_code == 302
    alex.refresh_from_db()
    assert alex.phone == "555-0199" and alex.pronouns == "they/them"


def test_a_goal_saved_meanwhile_is_not_overwritten(world, client_for):
    alex = world.consumer("RB-1001")
    goal = alex.goals.filter(kind=Goal.Kind.SHORT_TERM).first()
    url = f"/consumers/{alex.pk}/goals/{goal.pk}/"
    client = client_for("practitioner")
    stamp = opened(client, url)["opened_at"]
    goal.measure = "Changed by someone else"
    goal.save()
    data = goal_data(description="My own words", opened_at=stamp) | {"steps-TOTAL_FORMS": "0"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    assert "My own words" in response.content.decode()
    goal.refresh_from_db()
    assert goal.measure == "Changed by someone else" and goal.description != "My own words"
