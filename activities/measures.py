"""The seven core measures every activity carries, defined once, and how an approximate figure is written.

Models, admin columns, totals, imports and exports all read this list, so a
measure is named, bounded, labelled and given its one meaning in one place.

**One meaning per figure.** Each measure counts one thing in one unit (``unit``, ``counts``):
sessions are events held (场次: a meeting, a lecture, an outing — a training *class* of several
days is counted in 期 by the indicator 培训期数 instead); participants, volunteers and people served
are person-times (人次: one person at two events counts twice), never heads; households are
residents' households visited or served (户), not shops or units surveyed; funds are money the
activity spent or invested (元), not loans granted. A figure of another meaning (heads mobilized,
shops surveyed, loans granted, training classes) is an indicator with its own unit, so no total,
table, chart or sentence adds it to one of these.

**Approximate figures.** A figure written 8000余, 约397636, 近万 or 上千 keeps its qualifier beside
the number (``Activity.qualifiers``, ``IndicatorValue.qualifier``); a total with any approximate
part is approximate itself and is written with 余 (8200余人次), as the reports write their sums.
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
    counts: str = ""  # what one unit of it is

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
    Measure(
        "sessions",
        _("sessions"),
        _("sessions"),
        1_000_000,
        counts=_("events held: a meeting, a lecture, a service outing (a training class of several days is 期)"),
    ),
    Measure(
        "participants",
        _("participants"),
        _("person-times"),
        PERSON_TIMES_MAX,
        counts=_("person-times of taking part: one person at two events counts twice"),
    ),
    Measure(
        "volunteers",
        _("volunteers"),
        _("person-times"),
        PERSON_TIMES_MAX,
        counts=_("person-times of volunteers serving, not distinct people"),
    ),
    Measure(
        "volunteer_hours",
        _("volunteer hours"),
        _("hours"),
        PERSON_TIMES_MAX,
        decimal_places=1,
        counts=_("hours of volunteer service, added over every volunteer"),
    ),
    Measure(
        "people_served",
        _("people served"),
        _("person-times"),
        PERSON_TIMES_MAX,
        counts=_("person-times of residents served"),
    ),
    Measure(
        "households",
        _("households visited or served"),
        _("households"),
        10_000_000,
        counts=_("residents' households visited or served, not shops or units surveyed"),
    ),
    Measure(
        "funds",
        _("funds invested"),
        _("yuan"),
        100_000_000_000,
        decimal_places=2,
        counts=_("money spent or invested, not loans granted"),
    ),
)
MEASURE_FIELDS = tuple(m.field for m in MEASURES)
MEASURES_BY_FIELD = {m.field: m for m in MEASURES}


# ---------------------------------------------------------------- qualifiers

# How people mark a figure as approximate, as the reports write them: before the number
# (约397636, 近万, 上千, 超过500) or after it (8000余, 1100多, 500左右, 300以上).
PREFIX_QUALIFIERS = ("大约", "将近", "接近", "超过", "约", "近", "上", "逾", "超")
SUFFIX_QUALIFIERS = ("余", "多", "左右", "以上")
QUALIFIERS = (*PREFIX_QUALIFIERS, *SUFFIX_QUALIFIERS)
# A total with an approximate part: "8000余" and "近200" add up to "8200余".
TOTAL_QUALIFIER = "余"


def qualified(text, qualifier):
    """A written number with its qualifier where people put it: ("8000", "余") -> "8000余", ("1万", "近") -> "近1万"."""
    if not qualifier:
        return text
    if qualifier in PREFIX_QUALIFIERS:
        return f"{qualifier}{text}"
    return f"{text}{qualifier}"


def parse_qualifiers(text):
    """The stored form "participants=余;people_served=约" as {"participants": "余", "people_served": "约"}."""
    result = {}
    for part in (text or "").split(";"):
        field, _sep, qualifier = part.partition("=")
        if field in MEASURES_BY_FIELD and qualifier in QUALIFIERS:
            result[field] = qualifier
    return result


def format_qualifiers(qualifiers):
    """{"people_served": "约", "participants": "余"} as stored: in the measures' order, "" for none."""
    return ";".join(f"{m.field}={qualifiers[m.field]}" for m in MEASURES if qualifiers.get(m.field))
