"""The warm-up (fidelity/warm_up.py): the scheduled task works out every kept figure a page
reads before it expires, so no one's first visit waits for them, and the page still says
when they were worked out."""

import base64
import datetime
import pickle
import threading
import zoneinfo

import time_machine
from celery.signals import task_postrun
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consumers.models import Consumer
from fidelity import figure_cache, periods, tasks, warm_up
from fidelity.views.dashboard import PROGRAMS_PAGE_SIZE
from imr_site import settings as site_settings
from tests import builders
from tests.builders import grow
from tests.world import AGENCY_ZONES


def queries_and_page(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries), response.content.decode()


def period_of(program):
    """The default period of the program's pages, in its agency's zone."""
    return periods.default_period(program.agency.today())


def kept(kind, programs, period):
    """(when worked out, figures) as kept for the page, or None."""
    return cache.get(figure_cache.key(kind, programs, period), version=figure_cache.VERSION)


def shown_times(moment):
    """How a page may show a moment: in the zone of the agency of whoever looks."""
    zones = {*AGENCY_ZONES.values(), django_settings.TIME_ZONE}
    return {f"worked out at {moment.astimezone(zoneinfo.ZoneInfo(z)):%H:%M}" for z in zones}


def run_on_the_worker():
    """Send the task through Redis and wait until the worker has finished it."""
    done = threading.Event()

    def finished(sender=None, **_):
        if sender is not None and sender.name == "fidelity.tasks.warm_up_figures":
            done.set()

    task_postrun.connect(finished, weak=False)
    try:
        tasks.warm_up_figures.delay()
        assert done.wait(120), "the worker did not finish the warm-up"
    finally:
        task_postrun.disconnect(finished)


# Each page that shows kept figures, as its user opens it (a home page's list uses them too).
PAGES = [
    ("leader", "/fidelity/programs/{northside}/"),
    ("leader", "/fidelity/programs/{northside}/goi/"),
    ("leader", "/fidelity/outcomes/"),
    ("leader", "/"),
    ("coordinator", "/fidelity/programs/"),
    ("coordinator", "/fidelity/outcomes/"),
    ("coordinator", "/"),
    ("reviewer", "/fidelity/programs/"),
    ("authority", "/fidelity/overview/"),
    ("authority", "/fidelity/outcomes/"),
    ("admin", "/fidelity/programs/"),
    ("admin", "/fidelity/outcomes/"),
]


def test_after_the_task_on_a_real_worker_every_first_visit_is_warm(redis_worker, world, client_for):
    grow(world, world.northside, 3)
    run_on_the_worker()
    northside = world.northside
    estimate = kept("estimate", [northside], period_of(northside))
    assert estimate is not None
    warmed_at = estimate[0]
    # Later, but within the figures' 10 minutes: a page that worked them out itself
    # would show this minute, not the warm-up's.
    with time_machine.travel(warmed_at + datetime.timedelta(minutes=3), tick=False):
        for username, url in PAGES:
            client = client_for(username)
            url = url.format(northside=northside.pk)
            first, page = queries_and_page(client, url)
            second, _ = queries_and_page(client, url)
            assert first == second, (username, url)
            if "/fidelity/" in url:
                assert any(shown in page for shown in shown_times(warmed_at)), (username, url)
                assert not any(shown in page for shown in shown_times(timezone.now()))
        # Without the warm-up the same first visit works its figures out: more queries.
        cache.clear()
        client = client_for("leader")
        cold, _ = queries_and_page(client, f"/fidelity/programs/{northside.pk}/")
        warm, _ = queries_and_page(client, f"/fidelity/programs/{northside.pk}/")
        assert cold > warm


def test_each_set_of_programs_is_worked_out_once_and_a_second_run_works_out_nothing(world):
    grow(world, world.northside, 2)
    first = warm_up.warm_up()
    assert first.worked_out and sorted(first.worked_out) == sorted(first.read)
    figures = {name: cache.get(name, version=figure_cache.VERSION) for name in first.read}
    second = warm_up.warm_up()
    assert second.read == first.read
    assert second.worked_out == []
    assert {name: cache.get(name, version=figure_cache.VERSION) for name in second.read} == figures


