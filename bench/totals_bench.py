"""The totals dashboard at province scale: its queries, the whole page, and a plain ORM aggregate beside them.

Run on a database filled by ``manage.py generate_province`` (see README):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/totals_bench.py

For the province itself, its first city, the first and the busiest district, a subdistrict and a
community of the synthetic province over one year it prints:

- "dashboard queries": every selector the dashboard runs, timed together and in two parts: the core
  measures (child ranking, months, categories, teams) and the totals of both years with the indicators
  and distinct volunteers. A district reads its monthly totals (``activities.rollups``) for all but the
  ranking of its subdistricts; a subdistrict and a community add up their records;
- "whole page" and "print page": the dashboard and the A4 report rendered by the Django test client
  (server time, no network), with the size of their HTML;
- "plain aggregate": ``Activity.objects.filter(<subtree, year, approved>).aggregate(Sum(...))``,
  the join a naive implementation would run for the seven totals alone.

Goals (issue 6): district dashboard queries <= 30 ms p50, whole page <= 150 ms. Issue 16: the province
and city dashboards and print pages under 150 ms p50 and 300 KB of HTML.

``--levels province,city`` times only those cases; ``--pages`` only the two pages. ``CACHE_URL=none``
times every page as the first visit after a change (nothing cached). With the development settings
(the default) Django keeps every query's SQL; production's are closer to what users get:

    DEBUG=0 SECRET_KEY=… ALLOWED_HOSTS=localhost DATABASE_URL=… .venv/bin/python bench/totals_bench.py --pages
"""

import argparse

from common import row, setup_django, timed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--year", type=int, default=2021)
    parser.add_argument("--levels", default="", help="Comma-separated cases to time (default: all).")
    parser.add_argument("--pages", action="store_true", help="Time only the dashboard and the print page.")
    parser.add_argument("--vacuum", action="store_true", help="VACUUM ANALYZE the tables the dashboard reads first.")
    args = parser.parse_args()

    connection = setup_django()
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Sum
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from activities import totals_version
    from activities.measures import MEASURES
    from activities.models import (
        Activity,
        MonthlyIndicatorTotal,
        MonthlyTeamTotal,
        MonthlyTotal,
        MonthlyVolunteer,
        Participation,
    )
    from communities.models import Region, RegionLevel
    from reports import selectors
    from reports.periods import Period
    from reports.selectors import UNSCOPED, TotalsQuery

    if args.vacuum:
        # Index-only scans need the visibility map, which (auto)vacuum keeps; a fresh COPY has none yet.
        with connection.cursor() as cursor:
            for model in (
                Activity,
                Participation,
                MonthlyTotal,
                MonthlyTeamTotal,
                MonthlyIndicatorTotal,
                MonthlyVolunteer,
            ):
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")

    root = Region.objects.get(code="SYN")
    print(
        f"activities in the database: {Activity.objects.count():,}; regions under SYN: "
        f"{Region.objects.subtree(root).count():,}; year {args.year}"
    )
    city = Region.objects.filter(parent=root, level=RegionLevel.CITY).order_by("path")[0]
    district = Region.objects.filter(parent=city, level=RegionLevel.DISTRICT).order_by("path")[0]
    subdistrict = Region.objects.filter(parent=district, level=RegionLevel.SUBDISTRICT).order_by("path")[0]
    community = (
        Region.objects.filter(parent=subdistrict, level=RegionLevel.COMMUNITY)
        .annotate(n=Count("activities"))
        .order_by("-n", "path")[0]
    )
    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client(HTTP_HOST="localhost")  # an allowed host while DEBUG is on (set ALLOWED_HOSTS without it)
    client.force_login(user)
    period = Period.year(args.year)

    busiest = (
        MonthlyTotal.objects.filter(
            region__level=RegionLevel.DISTRICT, status="approved", month__gte=period.start, month__lte=period.end
        )
        .values("region")
        .annotate(n=Sum("records"))
        .order_by("-n")
        .first()
    )
    cases = [("province", root), ("city", city), ("district", district)]
    if busiest and busiest["region"] != district.pk:
        cases.append(("busiest district", Region.objects.get(pk=busiest["region"])))
    cases += [("subdistrict", subdistrict), ("community", community)]
    wanted = {w.strip() for w in args.levels.split(",") if w.strip()}
    for label, region in cases:
        if wanted and label not in wanted:
            continue
        query = TotalsQuery(scope=UNSCOPED, region=region, period=period)
        subtree = Region.objects.subtree(region).count()
        records = query.activities().count()
        print(f"\n{label}: {region.full_name} — {subtree:,} regions, {records:,} approved records in {args.year}")

        def measure_queries(query=query):
            children = selectors.by_child(query)  # its sums are also the seven totals and last year's
            selectors.by_month(query)
            selectors.by_category(query)
            selectors.by_team(query)
            return children

        children = measure_queries()
        indicators = selectors._indicators()

        def indicator_queries(query=query, children=children, indicators=indicators):
            selectors.totals(query, indicators=indicators, child_rows=children)

        def dashboard_queries(query=query):
            indicators = selectors._indicators()
            selectors.totals(query, indicators=indicators, child_rows=measure_queries(query))

        def page(region=region, url="/reports/"):
            # Over HTTPS, as production serves it (its settings redirect plain HTTP).
            response = client.get(url, {"region": region.code, "year": args.year}, secure=True)
            assert response.status_code == 200, response.status_code
            return response

        def print_page(region=region):
            return page(region, "/reports/print/")

        def plain(region=region):
            return Activity.objects.filter(
                region__path__startswith=region.path,
                status="approved",
                date__gte=period.start,
                date__lte=period.end,
            ).aggregate(**{m.field: Sum(m.field) for m in MEASURES})

        if not args.pages:
            for what, fn in [
                ("core-measure queries", measure_queries),
                ("totals of both years, indicators, distinct volunteers", indicator_queries),
                ("dashboard queries, all", dashboard_queries),
            ]:
                p50, p95, _ = timed(fn, runs=args.runs)
                with CaptureQueriesContext(connection) as queries:
                    fn()
                row(f"{label}: {what}", p50, p95, f"{len(queries)} queries")
        for what, fn in [("whole page", page), ("print page", print_page)]:
            p50, p95, _ = timed(fn, runs=args.runs)
            with CaptureQueriesContext(connection) as queries:
                response = fn()
            row(f"{label}: {what}", p50, p95, f"{len(queries)} queries, {len(response.content) / 1024:,.0f} KB")
            if totals_version.current() is not None:
                # The first visit after a record changed (an import, an approval) that carries no one's
                # service: the figures of the records are added up again, people and regional work kept.
                p50, p95, _ = timed(fn, runs=args.runs, before=totals_version.changed)
                row(f"{label}: {what}, after a change of records", p50, p95)
        if not args.pages:
            p50, p95, _ = timed(plain, runs=args.runs)
            row(f"{label}: plain ORM aggregate over the joined subtree", p50, p95, "1 query, 7 sums, one year only")


if __name__ == "__main__":
    main()
