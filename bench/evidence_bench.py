"""The dashboard's 有佐证材料的记录占比 at province scale: the selector per level, and the count it avoids.

Run on a database filled by ``manage.py generate_province`` (see README):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/evidence_bench.py --mark 0.3 --vacuum

``--mark F`` first gives a fraction F of the activities (every id whose last digit is below 10·F) an
``evidence_count`` of 1, as if they had a file, and adds the monthly totals up again; the synthetic
province has no files of its own. For the province, a city, a district, a subdistrict and a community
over one year it prints the time of ``reports.selectors.evidence_share`` (monthly totals down to a
district, a filtered count over the covering index ``activity_totals`` below) beside the same count
taken from the records (what the share would cost without ``MonthlyTotal.with_evidence``).
"""

import argparse

from common import row, setup_django, timed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--year", type=int, default=2021)
    parser.add_argument("--mark", type=float, default=0.0, help="Fraction of activities to mark as having evidence.")
    parser.add_argument("--vacuum", action="store_true", help="VACUUM ANALYZE the activities and monthly totals.")
    args = parser.parse_args()

    connection = setup_django()
    from django.db.models import Count, Q

    from activities.models import Activity, MonthlyTotal
    from activities.services import monthly_totals_rebuild
    from communities.models import Region, RegionLevel
    from reports import selectors
    from reports.periods import Period
    from reports.selectors import UNSCOPED, TotalsQuery

    if args.mark:
        digits = round(args.mark * 10)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE activities_activity SET evidence_count = CASE WHEN id %% 10 < %s THEN 1 ELSE 0 END", [digits]
            )
        monthly_totals_rebuild()
    if args.vacuum:
        with connection.cursor() as cursor:
            for model in (Activity, MonthlyTotal):
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")

    root = Region.objects.get(code="SYN")
    print(f"activities in the database: {Activity.objects.count():,}; year {args.year}")
    city = Region.objects.filter(parent=root, level=RegionLevel.CITY).order_by("path")[0]
    district = Region.objects.filter(parent=city, level=RegionLevel.DISTRICT).order_by("path")[0]
    subdistrict = Region.objects.filter(parent=district, level=RegionLevel.SUBDISTRICT).order_by("path")[0]
    community = Region.objects.filter(parent=subdistrict, level=RegionLevel.COMMUNITY).order_by("path")[0]
    period = Period.year(args.year)
    for label, region in [
        ("province", root),
        ("city", city),
        ("district", district),
        ("subdistrict", subdistrict),
        ("community", community),
    ]:
        query = TotalsQuery(scope=UNSCOPED, region=region, period=period)
        p50, p95, share = timed(lambda query=query: selectors.evidence_share(query), runs=args.runs)
        source = "monthly totals" if selectors.rolled_up_regions(query) else "records (covering index)"
        row(f"{label}: evidence_share from {source}", p50, p95, f"{share.with_evidence:,} / {share.records:,}")

        def from_records(query=query):
            return Activity.objects.filter(query.activity_q()).aggregate(
                n=Count("date"), e=Count("date", filter=Q(evidence_count__gt=0))
            )

        p50, p95, counted = timed(from_records, runs=min(args.runs, 5), warmup=1)
        row(f"{label}: the same count from the records", p50, p95, f"{counted['e']:,} / {counted['n']:,}")


if __name__ == "__main__":
    main()
