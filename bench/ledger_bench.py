"""The volunteer ledger's pages at scale: a person's ledger, a team page, the service record and friends.

Run on a database filled by ``manage.py generate_province`` with people and participation, e.g.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_ledger_bench .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_ledger_bench .venv/bin/python manage.py generate_province \\
        --regions 2000 --activities 300000 --people 200000 --participations 5000000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_ledger_bench .venv/bin/python bench/ledger_bench.py

Prints server time per page (Django test client, no network) and its query count, for the
person with the most participation records, a median person, and the teams with the most
members and the most service. The goal is under 100 ms for the person ledger and the team page.
"""

import argparse

from common import row, setup_django, timed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--only", help="Run only the pages whose label contains this text.")
    parser.add_argument("--verbose", action="store_true", help="Print each query's time and SQL.")
    args = parser.parse_args()

    connection = setup_django()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import reset_queries
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import ScopeAssignment
    from accounts.roles import CLERK, MANAGER
    from activities.models import Activity, Participation
    from volunteers.models import Person, TeamMembership

    def client_for(username, role, region):
        user, created = get_user_model().objects.get_or_create(username=username, defaults={"is_staff": True})
        if created:
            user.groups.add(Group.objects.get(name=role))
        ScopeAssignment.objects.filter(user=user).exclude(region=region).delete()
        ScopeAssignment.objects.get_or_create(user=user, region=region)
        client = Client(HTTP_HOST="localhost")  # an allowed host while DEBUG is on
        client.force_login(user)
        return client

    people = Person.objects.count()
    rows = Participation.objects.count()
    print(f"people: {people:,}   participation rows: {rows:,}   activities: {Activity.objects.count():,}")

    by_person = Participation.objects.order_by().values("person_id").annotate(n=Count("pk"))
    heavy = by_person.order_by("-n", "person_id")[0]
    counts = sorted(by_person.values_list("n", flat=True))
    median_n = counts[len(counts) // 2]
    median = by_person.filter(n=median_n).order_by("person_id")[0]
    heavy_person = Person.objects.select_related("region").get(pk=heavy["person_id"])
    median_person = Person.objects.select_related("region").get(pk=median["person_id"])
    big_team = TeamMembership.objects.order_by().values("team_id").annotate(n=Count("pk")).order_by("-n")[0]
    busy_team = (
        Participation.objects.filter(activity__team__isnull=False)
        .order_by()
        .values("activity__team_id")
        .annotate(n=Count("pk"))
        .order_by("-n")[0]
    )
    busy_activity = (
        Participation.objects.filter(activity__team__isnull=False)
        .order_by()
        .values("activity_id")
        .annotate(n=Count("pk"))
        .order_by("-n")[0]
    )
    print(
        f"heavy person #{heavy['person_id']}: {heavy['n']:,} services; median person #{median['person_id']}: "
        f"{median['n']} services; team #{big_team['team_id']}: {big_team['n']} members; "
        f"team #{busy_team['activity__team_id']}: {busy_team['n']:,} services at its activities"
    )

    admin, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    superuser = Client(HTTP_HOST="localhost")
    superuser.force_login(admin)
    # A community clerk and a district manager, as the pages are mostly used.
    community = heavy_person.region
    district = community
    while district.level != "district" and district.parent_id:
        district = district.parent
    clerk = client_for("bench-ledger-clerk", CLERK, community)
    manager = client_for("bench-ledger-manager", MANAGER, district)

    pages = [
        ("person ledger, heaviest person (superuser)", superuser, f"/volunteers/people/{heavy['person_id']}/"),
        ("person ledger, heaviest person (community clerk)", clerk, f"/volunteers/people/{heavy['person_id']}/"),
        ("person ledger, heaviest person, page 50", clerk, f"/volunteers/people/{heavy['person_id']}/?page=50"),
        ("person ledger, median person (superuser)", superuser, f"/volunteers/people/{median['person_id']}/"),
        ("team page, most members (superuser)", superuser, f"/volunteers/teams/{big_team['team_id']}/"),
        ("team page, most service (superuser)", superuser, f"/volunteers/teams/{busy_team['activity__team_id']}/"),
        ("service record, median person", superuser, f"/volunteers/people/{median['person_id']}/record/"),
        ("service record, heaviest person", superuser, f"/volunteers/people/{heavy['person_id']}/record/"),
        (
            "record participation page, busiest activity",
            superuser,
            f"/volunteers/activities/{busy_activity['activity_id']}/participation/",
        ),
        (
            "star levels reached in 2021 (district manager)",
            manager,
            "/volunteers/stars/?start=2021-01-01&end=2021-12-31",
        ),
        ("party members: reporting rates (district manager)", manager, "/volunteers/party-members/"),
        ("volunteer ledger index, search a name (clerk)", clerk, f"/volunteers/?q={median_person.name[:1]}"),
    ]
    if median_person.region.level != "community":
        print(f"note: the median person lives in a {median_person.region.level}")
    for label, client, url in pages:
        if args.only and args.only not in label:
            continue

        def get(client=client, url=url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            reset_queries()  # DEBUG keeps every query's SQL; memory must stay bounded
            return response

        p50, p95, _ = timed(get, runs=args.runs)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        slowest = max(queries.captured_queries, key=lambda q: float(q["time"]))
        row(label, p50, p95, f"{len(queries)} queries, slowest {float(slowest['time']) * 1000:.0f} ms")
        if args.verbose:
            for query in queries.captured_queries:
                print(f"    {float(query['time']) * 1000:7.1f} ms  {query['sql'][:150]}")


if __name__ == "__main__":
    main()
