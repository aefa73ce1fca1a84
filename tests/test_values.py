"""Reading what people type in survey cells, and writing values so that they read back."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from assetdesk import fields, wareki
from assetdesk.fields import Field, Kind
from assetdesk.values import MAX_MAGNITUDE, ValueProblem, normalize_code, read_value, write_value

D = dt.date
ALL_FIELDS: list[Field] = [f for record in fields.RECORD_FIELDS.values() for f in record]


def F(record: str, name: str) -> Field:
    return fields.field(record, name)


USERS = F("system", "users")
CORES = F("server", "cpu_cores")
WAVE = F("server", "planned_wave")
COST = F("system", "initial_cost")
POWER = F("server", "power_w")
MEMORY = F("server", "memory_gb")
STORAGE = F("server", "storage_gb")
CPU_PEAK = F("server", "cpu_peak_pct")
RTO = F("system", "rto_hours")
NAME = F("system", "name")
NOTES = F("system", "notes")
ZONE = F("system", "network_zone")
CRITICALITY = F("system", "criticality")
STATUS = F("system", "status")
PERSONAL = F("system", "personal_info")
SYSTEM_CODE = F("system", "system_code")
SYSTEMS = F("server", "systems")
IN_SERVICE = F("system", "in_service")
RENEWAL = F("system", "next_renewal_fy")


def cases(field: Field, rows: list[tuple[object, object]]) -> list[tuple[Field, object, object]]:
    return [(field, raw, expected) for raw, expected in rows]


READ_CASES = [
    *cases(USERS, [
        ("1234", 1234), ("1,234", 1234), ("１，２３４", 1234), ("１２３４人", 1234), ("約1,200人", 1200),
        ("1万2千人", 12000), ("1.2万人", 12000), ("約3千人", 3000), ("12000名", 12000), ("16.0", 16),
        (16.0, 16), (110.00000000000001, 110), ("0", 0), (" 12 ", 12), ("12\n人", 12), (Decimal(7), 7),
        ("100人以上", 100), ("50人程度", 50), ("-", None), ("－", None), ("なし", None), ("不明", None),
        ("", None), ("  ", None), (None, None), (float("nan"), None),
    ]),
    *cases(CORES, [("8コア", 8), ("８ｺｱ", 8), ("4core", 4), ("16vCPU", 16), ("8コア×2", 16), (8, 8)]),
    *cases(WAVE, [("2", 2), ("２", 2)]),
    *cases(COST, [
        ("1200", 1200), ("1,200千円", 1200), ("120万円", 1200), ("120万", 1200), ("1,200,000円", 1200),
        ("1.2百万円", 1200), ("約1億円", 100000), ("１，２００", 1200), ("0", 0), ("▲0", 0),
    ]),
    *cases(POWER, [("350W", 350), ("350ワット", 350), ("1.2kW", 1200), ("３５０ｗ", 350)]),
    *cases(MEMORY, [
        ("16GB", 16.0), ("１６ＧＢ", 16.0), ("1.5TB", 1536.0), ("500MB", 500 / 1024), ("16G", 16.0),
        ("16ギガ", 16.0), ("８ＧＢ×４", 32.0), ("8GB x 2", 16.0), ("1,024MB", 1.0), ("16 GB", 16.0),
        (16, 16.0), (0.5, 0.5), ("0.5", 0.5),
    ]),
    *cases(STORAGE, [("2TB", 2048.0), ("2 TB", 2048.0), ("１．５ＴＢ", 1536.0), ("1,000GB", 1000.0)]),
    *cases(CPU_PEAK, [
        ("20%", 20.0), ("約20％", 20.0), ("20", 20.0), ("0.2", 0.2), (0.2, 0.2), ("20％程度", 20.0),
        ("最大80%", 80.0), ("20パーセント", 20.0), ("100%", 100.0), (" 35 % ", 35.0), ("-", None),
    ]),
    *cases(RTO, [
        ("4時間", 4.0), ("30分", 0.5), ("1日", 24.0), ("24時間以内", 24.0), ("4h", 4.0), ("2週間", 336.0),
        ("４時間", 4.0), (72, 72.0),
    ]),
    *cases(NAME, [
        ("  財務会計　システム  ", "財務会計 システム"), ("ｼｽﾃﾑ", "システム"), ("ＡＢＣ", "ABC"),
        ("なし", "なし"), ("-", None), ("―", None), ("ーー", None), ("", None), (123, "123"), (1.5, "1.5"),
        (1234.0, "1234"), ("\x00ab\u200bc\ufeff", "abc"), ("A\nB", "A B"), (D(2020, 4, 1), "2020-04-01"),
        (True, "TRUE"), ("ｶﾞｰﾃﾞﾝ", "ガーデン"),
    ]),
    *cases(NOTES, [
        ("一行目\r\n\r\n\r\n 二行目 ", "一行目\n\n二行目"), ("\n\n  a  b \n", "a b"), ("a\rb", "a\nb"),
        ("なし", "なし"),
    ]),
    *cases(ZONE, [
        ("LGWAN系", "lgwan"), ("ｲﾝﾀｰﾈｯﾄ接続系", "internet"), ("ＬＧＷＡＮ", "lgwan"),
        (" マイナンバー 系 ", "mynumber"), ("lgwan", "lgwan"), ("閉域", "closed"), ("-", None), ("なし", None),
    ]),
    *cases(CRITICALITY, [("a", "A"), ("Ａ", "A"), ("A(重要情報システム)", "A"), ("C", "C")]),
    *cases(STATUS, [("稼働中", "active"), ("運用中", "active"), ("廃止", "retired"), ("集約済", "consolidated")]),
    *cases(PERSONAL, [
        ("有", True), ("無", False), ("有り", True), ("なし", False), ("あり", True), ("○", True),
        ("〇", True), ("◯", True), ("×", False), ("はい", True), ("いいえ", False), ("Yes", True),
        ("no", False), (1, True), (0, False), (1.0, True), (True, True), (False, False), ("TRUE", True),
        ("ｱﾘ", True), ("ある", True), ("ない", False), ("✓", True), ("-", False), ("不明", None),
        ("", None), (None, None),
    ]),
    *cases(SYSTEM_CODE, [
        ("sys-0001", "SYS-0001"), ("ＳＹＳ－０００１", "SYS-0001"), (" SYS-0001 ", "SYS-0001"),
        ("SYSー0001", "SYS-0001"), ("SYS‐0001", "SYS-0001"), ("sys−0001", "SYS-0001"), (1234, "1234"),
        (1234.0, "1234"), ("なし", None), ("-", None), ("", None),
    ]),
    *cases(SYSTEMS, [
        ("SYS-0001,SYS-0002", ("SYS-0001", "SYS-0002")), ("SYS-0001、SYS-0002", ("SYS-0001", "SYS-0002")),
        ("SYS-0001・SYS-0002", ("SYS-0001", "SYS-0002")), ("SYS-0001\nSYS-0002", ("SYS-0001", "SYS-0002")),
        ("SYS-0001 SYS-0002", ("SYS-0001", "SYS-0002")), ("sys-0001, SYS-0001", ("SYS-0001",)),
        ("SYS-0001,", ("SYS-0001",)), ("ＳＹＳ－０００２，ＳＹＳ－０００１", ("SYS-0002", "SYS-0001")),
        ("SYS-0001／SYS-0002", ("SYS-0001", "SYS-0002")), (1234, ("1234",)), ("-", None), ("なし", None),
        (" , ", None),
    ]),
    *cases(IN_SERVICE, [
        ("R2.4.1", D(2020, 4, 1)), ("令和2年4月1日", D(2020, 4, 1)), (43922, D(2020, 4, 1)),
        (dt.datetime(2020, 4, 1), D(2020, 4, 1)), ("平成31年5月1日", D(2019, 5, 1)), ("-", None),
        ("未定", None), ("不明", None),
    ]),
    *cases(RENEWAL, [("R7", 2025), ("令和7年度", 2025), ("2025", 2025), (2025, 2025), ("未定", None)]),
]


@pytest.mark.parametrize(("field", "raw", "expected"), READ_CASES)
def test_read_value(field: Field, raw: object, expected: object) -> None:
    value = read_value(raw, field)
    assert value == expected
    assert type(value) is type(expected)


PROBLEM_CASES = [
    (USERS, "1.5"), (USERS, 1.5), (USERS, "-1"), (USERS, "▲5"), (USERS, "10～20"), (USERS, "10〜20"),
    (USERS, "10-20"), (USERS, "1 234"), (USERS, "12GB"), (USERS, "abc"), (USERS, True),
    (USERS, D(2020, 4, 1)), (USERS, "1,23"), (USERS, "1..2"), (USERS, "9" * 20), (USERS, 10**20),
    (USERS, float("inf")), (USERS, "万"), (USERS, "1千万万"), (USERS, "人"), (USERS, "1.2.3"),
    (CORES, "2000"), (WAVE, "2GB"), (WAVE, "0"), (COST, "1500円"), (MEMORY, "16kg"),
    (MEMORY, "70000GB"), (CPU_PEAK, "120%"), (CPU_PEAK, "-5%"), (CPU_PEAK, "20GB"), (RTO, "4GB"),
    (NAME, "x" * 40000), (NAME, float("inf")), (NAME, object()), (ZONE, "火星"),
    (CRITICALITY, "D"), (PERSONAL, "たぶん"), (PERSONAL, 2), (PERSONAL, D(2020, 4, 1)),
    (SYSTEM_CODE, "SYS-0001, SYS-0002"), (SYSTEM_CODE, "SYS(1)"), (SYSTEM_CODE, "SYS-0001/2"), (SYSTEM_CODE, "#"), (SYSTEM_CODE, True),
    (SYSTEM_CODE, D(2020, 4, 1)), (SYSTEM_CODE, "S" * 100), (SYSTEMS, "SYS-0001 (予定)"),
    (IN_SERVICE, "R2.2.30"), (IN_SERVICE, "令和0年4月1日"), (IN_SERVICE, 2020), (IN_SERVICE, "x" * 300),
    (RENEWAL, "令和0年度"), (RENEWAL, 7), (ZONE, b"lgwan"), (USERS, [1]),
]


@pytest.mark.parametrize(("field", "raw"), PROBLEM_CASES)
def test_read_value_problems(field: Field, raw: object) -> None:
    with pytest.raises(ValueProblem) as info:
        read_value(raw, field)
    problem = info.value
    assert problem.reason and str(problem) == problem.reason
    assert problem.value is raw
    assert problem.field is field


def test_unknown_choice_lists_the_labels() -> None:
    with pytest.raises(ValueProblem) as info:
        read_value("火星", ZONE)
    for label in ZONE.choices.labels():
        assert label in info.value.reason


def test_percent_formatted_cells_hold_fractions() -> None:
    assert read_value(0.2, CPU_PEAK, number_format="0%") == 20.0
    assert read_value(0.07, CPU_PEAK, number_format="0.0%") == 7.0
    assert read_value(1, CPU_PEAK, number_format="0%") == 100.0
    # Text keeps its own sign; other fields ignore the format.
    assert read_value("20%", CPU_PEAK, number_format="0%") == 20.0
    assert read_value(0.5, MEMORY, number_format="0%") == 0.5
    with pytest.raises(ValueProblem):
        read_value(2, CPU_PEAK, number_format="0%")


def test_normalize_code() -> None:
    assert normalize_code("ｓｙｓ－０００１") == "SYS-0001"
    assert normalize_code("vh-lg 01") == "VH-LG01"
    assert normalize_code("サーバー") == "サーバー"  # a long vowel mark in a word stays


def test_write_value() -> None:
    assert write_value("lgwan", ZONE) == "LGWAN接続系"
    assert write_value(True, PERSONAL) == "有"
    assert write_value(False, PERSONAL) == "無"
    assert write_value(("SYS-0001", "SYS-0002"), SYSTEMS) == "SYS-0001\nSYS-0002"
    assert write_value(dt.datetime(2020, 4, 1, 9), IN_SERVICE) == D(2020, 4, 1)
    assert write_value(2025, RENEWAL) == 2025
    assert write_value(16, MEMORY) == 16.0
    for f in ALL_FIELDS:
        assert write_value(None, f) is None
    for value, field in (("mars", ZONE), ("16", USERS), (True, USERS), ("2020-04-01", IN_SERVICE), (1, PERSONAL)):
        with pytest.raises(ValueProblem):
            write_value(value, field)


# -- properties ----------------------------------------------------------------------------------

NASTY = [
    "", " ", "\u3000", "\x00", "\x1f" * 10, "\ud800", "\ufffe", "ﷺ" * 300, "9" * 10_000, "1" * 256,
    "約" * 200 + "1", "1" + "万" * 200, "1," * 120, "R" + "1" * 60, "(" * 300, "a" + "x" * 255 + "2",
    "-" * 300, "1e400", "NaN", "inf", "-0", "0x10", "１" * 255, "\n" * 100, "SYS-0001\n" * 30,
    float("nan"), float("inf"), -float("inf"), -0.0, 1e308, 5e-324, 10**400, -(10**400), 2**63, 10**5000,
    Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"), Decimal("1e999999"), Fraction(1, 3),
    True, False, dt.time(9), dt.datetime.max, dt.date.min, None, b"bytes", [1, 2], {"a": 1}, object(),
]


@pytest.mark.parametrize("raw", NASTY, ids=range(len(NASTY)))
def test_nasty_values_only_raise_value_problems(raw: object) -> None:
    for f in ALL_FIELDS:
        try:
            read_value(raw, f)
        except ValueProblem:
            pass


RAW_VALUES = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="0123456789０１２３,，.．-－ー%％約万千億円人GBTMgbｺｱ時間分日年月度RHS令和平成元/ \n×x有無○×", max_size=16),
    st.integers(),
    st.floats(),
    st.decimals(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.booleans(),
    st.none(),
    st.sampled_from(["-", "なし", "有り", "16GB", "R2.4.1", "SYS-0001", "LGWAN系", "約20％", "1.5TB"]),
)


@given(st.sampled_from(ALL_FIELDS), RAW_VALUES, st.sampled_from(["", "0%", "General"]))
@settings(max_examples=1500, deadline=None)
def test_fuzz_read_value_only_raises_value_problems(field: Field, raw: object, number_format: str) -> None:
    try:
        value = read_value(raw, field, number_format=number_format)
    except ValueProblem as problem:
        assert problem.reason
        return
    # Whatever is read is a valid value of the field: it writes and reads back unchanged.
    assert read_value(write_value(value, field), field) == value


def valid_values(field: Field) -> st.SearchStrategy[object]:
    """Values a ledger field may hold (None included)."""
    kind = field.kind
    lo = -MAX_MAGNITUDE if field.minimum is None else field.minimum
    hi = MAX_MAGNITUDE if field.maximum is None else field.maximum
    if kind is Kind.INT:
        strategy = st.integers(min_value=math.ceil(lo), max_value=math.floor(hi))
    elif kind is Kind.FLOAT:
        strategy = st.floats(min_value=lo, max_value=hi, allow_nan=False, allow_infinity=False)
    elif kind is Kind.DATE:
        strategy = st.dates(min_value=wareki.DATE_MIN, max_value=wareki.DATE_MAX)
    elif kind is Kind.FY:
        strategy = st.integers(min_value=wareki.FY_MIN, max_value=wareki.FY_MAX)
    elif kind is Kind.CHOICE:
        strategy = st.sampled_from(field.choices.values)
    elif kind is Kind.BOOL:
        strategy = st.booleans()
    elif kind is Kind.CODE:
        strategy = st.from_regex(r"[A-Z]{3}-[0-9]{4}", fullmatch=True)
    elif kind is Kind.CODES:
        strategy = st.lists(st.from_regex(r"[A-Z]{3}-[0-9]{4}", fullmatch=True), min_size=1, max_size=5, unique=True)
        strategy = strategy.map(tuple)
    else:  # text: whatever reading text gives
        strategy = st.text(max_size=60).map(lambda t: read_value(t, field))
    return st.none() | strategy


# Built once: making a strategy per draw (from_regex especially) is slow.
FIELD_AND_VALUE = st.one_of([st.tuples(st.just(f), valid_values(f)) for f in ALL_FIELDS])


@given(FIELD_AND_VALUE)
@settings(max_examples=1000, deadline=None)
def test_round_trip(pair: tuple[Field, object]) -> None:
    field, value = pair
    cell = write_value(value, field)
    assert read_value(cell, field) == value
    if field.kind is Kind.FLOAT and value is not None:
        assert read_value(repr(value), field) == value  # and as text
    if field.kind in (Kind.INT, Kind.FY) and value is not None:
        assert read_value(str(value), field) == value


@given(st.sampled_from([f for f in ALL_FIELDS if f.kind in (Kind.CODE, Kind.CODES)]), st.text(max_size=30))
@settings(max_examples=300, deadline=None)
def test_codes_read_once_read_the_same_again(field: Field, text: str) -> None:
    try:
        value = read_value(text, field)
    except ValueProblem:
        return
    assume(value is not None)
    assert read_value(write_value(value, field), field) == value
