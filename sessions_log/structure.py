"""The eight steps of an IMR session and the minutes the KIT suggests for each.

Keys are stored with every session (issue 5): never rename one. Minutes are
(fewest, most) for an individual session and for a group.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    individual: tuple[int, int]
    group: tuple[int, int]

    def minutes(self, group):
        low, high = self.group if group else self.individual
        return f"{low}–{high} min"


STEPS = (
    Step("socialize", "Say hello and check for any big problems", (1, 3), (1, 3)),
    Step("review_last", "Look back at the last session", (1, 3), (1, 3)),
    Step("review_homework", "Go over the homework", (3, 5), (5, 10)),
    Step("follow_up_goals", "Follow up goals", (1, 3), (5, 10)),
    Step("set_agenda", "Agree today's agenda", (1, 2), (1, 2)),
    Step("teach", "Teach new material or review", (30, 40), (20, 25)),
    Step("agree_homework", "Agree new homework", (3, 5), (5, 10)),
    Step("summarize", "Sum up progress", (3, 5), (3, 5)),
)
