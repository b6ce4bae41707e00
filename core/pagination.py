"""Pagination for admin lists of large tables."""

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedCountPaginator(Paginator):
    """A paginator that counts at most ``ADMIN_COUNT_LIMIT`` rows.

    On a million-row table an exact COUNT(*) on every page load costs more than
    the page itself; ``SELECT COUNT(*) FROM (... LIMIT n)`` stops early. When the
    cap is hit, ``capped`` is true and the template says "more than n".
    """

    @cached_property
    def limit(self):
        return settings.ADMIN_COUNT_LIMIT

    @cached_property
    def count(self):
        object_list = self.object_list
        if hasattr(object_list, "query"):
            return object_list[: self.limit + 1].count()
        return len(object_list)

    @property
    def capped(self):
        return self.count > self.limit
