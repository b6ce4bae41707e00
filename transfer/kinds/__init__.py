"""The importable lists, one module per kind: their columns, how rows resolve, match and write, and how they export.

``base`` holds the ``Kind`` class (every hook the importer calls, with its default) and the row messages both
activity paths give; ``coded`` what organizations and teams share.
"""

from .activities import ACTIVITY_CONTENT, Activities
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
from .organizations import Organizations
from .participation import Participations
from .people import People
from .regions import Regions
from .teams import Teams
from .users import Users

KINDS = {kind.name: kind for kind in (Regions, Organizations, Teams, People, Activities, Participations, Users)}

__all__ = [
    "ACTIVITY_CONTENT",
    "APPROVE_PERMISSION",
    "KINDS",
    "START_AFTER_DATE",
    "Activities",
    "Kind",
    "Organizations",
    "Participations",
    "People",
    "Regions",
    "Teams",
    "Users",
    "category_unknown",
    "external_id_outside",
    "field_of",
    "org_resolver",
    "row_repeats",
    "row_same_record",
    "team_resolver",
]
