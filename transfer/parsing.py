"""Reading cells as people type them in Chinese office spreadsheets.

Every parser takes the raw cell (a string from a CSV, or whatever openpyxl
returns for an XLSX cell) and returns the Python value, or raises
``CellError`` with the reason in the user's language. The admin import and
the command line both go through these functions: there is one parser per
kind of value, never two that could disagree.
"""

import datetime
import re
import unicodedata
from decimal import Decimal

from django.utils.translation import gettext as _

from activities.measures import PREFIX_QUALIFIERS


class CellError(ValueError):
    """A cell that cannot be read; ``message`` says why, in the user's language."""

    def __init__(self, message):
        self.message = str(message)
        super().__init__(self.message)


def clean_text(value):
    """The cell as stripped text ('' for empty); numbers from XLSX lose a spurious '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).replace("\u3000", " ").strip()


# ---------------------------------------------------------------- headers

_BRACKETED_SUFFIX = re.compile(r"\([^()]*\)$")
_HEADER_NOISE = re.compile(r"[\s_\-*:：]+")


# The traditional forms of the characters of header words, read as their simplified forms: a Big5 file
# (from Hong Kong, Macao, Taiwan or a traditional-Chinese Windows) writes 標題 for 标题.
_TRADITIONAL_HEADER_CHARACTERS = str.maketrans(
    "與眾黨別務動區單參號員場備屆屬開願戶數時機標註點電碼稱類級組織結編聯訪證話負責資長隊題額內會間實踐況說審報計"
    "總記錄條糾紛調議見發團應兩萬億業項們鄉鎮縣衛東歲齡網樓園",
    "与众党别务动区单参号员场备届属开愿户数时机标注点电码称类级组织结编联访证话负责资长队题额内会间实践况说审报计"
    "总记录条纠纷调议见发团应两万亿业项们乡镇县卫东岁龄网楼园",
)


def normalize_header(value):
    """A header reduced to compare: NFKC (full-width brackets and letters), no blanks, no unit suffix, lower case.

    "志愿服务时长（小时）", " 资金(元) ", "Volunteer_Hours", "標題" -> "志愿服务时长", "资金", "volunteerhours", "标题".
    """
    text = unicodedata.normalize("NFKC", clean_text(value)).strip().translate(_TRADITIONAL_HEADER_CHARACTERS)
    previous = None
    while previous != text:
        previous = text
        text = _BRACKETED_SUFFIX.sub("", text).strip()
    return _HEADER_NOISE.sub("", text).lower()


# ---------------------------------------------------------------- numbers

# 小写 and 大写 (the banker's forms cheques and finance tables use), simplified and traditional.
_DIGITS = {
    **dict.fromkeys("零〇", 0),
    **dict.fromkeys("一壹", 1),
    **dict.fromkeys("二两贰貳兩", 2),
    **dict.fromkeys("三叁參", 3),
    **dict.fromkeys("四肆", 4),
    **dict.fromkeys("五伍", 5),
    **dict.fromkeys("六陆陸", 6),
    **dict.fromkeys("七柒", 7),
    **dict.fromkeys("八捌", 8),
    **dict.fromkeys("九玖", 9),
}
_SMALL_UNITS = {**dict.fromkeys("十拾", 10), **dict.fromkeys("百佰", 100), **dict.fromkeys("千仟", 1000)}
_BIG_UNITS = {**dict.fromkeys("万萬", 10_000), **dict.fromkeys("亿億", 100_000_000)}
_UNIT_CHARS = "".join([*_SMALL_UNITS, *_BIG_UNITS])
_NUMERAL_CHARS = "".join([*_DIGITS, _UNIT_CHARS])
_CHINESE_NUMERAL = re.compile(f"^[{_NUMERAL_CHARS}]+")
_ARABIC = re.compile(r"^\d+(?:\.\d+)?")
# Arabic digits with units between them, as people shorten 12000 to 1万2千 and 3500 to 3千5百.
_MIXED = re.compile(f"^(?:\\d+[{_UNIT_CHARS}]+)+\\d+[{_UNIT_CHARS}]?")
_NUMERAL_TOKEN = re.compile(r"\d+|.")
# Words before the figure: exact ones (共计 1100) and those that make it approximate (约 397636, 近万, 上千).
_EXACT_PREFIXES = ("共计", "累计", "共", "计")
_PREFIXES = tuple(sorted((*_EXACT_PREFIXES, *PREFIX_QUALIFIERS), key=len, reverse=True))
# What may follow the figure: a qualifier (余/多), a multiplier (万), another qualifier, then a unit word.
_TAIL = re.compile(r"^(余|多)?(万|萬|亿|億|千|百)?(余|多|左右|以上|\+)?([^\d.\-+]{0,4})$")


class ApproximateInt(int):
    """A whole number that was written approximately: ``qualifier`` is its 余, 多, 约, 近, 上 …"""

    qualifier = ""


class ApproximateDecimal(Decimal):
    """A decimal number that was written approximately (see ``ApproximateInt``)."""

    qualifier = ""


def approximate(number, qualifier):
    """``number`` carrying ``qualifier`` (a plain number when there is none); it reads and adds as the number."""
    if not qualifier or number is None:
        return number
    result = ApproximateDecimal(number) if isinstance(number, Decimal) else ApproximateInt(number)
    result.qualifier = qualifier
    return result


def qualifier_of(value):
    """The qualifier a parsed number was written with ("" for an exact one, or no number)."""
    return getattr(value, "qualifier", "")


def plain(value):
    """A parsed number without its qualifier, as the database stores it."""
    if isinstance(value, ApproximateInt):
        return int(value)
    if isinstance(value, ApproximateDecimal):
        return Decimal(value)
    return value


_NEGATIVE = re.compile(r"^(?:-|−|负)")


def _chinese_to_int(text):
    """二十五 -> 25, 两万 -> 20000, 壹万壹仟 -> 11000, 拾万零壹 -> 100001, 一亿两千万 -> 120000000, 万 -> 10000.

    A bare unit counts one (万 is 10000); digits without any unit are read place by place (二〇二一 -> 2021);
    a last digit straight after a unit counts in the place below it, as people say them (两万五 -> 25000,
    三千五 -> 3500, 1万2 -> 12000; but 一千零五 -> 1005); Arabic digits may stand between units (1万2千).
    """
    if len(text) > 1 and all(char in _DIGITS for char in text):
        return int("".join(str(_DIGITS[char]) for char in text))
    # Below 亿: ``middle`` (whole 万s) and ``section`` (below 万); ``digit`` waits for its unit.
    total, middle, section, digit, unit_before, place_below = 0, 0, 0, None, None, None
    for char in _NUMERAL_TOKEN.findall(text):
        if char.isdigit() or char in _DIGITS:
            digit = int(char) if char.isdigit() else _DIGITS[char]
            # Only a digit straight after 百/千/万/亿 may be shorthand for the place below it.
            place_below = unit_before // 10 if unit_before and unit_before >= 100 else None
            unit_before = None
            continue
        if char in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[char]
        elif _BIG_UNITS[char] == 10_000:
            middle += (section + (digit or 0) or 1) * 10_000
            section = 0
        else:  # 亿
            total += (middle + section + (digit or 0) or 1) * 100_000_000
            middle, section = 0, 0
        digit, unit_before = None, _SMALL_UNITS.get(char) or _BIG_UNITS[char]
    if digit is not None and place_below:
        digit *= place_below
    return total + middle + section + (digit or 0)


def parse_number(value, *, decimal_places=0, maximum=None):
    """A non-negative number written as people write it; None for an empty cell.

    "1,100", "１２３", "1.5万", "3620万元", "两万", "十余", "8000余", "约397636", "近万", "上千", "25余次".
    Returns an int when ``decimal_places`` is 0, else a Decimal; a figure written approximately
    (余/多/左右/以上 after it, 约/近/上/超过/逾 before it) keeps that qualifier as the number's
    ``qualifier`` (``approximate``; read it with ``qualifier_of``), and reads and adds as the base value.
    """
    qualifier = ""
    if isinstance(value, bool):
        raise CellError(_("“%(value)s” is not a number.") % {"value": value})
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
        shown = clean_text(value)
    else:
        shown = clean_text(value)
        text = unicodedata.normalize("NFKC", shown)
        text = re.sub(r"[\s,]", "", text)
        if not text:
            return None
        if _NEGATIVE.match(text):
            raise CellError(_("“%(value)s” is negative; numbers here cannot be below zero.") % {"value": shown})
        for prefix in _PREFIXES:
            if text.startswith(prefix):
                text = text[len(prefix) :]
                qualifier = "" if prefix in _EXACT_PREFIXES else prefix
                break
        number = None
        match = _MIXED.match(text) or _ARABIC.match(text)
        if match and not match.group().replace(".", "").isdigit():
            number, rest = Decimal(_chinese_to_int(match.group())), text[match.end() :]
        elif match:
            number, rest = Decimal(match.group()), text[match.end() :]
        else:
            match = _CHINESE_NUMERAL.match(text)
            if match:
                number, rest = Decimal(_chinese_to_int(match.group())), text[match.end() :]
        tail = _TAIL.match(rest) if number is not None else None
        if tail is None or (tail.group(4) and _CHINESE_NUMERAL.match(tail.group(4))):
            raise CellError(_("“%(value)s” is not a number.") % {"value": shown})
        after = tail.group(1) or tail.group(3)
        if after:
            qualifier = qualifier or ("余" if after == "+" else after)
        multiplier = tail.group(2)
        if multiplier:
            number *= {**_BIG_UNITS, **_SMALL_UNITS}[multiplier]
    if number < 0:
        raise CellError(_("“%(value)s” is negative; numbers here cannot be below zero.") % {"value": shown})
    number = number.normalize() if number == number.to_integral() else number
    if decimal_places == 0:
        if number != number.to_integral():
            raise CellError(_("“%(value)s” must be a whole number.") % {"value": shown})
        number = int(number)
    elif number.as_tuple().exponent < -decimal_places:
        raise CellError(
            _("“%(value)s” has more than %(places)d decimal places.") % {"value": shown, "places": decimal_places}
        )
    else:
        number = number.quantize(Decimal(1).scaleb(-decimal_places))
    if maximum is not None and number > maximum:
        raise CellError(_("“%(value)s” is larger than %(maximum)s.") % {"value": shown, "maximum": f"{maximum:,}"})
    return approximate(number, qualifier)


# ---------------------------------------------------------------- dates

_FULL_DATE = re.compile(r"^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_YEARLESS_DATE = re.compile(r"^(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?$")
# A spreadsheet's serial day number, as a CSV saved from Excel writes a date cell that lost its format.
_SERIAL_DATE = re.compile(r"^(\d{5})(?:\.\d+)?$")
EXCEL_EPOCH = datetime.date(1899, 12, 30)
_TIME_OF_DAY = re.compile(r"(?<=[\d日])(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_WEEKDAY = re.compile(r"\s*\(?(?:星期|周|礼拜)[一二三四五六日天]\)?$")
# 二〇二一年五月十二日, as formal documents write dates.
_CHINESE_DATE = re.compile(
    r"^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})日)?"
)


def _chinese_date_digits(match):
    year, month, day = match.groups()
    text = f"{_chinese_to_int(year)}年{_chinese_to_int(month)}月"
    return text + (f"{_chinese_to_int(day)}日" if day else "")


# Serial numbers read as dates: 1990-01-01 to 2099-12-31. Outside it a number is not taken for a date.
SERIAL_RANGE = (32874, 73050)


def _serial_day(number):
    """The date of Excel serial day ``number`` (a time of day dropped), or None outside ``SERIAL_RANGE``."""
    if SERIAL_RANGE[0] <= number <= SERIAL_RANGE[1]:
        return EXCEL_EPOCH + datetime.timedelta(days=int(number))
    return None


def dotted_number_doubt(value):
    """For a number cell read as a date without a year (10.1): the date it may have been typed as, else None.

    A spreadsheet stores a typed 10.10 as the number 10.1 and a typed 6.20 as 6.2: the trailing zero is
    gone, and only the typist knows whether 1 October or 10 October was meant.
    """
    if not isinstance(value, float) or value.is_integer():
        return None
    month, _dot, day = repr(value).partition(".")
    if len(day) != 1 or day not in "123":
        return None
    try:
        datetime.date(2000, int(month), int(day) * 10)
    except ValueError:
        return None
    return f"{int(month)}.{day}0"


def parse_date(value, *, year=None, earliest=None):
    """A date written as people write it; None for an empty cell.

    "2020-06-13", "2020/6/13", "2020.6.13", "2020年6月13日", "二〇二〇年六月十三日", "20200613", with a
    time of day or a weekday after it, an XLSX date cell, an Excel serial day (44328, in an XLSX number
    cell or a CSV), and "6月13日" / "6/13" when ``year`` is given.
    """
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool) and _serial_day(value):
        # An XLSX date cell that lost its date format: Excel's serial day number.
        day = _serial_day(value)
    else:
        shown = clean_text(value)
        # A time of day ("2020-06-13 00:00:00" from a database, "2020/6/13 9:30" from Excel) and a
        # weekday ("2020年6月13日（星期六）") are dropped: the record keeps the day.
        text = _TIME_OF_DAY.sub("", unicodedata.normalize("NFKC", shown).strip())
        text = re.sub(r"\s+", "", _WEEKDAY.sub("", text))
        if not text:
            return None
        text = _CHINESE_DATE.sub(_chinese_date_digits, text)
        match = _FULL_DATE.match(text) or _COMPACT_DATE.match(text)
        serial = _SERIAL_DATE.match(text)
        if match:
            parts = [int(part) for part in match.groups()]
        elif serial and _serial_day(int(serial.group(1))):
            return _not_before(_serial_day(int(serial.group(1))), earliest)
        else:
            match = _YEARLESS_DATE.match(text)
            if not match:
                raise CellError(_("“%(value)s” is not a date; write it as 2020-06-13.") % {"value": shown})
            if year is None:
                raise CellError(
                    _("“%(value)s” has no year; choose the year on the import form (--year on the command line).")
                    % {"value": shown}
                )
            parts = [year, int(match.group(1)), int(match.group(2))]
        try:
            day = datetime.date(*parts)
        except ValueError:
            raise CellError(_("“%(value)s” is not a date that exists.") % {"value": shown}) from None
    return _not_before(day, earliest)


def _not_before(day, earliest):
    if earliest and day < earliest:
        raise CellError(
            _("%(date)s is before %(earliest)s, the earliest date accepted.")
            % {"date": day.isoformat(), "earliest": earliest.isoformat()}
        )
    return day


# ---------------------------------------------------------------- identifiers and choices


def parse_identifier(value):
    """A phone or ID number as text: NFKC, no blanks; an XLSX number cell loses its '.0'."""
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(_("“%(value)s” is not a phone or ID number.") % {"value": value})
        value = int(value)
    text = unicodedata.normalize("NFKC", clean_text(value))
    return re.sub(r"\s+", "", text).upper()


def parse_list(value):
    """A list written in one cell: "青年志愿服务队、巾帼志愿者; 马路天使" -> three names."""
    text = unicodedata.normalize("NFKC", clean_text(value))
    return [part.strip() for part in re.split(r"[、,;|\n]", text) if part.strip()]
