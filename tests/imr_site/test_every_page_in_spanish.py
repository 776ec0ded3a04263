"""Every page reads in Spanish for a staff member who works in Spanish: nothing is left in
English but data.

Each page of the URL matrix is opened by each role that may open it twice: once in English,
once in Spanish, chosen as a staff member chooses it (the language kept in their session
at sign-in, imr_site/languages.py; an anonymous visitor's is their browser's). What a
person reads is compared: the text outside scripts and styles, and what a person reads
or a screen reader speaks in an attribute (a title, a label, a placeholder, an image's
alt, a button's words). A piece that is the same in both renderings was left in English,
unless it is data: what the database holds (names, record numbers, goals, handouts...),
the curriculum's content files (handouts and guides are translated as content, not here),
numbers, dates, codes, e-mail addresses and the few words below that Spanish shares.

The pages a person reads (their recovery pages, the answer link's questions, the parts of
a page they sign) follow the person's language, not the staff member's: for the Spanish
rendering every person's preferred language is Spanish too.

The Django admin (admin:*) is left out, as in the matrix's pages: it has its own Spanish.
"""

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse

from consumers import roster
from consumers.models import Consumer
from curriculum import content
from imr_site import languages
from tests.url_matrix import all_patterns, pages_opened, url_kwargs

# Words the same in both languages: acronyms and names, each a word Spanish uses as it is.
SAME_IN_BOTH = {
    "IMR",  # Illness Management and Recovery: the program's name, kept in Spanish
    "GOI",  # the General Organizational Index, kept as the acronym in Spanish
    "PDF",
    "CSV",
    "No",  # "no" is Spanish too
    "Total",  # "total" is Spanish too
    "Individual",  # "individual" is Spanish too (a session, a format)
    "Original",  # "original" is Spanish too (a handout's first version)
    "Roles",  # "roles" is Spanish too (a staff member's roles)
    "English",  # the language chooser names each language in its own words
    "Español",
}

# What a segment may hold besides words: dates, times, numbers, codes (RB-1001, G4, v2),
# e-mail addresses, web addresses and an authenticator's secret key. The months written
# short the same way in both languages, with their year ("Jul 2026"), are dates too.
NOT_WORDS = re.compile(
    r"""
    (?:[A-Z2-7]{4}\ ){3,}[A-Z2-7]{4}  # a secret key for an authenticator app
    | \S+@\S+                     # an e-mail address
    | https?://\S+ | /[\w./?=&-]+  # a web address or a path
    | \b[A-Z]{1,3}-?\d+[\w-]*      # a code: RB-1001, G4, HP-0101
    | \b(?:Feb|Mar|May|Jun|Jul|Sep|Oct|Nov)\ \d{4}  # a month and year, short in either
    | \d[\d:./,-]*                 # numbers, dates, times, scores
    """,
    re.X,
)
LETTERS = re.compile(r"[^\W\d_]")

# Attributes a person reads or a screen reader speaks.
SPOKEN = ("title", "aria-label", "placeholder", "alt")
BUTTONS = ("submit", "button", "reset")


class VisibleText(HTMLParser):
    """The pieces of a page a person reads, each with its white space collapsed."""

    def __init__(self):
        super().__init__()
        self.pieces, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        attrs = dict(attrs)
        self.add(*(attrs.get(name) for name in SPOKEN))
        if tag == "input" and (attrs.get("type") or "").lower() in BUTTONS:
            self.add(attrs.get("value"))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden = max(0, self.hidden - 1)

    def handle_data(self, data):
        if not self.hidden:
            self.add(data)

    def add(self, *texts):
        for text in texts:
            text = " ".join((text or "").split())
            if LETTERS.search(text):
                self.pieces.append(text)


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return parser.pieces


def strings_in(value):
    """Every string in a field's value, a JSON field's strings at any depth."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def content_strings():
    """The curriculum's content files, in every language: handouts, guides, worksheets."""
    for path in sorted(content.CONTENT_DIR.glob("topic-*.toml")):
        yield from strings_in(content.read_file(path))


def data_strings():
    """Every string the database holds and the content files', each paragraph and line of
    them too (a page breaks a text into paragraphs); the site's and the host's names; the
    roster file's column names, which the import reads in any language."""
    found = set(content_strings())
    kinds = models.CharField | models.TextField | models.JSONField | ArrayField
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, kinds)]
        if fields:
            for row in model.objects.values_list(*fields):
                for value in row:
                    found.update(strings_in(value))
    found.update((settings.SITE_NAME, "testserver", *(c.name for c in roster.COLUMNS)))
    parts = {part for text in found for part in re.split(r"\n\s*\n|\n", text)}
    return {text for s in found | parts if (text := " ".join(s.split()))}


def left_in_english(english, spanish, data):
    """The pieces of the Spanish page that are the English page's too and are not data."""
    same = sorted(set(spanish) & set(english) - data)
    return [piece for piece in same if words_left(piece, data)]


def words_left(piece, data):
    """What is left of a piece once its data, numbers, codes and shared words are taken out."""
    for text in sorted((d for d in data if len(d) > 1 and d in piece), key=len, reverse=True):
        piece = re.sub(rf"(?<!\w){re.escape(text)}(?!\w)", " ", piece)
    piece = NOT_WORDS.sub(" ", piece)
    words = re.findall(r"[^\W\d_]+", piece)
    return [word for word in words if word not in SAME_IN_BOTH]


def in_language(client, language):
    """The client's pages in this language: the staff member's choice kept in their session
    (as at sign-in), the browser's cookie for a visitor; and every person reads it."""
    if "_auth_user_id" in client.session:
        session = client.session
        session[languages.SESSION_KEY] = language
        session.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    Consumer.objects.update(preferred_language={"en": "English", "es": "Spanish"}[language])
    return client


@pytest.mark.parametrize(
    ("name", "roles"), list(pages_opened()), ids=[name for name, _ in pages_opened()]
)
def test_nothing_on_the_page_is_left_in_english(name, roles, world, client_for):
    url = reverse(name, kwargs=url_kwargs(name, dict(all_patterns())[name], world))
    their_languages = dict(Consumer.objects.values_list("pk", "preferred_language"))
    read = {}
    for role in roles:
        client = client_for(None if role == "anonymous" else role)
        english = in_language(client, "en").get(url)
        if not english["Content-Type"].startswith("text/html"):
            continue
        spanish = in_language(client, "es").get(url)
        assert 'lang="es"' in spanish.content.decode(), f"{url} as {role} is not in Spanish"
        read[role] = (
            visible_text(english.content.decode()),
            visible_text(spanish.content.decode()),
        )
    # The data as the pages had it (opening a page may record that it was opened), with each
    # person's own language as the world has it, not as this test set it.
    for pk, language in their_languages.items():
        Consumer.objects.filter(pk=pk).update(preferred_language=language)
    data = data_strings()
    found = {role: left_in_english(*pieces, data) for role, pieces in read.items()}
    found = {role: left for role, left in found.items() if left}
    assert not found, f"{name} ({url}) left in English:\n" + "\n".join(
        f"  as {role}: {left}" for role, left in found.items()
    )
