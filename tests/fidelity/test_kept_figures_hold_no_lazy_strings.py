"""Kept figures hold their words as imr_site/later.py sentences, never Django's lazy
strings: each lazy string builds a class as it is unpickled, and a state's kept estimates
took seconds to read back. The sentences still say themselves in the reader's language."""

import pickle

from django.utils import translation

from fidelity import estimates, goi_estimates, periods
from imr_site.later import Later, LaterPlural
from tests.builders import grow


def test_the_kept_estimates_and_goi_of_a_program_pickle_without_a_lazy_string(world):
    grow(world, world.northside, 3)
    period = periods.default_period()
    programs = [world.northside, world.eastgate]
    for found in (
        estimates.for_programs(programs, period),
        goi_estimates.for_programs(programs, period),
    ):
        kept = pickle.dumps(found, pickle.HIGHEST_PROTOCOL)
        assert b"django.utils.functional" not in kept
        assert b"imr_site.later" in kept  # the words are there, as plain data
        again = pickle.loads(kept)
        figures = [str(e.figures) for estimate in again.values() for e in estimate.items]
        with translation.override("es"):
            spanish = [str(e.figures) for estimate in again.values() for e in estimate.items]
        assert figures != spanish


def test_a_kept_sentence_is_said_in_the_language_of_whoever_reads_it():
    largest = pickle.loads(pickle.dumps(Later("Largest group: {size} people present", size=9)))
    assert str(largest) == "Largest group: 9 people present"
    assert largest == "Largest group: 9 people present" and "9 people" in largest
    with translation.override("es"):
        assert str(largest) != "Largest group: 9 people present" and "9" in str(largest)
    one = LaterPlural(
        "{n} signed note was written before the note had this checklist: left out.",
        "{n} signed notes were written before the note had this checklist: left out.",
        n=1,
    )
    assert str(pickle.loads(pickle.dumps(one))).startswith("1 signed note was")
