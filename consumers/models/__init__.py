from consumers.models.organisation import (
    AGENCY_ROLES,
    PROGRAM_ROLES,
    Agency,
    Membership,
    Program,
    Role,
)
from consumers.models.records import Consumer

__all__ = [
    "AGENCY_ROLES",
    "PROGRAM_ROLES",
    "Agency",
    "Consumer",
    "Membership",
    "Program",
    "Role",
]
