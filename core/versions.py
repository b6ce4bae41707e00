"""Numbers that change whenever some data does: what caches of figures computed from that data are keyed by.

    PEOPLE = CacheVersion("volunteers:people-version")
    PEOPLE.changed()            # in the transaction that changes the data
    key = f"...:{PEOPLE.current()}"

The number lives in Django's cache (Redis in production, shared by every worker), not in the
database: a row written by every change would make all writers of the province wait for each
other's commits. It is bumped twice: at once, so that the writing transaction's own next read
misses, and again after the commit, because a reader in another transaction may have computed
from the old data and cached it under the first new number in between. When the cache loses
the key (eviction, a restart) it starts again from the clock, higher than any number before.
"""

import time

from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.connection import ConnectionProxy


class CacheVersion:
    def __init__(self, key, cache_alias="figures"):
        self.key = key
        self.cache = ConnectionProxy(caches, cache_alias)  # CACHES in config/settings.py

    def current(self):
        """The number now; None when the cache keeps nothing (then nothing is cached under it either)."""
        value = self.cache.get(self.key)
        if value is None:
            self.cache.add(self.key, time.time_ns(), timeout=None)
            value = self.cache.get(self.key)
        return value

    def _bump(self):
        try:
            self.cache.incr(self.key)
        except ValueError:  # the key is gone: start again above every number handed out before
            self.cache.add(self.key, time.time_ns(), timeout=None)

    def changed(self, using=None):
        """The data changes in the current transaction: a new number now and another after the commit."""
        self._bump()
        transaction.on_commit(self._bump, using=using)

    def follow(self, *models):
        """Change with every save and delete of ``models`` (bulk writes send no signals: they call ``changed``)."""
        for model in models:
            for signal in (post_save, post_delete):
                signal.connect(
                    self._record_changed, sender=model, dispatch_uid=f"{self.key}:{model._meta.label}:{id(signal)}"
                )

    def _record_changed(self, sender, using=None, **kwargs):
        self.changed(using=using)
