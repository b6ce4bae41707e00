"""Opening an uploaded file — CSV, XLSX, XLS or ODS — as sheets of rows.

CSV encodings are detected, not asked: UTF-8 with or without BOM, UTF-16
(Excel's "Unicode text"), else GB18030 (a superset of GBK and GB2312, what
Chinese Excel writes) or Big5 (see ``detect_encoding``). A file in none,
a binary file named ``.csv`` and an empty file are refused with a
``FileError`` that says so. Rows are read one at a time, so a million-row
file never sits in memory.

Workbooks (.xlsx, .xls, .ods) are read with python-calamine, one reader for
all three and several times faster than openpyxl (``bench/readers.py``). It
gives the cells and, for .xlsx and .xls, the merged ranges, but not which
rows and columns are hidden: a small scanner per format reads those (and the
.ods merges) from the file itself — the sheet XML of an .xlsx, the ROW,
COLINFO and MERGEDCELLS records of an .xls (its container opened by xlrd),
content.xml of an .ods — so a hidden row is never imported as if it were
visible. Unlike a CSV, a workbook is held in memory while it is read (about
85 MB per 100,000 rows of ten columns): a ledger of millions of rows imports
as CSV.

Hostile files are refused with a ``RefusedFile`` that says why (``Limits``, from the settings): an
.xlsx/.ods archive is inspected before anything reads it — its number of parts, its unpacked size
(declared, then counted as it inflates, so a zip bomb is never inflated whole), DTD and entity
declarations, a text longer than a cell may hold, cell references past the column cap (or the web's
row cap); a row wider than the column cap, a cell longer than the cell cap (Excel's 32,767 characters)
and, in a CSV, a NUL character anywhere are refused naming their row.
"""

import codecs
import copy
import csv
import io
import re
import struct
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

SAMPLE_BYTES = 1 << 20
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format
SCAN_CHUNK = 1 << 22


@dataclass(frozen=True)
class Limits:
    """What a file may hold before it is refused (hostile files: zip bombs, huge cells, a million columns).

    Defaults come from the settings ``IMPORT_MAX_UNPACKED_BYTES``, ``IMPORT_MAX_ZIP_MEMBERS``,
    ``IMPORT_MAX_CELL_CHARS`` (Excel's own cell limit) and ``IMPORT_MAX_COLUMNS``; ``rows`` (data rows,
    None: no cap) is set by the web import from ``IMPORT_MAX_WEB_ROWS``.
    """

    unpacked_bytes: int = 200 * 1024 * 1024
    zip_members: int = 1000
    cell_chars: int = 32767
    columns: int = 1000
    rows: int | None = None

    @classmethod
    def from_settings(cls, **overrides):
        values = {
            "unpacked_bytes": getattr(settings, "IMPORT_MAX_UNPACKED_BYTES", cls.unpacked_bytes),
            "zip_members": getattr(settings, "IMPORT_MAX_ZIP_MEMBERS", cls.zip_members),
            "cell_chars": getattr(settings, "IMPORT_MAX_CELL_CHARS", cls.cell_chars),
            "columns": getattr(settings, "IMPORT_MAX_COLUMNS", cls.columns),
        }
        return cls(**{**values, **overrides})


# Rows above the data a sheet may have (titles, headers) before a row cap counts its rows as too many.
HEADER_ALLOWANCE = 50


def too_many_rows(limit):
    return RefusedFile(
        _(
            "The file has more than %(limit)d rows, the limit here. Split it, "
            "or ask an administrator to import it with manage.py import."
        )
        % {"limit": limit}
    )


def cell_too_long(limit, row=None):
    if row is None:
        return RefusedFile(
            _("A cell of the file holds more than %(limit)d characters (Excel's own limit); the file is refused.")
            % {"limit": limit}
        )
    return RefusedFile(
        _("Row %(row)d has a cell of more than %(limit)d characters (Excel's own limit); the file is refused.")
        % {"row": row, "limit": limit}
    )


