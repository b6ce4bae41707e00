"""Opening an uploaded CSV or XLSX file as a stream of rows.

CSV encodings are detected, not asked: UTF-8 with or without BOM, UTF-16
(Excel's "Unicode text"), else GB18030 (a superset of GBK and GB2312, what
Chinese Excel writes) or Big5 (see ``detect_encoding``). A file in none,
a binary file named ``.csv`` and an empty file are refused with a
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
    """The encoding of a CSV whose first bytes are ``sample``; ``complete`` when the sample is the whole file.

    UTF-8 (BOM or not); UTF-16 with a BOM (Excel's "Unicode text"), or without one when the zero bytes of
    its ASCII show it; else GB18030 or Big5 (cp950). Big5 text nearly always also decodes as GB18030 —
    into nonsense — so when both decode, the one whose characters are the common ones of its script wins.
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked("utf-16", sample, complete)
    if b"\x00" in sample:
        encoding = _bomless_utf16(sample)
        if encoding and _decodes(encoding, sample, complete):
            return encoding
        raise FileError(_("This file is not a text CSV file (it looks like a binary file). Upload a CSV or XLSX file."))
    if _decodes("utf-8", sample, complete):
        return "utf-8"
    decoded = {encoding: _decodes(encoding, sample, complete) for encoding in ("gb18030", "cp950")}
    candidates = [encoding for encoding, text in decoded.items() if text is not None]
    shares = {encoding: _common_share(decoded[encoding], encoding) for encoding in candidates}
    if candidates and None in shares.values():
        return candidates[0]  # too few Chinese characters to tell; GB18030 first, as Chinese Excel writes it
    if candidates:
        best = max(candidates, key=shares.get)
        if shares[best] >= MIN_COMMON_SHARE:
            return best
    raise FileError(
        _(
            "The file's text encoding could not be recognized: it is neither UTF-8, UTF-16, GB18030/GBK nor Big5. "
            "Save it from Excel as “CSV UTF-8” or as an XLSX workbook."
        )
    )


# Below this share of common characters, a decoding is taken for nonsense and the file is refused.
MIN_COMMON_SHARE = 0.5
# Where the common characters sit: GB2312 level 1 (the 3,755 most used simplified characters) and
# Big5's 常用字 block (5,401 traditional ones).
_COMMON_BLOCKS = {"gb18030": ("gb2312", 0xB0, 0xD7), "cp950": ("big5", 0xA4, 0xC6)}
_SCORED_CHARACTERS = 4000


def _common_share(text, encoding):
    """The share of ``text``'s Chinese characters that are common ones in ``encoding``; None without any."""
    chinese = [char for char in text[: _SCORED_CHARACTERS * 4] if "\u4e00" <= char <= "\u9fff"][:_SCORED_CHARACTERS]
    if len(chinese) < 4:
        return None
    table, low, high = _COMMON_BLOCKS[encoding]
    common = 0
    for char in chinese:
        encoded = char.encode(table, errors="ignore")
        common += len(encoded) == 2 and low <= encoded[0] <= high
    return common / len(chinese)


def _decodes(encoding, sample, complete):
    """``sample`` decoded, or None when it is not in ``encoding``."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        # Not final unless complete: the sample may end inside a multi-byte character.
        return decoder.decode(sample, final=complete)
    except UnicodeDecodeError:
        return None


def _checked(encoding, sample, complete):
    if _decodes(encoding, sample, complete) is None:
        raise FileError(
            _("This file says it is in UTF-16 but is not; the file may be damaged. Save it again as CSV UTF-8.")
        )
    return encoding


def _bomless_utf16(sample):
    """ "utf-16-le" or "utf-16-be" when the zero bytes fall as UTF-16 puts them (every ASCII character has one)."""
    head = sample[:4096]
    head = head[: len(head) - len(head) % 2]
    pairs = len(head) // 2
    even_zeros, odd_zeros = head[0::2].count(0), head[1::2].count(0)
    if pairs and odd_zeros >= pairs / 10 and even_zeros <= odd_zeros / 20:
        return "utf-16-le"
    if pairs and even_zeros >= pairs / 10 and odd_zeros <= even_zeros / 20:
        return "utf-16-be"
    return None


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
        first_line = self.head[:4096].decode(self.encoding, errors="ignore").split("\n", 1)[0]
        delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
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
