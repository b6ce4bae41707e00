"""Where the data is in a sheet people made, and what around it is not data.

Office sheets carry a title and a 填报单位 line above the header, a header in two
rows (活动量 merged over 场次 and 参与人次), 所属区域 or 日期 merged down over
several rows, 合计/小计 rows, a 填表人/审核人 footer, hidden rows and columns,
and an instruction sheet (填表说明) beside the data. ``plan_sheet`` finds the
header of one sheet; ``SheetPlan.items()`` then yields its data rows with the
merged cells filled down and the total rows marked, and says in ``notes`` every
row it skipped and why, so the preview can show it. Nothing is skipped silently.
"""

import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .parsing import CellError, normalize_header
from .reading import FileError, column_letters

HEADER_SEARCH_ROWS = 20
# Rows a person sums: the label is in one of the row's text cells, spaces and a colon aside.
TOTAL_WORDS = ("总合计", "合计", "总计", "小计", "共计")
_TOTAL = re.compile(r"^(?:总合计|合计|总计|小计|共计)(?:[:：].*)?$")
# A footer starts with one of these words; from there to the end nothing is data.
FOOTER_WORDS = (
    "填表人",
    "填报人",
    "制表人",
    "审核人",
    "审批人",
    "填报日期",
    "填表日期",
    "制表日期",
    "报送日期",
    "备注说明",
    "填表说明",
    "单位负责人",
    "负责人：",
    "负责人:",
    "说明：",
    "说明:",
    "注：",
    "注:",
    "备注：",
    "备注:",
    "填报单位",  # below the data it is a footer; above it, a line the header search passes over
    "盖章",
    "以下空白",
    "以下无数据",
    "（以下空白）",
    "(以下空白)",
)
# A column of row numbers, in almost every office sheet: read as nothing, and not called unknown.
ROW_NUMBER_HEADERS = {"序号", "序", "行号", "no", "no.", "编号序号"}
INSTRUCTION_WORDS = ("填表说明", "填报说明", "填写说明", "使用说明", "说明", "注意事项", "指标解释", "readme")


# Words of a total or footer row, searched in a row's joined text before the closer look (most rows have none).
_MARKERS = re.compile(
    "|".join(sorted({rf"{re.escape(word[0])}\s*{re.escape(word[1])}" for word in (*TOTAL_WORDS, *FOOTER_WORDS)}))
)


def is_blank(cells):
    return not any(cell is not None and str(cell).strip() for cell in cells)


def _texts(cells):
    return [re.sub(r"\s+", "", cell) for cell in cells if isinstance(cell, str) and cell.strip()]


def total_label(cells):
    """'合计' (or 小计, 总计 …) when the row is a total row, else ''."""
    for text in _texts(cells)[:3]:
        if _TOTAL.match(text):
            return next(word for word in TOTAL_WORDS if text.startswith(word))
    return ""


_UNIT = re.compile(r"^(?:[(（\[【][^)）\]】]*[)）\]】]|人|人次|场|场次|次|元|万元|户|小时|个|项|名|单位.*)$")


def is_units_row(cells):
    """A row under the header that holds units ((人), 元, 小时) or column numbers (1, 2, 3 …), not data."""
    values = [cell for cell in cells if cell is not None and str(cell).strip()]
    if not values:
        return False
    if all(isinstance(value, str) and _UNIT.match(re.sub(r"\s+", "", value)) for value in values):
        return True
    try:
        numbers = [float(value) for value in values]
    except (TypeError, ValueError):
        return False
    return len(numbers) > 2 and numbers == [float(numbers[0] + i) for i in range(len(numbers))]


def is_footer(cells):
    texts = _texts(cells)
    return bool(texts) and texts[0].startswith(FOOTER_WORDS)


def is_instruction_sheet(name, rows):
    """A sheet named like 填表说明, or whose first words are such a title."""
    key = normalize_header(name)
    if any(word in key for word in INSTRUCTION_WORDS):
        return True
    for _number, cells in rows[:3]:
        texts = _texts(cells)
        if texts:
            return texts[0].startswith(INSTRUCTION_WORDS[:4] + ("注意事项",))
    return False