def too_wide(limit, row):
    return RefusedFile(
        _("Row %(row)d has more than %(limit)d columns; the file is refused.") % {"row": row, "limit": limit}
    )


class FileError(ValueError):
    """The file as a whole cannot be read; ``message`` says why, in the user's language."""

    def __init__(self, message):
        self.message = str(message)
        super().__init__(self.message)


class RefusedFile(FileError):
    """The file is refused as a whole (over a cap, a NUL character, a DTD): no other reading of it can help."""


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
        if sample.count(0) <= len(sample) // 100:
            # A few NUL bytes in a text file: read it, and refuse the rows that hold one, by number.
            return detect_encoding(sample.replace(b"\x00", b""), complete=complete)
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


@dataclass
class Sheet:
    """One sheet: its name, position, what is hidden and merged, and its rows.

    Rows are numbered as the spreadsheet shows them (from 1), columns from 0.
    ``merged`` holds (first row, first column, last row, last column), inclusive.
    """

    name: str
    index: int
    rows: object  # a callable returning an iterator of (row number, list of cells)
    visible: bool = True
    hidden_rows: set = field(default_factory=set)
    hidden_columns: set = field(default_factory=set)
    merged: list = field(default_factory=list)


class Table:
    """The sheets of one file: ``sheets()`` lists them, each with ``rows()`` yielding (row number, cells).

    ``rows()`` is the first sheet's rows (a CSV's only sheet).
    """

    def __init__(self, file, name="", limits=None):
        self.file = file
        self.name = name or getattr(file, "name", "") or ""
        self.limits = limits or Limits.from_settings()
        if hasattr(file, "seek"):
            file.seek(0)
        head = file.read(SAMPLE_BYTES)
        if isinstance(head, str):
            raise TypeError("open the file in binary mode")
        if not head.strip():
            raise FileError(_("The file is empty."))
        self.head = head
        lower = self.name.lower()
        if head.startswith(OLE_MAGIC):
            self.format = "xls"
        elif head.startswith(ZIP_MAGIC):
            self.format = "ods" if b"application/vnd.oasis.opendocument.spreadsheet" in head[:200] else "xlsx"
        elif lower.endswith((".xlsx", ".xlsm", ".xls", ".ods")):
            raise FileError(
                _("This file is named %(suffix)s but is not a spreadsheet workbook.")
                % {"suffix": lower.rsplit(".")[-1]}
            )
        else:
            self.format = "csv"
            self.encoding = detect_encoding(head, complete=len(head) < SAMPLE_BYTES)
        self._sheets = None

    def rows(self):
        return self.sheets()[0].rows()

    def sheets(self):
        if self._sheets is None:
            self._sheets = [Sheet("", 0, self._csv_rows)] if self.format == "csv" else self._workbook_sheets()
        return self._sheets

    def _csv_rows(self):
        self.file.seek(0)
        text = io.TextIOWrapper(self.file, encoding=self.encoding, newline="")
        first_line = self.head[:4096].decode(self.encoding, errors="ignore").split("\n", 1)[0]
        delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
        reader = csv.reader(_without_nul(text), delimiter=delimiter)
        limits = self.limits
        number = 0
        try:
            # Numbered by record, as the sheet shows them: a cell holding line breaks spans several lines of the file.
            for number, row in enumerate(reader, start=1):
                if len(row) > limits.columns:
                    raise too_wide(limits.columns, number)
                if row and max(map(len, row)) > limits.cell_chars:
                    raise cell_too_long(limits.cell_chars, number)
                yield number, row
        except _NulByte:
            raise RefusedFile(
                _("Row %(row)d holds a NUL character (a zero byte), which no text file has; the file may be damaged.")
                % {"row": number + 1}
            ) from None
        except UnicodeDecodeError:
            raise FileError(
                _("Line %(line)d of the file is not in the file's encoding (%(encoding)s); the file may be damaged.")
                % {"line": reader.line_num + 1, "encoding": self.encoding}
            ) from None
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise cell_too_long(limits.cell_chars, number + 1) from None
            raise FileError(
                _("Line %(line)d cannot be read as CSV: %(error)s") % {"line": reader.line_num, "error": error}
            ) from None
        finally:
            # Give the caller its file back open. A reader abandoned mid-file (a cancelled job) is closed
            # only after the caller closed the file: nothing to give back then.
            if not self.file.closed:
                text.detach()

    def _workbook_sheets(self):
        import python_calamine

        self.file.seek(0)
        data = self.file.read()
        # Cells are measured one by one only where a text may be over the cap (the archive saw a long one).
        check_cells = self.format == "xls" and self.limits.cell_chars < 32767
        if self.format in ("xlsx", "ods"):
            check_cells = inspect_archive(data, self.limits)
        try:
            workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        except Exception as error:  # calamine raises its own error types for every kind of damage
            raise FileError(
                _("This %(format)s workbook cannot be opened: %(error)s")
                % {"format": self.format.upper(), "error": error}
            ) from None
        try:
            layouts = LAYOUT_SCANNERS[self.format](data, workbook.sheet_names)
        except (zipfile.BadZipFile, KeyError, ValueError) as error:
            raise FileError(
                _("This %(format)s workbook cannot be opened: %(error)s")
                % {"format": self.format.upper(), "error": error}
            ) from None
        sheets = []
        for index, meta in enumerate(workbook.sheets_metadata):
            hidden_rows, hidden_columns, merged = layouts.get(meta.name, (set(), set(), []))
            sheets.append(
                Sheet(
                    meta.name,
                    index,
                    _calamine_rows(workbook, meta.name, self.limits, check_cells),
                    visible=str(meta.visible).endswith("Visible"),
                    hidden_rows=hidden_rows,
                    hidden_columns=hidden_columns,
                    merged=merged,
                )
            )
        return sheets


