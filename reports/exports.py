"""Tables as XLSX and as CSV with a byte-order mark (so Chinese Excel reads UTF-8), safe from formula injection.

A text cell that a spreadsheet would run as a formula — one starting with
= + - @, a tab or a carriage return — is written with a leading apostrophe, so it
shows as the text it is. Numbers stay numbers.
"""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


def safe_cell(value):
    """``value`` as a spreadsheet should store it: text that looks like a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return value


def to_csv(header, rows):
    """UTF-8 CSV with a BOM, every text cell neutralised."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(str(h)) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue().encode("utf-8")


def to_xlsx(header, rows, *, title):
    """One sheet: a bold header row, then the rows; text cells neutralised, numbers as numbers."""
    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(title)
    sheet.append([safe_cell(str(h)) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        # Written as data, never interpreted: openpyxl would otherwise take "=..." as a formula.
        sheet.append([safe_cell(v) for v in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title):
    cleaned = "".join(ch for ch in str(title) if ch not in "[]:*?/\\")
    return cleaned[:31] or "Sheet1"
