"""What people type in survey workbook cells, read as ledger values, and written back.

``read_value(raw, field)`` turns one cell (str, int, float, bool, date, datetime, time or None,
as openpyxl, calamine or pandas hand it over) into the Python value for ``field.kind``, or raises
``ValueProblem`` with a reason the importer shows beside the sheet, row and column. It raises
nothing else, for any input, and its work is bounded by the length limits below.
``write_value(value, field)`` is its inverse: ``read_value(write_value(v, f), f) == v``.

Decisions (they are the documented behaviour):

* Empty: None, '', whitespace, NaN (pandas' empty cell) are None for every kind. Dash-only
  cells ('-', '－', 'ー', '―') are None too, except in 有無 columns, where the code list reads
  '-' as 無. Words that mean "nothing/unknown" (なし, 無, 該当なし, 不明, 未定, N/A, ...) are None
  for numbers, dates, fiscal years, codes and choices (after the choice list had its say), but
  stay text in text fields, and are 無/None in 有無 columns. A number cell reading なし is None,
  not 0: the reader does not invent a zero.
* Text: NFKC (half-width katakana, full-width letters), control and zero-width characters
  dropped, runs of spaces made one. Line breaks are kept in the free-text fields (業務概要, 備考,
  対象外理由, 区分間連携の例外承認; or any Field with ``multiline=True``), each line trimmed and a
  run of blank lines kept as one; elsewhere a line break is a space. At most 32,767 characters (an Excel cell).
* Numbers: full-width digits, thousands separators (1,234), 万/千/億/百万 (1万2千人), minus as
  -, −, ▲ or △, a unit matching the field (16GB, 1.5TB = 1536 GB, 500MB, 30分 = 0.5 時間,
  1日 = 24 時間, 120万円 = 1200 千円; in a 千円 column a bare 万/千 multiplier means yen), a
  trailing ×2 (8GB×2), and approximation or bound words that are dropped (約, 概ね, 最大, 程度,
  前後, 以上, 以下, 以内, 未満, ...): the ledger keeps the number written. Ranges (10～20) and two
  numbers (16 32) are refused. INT refuses 1.5 (no silent rounding) but accepts 16.0 and float
  noise from formulas (110.00000000000001). A unit that does not fit the field is refused.
* Percent: '20%', '約20％' and 20 are 20. A number without a % sign is taken as written, so 0.2 is
  0.2 %, not 20 %: idle servers really do report 0.5 %, and multiplying by 100 on a guess would
  make them look busy. A cell that Excel stores as a fraction because it is formatted as a
  percentage is read right when the importer passes its ``number_format`` (openpyxl's
  ``cell.number_format``): with a '%' in it, the number is multiplied by 100.
* Dates and fiscal years: see ``assetdesk.wareki``.
* Choices: the value, Japanese or English label or an alias, folded (width, kana, case,
  spaces); anything else is refused with the list of labels.
* 有無: ``choices.YES_NO`` (有/無, 有り/なし, ○/×, はい/いいえ, 1/0, TRUE/FALSE, -) plus ある/ない
  and check marks ✓✔☑.
* Codes: NFKC, spaces removed, dashes (and a ー typed after a letter or digit in Japanese input
  mode) made '-', ASCII letters upper-cased: ``ＳＹＳ－０００１`` and ``sys-0001`` are ``SYS-0001``.
  Whoever looks a code up (host names, section codes) compares with ``normalize_code`` of the key.
  Letters (Japanese too: a 部局 may be keyed by its name), digits and - _ . # only; a numeric
  cell 1234.0 is the code '1234'.
* Code lists: split on commas, 、, ・, ;, /, line breaks and spaces; duplicates dropped, order kept;
  never an empty tuple (None instead).
* Anything longer than 256 characters is refused for every kind but text.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

from assetdesk import choices as C
from assetdesk.fields import Field, Kind
from assetdesk.i18n import _
from assetdesk.text import fold


class ValueProblem(ValueError):
    """A cell that cannot be read: ``reason`` says why (translated), ``value`` is what it held.

    Importers add the sheet, row and column; ``field`` is set by ``read_value``.
    """

    def __init__(self, reason: str, value: object = None, field: Field | None = None):
        super().__init__(reason)
        self.reason = reason
        self.value = value
        self.field = field

    def __str__(self) -> str:
        return self.reason


#: An Excel cell holds at most this many characters.
MAX_TEXT_CHARS = 32_767
#: Longest non-text value worth reading; longer is refused before any pattern runs on it.
MAX_VALUE_CHARS = 256
#: Largest magnitude of any number (千円 amounts included): beyond it a cell is a typo.
MAX_MAGNITUDE = 10**15
#: Free-text fields whose line breaks are kept (a Field may say so itself with ``multiline``).
MULTILINE_FIELDS = frozenset({"purpose", "notes", "exclusion_reason", "zone_exception"})

# Control characters (not tab/line breaks), zero-width spaces, BOM, bidi marks, soft hyphen,
# lone surrogates and non-characters: invisible junk of copy and paste, illegal in xlsx XML.
_JUNK = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u200b\u200e\u200f\u2060\ufeff"
    "\ud800-\udfff\ufffe\uffff]"
)

# -- empty cells ---------------------------------------------------------------------------------

#: Folded spellings of "nothing here" (fold() turns every dash into '-').
_EMPTY_WORDS = frozenset(
    fold(w)
    for w in (
        "なし", "無し", "無", "ナシ", "該当なし", "該当無し", "特になし", "特に無し", "不明", "未定",
        "未記入", "未設定", "空欄", "N/A", "NA", "none", "null", "nil", "/", "／",
    )
)
_DASHES_ONLY = re.compile(r"-+")


def _blank(raw: object) -> bool:
    """None, NaN (pandas' empty cell), or text of nothing but spaces."""
    if raw is None:
        return True
    if isinstance(raw, float | Decimal):
        try:
            return raw != raw
        except ArithmeticError:  # Decimal sNaN
            return True
    if isinstance(raw, str):
        return not raw.strip()
    try:  # pandas.NaT and other NaN-like objects are unequal to themselves
        return bool(raw != raw)
    except Exception:
        return False


def _means_empty(text: str) -> bool:
    key = fold(_JUNK.sub("", text))
    return not key or bool(_DASHES_ONLY.fullmatch(key)) or key in _EMPTY_WORDS


# -- reading -------------------------------------------------------------------------------------

def read_value(raw: object, field: Field, *, number_format: str = "") -> object:
    """The ledger value of cell content ``raw`` for ``field``, None for an empty cell.

    ``number_format`` is the cell's Excel number format when the importer knows it; it matters
    only for percent fields (a '%' format means Excel stores 20 % as 0.2).
    """
    try:
        if _blank(raw):
            return None
        if isinstance(raw, str):
            limit = MAX_TEXT_CHARS if field.kind is Kind.TEXT else MAX_VALUE_CHARS
            if len(raw) > limit:
                raise ValueProblem(_("値が長すぎます（{limit}文字まで）").format(limit=limit), raw)
        return _READERS[field.kind](raw, field, number_format)
    except ValueProblem as problem:
        if problem.field is None:
            problem.field = field
        raise


def _text_of(raw: object) -> str:
    """Cell content of any type as text (for kinds that read words)."""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, numbers.Integral):
        if abs(int(raw)) > MAX_MAGNITUDE:  # and str() of a 5000-digit int would raise
            raise ValueProblem(_("読み取れない値です"), raw)
        return str(int(raw))
    if isinstance(raw, numbers.Real | Decimal):
        try:
            f = float(raw)
        except (ValueError, OverflowError, ArithmeticError):
            f = math.inf
        if not math.isfinite(f) or abs(f) > MAX_MAGNITUDE:
            raise ValueProblem(_("読み取れない値です"), raw)
        # Excel shows 15 significant digits; 1234.0 is what a person typed as 1234.
        return str(int(f)) if f.is_integer() else f"{f:.15g}"
    if isinstance(raw, dt.datetime):
        if raw.time() == dt.time():
            return raw.date().isoformat()
        return raw.isoformat(sep=" ", timespec="minutes")
    if isinstance(raw, dt.date | dt.time):
        return raw.isoformat()
    raise ValueProblem(_("読み取れない値です"), raw)


