"""Activity import throughput: the project's command-line path against a plain django-import-export ModelResource.

    psql postgres://postgres@127.0.0.1:5432/postgres -c "CREATE DATABASE h_import_bench"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_import_bench .venv/bin/python manage.py migrate
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_import_bench
    .venv/bin/python -m pip install -c constraints.txt ".[bench]"   # django-import-export, for the comparison
    .venv/bin/python bench/import_bench.py [--rows 100000] [--million] [--write]

Generates a CSV of N activity rows (Chinese headers, written numbers, region by
full path), imports it through ``transfer.importer.run_import`` (what ``manage.py
import`` runs), then imports a sample through a default ``ModelResource`` and
extrapolates. Prints validated rows/s, peak RSS and the ratio. Every run rolls
back (dry run), so the database is left as it was. ``--write`` also imports the
file for real — activities, history, monthly totals, the deferred foreign-key
checks — inside a transaction that is rolled back at the end, and prints its
rows/s next to the dry run's and next to PostgreSQL's own COPY of the rows it
wrote into a copy of the activity table with the same indexes — an ordinary table,
logged as the activity table is (the ratio the import is held to) — and, for
reference, into a TEMP copy (not logged) and into the activity table itself with
its foreign keys checked: the least any import of those rows can spend.
"""

import argparse
import csv
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from common import setup_django


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(path, rows, regions, categories):
    rng = random.Random(4)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(
            ["外部编号", "日期", "标题", "类别", "所属区域", "参与人次", "志愿服务时长(小时)", "资金（元）", "地点"]
        )
        for i in range(rows):
            writer.writerow(
                [
                    f"BENCH-{i}",
                    f"2021/{rng.randint(1, 12)}/{rng.randint(1, 28)}",
                    f"志愿服务活动{i}",
                    rng.choice(categories),
                    rng.choice(regions),
                    rng.choice(["1,100", "十余", "25", "约300", "1.5万"]),
                    str(rng.randint(1, 200)),
                    rng.choice(["", "3620万元", "1000"]),
                    "西站路82号院",
                ]
            )


def write_run(path, rows, run_import):
    """Rows/s of a real import of ``path``, and the rows it wrote (COPY text), rolled back afterwards.

    The foreign keys are DEFERRABLE INITIALLY DEFERRED: their checks would run at COMMIT, which a
    rollback skips, so they are run (SET CONSTRAINTS ALL IMMEDIATE) inside the timing.
    """
    import io

    from django.db import connection, transaction

    with transaction.atomic():
        start = time.perf_counter()
        with path.open("rb") as f:
            result = run_import(kind="activities", file=f, file_name=path.name)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        seconds = time.perf_counter() - start
        assert result.ok and result.written, (result.file_error, result.errors[:5])
        assert result.created == rows, result.created
        written = io.BytesIO()
        with connection.cursor() as cursor:
            query = f"COPY (SELECT * FROM activities_activity WHERE import_batch_id = {result.batch.pk}) TO STDOUT"
            with cursor.cursor.copy(query) as copy:
                for data in copy:
                    written.write(data)
        transaction.set_rollback(True)
    return rows / seconds, written.getvalue(), result.batch.pk


