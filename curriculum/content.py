"""The curriculum's content files: one TOML file per topic under curriculum/content/.

The format is described in curriculum/content/README.md. Handouts are loaded into
the database by `manage.py load_curriculum` (they are versioned and agencies may
adapt them); the practitioner guides and worksheets are read from the files as
they are, since nobody edits them in the app.
"""

import functools
import hashlib
import json
import tomllib
from pathlib import Path

from curriculum.topics import ORIENTATION, TOPIC_NUMBERS

CONTENT_DIR = Path(__file__).resolve().parent / "content"
NUMBERS = (ORIENTATION, *TOPIC_NUMBERS)

BLOCK_KINDS = ("text", "summary", "questions", "exercise")
AUDIENCES = ("all", "individual", "group")
FIELD_KINDS = ("short", "text", "date")
PLAN_SOURCES = (
    "plan:relapse_prevention",
    "plan:coping_stress",
    "plan:persistent_symptoms",
    "plan:medication_tailoring",
)
WORKSHEET_SOURCES = ("entry", "goals", *PLAN_SOURCES)
GUIDE_TEXT = ("aim", "pacing", "group_notes")
GUIDE_LISTS = (
    "motivational",
    "educational",
    "cognitive_behavioral",
    "review_questions",
    "homework",
)
GUIDE_RANGES = ("sessions_individual", "sessions_group")


# The languages a handout is written in. English is the original: its file also holds
# the practitioner guide; another language's file (topic-NN.es.toml) holds the handout
# and the worksheets' words for the person, with the same worksheet and field keys.
ENGLISH = "en"
LANGUAGES = (ENGLISH, "es")
TRANSLATED = tuple(language for language in LANGUAGES if language != ENGLISH)


def path_for(number, language=ENGLISH):
    suffix = "" if language == ENGLISH else f".{language}"
    return CONTENT_DIR / f"topic-{number:02d}{suffix}.toml"


def read_file(path):
    with open(path, "rb") as f:
        return tomllib.load(f)


def handout_problems(data, number):
    """What is wrong with a file's number, title, summary and handout, in any language."""
    problems = []
    if data.get("number") != number:
        problems.append(f"number should be {number}")
    for key in ("title", "summary"):
        if not str(data.get(key, "")).strip():
            problems.append(f"{key} is missing")
    blocks = data.get("handout", {}).get("blocks", [])
    if not blocks:
        problems.append("the handout has no blocks")
    for i, block in enumerate(blocks, 1):
        problems += [f"handout block {i}: {p}" for p in block_problems(block)]
    return problems


def problems_in(data, number):
    """What is wrong with one topic's parsed file, as sentences; empty when it is sound."""
    problems = handout_problems(data, number)
    if number == ORIENTATION:
        return problems
    guide = data.get("guide", {})
    for key in GUIDE_TEXT:
        if not str(guide.get(key, "")).strip():
            problems.append(f"guide.{key} is missing")
    for key in GUIDE_LISTS:
        if not guide.get(key) or not all(isinstance(x, str) and x.strip() for x in guide[key]):
            problems.append(f"guide.{key} needs a list of items")
    for key in GUIDE_RANGES:
        value = guide.get(key)
        if not (
            isinstance(value, list)
            and len(value) == 2
            and all(isinstance(n, int) for n in value)
            and 1 <= value[0] <= value[1]
        ):
            problems.append(f"guide.{key} should be [fewest, most] sessions")
    worksheets = data.get("worksheets", [])
    if not worksheets:
        problems.append("a topic needs at least one worksheet")
    for sheet in worksheets:
        problems += [f"worksheet {sheet.get('key')!r}: {p}" for p in worksheet_problems(sheet)]
    return problems


def block_problems(block):
    problems = []
    if block.get("kind") not in BLOCK_KINDS:
        problems.append(f"kind must be one of {', '.join(BLOCK_KINDS)}")
    if block.get("audience", "all") not in AUDIENCES:
        problems.append(f"audience must be one of {', '.join(AUDIENCES)}")
    if not str(block.get("heading", "")).strip():
        problems.append("heading is missing")
    if not str(block.get("body", "")).strip() and not block.get("points"):
        problems.append("it has neither body nor points")
    if not all(isinstance(p, str) for p in block.get("points", [])):
        problems.append("points must be strings")
    return problems


