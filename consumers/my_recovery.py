"""My recovery: the person's own one-page summary, on the screen and on paper.

Their goals and steps in their own words, the topics done and next, their own answers to
the IMR Scale over time (a picture and a few plain sentences), their next sessions and
their plans. Nothing about them that they did not say or agree: no diagnosis, no status,
no record number, and nothing the practitioner rated (the clinician version is left out).

Every IMR Scale item runs from 1 to 5 with 5 always the better end (instruments.md §3:
no item is reverse-scored), so a higher answer is always the better news, and each item's
sentence below is worded for its own meaning of "better".
"""

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils import dateformat
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from consumers import discharge, imr_scale, scale_history
from consumers.models import Goal, ImrScaleAdministration, Plan, TopicProgress
from curriculum import topics
from imr_site.numbers import two_places

# How many of the answers that moved most the summary puts into words.
MOST_CHANGED = 3

# Each item's change in the person's words: (when the answer went up, when it went down).
# Up is always better. "{when}" reads "in March" (or "the first time you answered", when
# both answers fall in one month); "{since}" reads "since March". Marked for translation
# here (gettext_noop) and translated where they are used, in the language active then.
CHANGE_WORDS = {
    1: (
        gettext_noop("You said you have made more progress on a goal than {when}."),
        gettext_noop("You said you have made less progress on a goal than {when}."),
    ),
    2: (
        gettext_noop("You said you know more about your mental health than {when}."),
        gettext_noop("You said you know less about your mental health than {when}."),
    ),
    3: (
        gettext_noop("You said family and friends help with your care more than {when}."),
        gettext_noop("You said family and friends help with your care less than {when}."),
    ),
    4: (
        gettext_noop("You said you see or talk to people more often than {when}."),
        gettext_noop("You said you see or talk to people less often than {when}."),
    ),
    5: (
        gettext_noop(
            "You said you spend more time at work, school, or helping others than {when}."
        ),
        gettext_noop(
            "You said you spend less time at work, school, or helping others than {when}."
        ),
    ),
    6: (
        gettext_noop("You said your symptoms bother you less than {when}."),
        gettext_noop("You said your symptoms bother you more than {when}."),
    ),
    7: (
        gettext_noop("You said your symptoms get in your way less than {when}."),
        gettext_noop("You said your symptoms get in your way more than {when}."),
    ),
    8: (
        gettext_noop("You said you know more ways to stay well than {when}."),
        gettext_noop("You said you know fewer ways to stay well than {when}."),
    ),
    # Items 9 and 10 ask how long ago something last happened. The time can only get
    # shorter if it happened again, so a lower answer means it happened since then.
    9: (
        gettext_noop("You said your symptoms have stayed away longer than {when}."),
        gettext_noop("You said your symptoms came back {since}."),
    ),
    10: (
        gettext_noop("You said it has been longer since a hospital stay than {when}."),
        gettext_noop("You said you had a hospital stay {since}."),
    ),
    11: (
        gettext_noop("You said you cope better from day to day than {when}."),
        gettext_noop("You said you do not cope as well from day to day as {when}."),
    ),
    12: (
        gettext_noop("You said you take part in self-help more than {when}."),
        gettext_noop("You said you take part in self-help less than {when}."),
    ),
    13: (
        gettext_noop("You said you take your medicine as prescribed more often than {when}."),
        gettext_noop("You said you take your medicine as prescribed less often than {when}."),
    ),
    14: (
        gettext_noop("You said alcohol gets in your way less than {when}."),
        gettext_noop("You said alcohol gets in your way more than {when}."),
    ),
    15: (
        gettext_noop("You said drugs get in your way less than {when}."),
        gettext_noop("You said drugs get in your way more than {when}."),
    ),
}

# The person's plans, named as theirs (translated where used, as CHANGE_WORDS).
PLAN_TITLES = {
    Plan.Kind.RELAPSE_PREVENTION: gettext_noop("My plan to stay well"),
    Plan.Kind.COPING_STRESS: gettext_noop("My plan for coping with stress"),
    Plan.Kind.PERSISTENT_SYMPTOMS: gettext_noop("My plan for symptoms that stay"),
    Plan.Kind.MEDICATION_TAILORING: gettext_noop("My plan for taking my medicine"),
}

