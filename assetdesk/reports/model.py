"""The document model every report is built as, and every renderer paints.

Blocks follow one another down the page; a renderer breaks pages between blocks and between
table rows (repeating the table's header), never inside a line of text. Values in table cells
stay typed (numbers, dates) so that the renderer aligns and formats them the same way in
every report; ``format`` turns them into text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class ColumnKind(StrEnum):
    TEXT = "text"      # left-aligned, wrapped
    NUMBER = "number"  # right-aligned, thousands separators, ``decimals`` places
    DATE = "date"      # yyyy/mm/dd
    BAR = "bar"        # a percentage drawn as a bar with its figure (host loads)


class Orientation(StrEnum):
    PORTRAIT = "portrait"
    LANDSCAPE = "landscape"


@dataclass(frozen=True)
class Column:
    label: str
    kind: ColumnKind = ColumnKind.TEXT
    decimals: int = 0
    unit: str = ""
    #: Relative share of the spare width for wrapped text columns (1 = by content).
    weight: float = 1.0
    #: A fixed width, for tables that must line up with one another (the host-by-host tables).
    width_mm: float | None = None


@dataclass(frozen=True)
class SignOff:
    """The approval stamp boxes (決裁欄), one per role, right-aligned."""

    roles: tuple[str, ...]
    title: str = ""


@dataclass(frozen=True)
class Cover:
    """A title page: the report's name, fiscal year, issuing division and date."""

    title: str
    fiscal_year: str
    division: str
    date_wareki: str
    date_western: str
    subtitle: str = ""
    #: Approval stamp boxes printed at the foot of the cover (決裁欄).
    sign_off: SignOff | None = None


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1: section (starts a new page when ``new_page``), 2: subsection
    new_page: bool = False


@dataclass(frozen=True)
class Paragraph:
    text: str
    emphasis: bool = False  # a warning or a notice, painted in the alert colour


@dataclass(frozen=True)
class KeyValues:
    """Label / value pairs (a record's fields), laid out in ``columns`` pairs per row."""

    rows: tuple[tuple[str, str], ...]
    columns: int = 2
    title: str = ""


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    title: str = ""
    #: Shown instead of an empty table.
    empty_text: str = ""
    #: A last row in bold (totals), laid out like the others.
    total: tuple[Any, ...] | None = None


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    color: str = "#2471a3"


@dataclass(frozen=True)
class Chart:
    """A bar or line chart as data: categories along the x axis, one value per series each."""

    kind: str  # 'bar' | 'line'
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""
    #: Target points: (category index, value, label), drawn as markers.
    targets: tuple[tuple[int, float, str], ...] = ()
    target_label: str = ""  # the legend's name for the target markers (default: 計画値)
    height_mm: float = 70.0
    #: Bars drawn horizontally (one row per category), for long category names.
    horizontal: bool = False
    maximum: float | None = None


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Cover | Heading | Paragraph | KeyValues | Table | Chart | SignOff | PageBreak


@dataclass
class Document:
    title: str
    fiscal_year: str  # the label shown in every page header, e.g. 令和8(2026)年度
    printed: dt.date
    printed_label: str  # the print date as shown in the footer
    orientation: Orientation = Orientation.PORTRAIT
    blocks: list[Block] = field(default_factory=list)
    #: Headings of the footer's page counter and the like, already translated.
    page_label: str = "{page} / {pages}"
    printed_prefix: str = ""

    def add(self, *blocks: Block) -> Document:
        self.blocks.extend(blocks)
        return self

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def headings(self) -> list[str]:
        return [b.text for b in self.blocks if isinstance(b, Heading)]
