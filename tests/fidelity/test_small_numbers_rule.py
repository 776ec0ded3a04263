"""The small-numbers rule itself (fidelity/small_numbers.py): counts of 1 to 10 are hidden,
and so is a second cell wherever one hidden cell could be worked out from a total."""

from dataclasses import dataclass, field
from decimal import Decimal

from fidelity import small_numbers
from fidelity.small_numbers import FEWER, HIDDEN, guard


@dataclass
class Part:
    people: int
    mean: Decimal | None = None


@dataclass
class Row:
    people: int
    served: int
    scale: Part = field(default_factory=lambda: Part(0))
    by_reason: dict = field(default_factory=dict)
    figures: str = ""

    @property
    def left(self):
        return sum(self.by_reason.values())

    @property
    def percent(self):
        return round(100 * self.served / self.people) if self.people else None


BASES = {Row: "people", Part: "people"}


def test_one_to_ten_are_hidden_zero_and_eleven_are_not():
    assert [small_numbers.count(n) for n in (0, 1, 10, 11)] == [0, HIDDEN, HIDDEN, 11]
    assert str(HIDDEN) == FEWER == "fewer than 11"


def test_a_row_about_seven_people_hides_every_figure_it_holds():
    (row,), _ = guard(
        [Row(7, 7, Part(7, Decimal("2.50")), {"moved": 0}, "7 of 7 people")],
        bases=BASES,
        words=("figures",),
    )
    assert row.people is HIDDEN and row.served is HIDDEN and row.percent is HIDDEN
    assert row.scale.people is HIDDEN and row.scale.mean is HIDDEN
    assert row.by_reason["moved"] is HIDDEN and row.figures is HIDDEN


def test_a_total_minus_the_cells_shown_never_gives_a_hidden_cell_away():
    rows = [Row(7, 0), Row(25, 0), Row(40, 0)]
    shown, total = guard(rows, Row(72, 0), bases=BASES)
    column = [row.people for row in shown] + [total.people]
    # The 7 is hidden, and so is the smallest other count, the 25: 72 - 40 leaves 32.
    assert column == [HIDDEN, HIDDEN, 40, 72]


def test_the_total_is_hidden_when_it_is_the_only_other_cell():
    rows = [Row(12, 3)]
    shown, total = guard(rows, Row(12, 3), bases=BASES)
    assert (shown[0].people, total.people) == (12, 12)
    assert (shown[0].served, total.served) == (HIDDEN, HIDDEN)


def test_parts_inside_a_row_are_protected_from_their_total():
    (row,), _ = guard(
        [Row(40, 30, by_reason={"moved": 3, "chose": 12, "other": 0})],
        bases=BASES,
        within=(("by_reason[", "left"),),
    )
    # 15 left in all: 15 - 12 would give the 3 away, so the 12 goes too; the zero stays.
    assert row.by_reason == {"moved": HIDDEN, "chose": HIDDEN, "other": 0}
    assert row.left == 15


def test_hiding_goes_on_until_no_line_has_a_single_hidden_cell():
    # Row one's 4 hides its 20 in the row; the 20 then stands alone in its column.
    rows = [
        Row(30, 0, by_reason={"a": 4, "b": 20}),
        Row(30, 0, by_reason={"a": 15, "b": 30}),
    ]
    shown, total = guard(
        rows,
        Row(60, 0, by_reason={"a": 19, "b": 50}),
        bases=BASES,
        within=(("by_reason[", "left"),),
    )
    grid = [row.by_reason for row in [*shown, total]]
    for key in ("a", "b"):
        assert sum(line[key] is HIDDEN for line in grid) != 1
    for line, whole in zip(grid, [*shown, total], strict=True):
        assert sum(value is HIDDEN for value in [*line.values(), whole.left]) != 1


def test_a_mean_does_not_add_up_so_the_totals_own_is_hidden():
    rows = [Row(20, 0, Part(5, Decimal("1.00"))), Row(20, 0, Part(30, Decimal("3.00")))]
    shown, total = guard(rows, Row(40, 0, Part(35, Decimal("2.71"))), bases=BASES)
    assert [row.scale.mean for row in shown] == [HIDDEN, Decimal("3.00")]
    assert total.scale.mean is HIDDEN


def test_a_number_that_counts_no_one_is_hidden_only_with_its_rows_people():
    shown, _ = guard([Row(40, 2), Row(8, 2)], bases=BASES, not_counts=("percent",))
    assert shown[0].percent == 5  # 2 of 40: the 2 is hidden, the share is not a count
    assert shown[0].served is HIDDEN
    assert shown[1].percent is HIDDEN


def test_figures_in_words_go_with_the_numbers_beside_them():
    shown, _ = guard(
        [Row(40, 3, figures="3 of 40 people"), Row(40, 30, figures="30 of 40 people")],
        bases=BASES,
        words=("figures",),
    )
    assert [row.figures for row in shown] == [HIDDEN, "30 of 40 people"]


def test_rows_without_a_total_read_the_same_when_only_one_part_is_looked_at():
    # How the outcomes page reads each program's fidelity score (kept_tables.estimate_scores).
    rows = [
        Row(7, 7, Part(7, Decimal("2.50")), figures="7 of 7"),
        Row(40, 3, Part(30, Decimal("3.10")), {"moved": 2}, "3 of 40"),
        Row(40, 30, Part(4, Decimal("1.75"))),
        Row(0, 0, Part(0)),
    ]
    rules = {"bases": BASES, "not_counts": ("mean",), "words": ("figures",)}
    everything, _ = guard(rows, **rules)
    scale_only, _ = guard(rows, names=("scale",), **rules)
    read = [(row.scale.people, row.scale.mean) for row in scale_only]
    assert read == [(row.scale.people, row.scale.mean) for row in everything]
    assert read == [
        (HIDDEN, HIDDEN),
        (30, Decimal("3.10")),
        (HIDDEN, HIDDEN),
        (0, None),
    ]


def test_a_file_writes_a_hidden_figure_in_words():
    assert small_numbers.cells(["Northside", HIDDEN, 12]) == ["Northside", FEWER, 12]
