"""What to add up (``TotalsQuery``: scope, region subtree, period, filters) and which source can answer it.

Shared by both sources: the query's conditions on an activity (``monthly`` and ``records`` read
them alike), the date ranges of its two periods, and ``find_rolled_up_regions``, which decides
whether the monthly totals can serve the query at all (the package's ``rolled_up_regions``).
"""

import datetime
from dataclasses import dataclass, replace
from functools import cached_property

from django.db.models import Q

from accounts.scope import OPERATOR
from activities.models import ROLLUP_LEVELS, Activity, Status
from communities.models import Region

from ..periods import Period

ONE_DAY = datetime.timedelta(days=1)
REGION_FIELDS = ("id", "code", "name", "path", "full_name", "level")


# Every region: the scope of ``manage.py totals`` without ``--user`` and of the benchmarks (the operator's).
UNSCOPED = OPERATOR


@dataclass(frozen=True)
class TotalsQuery:
    """What to add up: a scope, a region subtree (None: all of a global scope), a period and optional filters."""

    scope: object
    region: Region | None
    period: Period
    category: object = None
    team: object = None
    organization: object = None
    include_submitted: bool = False

    @property
    def previous(self):
        return self.period.year_earlier()

    @property
    def statuses(self):
        return [Status.APPROVED, Status.SUBMITTED] if self.include_submitted else [Status.APPROVED]

    def activity_q(self, prefix="", periods=None):
        """The conditions on an activity (reached through ``prefix``) for the given periods (default: current)."""
        q = self.scope.q(f"{prefix}region__path")
        if self.region is not None:
            q &= Q(**{f"{prefix}region__path__startswith": self.region.path})
        q &= Q(**{f"{prefix}status__in": self.statuses})
        for name in ("category", "team", "organization"):
            value = getattr(self, name)
            if value is not None:
                q &= Q(**{f"{prefix}{name}": value})
        return q & dates_q(periods or [self.period], prefix)

    def both_periods_q(self, prefix=""):
        """``activity_q`` for the current period and the same period a year earlier."""
        return self.activity_q(prefix, [self.period, self.previous])

    def activities(self):
        """The records behind the current period's figures (what the records list shows)."""
        return Activity.objects.filter(self.activity_q())

    def with_region(self, region):
        return replace(self, region=region)

    @cached_property
    def rollup_regions(self):
        """Worked out once per query: every selector of a page asks (see ``rolled_up_regions``)."""
        return find_rolled_up_regions(self)


def dates_q(periods, prefix="", *, rolled_up=False):
    """``date`` in any of ``periods``; two adjacent or overlapping periods become one range (one index scan)."""
    periods = sorted(periods, key=lambda p: p.start)
    ranges = []
    for period in periods:
        if ranges and period.start <= ranges[-1][1] + ONE_DAY:
            ranges[-1][1] = max(ranges[-1][1], period.end)
        else:
            ranges.append([period.start, period.end])
    date = "month" if rolled_up else f"{prefix}date"
    q = Q()
    for start, end in ranges:
        q |= Q(**{f"{date}__gte": start, f"{date}__lte": end})
    return q


def in_period(period, date="date"):
    """``date`` (a field path) within ``period``."""
    return Q(**{f"{date}__gte": period.start, f"{date}__lte": period.end})


def within(day, period):
    return period.start <= day <= period.end


def whole_months(period):
    return period.start.day == 1 and (period.end + ONE_DAY).day == 1


def find_rolled_up_regions(query):
    """The regions whose monthly totals add up to the query's subtree; None when the records must be added up.

    ``activities.rollups`` keeps monthly totals for provinces, cities and districts, per
    month, status and category. A filter by team or organizing unit, or a period that is
    not made of whole months, needs the records themselves.
    """
    if query.team is not None or query.organization is not None:
        return None
    if not (whole_months(query.period) and whole_months(query.previous)):
        return None
    if query.region is not None:
        tops = [query.region]
    elif query.scope.is_global:
        tops = children_of(query)  # the roots: their subtrees never overlap
    else:
        return None
    if tops and all(region.level in ROLLUP_LEVELS for region in tops):
        return tops
    return None


def children_of(query):
    """The child regions the breakdown ranks: the region's children, or the scope's top regions (or the roots)."""
    if query.region is not None:
        return list(Region.objects.children_of(query.region).only(*REGION_FIELDS))
    if query.scope.is_global:
        return list(Region.objects.roots().order_by("name", "pk").only(*REGION_FIELDS))
    return list(Region.objects.filter(pk__in=[r.pk for r in query.scope.regions]).order_by("name", "pk"))