def _calamine_rows(workbook, name, limits, check_cells):
    def rows():
        try:
            sheet = workbook.get_sheet_by_name(name)
        except Exception as error:
            raise FileError(
                _("The sheet “%(sheet)s” cannot be read: %(error)s") % {"sheet": name, "error": error}
            ) from None
        if sheet.height == 0:
            return
        if sheet.start[1] + sheet.width > limits.columns:
            raise RefusedFile(
                _("The sheet “%(sheet)s” has more than %(limit)d columns; the file is refused.")
                % {"sheet": name, "limit": limits.columns}
            )
        if limits.rows is not None and sheet.height > limits.rows + HEADER_ALLOWANCE:
            raise too_many_rows(limits.rows)
        # calamine's rows begin at the sheet's first row, its cells at the first used column.
        pad = [""] * sheet.start[1]
        cap = limits.cell_chars
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            if check_cells and any(type(cell) is str and len(cell) > cap for cell in cells):
                raise cell_too_long(cap, number)
            yield number, pad + cells if pad else cells

    return rows


class _NulByte(Exception):
    pass


def _without_nul(lines):
    """The lines of a CSV, refusing a NUL character: PostgreSQL cannot store one in text."""
    for line in lines:
        if "\x00" in line:
            raise _NulByte
        yield line


# ---------------------------------------------------------------- the archive of an .xlsx or .ods, before reading

_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_INSPECT_CHUNK = 1 << 20


