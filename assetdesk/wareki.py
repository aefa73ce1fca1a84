"""Japanese era (和暦) dates and fiscal years (年度), read the many ways people write them.

Reading rules (the documented choices):

* Western and wareki forms, full or half width: ``2020/4/1``, ``2020-04-01``, ``2020.4.1``,
  ``2020年4月1日``, ``20200401``, ``令和2年4月1日``, ``令和元年5月1日``, ``R2.4.1``,
  ``R02/04/01``, ``H30.4.1``, ``平30.4.1``, ``㍻30年4月1日``; era letters M/T/S/H/R in either case.
  A trailing weekday ``(水)``, a time ``00:00:00`` and the words 予定/頃/まで are dropped.
* An era year counts from the era's first year whatever the date: ``平成31年5月1日`` and
  ``H32.1.1`` are the dates 2019-05-01 and 2020-01-01 (people keep writing the old era after a
  change), and ``令和元年4月1日`` is 2019-04-01. Era year 0 is refused.
* Year and month only (``2020年4月``, ``R2.4``) is the 1st of the month; ``R7.3末`` (末/末日) is the
  last day of the month.
* Excel serials (1900 system, with its phantom 1900-02-29) are read from numbers between
  1950-01-01 and 2199-12-31; 8-digit numbers are ``yyyymmdd``; a bare year is refused.
* Dates outside 1868-01-01..2199-12-31 are refused as implausible.

Fiscal years run April to March and are named by the year they start in. A label names the era
in force on 1 October of that year (its larger part): FY2019 is 令和元年度, FY1988 is 昭和63年度.
"""

from __future__ import annotations

import calendar
import datetime as dt
import numbers
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from assetdesk.i18n import _
from assetdesk.values import ValueProblem


@dataclass(frozen=True)
class Era:
    name: str       # 令和
    letter: str     # R
    start: dt.date  # first day of the era

    @property
    def first_year(self) -> int:
        """The western year of the era's year 1 (元年)."""
        return self.start.year


#: Oldest first. 明治 is taken from 1868-01-01 (元年 was proclaimed retroactively for the year).
ERAS: tuple[Era, ...] = (
    Era("明治", "M", dt.date(1868, 1, 1)),
    Era("大正", "T", dt.date(1912, 7, 30)),
    Era("昭和", "S", dt.date(1926, 12, 25)),
    Era("平成", "H", dt.date(1989, 1, 8)),
    Era("令和", "R", dt.date(2019, 5, 1)),
)
#: 令和, 令 (as in 令2.4.1) and R name the same era; lower-case letters are upper-cased first.
_ERA_BY_SPELLING: dict[str, Era] = {
    spelling: era for era in ERAS for spelling in (era.name, era.name[0], era.letter)
}

DATE_MIN = dt.date(1868, 1, 1)
DATE_MAX = dt.date(2199, 12, 31)
FY_MIN = DATE_MIN.year
FY_MAX = DATE_MAX.year
#: Longest text worth reading as a date or fiscal year; longer is refused before any regex runs.
MAX_CHARS = 64

_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 0 for serials past the phantom 1900-02-29 (60)
_SERIAL_MIN = (dt.date(1950, 1, 1) - _EXCEL_EPOCH).days
_SERIAL_MAX = (DATE_MAX - _EXCEL_EPOCH).days

_ERA_RE = r"(?P<era>明治|大正|昭和|平成|令和|[明大昭平令MTSHR])"
_DATE_RE = re.compile(
    r"(?:" + _ERA_RE + r"(?P<ey>\d{1,3}|元)|(?P<wy>\d{4}))"
    r"(?:年|[./-])(?P<m>\d{1,2})"
    r"(?:(?:月|[./-])(?P<d>\d{1,2})日?|月?(?P<end>末日?)?)"
)
_COMPACT_RE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_YEAR_ONLY_RE = re.compile(r"(?:" + _ERA_RE + r"(?:\d{1,3}|元)|\d{4})年?")
_WEEKDAY_RE = re.compile(r"\((?:[月火水木金土日](?:曜日?)?|MON|TUE|WED|THU|FRI|SAT|SUN)\)$")
_TIME_RE = re.compile(r"(?:T|\s)+\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?$")
_DATE_SUFFIXES = ("見込み", "見込", "予定", "ごろ", "頃", "まで", "迄")
_FY_WESTERN_RE = re.compile(r"(?:FY)?(?P<wy>\d{4})(?:年度?)?")
_FY_WAREKI_RE = re.compile(_ERA_RE + r"(?P<ey>\d{1,3}|元)(?:\((?P<wy>\d{4})(?:年度?)?\))?(?:年度?)?")
_FY_BOTH_RE = re.compile(r"(?P<wy>\d{4})\(" + _ERA_RE + r"(?P<ey>\d{1,3}|元)(?:年度?)?\)(?:年度?)?")
_FY_SUFFIXES = ("予定", "頃", "ごろ", "中", "末", "内")


