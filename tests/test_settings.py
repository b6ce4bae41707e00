"""Settings come from the environment and refuse unsafe or malformed values."""

import os
import subprocess
import sys
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-real-production-key-" + "x" * 40,
    "ALLOWED_HOSTS": "ledger.example.org",
}


def manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


class SettingsTests(SimpleTestCase):
    def test_production_refuses_to_start_without_a_secret_key(self):
        result = manage("check", DEBUG="0", ALLOWED_HOSTS="ledger.example.org")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY must be set when DEBUG is off", result.stderr)

    def test_production_settings_pass_the_deploy_check_without_warnings(self):
        result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
        self.assertEqual(result.returncode, 0, result.stderr + result.stdout)
        self.assertIn("no issues", result.stdout)

    def test_a_malformed_boolean_is_a_clear_error(self):
        result = manage("check", DEBUG="maybe")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DEBUG must be one of", result.stderr)

    def test_a_malformed_database_url_is_a_clear_error(self):
        result = manage("check", DATABASE_URL="nosuchdb://x")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DATABASE_URL is not a valid database URL", result.stderr)

    def test_a_malformed_cache_url_is_a_clear_error(self):
        result = manage("check", CACHE_URL="memcached://x")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("CACHE_URL must be redis://host:port/db, db, locmem or none", result.stderr)
