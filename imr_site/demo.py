"""The fictional demo organisation: each app's demo part, called in the order the apps build on.

Each app's demo.py writes its own rows only, reading what the ones before it made;
this is the one place that knows the order (curriculum's handouts, consumers, curriculum's
part of the charts, sessions_log, and for `make run` only, sessions_log's history and
fidelity's reviews, in `seed_demo`).
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from consumers import demo as demo_agencies
from curriculum import demo as demo_papers
from curriculum import handouts
from imr_site.models import LanguageChoice
from sessions_log import demo as demo_groups


@transaction.atomic
def create_demo_organisation():
    """The agencies, staff, people with their charts and the groups; the tests' standing world.

    Idempotent. Returns the agencies and the programs by name.
    """
    handouts.load_originals()
    agencies, programs, admitted = demo_agencies.create_demo_agencies()
    for username, language in demo_agencies.STAFF_LANGUAGES.items():
        LanguageChoice.objects.get_or_create(
            user=get_user_model().objects.get(username=username), defaults={"language": language}
        )
    demo_papers.add_demo_papers(admitted)
    demo_groups.create_demo_groups(programs)
    return agencies, programs
