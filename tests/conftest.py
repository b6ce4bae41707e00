import tempfile

import pytest
from django.conf import settings
from django.test.signals import setting_changed


def pytest_configure(config):
    # Fast and hermetic: hashing a password must not dominate a test's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Stored import uploads go to a folder of this run, not the project's var/.
    imports = settings.STORAGES["imports"]
    imports["OPTIONS"] = {**imports["OPTIONS"], "location": tempfile.mkdtemp(prefix="ledger-test-uploads-")}
    job_files = settings.STORAGES["job_files"]
    job_files["OPTIONS"] = {**job_files["OPTIONS"], "location": tempfile.mkdtemp(prefix="ledger-test-job-files-")}
    # Jobs run at once, inside the request that starts them (tests/jobs also run them with the database
    # backend and a worker); their live progress stays in this process.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # django-tasks read TASKS when the admin's import of transfer.tasks declared them: read it again.
    setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=True)
    settings.CACHES = {**settings.CACHES, "jobs": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(autouse=True)
def _english_free_chinese_default(settings):
    """Tests see the product's default language, Simplified Chinese, unless they switch."""
    settings.LANGUAGE_CODE = "zh-hans"
