"""The content files load as versions: a change is a new original; adaptations are kept."""

from io import StringIO

import pytest
from django.core.management import call_command

from consumers.models import Agency
from curriculum import content, handouts
from curriculum.models import Handout, HandoutVersion


def load():
    out = StringIO()
    call_command("load_curriculum", stdout=out)
    return out.getvalue()


def test_loading_again_adds_nothing(world):
    before = HandoutVersion.objects.count()
    assert Handout.objects.count() == len(content.NUMBERS)
    assert "Loaded 0 new handout versions; 22 unchanged." in load()  # 11 in English and Spanish
    assert HandoutVersion.objects.count() == before


def test_a_changed_file_becomes_a_new_original_and_the_old_one_stays(world, monkeypatch):
    original = HandoutVersion.objects.current_for(None)[3]
    changed = content.read_file(content.path_for(3))
    changed["title"] = "Stress and What Helps"
    real_read = content.read_file
    monkeypatch.setattr(
        content,
        "read_file",
        lambda path: changed if path == content.path_for(3) else real_read(path),
    )
    assert "Loaded 1 new handout version;" in load()
    newest = HandoutVersion.objects.current_for(None)[3]
    assert (newest.number, newest.title) == (original.number + 1, "Stress and What Helps")
    original.refresh_from_db()
    assert original.title != "Stress and What Helps"


def test_an_agencys_adaptation_is_theirs_alone(world):
    riverbend = Agency.objects.get(name__startswith="Riverbend")
    harbor = Agency.objects.get(name__startswith="Harbor")
    original = HandoutVersion.objects.current_for(riverbend)[1]
    adapted = handouts.adapt(
        original,
        original.fields() | {"title": "Recovery, the Riverbend way"},
        agency=riverbend,
        by=world.user("coordinator"),
        note="Our own title",
    )
    assert HandoutVersion.objects.current_for(riverbend)[1] == adapted
    assert HandoutVersion.objects.current_for(harbor)[1] == original
    assert HandoutVersion.objects.current_for(None)[1] == original
    # A newer original from the repository does not undo the agency's choice.
    handouts.load_originals()
    assert HandoutVersion.objects.current_for(riverbend)[1] == adapted


def test_a_handout_version_is_never_changed_in_place(world):
    version = HandoutVersion.objects.first()
    version.title = "Rewritten"
    with pytest.raises(ValueError, match="never changed"):
        version.save()
    version.refresh_from_db()
    assert version.title != "Rewritten"


def test_the_current_versions_cost_two_queries_however_many_there_are(
    world, django_assert_num_queries
):
    riverbend = Agency.objects.get(name__startswith="Riverbend")
    for version in list(HandoutVersion.objects.current_for(None).values()):
        handouts.adapt(version, version.fields(), agency=riverbend, by=None, note="copy")
    with django_assert_num_queries(2):
        current = HandoutVersion.objects.current_for(riverbend)
    assert len(current) == len(content.NUMBERS)
    assert all(not v.is_original for v in current.values())