_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{2,}")


def clean_text(raw: str, *, multiline: bool = False) -> str:
    """What a person meant to write: junk dropped, NFKC, single spaces, trimmed.

    Junk goes before NFKC so that the result is stable: reading it again changes nothing.
    """
    s = unicodedata.normalize("NFKC", _JUNK.sub("", raw))
    if not multiline:
        return " ".join(s.split())
    lines = [_SPACES.sub(" ", line).strip() for line in s.splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")


def _is_multiline(field: Field) -> bool:
    flag = getattr(field, "multiline", None)
    return bool(flag) if flag is not None else field.name in MULTILINE_FIELDS


def _read_text(raw: object, field: Field, _fmt: str) -> str | None:
    s = clean_text(_text_of(raw), multiline=_is_multiline(field))
    if len(s) > MAX_TEXT_CHARS:
        raise ValueProblem(_("値が長すぎます（{limit}文字まで）").format(limit=MAX_TEXT_CHARS), raw)
    if not s or _DASHES_ONLY.fullmatch(fold(s)):
        return None
    return s


# -- numbers -------------------------------------------------------------------------------------

#: Per field unit (its Japanese source string): the units people write, folded, and how many
#: field units one of them is. '' is the bare number.
_UNITS: dict[str, dict[str, Fraction]] = {
    "GB": {
        "gb": Fraction(1), "g": Fraction(1), "gib": Fraction(1), "ギガ": Fraction(1), "ギガバイト": Fraction(1),
        "tb": Fraction(1024), "t": Fraction(1024), "tib": Fraction(1024), "テラ": Fraction(1024),
        "テラバイト": Fraction(1024), "pb": Fraction(1024**2), "pib": Fraction(1024**2),
        "mb": Fraction(1, 1024), "m": Fraction(1, 1024), "mib": Fraction(1, 1024), "メガ": Fraction(1, 1024),
        "メガバイト": Fraction(1, 1024),
    },
    "%": {"%": Fraction(1), "パーセント": Fraction(1), "ポイント": Fraction(1), "pt": Fraction(1)},
    "人": {"人": Fraction(1), "名": Fraction(1)},
    "時間": {
        "時間": Fraction(1), "h": Fraction(1), "hr": Fraction(1), "hrs": Fraction(1), "hour": Fraction(1),
        "hours": Fraction(1), "分": Fraction(1, 60), "min": Fraction(1, 60), "日": Fraction(24),
        "day": Fraction(24), "days": Fraction(24), "週間": Fraction(168),
    },
    "千円": {"千円": Fraction(1), "円": Fraction(1, 1000)},
    "コア": {
        "コア": Fraction(1), "core": Fraction(1), "cores": Fraction(1), "cpu": Fraction(1),
        "vcpu": Fraction(1), "個": Fraction(1),
    },
    "W": {"w": Fraction(1), "ワット": Fraction(1), "kw": Fraction(1000)},
    "U": {"u": Fraction(1)},
}
# Looked up by folded spelling (katakana folds to hiragana, letters to lower case).
_UNITS = {unit: {fold(k): v for k, v in table.items()} for unit, table in _UNITS.items()}
_YEN_FIELD_UNIT = "千円"

# Words around a number that qualify it without changing it (checked on folded text, so the
# katakana and hiragana spellings are one). Longest first, so that 程度 goes before 程.
_PREFIXES = tuple(sorted(
    {fold(w) for w in ("約", "概ね", "おおむね", "およそ", "おおよそ", "凡そ", "大体", "だいたい",
                       "最大", "最高", "ピーク時", "平均", "ca.", "approx.")}, key=len, reverse=True))
_SUFFIXES = tuple(sorted(
    {fold(w) for w in ("程度", "前後", "くらい", "ぐらい", "位", "以上", "以下", "以内", "未満", "超",
                       "強", "弱", "程", "まで", "ほど", "見込み", "見込", "予定")}, key=len, reverse=True))
# Kanji multipliers as written after a number: 1万2千, 1.2百万, 3千億.
_MULTIPLIERS = {"百": 100, "千": 1000, "万": 10**4, "億": 10**8, "百万": 10**6, "千万": 10**7,
                "百億": 10**10, "千億": 10**11}
# 1,234.5 / 1234.5 / .5 / 1.5e-3 (exports write floats so) / a run of kanji multipliers.
_NUMBER_TOKEN = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?:\d+(?:\.\d+)?|\.\d+)(?:e[+-]?\d{1,3})?|[百千万億]+"
)
_CORE = re.compile(r"[\d,.百千万億]+(?:e[+-]?\d{1,3})?")
_TIMES = re.compile(r"([-+]?[\d.,]\S*?)[×x*](\d{1,4})")
_RANGE = re.compile(r"\d\s*[~〜～]\s*\d|\d\s*-\s*\d")
_SPLIT_NUMBER = re.compile(r"\d\s+[\d.,]")


