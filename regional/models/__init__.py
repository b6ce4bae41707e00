"""Regional Party-building (区域化党建): the models, one module per group (see docs/regional.md)."""

from .committees import (
    COMMITTEE_KINDS,
    SIDE_LINKS,
    STEP_DATE,
    STEP_ORDER,
    CommitteeMembership,
    CommitteeRole,
    MemberUnit,
    Pairing,
    PairingKind,
    PartyKind,
    Step,
    UnitKind,
)
from .lists import ListProject, ListProjectStatus, Need, NeedStatus, Resource

__all__ = [
    "COMMITTEE_KINDS",
    "SIDE_LINKS",
    "STEP_DATE",
    "STEP_ORDER",
    "CommitteeMembership",
    "CommitteeRole",
    "ListProject",
    "ListProjectStatus",
    "MemberUnit",
    "Need",
    "NeedStatus",
    "Pairing",
    "PairingKind",
    "PartyKind",
    "Resource",
    "Step",
    "UnitKind",
]
