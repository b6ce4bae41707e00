"""A number that changes whenever the monthly totals do: what caches of figures are keyed by.

``activities.rollups`` calls ``changed()`` with every write to the monthly totals, and every change
of a counted record's figures writes them (every write path brackets its change with the
rollups), so a figure cached under ``current()`` is never served after the records behind it
changed. ``reports.cache`` keys the dashboard's and the API's figures with it.

The number lives in Django's cache (Redis in production, shared by every worker), not in the
database: a row written by every change would make all writers of the province wait for each
other's commits. It is bumped twice: at once, so that the writing transaction's own next read
misses, and again after the commit, because a reader in another transaction may have added up
the old records and cached them under the first new number in between. When the cache loses
the key (eviction, a restart) it starts again from the clock, higher than any number before.
"""

import time

from django.core.cache import caches
from django.db import transaction
from django.utils.connection import ConnectionProxy

cache = ConnectionProxy(caches, "figures")  # the figures' cache (CACHES in config/settings.py)
KEY = "activities:totals-version"


def current():
    """The number now; None when the cache keeps nothing (then nothing is cached under it either)."""
    value = cache.get(KEY)
    if value is None:
        cache.add(KEY, time.time_ns(), timeout=None)
        value = cache.get(KEY)
    return value


def _bump():
    try:
        cache.incr(KEY)
    except ValueError:  # the key is gone: start again above every number handed out before
        cache.add(KEY, time.time_ns(), timeout=None)


def changed(using=None):
    """The monthly totals change in the current transaction: a new number now and another after the commit."""
    _bump()
    transaction.on_commit(_bump, using=using)
