"""The eight steps of an IMR session and the minutes the KIT suggests for each.

Keys are stored with every session (issue 5): never rename one. Minutes are
(fewest, most) for an individual session and for a group.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    individual: tuple[int, int]
    group: tuple[int, int]

    def minutes(self, group):
        low, high = self.group if group else self.individual
        return _("%(low)d–%(high)d min") % {"low": low, "high": high}


STEPS = (
    Step("socialize", gettext_lazy("Say hello and check for any big problems"), (1, 3), (1, 3)),
    Step("review_last", gettext_lazy("Look back at the last session"), (1, 3), (1, 3)),
    Step("review_homework", gettext_lazy("Go over the homework"), (3, 5), (5, 10)),
    Step("follow_up_goals", gettext_lazy("Follow up goals"), (1, 3), (5, 10)),
    Step("set_agenda", gettext_lazy("Agree today's agenda"), (1, 2), (1, 2)),
    Step("teach", gettext_lazy("Teach new material or review"), (30, 40), (20, 25)),
    Step("agree_homework", gettext_lazy("Agree new homework"), (3, 5), (5, 10)),
    Step("summarize", gettext_lazy("Sum up progress"), (3, 5), (3, 5)),
)
