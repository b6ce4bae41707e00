"""The seven core measures every activity carries, defined once.

Models, admin columns, totals, imports and exports all read this list, so a
measure is named, bounded and labelled in one place.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Measure:
    field: str
    label: str
    unit: str
    maximum: int
    decimal_places: int = 0

    @property
    def is_decimal(self):
        return self.decimal_places > 0

    @property
    def zero(self):
        return Decimal(0) if self.is_decimal else 0


# Upper bounds reject typing slips (an extra few zeros), not real summaries: the
# largest figures in the reports are 397,636 people served and 36,200,000 yuan.
PERSON_TIMES_MAX = 100_000_000
MEASURES = (
    Measure("sessions", _("sessions"), _("sessions"), 1_000_000),
    Measure("participants", _("participants"), _("person-times"), PERSON_TIMES_MAX),
    Measure("volunteers", _("volunteers"), _("person-times"), PERSON_TIMES_MAX),
    Measure("volunteer_hours", _("volunteer hours"), _("hours"), PERSON_TIMES_MAX, decimal_places=1),
    Measure("people_served", _("people served"), _("person-times"), PERSON_TIMES_MAX),
    Measure("households", _("households"), _("households"), 10_000_000),
    Measure("funds", _("funds"), _("yuan"), 100_000_000_000, decimal_places=2),
)
MEASURE_FIELDS = tuple(m.field for m in MEASURES)
MEASURES_BY_FIELD = {m.field: m for m in MEASURES}
