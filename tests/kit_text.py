"""Our own words against the KIT's: its seed documents, and runs of words that may not match."""

import re
from pathlib import Path

from curriculum import worksheets
from curriculum.topics import TOPIC_TITLES

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SHARED_RUN = 8  # words in a row that may not match the KIT's own sentences


def words(text):
    return re.findall(r"[a-z0-9']+", text.lower())


def without_kit_names(w):
    """The words with the KIT's own names (topics, worksheets) cut out: names carry over."""
    names = [words(title) for title in TOPIC_TITLES.values()]
    names += [words(sheet.title) for sheet in worksheets.all_worksheets().values()]
    w = list(w)
    for name in names:
        for i in range(len(w) - len(name) + 1):
            if w[i : i + len(name)] == name:
                w[i : i + len(name)] = ["|"] * len(name)
    return w
