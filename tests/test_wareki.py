"""Japanese era dates and fiscal years: the ways people write them, and what is refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assetdesk import wareki
from assetdesk.values import ValueProblem

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # western
        ("2020/4/1", D(2020, 4, 1)),
        ("2020-04-01", D(2020, 4, 1)),
        ("2020.4.1", D(2020, 4, 1)),
        ("2020年4月1日", D(2020, 4, 1)),
        ("2020年04月01日", D(2020, 4, 1)),
        ("20200401", D(2020, 4, 1)),
        ("２０２０／４／１", D(2020, 4, 1)),
        ("２０２０年４月１日", D(2020, 4, 1)),
        (" 2020 / 4 / 1 ", D(2020, 4, 1)),
        ("2020-04-01 00:00:00", D(2020, 4, 1)),
        ("2020-04-01T12:30", D(2020, 4, 1)),
        ("2020/4/1(水)", D(2020, 4, 1)),
        ("2020年4月1日（水曜日）", D(2020, 4, 1)),
        ("2026/3/31予定", D(2026, 3, 31)),
        # wareki
        ("令和2年4月1日", D(2020, 4, 1)),
        ("令和元年5月1日", D(2019, 5, 1)),
        ("令和 元年 5月 1日", D(2019, 5, 1)),
        ("R2.4.1", D(2020, 4, 1)),
        ("r2.4.1", D(2020, 4, 1)),
        ("R02/04/01", D(2020, 4, 1)),
        ("Ｒ２．４．１", D(2020, 4, 1)),
        ("ｒ０２－０４－０１", D(2020, 4, 1)),
        ("R2年4月1日", D(2020, 4, 1)),
        ("H30/4/1", D(2018, 4, 1)),
        ("H30.4.1", D(2018, 4, 1)),
        ("h30.4.1", D(2018, 4, 1)),
        ("平30.4.1", D(2018, 4, 1)),
        ("㍻30年4月1日", D(2018, 4, 1)),
        ("㋿2年4月1日", D(2020, 4, 1)),
        ("平成31年4月30日", D(2019, 4, 30)),
        # the old era written after the change: the date its count implies
        ("平成31年5月1日", D(2019, 5, 1)),
        ("H32.1.1", D(2020, 1, 1)),
        ("令和元年4月1日", D(2019, 4, 1)),
        ("昭和64年1月7日", D(1989, 1, 7)),
        ("平成元年1月8日", D(1989, 1, 8)),
        ("S63.12.31", D(1988, 12, 31)),
        ("昭和元年12月25日", D(1926, 12, 25)),
        ("大正15年12月24日", D(1926, 12, 24)),
        ("T1.7.30", D(1912, 7, 30)),
        ("明治45年7月29日", D(1912, 7, 29)),
        ("M1.1.1", D(1868, 1, 1)),
        ("明治元年10月23日", D(1868, 10, 23)),
        ("令和6年2月29日", D(2024, 2, 29)),
        # year and month: the 1st; 末: the last day
        ("2020年4月", D(2020, 4, 1)),
        ("2020/4", D(2020, 4, 1)),
        ("R2.4", D(2020, 4, 1)),
        ("令和2年4月", D(2020, 4, 1)),
        ("R7.3末", D(2025, 3, 31)),
        ("令和6年2月末日", D(2024, 2, 29)),
        ("2023年2月末", D(2023, 2, 28)),
    ],
)
def test_parse_date_text(text: str, expected: dt.date) -> None:
    assert wareki.parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "R2.2.30",        # no 30 February
        "令和0年4月1日",   # era years start at 1
        "R0.4.1",
        "2021/2/29",      # not a leap year
        "2020/13/1",
        "2020/0/1",
        "R2.4.0",
        "2020年",         # a year is not a date
        "令和2年",
        "R2年度",          # a fiscal year is not a date
        "20/4/1",         # two-digit western year: which century?
        "2020/4/1/1",
        "X2.4.1",          # no such era
        "1867/12/31",      # before Meiji: not plausible in the ledger
        "2200/1/1",
        "9999/12/31",
        "hello",
        "",
        "令和",
        "R2.4.1" * 20,     # too long
        "2020/4/1 2021/4/1",
    ],
)
def test_parse_date_refuses(text: str) -> None:
    with pytest.raises(ValueProblem) as info:
        wareki.parse_date(text)
    assert info.value.reason
    assert info.value.value == text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (43922, D(2020, 4, 1)),             # Excel serial
        (43922.75, D(2020, 4, 1)),          # with a time of day
        (Decimal(43922), D(2020, 4, 1)),
        (18264, D(1950, 1, 1)),
        (20200401, D(2020, 4, 1)),          # yyyymmdd typed as a number
        (D(2020, 4, 1), D(2020, 4, 1)),
        (dt.datetime(2020, 4, 1, 9, 30), D(2020, 4, 1)),
    ],
)
def test_parse_date_values(value: object, expected: dt.date) -> None:
    assert wareki.parse_date(value) == expected


@pytest.mark.parametrize(
    "value",
    [2020, 2020.0, 1, 60, 18263, 10**12, float("nan"), float("inf"), -5, True,
     dt.time(9, 0), None, D(1800, 1, 1), Decimal("NaN"), Decimal("sNaN"), 20201301, [2020, 4, 1]],
)
def test_parse_date_refuses_values(value: object) -> None:
    with pytest.raises(ValueProblem):
        wareki.parse_date(value)


def test_excel_serials_follow_the_1900_leap_year_bug() -> None:
    assert wareki.excel_serial_to_date(1) == D(1900, 1, 1)
    assert wareki.excel_serial_to_date(59) == D(1900, 2, 28)
    assert wareki.excel_serial_to_date(61) == D(1900, 3, 1)
    assert wareki.excel_serial_to_date(25569) == D(1970, 1, 1)
    assert wareki.date_to_excel_serial(D(2020, 4, 1)) == 43922


@pytest.mark.parametrize(
    ("d", "long", "short"),
    [
        (D(2020, 4, 1), "令和2年4月1日", "R2.4.1"),
        (D(2019, 5, 1), "令和元年5月1日", "R1.5.1"),
        (D(2019, 4, 30), "平成31年4月30日", "H31.4.30"),
        (D(1989, 1, 7), "昭和64年1月7日", "S64.1.7"),
        (D(1989, 1, 8), "平成元年1月8日", "H1.1.8"),
        (D(1926, 12, 25), "昭和元年12月25日", "S1.12.25"),
        (D(1912, 7, 29), "明治45年7月29日", "M45.7.29"),
        (D(1912, 7, 30), "大正元年7月30日", "T1.7.30"),
        (D(1868, 1, 1), "明治元年1月1日", "M1.1.1"),
    ],
)
def test_format_wareki(d: dt.date, long: str, short: str) -> None:
    assert wareki.format_wareki(d) == long
    assert wareki.format_wareki(d, "short") == short
    assert wareki.format_wareki(dt.datetime.combine(d, dt.time(10))) == long


def test_format_wareki_before_meiji_is_a_problem() -> None:
    with pytest.raises(ValueProblem):
        wareki.format_wareki(D(1867, 12, 31))


@given(st.dates(min_value=D(1868, 1, 1), max_value=D(2100, 12, 31)), st.sampled_from(["long", "short"]))
@settings(max_examples=300, deadline=None)
def test_wareki_round_trip(d: dt.date, style: str) -> None:
    text = wareki.format_wareki(d, style)
    assert wareki.parse_date(text) == d


@given(st.dates(min_value=D(1868, 1, 1), max_value=D(2100, 12, 31)))
@settings(max_examples=100, deadline=None)
def test_western_round_trip(d: dt.date) -> None:
    assert wareki.parse_date(d.isoformat()) == d
    assert wareki.parse_date(f"{d.year}年{d.month}月{d.day}日") == d
    assert wareki.parse_date(d.strftime("%Y%m%d")) == d
    if d >= D(1950, 1, 1):
        assert wareki.parse_date(wareki.date_to_excel_serial(d)) == d


@pytest.mark.parametrize(
    ("d", "fy"),
    [(D(2020, 4, 1), 2020), (D(2021, 3, 31), 2020), (D(2020, 3, 31), 2019), (D(2020, 12, 31), 2020)],
)
def test_fiscal_year(d: dt.date, fy: int) -> None:
    assert wareki.fiscal_year(d) == fy


@pytest.mark.parametrize(
    ("fy", "label"),
    [
        (2020, "令和2(2020)年度"),
        (2019, "令和元(2019)年度"),   # Reiwa began in May: most of FY2019 is 令和
        (2018, "平成30(2018)年度"),
        (1988, "昭和63(1988)年度"),   # Heisei began in January: most of FY1988 is 昭和
        (1989, "平成元(1989)年度"),
        (1926, "大正15(1926)年度"),
        (1912, "大正元(1912)年度"),
    ],
)
def test_fy_label(fy: int, label: str) -> None:
    assert wareki.fy_label(fy) == label


@pytest.mark.parametrize(
    ("value", "fy"),
    [
        (2020, 2020),
        (2020.0, 2020),
        ("2020", 2020),
        ("２０２０", 2020),
        ("2020年度", 2020),
        ("２０２０年度", 2020),
        ("FY2020", 2020),
        ("fy2020", 2020),
        ("令和2年度", 2020),
        ("令和２年度", 2020),
        ("令和元年度", 2019),
        ("平成31年度", 2019),
        ("R2", 2020),
        ("r2", 2020),
        ("Ｒ２", 2020),
        ("R2年度", 2020),
        ("R02年度", 2020),
        ("H32年度", 2020),
        ("㍻32年度", 2020),
        ("S63年度", 1988),
        ("令和2(2020)年度", 2020),
        ("令和元(2019)年度", 2019),
        ("2020(令和2)年度", 2020),
        ("令和7年度予定", 2025),
        ("令和7年度中", 2025),
        ("2026年3月", 2025),          # a month is in the fiscal year that began the April before
        ("2025/4/1", 2025),
        (D(2026, 3, 31), 2025),
        (dt.datetime(2025, 4, 1), 2025),
    ],
)
def test_parse_fy(value: object, fy: int) -> None:
    assert wareki.parse_fy(value) == fy


@pytest.mark.parametrize(
    "value",
    ["令和0年度", "R0", "令和2(2021)年度", "7年度", "20年度", "年度", "R", "2020～2021", "FY",
     "1800年度", 1800, 2020.5, 7, True, None, float("nan"), "x" * 100, "2020年度" + "末" * 3],
)
def test_parse_fy_refuses(value: object) -> None:
    with pytest.raises(ValueProblem):
        wareki.parse_fy(value)


@given(st.integers(min_value=wareki.FY_MIN, max_value=wareki.FY_MAX))
@settings(max_examples=200, deadline=None)
def test_fy_label_round_trip(fy: int) -> None:
    assert wareki.parse_fy(wareki.fy_label(fy)) == fy
    assert wareki.parse_fy(f"{fy}年度") == fy


@given(st.one_of(st.text(max_size=40), st.text(alphabet="0123456789元年月日度末.-/ 令和平成昭RHSMT()（）", max_size=20),
                 st.integers(), st.floats(), st.dates(), st.datetimes()))
@settings(max_examples=300, deadline=None)
def test_only_value_problems(value: object) -> None:
    for parse in (wareki.parse_date, wareki.parse_fy):
        try:
            result = parse(value)
        except ValueProblem:
            continue
        assert isinstance(result, dt.date | int)
