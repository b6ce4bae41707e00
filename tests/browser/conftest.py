"""Headless Chromium against pytest-django's live server.

One browser per test session (starting it costs about a second); a fresh context,
so fresh cookies and storage, per test. Every test here is marked ``browser``, so
``-m "not browser"`` leaves them out.

Screenshots go to ``test-artifacts/screenshots/<test name>/<NN>-<step>.png`` at
the repository root (git-ignored): ``shot("step")`` takes one, and a failing
test gets one of the page as it was when it failed.
"""

import importlib
import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests run as root in containers, where the sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Hermetic: no update checks, component downloads or sync traffic.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MISSING_BROWSER = (
    f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium; "
    "never `playwright install`, which downloads a browser of its own)"
)
HERE = Path(__file__).resolve().parent

_call_report = pytest.StashKey()
_screenshots = pytest.StashKey()


def browser_required():
    return os.environ.get("REQUIRE_BROWSER", "").strip() == "1"


def pytest_collection_modifyitems(config, items):
    # A conftest's collection hook sees the whole session's items, not only this directory's.
    mine = [item for item in items if HERE in item.path.parents]
    missing = not os.access(CHROMIUM, os.X_OK)
    for item in mine:
        item.add_marker(pytest.mark.browser)
        if missing and not browser_required():
            item.add_marker(pytest.mark.skip(reason=MISSING_BROWSER))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        # Read by the ``page`` fixture's teardown, which runs after this report is made.
        item.stash[_call_report] = report
    return report


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        # Only reached with REQUIRE_BROWSER=1 (CI); otherwise the tests were skipped at collection.
        pytest.fail(f"REQUIRE_BROWSER=1, but {MISSING_BROWSER}.", pytrace=False)

    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop "running" in the test thread from
    # start to stop, and Django refuses ORM calls from such a thread
    # (SynchronousOnlyOperation) -- including pytest-django's flush between tests. The
    # tests only use the ORM synchronously, between browser steps, so the check is
    # moot; the variable must live as long as Playwright does. Later tests in the same
    # session inherit it: one that runs `manage.py check --deploy` must drop it.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            # No --user-data-dir: Playwright gives every launch a fresh temporary profile and removes it.
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


class Screenshots:
    """``shot("step")`` saves a full-page PNG numbered in the order the steps were taken."""

    def __init__(self, page, directory):
        self.page = page
        self.directory = directory
        self.taken = 0

    def __call__(self, step):
        self.taken += 1
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{self.taken:02d}-{_slug(step)}.png"
        self.page.screenshot(path=path, full_page=True)
        return path


def _slug(text):
    return re.sub(r"[^\w.-]+", "_", text).strip("_") or "step"


def restore_reference_data():
    """Put back the rows the data migrations made (roles, default categories, evidence kinds, star levels).

    The live server needs a transactional database, and every transactional test's flush
    empties every table, these rows included; the tests that run after one must not
    depend on the order they run in.
    """
    from django.apps import apps

    from accounts.roles import sync_roles

    sync_roles(apps)
    importlib.import_module("activities.migrations.0003_default_categories").create_categories(apps, None)
    importlib.import_module("volunteers.migrations.0006_default_star_levels").add_defaults(apps, None)
    importlib.import_module("evidence.migrations.0002_default_kinds").create_kinds(apps, None)


@pytest.fixture
def page(request, browser, live_server, transactional_db):
    """A new page in a new browser context, with relative URLs resolved against the live server."""
    from django.contrib.contenttypes.models import ContentType

    # A transactional test's flush empties django_content_type, but the ContentType
    # cache keeps the ids the earlier tests saw; history rows would point at them.
    ContentType.objects.clear_cache()
    restore_reference_data()
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="zh-CN")
    # Fail a step in seconds rather than Playwright's default 30 s: the server is local.
    context.set_default_timeout(10_000)
    page = context.new_page()
    directory = request.config.rootpath / "test-artifacts" / "screenshots" / _slug(request.node.name)
    # Only this run's pictures: a shorter rerun must not leave stale steps behind.
    shutil.rmtree(directory, ignore_errors=True)
    shots = request.node.stash[_screenshots] = Screenshots(page, directory)
    yield page
    report = request.node.stash.get(_call_report, None)
    if report is not None and report.failed:
        try:
            path = shots("failed")
        except Exception as exc:  # a crashed page must not hide the test's own error
            print(f"could not save a screenshot of the failure: {exc}")
        else:
            print(f"screenshot of the failure: {path}")
    context.close()


@pytest.fixture
def shot(page, request):
    """Save a full-page screenshot of the current page: ``shot("saved")``."""
    return request.node.stash[_screenshots]
