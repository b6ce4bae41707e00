"""The cost of history on a bulk write: 100,000 new activities with and without their history rows.

History is written by the write path itself (``history.services.change_row`` +
``changes_record``, batched INSERTs in the same transaction), not by signals or
triggers; this measures what that adds to a ``bulk_create`` of the records.

    psql postgres://postgres@127.0.0.1:5432/postgres -c "CREATE DATABASE h_history_bench"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_history_bench .venv/bin/python bench/history_bench.py

It migrates the database and TRUNCATEs the activity and history tables between
runs, so it refuses any database not named ``h_history_bench`` (or ``--database``).
"""

import argparse
import datetime
import statistics
import sys
import time

from common import setup_django


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database", default="h_history_bench", help="the only database name this script will wipe")
    args = parser.parse_args()

    connection = setup_django()
    if connection.settings_dict["NAME"] != args.database:
        sys.exit(
            f"refusing to wipe tables of {connection.settings_dict['NAME']!r}; point DATABASE_URL at {args.database}"
        )

    from django.core.management import call_command
    from django.db import transaction

    from activities.models import Activity, Category
    from communities.models import Region, RegionLevel
    from communities.services import region_create
    from history.models import Action, Change, Source
    from history.services import change_row, changes_record

    call_command("migrate", verbosity=0)
    region = Region.objects.filter(code="HB-1").first() or region_create(
        code="HB-1", name="基准社区", level=RegionLevel.COMMUNITY
    )
    category = Category.objects.order_by("id").first()
    start = datetime.date(2020, 1, 1)

    def activities():
        return [
            Activity(
                title=f"基准活动{n}",
                date=start + datetime.timedelta(days=n % 1500),
                region=region,
                category=category,
                volunteers=n % 50,
                volunteer_hours=n % 200,
                people_served=n % 1000,
            )
            for n in range(args.rows)
        ]

    def wipe():
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {Change._meta.db_table}, {Activity._meta.db_table} RESTART IDENTITY CASCADE")

    def without_history():
        rows = activities()
        began = time.perf_counter()
        with transaction.atomic():
            Activity.objects.bulk_create(rows, batch_size=1000)
        return time.perf_counter() - began, 0

    def with_history():
        rows = activities()
        began = time.perf_counter()
        with transaction.atomic():
            Activity.objects.bulk_create(rows, batch_size=1000)
            built = time.perf_counter()
            changes = [
                change_row(actor=None, obj=a, action=Action.CREATE, source=Source.IMPORT, batch_id=1) for a in rows
            ]
            phases["building the history rows (Python)"].append(time.perf_counter() - built)
            inserted = time.perf_counter()
            written = changes_record(changes)
            phases["inserting the history rows"].append(time.perf_counter() - inserted)
        return time.perf_counter() - began, written

    print(f"{connection.vendor} {connection.settings_dict['NAME']}: {args.rows:,} activities per run, {args.runs} runs")
    results = {"without history": [], "with history": []}
    phases = {"building the history rows (Python)": [], "inserting the history rows": []}
    for _run in range(args.runs):
        # Alternate, so neither variant always runs on a warmer cache.
        for label, fn in (("without history", without_history), ("with history", with_history)):
            wipe()
            seconds, written = fn()
            results[label].append(seconds)
            if written:
                assert written == args.rows == Change.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_total_relation_size(%s)", [Change._meta.db_table])
        history_bytes = cursor.fetchone()[0]
    wipe()

    base = statistics.median(results["without history"])
    for label, samples in results.items():
        median = statistics.median(samples)
        print(
            f"{label:<18} median {median:7.2f} s   ({args.rows / median:9,.0f} rows/s)   "
            f"runs: {', '.join(f'{s:.2f}' for s in samples)}"
        )
    for label, samples in phases.items():
        print(f"  of which {label:<36} median {statistics.median(samples):7.2f} s")
    extra = statistics.median(results["with history"]) - base
    print(f"history adds {extra:.2f} s ({extra / base:.0%}) and {history_bytes / 2**20:.1f} MiB for {args.rows:,} rows")


if __name__ == "__main__":
    main()