class HeaderMatcher:
    """Header text -> Column: the kind's names and synonyms, and the user's own mapping before them."""

    def __init__(self, columns, user_map=None, synonyms=None):
        self.by_name = {}
        for column in columns:
            for name in column.names():
                self.by_name.setdefault(name, column)
        by_field = {column.field: column for column in columns}
        # A column's own names first: a synonym never takes a word another column answers to.
        for field_name, words in (synonyms or {}).items():
            if field_name in by_field:
                for word in words:
                    self.by_name.setdefault(normalize_header(word), by_field[field_name])
        for header, field_name in (user_map or {}).items():
            if field_name in by_field:
                self.by_name[normalize_header(header)] = by_field[field_name]
        self.required = [column for column in columns if column.required]
        self.count = len(columns)

    def find(self, texts):
        for text in texts:
            column = self.by_name.get(normalize_header(text))
            if column is not None:
                return column
        return None


@dataclass
class Header:
    first: int
    last: int
    mapping: dict  # column index -> Column
    texts: dict  # column index -> the header as written (sub-header, or group + sub-header)
    unknown: list  # (column index, header text) not matched
    hidden: list  # (column index, Column) skipped because the column is hidden
    duplicate: tuple = ()  # (Column, first index, second index) when a column appears twice

    @property
    def score(self):
        return len(self.mapping)

    def missing(self, matcher):
        found = {column.field for column in self.mapping.values()}
        return [column for column in matcher.required if column.field not in found]


def _header_cells(top, bottom, merged_across):
    """Per column, the header texts to try: a sub-header alone, then under its group, then the group."""
    width = max(len(top), len(bottom or ()))
    result = []
    for index in range(width):
        raw_top = top[index] if index < len(top) else ""
        raw_top = "" if raw_top is None else str(raw_top).strip()
        if bottom is None:
            result.append([raw_top] if raw_top else [])
            continue
        group = merged_across.get(index, raw_top)
        sub = bottom[index] if index < len(bottom) else ""
        sub = "" if sub is None else str(sub).strip()
        if sub:
            result.append([sub, group + sub] if group else [sub])
        else:
            result.append([raw_top] if raw_top else [])
    return result


def read_header(sheet, matcher, first, top, bottom=None):
    """The Header of rows ``first`` (and ``first + 1`` when ``bottom`` is given)."""
    merged_across = {}
    if bottom is not None:
        for r0, c0, r1, c1 in sheet.merged:
            if r0 == first and c1 > c0 and r1 == first and c0 < len(top):
                value = top[c0]
                group = "" if value is None else str(value).strip()
                for index in range(c0, c1 + 1):
                    merged_across[index] = group
    mapping, texts, unknown, hidden, seen, duplicate = {}, {}, [], [], {}, ()
    for index, candidates in enumerate(_header_cells(top, bottom, merged_across)):
        if not candidates:
            continue
        column = matcher.find(candidates)
        if index in sheet.hidden_columns:
            if column is not None:
                hidden.append((index, candidates[0]))
        elif column is None:
            if normalize_header(candidates[0]) in ROW_NUMBER_HEADERS:
                continue
            unknown.append((index, candidates[-1] if len(candidates) == 3 else candidates[0]))
        elif column.field in seen:
            duplicate = duplicate or (column, seen[column.field], index)
        else:
            seen[column.field] = index
            mapping[index] = column
            texts[index] = candidates[0] if len(candidates) == 1 or matcher.find(candidates[:1]) else candidates[1]
    return Header(first, first + (bottom is not None), mapping, texts, unknown, hidden, duplicate)


def find_header(sheet, head, matcher, *, header_row=None):
    """The Header among the first rows ``head`` ((number, cells) pairs): the first naming the required columns.

    ``header_row`` (a sheet row number) overrides the search. A header in two rows is taken when
    it names more columns than either row alone.
    """
    rows = [(number, cells) for number, cells in head if number not in sheet.hidden_rows]
    best = None
    for position, (number, cells) in enumerate(rows):
        if header_row is not None and number != header_row:
            continue
        if is_blank(cells):
            continue
        candidates = [read_header(sheet, matcher, number, cells)]
        following = rows[position + 1] if position + 1 < len(rows) else None
        if following is not None and following[0] == number + 1 and not is_blank(following[1]):
            double = read_header(sheet, matcher, number, cells, following[1])
            below = read_header(sheet, matcher, following[0], following[1])
            if double.score > max(candidates[0].score, below.score):
                candidates = [double]
        header = candidates[0]
        if best is None or header.score > best.score:
            best = header
        if header.score >= min(2, matcher.count) and not header.missing(matcher):
            return header, None
    return None, best


