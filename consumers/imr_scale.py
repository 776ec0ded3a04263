"""The Illness Management and Recovery Scale: items, wording and scoring, in one place."""

from dataclasses import dataclass
from decimal import Decimal

from imr_site.numbers import cents

NOT_APPLICABLE = "na"


@dataclass(frozen=True)
class Item:
    number: int
    name: str
    client_question: str
    clinician_question: str
    anchors: tuple[str, str, str, str, str]
    allows_not_applicable: bool = False
    not_applicable_label: str = ""

    def anchor(self, value) -> str:
        """The label shown for an answer; blank for an unanswered item."""
        if value is None:
            return ""
        if value == NOT_APPLICABLE and self.allows_not_applicable:
            return self.not_applicable_label
        if _is_rating(value):
            return self.anchors[value - 1]
        return ""


ITEMS: tuple[Item, ...] = (
    Item(
        1,
        "Progress toward personal goals",
        "In the past 3 months, how much progress have you made toward a personal goal "
        "that matters to you?",
        "In the past 3 months, how much progress has this person made toward a personal goal "
        "that matters to them?",
        (
            "No personal goal yet",
            "Has a goal but has not taken steps yet",
            "Has a goal and has made a little progress",
            "Has a goal and has made good progress",
            "Reached the goal",
        ),
    ),
    Item(
        2,
        "Knowledge",
        "In the past 3 months, how much have you known about your mental health: "
        "the symptoms, the treatment, ways to cope, and medicine?",
        "In the past 3 months, how much has this person known about their mental health: "
        "the symptoms, the treatment, ways to cope, and medicine?",
        ("Not very much", "A little", "Some", "Quite a bit", "A great deal"),
    ),
    Item(
        3,
        "Involvement of family and friends in treatment",
        "In the past 3 months, how much have family or friends been part of your "
        "mental health treatment?",
        "In the past 3 months, how much have family or friends been part of this person's "
        "mental health treatment?",
        (
            "Not at all",
            "Only in a serious crisis",
            "Sometimes, when things start to go badly",
            "Much of the time",
            "A lot, and they really help",
        ),
    ),
    Item(
        4,
        "Contact with people outside the family",
        "In a normal week in the past 3 months, how many times have you spent time with "
        "or talked to people outside your family?",
        "In a normal week in the past 3 months, how many times has this person spent time "
        "with or talked to people outside their family?",
        (
            "0 times a week",
            "1–2 times a week",
            "3–4 times a week",
            "5–7 times a week",
            "8 or more times a week",
        ),
    ),
    Item(
        5,
        "Time in structured roles",
        "In a normal week in the past 3 months, how many hours have you spent working, "
        "going to school, volunteering, or caring for a child or someone else?",
        "In a normal week in the past 3 months, how many hours has this person spent working, "
        "going to school, volunteering, or caring for a child or someone else?",
        (
            "2 hours or less a week",
            "3–5 hours a week",
            "6–15 hours a week",
            "16–30 hours a week",
            "More than 30 hours a week",
        ),
    ),
    Item(
        6,
        "Symptom distress",
        "In the past 3 months, how much have your symptoms bothered you?",
        "In the past 3 months, how much have symptoms bothered this person?",
        (
            "Bothered a lot",
            "Bothered quite a bit",
            "Bothered somewhat",
            "Bothered very little",
            "Not bothered at all",
        ),
    ),
    Item(
        7,
        "Impairment of functioning",
        "In the past 3 months, how much have your symptoms gotten in the way of things "
        "you need or want to do?",
        "In the past 3 months, how much have symptoms gotten in the way of things "
        "this person needs or wants to do?",
        (
            "Get in the way a lot",
            "Get in the way quite a bit",
            "Get in the way somewhat",
            "Get in the way very little",
            "Do not get in the way at all",
        ),
    ),
    Item(
        8,
        "Relapse prevention planning",
        "In the past 3 months, how much have you known about ways to stay well and keep "
        "symptoms from coming back?",
        "In the past 3 months, how much has this person known about ways to stay well and keep "
        "symptoms from coming back?",
        (
            "Does not know how to prevent a relapse",
            "Knows a little, but has no plan",
            "Knows 1–2 things to do, no written plan",
            "Knows several things to do, no written plan",
            "Has a written plan and has shared it",
        ),
    ),
    Item(
        9,
        "Relapse of symptoms",
        "When did you last have a relapse, a time when your symptoms came back or got much worse?",
        "When did this person last have a relapse, a time when symptoms came back or got "
        "much worse?",
        (
            "Within the last month",
            "2–3 months ago",
            "4–6 months ago",
            "7–12 months ago",
            "None in the past year",
        ),
    ),
    Item(
        10,
        "Psychiatric hospitalizations",
        "When did you last stay in a hospital for your mental health?",
        "When did this person last stay in a hospital for their mental health?",
        (
            "Within the last month",
            "2–6 months ago",
            "7–12 months ago",
            "More than a year ago",
            "Never",
        ),
    ),
    Item(
        11,
        "Coping",
        "In the past 3 months, how well have you been coping with your mental health "
        "from day to day?",
        "In the past 3 months, how well has this person been coping with their mental health "
        "from day to day?",
        ("Not well at all", "Not very well", "All right", "Well", "Very well"),
    ),
    Item(
        12,
        "Involvement in self-help",
        "In the past 3 months, how much have you taken part in self-help, such as peer support, "
        "groups run by people in recovery, AA, drop-in centers, or WRAP?",
        "In the past 3 months, how much has this person taken part in self-help, such as peer "
        "support, groups run by people in recovery, AA, drop-in centers, or WRAP?",
        (
            "Knows of no self-help activities",
            "Knows of some, but is not interested",
            "Interested, but has not taken part in the past year",
            "Takes part now and then",
            "Takes part regularly",
        ),
    ),
    Item(
        13,
        "Using medication effectively",
        "In the past 3 months, how often have you taken your medicine the way it was prescribed?",
        "In the past 3 months, how often has this person taken their medicine the way it was "
        "prescribed?",
        ("Never", "Now and then", "About half the time", "Most of the time", "Every day"),
        allows_not_applicable=True,
        not_applicable_label="No medication is prescribed",
    ),
    Item(
        14,
        "Functioning affected by alcohol use",
        "In the past 3 months, how much has drinking alcohol gotten in the way of your daily life?",
        "In the past 3 months, how much has drinking alcohol gotten in the way of this person's "
        "daily life?",
        (
            "Gets in the way a great deal",
            "Gets in the way quite a bit",
            "Gets in the way somewhat",
            "Gets in the way very little",
            "Not a factor",
        ),
    ),
    Item(
        15,
        "Functioning affected by drug use",
        "In the past 3 months, how much has using street drugs, or drugs not prescribed to you, "
        "gotten in the way of your daily life?",
        "In the past 3 months, how much has using street drugs, or drugs not prescribed to them, "
        "gotten in the way of this person's daily life?",
        (
            "Gets in the way a great deal",
            "Gets in the way quite a bit",
            "Gets in the way somewhat",
            "Gets in the way very little",
            "Not a factor",
        ),
    ),
)

