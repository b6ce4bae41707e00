"""Files a job wrote for its owner (a large export), in the private ``job_files`` storage.

Written 0600 in a 0700 folder like the import uploads (people lists carry ID numbers); served only to
the job's owner (``views.download``); deleted after ``JOB_FILE_MAX_AGE`` seconds, on the next job
file and by ``manage.py purge_uploads``.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.utils import timezone

DEFAULT_MAX_AGE = 24 * 3600


def storage():
    return storages["job_files"]


def save(job, handle):
    """Store the open file ``handle`` for ``job``; the stored name."""
    purge()
    return storage().save(f"{job.pk}-{uuid.uuid4().hex}", File(handle))


def purge(*, older_than=None):
    """Delete job files older than ``older_than`` seconds (``JOB_FILE_MAX_AGE``); how many."""
    store = storage()
    age = getattr(settings, "JOB_FILE_MAX_AGE", DEFAULT_MAX_AGE) if older_than is None else older_than
    limit = timezone.now() - timedelta(seconds=age)
    try:
        _folders, names = store.listdir("")
    except FileNotFoundError:
        return 0
    removed = 0
    for name in names:
        try:
            if store.get_modified_time(name) < limit:
                store.delete(name)
                removed += 1
        except FileNotFoundError:
            pass  # removed meanwhile
    return removed