def _number_problem(raw: object) -> ValueProblem:
    return ValueProblem(_("数値として読めません"), raw)


def _read_int(raw: object, field: Field, fmt: str) -> int | None:
    q = _read_number(raw, field, fmt)
    if q is None:
        return None
    if q.denominator != 1:
        # Float noise from a formula (100 * 1.1) is not a fraction anybody typed.
        nearest = round(q)
        if isinstance(raw, float) and abs(q - nearest) <= Fraction(1, 10**9) * max(1, abs(nearest)):
            q = Fraction(nearest)
        else:
            raise ValueProblem(_("整数を入力してください（小数は四捨五入しません）"), raw)
    return int(q)


def _read_float(raw: object, field: Field, fmt: str) -> float | None:
    q = _read_number(raw, field, fmt)
    return None if q is None else float(q) + 0.0  # + 0.0 turns -0.0 into 0.0


def _read_number(raw: object, field: Field, fmt: str) -> Fraction | None:
    if isinstance(raw, bool) or isinstance(raw, dt.date | dt.time):
        raise _number_problem(raw)
    if isinstance(raw, numbers.Integral):
        q = Fraction(int(raw))
    elif isinstance(raw, numbers.Real | Decimal):
        q = _fraction_of_number(raw)
    elif isinstance(raw, str):
        if _means_empty(raw):
            return None
        q = _parse_number_text(raw, field)
    else:
        raise _number_problem(raw)
    if field.unit == "%" and "%" in fmt and not isinstance(raw, str):
        q *= 100  # Excel keeps a cell formatted as 20 % as 0.2
    return _in_range(q, field, raw)


