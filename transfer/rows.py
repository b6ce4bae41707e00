"""The row types every import shares: a data row on its way through a kind, and what an import says about a row."""

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str
    sheet: str = ""

    def __str__(self):
        if self.sheet:
            return _("Sheet “%(sheet)s”, %(error)s") % {
                "sheet": self.sheet,
                "error": str(RowError(self.row, self.column, self.message)),
            }
        if self.column:
            return _("Row %(row)d, column “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)d: %(message)s") % {"row": self.row, "message": self.message}


class Row:
    """One data row of the file: its number, parsed values, failures and what the kind found.

    Every attribute a kind may set is declared here (``__slots__``): nothing else can be attached to a row.
    """

    __slots__ = (
        # From the file
        "number",  # the row's number in the file (per sheet, offset by the importer)
        "values",  # field -> parsed value
        "present",  # the fields the file has a column for
        "failed",
        "headers",  # field -> the file's header, for messages
        "sink",  # receives each RowError
        # Every kind
        "obj",  # the matched stored record, or the new one being written
        "region",  # the resolved region record (RegionIndex), when the kind has a region column
        "action",  # history Action of the write: CREATE, UPDATE, or None when nothing changed
        "before",  # the record's snapshot before an update, for history
        # Organizations and teams (coded records)
        "ref_id",  # the resolved parent organization / organization
        "ref_later",  # the reference names a record of an earlier row of this chunk: resolved at write time
        # People
        "team_ids",  # teams named in 所属队伍
        # Activities
        "category_id",
        "organization_id",
        "team_id",
        "pairing_id",  # the pairing (结对) the activity was done under
        "indicator_changes",
        "pk",  # the written activity's id, for its indicator values
        # Participation
        "activity",
        "person",
        # Users
        "role",  # the role group
        "region_ids",  # the regions of 区域, resolved inside the importer's scope
        # Regional kinds
        "refs",  # column -> the resolved primary key, then (when written) the record
        "election",  # office holders: the organization's election of 换届日期
        "item",  # assessment scores: the item of the named assessment
        "scheme",  # star ratings: the named assessment
        "survey",  # suggestions: the survey named in 所属调查
        "pool",  # talent pool members: the pool, when it is stored already
    )

    def __init__(self, number, present, headers, sink):
        self.number, self.present, self.headers, self.sink = number, present, headers, sink
        self.values, self.failed, self.obj, self.region, self.action, self.before = {}, False, None, None, None, None
        self.ref_id = self.ref_later = self.team_ids = self.category_id = self.organization_id = None
        self.team_id = self.indicator_changes = self.pk = self.activity = self.person = None
        self.role = self.region_ids = self.refs = None
        self.election = self.item = self.scheme = self.survey = self.pool = self.pairing_id = None

    def fail(self, field_name, message):
        self.failed = True
        self.sink(RowError(self.number, self.headers.get(field_name, field_name), str(message)))
