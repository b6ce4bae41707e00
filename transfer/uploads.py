"""Uploads kept between an import's preview and its confirm, in the ``imports`` storage.

The storage is Django's (``STORAGES["imports"]``): by default a private folder under ``var/``
(``IMPORT_UPLOAD_ROOT``), files written 0600 in a 0700 folder — people files hold ID numbers.
A file is deleted after its confirmed import, when its preview could not read it, and at the
latest after ``IMPORT_UPLOAD_MAX_AGE`` seconds (a day): ``purge`` runs on every upload and as
``manage.py purge_uploads``.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import storages
from django.utils import timezone

DEFAULT_MAX_AGE = 24 * 3600


def storage():
    return storages["imports"]


def max_age():
    return getattr(settings, "IMPORT_UPLOAD_MAX_AGE", DEFAULT_MAX_AGE)


def store(upload):
    """Save ``upload`` under a random name; the name."""
    purge()
    return storage().save(uuid.uuid4().hex, upload)


def exists(name):
    return bool(name) and "/" not in name and storage().exists(name)


def open_stored(name):
    return storage().open(name, "rb")


def delete(name):
    storage().delete(name)


def purge(*, older_than=None):
    """Delete stored uploads older than ``older_than`` seconds (``IMPORT_UPLOAD_MAX_AGE``); how many."""
    store_ = storage()
    limit = timezone.now() - timedelta(seconds=max_age() if older_than is None else older_than)
    try:
        _folders, names = store_.listdir("")
    except FileNotFoundError:
        return 0
    removed = 0
    for name in names:
        try:
            if store_.get_modified_time(name) < limit:
                store_.delete(name)
                removed += 1
        except FileNotFoundError:
            pass  # another request removed it first
    return removed
