"""Charts drawn as SVG on the server, so the page and the PDF show the very same picture."""

from dataclasses import dataclass

from django.utils.translation import gettext

from fidelity.instruments import IMR_FIDELITY_ITEMS
from imr_site import numbers

# Item chart: a row per item, bars on a 0-5 scale.
ROW, LABEL_WIDTH, BAR_WIDTH, TOP = 26, 300, 300, 24
# Line chart drawing area.
WIDTH, HEIGHT, LEFT, RIGHT, PAD_TOP, BOTTOM = 640, 220, 40, 16, 12, 44


@dataclass
class ItemRow:
    number: str
    name: str
    y: float
    estimate: int | None
    review: int | None

    @property
    def estimate_width(self):
        return (self.estimate or 0) / 5 * BAR_WIDTH

    @property
    def review_x(self):
        return LABEL_WIDTH + (self.review or 0) / 5 * BAR_WIDTH


def item_chart(estimate_ratings, review_ratings=None, items=IMR_FIDELITY_ITEMS):
    """Each of the 13 items: the current estimate as a bar, the last review as a marker.

    `items` name the rows: a final review's report passes the names it kept.
    """
    review_ratings = review_ratings or {}
    rows = [
        ItemRow(
            item.number,
            item.name,
            TOP + index * ROW,
            estimate_ratings.get(item.number),
            review_ratings.get(item.number),
        )
        for index, item in enumerate(items)
    ]
    height = TOP + len(rows) * ROW + 8
    ticks = [(n, LABEL_WIDTH + n / 5 * BAR_WIDTH) for n in range(6)]
    return {
        "rows": rows,
        "width": LABEL_WIDTH + BAR_WIDTH + 40,
        "height": height,
        "label_width": LABEL_WIDTH,
        "bar_height": ROW - 10,
        "ticks": ticks,
        "has_review": bool(review_ratings),
    }


@dataclass
class Line:
    label: str
    css: str
    points: list  # (x, y, value, x_label)
    values: list = ()  # one a label, None where there is no point: the table's row

    @property
    def polyline(self):
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in self.points)


def _y(value, low, high):
    return PAD_TOP + (high - float(value)) / (high - low) * (HEIGHT - PAD_TOP - BOTTOM)


def line_chart(x_labels, series, low=1, high=5):
    """series: (label, css class, values aligned with x_labels; None leaves a gap)."""
    count = max(len(x_labels) - 1, 1)
    xs = [LEFT + i / count * (WIDTH - LEFT - RIGHT) for i in range(len(x_labels))]
    lines = [
        Line(
            label,
            css,
            [
                (xs[i], _y(value, low, high), value, x_labels[i])
                for i, value in enumerate(values)
                if value is not None
            ],
            list(values),
        )
        for label, css, values in series
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "lines": lines,
        "x_labels": list(zip(xs, x_labels, strict=True)),
        "gridlines": [(n, _y(n, low, high)) for n in range(low, high + 1)],
        "empty": not any(line.points for line in lines),
    }


def scatter(points, x_range=(1, 5), y_range=(-2, 2)):
    """points: (label, x, y); each a dot, a program's estimated fidelity across and its
    people's change on the IMR Scale up and down. Values outside the ranges sit on the
    edge. Each dot's title is said here, not by the template: a state's 150 dots each
    asking for a sentence took longer to draw than the rest of the chart."""
    (x_low, x_high), (y_low, y_high) = x_range, y_range

    def x_of(value):
        value = min(max(float(value), x_low), x_high)
        return LEFT + (value - x_low) / (x_high - x_low) * (WIDTH - LEFT - RIGHT)

    def y_of(value):
        value = min(max(float(value), y_low), y_high)
        return PAD_TOP + (y_high - value) / (y_high - y_low) * (HEIGHT - PAD_TOP - BOTTOM)

    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "dots": [(x_of(x), y_of(y), _dot_title(label, x, y)) for label, x, y in points],
        "x_ticks": [(n, x_of(n)) for n in range(x_low, x_high + 1)],
        "y_ticks": [(n, y_of(n)) for n in range(y_low, y_high + 1)],
        "zero": y_of(0),
        "empty": not points,
    }


def _dot_title(label, fidelity, change):
    return gettext("%(label)s: fidelity %(fidelity)s, change %(change)s") % {
        "label": label,
        "fidelity": numbers.two_places(fidelity),
        "change": numbers.two_places(change, plus=True),
    }


def trend_chart(means):
    """The estimated mean month by month, from (label, mean) pairs."""
    return line_chart(
        [label for label, _ in means],
        [(gettext("Estimated mean"), "line-estimate", [mean for _, mean in means])],
    )
