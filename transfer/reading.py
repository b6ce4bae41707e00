"""Opening an uploaded CSV or XLSX file as a stream of rows.

CSV encodings are detected, not asked: UTF-8 with or without BOM, else
GB18030 (a superset of GBK and GB2312, what Chinese Excel writes). A file in
neither, a binary file named ``.csv`` and an empty file are refused with a
``FileError`` that says so. Rows are read one at a time, so a million-row
file never sits in memory.
"""

import codecs
import csv
import io
import zipfile

from django.utils.translation import gettext as _

SAMPLE_BYTES = 1 << 20
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format


class FileError(ValueError):
    """The file as a whole cannot be read; ``message`` says why, in the user's language."""

    def __init__(self, message):
        self.message = str(message)
        super().__init__(self.message)


def detect_encoding(sample, *, complete):
    """The encoding of a CSV whose first bytes are ``sample``; ``complete`` when the sample is the whole file."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileError(
            _(
                "This file is in UTF-16, which the importer does not read. "
                "Save it as CSV (UTF-8) or as an XLSX workbook."
            )
        )
    if b"\x00" in sample:
        raise FileError(_("This file is not a text CSV file (it looks like a binary file). Upload a CSV or XLSX file."))
    for encoding in ("utf-8", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            # Not final unless complete: the sample may end inside a multi-byte character.
            decoder.decode(sample, final=complete)
        except UnicodeDecodeError:
            continue
        return encoding
    raise FileError(
        _(
            "The file's text encoding could not be recognized: it is neither UTF-8 nor GB18030/GBK. "
            "Save it from Excel as “CSV UTF-8” or as an XLSX workbook."
        )
    )


class Table:
    """The rows of one file: ``rows()`` yields (row number as the spreadsheet shows it, list of cells)."""

    def __init__(self, file, name=""):
        self.file = file
        self.name = name or getattr(file, "name", "") or ""
        if hasattr(file, "seek"):
            file.seek(0)
        head = file.read(SAMPLE_BYTES)
        if isinstance(head, str):
            raise TypeError("open the file in binary mode")
        if not head.strip():
            raise FileError(_("The file is empty."))
        self.head = head
        lower = self.name.lower()
        if head.startswith(OLE_MAGIC) or lower.endswith(".xls"):
            raise FileError(_("Old .xls workbooks are not read. Save the sheet as XLSX or CSV and upload that."))
        if head.startswith(XLSX_MAGIC):
            self.format = "xlsx"
        elif lower.endswith((".xlsx", ".xlsm")):
            raise FileError(_("This file is named .xlsx but is not an Excel workbook."))
        else:
            self.format = "csv"
            self.encoding = detect_encoding(head, complete=len(head) < SAMPLE_BYTES)

    def rows(self):
        return self._xlsx_rows() if self.format == "xlsx" else self._csv_rows()

    def _csv_rows(self):
        self.file.seek(0)
        text = io.TextIOWrapper(self.file, encoding=self.encoding, newline="")
        first_line = self.head.split(b"\n", 1)[0]
        delimiter = "\t" if first_line.count(b"\t") > first_line.count(b",") else ","
        reader = csv.reader(text, delimiter=delimiter)
        try:
            # Numbered by record, as the sheet shows them: a cell holding line breaks spans several lines of the file.
            yield from enumerate(reader, start=1)
        except UnicodeDecodeError:
            raise FileError(
                _("Line %(line)d of the file is not in the file's encoding (%(encoding)s); the file may be damaged.")
                % {"line": reader.line_num + 1, "encoding": self.encoding}
            ) from None
        except csv.Error as error:
            raise FileError(
                _("Line %(line)d cannot be read as CSV: %(error)s") % {"line": reader.line_num, "error": error}
            ) from None
        finally:
            text.detach()

    def _xlsx_rows(self):
        import openpyxl

        self.file.seek(0)
        try:
            workbook = openpyxl.load_workbook(self.file, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
            raise FileError(_("This XLSX workbook cannot be opened: %(error)s") % {"error": error}) from None
        try:
            sheet = workbook.worksheets[0]
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, list(cells)
        finally:
            workbook.close()