def inspect_archive(data, limits):
    """Refuse a workbook's zip before anything inflates it for reading: too many members, too large
    unpacked (declared sizes first, then the bytes actually inflated, counted as they come), an XML
    member with a DTD or entity declaration, a cell text longer than the cell cap can hold. True when
    some text is longer in bytes than the cap in characters (its cells are then measured as they are read).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as error:
        raise FileError(_("This workbook cannot be opened: %(error)s") % {"error": error}) from None
    with archive:
        members = archive.infolist()
        if len(members) > limits.zip_members:
            raise RefusedFile(
                _("The workbook holds %(count)d parts, more than the %(limit)d a spreadsheet has; the file is refused.")
                % {"count": len(members), "limit": limits.zip_members}
            )
        declared = sum(member.file_size for member in members)
        if declared > limits.unpacked_bytes:
            raise _too_big(limits)
        budget, long_text = limits.unpacked_bytes, False
        for member in members:
            size, long_member = _inspect_member(archive, member, budget, limits)
            budget -= size
            long_text = long_text or long_member
        return long_text


def _too_big(limits):
    return RefusedFile(
        _(
            "Unpacked, the workbook would take more than %(limit)d MB (a compressed file this large is not a "
            "spreadsheet: a “zip bomb”); the file is refused."
        )
        % {"limit": limits.unpacked_bytes // (1024 * 1024)}
    )


def _inspect_member(archive, member, budget, limits):
    """(the bytes ``member`` actually inflates to, read a chunk at a time, never more than ``budget``;
    whether it holds a text longer in bytes than the cell cap).

    XML parts are refused with a DTD or entity declaration (the manifest of an .ods aside: nothing reads
    it) or a text too long for a cell; the sheets of an .xlsx also when a cell reference lies past the
    column cap or the row cap, before calamine lays the sheet out as one rectangle of cells.
    """
    # zipfile stops at the declared size (and checks the CRC there): declare more than the budget and a
    # chunk, to count what the data really holds; the count stops at the first chunk over the budget.
    probe = copy.copy(member)
    probe.file_size = budget + 2 * _INSPECT_CHUNK
    lower = member.filename.lower()
    is_xml = lower.endswith((".xml", ".rels", ".vml"))
    checks_dtd = is_xml and not lower.startswith("meta-inf/")
    is_sheet = lower.startswith("xl/worksheets/") and lower.endswith(".xml")
    high_ref = None
    if is_sheet and limits.rows is not None:
        high_ref = re.compile(rb'r="[A-Z]{0,3}(\d{%d,})"' % len(str(limits.rows + HEADER_ALLOWANCE)))
    # A text run longer than this many bytes holds more characters than the cap in any encoding
    # (at most ten bytes a character: "&#1114111;").
    longest_run = limits.cell_chars * 10
    total, run, tail, long_text = 0, 0, b"", False
    try:
        with archive.open(probe) as stream:
            while chunk := stream.read(_INSPECT_CHUNK):
                total += len(chunk)
                if total > budget:
                    raise _too_big(limits)
                if not is_xml:
                    continue
                joined = tail + chunk[:32]  # what straddles the previous chunk's end
                if checks_dtd and (_DTD.search(joined) or _DTD.search(chunk)):
                    raise RefusedFile(
                        _(
                            "The workbook's part %(part)s declares a DTD or entities (<!DOCTYPE, <!ENTITY>), which no "
                            "spreadsheet program writes; the file is refused."
                        )
                        % {"part": member.filename}
                    )
                if is_sheet:
                    _check_references(joined, chunk, limits, high_ref)
                tail = chunk[-32:]
                run, long_chunk = _longest_text(chunk, run, longest_run, limits)
                long_text = long_text or long_chunk
    except (zipfile.BadZipFile, NotImplementedError, EOFError, OSError) as error:
        raise FileError(
            _("The workbook's part %(part)s cannot be read: %(error)s") % {"part": member.filename, "error": error}
        ) from None
    return total, long_text


_WIDE_REF = re.compile(rb'r="([A-Z]{3,})\d')


def _check_references(joined, chunk, limits, high_ref):
    for text in (joined, chunk):
        for letters in _WIDE_REF.findall(text):
            if column_index(letters.decode()) >= limits.columns:
                raise RefusedFile(
                    _(
                        "A sheet of the workbook has a cell in column %(column)s, past the %(limit)d columns read; "
                        "the file is refused."
                    )
                    % {"column": letters.decode(), "limit": limits.columns}
                )
        if high_ref is not None:
            for digits in high_ref.findall(text):
                if int(digits) > limits.rows + HEADER_ALLOWANCE:
                    raise too_many_rows(limits.rows)


def _longest_text(chunk, run, longest, limits):
    """Track the text since the last tag across chunks; refuse a run that cannot fit the cell cap.

    The run since the last "<" and whether some text here is longer in bytes than the cap in characters.
    Within the chunk, a run longer than the cap holds a whole window of half the cap at a multiple of
    that half: a "<" is looked for in each such window, and only a window without one is measured.
    """
    cap = limits.cell_chars
    last_open = chunk.rfind(b"<")
    if last_open == -1:
        run += len(chunk)
        if run > longest:
            raise cell_too_long(cap)
        return run, run > cap
    first_open = chunk.find(b"<")
    if run + first_open > longest:
        raise cell_too_long(cap)
    long_text = run + first_open > cap
    window = max(cap // 2, 1)
    start = first_open - first_open % window + window
    while start + window <= last_open:
        if chunk.find(b"<", start, start + window) != -1:
            start += window
            continue
        left, right = chunk.rfind(b"<", 0, start), chunk.find(b"<", start + window)
        if right - left - 1 > longest:
            raise cell_too_long(cap)
        long_text = long_text or right - left - 1 > cap
        start = right - right % window + window
    run = len(chunk) - last_open
    if run > longest:
        raise cell_too_long(cap)
    return run, long_text or run > cap


# ---------------------------------------------------------------- hidden rows, columns and merges per format

_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def column_index(letters):
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def column_letters(index):
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _xlsx_sheet_paths(archive):
    """{sheet name: member path} from workbook.xml and its relationships."""
    rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    targets = {}
    for tag in re.findall(r"<Relationship\b[^>]*>", rels):
        rid, target = re.search(r'Id="([^"]+)"', tag), re.search(r'Target="([^"]+)"', tag)
        if rid and target:
            path = target.group(1).lstrip("/")
            targets[rid.group(1)] = path if path.startswith("xl/") else "xl/" + path
    workbook = archive.read("xl/workbook.xml").decode("utf-8")
    paths = {}
    for tag in re.findall(r"<(?:\w+:)?sheet\b[^>]*>", workbook):
        name, rid = re.search(r'name="([^"]*)"', tag), re.search(r'(?:\w+:)?id="([^"]+)"', tag)
        if name and rid and rid.group(1) in targets:
            paths[_xml_unescape(name.group(1))] = targets[rid.group(1)]
    return paths


def _xml_unescape(text):
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


_HIDDEN_ROW = re.compile(
    rb'<row\b[^>]*?\br="(\d+)"[^>]*?\bhidden="(?:1|true)"|<row\b[^>]*?\bhidden="(?:1|true)"[^>]*?\br="(\d+)"'
)
_HIDDEN_COLS = re.compile(rb"<col\b[^>]*>")
_MERGE = re.compile(rb'<mergeCell\b[^>]*\bref="([A-Z]+\d+):([A-Z]+\d+)"')


def scan_xlsx(data, names):
    """{sheet name: (hidden rows, hidden columns, merged ranges)}, read from each sheet's XML in chunks."""
    result = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name, path in _xlsx_sheet_paths(archive).items():
            hidden_rows, hidden_columns, merged = set(), set(), []
            with archive.open(path) as member:
                tail = b""
                while chunk := member.read(SCAN_CHUNK):
                    text = tail + chunk
                    # Scan up to the last complete tag; the rest waits for the next chunk.
                    cut = text.rfind(b">") + 1
                    text, tail = text[:cut], text[cut:]
                    if b'hidden="' in text:
                        for match in _HIDDEN_ROW.finditer(text):
                            hidden_rows.add(int(match.group(1) or match.group(3)))
                        for tag in _HIDDEN_COLS.findall(text):
                            if re.search(rb'\bhidden="(?:1|true)"', tag):
                                low = int(re.search(rb'\bmin="(\d+)"', tag).group(1))
                                high = int(re.search(rb'\bmax="(\d+)"', tag).group(1))
                                hidden_columns.update(range(low - 1, min(high, low + 1000)))
                    if b"<mergeCell" in text:
                        for first, last in _MERGE.findall(text):
                            (c0, r0), (c1, r1) = (
                                _CELL_REF.match(first.decode()).groups(),
                                _CELL_REF.match(last.decode()).groups(),
                            )
                            merged.append((int(r0), column_index(c0), int(r1), column_index(c1)))
            result[name] = (hidden_rows, hidden_columns, merged)
    return result


