"""What the person reads and answers themselves, in their own words, in one place.

The client version of the IMR Scale, a check-in on each open goal, and their view of a
session, worded for the person at about a 6th-grade reading level (our own writing).
Both ways a person answers use it: hand-over on the practitioner's screen and answering
from home by link. The staff form keeps `imr_scale`'s wording; the item numbers, the
1-5 anchors' meaning and the scoring stay `imr_scale`'s. The words are lazy: each screen
shows them in the person's language.
"""

from dataclasses import dataclass

from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from consumers import imr_scale
from consumers.models import ImrScaleAdministration

NOT_APPLICABLE = imr_scale.NOT_APPLICABLE
# The longest answer in words we keep: a few sentences, not a letter.
LONGEST_WORDS = 2000


@dataclass(frozen=True)
class Choice:
    value: int | str
    label: str


@dataclass(frozen=True)
class Question:
    """One screen: a question with buttons to choose from, or a box for words (no choices)."""

    key: str
    text: str
    choices: tuple[Choice, ...] = ()
    hint: str = ""
    may_skip: bool = True
    item_number: int | None = None

    @property
    def is_words(self):
        return not self.choices

    def answer_from(self, raw):
        """The answer as stored from what the screen sent; ValueError for anything else.

        A blank is no answer (None). Words are trimmed and kept to LONGEST_WORDS.
        """
        raw = (raw or "").strip()
        if not raw:
            return None
        if self.is_words:
            return raw[:LONGEST_WORDS]
        for choice in self.choices:
            if str(choice.value) == raw:
                return choice.value
        raise ValueError(gettext("Please choose one of the answers shown."))

    def label_of(self, answer):
        """The answer as the person chose it, in their words; "" when unanswered."""
        if answer is None or answer == "":
            return ""
        if self.is_words:
            return str(answer)
        for choice in self.choices:
            if choice.value == answer:
                return choice.label
        return ""


def _scale_question(number, text, labels, not_applicable=""):
    item = imr_scale.ITEMS_BY_NUMBER[number]
    choices = tuple(Choice(value, label) for value, label in enumerate(labels, start=1))
    if not_applicable:
        # Only where the instrument allows it (item 13: no medicine is prescribed).
        assert item.allows_not_applicable
        choices += (Choice(NOT_APPLICABLE, not_applicable),)
    return Question(key=f"item_{number}", text=text, choices=choices, item_number=number)


SAME_SHAPE = (
    _("A lot"),
    _("Quite a bit"),
    _("Some"),
    _("A little"),
    _("Not at all"),
)

SCALE_QUESTIONS: tuple[Question, ...] = (
    _scale_question(
        1,
        _(
            "Think of a goal that matters to you. How far have you come with it in the last "
            "3 months?"
        ),
        (
            _("I do not have a goal yet"),
            _("I have a goal, but I have not started on it"),
            _("I have a goal and I have done a little"),
            _("I have a goal and I have done a lot"),
            _("I reached my goal"),
        ),
    ),
    _scale_question(
        2,
        _(
            "How much do you know about your mental health? Think of the signs, the care you get, "
            "ways to cope, and medicine."
        ),
        (
            _("Not much"),
            _("A little"),
            _("Some"),
            _("Quite a bit"),
            _("A lot"),
        ),
    ),
    _scale_question(
        3,
        _(
            "In the last 3 months, how much have family or friends been part of your mental "
            "health care?"
        ),
        (
            _("Not at all"),
            _("Only when things got very bad"),
            _("Sometimes, when things start to go wrong"),
            _("Much of the time"),
            _("A lot, and they really help"),
        ),
    ),
    _scale_question(
        4,
        _("In a usual week, how many times do you see or talk with people who are not family?"),
        (
            pgettext_lazy("how many times", "None"),
            _("1 or 2 times"),
            _("3 or 4 times"),
            _("5 to 7 times"),
            _("8 times or more"),
        ),
    ),
    _scale_question(
        5,
        _(
            "In a usual week, how many hours do you spend at work, at school, helping out, or "
            "caring for a child or someone else?"
        ),
        (
            _("2 hours or less"),
            _("3 to 5 hours"),
            _("6 to 15 hours"),
            _("16 to 30 hours"),
            _("More than 30 hours"),
        ),
    ),
    _scale_question(
        6,
        _("In the last 3 months, how much have your symptoms bothered you?"),
        SAME_SHAPE,
    ),
    _scale_question(
        7,
        _(
            "In the last 3 months, how much have your symptoms got in the way of things you need "
            "or want to do?"
        ),
        SAME_SHAPE,
    ),
    _scale_question(
        8,
        _("How much do you know about ways to stay well and keep your symptoms from coming back?"),
        (
            _("I do not know what to do"),
            _("I know a little, but I have no plan"),
            _("I know 1 or 2 things to do, but no plan is written down"),
            _("I know many things to do, but no plan is written down"),
            _("I have a written plan, and I shared it with others"),
        ),
    ),
    _scale_question(
        9,
        _("When did your symptoms last come back or get much worse?"),
        (
            _("In the last month"),
            _("2 or 3 months ago"),
            _("4 to 6 months ago"),
            _("7 to 12 months ago"),
            _("Not in the last year"),
        ),
    ),
    _scale_question(
        10,
        _("When did you last stay in a hospital for your mental health?"),
        (
            _("In the last month"),
            _("2 to 6 months ago"),
            _("7 to 12 months ago"),
            _("More than a year ago"),
            _("Never"),
        ),
    ),
    _scale_question(
        11,
        _("In the last 3 months, how well have you coped with your mental health from day to day?"),
        (
            _("Not well at all"),
            _("Not very well"),
            _("OK"),
            _("Well"),
            _("Very well"),
        ),
    ),
    _scale_question(
        12,
        _(
            "In the last 3 months, how much have you taken part in self-help? This could be peer "
            "support, groups run by people in recovery, AA, a drop-in center, or WRAP."
        ),
        (
            _("I do not know of any"),
            _("I know of some, but I do not want to go"),
            _("I want to go, but I have not gone in the last year"),
            _("I go now and then"),
            _("I go often"),
        ),
    ),
    _scale_question(
        13,
        _(
            "In the last 3 months, how often have you taken your medicine the way it was "
            "prescribed for you?"
        ),
        (
            _("Never"),
            _("Now and then"),
            _("About half the time"),
            _("Most of the time"),
            _("Every day"),
        ),
        not_applicable=_("Does not apply to me: I have no medicine prescribed"),
    ),
    _scale_question(
        14,
        _("In the last 3 months, how much has drinking alcohol got in the way of your life?"),
        SAME_SHAPE,
    ),
    _scale_question(
        15,
        _(
            "In the last 3 months, how much have street drugs, or drugs not prescribed to you, "
            "got in the way of your life?"
        ),
        SAME_SHAPE,
    ),
)


