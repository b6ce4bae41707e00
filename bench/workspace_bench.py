"""我的台账 at province scale: the list (tabs' counts and a page), the record page and the export.

Run on a database filled by ``manage.py generate_province`` (see README):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/workspace_bench.py

Prints server time per page (Django test client, no network) and its query count, for a
community clerk, a subdistrict reviewer, a district manager and a superuser (the whole province).
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
    from django.contrib.auth.models import Group
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import ScopeAssignment
    from accounts.roles import CLERK, MANAGER, REVIEWER
    from activities.models import Activity
    from communities.models import Region, RegionLevel

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    root = Region.objects.get(code="SYN")
    print(f"activities in the database: {Activity.objects.count():,}")
    district = Region.objects.subtree(root).filter(level=RegionLevel.DISTRICT).order_by("path")[0]
    subdistrict = Region.objects.filter(parent=district, level=RegionLevel.SUBDISTRICT).order_by("path")[0]
    community = (
        Region.objects.filter(parent=subdistrict, level=RegionLevel.COMMUNITY)
        .annotate(n=Count("activities"))
        .order_by("-n", "path")[0]
    )

    def persona(username, role, region):
        User = get_user_model()
        user, created = User.objects.get_or_create(username=username, defaults={"is_staff": True})
        if created:
            if role:
                user.groups.add(Group.objects.get(name=role))
            if region:
                ScopeAssignment.objects.create(user=user, region=region)
            else:
                user.is_superuser = True
                user.save()
        return user

    users = [
        (f"clerk of {community.name}", persona("bench-clerk", CLERK, community), community),
        (f"reviewer of {subdistrict.name}", persona("bench-reviewer", REVIEWER, subdistrict), subdistrict),
        (f"manager of {district.name}", persona("bench-manager", MANAGER, district), district),
        ("superuser (whole province)", persona("bench-admin", None, None), root),
    ]
    for label, user, region in users:
        records = Activity.objects.filter(region__path__startswith=region.path).count()
        print(f"\n{label}: {records:,} records in scope")
        client = Client()
        client.force_login(user)
        sample = (
            Activity.objects.filter(region__path__startswith=region.path).order_by("-date", "-id").only("id").first()
        )
        pages = [
            ("list, latest year (default)", "/workspace/"),
            ("list, returned tab", "/workspace/?status=returned"),
            ("list, approved tab, page 20", "/workspace/?status=approved&page=20"),
            ("list, all dates", "/workspace/?period=all"),
            ("list, last page of the latest year", "/workspace/?page=999999"),
            ("record page", f"/workspace/{sample.pk}/"),
            ("edit form", f"/workspace/{sample.pk}/edit/"),
        ]
        if region != root:
            pages.append(("export CSV, latest year", "/workspace/export/csv/"))
        for what, url in pages:

            def get(url=url, client=client):
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
                return response

            p50, p95, _ = timed(get, runs=args.runs)
            with CaptureQueriesContext(connection) as queries:
                get()
            row(f"  {what}", p50, p95, f"{len(queries)} queries")


if __name__ == "__main__":
    main()