def test_what_a_page_read_a_moment_ago_is_left_and_what_would_expire_is_worked_out_again(
    world, client_for
):
    client_for("leader").get(f"/fidelity/programs/{world.northside.pk}/")
    northside_figure = figure_cache.key("estimate", [world.northside], period_of(world.northside))
    assert northside_figure not in warm_up.warm_up().worked_out
    # A run later finds the 10-minute figures near their end, and renews them; the ended
    # months of the trend are kept for a day and stay as they are.
    later = timezone.now() + datetime.timedelta(seconds=warm_up.RUN_EVERY_SECONDS)
    with time_machine.travel(later, tick=False):
        renewal = warm_up.warm_up()
    assert northside_figure in renewal.worked_out
    assert all(":ended-months:" not in name for name in renewal.worked_out)
    assert sorted(renewal.worked_out) == sorted(
        name for name in renewal.read if ":ended-months:" not in name
    )


def test_a_set_of_programs_nobody_sees_is_not_worked_out(world):
    harbor = world.programs["Harbor Point IMR team"]
    lakeview = builders.program(builders.agency("Lakeview Services"), "Lakeview IMR team")
    # Harbor Point's only leader has left: nobody opens its own dashboard now.
    ruth = world.user("ruth.bell")
    ruth.is_active = False
    ruth.save()
    read = warm_up.warm_up().read
    northside, eastgate = world.northside, world.eastgate
    period = period_of(northside)
    assert figure_cache.key("estimate", [northside], period) in read
    assert figure_cache.key("goi", [eastgate], period) in read
    assert figure_cache.key("estimate", [northside, eastgate], period) in read  # the agency's
    # The site administrator's all-programs pages, in the site's zone (the administrator
    # belongs to no agency), whatever zone an earlier request left in this thread.
    everything = [northside, eastgate, harbor, lakeview]
    site_today = timezone.localdate(timezone=zoneinfo.ZoneInfo(django_settings.TIME_ZONE))
    assert figure_cache.key("outcomes", everything, periods.default_period(site_today)) in read
    for kind in ("estimate", "goi", "practitioners"):
        assert figure_cache.key(kind, [harbor], period_of(harbor)) not in read
        assert figure_cache.key(kind, [lakeview], period_of(lakeview)) not in read
    assert figure_cache.key("estimate", [northside, harbor], period) not in read


def test_the_side_by_side_pages_are_warm_page_by_page(world, client_for):
    riverbend = world.northside.agency
    # Enough programs for a second page, in mixed case, where collations disagree on the order.
    for n in range(PROGRAMS_PAGE_SIZE):
        builders.program(riverbend, f"{'abcdefgh'[n % 8]}{'ABC'[n % 3]} team {n:02d}")
    warm_up.warm_up()
    client = client_for("coordinator")
    for url in ("/fidelity/programs/", "/fidelity/programs/?page=2", "/fidelity/overview/"):
        first, _ = queries_and_page(client, url)
        second, _ = queries_and_page(client, url)
        assert first == second, url


def test_the_cache_holds_no_name_or_record_number_after_the_warm_up(world, settings):
    settings.CACHES = site_settings.CACHES  # the site's own: a table in the database
    grow(world, world.northside, 3)
    assert warm_up.warm_up().worked_out
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM imr_cache")
        texts = [repr(pickle.loads(base64.b64decode(value))) for (value,) in cursor.fetchall()]
    people = Consumer.objects.values_list("preferred_name", "legal_name", "record_number")
    for text in texts:
        for name, legal_name, number in people:
            assert name not in text and number not in text
            assert not legal_name or legal_name not in text


def test_the_beat_runs_it_before_any_kept_figure_expires():
    entry = django_settings.CELERY_BEAT_SCHEDULE["warm-up-figures"]
    assert entry["task"] == "fidelity.tasks.warm_up_figures"
    assert entry["schedule"] == warm_up.RUN_EVERY_SECONDS
    # The next run comes, and has time to get round, before a figure a run skipped expires;
    # one just worked out is never worked out again by the same or a simultaneous run.
    assert warm_up.RUN_EVERY_SECONDS < warm_up.RENEW_WITHIN_SECONDS < figure_cache.KEEP_SECONDS
    assert warm_up.SIDE_BY_SIDE_PAGE_SIZE == PROGRAMS_PAGE_SIZE