# -- dates -----------------------------------------------------------------------------------

def parse_date(value: object) -> dt.date:
    """The date that ``value`` (text, Excel serial, date or datetime) names, or ValueProblem."""
    if value is None:
        raise ValueProblem(_("日付がありません"), value)
    if isinstance(value, dt.datetime):
        return _plausible(value.date(), value)
    if isinstance(value, dt.date):
        return _plausible(value, value)
    if isinstance(value, dt.time):
        raise ValueProblem(_("時刻だけでは日付になりません"), value)
    if isinstance(value, bool):
        raise ValueProblem(_("日付として読めません"), value)
    if isinstance(value, numbers.Real | Decimal):
        return _date_from_number(value)
    if isinstance(value, str):
        return _date_from_text(value)
    raise ValueProblem(_("日付として読めません"), value)


def excel_serial_to_date(serial: int) -> dt.date:
    """The date of an Excel 1900-system serial (60 is the phantom 1900-02-29, read as 02-28)."""
    if serial < 1 or serial > 2958465:
        raise ValueProblem(_("日付として読めません"), serial)
    if serial <= 60:
        # Lotus 1-2-3 counted 1900 as a leap year and Excel kept it: before the phantom day the
        # epoch is one day later.
        return dt.date(1899, 12, 31) + dt.timedelta(days=serial - (serial == 60))
    return _EXCEL_EPOCH + dt.timedelta(days=serial)


def date_to_excel_serial(d: dt.date) -> int:
    """The Excel 1900-system serial of ``d`` (dates after 1900-02-28)."""
    return (d - _EXCEL_EPOCH).days


def _date_from_number(value: numbers.Real | Decimal) -> dt.date:
    whole = _whole_part(value)
    if whole is None:
        raise ValueProblem(_("日付として読めません"), value)
    if whole == value and FY_MIN <= whole <= FY_MAX:
        raise ValueProblem(_("年だけでは日付になりません（月日も入力してください）"), value)
    if whole == value and 10_000_000 <= whole <= 99_999_999:
        text = str(whole)
        return _checked_date(int(text[:4]), int(text[4:6]), int(text[6:]), value)
    if _SERIAL_MIN <= whole <= _SERIAL_MAX:
        return excel_serial_to_date(whole)  # an Excel time of day is the fraction: dropped
    raise ValueProblem(_("日付として読めません"), value)


def _whole_part(value: numbers.Real | Decimal) -> int | None:
    """``int(value)`` for a finite number of sane size; None for NaN, infinities and the absurd."""
    try:
        if value != value or abs(value) > 10**9:
            return None
        return int(value)
    except (ValueError, OverflowError, ArithmeticError):  # Decimal sNaN signals on comparison
        return None


def _normalize(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).strip()
    return s.upper()


def _date_from_text(text: str) -> dt.date:
    if len(text) > MAX_CHARS:
        raise ValueProblem(_("値が長すぎます（{limit}文字まで）").format(limit=MAX_CHARS), text)
    s = _normalize(text)
    s = _TIME_RE.sub("", s)
    s = re.sub(r"\s+", "", s)
    s = _WEEKDAY_RE.sub("", s)
    for suffix in _DATE_SUFFIXES:
        s = s.removesuffix(suffix)
    m = _DATE_RE.fullmatch(s)
    if m:
        year = _year_of(m, text)
        month = int(m["m"])
        if m["end"]:
            if not 1 <= month <= 12:
                raise ValueProblem(_("日付が正しくありません"), text)
            day = calendar.monthrange(year, month)[1]
        else:
            day = int(m["d"]) if m["d"] else 1
        return _checked_date(year, month, day, text)
    m = _COMPACT_RE.fullmatch(s)
    if m:
        return _checked_date(int(m[1]), int(m[2]), int(m[3]), text)
    if _YEAR_ONLY_RE.fullmatch(s):
        raise ValueProblem(_("年だけでは日付になりません（月日も入力してください）"), text)
    raise ValueProblem(_("日付として読めません"), text)


def _year_of(m: re.Match[str], raw: object) -> int:
    """The western year of a match with either ``wy`` or ``era`` + ``ey`` groups."""
    if m["wy"] and not m.groupdict().get("era"):
        return int(m["wy"])
    era = _ERA_BY_SPELLING[m["era"]]
    count = 1 if m["ey"] == "元" else int(m["ey"])
    if count < 1:
        raise ValueProblem(_("{era}の年は1年（元年）からです").format(era=era.name), raw)
    return era.first_year + count - 1


