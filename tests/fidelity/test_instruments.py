"""The fidelity review form's anchors: five per item, our own words, the instruments' numbers."""

import pytest

from fidelity.instruments import GOI_ITEMS, IMR_FIDELITY_ITEMS, ITEM_BY_NUMBER
from tests.kit_text import SEEDS, SHARED_RUN, without_kit_names, words

ALL_ITEMS = (*IMR_FIDELITY_ITEMS, *GOI_ITEMS)
# Fidelity items rated by the common percentage bands (they count people or sessions).
COUNTED = ("2", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13")


def test_every_item_of_both_instruments_is_there_by_number():
    assert [item.number for item in IMR_FIDELITY_ITEMS] == [str(n) for n in range(1, 14)]
    assert [item.number for item in GOI_ITEMS] == [f"G{n}" for n in range(1, 13)]
    assert len(ITEM_BY_NUMBER) == 25
    assert all(ITEM_BY_NUMBER[item.number] is item for item in ALL_ITEMS)


@pytest.mark.parametrize("item", ALL_ITEMS, ids=lambda item: f"item-{item.number}")
def test_every_item_has_five_distinct_anchors(item):
    assert len(item.anchors) == 5
    assert all(anchor.strip() for anchor in item.anchors)
    assert len(set(item.anchors)) == 5


@pytest.mark.parametrize("number", COUNTED)
def test_counted_items_carry_the_common_percentage_bands(number):
    anchors = ITEM_BY_NUMBER[number].anchors
    assert anchors[0].startswith("Under 20% ")
    assert [anchor.split(" ")[0] for anchor in anchors[1:4]] == ["20–39%", "40–69%", "70–89%"]
    assert " 90% or more " in anchors[4]


def test_the_items_with_their_own_bands_carry_them():
    assert [a.split(" ")[-2] for a in ITEM_BY_NUMBER["1"].anchors[:4]] == [
        "15",
        "13–15",
        "11–12",
        "9–10",
    ]
    assert "more than 15" in ITEM_BY_NUMBER["1"].anchors[0]
    topics = ITEM_BY_NUMBER["3"].anchors
    assert "2 or fewer" in topics[0] and "no handouts" in topics[0]
    assert [a.split(" ")[3] for a in topics[1:4]] == ["3–4", "5–6", "7–8"]
    assert [a.split(" ")[0] for a in ITEM_BY_NUMBER["G3"].anchors] == [
        "20%",
        "21–40%",
        "41–60%",
        "61–80%",
        "More",
    ]
    assert "80%" in ITEM_BY_NUMBER["G3"].anchors[4]


def without_item_names(w):
    """The words with the instruments' item names cut out: names carry over."""
    w = without_kit_names(w)
    for name in (words(item.name) for item in ALL_ITEMS):
        for i in range(len(w) - len(name) + 1):
            if w[i : i + len(name)] == name:
                w[i : i + len(name)] = ["|"] * len(name)
    return w


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the KIT's seed documents are not beside the repo")
def test_no_anchor_is_taken_from_the_kit():
    seen = set()
    for seed in SEEDS.glob("*.txt"):
        w = words(seed.read_text(errors="ignore"))
        seen.update(tuple(w[i : i + SHARED_RUN]) for i in range(len(w) - SHARED_RUN + 1))
    copied = {}
    for item in ALL_ITEMS:
        for anchor in item.anchors:
            w = without_item_names(words(anchor))
            runs = [tuple(w[i : i + SHARED_RUN]) for i in range(len(w) - SHARED_RUN + 1)]
            copied.update({" ".join(run): item.number for run in runs if run in seen})
    assert not copied, f"anchors repeat the KIT word for word: {copied}"
