"""Reporting periods: a year, a quarter, a month or a custom range, and the same period a year earlier."""

import calendar
import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from communities.models import add_years

YEAR, QUARTER, MONTH, CUSTOM = "year", "quarter", "month", "custom"
KINDS = ((YEAR, _("Year")), (QUARTER, _("Quarter")), (MONTH, _("Month")), (CUSTOM, _("Custom range")))


@dataclass(frozen=True)
class Period:
    """A closed date range [start, end]; a record counts in it when its (end) date lies inside."""

    start: datetime.date
    end: datetime.date
    kind: str = CUSTOM

    @classmethod
    def year(cls, year):
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31), YEAR)

    @classmethod
    def quarter(cls, year, quarter):
        first = 3 * (quarter - 1) + 1
        last = first + 2
        return cls(
            datetime.date(year, first, 1), datetime.date(year, last, calendar.monthrange(year, last)[1]), QUARTER
        )

    @classmethod
    def month(cls, year, month):
        return cls(
            datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1]), MONTH
        )

    def year_earlier(self):
        """The same period one year earlier (29 February falls back to the 28th)."""
        end = add_years(self.end, -1)
        if self.kind in (YEAR, QUARTER, MONTH):
            # Whole months stay whole months: February 2024 a year earlier ends on the 28th.
            end = end.replace(day=calendar.monthrange(end.year, end.month)[1])
        return Period(add_years(self.start, -1), end, self.kind)

    def months(self):
        """The first day of every month the period touches, in order."""
        day = self.start.replace(day=1)
        while day <= self.end:
            yield day
            day = (day + datetime.timedelta(days=32)).replace(day=1)

    def in_progress(self, today=None):
        return self.end >= (today or datetime.date.today())

    def describe(self):
        """The period as the reports write it: 2021年, 2021年第三季度, 2021年9月, 2021年1月1日至9月30日."""
        start, end = self.start, self.end
        if self.kind == YEAR:
            return f"{start.year}年"
        if self.kind == QUARTER:
            return f"{start.year}年第{'一二三四'[(start.month - 1) // 3]}季度"
        if self.kind == MONTH:
            return f"{start.year}年{start.month}月"
        if start == end:
            return f"{start.year}年{start.month}月{start.day}日"
        tail = f"{end.month}月{end.day}日" if end.year == start.year else f"{end.year}年{end.month}月{end.day}日"
        return f"{start.year}年{start.month}月{start.day}日至{tail}"

    def __str__(self):
        return self.describe()