def _fraction_of_number(raw: numbers.Real | Decimal) -> Fraction:
    try:
        f = float(raw)
    except (ValueError, OverflowError, ArithmeticError):
        f = math.inf
    if not math.isfinite(f):
        raise _number_problem(raw)
    # The shortest decimal that is this float: 0.07 is 7/100, so that percent and unit
    # arithmetic gives what a person typed, and float() of it is the float again.
    return Fraction(repr(f))


def _parse_number_text(raw: str, field: Field) -> Fraction:
    s = unicodedata.normalize("NFKC", raw).strip()
    if _RANGE.search(s):
        raise ValueProblem(_("範囲ではなく一つの数値を入力してください"), raw)
    if _SPLIT_NUMBER.search(s):
        raise ValueProblem(_("数値の間に空白があります（一つの数値を入力してください）"), raw)
    # Folded: no spaces, every dash a '-', katakana as hiragana, lower case.
    key = fold(s.translate(_MINUS))
    for _round in range(3):  # 約 最大 20%程度: a few qualifiers at each end
        for word in _PREFIXES:
            if key.startswith(word):
                key = key[len(word):]
                break
        for word in _SUFFIXES:
            if key.endswith(word) and len(key) > len(word):
                key = key[: -len(word)]
                break
    times = 1
    m = _TIMES.fullmatch(key)
    if m:  # 8GB×2
        key, times = m[1], int(m[2])
    sign = 1
    if key[:1] in ("+", "-"):
        sign = -1 if key[0] == "-" else 1
        key = key[1:]
    core = _CORE.match(key)
    if not core:
        raise _number_problem(raw)
    value, multiplied = _parse_core(core.group(), raw)
    unit = key[core.end():]
    value *= _unit_factor(unit, field, multiplied, raw)
    return sign * value * times


_MINUS = str.maketrans({c: "-" for c in "−‐‑‒–—―▲△"})


