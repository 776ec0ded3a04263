"""The worksheets of the curriculum, declared in the topics' content files.

Three sources: an "entry" worksheet has fields of its own and each filling-in is
a WorksheetEntry; a "plan:<kind>" worksheet is the person's plan of that kind on
the chart (its questions are the plan's); "goals" is the goal sheet filled from
the chart's goals.
"""

import functools
from dataclasses import dataclass

from consumers.models import Plan
from curriculum import content
from curriculum.topics import TOPIC_NUMBERS


@dataclass(frozen=True)
class Worksheet:
    key: str
    title: str
    intro: str
    topic: int
    source: str
    fields: tuple  # (key, label, kind), kind one of content.FIELD_KINDS

    @property
    def plan_kind(self):
        return Plan.Kind(self.source.removeprefix("plan:")) if self.is_plan else None

    @property
    def is_plan(self):
        return self.source.startswith("plan:")

    @property
    def is_entry(self):
        return self.source == "entry"

    @property
    def is_goals(self):
        return self.source == "goals"


def plan_fields(kind):
    # Plans call a one-line answer "short" and a longer one "text", as worksheets do.
    return tuple((key, label, field_kind) for key, label, field_kind in Plan.FIELDS[kind])


@functools.cache
def all_worksheets(language=content.ENGLISH):
    """Every worksheet by key, in topic order, in a language: the same worksheets, keys
    and fields in each (load_curriculum --check holds them so), their words translated."""
    found = {}
    for number in TOPIC_NUMBERS:
        for sheet in content.topic(number, language).get("worksheets", []):
            source = sheet["source"]
            if source == "entry":
                fields = tuple((f["key"], f["label"], f["kind"]) for f in sheet["fields"])
            elif source.startswith("plan:"):
                fields = plan_fields(Plan.Kind(source.removeprefix("plan:")))
            else:
                fields = ()
            found[sheet["key"]] = Worksheet(
                key=sheet["key"],
                title=sheet["title"],
                intro=sheet["intro"].strip(),
                topic=number,
                source=source,
                fields=fields,
            )
    return found


def for_topic(number):
    return [sheet for sheet in all_worksheets().values() if sheet.topic == number]


def get(key, language=content.ENGLISH):
    return all_worksheets(language).get(key)


def for_plan(kind, language=content.ENGLISH):
    return next((s for s in all_worksheets(language).values() if s.plan_kind == kind), None)
