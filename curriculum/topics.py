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