def _parse_core(core: str, raw: object) -> tuple[Fraction, bool]:
    """The number of '1,234.5' or '1億2千万' and whether a kanji multiplier was in it."""
    tokens = _NUMBER_TOKEN.findall(core)
    if "".join(tokens) != core:
        raise _number_problem(raw)
    total = Fraction(0)
    pending: Fraction | None = None
    last_multiplier = math.inf
    multiplied = False
    for token in tokens:
        if token[0] in _MULTIPLIERS:
            factor = _MULTIPLIERS.get(token, 0)
            if not factor or pending is None or factor >= last_multiplier or factor > MAX_MAGNITUDE:
                raise _number_problem(raw)
            total += pending * factor
            pending, last_multiplier, multiplied = None, factor, True
        else:
            if pending is not None:
                raise _number_problem(raw)
            pending = Fraction(token.replace(",", ""))
    if pending is not None:
        total += pending
    return total, multiplied


def _unit_factor(unit: str, field: Field, multiplied: bool, raw: object) -> Fraction:
    """How many field units one written ``unit`` is ('' is the field's own unit)."""
    expected = field.unit
    if expected == _YEN_FIELD_UNIT and multiplied and unit in ("", "円"):
        return Fraction(1, 1000)  # 120万 and 120万円 in a 千円 column are yen
    if not unit:
        return Fraction(1)
    table = _UNITS.get(expected, {fold(expected): Fraction(1)} if expected else {})
    factor = table.get(unit)
    if factor is None:
        if expected:
            raise ValueProblem(
                _("単位「{unit}」はこの欄では使えません（この欄の単位: {expected}）").format(
                    unit=unit, expected=_(expected)
                ),
                raw,
            )
        raise ValueProblem(_("単位を付けずに数値だけを入力してください"), raw)
    return factor


def _in_range(q: Fraction, field: Field, raw: object) -> Fraction:
    if abs(q) > MAX_MAGNITUDE:
        raise ValueProblem(_("値が大きすぎます"), raw)
    if field.minimum is not None and q < Fraction(field.minimum):
        raise ValueProblem(_("{minimum}以上の値を入力してください").format(minimum=_plain(field.minimum)), raw)
    if field.maximum is not None and q > Fraction(field.maximum):
        raise ValueProblem(_("{maximum}以下の値を入力してください").format(maximum=_plain(field.maximum)), raw)
    return q


