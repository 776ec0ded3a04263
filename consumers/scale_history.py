"""The IMR Scale over time for one person: the history, change from baseline, a drawn chart."""

from dataclasses import dataclass

from consumers import imr_scale
from consumers.models import ImrScaleAdministration

Version = ImrScaleAdministration.Version

# The chart's drawing area, in SVG user units.
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 240, 48, 24, 16, 40


@dataclass
class Series:
    version: str
    label: str
    points: list  # (x, y, administration)

    @property
    def polyline(self):
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in self.points)


def _x(day, first, last):
    span = (last - first).days
    if not span:
        return LEFT + (WIDTH - LEFT - RIGHT) / 2
    return LEFT + (day - first).days / span * (WIDTH - LEFT - RIGHT)


def _y(score):
    return TOP + (5 - float(score)) / 4 * (HEIGHT - TOP - BOTTOM)


def scale_summary(administrations):
    """Everything the chart's scale section shows, from the person's administrations."""
    administrations = sorted(administrations, key=lambda a: (a.answered_on, a.pk))
    scored = [a for a in administrations if a.score is not None]
    by_version = {v: [a for a in scored if a.version == v] for v in Version.values}
    changes = {
        version: row.change
        for version, row in changes_from_baseline(administrations).items()
        if row.change is not None
    }
    series, first, last = [], None, None
    if scored:
        first, last = scored[0].answered_on, scored[-1].answered_on
        for version, rows in by_version.items():
            if rows:
                series.append(
                    Series(
                        version,
                        Version(version).label,
                        [(_x(a.answered_on, first, last), _y(a.score), a) for a in rows],
                    )
                )
    return {
        "administrations": administrations,
        "changes": [(Version(v).label, c) for v, c in changes.items()],
        "differences": latest_differences(administrations),
        "series": series,
        "gridlines": [(n, _y(n)) for n in range(1, 6)],
        "first": first,
        "last": last,
        "size": {"width": WIDTH, "height": HEIGHT, "left": LEFT, "bottom": HEIGHT - BOTTOM},
    }


@dataclass
class Change:
    """One version's baseline, its latest scale since, and how far the mean moved."""

    label: str
    baseline: ImrScaleAdministration | None
    latest: ImrScaleAdministration | None
    change: object  # Decimal, or None without a baseline and a later scale


def changes_from_baseline(administrations):
    """{version: Change} for the client and the clinician version, scored scales only."""
    scored = sorted(
        (a for a in administrations if a.score is not None), key=lambda a: (a.answered_on, a.pk)
    )
    result = {}
    for version in Version.values:
        rows = [a for a in scored if a.version == version]
        baseline = next((a for a in rows if a.timepoint == "baseline"), None)
        latest = rows[-1] if rows else None
        change = None
        if baseline and latest and latest is not baseline:
            change = imr_scale.change(baseline.scored(), latest.scored())
        result[version] = Change(Version(version).label, baseline, latest, change)
    return result


def latest_differences(administrations):
    """The latest timepoint with both versions, and items where they differ by 2 or more."""
    pairs = {}
    for a in administrations:
        pairs.setdefault((a.timepoint, a.answered_on if a.timepoint == "follow_up" else None), {})[
            a.version
        ] = a
    both = [p for p in pairs.values() if len(p) == 2]
    if not both:
        return None
    pair = max(both, key=lambda p: max(a.answered_on for a in p.values()))
    client, clinician = pair[Version.CLIENT], pair[Version.CLINICIAN]
    return {
        "timepoint": client.get_timepoint_display(),
        "items": imr_scale.differing_items(client.answers(), clinician.answers()),
    }
