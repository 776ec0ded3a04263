"""The items of the IMR Fidelity Scale and the General Organizational Index (our wording).

Item names and numbers are the instruments'; the descriptions paraphrase what a
rating of 5 looks like. Scoring and the ratings estimated from logged data
follow with the fidelity reviews.
"""

from dataclasses import dataclass

# The common percentage bands of the fidelity scale: 1 under 20%, 2 for 20-39%,
# 3 for 40-69%, 4 for 70-89%, 5 for 90% or more.
PERCENT_BANDS = ((90, 5), (70, 4), (40, 3), (20, 2), (0, 1))


@dataclass(frozen=True)
class Item:
    number: str
    name: str
    top_anchor: str


IMR_FIDELITY_ITEMS = (
    Item(
        "1",
        "Number of people in a session or group",
        "Every session is individual, or groups have 8 or fewer people.",
    ),
    Item(
        "2",
        "Program length",
        "People get at least 3 months of weekly sessions, or the same amount spread out.",
    ),
    Item(
        "3",
        "Comprehensiveness of the curriculum",
        "The materials cover at least 9 of the 10 topics.",
    ),
    Item("4", "Provision of educational handouts", "Everyone in the program receives handouts."),
    Item(
        "5",
        "Involvement of significant others",
        "At least one IMR-related contact with a supporter in the last month, "
        "or a supporter helps with the person's goals.",
    ),
    Item(
        "6",
        "IMR goal setting",
        "People have at least one personal goal on the chart that is realistic, measurable, "
        "their own, about recovery and linked to the IMR plan.",
    ),
    Item(
        "7",
        "IMR goal follow-up",
        "Practitioners and people follow up goals together, at least monthly.",
    ),
    Item(
        "8", "Motivation-based strategies", "Sessions use at least one motivation-based strategy."
    ),
    Item(
        "9",
        "Educational techniques",
        "Sessions use at least one educational technique: interactive teaching, checking "
        "understanding, breaking information down, reviewing.",
    ),
    Item(
        "10",
        "Cognitive-behavioral techniques",
        "Sessions use at least one of reinforcement, shaping, modeling, role playing, "
        "cognitive restructuring, relaxation training.",
    ),
    Item(
        "11",
        "Coping skills training",
        "All practitioners know its principles and use it regularly.",
    ),
    Item(
        "12",
        "Relapse prevention training",
        "All practitioners know it and use it regularly; charts hold relapse prevention plans.",
    ),
    Item(
        "13",
        "Behavioral tailoring for medication",
        "All practitioners know it and teach or reinforce it regularly.",
    ),
)

GOI_ITEMS = (
    Item(
        "G1",
        "Program philosophy",
        "The program holds a clear philosophy that fits the practice, seen in staff, "
        "materials and the people served.",
    ),
    Item(
        "G2",
        "Eligibility and client identification",
        "Everyone who is eligible is screened or told about the practice.",
    ),
    Item("G3", "Penetration", "More than 80% of eligible people receive the practice."),
    Item("G4", "Assessment", "Everyone has a full, standard assessment, updated regularly."),
    Item(
        "G5",
        "Individualized treatment plan",
        "Everyone has a plan with their own goals, reviewed regularly.",
    ),
    Item("G6", "Individualized treatment", "Services follow each person's plan and goals."),
    Item(
        "G7",
        "Training",
        "All new practitioners get standard training in the practice, with refreshers.",
    ),
    Item(
        "G8",
        "Supervision",
        "Practitioners get weekly, structured supervision about the practice and outcomes.",
    ),
    Item(
        "G9",
        "Process monitoring",
        "Fidelity is measured with a standard tool at least every 6 months.",
    ),
    Item(
        "G10",
        "Outcome monitoring",
        "Standard outcomes are measured for everyone at least quarterly and shared with staff.",
    ),
    Item(
        "G11",
        "Quality assurance",
        "A committee or process reviews the practice regularly and acts on what it finds.",
    ),
    Item(
        "G12",
        "Client choice regarding service provision",
        "People choose among services, and their choices are honored.",
    ),
)

# Total-score bands on the KIT's score sheet for the 13-item scale (13-65).
FIDELITY_TOTAL_BANDS = ((58, "Good implementation"), (47, "Fair implementation"), (13, "Not IMR"))