def _plain(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


# -- dates, fiscal years -------------------------------------------------------------------------

def _read_date(raw: object, field: Field, _fmt: str) -> dt.date | None:
    if isinstance(raw, str) and _means_empty(raw):
        return None
    return wareki.parse_date(raw)


def _read_fy(raw: object, field: Field, _fmt: str) -> int | None:
    if isinstance(raw, str) and _means_empty(raw):
        return None
    return wareki.parse_fy(raw)


# -- choices, yes/no -----------------------------------------------------------------------------

def _read_choice(raw: object, field: Field, _fmt: str) -> str | None:
    assert field.choices is not None, f"{field.name}: a CHOICE field needs its ChoiceSet"
    text = _text_of(raw)
    value = field.choices.parse(text)
    if value is not None:
        return value
    if _means_empty(text):
        return None
    raise ValueProblem(
        _("「{value}」は選択肢にありません（選択肢: {labels}）").format(
            value=clean_text(text)[:40], labels=_("、").join(field.choices.labels())
        ),
        raw,
    )


#: Yes/no spellings beyond the code list: verbs and check marks.
_MORE_YES = frozenset(fold(w) for w in ("ある", "有る", "✓", "✔", "☑", "●"))
_MORE_NO = frozenset(fold(w) for w in ("ない", "無い", "☐"))


def _read_bool(raw: object, field: Field, _fmt: str) -> bool | None:
    if isinstance(raw, bool):
        return raw
    text = _text_of(raw)
    value = C.YES_NO.parse(text)
    if value is not None:
        return value == "yes"
    key = fold(text)
    if key in _MORE_YES:
        return True
    if key in _MORE_NO:
        return False
    if _means_empty(text):
        return None
    raise ValueProblem(
        _("「{value}」は有・無として読めません（有・無、○・×、はい・いいえ）").format(value=clean_text(text)[:40]),
        raw,
    )


# -- codes ---------------------------------------------------------------------------------------

_CODE_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−－"})
_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
# ー typed for - after a letter or digit (Japanese input mode): SYSー0001.
_LONG_VOWEL_AS_DASH = re.compile(r"(?<=[0-9A-Za-z])[ーｰ]")
_CODE_CHARS = re.compile(r"[\w\-.#]+")
_CODE_BAD_CHAR = re.compile(r"[^\w\-.#]")
_CODE_SEPARATORS = re.compile(r"[,、;・/]")
_HAS_ALNUM = re.compile(r"[^\W_]")
MAX_CODE_CHARS = 64


def normalize_code(text: str) -> str:
    """The comparable form of a key: NFKC, no spaces, '-' for dashes, ASCII upper case."""
    s = unicodedata.normalize("NFKC", _JUNK.sub("", text))
    s = _LONG_VOWEL_AS_DASH.sub("-", "".join(s.split()))
    return s.translate(_CODE_DASHES).translate(_ASCII_UPPER)


def _one_code(text: str, raw: object) -> str | None:
    code = normalize_code(text)
    if _means_empty(code):
        return None
    if not _CODE_CHARS.fullmatch(code):
        bad = _CODE_BAD_CHAR.search(code)
        if bad and _CODE_SEPARATORS.match(bad.group()):
            raise ValueProblem(_("コードは一つだけ入力してください"), raw)
        raise ValueProblem(
            _("コードに使えない文字「{char}」があります").format(char=bad.group() if bad else ""), raw
        )
    if not _HAS_ALNUM.search(code):
        raise ValueProblem(_("コードとして読めません"), raw)
    if len(code) > MAX_CODE_CHARS:
        raise ValueProblem(_("値が長すぎます（{limit}文字まで）").format(limit=MAX_CODE_CHARS), raw)
    return code


def _code_text(raw: object) -> str:
    if isinstance(raw, bool) or isinstance(raw, dt.date | dt.time):
        raise ValueProblem(_("コードとして読めません"), raw)
    return _text_of(raw)


def _read_code(raw: object, field: Field, _fmt: str) -> str | None:
    text = _code_text(raw)
    if _means_empty(text):
        return None
    return _one_code(text, raw)


_CODES_SPLIT = re.compile(r"[,、，､;；・･/／\s]+")


def _read_codes(raw: object, field: Field, _fmt: str) -> tuple[str, ...] | None:
    text = _code_text(raw)
    if _means_empty(text):
        return None
    parts = [p for p in _CODES_SPLIT.split(unicodedata.normalize("NFKC", text)) if p]
    codes = dict.fromkeys(_one_code(p, raw) for p in parts)
    return tuple(c for c in codes if c) or None


_READERS = {
    Kind.TEXT: _read_text,
    Kind.INT: _read_int,
    Kind.FLOAT: _read_float,
    Kind.DATE: _read_date,
    Kind.FY: _read_fy,
    Kind.CHOICE: _read_choice,
    Kind.BOOL: _read_bool,
    Kind.CODE: _read_code,
    Kind.CODES: _read_codes,
}


# -- writing -------------------------------------------------------------------------------------

def write_value(value: object, field: Field) -> object:
    """The cell content for ``value`` such that ``read_value`` gives ``value`` back.

    Choices are written as their Japanese labels (survey workbooks are Japanese), 有無 as 有/無,
    dates as ``datetime.date``, fiscal years and numbers as numbers, code lists one per line.
    """
    if value is None:
        return None
    kind = field.kind
    if kind is Kind.TEXT and isinstance(value, str):
        return value
    if kind is Kind.INT and isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    if kind is Kind.FLOAT and isinstance(value, numbers.Real) and not isinstance(value, bool):
        return float(value)
    if kind is Kind.DATE and isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    if kind is Kind.FY and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind is Kind.CHOICE and field.choices is not None and value in field.choices:
        return field.choices.get(str(value)).label
    if kind is Kind.BOOL and isinstance(value, bool):
        return C.YES_NO.get("yes" if value else "no").label
    if kind is Kind.CODE and isinstance(value, str):
        return value
    if kind is Kind.CODES and isinstance(value, Iterable) and not isinstance(value, str):
        codes = [str(c) for c in value]
        return "\n".join(codes) if codes else None
    raise ValueProblem(_("この値は「{label}」欄に書けません").format(label=field.display_label), value, field)


# wareki raises ValueProblem, so it is imported once ValueProblem exists (circular on purpose).
from assetdesk import wareki  # noqa: E402
