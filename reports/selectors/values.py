"""The values the totals are made of, whichever source they were read from.

``Pair`` is one sum in the current period and in the same period a year earlier: both sources
(``monthly``, ``records``) hand back their rows as the group keys plus one ``Pair`` per sum,
folded together by ``fold``. ``Figure``, ``Totals`` and ``Row`` are what pages, exports, the API
and the command show.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from activities.measures import MEASURES, TOTAL_QUALIFIER

RECORDS = "records"
MEASURE_KEYS = tuple(m.field for m in MEASURES)
# The JSON keys of the totals, in order: the seven core measures (then indicator codes).
CORE_KEYS = MEASURE_KEYS
SORT_KEYS = (RECORDS, *MEASURE_KEYS)

# The two periods of a query, as ``fold`` names them.
CURRENT = "current"
PREVIOUS = "previous"
PERIODS = (CURRENT, PREVIOUS)


@dataclass(frozen=True, slots=True)
class Pair:
    """One sum over the current period and over the same period a year earlier (None: not asked for)."""

    current: object
    previous: object = None


def fold(fetched, keys, sums, periods_of, *, previous=True):
    """Rows of sums as one dict per group of ``keys``: the keys, then each sum of ``sums`` as a ``Pair``.

    ``sums`` are (name, zero) pairs; ``periods_of(row)`` names the periods a fetched row counts
    in (``CURRENT``, ``PREVIOUS`` or both). Every sum starts at its measure's zero, so an empty
    sum (NULL) reads as zero; with ``previous`` false, each ``Pair`` has the current sum alone.
    With no ``keys``, one dict even when nothing matched.
    """
    names = [name for name, _zero in sums]
    zeros = [zero for _name, zero in sums]
    groups = {}
    for found in fetched:
        key = tuple(found[k] for k in keys)
        group = groups.get(key)
        if group is None:
            group = groups[key] = (found, {CURRENT: zeros.copy(), PREVIOUS: zeros.copy()})
        for period in periods_of(found):
            totals = group[1][period]
            for i, (name, zero) in enumerate(sums):
                totals[i] += as_number(found[name], zero)
    if not keys and not groups:
        groups[()] = ({}, {CURRENT: zeros, PREVIOUS: zeros})
    rows = []
    for first, totals in groups.values():
        row = {k: first[k] for k in keys}
        if previous:
            row.update(zip(names, map(Pair, totals[CURRENT], totals[PREVIOUS]), strict=True))
        else:
            row.update(zip(names, map(Pair, totals[CURRENT]), strict=True))
        rows.append(row)
    return rows


def indicator_values(rows, column, indicators):
    """{row[column]: {indicator code: current value}} of rows of indicator id and value, for ``indicators``."""
    codes = {i.pk: i.code for i in indicators}
    result = defaultdict(dict)
    for r in rows:
        value = r["value"].current
        if r["indicator_id"] in codes and value:  # no value and a value of 0 read alike
            result[r[column]][codes[r["indicator_id"]]] = number(value)
    return result


def as_number(value, zero):
    """A sum as read from the database, in the type of its measure (SQLite sums decimals as floats)."""
    if value is None:
        return zero
    if not isinstance(zero, Decimal):
        return int(value)  # PostgreSQL sums bigints as numeric
    if not isinstance(value, Decimal):
        return Decimal(repr(value)).quantize(Decimal("0.01"))
    return value


def number(value):
    """Indicator values are stored with two decimals; whole numbers read better as integers."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


def as_date(value):
    return value.date() if hasattr(value, "date") and callable(value.date) else value


@dataclass
class Figure:
    """One total with the same period a year earlier."""

    key: str
    label: str
    unit: str
    current: object
    previous: object
    decimal_places: int = 0
    is_indicator: bool = False
    qualifier: str = ""  # "" when exact; else how the total is written approximately (余, or one record's own)

    @property
    def approximate(self):
        return bool(self.qualifier)

    @property
    def change(self):
        return self.current - self.previous

    @property
    def change_percent(self):
        """The change in per cent of last year's figure; None when last year had nothing to compare with."""
        if not self.previous:
            return None
        return round(Decimal(self.change) * 100 / Decimal(self.previous), 1)


@dataclass
class Totals:
    records: int
    previous_records: int
    figures: list = field(default_factory=list)  # Figure per core measure, then per indicator
    distinct_volunteers: int | None = None
    previous_distinct_volunteers: int | None = None

    @property
    def volunteers_figure(self):
        """The distinct people who served, as a figure with the year before (the template and exports show it)."""
        return Figure(
            "distinct_volunteers",
            _("Distinct volunteers (from participation records)"),
            _("people"),
            self.distinct_volunteers or 0,
            self.previous_distinct_volunteers or 0,
        )

    @property
    def records_change(self):
        return self.records - self.previous_records

    def by_key(self):
        return {f.key: f for f in self.figures}

    def values(self):
        """{key: current value}: core measures, then every indicator by code."""
        return {f.key: f.current for f in self.figures}


@dataclass
class Row:
    """One line of a breakdown: a key (child region, category, team, month), its label and sums."""

    key: object
    label: str
    values: dict  # records and each core measure (current period)
    previous: dict = field(default_factory=dict)
    indicators: dict = field(default_factory=dict)  # indicator code -> value (only when asked)
    obj: object = None
    is_own: bool = False  # records held directly by the region itself, not by a child
    cells: list = field(default_factory=list)  # the figures as a page shows them (reports.views)

    @property
    def records(self):
        return self.values.get(RECORDS, 0)


@dataclass(frozen=True, slots=True)
class Approximate:
    """One record's figure written approximately: which figure, its qualifier and value, where the record counts."""

    key: str  # a core measure or an indicator code
    qualifier: str
    value: object
    category_id: int
    team_id: int | None
    path: str  # the record's region path
    date: object


def qualifiers_of(approximate, key, **where):
    """The approximate parts (``Approximate``) of figure ``key`` among records matching ``where`` (category_id=…)."""
    return [a for a in approximate if a.key == key and all(getattr(a, f) == v for f, v in where.items())]


def total_qualifier(parts, total):
    """How a total is marked approximate: "" with no approximate part; the one part's own qualifier when the
    total is that part alone (约397636); else 余 (8000余 and 近200 make 8200余)."""
    if not parts:
        return ""
    if len(parts) == 1 and parts[0].value == total:
        return parts[0].qualifier
    return TOTAL_QUALIFIER


def empty_values():
    values = {RECORDS: 0}
    values.update({m.field: m.zero for m in MEASURES})
    return values


def add(target, sums, period=CURRENT):
    """Add one period (``CURRENT`` or ``PREVIOUS``) of a fetched row's ``Pair`` sums to a ``Row``'s dict."""
    for key in target:
        # A zero sum adds as int 0, so a measure with nothing keeps its plain zero (shown "0", not "0.00").
        target[key] += getattr(sums[key], period) or 0