# On paper each plan shows only its main lines, each named short, so that all four fit on
# the one page with the rest; the screen shows the whole plan, and so does the plan's own
# printed sheet. The plan for symptoms that stay names each problem in the person's words,
# with the ways of coping they tried.
MAIN_LINES = {
    Plan.Kind.RELAPSE_PREVENTION: (
        ("signs_to_watch", gettext_noop("Signs to watch")),
        ("steps", gettext_noop("What we will do")),
    ),
    Plan.Kind.COPING_STRESS: (
        ("stress_signs", gettext_noop("Signs of stress")),
        ("strategies", gettext_noop("What helps me cope")),
    ),
    Plan.Kind.MEDICATION_TAILORING: (
        ("routine", gettext_noop("When I take it")),
        ("cue", gettext_noop("My reminder")),
    ),
}
SYMPTOMS = (1, 2, 3)
# A main line longer than this is cut short on paper ("…"); the whole of it is on the screen.
MAIN_LINE_WORDS = 20


class MyPlan(NamedTuple):
    title: str
    version: object  # PlanVersion

    def main_lines(self):
        """(label, text) of the plan's filled main lines, for the printed page."""
        content, kind = self.version.content, self.version.plan.kind
        if kind == Plan.Kind.PERSISTENT_SYMPTOMS:
            lines = [
                (content[f"symptom_{n}"], content.get(f"tried_{n}", ""))
                for n in SYMPTOMS
                if content.get(f"symptom_{n}")
            ]
        else:
            lines = [
                (_(label), content[key]) for key, label in MAIN_LINES[kind] if content.get(key)
            ]
        return [
            (Truncator(label).words(MAIN_LINE_WORDS), Truncator(text).words(MAIN_LINE_WORDS))
            for label, text in lines
        ]


@dataclass
class Change:
    item: imr_scale.Item
    first: int
    latest: int
    words: str

    @property
    def size(self):
        return abs(self.latest - self.first)

    @property
    def better(self):
        return self.latest > self.first


@dataclass
class Answers:
    """The person's own IMR Scale answers over time: the picture and its words."""

    administrations: list  # the client version, scored, oldest first
    picture: dict  # scale_history.scale_summary of those
    changes: list = field(default_factory=list)  # Change, biggest first
    sentences: list = field(default_factory=list)

    @property
    def first(self):
        return self.administrations[0]

    @property
    def latest(self):
        return self.administrations[-1]

    @property
    def words(self):
        """The picture in words, for whoever cannot see it."""
        first, latest = self.first, self.latest
        if first is latest:
            return _("Your average answer on %(day)s was %(score)s.") % {
                "day": f"{first.answered_on:%Y-%m-%d}",
                "score": two_places(first.score),
            }
        return _(
            "Your average answer went from %(first)s on %(first_day)s to %(latest)s on "
            "%(latest_day)s."
        ) % {
            "first": two_places(first.score),
            "first_day": f"{first.answered_on:%Y-%m-%d}",
            "latest": two_places(latest.score),
            "latest_day": f"{latest.answered_on:%Y-%m-%d}",
        }


@dataclass
class Summary:
    name: str
    today: datetime.date
    recovery_goals: list  # open long-term goals
    goals_now: list  # open short-term goals, with their steps
    goals_reached: list
    topics_done: list  # (number, label)
    topics_now: list
    topic_next: tuple | None  # (number, label), or None once every topic is begun
    answers: Answers | None
    coming: list  # sessions_log.schedule.Occurrence
    plans: list  # MyPlan