@dataclass
class SheetPlan:
    """One sheet as it will be read: its header, and (after ``items()``) its rows and notes."""

    sheet: object
    header: Header | None = None
    skipped: str = ""  # why the sheet is not imported
    empty: bool = False
    rows: int = 0
    notes: list = field(default_factory=list)  # (row number, message) of what was skipped or changed
    head: list = field(default_factory=list)  # the first rows, read to find the header
    rest: object = None  # the iterator of the rows after them
    best: Header | None = None  # the nearest thing to a header, when none was found

    @property
    def name(self):
        return self.sheet.name

    def header_label(self):
        if self.header is None:
            return ""
        if self.header.first == self.header.last:
            return str(self.header.first)
        return f"{self.header.first}–{self.header.last}"

    def note(self, row, message):
        self.notes.append((row, message))

    def items(self):
        """(row number, cells, total label) of each row below the header; '' as the label for a data row.

        Hidden rows, blank rows and the footer are
        left out; merged cells are filled down.
        """
        sheet, header = self.sheet, self.header
        fills = {}  # first row -> [(column, last row)] of ranges merged down within the data
        for r0, c0, r1, _c1 in sheet.merged:
            if r0 > header.last and r1 > r0 and c0 in header.mapping:
                fills.setdefault(r0, []).append((c0, r1))
        active = {}  # column -> (value, last row)
        hidden_rows = sheet.hidden_rows
        first_index = min(header.mapping)
        first_text = header.texts[first_index]
        first_row, skip_next = True, False
        rows = itertools.chain((row for row in self.head if row[0] > header.last), self.rest)
        for number, cells in rows:
            for column, last in fills.get(number, ()):
                value = cells[column] if column < len(cells) else ""
                active[column] = (value, last)
                self.note(
                    number,
                    _("Rows %(first)d–%(last)d: “%(column)s” is one merged cell; its value is filled down.")
                    % {"first": number, "last": last, "column": header.texts[column]},
                )
            if active:
                cells = self._fill(number, cells, active)
            try:
                # CSV rows are lists of str: one join tells a blank row and whether any marker word is there.
                text, other = "".join(cells), False
            except TypeError:
                text = "".join([cell for cell in cells if type(cell) is str])
                other = any(cell is not None and type(cell) is not str for cell in cells)
            if number in hidden_rows:
                if other or text.strip():
                    self.note(number, _("Row %(row)d is a hidden row; skipped.") % {"row": number})
                continue
            if not other and not text.strip():
                continue
            if skip_next:
                skip_next = False
                continue
            if first_row:
                first_row = False
                if is_units_row(cells):
                    self.note(number, _("Row %(row)d holds units or column numbers; skipped.") % {"row": number})
                    continue
            if first_index < len(cells) and cells[first_index] == first_text and self._repeats_header(cells):
                # Sheets printed page by page repeat the header; a header in two rows repeats both.
                self.note(number, _("Row %(row)d repeats the header; skipped.") % {"row": number})
                skip_next = header.last > header.first
                continue
            label = ""
            if _MARKERS.search(text):
                if is_footer(cells):
                    self.note(
                        number,
                        _(
                            "Row %(row)d starts the footer (填表人, 审核人, 填报日期 …); "
                            "it and the rows below are not imported."
                        )
                        % {"row": number},
                    )
                    return
                label = total_label(cells)
                if label:
                    self.note(number, _("Row %(row)d is a %(label)s row; skipped.") % {"row": number, "label": label})
            yield number, cells, label

    def _repeats_header(self, cells):
        texts = self.header.texts
        same = sum(1 for index, text in texts.items() if index < len(cells) and str(cells[index]).strip() == text)
        return same * 2 > len(texts)

    @staticmethod
    def _fill(number, cells, active):
        cells = list(cells)
        for column, (value, last) in list(active.items()):
            if number > last:
                del active[column]
                continue
            while len(cells) <= column:
                cells.append("")
            if cells[column] in (None, ""):
                cells[column] = value
        return cells