def worksheet_problems(sheet):
    problems = []
    for key in ("key", "title", "intro"):
        if not str(sheet.get(key, "")).strip():
            problems.append(f"{key} is missing")
    source = sheet.get("source")
    if source not in WORKSHEET_SOURCES:
        problems.append(f"source must be one of {', '.join(WORKSHEET_SOURCES)}")
    fields = sheet.get("fields", [])
    if source == "entry" and not fields:
        problems.append("an entry worksheet needs fields")
    if source != "entry" and fields:
        problems.append("only an entry worksheet has fields of its own")
    keys = [f.get("key") for f in fields]
    if len(set(keys)) != len(keys):
        problems.append("field keys repeat")
    for field in fields:
        if not field.get("key") or not field.get("label"):
            problems.append("every field needs a key and a label")
        if field.get("kind") not in FIELD_KINDS:
            problems.append(f"field {field.get('key')!r}: kind must be one of {FIELD_KINDS}")
    return problems


def translation_problems(data, number, language, english):
    """What is wrong with a handout's file in another language, measured against the
    English file: the same blocks for the individual and the group versions, and the same
    worksheets with the same fields, so a filled-in sheet prints in either language."""
    problems = handout_problems(data, number)
    if data.get("language") != language:
        problems.append(f"language should be {language!r}")
    if "guide" in data:
        problems.append("the practitioner guide is in the English file only")
    blocks = data.get("handout", {}).get("blocks", [])
    for audience in ("individual", "group"):
        ours = sum(1 for b in blocks if b.get("audience") == audience)
        theirs = sum(1 for b in english["handout"]["blocks"] if b.get("audience") == audience)
        if ours != theirs:
            problems.append(f"{theirs} {audience} blocks in English, {ours} here")
    sheets = {sheet.get("key"): sheet for sheet in data.get("worksheets", [])}
    originals = {sheet["key"]: sheet for sheet in english.get("worksheets", [])}
    if set(sheets) != set(originals):
        problems.append(f"the worksheets should be {sorted(originals)}")
    for key in set(sheets) & set(originals):
        sheet, original = sheets[key], originals[key]
        problems += [f"worksheet {key!r}: {p}" for p in worksheet_problems(sheet)]
        if sheet.get("source") != original.get("source"):
            problems.append(f"worksheet {key!r}: source should be {original.get('source')!r}")
        fields = [(f.get("key"), f.get("kind")) for f in sheet.get("fields", [])]
        if fields != [(f["key"], f["kind"]) for f in original.get("fields", [])]:
            problems.append(f"worksheet {key!r}: the fields should match the English ones")
    return problems


def _parsed(path, found):
    if not path.exists():
        found.append((path.name, "the file is missing"))
        return None
    try:
        return read_file(path)
    except tomllib.TOMLDecodeError as error:
        found.append((path.name, f"not valid TOML: {error}"))
        return None


def check_all():
    """Every problem in every file, as (file name, problem); empty when all is sound."""
    found = []
    keys = {}
    for number in NUMBERS:
        path = path_for(number)
        data = _parsed(path, found)
        if data is None:
            continue
        found += [(path.name, p) for p in problems_in(data, number)]
        for sheet in data.get("worksheets", []):
            if sheet.get("key") in keys:
                found.append((path.name, f"worksheet key {sheet['key']!r} is used twice"))
            keys[sheet.get("key")] = number
        for language in TRANSLATED:
            other = path_for(number, language)
            translated = _parsed(other, found)
            if translated is not None:
                problems = translation_problems(translated, number, language, data)
                found += [(other.name, p) for p in problems]
    return found


@functools.cache
def topic(number, language=ENGLISH):
    """The parsed file of one topic (0 is the orientation) in a language. Read once per
    process."""
    return read_file(path_for(number, language))


def guide(number):
    return topic(number).get("guide")


def handout_fields(data):
    """What a handout version stores: its title, summary and blocks, normalised."""
    return {
        "title": data["title"].strip(),
        "summary": data["summary"].strip(),
        "blocks": [normalised_block(b) for b in data["handout"]["blocks"]],
    }


def normalised_block(block):
    return {
        "kind": block["kind"],
        "audience": block.get("audience", "all"),
        "heading": block["heading"].strip(),
        "body": block.get("body", "").strip(),
        "points": [p.strip() for p in block.get("points", []) if p.strip()],
    }


def content_hash(fields):
    """A stable fingerprint of a handout's text: same text, same hash."""
    encoded = json.dumps(fields, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()


def word_count(blocks):
    return sum(
        len(text.split())
        for block in blocks
        for text in (block["heading"], block["body"], *block["points"])
    )