def scale_answers(answers):
    """The person's answers by screen key, as `imr_scale.score` and the model read them."""
    return {q.item_number: answers.get(q.key) for q in SCALE_QUESTIONS}


def scale_fields(answers):
    """The administration's fields (item_1..item_15, item_13_not_applicable) from the answers."""
    fields = {}
    for number, value in scale_answers(answers).items():
        imr_scale.validate_answer(number, value)
        fields[f"item_{number}"] = None if value == NOT_APPLICABLE else value
    fields["item_13_not_applicable"] = answers.get("item_13") == NOT_APPLICABLE
    return fields


def client_scale(consumer, timepoint, answers, *, answered_by, recorded_by_id):
    """The person's own answers as a client-version administration, not yet saved.

    At the timepoint asked, unless that milestone's client version was recorded
    meanwhile (on paper, or the other way of answering): each milestone is measured
    once, so the answers are kept as a follow-up and nothing the person gave is lost.
    Dated on the day where their agency is.
    """
    Timepoint, Version = ImrScaleAdministration.Timepoint, ImrScaleAdministration.Version
    if (
        timepoint != Timepoint.FOLLOW_UP
        and consumer.scale_administrations.filter(
            version=Version.CLIENT, timepoint=timepoint
        ).exists()
    ):
        timepoint = Timepoint.FOLLOW_UP
    return ImrScaleAdministration(
        consumer=consumer,
        version=Version.CLIENT,
        timepoint=timepoint,
        answered_on=consumer.program.agency.today(),
        recorded_by_id=recorded_by_id,
        answered_by=answered_by,
        **scale_fields(answers),
    )


GOAL_RATING_CHOICES = (
    Choice(1, _("Not well at all")),
    Choice(2, _("Not so well")),
    Choice(3, _("OK")),
    Choice(4, _("Well")),
    Choice(5, _("Very well")),
)


def goal_questions(goal):
    """Two screens for one open goal: how it is going (1-5), then a few words about it."""
    return (
        Question(
            key=f"goal_{goal.pk}_rating",
            text=_("How is it going with this goal?"),
            hint=goal.description,
            choices=GOAL_RATING_CHOICES,
        ),
        Question(
            key=f"goal_{goal.pk}_words",
            text=_("Tell us a few words about how it is going."),
            hint=goal.description,
        ),
    )


def goal_review_text(rating, words):
    """What the goal's review says, from the person's own check-in (in the language of the
    practitioner who saves it: it is their record)."""
    lines = [gettext("The person's own check-in.")]
    if rating is not None:
        label = next(c.label for c in GOAL_RATING_CHOICES if c.value == rating)
        lines.append(
            gettext("How it is going: %(rating)d of 5 (%(label)s).")
            % {"rating": rating, "label": label}
        )
    if words:
        lines.append(gettext("In their words: %(words)s") % {"words": words})
    return "\n".join(lines)


SESSION_QUESTION = Question(
    key="session_view",
    text=_("What did you think of today's session?"),
    hint=_("What helped you? What would you change? Write as much or as little as you like."),
)