def plan_sheet(sheet, matcher, *, header_row=None, several=False):
    """The SheetPlan of ``sheet``: its header found, or the reason it is skipped. Reads only its first rows.

    ``several``: the sheet is one of several, so a 填表说明 sheet is recognised and passed over."""
    rows = sheet.rows()
    head = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
    plan = SheetPlan(sheet, head=head, rest=rows)
    if not sheet.visible:
        plan.skipped = _("a hidden sheet")
        return plan
    if all(is_blank(cells) for _number, cells in head):
        plan.skipped, plan.empty = _("empty"), True
        return plan
    if several and is_instruction_sheet(sheet.name, head):
        plan.skipped = _("instructions (填表说明), not data")
        return plan
    header, best = find_header(sheet, head, matcher, header_row=header_row)
    if header is None:
        plan.skipped = missing_columns(best, matcher, header_row=header_row)
        plan.best = best
        return plan
    if header.duplicate:
        column, first, second = header.duplicate
        raise FileError(
            _("The column “%(column)s” appears twice (columns %(first)s and %(second)s).")
            % {"column": column.zh, "first": column_letters(first), "second": column_letters(second)}
        )
    plan.header = header
    above = [number for number, cells in head if number < header.first and not is_blank(cells)]
    if above:
        plan.note(
            above[0],
            _("The header is in row %(header)s; the %(count)d rows above it (title, 填报单位 …) are not imported.")
            % {"header": plan.header_label(), "count": len(above)},
        )
    for index, text in header.hidden:
        plan.note(
            header.first,
            _("Column %(letter)s (“%(column)s”) is hidden; skipped.")
            % {"letter": column_letters(index), "column": text},
        )
    return plan


def missing_columns(best, matcher, *, header_row=None):
    if best is None:
        if header_row is not None:
            return _("row %(row)d is not a header row.") % {"row": header_row}
        return _("no header row found.")
    missing = best.missing(matcher)
    found = [(index, best.texts[index]) for index in best.mapping] + best.unknown
    found = [text for _index, text in sorted(found)]
    return _("Required columns are missing: %(columns)s. The header row has: %(found)s.") % {
        "columns": "、".join(f"{column.zh}（{column.en}）" for column in missing) or _("nothing"),
        "found": "、".join(found) or _("nothing"),
    }


class TotalCheck:
    """Compares each 合计/小计 row with the sum of the data rows above it, per number column."""

    def __init__(self, plan, readers):
        self.plan = plan
        mapping = plan.header.mapping
        self.numbers = [(index, name, read) for index, name, read in readers if mapping[index].kind == "number"]
        self.names = [name for _index, name, _read in self.numbers]
        # Running sums (int or Decimal, as parsed), and their values at the last 小计 row.
        self.sums = dict.fromkeys(self.names, 0)
        self.at_subtotal = dict(self.sums)

    def add(self, values):
        sums = self.sums
        for name in self.names:
            value = values.get(name)
            if value:
                sums[name] += value

    def check(self, number, cells, label):
        if label == "小计":
            expected = {name: self.sums[name] - self.at_subtotal[name] for name in self.names}
            self.at_subtotal = dict(self.sums)
        else:
            expected = self.sums
        wrong = []
        for index, name, read in self.numbers:
            try:
                value = read(cells[index] if index < len(cells) else None)
            except CellError:
                continue
            if value in (None, ""):
                continue
            try:
                stated = Decimal(str(value))
            except InvalidOperation:
                continue
            if stated != expected[name]:
                column = self.plan.header.texts.get(index, name)
                wrong.append(
                    _("“%(column)s” %(stated)s, the rows above sum to %(sum)s")
                    % {"column": column, "stated": _plain(stated), "sum": _plain(Decimal(expected[name]))}
                )
        if wrong:
            return _("Row %(row)d: the %(label)s row does not equal the sum of the rows above it: %(wrong)s.") % {
                "row": number,
                "label": label,
                "wrong": "；".join(wrong),
            }
        return ""


def _plain(value):
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