_BIFF8 = 0x0600
_RECORD = struct.Struct("<HH")
_BOF, _EOF, _BOUNDSHEET, _ROW, _COLINFO, _MERGEDCELLS = 0x0809, 0x000A, 0x0085, 0x0208, 0x007D, 0x00E5


def scan_xls(data, names):
    """The same from an .xls: the ROW, COLINFO and MERGEDCELLS records of each sheet, read from the workbook
    stream directly (xlrd's formatting_info reads every cell and format: ten times slower); workbooks older
    than Excel 97 (BIFF5) go through xlrd.
    """
    from xlrd import compdoc

    try:
        stream = compdoc.CompDoc(data, logfile=io.StringIO()).get_named_stream("Workbook")
    except compdoc.CompDocError as error:
        raise ValueError(str(error)) from None
    if stream is None or len(stream) < 8 or struct.unpack_from("<HHH", stream, 0)[2] != _BIFF8:
        return _scan_xls_with_xlrd(data)
    result = {}
    for name, offset in _boundsheets(stream):
        result[name] = _xls_sheet_layout(stream, offset)
    return result


def _records(stream, offset):
    """(type, payload start, payload length) of each record from ``offset`` to the substream's EOF."""
    size = len(stream)
    while offset + 4 <= size:
        kind, length = _RECORD.unpack_from(stream, offset)
        yield kind, offset + 4, length
        if kind == _EOF:
            return
        offset += 4 + length


