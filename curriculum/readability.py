"""A rough reading level for our own text, to keep handouts near a 6th-grade level.

The Flesch-Kincaid grade: 0.39 x words per sentence + 11.8 x syllables per word
- 15.59. Syllables are counted from the hyphenation dictionary WeasyPrint
already uses (pyphen), which slightly undercounts; the test's limit allows for it.
"""

import re

import pyphen

_DICTIONARY = pyphen.Pyphen(lang="en_US")
# A heading, a list item or a question is a sentence of its own, as a reader meets it.
_SENTENCE_END = re.compile(r"[.!?:;\n]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def syllables(word):
    return len(_DICTIONARY.positions(word)) + 1


def grade(texts):
    sentences = [s for text in texts for s in _SENTENCE_END.split(text) if _WORD.search(s)]
    words = [w for s in sentences for w in _WORD.findall(s)]
    if not words:
        return 0.0
    per_sentence = len(words) / len(sentences)
    per_word = sum(syllables(w) for w in words) / len(words)
    return round(0.39 * per_sentence + 11.8 * per_word - 15.59, 1)


def handout_texts(blocks):
    return [text for b in blocks for text in (b["heading"], b["body"], *b["points"]) if text]
