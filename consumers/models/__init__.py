from consumers.models.assessments import (
    AnswerLink,
    ImrScaleAdministration,
    KnowledgeSkillsInventory,
    TopicProgress,
)
from consumers.models.events import ChartEvent, SafetyNote
from consumers.models.goals import Goal, GoalReview, GoalStep
from consumers.models.organisation import (
    AGENCY_ROLES,
    PROGRAM_ROLES,
    Agency,
    CalendarFeed,
    Membership,
    Program,
    Role,
)
from consumers.models.plans import Plan, PlanVersion
from consumers.models.records import Consumer, StatusChange
from consumers.models.signatures import PersonSignature, PlanSignature
from consumers.models.supporters import Supporter, SupporterContact

__all__ = [
    "AnswerLink",
    "AGENCY_ROLES",
    "PROGRAM_ROLES",
    "Agency",
    "CalendarFeed",
    "ChartEvent",
    "Consumer",
    "Goal",
    "GoalReview",
    "GoalStep",
    "ImrScaleAdministration",
    "KnowledgeSkillsInventory",
    "Membership",
    "Plan",
    "PersonSignature",
    "PlanSignature",
    "PlanVersion",
    "Program",
    "Role",
    "SafetyNote",
    "StatusChange",
    "Supporter",
    "SupporterContact",
    "TopicProgress",
]
