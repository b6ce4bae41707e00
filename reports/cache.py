"""The dashboard's and the API's figures kept in Django's cache until the monthly totals change.

Fifty people opening their dashboards ask for the same few regions and periods again and
again, and between two changes of the records every answer is the same. ``figures`` keeps what
a computation returned under a key made of:

- the **totals version** (``activities.totals_version``), which every write to the monthly
  totals changes, and every change of a counted record writes them: an approval, an edit, a
  return, an import, a participation record, a region move. A figure is never served once the
  records behind it changed, on any source (the monthly totals or the records themselves);
- what the figures are of: the scope (its top regions, or "all"), the region, both periods, the
  category, team and organization filters, whether submitted records count, the language (the
  API's labels are words), and what the caller adds (the API's ``by``).

Names shown beside the figures (a region, category, team or indicator renamed) are kept as they
were for ``REPORTS_CACHE_SECONDS`` at most. Without a shared cache (``CACHE_URL`` unset with
DEBUG off) nothing is kept and every answer is computed.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.utils import translation
from django.utils.connection import ConnectionProxy

from activities import totals_version

cache = ConnectionProxy(caches, "figures")  # CACHES in config/settings.py


def _what(query, extra):
    scope = query.scope
    regions = "all" if scope.is_global else ",".join(str(r.pk) for r in scope.regions)
    region = f"{query.region.pk}:{query.region.path}" if query.region is not None else "-"
    filters = [getattr(getattr(query, name), "pk", None) for name in ("category", "team", "organization")]
    period, previous = query.period, query.previous
    return repr(
        (
            regions,
            region,
            period.start,
            period.end,
            previous.start,
            previous.end,
            filters,
            query.include_submitted,
            translation.get_language(),
            extra,
        )
    )


def key(name, query, *extra, version=None):
    """The cache key of ``name``'s figures for ``query`` (a ``TotalsQuery``) at ``version`` (default: now)."""
    version = totals_version.current() if version is None else version
    digest = hashlib.sha256(_what(query, extra).encode()).hexdigest()[:32]
    return f"reports:{name}:{version}:{digest}"


def figures(name, query, compute, *extra, version=totals_version.TOTALS):
    """``compute()``'s result for ``query``, from the cache when the records have not changed since.

    ``version``: what changes with the data behind the figures (a ``core.versions.CacheVersion``): by default
    the monthly totals' version; the figures of participation alone pass ``totals_version.SERVICES``.
    """
    number = version.current()
    if number is None:  # no cache to keep anything in
        return compute()
    cache_key = key(name, query, *extra, version=number)
    found = cache.get(cache_key)
    if found is None:
        found = compute()
        cache.set(cache_key, found, settings.REPORTS_CACHE_SECONDS)
    return found
