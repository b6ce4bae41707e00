"""The columns of each importable list, defined once for import, export and templates.

A ``Column`` names its Chinese and English headers (DESIGN §4), whether it is
required, how a cell is read (``parse``) and how a value is written back
(``export``). Header matching is tolerant: see ``parsing.normalize_header``.
"""

import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.spreadsheets import FORMULA_STARTS

from .parsing import (
    CellError,
    clean_text,
    dotted_number_doubt,
    normalize_header,
    parse_date,
    parse_identifier,
    parse_number,
)

MEMO_KINDS = {"number", "date", "choice"}
TEXT_KINDS = {"text", "ref"}
MEMO_SIZE = 4096  # cell texts remembered per column; the memo starts over when full
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


@dataclass(frozen=True)
class _Failed:
    message: str


def parse_plain_text(value, max_length, *, multiline=False):
    """Stripped text; an export's formula guard (a leading ') in front of =, +, -, @ is removed again.

    Unless ``multiline``, line breaks (Alt+Enter in a cell) become one space: a title is one line.
    """
    text = clean_text(value)
    if not multiline:
        text = _LINE_BREAKS.sub(" ", text)
    if text[:1] == "'" and text[1:2] and text[1] in FORMULA_STARTS:
        text = text[1:]
    if max_length and len(text) > max_length:
        raise CellError(
            _("“%(value)s” is %(length)d characters long; at most %(max)d fit.")
            % {"value": shorten(text), "length": len(text), "max": max_length}
        )
    return text


def shorten(text, size=20):
    """The start of a long cell, to quote it in a message."""
    return text if len(text) <= size else text[:size] + "…"


@dataclass
class Column:
    field: str
    zh: str
    en: str
    required: bool = False
    kind: str = "text"  # text, number, date, choice, ref, identifier, list
    max_length: int = 0
    decimal_places: int = 0
    maximum: int | None = None
    choices: type | None = None  # a TextChoices class
    example: str = ""
    aliases: tuple = ()
    multiline: bool = False  # text that keeps its line breaks (notes)
    _choice_map: dict = field(default=None, repr=False)

    @property
    def header(self):
        """The header exports and templates write: the Chinese name."""
        return self.zh

    def names(self):
        return {normalize_header(name) for name in (self.zh, self.en, *self.aliases)}

    def parse(self, value, *, year=None, earliest=None):
        """The cell's value; '' / None for an empty cell (required columns say so); CellError if unreadable."""
        if self.kind == "number":
            result = parse_number(value, decimal_places=self.decimal_places, maximum=self.maximum)
        elif self.kind == "date":
            result = parse_date(value, year=year, earliest=earliest)
        elif self.kind == "identifier":
            result = parse_identifier(value)
        elif self.kind == "choice":
            result = self.parse_choice(value)
        else:
            result = parse_plain_text(value, self.max_length, multiline=self.multiline)
        if self.required and result in (None, ""):
            raise CellError(_("This column is required; the cell is empty."))
        return result

    def reader(self, *, year=None, earliest=None, notes=None):
        """``parse`` with these options, remembering the answers for recent cell texts.

        Dates, figures and choices repeat down a sheet (a hundred thousand rows hold a few
        hundred dates); reading each text once keeps a large import's parsing cheap.
        A date read from a number cell that may have lost a trailing zero (10.1 typed as
        10.10) is read, and (field, warning) is appended to ``notes`` for the importer to name its row.
        """
        if self.kind == "date" and notes is not None:
            return self._date_reader(self.reader(year=year, earliest=earliest), notes)
        if self.kind in TEXT_KINDS:
            return self._text_reader(functools.partial(self.parse, year=year, earliest=earliest))
        if self.kind not in MEMO_KINDS:
            return functools.partial(self.parse, year=year, earliest=earliest)
        memo = {}

        def read(value):
            if type(value) is not str:  # XLSX cells: dates, floats — and True == 1 must not share an answer
                return self.parse(value, year=year, earliest=earliest)
            try:
                result = memo[value]
            except KeyError:
                try:
                    result = self.parse(value, year=year, earliest=earliest)
                except CellError as error:
                    result = _Failed(error.message)
                if len(memo) >= MEMO_SIZE:
                    memo.clear()
                memo[value] = result
            if type(result) is _Failed:
                raise CellError(result.message)
            return result

        return read

    def _date_reader(self, read, notes):
        def read_noting(value):
            result = read(value)
            if type(value) is float and result is not None:
                typed = dotted_number_doubt(value)
                if typed:
                    notes.append(
                        (
                            self.field,
                            _(
                                "the number cell %(value)s was read as %(date)s; if %(typed)s was typed, "
                                "format the column as text or write the date in full (2020-10-10) and import again."
                            )
                            % {"value": clean_text(value), "date": result.isoformat(), "typed": typed},
                        )
                    )
            return result

        return read_noting

    def _text_reader(self, parse):
        """``parse`` for a text or reference column, with ``parse_plain_text``'s common case inline.

        A CSV cell is a str: ``clean_text`` is then just the replace and strip below. Whatever
        that plain answer would not do — a leading ' (formula guard), too long, empty and
        required, or not a str at all — goes through ``parse`` itself, so the answers are its answers.
        """
        max_length = self.max_length or float("inf")
        required = self.required
        multiline = self.multiline

        def read(value):
            if type(value) is str:
                text = value.replace("\u3000", " ").strip()
                if text:
                    one_line = multiline or ("\n" not in text and "\r" not in text)
                    if text[0] != "'" and len(text) <= max_length and one_line:
                        return text
                elif not required:
                    return text
            return parse(value)

        return read

    def parse_choice(self, value):
        text = clean_text(value)
        if not text:
            return ""
        if self._choice_map is None:
            mapping = {}
            for language in ("en", "zh-hans"):
                with translation.override(language):
                    for choice_value, label in self.choices.choices:
                        mapping[normalize_header(label)] = choice_value
            for choice_value in self.choices.values:
                mapping[normalize_header(choice_value)] = choice_value
            mapping.update(EXTRA_CHOICE_WORDS.get(self.choices.__name__, {}))
            self._choice_map = mapping
        result = self._choice_map.get(normalize_header(text))
        if result is None:
            labels = "、".join(str(label) for label in self.choices.labels)
            raise CellError(_("“%(value)s” is not one of: %(choices)s.") % {"value": text, "choices": labels})
        return result

    def export(self, value):
        """The cell written for ``value`` (the formula guard is applied by the writer)."""
        if value is None:
            return ""
        if self.kind == "choice":
            return str(self.choices(value).label) if value else ""
        if isinstance(value, Decimal):
            return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
        if hasattr(value, "isoformat"):
            return value.isoformat()
        return value


