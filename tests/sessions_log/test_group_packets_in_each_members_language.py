"""A group's packets are printed for each member in their own language: the fixed words of
a Spanish speaker's pages (the cover's title, the footer naming whose pages they are) are
in Spanish and an English speaker's in English, whichever language the staff member
printing them works in."""

from django.utils import translation

from imr_site.models import LanguageChoice
from tests.builders import northside_group
from tests.pdfs import pages_of


def in_language(language, text):
    with translation.override(language):
        return translation.gettext(text)


def folded(text):
    return " ".join(text.split())


def footer(language, person):
    initials = "".join(f"{part[0]}." for part in person.preferred_name.split())
    return in_language(language, "%(who)s · record %(number)s") % {
        "who": initials,
        "number": person.record_number,
    }


def packets(client, group):
    response = client.post(
        f"/sessions/groups/{group.pk}/packets.pdf", {"packets-handouts": ["0", "8"]}
    )
    assert response["Content-Type"] == "application/pdf"
    return [folded(page) for page in pages_of(response.content)]


def cover_of(pages, person):
    return next(page for page in pages if person.preferred_name in page)


def a_group_with_a_spanish_speaker(world):
    group = northside_group()
    alex, chris = world.consumer("RB-1001"), world.consumer("RB-1003")
    assert {alex, chris} <= {m.consumer for m in group.current_members()}
    alex.preferred_language = "Español"
    alex.save(update_fields=["preferred_language"])
    return group, alex, chris


def test_each_members_cover_is_in_their_own_language(world, client_for):
    group, alex, chris = a_group_with_a_spanish_speaker(world)
    assert in_language("es", "My IMR handouts") != "My IMR handouts"
    assert footer("es", alex) != footer("en", alex)

    pages = packets(client_for("practitioner"), group)  # printed by someone working in English

    alexs, chriss = cover_of(pages, alex), cover_of(pages, chris)
    assert in_language("es", "My IMR handouts") in alexs and "My IMR handouts" not in alexs
    assert footer("es", alex) in alexs and footer("en", alex) not in alexs
    assert "My IMR handouts" in chriss and footer("en", chris) in chriss


def test_staff_working_in_spanish_print_an_english_speakers_packet_in_english(world, client_for):
    group, alex, chris = a_group_with_a_spanish_speaker(world)
    LanguageChoice.objects.create(user=world.user("practitioner"), language="es")

    pages = packets(client_for("practitioner"), group)

    chriss, alexs = cover_of(pages, chris), cover_of(pages, alex)
    assert "My IMR handouts" in chriss and footer("en", chris) in chriss
    assert in_language("es", "My IMR handouts") not in chriss
    assert in_language("es", "My IMR handouts") in alexs and footer("es", alex) in alexs
