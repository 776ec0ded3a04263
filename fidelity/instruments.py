"""The items of the IMR Fidelity Scale and the General Organizational Index (our wording).

Item names and numbers are the instruments'; the wording is ours. Each item carries
its top anchor (what a rating of 5 looks like) and the anchors for ratings 1 to 5
that the fidelity review form shows beside each choice. Numeric rules (the common
percentage bands, item 1's group sizes, item 3's topic counts, GOI item G3's bands)
are written into the anchors exactly. Scoring and the ratings estimated from logged
data follow with the fidelity reviews.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

# The common percentage bands of the fidelity scale: 1 under 20%, 2 for 20-39%,
# 3 for 40-69%, 4 for 70-89%, 5 for 90% or more.
PERCENT_BANDS = ((90, 5), (70, 4), (40, 3), (20, 2), (0, 1))


class EvidenceSource(models.TextChoices):
    """Where a rating's evidence came from (a rating may name several)."""

    CHART_REVIEW = "chart_review", _("Chart review")
    PROGRESS_NOTES = "progress_notes", _("Progress notes")
    OBSERVATION = "observation", _("Observing a session")
    INTERVIEW = "interview", _("Interviews")


@dataclass(frozen=True)
class Item:
    number: str
    name: str
    top_anchor: str
    # What ratings 1 to 5 look like: anchors[0] is a 1; anchors[4], a 5, says what top_anchor says.
    anchors: tuple[str, str, str, str, str] = ()


def _graded(number, name, lower, top):
    """An item whose anchors for 1 to 4 are written out; the 5 is the top anchor itself."""
    return Item(number, name, top, (*lower, top))


def _filled(text, **values):
    """`text` (marked with gettext_noop) in the language in force where it is read, with
    its placeholders filled."""
    return lazy(lambda: gettext(text) % values, str)()


def _counted(number, name, share, top):
    """An item rated by the common percentage bands; `share` follows the percentage."""
    anchors = (
        _filled(gettext_noop("Under 20%% %(share)s."), share=share),
        _filled(gettext_noop("20–39%% %(share)s."), share=share),
        _filled(gettext_noop("40–69%% %(share)s."), share=share),
        _filled(gettext_noop("70–89%% %(share)s."), share=share),
        _filled(gettext_noop("%(top)s 90%% or more %(share)s."), top=top, share=share),
    )
    return Item(number, name, top, anchors)


IMR_FIDELITY_ITEMS = (
    _graded(
        "1",
        _("Number of people in a session or group"),
        (
            _("The largest group has more than 15 people."),
            _("The largest group has 13–15 people."),
            _("The largest group has 11–12 people."),
            _("The largest group has 9–10 people."),
        ),
        _("Every session is individual, or groups have 8 or fewer people."),
    ),
    _counted(
        "2",
        _("Program length"),
        _("of people get 3 months or more of weekly sessions, or the same number spread out"),
        _(
            "People have weekly sessions for 3 months or more, "
            "or as many sessions over a longer time."
        ),
    ),
    _graded(
        "3",
        _("Comprehensiveness of the curriculum"),
        (
            _("The materials cover 2 or fewer of the 10 topics, or there are no handouts."),
            _("The materials cover 3–4 of the 10 topics."),
            _("The materials cover 5–6 of the 10 topics."),
            _("The materials cover 7–8 of the 10 topics."),
        ),
        _("The materials cover at least 9 of the 10 topics."),
    ),
    _counted(
        "4",
        _("Provision of educational handouts"),
        _("of people in the program have been given handouts"),
        _("Everyone in the program receives handouts."),
    ),
    _counted(
        "5",
        _("Involvement of significant others"),
        _(
            "of people had an IMR-related contact with a supporter in the last month, "
            "or have a supporter helping with their goals"
        ),
        _(
            "At least one IMR-related contact with a supporter in the last month, "
            "or a supporter helps with the person's goals."
        ),
    ),
    _counted(
        "6",
        _("IMR goal setting"),
        _(
            "of people have a personal recovery goal on the chart that is realistic, "
            "measurable and tied to their IMR plan"
        ),
        _(
            "People have at least one personal goal on the chart that is realistic, measurable, "
            "their own, about recovery and linked to the IMR plan."
        ),
    ),
    _counted(
        "7",
        _("IMR goal follow-up"),
        _(
            "of people went over their goals with a practitioner in the last month "
            "(in groups: at least once a month)"
        ),
        _("Practitioners and people follow up goals together, at least monthly."),
    ),
    _counted(
        "8",
        _("Motivation-based strategies"),
        _("of sessions (by their progress notes) show a motivation-based strategy"),
        _("Sessions include one or more motivation-based strategies."),
    ),
    _counted(
        "9",
        _("Educational techniques"),
        _("of sessions (by their progress notes) show an educational technique"),
        _(
            "Sessions use at least one educational technique: interactive teaching, checking "
            "understanding, breaking information down, reviewing."
        ),
    ),
    _counted(
        "10",
        _("Cognitive-behavioral techniques"),
        _("of sessions (by their progress notes) show a cognitive-behavioral technique"),
        _(
            "Sessions include one or more cognitive-behavioral techniques, such as reinforcement, "
            "shaping, modeling, role playing, relaxation training or cognitive restructuring."
        ),
    ),
    _counted(
        "11",
        _("Coping skills training"),
        _(
            "of people past topic 8, or in IMR for 3 months or more, have coping skill work "
            "noted or a coping plan"
        ),
        _("All practitioners know its principles and use it regularly."),
    ),
    _counted(
        "12",
        _("Relapse prevention training"),
        _(
            "of people past topic 7, or in IMR for 3 months or more, have a written plan "
            "to prevent relapse"
        ),
        _("All practitioners know it and use it regularly; charts hold relapse prevention plans."),
    ),
    _counted(
        "13",
        _("Behavioral tailoring for medication"),
        _("of people who take medication have tailoring work noted or a tailoring plan"),
        _("All practitioners know it and teach or reinforce it regularly."),
    ),
)