def summary_for(consumer, today):
    """Everything My recovery shows, in a fixed number of queries however long the record."""
    from sessions_log import schedule  # sessions_log builds on consumers

    goals = list(
        Goal.objects.filter(consumer=consumer)
        .exclude(status=Goal.Status.DROPPED)
        .prefetch_related("steps")
    )
    topics_done, topics_now, topic_next = topic_places(consumer.topic_progress.all())
    return Summary(
        name=consumer.preferred_name,
        today=today,
        recovery_goals=[g for g in goals if g.is_open and g.kind == Goal.Kind.LONG_TERM],
        goals_now=[g for g in goals if g.is_open and g.kind == Goal.Kind.SHORT_TERM],
        goals_reached=sorted(
            (g for g in goals if g.status == Goal.Status.ACHIEVED),
            key=lambda g: g.last_reviewed_on or g.set_on,
            reverse=True,
        ),
        topics_done=topics_done,
        topics_now=topics_now,
        topic_next=topic_next,
        answers=answers_over_time(
            ImrScaleAdministration.objects.filter(
                consumer=consumer, version=ImrScaleAdministration.Version.CLIENT
            ),
            today,
        ),
        coming=schedule.next_sessions(consumer, today),
        plans=[
            MyPlan(_(PLAN_TITLES[version.plan.kind]), version)
            for version in discharge.plans_in_force(consumer, today)
        ],
    )


def topic_places(progress):
    """(done, now, next) from the person's topic progress rows.

    Next is the first topic not begun after the furthest one begun (a group goes on in
    order, whatever a newcomer missed), or else the first one not begun before it.
    """
    status = {row.topic: row.status for row in progress}
    done = [n for n in topics.TOPIC_NUMBERS if status.get(n) == TopicProgress.Status.COMPLETED]
    now = [n for n in topics.TOPIC_NUMBERS if status.get(n) == TopicProgress.Status.IN_PROGRESS]
    begun = set(done) | set(now)
    not_begun = [n for n in topics.TOPIC_NUMBERS if n not in begun]
    furthest = max(begun, default=0)
    after = [n for n in not_begun if n > furthest]
    following = (after or not_begun)[:1]
    return (
        [(n, topics.label(n)) for n in done],
        [(n, topics.label(n)) for n in now],
        (following[0], topics.label(following[0])) if following else None,
    )


def answers_over_time(administrations, today):
    """The person's scored client-version answers, with the items that moved most in words."""
    scored = sorted(
        (a for a in administrations if a.score is not None), key=lambda a: (a.answered_on, a.pk)
    )
    if not scored:
        return None
    result = Answers(scored, scale_history.scale_summary(scored))
    if len(scored) == 1:
        result.sentences = [
            _("Your first answers are from %(month)s.")
            % {"month": month_words(scored[0].answered_on, today)}
        ]
        return result
    first, latest = scored[0], scored[-1]
    result.changes = most_changed(first, latest, today)
    result.sentences = [c.words for c in result.changes] or [
        _("Your answers now are much the same as %(when)s.")
        % {"when": when_words(first, latest, today)[0]}
    ]
    return result


def most_changed(first, latest, today):
    """The items whose answer moved most between two administrations, in words (at most 3)."""
    when, since = when_words(first, latest, today)
    before, after = first.answers(), latest.answers()
    changes = []
    for item in imr_scale.ITEMS:
        was, now = before.get(item.number), after.get(item.number)
        # Only two ratings compare: a blank or "not applicable" says nothing of a change.
        if not (isinstance(was, int) and isinstance(now, int)) or was == now:
            continue
        up, down = CHANGE_WORDS[item.number]
        words = _(up if now > was else down).format(when=when, since=since)
        changes.append(Change(item, was, now, words))
    changes.sort(key=lambda c: (-c.size, c.item.number))
    return changes[:MOST_CHANGED]


def when_words(first, latest, today):
    """("in March", "since March") for the first answers; in one month with the latest,
    a month says nothing, so "the first time you answered"."""
    a, b = first.answered_on, latest.answered_on
    if (a.year, a.month) == (b.year, b.month):
        return _("the first time you answered"), _("since the first time you answered")
    month = month_words(a, today)
    return _("in %(month)s") % {"month": month}, _("since %(month)s") % {"month": month}


def month_words(day, today):
    """ "March", or "March 2025" when a year or more ago (two Marches would be unclear),
    in the language active (Spanish: "marzo")."""
    months_ago = (today.year - day.year) * 12 + today.month - day.month
    return dateformat.format(day, "F" if months_ago < 12 else "F Y")
