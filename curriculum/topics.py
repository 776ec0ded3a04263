"""The ten IMR topics, numbered in the KIT's order.

The numbers are the KIT's and never change: the chart, the session log and the
IMR Scale schedule (due after topics 3, 6 and 10) all refer to topics by number.
The handouts and guides for each topic live in this app too.
"""

TOPICS = (
    (1, "Recovery strategies"),
    (2, "Practical facts about mental illnesses"),
    (3, "The stress-vulnerability model and treatment strategies"),
    (4, "Building social supports"),
    (5, "Using medication effectively"),
    (6, "Drug and alcohol use"),
    (7, "Reducing relapses"),
    (8, "Coping with stress"),
    (9, "Coping with problems and persistent symptoms"),
    (10, "Getting your needs met by the mental health system"),
)

TOPIC_NUMBERS = tuple(number for number, _ in TOPICS)
TOPIC_TITLES = dict(TOPICS)

# The orientation comes before topic 1: sessions, handouts and guides number it 0.
ORIENTATION = 0


def short_label(number):
    """ "Topic 8", or "Orientation": the one way a topic is named in a list."""
    return "Orientation" if number == ORIENTATION else f"Topic {number}"


def label(number):
    """ "Topic 8: Coping with stress", or "Orientation"."""
    return "Orientation" if number == ORIENTATION else f"Topic {number}: {TOPIC_TITLES[number]}"


def title(number):
    """The topic's title alone; the orientation's is "Orientation to the program"."""
    return "Orientation to the program" if number == ORIENTATION else TOPIC_TITLES[number]


def numbered(number):
    """ "8. Coping with stress": a topic as a ticked item on the progress note."""
    return f"{number}. {TOPIC_TITLES[number]}"
