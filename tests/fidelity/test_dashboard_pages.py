"""The leader's fidelity dashboard, its drill-downs, programs side by side, the authority view."""

import csv
import datetime
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consumers.models import Consumer, Goal, Program
from fidelity.models import Review
from imr_site import settings as site_settings
from imr_site.models import AuditEvent
from tests.builders import grow

# What counts depends on the day: the clock is stopped (tests/dates.py).
pytestmark = pytest.mark.usefixtures("frozen_today")

# The authority's pages over every program it may see: the overview and its export.
OVERVIEW_URLS = ("/fidelity/overview/", "/fidelity/overview/export/csv/")


def yesterday():
    return timezone.localdate() - datetime.timedelta(days=1)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def test_the_leader_sees_the_13_items_with_figures_and_a_chart(world, client_for):
    grow(world, world.northside, 3)
    response = client_for("leader").get(f"/fidelity/programs/{world.northside.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in page and "13. Behavioral tailoring for medication" in page
    assert "3 of 3 signed notes (100%)" in page
    assert "3 people served" in page


def test_the_dashboard_runs_the_same_queries_for_3_people_and_for_15(world, client_for):
    client = client_for("leader")
    url = f"/fidelity/programs/{world.northside.pk}/"
    grow(world, world.northside, 3)
    small_cold = queries_for(client, url)
    small_warm = queries_for(client, url)
    cache.clear()
    grow(world, world.northside, 12, start=3)
    assert queries_for(client, url) == small_cold
    assert queries_for(client, url) == small_warm


def test_estimates_are_kept_a_while_and_worked_out_again_when_asked(world, client_for):
    client = client_for("leader")
    url = f"/fidelity/programs/{world.northside.pk}/"
    grow(world, world.northside, 3)
    cold = queries_for(client, url)
    warm = queries_for(client, url)
    # The period's estimate (4 queries) and the 12 months of the trend are kept: the 11
    # ended months counted together in 4 queries, the month under way in 4 more; and the
    # figures per practitioner (2).
    assert cold - warm == 4 + 4 + 4 + 2
    grow(world, world.northside, 2, start=3)
    page = client.get(url).content.decode()
    assert "3 people served" in page and "These figures were worked out at" in page
    assert queries_for(client, url + "?fresh=1") == cold
    assert "5 people served" in client.get(url).content.decode()


def test_the_sites_cache_is_the_database_shared_by_every_app_server(world, client_for, settings):
    client = client_for("leader")
    url = f"/fidelity/programs/{world.northside.pk}/"
    grow(world, world.northside, 3)
    queries_for(client, url)
    in_memory = queries_for(client, url)
    settings.CACHES = site_settings.CACHES  # as configured, with no CACHE_URL
    queries_for(client, url)
    # One read each for the period's estimate, the months of the trend that have ended,
    # the month under way, the figures per practitioner and the figures' part drawn.
    assert queries_for(client, url) == in_memory + 5
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM imr_cache")
        assert cursor.fetchone()[0] == 5


def test_an_action_leads_to_the_person_behind_it(world, client_for):
    grow(world, world.northside, 1)
    alex = world.consumer("RB-1001")
    Goal.objects.filter(consumer=alex).update(
        set_on=yesterday() - datetime.timedelta(days=80), last_reviewed_on=None
    )
    response = client_for("leader").get(f"/fidelity/programs/{world.northside.pk}/")
    goals = next(a for a in response.context["actions"] if a.key == "goals")
    assert ("Alex Moreno", alex.get_absolute_url()) in [
        (label, url) for label, url, _ in goals.rows
    ]
    assert AuditEvent.objects.filter(
        action="view", consumer=alex, actor=world.user("leader")
    ).exists()


def test_the_handout_drill_down_lists_the_people_without_handouts(world, client_for):
    grow(world, world.northside, 2)
    url = f"/fidelity/programs/{world.northside.pk}/items/4/"
    response = client_for("leader").get(url)
    assert f"Person {world.northside.pk}-0" in response.content.decode()
    people = response.context["people"]
    assert {p.record_number for p in people} == {
        f"GX-{world.northside.pk}-0000",
        f"GX-{world.northside.pk}-0001",
    }


def test_an_unknown_item_is_not_found(world, client_for):
    url = f"/fidelity/programs/{world.northside.pk}/items/14/"
    assert client_for("leader").get(url).status_code == 404


def test_a_practitioner_cannot_open_the_dashboard(world, client_for):
    url = f"/fidelity/programs/{world.northside.pk}/"
    assert client_for("practitioner").get(url).status_code == 403


def test_another_programs_leader_gets_not_found(world, client_for):
    url = f"/fidelity/programs/{world.northside.pk}/"
    assert client_for("lena.hart").get(url).status_code == 404


def test_the_coordinator_sees_the_agencys_programs_side_by_side(world, client_for):
    grow(world, world.northside, 2)
    grow(world, world.eastgate, 1)
    response = client_for("coordinator").get("/fidelity/programs/")
    names = [program.name for program, _ in response.context["rows"]]
    assert names == ["Eastgate IMR team", "Northside IMR team"]
    served = {program.name: estimate.served for program, estimate in response.context["rows"]}
    assert served == {"Eastgate IMR team": 1, "Northside IMR team": 2}


def test_the_authority_view_names_no_one(world, client_for):
    grow(world, world.northside, 2)
    client = client_for("authority")
    pages = [
        client.get("/fidelity/overview/").content.decode(),
        client.get("/fidelity/overview/export/csv/").content.decode(),
    ]
    people = Consumer.objects.values_list("preferred_name", "record_number")
    for page in pages:
        for name, number in people:
            assert name not in page and number not in page
    assert "Harbor Point IMR team" in pages[0]
    assert AuditEvent.objects.filter(action="export", actor=world.user("authority")).exists()


@pytest.mark.parametrize(
    ("username", "urls"), [("authority", OVERVIEW_URLS), ("coordinator", ("/fidelity/programs/",))]
)
def test_programs_side_by_side_run_the_same_queries_whatever_the_size(
    username, urls, world, client_for
):
    client = client_for(username)
    harbor = world.programs["Harbor Point IMR team"]
    grow(world, harbor, 2)
    grow(world, world.northside, 2)
    cold = {url: queries_for(client, url) for url in urls}
    warm = {url: queries_for(client, url) for url in urls}
    cache.clear()
    for program in (harbor, world.northside):
        grow(world, program, 10, start=2)
    for n in range(3):
        agency = harbor.agency if username == "authority" else world.northside.agency
        grow(world, Program.objects.create(agency=agency, name=f"New team {n}"), 4)
    assert {url: queries_for(client, url) for url in urls} == cold
    assert {url: queries_for(client, url) for url in urls} == warm


def test_the_estimates_export_gives_each_item_with_its_figures(world, client_for):
    grow(world, world.northside, 2)
    response = client_for("leader").get(f"/fidelity/programs/{world.northside.pk}/export/csv/")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["item"] for r in rows] == [str(n) for n in range(1, 14)]
    assert rows[7]["rating"] == "5" and rows[7]["met"] == "2" and rows[7]["counted"] == "2"
    assert AuditEvent.objects.filter(
        action="export", actor=world.user("leader"), program=world.northside
    ).exists()


def test_a_bad_period_is_explained_and_the_default_is_shown(world, client_for):
    response = client_for("leader").get(
        f"/fidelity/programs/{world.northside.pk}/?start=2026-06-30&end=2026-01-01"
    )
    assert response.status_code == 200
    assert "The start of the period comes after its end." in response.content.decode()


def test_a_formal_review_is_due_until_one_is_final_within_6_months(world, client_for):
    url = f"/fidelity/programs/{world.northside.pk}/"

    def due():
        actions = client_for("leader").get(url).context["actions"]
        return next(a for a in actions if a.key == "review").count

    assert due() == 1
    Review.objects.create(
        program=world.northside,
        period_start=yesterday() - datetime.timedelta(days=180),
        period_end=yesterday(),
        visited_on=yesterday(),
        status=Review.Status.FINAL,
        finalized_at=timezone.now(),
        created_by=world.user("reviewer"),
    )
    assert due() == 0
