"""The ten IMR topics, numbered in the KIT's order.

The numbers are the KIT's and never change: the chart, the session log and the
IMR Scale schedule (due after topics 3, 6 and 10) all refer to topics by number.
The handouts and guides for each topic live in this app too.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The KIT's names of the topics, in the page's language when shown.
TOPICS = (
    (1, _("Recovery strategies")),
    (2, _("Practical facts about mental illnesses")),
    (3, _("The stress-vulnerability model and treatment strategies")),
    (4, _("Building social supports")),
    (5, _("Using medication effectively")),
    (6, _("Drug and alcohol use")),
    (7, _("Reducing relapses")),
    (8, _("Coping with stress")),
    (9, _("Coping with problems and persistent symptoms")),
    (10, _("Getting your needs met by the mental health system")),
)

TOPIC_NUMBERS = tuple(number for number, _ in TOPICS)
TOPIC_TITLES = dict(TOPICS)

# The orientation comes before topic 1: sessions, handouts and guides number it 0.
ORIENTATION = 0


def short_label(number):
    """ "Topic 8", or "Orientation": the one way a topic is named in a list."""
    if number == ORIENTATION:
        return gettext("Orientation")
    return gettext("Topic %(number)d") % {"number": number}


def label(number):
    """ "Topic 8: Coping with stress", or "Orientation"."""
    if number == ORIENTATION:
        return gettext("Orientation")
    return gettext("Topic %(number)d: %(title)s") % {
        "number": number,
        "title": TOPIC_TITLES[number],
    }


def title(number):
    """The topic's title alone; the orientation's is "Orientation to the program"."""
    if number == ORIENTATION:
        return gettext("Orientation to the program")
    return str(TOPIC_TITLES[number])


def numbered(number):
    """ "8. Coping with stress": a topic as a ticked item on the progress note."""
    return f"{number}. {TOPIC_TITLES[number]}"
