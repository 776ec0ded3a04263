"""The Illness Management and Recovery Scale: items, wording and scoring, in one place."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

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
        _("Progress toward personal goals"),
        _(
            "In the past 3 months, how much progress have you made toward a personal goal "
            "that matters to you?"
        ),
        _(
            "In the past 3 months, how much progress has this person made toward a personal goal "
            "that matters to them?"
        ),
        (
            _("No personal goal yet"),
            _("Has a goal but has not taken steps yet"),
            _("Has a goal and has made a little progress"),
            _("Has a goal and has made good progress"),
            _("Reached the goal"),
        ),
    ),
    Item(
        2,
        _("Knowledge"),
        _(
            "In the past 3 months, how much have you known about your mental health: "
            "the symptoms, the treatment, ways to cope, and medicine?"
        ),
        _(
            "In the past 3 months, how much has this person known about their mental health: "
            "the symptoms, the treatment, ways to cope, and medicine?"
        ),
        (_("Not very much"), _("A little"), _("Some"), _("Quite a bit"), _("A great deal")),
    ),
    Item(
        3,
        _("Involvement of family and friends in treatment"),
        _(
            "In the past 3 months, how much have family or friends been part of your "
            "mental health treatment?"
        ),
        _(
            "In the past 3 months, how much have family or friends been part of this person's "
            "mental health treatment?"
        ),
        (
            _("Not at all"),
            _("Only in a serious crisis"),
            _("Sometimes, when things start to go badly"),
            _("Much of the time"),
            _("A lot, and they really help"),
        ),
    ),
    Item(
        4,
        _("Contact with people outside the family"),
        _(
            "In a normal week in the past 3 months, how many times have you spent time with "
            "or talked to people outside your family?"
        ),
        _(
            "In a normal week in the past 3 months, how many times has this person spent time "
            "with or talked to people outside their family?"
        ),
        (
            _("0 times a week"),
            _("1–2 times a week"),
            _("3–4 times a week"),
            _("5–7 times a week"),
            _("8 or more times a week"),
        ),
    ),
    Item(
        5,
        _("Time in structured roles"),
        _(
            "In a normal week in the past 3 months, how many hours have you spent working, "
            "going to school, volunteering, or caring for a child or someone else?"
        ),
        _(
            "In a normal week in the past 3 months, how many hours has this person spent working, "
            "going to school, volunteering, or caring for a child or someone else?"
        ),
        (
            _("2 hours or less a week"),
            _("3–5 hours a week"),
            _("6–15 hours a week"),
            _("16–30 hours a week"),
            _("More than 30 hours a week"),
        ),
    ),
    Item(
        6,
        _("Symptom distress"),
        _("In the past 3 months, how much have your symptoms bothered you?"),
        _("In the past 3 months, how much have symptoms bothered this person?"),
        (
            _("Bothered a lot"),
            _("Bothered quite a bit"),
            _("Bothered somewhat"),
            _("Bothered very little"),
            _("Not bothered at all"),
        ),
    ),
    Item(
        7,
        _("Impairment of functioning"),
        _(
            "In the past 3 months, how much have your symptoms gotten in the way of things "
            "you need or want to do?"
        ),
        _(
            "In the past 3 months, how much have symptoms gotten in the way of things "
            "this person needs or wants to do?"
        ),
        (
            _("Get in the way a lot"),
            _("Get in the way quite a bit"),
            _("Get in the way somewhat"),
            _("Get in the way very little"),
            _("Do not get in the way at all"),
        ),
    ),
    Item(
        8,
        _("Relapse prevention planning"),
        _(
            "In the past 3 months, how much have you known about ways to stay well and keep "
            "symptoms from coming back?"
        ),
        _(
            "In the past 3 months, how much has this person known about ways to stay well and keep "
            "symptoms from coming back?"
        ),
        (
            _("Does not know how to prevent a relapse"),
            _("Knows a little, but has no plan"),
            _("Knows 1–2 things to do, no written plan"),
            _("Knows several things to do, no written plan"),
            _("Has a written plan and has shared it"),
        ),
    ),
    Item(
        9,
        _("Relapse of symptoms"),
        _(
            "When did you last have a relapse, a time when your symptoms came back "
            "or got much worse?"
        ),
        _(
            "When did this person last have a relapse, a time when symptoms came back or got "
            "much worse?"
        ),
        (
            _("Within the last month"),
            _("2–3 months ago"),
            _("4–6 months ago"),
            _("7–12 months ago"),
            _("None in the past year"),
        ),
    ),
    Item(
        10,
        _("Psychiatric hospitalizations"),
        _("When did you last stay in a hospital for your mental health?"),
        _("When did this person last stay in a hospital for their mental health?"),
        (
            _("Within the last month"),
            _("2–6 months ago"),
            _("7–12 months ago"),
            _("More than a year ago"),
            _("Never"),
        ),
    ),
    Item(
        11,
        _("Coping"),
        _(
            "In the past 3 months, how well have you been coping with your mental health "
            "from day to day?"
        ),
        _(
            "In the past 3 months, how well has this person been coping with their mental health "
            "from day to day?"
        ),
        (_("Not well at all"), _("Not very well"), _("All right"), _("Well"), _("Very well")),
    ),
    Item(
        12,
        _("Involvement in self-help"),
        _(
            "In the past 3 months, how much have you taken part in self-help, such as peer "
            "support, groups run by people in recovery, AA, drop-in centers, or WRAP?"
        ),
        _(
            "In the past 3 months, how much has this person taken part in self-help, such as peer "
            "support, groups run by people in recovery, AA, drop-in centers, or WRAP?"
        ),
        (
            _("Knows of no self-help activities"),
            _("Knows of some, but is not interested"),
            _("Interested, but has not taken part in the past year"),
            _("Takes part now and then"),
            _("Takes part regularly"),
        ),
    ),
    Item(
        13,
        _("Using medication effectively"),
        _(
            "In the past 3 months, how often have you taken your medicine the way it was "
            "prescribed?"
        ),
        _(
            "In the past 3 months, how often has this person taken their medicine the way it was "
            "prescribed?"
        ),
        (
            _("Never"),
            _("Now and then"),
            _("About half the time"),
            _("Most of the time"),
            _("Every day"),
        ),
        allows_not_applicable=True,
        not_applicable_label=_("No medication is prescribed"),
    ),
    Item(
        14,
        _("Functioning affected by alcohol use"),
        _(
            "In the past 3 months, how much has drinking alcohol gotten in the way of your "
            "daily life?"
        ),
        _(
            "In the past 3 months, how much has drinking alcohol gotten in the way of this "
            "person's daily life?"
        ),
        (
            _("Gets in the way a great deal"),
            _("Gets in the way quite a bit"),
            _("Gets in the way somewhat"),
            _("Gets in the way very little"),
            _("Not a factor"),
        ),
    ),
    Item(
        15,
        _("Functioning affected by drug use"),
        _(
            "In the past 3 months, how much has using street drugs, or drugs not prescribed to "
            "you, gotten in the way of your daily life?"
        ),
        _(
            "In the past 3 months, how much has using street drugs, or drugs not prescribed to "
            "them, gotten in the way of this person's daily life?"
        ),
        (
            _("Gets in the way a great deal"),
            _("Gets in the way quite a bit"),
            _("Gets in the way somewhat"),
            _("Gets in the way very little"),
            _("Not a factor"),
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
        raise ValueError(
            gettext("The IMR Scale has no item %(number)s; items run from 1 to 15.")
            % {"number": item_number}
        )
    if value is None or _is_rating(value):
        return
    if value == NOT_APPLICABLE:
        if item.allows_not_applicable:
            return
        raise ValueError(
            gettext("Item %(number)s cannot be marked not applicable.") % {"number": item_number}
        )
    raise ValueError(
        gettext("Item %(number)s takes an answer from 1 to 5.") % {"number": item_number}
    )


def score(answers: dict[int, int | str | None], items=None) -> Score:
    """The mean of the answered items, with counts of answered, not applicable and missing."""
    unknown = set(answers) - set(ITEMS_BY_NUMBER)
    if unknown:
        raise ValueError(
            gettext("The IMR Scale has no item %(number)s; items run from 1 to 15.")
            % {"number": min(unknown)}
        )
    numbers = tuple(ITEMS_BY_NUMBER) if items is None else tuple(items)
    for number in numbers:
        if number not in ITEMS_BY_NUMBER:
            raise ValueError(
                gettext("The IMR Scale has no item %(number)s; items run from 1 to 15.")
                % {"number": number}
            )
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
