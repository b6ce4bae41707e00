import tempfile

import pytest
from django.conf import settings


def pytest_configure(config):
    # Fast and hermetic: hashing a password must not dominate a test's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Stored import uploads go to a folder of this run, not the project's var/.
    imports = settings.STORAGES["imports"]
    imports["OPTIONS"] = {**imports["OPTIONS"], "location": tempfile.mkdtemp(prefix="ledger-test-uploads-")}


@pytest.fixture(autouse=True)
def _english_free_chinese_default(settings):
    """Tests see the product's default language, Simplified Chinese, unless they switch."""
    settings.LANGUAGE_CODE = "zh-hans"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with nothing cached: figures cached by one test's records never reach another's."""
    from django.core.cache import cache

    cache.clear()