def _boundsheets(stream):
    sheets = []
    for kind, start, length in _records(stream, 0):
        if kind == _BOUNDSHEET:
            offset, _state, sheet_type, count, flags = struct.unpack_from("<IBBBB", stream, start)
            raw = stream[start + 8 : start + length]
            name = raw[: count * 2].decode("utf-16-le") if flags & 1 else raw[:count].decode("latin-1")
            if sheet_type == 0:  # worksheets; charts and macro sheets have no rows to import
                sheets.append((name, offset))
    return sheets


def _xls_sheet_layout(stream, offset):
    hidden_rows, hidden_columns, merged = set(), set(), []
    for kind, start, length in _records(stream, offset):
        if kind == _ROW and length >= 16:
            row, options = struct.unpack_from("<H10xH", stream, start)
            if options & 0x20:  # fDyZero: the row is hidden
                hidden_rows.add(row + 1)
        elif kind == _COLINFO and length >= 10:
            first, last, _width, _xf, options = struct.unpack_from("<HHHHH", stream, start)
            if options & 1:
                hidden_columns.update(range(first, min(last, first + 1000) + 1))
        elif kind == _MERGEDCELLS and length >= 2:
            (count,) = struct.unpack_from("<H", stream, start)
            for index in range(min(count, (length - 2) // 8)):
                r0, r1, c0, c1 = struct.unpack_from("<HHHH", stream, start + 2 + 8 * index)
                merged.append((r0 + 1, c0, r1 + 1, c1))
    return hidden_rows, hidden_columns, merged


def _scan_xls_with_xlrd(data):
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except xlrd.XLRDError as error:
        raise ValueError(str(error)) from None
    result = {}
    for index, name in enumerate(book.sheet_names()):
        sheet = book.sheet_by_index(index)
        hidden_rows = {row + 1 for row, info in sheet.rowinfo_map.items() if info.hidden}
        hidden_columns = {column for column, info in sheet.colinfo_map.items() if info.hidden}
        merged = [(r0 + 1, c0, r1, c1 - 1) for r0, r1, c0, c1 in sheet.merged_cells]
        result[name] = (hidden_rows, hidden_columns, merged)
        book.unload_sheet(index)
    return result


_ODS_CELL = re.compile(rb"<table:(?:covered-)?table-cell(?=[\s/>])([^>]*)>")
_ODS_ATTRIBUTE = re.compile(rb'table:([\w-]+)="([^"]*)"')
_ODS_COLUMN = re.compile(rb"<table:table-column(?=[\s/>])([^>]*)>")
_HIDDEN_VISIBILITY = {b"collapse", b"filter"}


def scan_ods(data, names):
    """The same from content.xml, found with bytes.find: LibreOffice writes a kilobyte of XML per row, and
    an XML parser (or one regular expression over every tag) spends seconds on what is mostly empty cells.
    """
    result = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        content = archive.read("content.xml")
    find = content.find
    position = find(b"<table:table ")
    while position != -1:
        tag_end = find(b">", position)
        attributes = dict(_ODS_ATTRIBUTE.findall(content[position:tag_end]))
        name = _xml_unescape(attributes.get(b"name", b"").decode("utf-8"))
        table_end = find(b"</table:table>", tag_end)
        table_end = len(content) if table_end == -1 else table_end
        first_row = find(b"<table:table-row", tag_end, table_end)
        hidden_columns, column = set(), 0
        for match in _ODS_COLUMN.finditer(content, tag_end, table_end if first_row == -1 else first_row):
            values = dict(_ODS_ATTRIBUTE.findall(match.group(1)))
            repeat = int(values.get(b"number-columns-repeated", 1))
            if values.get(b"visibility") in _HIDDEN_VISIBILITY:
                hidden_columns.update(range(column, column + min(repeat, 1000)))
            column += repeat
        hidden_rows, merged = _ods_rows(content, first_row, table_end)
        result[name] = (hidden_rows, hidden_columns, merged)
        position = find(b"<table:table ", table_end)
    return result


def _ods_rows(content, position, table_end):
    find = content.find
    hidden_rows, merged, row = set(), [], 0
    while position != -1:
        tag_end = find(b">", position)
        if content[position + 16 : position + 17] not in (b" ", b">", b"/"):  # <table:table-rows>, -row-group
            position = find(b"<table:table-row", tag_end, table_end)
            continue
        attributes = content[position + 16 : tag_end]
        repeat = 1
        if b"=" in attributes:
            values = dict(_ODS_ATTRIBUTE.findall(attributes))
            repeat = int(values.get(b"number-rows-repeated", 1))
            if values.get(b"visibility") in _HIDDEN_VISIBILITY and repeat < 100_000:
                hidden_rows.update(range(row + 1, row + 1 + repeat))
        if attributes.endswith(b"/"):
            row_end = tag_end
        else:
            row_end = find(b"</table:table-row>", tag_end, table_end)
            if find(b"-spanned=", tag_end, row_end) != -1:
                _ods_row_merges(content[tag_end:row_end], row + 1, merged)
        row += repeat
        position = find(b"<table:table-row", row_end, table_end)
    return hidden_rows, merged


def _ods_row_merges(text, number, merged):
    column = 0
    for cell in _ODS_CELL.finditer(text):
        values = dict(_ODS_ATTRIBUTE.findall(cell.group(1)))
        rows_spanned = int(values.get(b"number-rows-spanned", 1))
        columns_spanned = int(values.get(b"number-columns-spanned", 1))
        if rows_spanned > 1 or columns_spanned > 1:
            merged.append((number, column, number + rows_spanned - 1, column + columns_spanned - 1))
        column += int(values.get(b"number-columns-repeated", 1))


LAYOUT_SCANNERS = {"xlsx": scan_xlsx, "xls": scan_xls, "ods": scan_ods}
