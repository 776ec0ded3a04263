import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory

from consumers import demo
from consumers.models import Agency, Consumer, Membership, Program


def counts():
    return tuple(
        m.objects.count() for m in (Agency, Program, Membership, Consumer, get_user_model())
    )


def test_seed_demo_is_idempotent(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first
    assert first[1] == 3  # two Riverbend programs and Harbor Point's


def test_seed_demo_refuses_to_run_outside_development(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        call_command("seed_demo")
    assert counts() == (0, 0, 0, 0, 0)


@pytest.mark.parametrize("username", list(demo.DEMO_LOGINS))
def test_every_documented_demo_login_signs_in(username, world):
    request = RequestFactory().post("/accounts/login/")
    user = authenticate(request, username=username, password=demo.DEMO_PASSWORD)
    assert user is not None and user.username == username


def test_each_riverbend_program_has_a_leader_and_three_practitioners(world):
    for program in (world.northside, world.eastgate):
        roles = list(program.memberships.values_list("role", flat=True))
        assert roles.count("leader") == 1
        assert roles.count("practitioner") == 3


def test_the_demo_holds_a_final_review_and_a_draft_one(db, settings):
    from fidelity.models import Rating, Review

    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    final = Review.objects.get(program__name=demo.NORTHSIDE)
    draft = Review.objects.get(program__name=demo.EASTGATE)
    assert final.is_final and (final.fidelity_total, final.fidelity_rated) == (48, 13)
    assert final.sample and set(final.sample) <= set(
        Consumer.objects.filter(program__name=demo.NORTHSIDE).values_list("pk", flat=True)
    )
    assert not draft.is_final
    assert Rating.objects.filter(review=draft, rater__username="reviewer").count() == 6


def test_the_demo_has_a_spanish_speaker_and_a_colleague_who_works_in_spanish(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    lucia = Consumer.objects.get(record_number="RB-2004")
    assert lucia.preferred_language == "Español"
    given = lucia.handouts_given.values_list("version__language", flat=True)
    assert given and set(given) == {"es"}
    ana = get_user_model().objects.get(username="ana.silva")
    assert ana.language_choice.language == "es"
    client = Client()
    client.force_login(ana)
    assert ">Inicio</a>" in client.get("/").content.decode()