GOI_ITEMS = (
    _graded(
        "G1",
        _("Program philosophy"),
        (
            _("No philosophy is stated, or the one in use works against the practice."),
            _(
                "A philosophy is on paper, but few staff can describe it "
                "and services do not show it."
            ),
            _("Some staff share the philosophy; it shows in some materials and services."),
            _("Most staff, materials and services show the philosophy, with a few gaps."),
        ),
        _(
            "The program holds a clear philosophy that fits the practice, seen in staff, "
            "materials and the people served."
        ),
    ),
    _graded(
        "G2",
        _("Eligibility and client identification"),
        (
            _("No one looks for eligible people; they hear about the practice only by chance."),
            _("A few eligible people are screened or told about it; there is no routine way."),
            _("About half of eligible people are screened or told about it."),
            _("Most eligible people are screened or told about it; a few are missed."),
        ),
        _("Everyone who is eligible is screened or told about the practice."),
    ),
    _graded(
        "G3",
        _("Penetration"),
        (
            _("20% or fewer of eligible people receive the practice."),
            _("21–40% of eligible people receive the practice."),
            _("41–60% of eligible people receive the practice."),
            _("61–80% of eligible people receive the practice."),
        ),
        _("More than 80% of eligible people receive the practice."),
    ),
    _graded(
        "G4",
        _("Assessment"),
        (
            _("There is no assessment beyond basic intake facts."),
            _("Assessments are informal, leave out key areas and are rarely updated."),
            _("A standard assessment is used for some people, or it is seldom updated."),
            _("Most people have a full, standard assessment; updates are sometimes late."),
        ),
        _("Everyone has a full, standard assessment, updated regularly."),
    ),
    _graded(
        "G5",
        _("Individualized treatment plan"),
        (
            _("People have no treatment plan, or every plan reads the same."),
            _("Plans exist but hold stock goals and are rarely reviewed."),
            _("Some plans hold the person's own goals; reviews are irregular."),
            _("Most people have a plan with their own goals; a few are generic or overdue."),
        ),
        _("Everyone has a plan with their own goals, reviewed regularly."),
    ),
    _graded(
        "G6",
        _("Individualized treatment"),
        (
            _("Everyone gets the same services, whatever their plan says."),
            _("Services follow the plan for a few people; most get a standard package."),
            _("Services follow the plan for about half of the people."),
            _("Services follow the plan for most people; a few get services unrelated to goals."),
        ),
        _("Services follow each person's plan and goals."),
    ),
    _graded(
        "G7",
        _("Training"),
        (
            _("Practitioners get no training in the practice."),
            _("Training is informal, such as reading the materials, and reaches only some."),
            _("New practitioners get some training, but it is not standard and has no refreshers."),
            _("All or most new practitioners get standard training; refreshers are irregular."),
        ),
        _("All new practitioners get standard training in the practice, with refreshers."),
    ),
    _graded(
        "G8",
        _("Supervision"),
        (
            _("Practitioners get no supervision about the practice."),
            _("Supervision is rare (less than monthly) or only in a crisis."),
            _(
                "Supervision is about monthly, or more often but loose "
                "and seldom about the practice."
            ),
            _("Structured supervision every two weeks, or weekly with little on outcomes."),
        ),
        _("Practitioners get weekly, structured supervision about the practice and outcomes."),
    ),
    _graded(
        "G9",
        _("Process monitoring"),
        (
            _("Fidelity has never been measured."),
            _("Fidelity was checked once, informally, with no plan to repeat it."),
            _("Fidelity is checked now and then, less than yearly or without a standard tool."),
            _("Fidelity is measured with a standard tool about once a year."),
        ),
        _("Fidelity is measured with a standard tool at least every 6 months."),
    ),
    _graded(
        "G10",
        _("Outcome monitoring"),
        (
            _("Outcomes are not tracked."),
            _("Outcomes are tracked informally for some people and not shared."),
            _("Standard outcomes are measured for some people, or about once a year."),
            _(
                "Standard outcomes are measured for everyone about every 6 months, "
                "or quarterly but not shared with staff."
            ),
        ),
        _("Standard outcomes are measured for everyone at least quarterly and shared with staff."),
    ),
    _graded(
        "G11",
        _("Quality assurance"),
        (
            _("No one reviews how the practice is going."),
            _(
                "The practice is reviewed only when a problem comes up; "
                "nothing is followed through."
            ),
            _("A committee or process exists but meets rarely or seldom acts."),
            _("A committee or process meets regularly, but some findings are not acted on."),
        ),
        _("A committee or process reviews the practice regularly and acts on what it finds."),
    ),
    _graded(
        "G12",
        _("Client choice regarding service provision"),
        (
            _("Services are assigned; people are not asked what they want."),
            _("People are asked now and then, but services rarely change as a result."),
            _("People choose some services; staff often override their choices."),
            _("People choose among most services, and most choices are honored."),
        ),
        _("People choose among services, and their choices are honored."),
    ),
)

# Both instruments with their items, in the order every sheet, page and report lists them.
INSTRUMENTS = (
    (_("IMR Fidelity Scale"), IMR_FIDELITY_ITEMS),
    (_("General Organizational Index"), GOI_ITEMS),
)

# Every item of both instruments by its number: "1".."13" and "G1".."G12".
ITEM_BY_NUMBER = {item.number: item for item in (*IMR_FIDELITY_ITEMS, *GOI_ITEMS)}