ITEMS_BY_NUMBER: dict[int, Item] = {item.number: item for item in ITEMS}

# The literature offers optional subscales; only the substance-use pair is named in our
# reference, so it is the only one kept. Each is a list of items, scored like the whole scale.
SUBSCALES: dict[str, tuple[int, ...]] = {"Substance use": (14, 15)}


def _is_rating(value) -> bool:
    # bool is a subclass of int; True must not pass for a 1.
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5


@dataclass(frozen=True)
class Score:
    mean: Decimal | None
    answered: int
    not_applicable: int
    missing: int


def validate_answer(item_number: int, value) -> None:
    """Raise ValueError with a plain message for anything but a blank, 1..5, or an allowed N/A."""
    item = ITEMS_BY_NUMBER.get(item_number)
    if item is None:
        raise ValueError(f"The IMR Scale has no item {item_number}; items run from 1 to 15.")
    if value is None or _is_rating(value):
        return
    if value == NOT_APPLICABLE:
        if item.allows_not_applicable:
            return
        raise ValueError(f"Item {item_number} cannot be marked not applicable.")
    raise ValueError(f"Item {item_number} takes an answer from 1 to 5.")


def score(answers: dict[int, int | str | None], items=None) -> Score:
    """The mean of the answered items, with counts of answered, not applicable and missing."""
    unknown = set(answers) - set(ITEMS_BY_NUMBER)
    if unknown:
        raise ValueError(f"The IMR Scale has no item {min(unknown)}; items run from 1 to 15.")
    numbers = tuple(ITEMS_BY_NUMBER) if items is None else tuple(items)
    for number in numbers:
        if number not in ITEMS_BY_NUMBER:
            raise ValueError(f"The IMR Scale has no item {number}; items run from 1 to 15.")
    for number, value in answers.items():
        validate_answer(number, value)

    ratings = []
    not_applicable = missing = 0
    for number in numbers:
        value = answers.get(number)
        if value is None:
            missing += 1
        elif value == NOT_APPLICABLE:
            not_applicable += 1
        else:
            ratings.append(value)
    mean = None
    if ratings:
        mean = cents(Decimal(sum(ratings)) / Decimal(len(ratings)))
    return Score(mean, len(ratings), not_applicable, missing)


def subscale_scores(answers) -> dict[str, Score]:
    return {name: score(answers, items=numbers) for name, numbers in SUBSCALES.items()}


@dataclass(frozen=True)
class Difference:
    item: Item
    client: int
    clinician: int

    @property
    def size(self) -> int:
        return abs(self.client - self.clinician)


def differing_items(client_answers, clinician_answers, threshold=2) -> list[Difference]:
    """Items where client and clinician both rated 1..5 and differ by `threshold` or more."""
    differences = []
    for item in ITEMS:
        client = client_answers.get(item.number)
        clinician = clinician_answers.get(item.number)
        if not (_is_rating(client) and _is_rating(clinician)):
            continue
        difference = Difference(item, client, clinician)
        if difference.size >= threshold:
            differences.append(difference)
    return differences


def change(baseline: Score | None, later: Score | None) -> Decimal | None:
    """How far the mean moved since baseline; None when either side has no mean."""
    if baseline is None or later is None or baseline.mean is None or later.mean is None:
        return None
    return later.mean - baseline.mean
