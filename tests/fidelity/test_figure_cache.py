"""Kept figures (fidelity/figure_cache.py): the shared cache holds programs' figures, no person."""

import base64
import pickle

from django.db import connection

from consumers.models import Consumer
from imr_site import settings as site_settings
from tests.builders import grow


def test_the_cache_holds_no_name_or_record_number_after_every_figures_page(
    world, client_for, settings
):
    settings.CACHES = site_settings.CACHES  # the site's own: a table in the database
    grow(world, world.northside, 3)
    pages = {
        "leader": [
            f"/fidelity/programs/{world.northside.pk}/",
            "/fidelity/programs/",
            f"/fidelity/outcomes/?program={world.northside.pk}",
        ],
        "coordinator": ["/fidelity/programs/", "/fidelity/outcomes/"],
        "authority": ["/fidelity/overview/", "/fidelity/outcomes/"],
    }
    for username, urls in pages.items():
        client = client_for(username)
        for url in urls:
            assert client.get(url).status_code == 200, url
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM imr_cache")
        kept = [repr(pickle.loads(base64.b64decode(value))) for (value,) in cursor.fetchall()]
    assert len(kept) >= 6
    people = Consumer.objects.values_list("preferred_name", "legal_name", "record_number")
    for text in kept:
        for name, legal_name, number in people:
            assert name not in text and number not in text
            assert not legal_name or legal_name not in text