def _checked_date(year: int, month: int, day: int, raw: object) -> dt.date:
    try:
        d = dt.date(year, month, day)
    except ValueError as exc:
        raise ValueProblem(_("日付が正しくありません"), raw) from exc
    return _plausible(d, raw)


def _plausible(d: dt.date, raw: object) -> dt.date:
    if not DATE_MIN <= d <= DATE_MAX:
        raise ValueProblem(
            _("{first}から{last}までの日付を入力してください").format(first=DATE_MIN, last=DATE_MAX), raw
        )
    return d


# -- writing wareki ----------------------------------------------------------------------------

def era_of(d: dt.date) -> Era:
    """The era in force on ``d``."""
    if d < ERAS[0].start:
        raise ValueProblem(_("明治より前の日付は和暦で表せません"), d)
    for era in reversed(ERAS):
        if d >= era.start:
            return era
    raise AssertionError("unreachable")


def format_wareki(d: dt.date, style: str = "long") -> str:
    """``令和2年4月1日`` (long, 元年 for year 1) or ``R2.4.1`` (short)."""
    if isinstance(d, dt.datetime):
        d = d.date()
    era = era_of(d)
    count = d.year - era.first_year + 1
    if style == "short":
        return f"{era.letter}{count}.{d.month}.{d.day}"
    if style != "long":
        raise ValueError(f"style must be 'long' or 'short', not {style!r}")
    year = "元" if count == 1 else str(count)
    return f"{era.name}{year}年{d.month}月{d.day}日"


# -- fiscal years ------------------------------------------------------------------------------

def fiscal_year(d: dt.date) -> int:
    """The fiscal year (年度, April to March) that ``d`` falls in, named by its starting year."""
    return d.year if d.month >= 4 else d.year - 1


def fy_era(fy: int) -> Era | None:
    """The era a fiscal year is named in: the one in force on 1 October (most of the year)."""
    middle = dt.date(fy, 10, 1)
    return era_of(middle) if middle >= ERAS[0].start else None


def fy_label(fy: int) -> str:
    """``令和2(2020)年度``; FY2019 is ``令和元(2019)年度``. English: ``FY2020``."""
    era = fy_era(fy) if FY_MIN <= fy <= FY_MAX else None
    if era is None:
        return _("{fy}年度").format(fy=fy)
    count = fy - era.first_year + 1
    year = "元" if count == 1 else str(count)
    return _("{era}{year}({fy})年度").format(era=era.name, year=year, fy=fy)


def parse_fy(value: object) -> int:
    """The fiscal year that ``value`` names: 2020, '2020年度', '令和2年度', 'R2', 'H32年度', 'FY2020',
    '令和2(2020)年度', or a date (its fiscal year)."""
    if value is None or isinstance(value, bool):
        raise ValueProblem(_("年度として読めません"), value)
    if isinstance(value, dt.date):  # also datetime: a date typed in a year column
        return _fy_in_range(fiscal_year(parse_date(value)), value)
    if isinstance(value, numbers.Real | Decimal):
        whole = _whole_part(value)
        if whole is None or whole != value:
            raise ValueProblem(_("年度として読めません"), value)
        return _fy_in_range(whole, value)
    if not isinstance(value, str):
        raise ValueProblem(_("年度として読めません"), value)
    if len(value) > MAX_CHARS:
        raise ValueProblem(_("値が長すぎます（{limit}文字まで）").format(limit=MAX_CHARS), value)
    s = re.sub(r"\s+", "", _normalize(value))
    for suffix in _FY_SUFFIXES:
        s = s.removesuffix(suffix)
    m = _FY_WESTERN_RE.fullmatch(s)
    if m:
        return _fy_in_range(int(m["wy"]), value)
    m = _FY_WAREKI_RE.fullmatch(s) or _FY_BOTH_RE.fullmatch(s)
    if m:
        era = _ERA_BY_SPELLING[m["era"]]
        count = 1 if m["ey"] == "元" else int(m["ey"])
        if count < 1:
            raise ValueProblem(_("{era}の年は1年（元年）からです").format(era=era.name), value)
        fy = era.first_year + count - 1
        if m["wy"] and int(m["wy"]) != fy:
            raise ValueProblem(_("和暦と西暦の年度が合いません"), value)
        return _fy_in_range(fy, value)
    try:
        d = _date_from_text(value)
    except ValueProblem:
        raise ValueProblem(_("年度として読めません（例: 2025、令和7年度、R7）"), value) from None
    return _fy_in_range(fiscal_year(d), value)


def _fy_in_range(fy: int, raw: object) -> int:
    if not FY_MIN <= fy <= FY_MAX:
        raise ValueProblem(
            _("{first}から{last}までの年度を入力してください").format(first=FY_MIN, last=FY_MAX), raw
        )
    return fy
