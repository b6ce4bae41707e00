"""Workbook readers: rows/s of each way to read a large sheet, and of the importer's own reading.

    .venv/bin/python bench/readers.py [--rows 100000]     (needs LibreOffice's soffice for .xls and .ods)

Writes an activity sheet of N rows with openpyxl (.xlsx), has LibreOffice save it as
.ods and — at most 65,535 data rows, the format's limit — as .xls, then times:

- openpyxl (read_only, values only) on .xlsx — the reader before;
- python-calamine on .xlsx, .xls and .ods — the cell reader the importer uses;
- xlrd with formatting_info on .xls — the other way to see hidden rows in .xls;
- ``transfer.reading.Table``: calamine's cells plus the scan for hidden rows, hidden
  columns and merged cells (what an import reads before parsing), per format, and the
  scan alone.

Every sheet holds hidden rows and merged cells, so the scans have something to find.
Prints rows/s per reader; nothing touches the database.
"""

import argparse
import datetime
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT

sys.path.insert(0, str(ROOT))

XLS_LIMIT = 65_535


def write_xlsx(path, rows):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "台账"
    sheet.append(["日期", "标题", "类别", "所属区域", "场次", "参与人次", "志愿者人次", "志愿服务时长", "地点", "备注"])
    day = datetime.date(2021, 1, 1)
    for i in range(rows):
        sheet.append(
            [
                day + datetime.timedelta(days=i % 365),
                f"志愿服务活动{i}",
                "平安建设",
                "中原区/桐柏路街道/西站东社区",
                1,
                i % 300,
                i % 20,
                (i % 40) / 2,
                f"西站路{i % 90}号院",
                "",
            ]
        )
    for row in range(10, rows, 1000):
        sheet.row_dimensions[row].hidden = True
    for row in range(20, rows - 3, 1000):
        sheet.merge_cells(start_row=row, start_column=4, end_row=row + 2, end_column=4)
    workbook.save(path)


def convert(soffice, source, fmt, filter_name, outdir):
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{outdir}/profile",
            "--headless",
            "--convert-to",
            f"{fmt}:{filter_name}",
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    return outdir / f"{source.stem}.{fmt}"


def timed(label, fn, *args):
    start = time.perf_counter()
    counted = fn(*args)
    seconds = time.perf_counter() - start
    print(f"{label:<52} {counted:>9,} rows {seconds:8.2f} s {counted / seconds:>12,.0f} rows/s")


def openpyxl_rows(path):
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for _row in workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    return count


def calamine_rows(path):
    import python_calamine

    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    return sum(1 for _row in workbook.get_sheet_by_index(0).iter_rows())


def xlrd_rows(path):
    import xlrd

    book = xlrd.open_workbook(str(path), formatting_info=True)
    sheet = book.sheet_by_index(0)
    return sum(1 for _row in sheet.get_rows())


def table_rows(path):
    from transfer.reading import Table

    with path.open("rb") as handle:
        sheet = Table(handle, path.name).sheets()[0]
        assert sheet.hidden_rows and sheet.merged, "the scan found no hidden rows or merges"
        return sum(1 for _row in sheet.rows())


def scan_only(path, rows):
    from transfer.reading import LAYOUT_SCANNERS

    data = path.read_bytes()
    LAYOUT_SCANNERS[path.suffix[1:]](data, ["台账"])
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    soffice = shutil.which("soffice")
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        xlsx = work / "big.xlsx"
        write_xlsx(xlsx, args.rows)
        files = {"xlsx": xlsx}
        if soffice:
            files["ods"] = convert(soffice, xlsx, "ods", "calc8", work)
            small = work / "small.xlsx"
            write_xlsx(small, min(args.rows, XLS_LIMIT))
            files["xls"] = convert(soffice, small, "xls", "MS Excel 97", work)
        else:
            print("soffice not found: .xls and .ods are not measured", file=sys.stderr)
        for fmt, path in files.items():
            print(f"--- .{fmt} ({path.stat().st_size / 1048576:.1f} MB)")
            rows = calamine_rows(path)
            if fmt == "xlsx":
                timed("openpyxl read_only (the reader before)", openpyxl_rows, path)
            if fmt == "xls":
                timed("xlrd formatting_info=True", xlrd_rows, path)
            timed("python-calamine, cells only", calamine_rows, path)
            timed("hidden rows/columns and merges scan only", scan_only, path, rows)
            timed("transfer.reading.Table (calamine + scan)", table_rows, path)


if __name__ == "__main__":
    main()
