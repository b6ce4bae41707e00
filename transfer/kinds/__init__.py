"""The importable lists, one module per kind: their columns, how rows resolve, match and write, and how they export.

``base`` holds the ``Kind`` class (every hook the importer calls, with its default) and the row messages both
activity paths give; ``coded`` what organizations and teams share; ``regional`` what the regional
Party-building kinds share (every write through ``regional``'s services: units (named or counted), members,
pairings, the three lists, unit reporting, elections, office holders, assessments with their items, scores and
star ratings, supervision checks, talent pools and their members, surveys, suggestions).
"""

from .activities import ACTIVITY_CONTENT, Activities
from .assessment import AssessmentItems, AssessmentRatings, AssessmentScores, SupervisionChecks
from .base import (
    APPROVE_PERMISSION,
    START_AFTER_DATE,
    Kind,
    category_unknown,
    external_id_outside,
    field_of,
    row_repeats,
    row_same_record,
)
from .coded import org_resolver, team_resolver
from .committee_members import CommitteeMembers
from .elections import Elections, OfficeHolders
from .list_projects import ListProjects
from .member_units import MemberUnits
from .needs import Needs
from .organizations import Organizations
from .pairings import Pairings
from .participation import Participations
from .people import People
from .regions import Regions
from .resources import Resources
from .surveys import Suggestions, Surveys
from .talent_pools import TalentPoolMembers, TalentPools
from .teams import Teams
from .unit_counts import UnitCounts
from .unit_reporting import UnitReportings
from .users import Users

# Regional Party-building's lists (regional's services write them): units (named, and counted), their members,
# pairings, the three lists, the unit reporting register, elections and office holders, assessments (their items,
# scores and star ratings) and supervision checks, talent pools and their members, surveys and suggestions.
REGIONAL_KINDS = (
    MemberUnits,
    UnitCounts,
    CommitteeMembers,
    Pairings,
    Resources,
    Needs,
    ListProjects,
    UnitReportings,
    Elections,
    OfficeHolders,
    AssessmentItems,
    AssessmentScores,
    AssessmentRatings,
    SupervisionChecks,
    TalentPools,
    TalentPoolMembers,
    Surveys,
    Suggestions,
)
KINDS = {
    kind.name: kind
    for kind in (Regions, Organizations, Teams, People, Activities, Participations, Users, *REGIONAL_KINDS)
}

__all__ = [
    "ACTIVITY_CONTENT",
    "APPROVE_PERMISSION",
    "KINDS",
    "START_AFTER_DATE",
    "Activities",
    "AssessmentItems",
    "AssessmentRatings",
    "AssessmentScores",
    "CommitteeMembers",
    "Elections",
    "ListProjects",
    "MemberUnits",
    "Needs",
    "Kind",
    "OfficeHolders",
    "Organizations",
    "Pairings",
    "Participations",
    "People",
    "REGIONAL_KINDS",
    "Regions",
    "Resources",
    "Suggestions",
    "SupervisionChecks",
    "Surveys",
    "TalentPoolMembers",
    "TalentPools",
    "Teams",
    "UnitCounts",
    "UnitReportings",
    "Users",
    "category_unknown",
    "external_id_outside",
    "field_of",
    "org_resolver",
    "row_repeats",
    "row_same_record",
    "team_resolver",
]