# Levels as the official division lists (统计用区划代码, 行政区划代码) and office sheets write them.
REGION_LEVEL_WORDS = {
    **dict.fromkeys(("省级", "省份", "自治区", "直辖市", "特别行政区", "province"), "province"),
    **dict.fromkeys(("地级", "地级市", "副省级市", "自治州", "州", "地区", "盟", "prefecture"), "city"),
    **dict.fromkeys(("县级", "县", "县级市", "市辖区", "旗", "自治县", "自治旗", "林区", "特区", "新区"), "district"),
    **dict.fromkeys(("区县", "县区", "county"), "district"),
    **dict.fromkeys(("街道办事处", "街道办", "街办"), "subdistrict"),
    **dict.fromkeys(("乡级", "镇", "乡", "民族乡", "苏木", "民族苏木", "区公所", "town"), "township"),
    **dict.fromkeys(("居委会", "社区居委会", "居民委员会", "社区居民委员会"), "community"),
    **dict.fromkeys(("村级", "村委会", "村民委员会", "行政村", "嘎查"), "village"),
    **dict.fromkeys(("小区", "院落", "院"), "compound"),
    **dict.fromkeys(("楼", "栋", "楼宇"), "building"),
}

# Words people write that are not the labels: 男/女 for gender, 党员 for a Party member.
EXTRA_CHOICE_WORDS = {
    "RegionLevel": REGION_LEVEL_WORDS,
    "Gender": {"男": "M", "女": "F", "男性": "M", "女性": "F"},
    "PoliticalStatus": {"党员": "party_member", "预备党员": "probationary", "团员": "league_member", "群众": "masses"},
    "YesNo": {"√": "yes", "✓": "yes", "对": "yes", "y": "yes", "×": "no", "n": "no"},
    "ElectionKind": {"换届": "general", "换届大会": "general", "补选": "by_election", "成立大会": "founding"},
    "SuggestionStatus": {
        "收到": "received",
        "待办": "received",
        "已答复": "answered",
        "已解答": "answered",
        "解答": "answered",
        "转办": "referred",
        "已转办": "referred",
        "办结": "handled",
        "已处理": "handled",
    },
}


class YesNo(models.TextChoices):
    """A cell that says yes or no (是/否); ``flag`` columns read it."""

    YES = "yes", gettext_lazy("Yes")
    NO = "no", gettext_lazy("No")


def text(field, zh, en, max_length, **options):
    return Column(field, zh, en, kind="text", max_length=max_length, **options)


def number(field, zh, en, *, decimal_places=0, maximum=None, **options):
    return Column(field, zh, en, kind="number", decimal_places=decimal_places, maximum=maximum, **options)


def date(field, zh, en, **options):
    return Column(field, zh, en, kind="date", **options)


def choice(field, zh, en, choices, **options):
    return Column(field, zh, en, kind="choice", choices=choices, **options)


def flag(field, zh, en, **options):
    """A yes/no column (是/否, √/×): its value is ``YesNo.YES``, ``YesNo.NO`` or "" for an empty cell."""
    return Column(field, zh, en, kind="choice", choices=YesNo, **options)


def ref(field, zh, en, **options):
    return Column(field, zh, en, kind="ref", max_length=500, **options)


def identifier(field, zh, en, **options):
    return Column(field, zh, en, kind="identifier", **options)


# Header words offices use for the figures that are indicators, not core measures (activities.measures: a
# figure of another meaning than a measure's is an indicator): a sheet's 期数 column was once read as
# sessions (场次) and is now the training classes (期), its 调查商户 and 贷款金额 never households or funds.
INDICATOR_HEADER_WORDS = {
    "training_classes": ("期数", "培训期数", "培训班期数", "举办期数"),
    "shops_surveyed": ("调查商户数", "走访商户", "商户数"),
    "loans_granted": ("贷款", "贷款金额", "发放贷款金额", "小额贷款"),
    "trainees": ("培训人数", "受训人数"),
    "members_mobilized": ("发动党员数", "参与党员", "党员人数"),
    "masses_mobilized": ("带动群众数", "发动群众"),
}


def indicator_column(indicator):
    """A column reading an admin-defined indicator: header "意见建议(条)", its name, its code or its header words."""
    return Column(
        f"indicator:{indicator.pk}",
        f"{indicator.name}({indicator.unit})",
        indicator.code,
        kind="number",
        decimal_places=2,
        maximum=10**12,
        aliases=(indicator.name, *INDICATOR_HEADER_WORDS.get(indicator.code, ())),
    )