def database_load(data, rows, *, table="temp", batch_id=None):
    """Rows/s of PostgreSQL's own load of the same rows: COPY into a copy of the activity table, same indexes.

    ``table``: "temp" — a TEMP table (LIKE … INCLUDING ALL), which PostgreSQL does not write to its
    log; "logged" — an ordinary table like the activity table itself (the comparator the ratio uses);
    "activity" — the activity table itself, its foreign keys checked: what any import of these rows
    must at least spend (``batch_id``, the batch they name, is recreated first), rolled back like the others.
    """
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        if table == "activity":
            from django.utils import timezone

            from transfer.models import ImportBatch

            ImportBatch.objects.create(
                pk=batch_id, kind="activities", file_name="bench.csv", via="cli", started_at=timezone.now()
            )
            target = "activities_activity"
        else:
            target = "bench_activity_copy"
            temp = "TEMP " if table == "temp" else ""
            cursor.execute(f"CREATE {temp}TABLE {target} (LIKE activities_activity INCLUDING ALL)")
        start = time.perf_counter()
        with cursor.cursor.copy(f"COPY {target} FROM STDIN") as copy:
            for offset in range(0, len(data), 1 << 20):
                copy.write(data[offset : offset + (1 << 20)])
        if table == "activity":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        seconds = time.perf_counter() - start
        transaction.set_rollback(True)
    return rows / seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--million", action="store_true", help="1,000,000 rows")
    parser.add_argument("--library-sample", type=int, default=2000, help="rows through the default ModelResource")
    parser.add_argument(
        "--write",
        action="store_true",
        help="also import the file for real (activities, history, rollups) in a transaction rolled back at the end",
    )
    args = parser.parse_args()
    rows = 1_000_000 if args.million else args.rows

    setup_django()
    from activities.models import Activity, Category
    from communities.models import Region
    from tests.factories import make_region
    from transfer.importer import run_import

    if not Region.objects.filter(name="基准区").exists():
        district = make_region("基准区", code="BENCH-D")
        for i in range(20):
            make_region(f"基准社区{i}", district, code=f"BENCH-C{i}")
    # Regions named as staff write them: by full path and by code, up to 2,000 of the database's regions.
    regions = []
    for code, full_name in Region.objects.order_by("pk").values_list("code", "full_name")[:2000]:
        regions += [full_name, code]
    categories = list(Category.objects.values_list("name", flat=True))
    # Every run rolls back what it wrote: the dead rows of earlier runs would slow this one's lookups.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE activities_activity")
    directory = Path(tempfile.mkdtemp())
    path = directory / "activities.csv"
    generate(path, rows, regions, categories)
    print(f"generated {rows:,} rows ({path.stat().st_size / 1048576:.1f} MB); peak RSS so far {peak_rss_mb():.0f} MB")

    start = time.perf_counter()
    with path.open("rb") as f:
        result = run_import(kind="activities", file=f, file_name=path.name, dry_run=True)
    seconds = time.perf_counter() - start
    assert result.ok, (result.file_error, result.errors[:5])
    ours = rows / seconds
    print(
        f"project path (transfer.importer, rolled back): {rows:,} rows in {seconds:.1f} s = {ours:,.0f} rows/s; "
        f"created {result.created:,}; peak RSS {peak_rss_mb():.0f} MB"
    )

    if args.write:
        written, data, batch_id = write_run(path, rows, run_import)
        print(
            f"project path, writing (rolled back afterwards): {rows:,} rows in {rows / written:.1f} s = "
            f"{written:,.0f} rows/s (dry run {ours:,.0f} rows/s); peak RSS {peak_rss_mb():.0f} MB"
        )
        temp = database_load(data, rows, table="temp")
        loaded = database_load(data, rows, table="logged")
        floor = database_load(data, rows, table="activity", batch_id=batch_id)
        print(
            f"PostgreSQL's own COPY of the same rows into a copy of the activity table (same indexes, no history, "
            f"no totals, no checks): {rows / loaded:.1f} s = {loaded:,.0f} rows/s; ratio import / COPY: "
            f"{written / loaded:.2f}"
        )
        print(
            f"  the same COPY into a TEMP copy (not written to the log): {rows / temp:.1f} s = {temp:,.0f} rows/s "
            f"(ratio {written / temp:.2f}); into the activity table itself, its foreign keys checked — what any "
            f"import of these rows spends at least: {rows / floor:.1f} s = {floor:,.0f} rows/s (ratio of that "
            f"floor to the COPY: {floor / loaded:.2f})"
        )

    # The library default: a plain ModelResource, no natural keys, numbers only as plain digits.
    import tablib
    from django.db import transaction
    from import_export import resources

    class PlainResource(resources.ModelResource):
        class Meta:
            model = Activity
            fields = ("external_id", "date", "title", "category", "region", "participants", "volunteer_hours")
            import_id_fields = ("external_id",)

    category_id = Category.objects.order_by("pk").values_list("pk", flat=True).first()
    region_ids = list(Region.objects.filter(full_name__startswith="基准区/").values_list("pk", flat=True))
    sample = args.library_sample
    data = tablib.Dataset(
        headers=["external_id", "date", "title", "category", "region", "participants", "volunteer_hours"]
    )
    for i in range(sample):
        data.append([f"LIB-{i}", "2021-06-13", f"活动{i}", category_id, region_ids[i % len(region_ids)], 25, 16])
    start = time.perf_counter()
    with transaction.atomic():
        outcome = PlainResource().import_data(data, dry_run=True)
        transaction.set_rollback(True)
    seconds = time.perf_counter() - start
    assert not outcome.has_errors()
    library = sample / seconds
    print(
        f"django-import-export default ModelResource: {sample:,} rows in {seconds:.1f} s = {library:,.0f} rows/s "
        f"(measured on {sample:,} rows; {rows:,} would take ~{rows / library / 60:.0f} min, extrapolated)"
    )
    print(f"ratio project / library: {ours / library:.1f}x; peak RSS {peak_rss_mb():.0f} MB")
    path.unlink()

    # The admin's preview: the same run_import call its import view makes (a dry run, via="admin"), 10,000 rows.
    from django.contrib.auth import get_user_model

    preview = directory / "preview.csv"
    generate(preview, 10_000, regions, categories)
    user = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    start = time.perf_counter()
    with preview.open("rb") as f:
        result = run_import(kind="activities", file=f, file_name=preview.name, user=user, dry_run=True, via="admin")
    assert result.ok, (result.file_error, result.errors[:5])
    print(f"admin-style preview of 10,000 rows: {time.perf_counter() - start:.1f} s")
    preview.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
