"""Admin pages at province scale: the activity list, its search and filters, a change page.

Run on a database filled by ``manage.py generate_province`` (see README):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/admin_bench.py

Prints server time per page (Django test client, no network) and its query count.
"""

import argparse

from common import row, setup_django, timed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    connection = setup_django()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from activities.models import Activity

    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    # The test client's default host, as the test runner allows it; nothing is served to a network here.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(user)
    total = Activity.objects.count()
    sample = Activity.objects.order_by("-id").only("id", "title").first()
    word = sample.title[:3]
    print(f"activities in the database: {total:,}")
    last_page = max(1, -(-min(total, settings.ADMIN_COUNT_LIMIT + 1) // 100))  # list_per_page 100, from page 1

    pages = [
        ("activity list, first page", "/admin/activities/activity/"),
        # The paginator counts at most ADMIN_COUNT_LIMIT rows, so the last page it offers is the deepest one.
        ("activity list, last offered page", f"/admin/activities/activity/?p={last_page}"),
        ("activity list, status=approved", "/admin/activities/activity/?status__exact=approved"),
        ("activity list, this year", "/admin/activities/activity/?date__gte=2021-01-01&date__lt=2022-01-01"),
        (f"activity list, search {word!r}", f"/admin/activities/activity/?q={word}"),
        # Two characters, the commonest Chinese search word: served by the bigram index, not pg_trgm.
        (f"activity list, search {word[:2]!r}", f"/admin/activities/activity/?q={word[:2]}"),
        ("activity list, search an external id", f"/admin/activities/activity/?q=SYN-{sample.pk}"),
        ("activity change page", f"/admin/activities/activity/{sample.pk}/change/"),
        ("region list", "/admin/communities/region/"),
        (
            "region autocomplete 'community'",
            "/admin/autocomplete/?app_label=activities&model_name=activity&field_name=region&term=社区",
        ),
        ("person list", "/admin/volunteers/person/"),
    ]
    for label, url in pages:

        def get(url=url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        p50, p95, _ = timed(get, runs=args.runs)
        reset_queries()  # keeps the query log short; inside the capture it would empty what it counts
        with CaptureQueriesContext(connection) as queries:
            get()
        row(label, p50, p95, f"{len(queries)} queries")


if __name__ == "__main__":
    main()
