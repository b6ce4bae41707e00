import pytest
from django.conf import settings


def pytest_configure(config):
    # Fast and hermetic: hashing a password must not dominate a test's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_free_chinese_default(settings):
    """Tests see the product's default language, Simplified Chinese, unless they switch."""
    settings.LANGUAGE_CODE = "zh-hans"
