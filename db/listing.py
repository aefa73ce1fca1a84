"""The ledger window's list queries: which ids a view shows, in which order, and their rows.

A view (systems, servers, hosts, dependencies, departments, sections) is a set of columns,
each a SQL expression over the record's table and what it references. Filtering, searching
and sorting happen here, in SQL, and return only ids; the window then fetches the rows it
shows by id, a page at a time. Nothing here walks all the rows in Python.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from sqlalchemy import (
    Column as SqlColumn,
)
from sqlalchemy import (
    ColumnElement,
    Connection,
    FromClause,
    and_,
    exists,
    false,
    func,
    literal,
    or_,
    select,
)

from assetdesk import choices as C
from assetdesk.fields import ANNUAL_COST_PARTS, Kind
from assetdesk.i18n import N_
from assetdesk.scope import fiscal_year_of
from assetdesk.search import query_terms
from db import models as M

SYSTEM = M.System.__table__
SERVER = M.Server.__table__
SECTION = M.Section.__table__
DEPARTMENT = M.Department.__table__
HOST = M.Host.__table__
DEPENDENCY = M.Dependency.__table__
LINK = M.SystemServer.__table__
DATASET = M.Dataset.__table__
USED_BY = M.DatasetSection.__table__

#: Names of the "problems" filters, in menu order.
PROBLEMS: dict[str, str] = {
    "os_eol": N_("OSサポート終了"),
    "no_audit": N_("監査が1年以上ない"),
    "zone_mismatch": N_("ネットワーク区分の不一致"),
    "no_server": N_("サーバ未登録のシステム"),
    "renewal_soon": N_("次期更新が近い(今年度・来年度)"),
    "contract_end_soon": N_("契約終了が1年以内"),
    "dedicated_terminals": N_("専用端末あり"),
}
#: Statuses of systems that no longer run (they need no server, no audit).
ENDED_SYSTEM_STATUSES = ("retired", "consolidated")
AUDIT_MAX_AGE_DAYS = 365


@dataclass(frozen=True)
class Column:
    """One column a view can show; ``sortable`` is False for aggregates too dear to sort."""

    name: str
    label: str
    kind: Kind = Kind.TEXT
    choices: C.ChoiceSet | None = None
    visible: bool = True
    sortable: bool = True
    unit: str = ""


@dataclass(frozen=True)
class ListFilter:
    """What the user asked a view to show. Empty fields do not filter."""

    text: str = ""
    department: str | None = None  # department code
    section: str | None = None  # section code
    zone: str | None = None
    status: str | None = None  # system status
    criticality: str | None = None
    kind: str | None = None  # server kind or dependency kind
    migration_status: str | None = None
    # 保有データ
    form: str | None = None
    open_status: str | None = None
    confidentiality: str | None = None
    personal_info: str | None = None  # 'yes' / 'no'
    category: str | None = None
    problems: frozenset[str] = field(default_factory=frozenset)

    def to_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if v not in (None, "", frozenset())}
        if "problems" in out:
            out["problems"] = sorted(out["problems"])
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ListFilter:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        if "problems" in known:
            known["problems"] = frozenset(known["problems"] or ())
        return cls(**known)

    def with_(self, **changes: Any) -> ListFilter:
        return replace(self, **changes)


@dataclass(frozen=True)
class ListView:
    name: str
    label: str
    record_type: str
    columns: tuple[Column, ...]
    #: Which ListFilter fields (besides text) make sense for this view.
    filters: tuple[str, ...]
    problems: tuple[str, ...] = ()

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def index_of(self, name: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.name == name)


def _c(name: str, label: str, kind: Kind = Kind.TEXT, **kw: Any) -> Column:
    return Column(name, label, kind, **kw)


VIEWS: dict[str, ListView] = {v.name: v for v in (
    ListView("system", N_("情報システム"), "system", (
        _c("system_code", N_("システム管理番号"), Kind.CODE),
        _c("name", N_("システム名称")),
        _c("department", N_("部局")),
        _c("section", N_("所管所属")),
        _c("network_zone", N_("ネットワーク区分"), Kind.CHOICE, choices=C.NETWORK_ZONE),
        _c("status", N_("状態"), Kind.CHOICE, choices=C.SYSTEM_STATUS),
        _c("criticality", N_("重要度"), Kind.CHOICE, choices=C.CRITICALITY),
        _c("business_category", N_("業務分類"), Kind.CHOICE, choices=C.BUSINESS_CATEGORY),
        _c("hosting", N_("稼働環境"), Kind.CHOICE, choices=C.HOSTING),
        _c("users", N_("利用者数"), Kind.INT, unit=N_("人")),
        _c("server_count", N_("サーバ数"), Kind.INT, sortable=False),
        _c("vendor", N_("保守事業者"), visible=False),
        _c("product", N_("製品・パッケージ名"), visible=False),
        _c("next_renewal_fy", N_("次期更新予定年度"), Kind.FY),
        _c("contract_end", N_("契約終了日"), Kind.DATE),
        _c("annual_cost", N_("年間運用経費(千円)"), Kind.INT, unit=N_("千円")),
        _c("internal_audit", N_("内部監査日"), Kind.DATE, visible=False),
        _c("external_audit", N_("外部監査日"), Kind.DATE, visible=False),
        _c("contact", N_("担当者"), visible=False),
        _c("dedicated_terminals", N_("専用端末台数"), Kind.INT, unit=N_("台"), visible=False),
    ), ("department", "section", "zone", "status", "criticality"),
        ("os_eol", "no_audit", "zone_mismatch", "no_server", "renewal_soon", "contract_end_soon",
         "dedicated_terminals")),
    ListView("server", N_("サーバ"), "server", (
        _c("server_code", N_("サーバ管理番号"), Kind.CODE),
        _c("hostname", N_("ホスト名")),
        _c("systems", N_("稼働システム"), sortable=False),
        _c("role", N_("用途"), Kind.CHOICE, choices=C.SERVER_ROLE),
        _c("kind", N_("種別"), Kind.CHOICE, choices=C.SERVER_KIND),
        _c("network_zone", N_("ネットワーク区分"), Kind.CHOICE, choices=C.NETWORK_ZONE),
        _c("migration_status", N_("移行状況"), Kind.CHOICE, choices=C.MIGRATION_STATUS),
        _c("os", N_("OS")),
        _c("os_eol", N_("OSサポート終了日"), Kind.DATE),
        _c("cpu_cores", N_("CPUコア数"), Kind.INT),
        _c("memory_gb", N_("メモリ(GB)"), Kind.FLOAT),
        _c("storage_gb", N_("ストレージ容量(GB)"), Kind.FLOAT, visible=False),
        _c("host", N_("移行先ホスト")),
        _c("location", N_("設置場所"), visible=False),
        _c("purchased", N_("導入日"), Kind.DATE, visible=False),
        _c("maintenance_end", N_("保守期限"), Kind.DATE, visible=False),
        _c("planned_wave", N_("移行ウェーブ"), Kind.INT, visible=False),
    ), ("department", "section", "zone", "kind", "migration_status"), ("os_eol", "zone_mismatch")),
    ListView("host", N_("共同利用型基盤ホスト"), "host", (
        _c("name", N_("ホスト名"), Kind.CODE),
        _c("network_zone", N_("ネットワーク区分"), Kind.CHOICE, choices=C.NETWORK_ZONE),
        _c("cpu_cores", N_("CPUコア数"), Kind.INT),
        _c("memory_gb", N_("メモリ(GB)"), Kind.FLOAT),
        _c("storage_gb", N_("ストレージ容量(GB)"), Kind.FLOAT),
        _c("in_service", N_("稼働開始日"), Kind.DATE),
        _c("server_count", N_("移行済サーバ数"), Kind.INT, sortable=False),
        _c("retired_on", N_("撤去日"), Kind.DATE),
    ), ("zone",)),
    ListView("dependency", N_("システム間連携"), "dependency", (
        _c("from_system", N_("連携元"), Kind.CODE),
        _c("from_name", N_("連携元名称")),
        _c("to_system", N_("連携先"), Kind.CODE),
        _c("to_name", N_("連携先名称")),
        _c("kind", N_("連携種別"), Kind.CHOICE, choices=C.DEPENDENCY_KIND),
        _c("method", N_("方式"), Kind.CHOICE, choices=C.DEPENDENCY_METHOD),
        _c("frequency", N_("頻度"), Kind.CHOICE, choices=C.FREQUENCY),
        _c("zone_exception", N_("区分間連携の例外承認"), visible=False),
    ), ("department", "zone", "kind")),
    ListView("department", N_("部局"), "department", (
        _c("code", N_("部局コード"), Kind.CODE),
        _c("name", N_("部局")),
        _c("section_count", N_("所属数"), Kind.INT, sortable=False),
        _c("system_count", N_("システム数"), Kind.INT, sortable=False),
        _c("retired_on", N_("廃止日"), Kind.DATE),
    ), ()),
    ListView("section", N_("所属"), "section", (
        _c("code", N_("所属コード"), Kind.CODE),
        _c("name", N_("所属")),
        _c("department", N_("部局")),
        _c("system_count", N_("システム数"), Kind.INT, sortable=False),
        _c("retired_on", N_("廃止日"), Kind.DATE),
    ), ("department",)),
    ListView("dataset", N_("保有データ"), "dataset", (
        _c("code", N_("データ管理番号"), Kind.CODE),
        _c("name", N_("データ名称")),
        _c("department", N_("部局"), visible=False),
        _c("section", N_("保有所属")),
        _c("system", N_("保有システム")),
        _c("form", N_("データ形式"), Kind.CHOICE, choices=C.DATASET_FORM),
        _c("records", N_("件数"), Kind.INT),
        _c("update_frequency", N_("更新頻度"), Kind.CHOICE, choices=C.UPDATE_FREQUENCY, visible=False),
        _c("personal_info", N_("個人情報の有無"), Kind.BOOL),
        _c("my_number", N_("マイナンバーの有無"), Kind.BOOL, visible=False),
        _c("confidentiality", N_("機密性"), Kind.CHOICE, choices=C.CONFIDENTIALITY),
        _c("open_status", N_("公開状況"), Kind.CHOICE, choices=C.OPEN_DATA_STATUS),
        _c("category", N_("推奨データセット"), Kind.CHOICE, choices=C.RECOMMENDED_DATASET),
        _c("licence", N_("利用規約"), Kind.CHOICE, choices=C.LICENCE, visible=False),
        _c("mj_characters", N_("外字(MJ文字)の使用"), Kind.BOOL, visible=False),
        _c("used_by", N_("利用所属"), sortable=False),
    ), ("department", "section", "form", "open_status", "confidentiality", "personal_info", "category")),
)}


# --- column expressions -------------------------------------------------------------------------

def _annual_cost():
    parts = [SYSTEM.c[n] for n in ANNUAL_COST_PARTS]
    total = func.coalesce(parts[0], 0)
    for p in parts[1:]:
        total = total + func.coalesce(p, 0)
    return total


@cache
def _source(view: str) -> tuple[FromClause, Any, dict[str, ColumnElement]]:
    """The joined tables of a view, its id column and its column expressions (built once)."""
    if view == "system":
        sec, dep = SECTION.alias("sec"), DEPARTMENT.alias("dep")
        src = SYSTEM.join(sec, sec.c.id == SYSTEM.c.section_id).join(dep, dep.c.id == sec.c.department_id)
        cols = {n: SYSTEM.c[n] for n in ("system_code", "name", "network_zone", "status", "criticality",
                                          "business_category", "hosting", "users", "vendor", "product",
                                          "next_renewal_fy", "contract_end", "internal_audit",
                                          "external_audit", "contact", "dedicated_terminals")}
        cols |= {"department": dep.c.name, "section": sec.c.name, "annual_cost": _annual_cost(),
                 "server_count": select(func.count()).select_from(LINK)
                 .where(LINK.c.system_id == SYSTEM.c.id).scalar_subquery(),
                 "_department_code": dep.c.code, "_section_code": sec.c.code}
        return src, SYSTEM.c.id, cols
    if view == "server":
        host = HOST.alias("h")
        src = SERVER.outerjoin(host, host.c.id == SERVER.c.host_id)
        cols = {n: SERVER.c[n] for n in ("server_code", "hostname", "role", "kind", "network_zone",
                                          "migration_status", "os", "os_eol", "cpu_cores", "memory_gb",
                                          "storage_gb", "location", "purchased", "maintenance_end",
                                          "planned_wave")}
        codes = (select(func.aggregate_strings(SYSTEM.c.system_code, ", "))
                 .select_from(LINK.join(SYSTEM, SYSTEM.c.id == LINK.c.system_id))
                 .where(LINK.c.server_id == SERVER.c.id).scalar_subquery())
        cols |= {"host": host.c.name, "systems": codes}
        return src, SERVER.c.id, cols
    if view == "host":
        cols = {n: HOST.c[n] for n in ("name", "network_zone", "cpu_cores", "memory_gb", "storage_gb",
                                        "in_service", "retired_on")}
        cols["server_count"] = (select(func.count()).select_from(SERVER)
                                .where(SERVER.c.host_id == HOST.c.id).scalar_subquery())
        return HOST, HOST.c.id, cols
    if view == "dependency":
        a, b = SYSTEM.alias("a"), SYSTEM.alias("b")
        src = DEPENDENCY.join(a, a.c.id == DEPENDENCY.c.from_system_id).join(b, b.c.id == DEPENDENCY.c.to_system_id)
        cols = {n: DEPENDENCY.c[n] for n in ("kind", "method", "frequency", "zone_exception")}
        cols |= {"from_system": a.c.system_code, "from_name": a.c.name, "to_system": b.c.system_code,
                 "to_name": b.c.name, "_from_key": a.c.search_key, "_to_key": b.c.search_key,
                 "_from_id": a.c.id, "_to_id": b.c.id, "_from_zone": a.c.network_zone,
                 "_to_zone": b.c.network_zone}
        return src, DEPENDENCY.c.id, cols
    if view == "department":
        cols = {"code": DEPARTMENT.c.code, "name": DEPARTMENT.c.name, "retired_on": DEPARTMENT.c.retired_on,
                "section_count": select(func.count()).select_from(SECTION)
                .where(SECTION.c.department_id == DEPARTMENT.c.id).scalar_subquery(),
                "system_count": select(func.count()).select_from(SYSTEM.join(SECTION, SECTION.c.id == SYSTEM.c.section_id))
                .where(SECTION.c.department_id == DEPARTMENT.c.id).scalar_subquery()}
        return DEPARTMENT, DEPARTMENT.c.id, cols
    if view == "section":
        dep = DEPARTMENT.alias("dep")
        src = SECTION.join(dep, dep.c.id == SECTION.c.department_id)
        cols = {"code": SECTION.c.code, "name": SECTION.c.name, "department": dep.c.name,
                "_department_code": dep.c.code, "retired_on": SECTION.c.retired_on,
                "system_count": select(func.count()).select_from(SYSTEM)
                .where(SYSTEM.c.section_id == SECTION.c.id).scalar_subquery()}
        return src, SECTION.c.id, cols
    if view == "dataset":
        sec, dep, sysa = SECTION.alias("sec"), DEPARTMENT.alias("dep"), SYSTEM.alias("sys")
        src = (DATASET.join(sec, sec.c.id == DATASET.c.section_id).join(dep, dep.c.id == sec.c.department_id)
               .outerjoin(sysa, sysa.c.id == DATASET.c.system_id))
        cols = {n: DATASET.c[n] for n in ("code", "name", "form", "records", "update_frequency", "personal_info",
                                           "my_number", "confidentiality", "open_status", "category", "licence",
                                           "mj_characters")}
        users = SECTION.alias("users")
        cols |= {"department": dep.c.name, "section": sec.c.name, "system": sysa.c.system_code,
                 "used_by": select(func.aggregate_strings(users.c.code, ", "))
                 .select_from(USED_BY.join(users, users.c.id == USED_BY.c.section_id))
                 .where(USED_BY.c.dataset_id == DATASET.c.id).scalar_subquery(),
                 "_department_code": dep.c.code, "_section_code": sec.c.code}
        return src, DATASET.c.id, cols
    raise KeyError(view)


# --- filters --------------------------------------------------------------------------------------

def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _contains(expr, term: str):
    return expr.like(f"%{_like_escape(term)}%", escape="\\")


def _kana_variants(term: str) -> set[str]:
    """A folded term and its katakana spelling, for columns that are stored unfolded."""
    kata = "".join(chr(ord(ch) + 0x60) if "\u3041" <= ch <= "\u3096" else ch for ch in term)
    return {term, kata}


def _plain_match(exprs: Sequence[Any], term: str):
    """``term`` (folded) inside any of ``exprs`` (unfolded names and codes), case-insensitively."""
    return or_(*(_contains(func.lower(e), v) for e in exprs for v in _kana_variants(term)))


def _text_condition(view: str, cols: Mapping[str, Any], text: str):
    whole, terms = query_terms(text)
    if not whole:
        return None
    if view == "system":
        def one(t: str):
            # Section and department names are matched in their own small tables first, so the
            # scan over systems stays a scan of one table.
            named = (select(SECTION.c.id).join(DEPARTMENT, DEPARTMENT.c.id == SECTION.c.department_id)
                     .where(_plain_match([SECTION.c.name, DEPARTMENT.c.name], t)))
            return or_(_contains(SYSTEM.c.search_key, t), SYSTEM.c.section_id.in_(named))
    elif view == "server":
        def one(t: str):
            return _contains(SERVER.c.search_key, t)
    elif view == "dependency":
        def one(t: str):
            return or_(_contains(cols["_from_key"], t), _contains(cols["_to_key"], t))
    elif view == "dataset":
        def one(t: str):
            named = (select(SECTION.c.id).join(DEPARTMENT, DEPARTMENT.c.id == SECTION.c.department_id)
                     .where(_plain_match([SECTION.c.name, DEPARTMENT.c.name], t)))
            return or_(_contains(DATASET.c.search_key, t), DATASET.c.section_id.in_(named))
    elif view == "host":
        def one(t: str):
            return _plain_match([HOST.c.name], t)
    elif view == "department":
        def one(t: str):
            return _plain_match([DEPARTMENT.c.code, DEPARTMENT.c.name], t)
    else:
        def one(t: str):
            return _plain_match([SECTION.c.code, SECTION.c.name, cols["department"]], t)
    if len(terms) <= 1:
        return one(whole)
    return or_(one(whole), and_(*(one(t) for t in terms)))


def _server_of_systems(condition) -> Any:
    """Servers running at least one system that meets ``condition`` (over SYSTEM/SECTION/DEPARTMENT)."""
    return exists(select(literal(1)).select_from(
        LINK.join(SYSTEM, SYSTEM.c.id == LINK.c.system_id)
        .join(SECTION, SECTION.c.id == SYSTEM.c.section_id)
        .join(DEPARTMENT, DEPARTMENT.c.id == SECTION.c.department_id))
        .where(LINK.c.server_id == SERVER.c.id, condition))


def problem_condition(view: str, problem: str, today: dt.date):
    """SQL for one "problems" filter of ``view`` (a false condition where it does not apply)."""
    year_ago = today - dt.timedelta(days=AUDIT_MAX_AGE_DAYS)
    running = SYSTEM.c.status.not_in(ENDED_SYSTEM_STATUSES)
    if view == "server":
        if problem == "os_eol":
            return and_(SERVER.c.os_eol < today, SERVER.c.migration_status.not_in(("retired", "migrated")))
        if problem == "zone_mismatch":
            return exists(select(literal(1)).select_from(LINK.join(SYSTEM, SYSTEM.c.id == LINK.c.system_id))
                          .where(LINK.c.server_id == SERVER.c.id, SYSTEM.c.network_zone != SERVER.c.network_zone))
        return false()
    if view != "system":
        return false()
    if problem == "os_eol":
        return and_(running, exists(select(literal(1)).select_from(LINK.join(SERVER, SERVER.c.id == LINK.c.server_id))
                                    .where(LINK.c.system_id == SYSTEM.c.id, SERVER.c.os_eol < today,
                                           SERVER.c.migration_status.not_in(("retired", "migrated")))))
    if problem == "no_audit":
        # Neither an internal nor an external audit within the last year (none at all counts).
        return and_(running,
                    or_(SYSTEM.c.internal_audit.is_(None), SYSTEM.c.internal_audit < year_ago),
                    or_(SYSTEM.c.external_audit.is_(None), SYSTEM.c.external_audit < year_ago))
    if problem == "zone_mismatch":
        return exists(select(literal(1)).select_from(LINK.join(SERVER, SERVER.c.id == LINK.c.server_id))
                      .where(LINK.c.system_id == SYSTEM.c.id, SERVER.c.network_zone != SYSTEM.c.network_zone))
    if problem == "no_server":
        return and_(running, SYSTEM.c.hosting.is_distinct_from("cloud"),
                    ~exists(select(literal(1)).where(LINK.c.system_id == SYSTEM.c.id)))
    if problem == "renewal_soon":
        fy = fiscal_year_of(today)
        return and_(running, SYSTEM.c.next_renewal_fy.between(fy, fy + 1))
    if problem == "contract_end_soon":
        return and_(running, SYSTEM.c.contract_end.between(today, today + dt.timedelta(days=365)))
    if problem == "dedicated_terminals":
        # Those still in use: assetdesk.terminals.has_open_terminals
        return and_(running, SYSTEM.c.dedicated_terminals > 0, SYSTEM.c.terminals_moved_on.is_(None))
    return false()


def _conditions(view: str, cols: Mapping[str, Any], flt: ListFilter, today: dt.date) -> list[Any]:
    out: list[Any] = []
    text = _text_condition(view, cols, flt.text)
    if text is not None:
        out.append(text)
    if view == "system":
        if flt.department:
            out.append(SYSTEM.c.section_id.in_(
                select(SECTION.c.id).join(DEPARTMENT, DEPARTMENT.c.id == SECTION.c.department_id)
                .where(DEPARTMENT.c.code == flt.department)))
        if flt.section:
            out.append(SYSTEM.c.section_id.in_(select(SECTION.c.id).where(SECTION.c.code == flt.section)))
        if flt.zone:
            out.append(SYSTEM.c.network_zone == flt.zone)
        if flt.status:
            out.append(SYSTEM.c.status == flt.status)
        if flt.criticality:
            out.append(SYSTEM.c.criticality == flt.criticality)
    elif view == "server":
        if flt.department:
            out.append(_server_of_systems(DEPARTMENT.c.code == flt.department))
        if flt.section:
            out.append(_server_of_systems(SECTION.c.code == flt.section))
        if flt.zone:
            out.append(SERVER.c.network_zone == flt.zone)
        if flt.kind:
            out.append(SERVER.c.kind == flt.kind)
        if flt.migration_status:
            out.append(SERVER.c.migration_status == flt.migration_status)
    elif view == "host":
        if flt.zone:
            out.append(HOST.c.network_zone == flt.zone)
    elif view == "dependency":
        if flt.kind:
            out.append(DEPENDENCY.c.kind == flt.kind)
        if flt.zone:
            out.append(or_(cols["_from_zone"] == flt.zone, cols["_to_zone"] == flt.zone))
        if flt.department:
            dept_systems = (select(SYSTEM.c.id).join(SECTION, SECTION.c.id == SYSTEM.c.section_id)
                            .join(DEPARTMENT, DEPARTMENT.c.id == SECTION.c.department_id)
                            .where(DEPARTMENT.c.code == flt.department))
            out.append(or_(cols["_from_id"].in_(dept_systems), cols["_to_id"].in_(dept_systems)))
    elif view == "section":
        if flt.department:
            out.append(cols["_department_code"] == flt.department)
    elif view == "dataset":
        out += _dataset_conditions(flt)
    for problem in sorted(flt.problems):
        out.append(problem_condition(view, problem, today))
    return out


def _dataset_conditions(flt: ListFilter) -> list[Any]:
    """Filters of the data inventory, written on the dataset table alone (no joins to count)."""
    out: list[Any] = []
    if flt.department:
        out.append(DATASET.c.section_id.in_(
            select(SECTION.c.id).join(DEPARTMENT, DEPARTMENT.c.id == SECTION.c.department_id)
            .where(DEPARTMENT.c.code == flt.department)))
    if flt.section:
        out.append(DATASET.c.section_id.in_(select(SECTION.c.id).where(SECTION.c.code == flt.section)))
    for name in ("form", "open_status", "confidentiality", "category"):
        value = getattr(flt, name)
        if value:
            out.append(DATASET.c[name] == value)
    if flt.personal_info == "yes":
        out.append(DATASET.c.personal_info.is_(True))
    elif flt.personal_info == "no":
        # Unanswered is not "without": only an explicit 無 counts as no personal information.
        out.append(DATASET.c.personal_info.is_(False))
    return out


# --- the queries ----------------------------------------------------------------------------------

def list_ids(conn: Connection, view: str, flt: ListFilter | None = None, sort: str | None = None,
             descending: bool = False, today: dt.date | None = None, limit: int | None = None) -> list[int]:
    """Ids of the records ``view`` shows under ``flt``, ordered by column ``sort`` (then id).

    ``limit`` returns only the first ones: the window shows a first screen from them while the
    whole list is read (a broad search stops scanning as soon as it has them)."""
    flt = flt or ListFilter()
    src, id_col, cols = _source(view)
    if view == "system" and sort not in ("department", "section"):
        src = SYSTEM  # every filter of systems is written without the joins; sorting may need them
    elif view == "dataset" and sort not in ("department", "section", "system"):
        src = DATASET
    q = select(id_col).select_from(src)
    conds = _conditions(view, cols, flt, today or dt.date.today())
    if conds:
        q = q.where(and_(*conds))
    if sort and sort in cols and not sort.startswith("_"):
        expr = cols[sort]
        ordered = expr.desc() if descending else expr.asc()
        # NULLs last either way: an empty cell is never "the smallest" to a reader. Required
        # columns have none, and ordering by them plainly lets an index (hostname, codes) serve.
        if not (isinstance(expr, SqlColumn) and not expr.nullable):
            ordered = ordered.nulls_last()
        q = q.order_by(ordered, id_col.desc() if descending else id_col.asc())
    else:
        q = q.order_by(id_col)
    if limit is not None:
        q = q.limit(limit)
    return [r[0] for r in conn.execute(q)]


def count(conn: Connection, view: str, flt: ListFilter | None = None, today: dt.date | None = None) -> int:
    src, id_col, cols = _source(view)
    if view in ("system", "dataset"):
        src = SYSTEM if view == "system" else DATASET
    q = select(func.count(id_col)).select_from(src)
    conds = _conditions(view, cols, flt or ListFilter(), today or dt.date.today())
    if conds:
        q = q.where(and_(*conds))
    return conn.execute(q).scalar_one()


def fetch_rows(conn: Connection, view: str, ids: Iterable[int], columns: Sequence[str] | None = None
               ) -> dict[int, tuple[Any, ...]]:
    """The raw values of ``columns`` (all of the view's by default) for ``ids``, keyed by id."""
    src, id_col, cols = _source(view)
    names = list(columns) if columns is not None else [c.name for c in VIEWS[view].columns]
    q = select(id_col, *(cols[n] for n in names)).select_from(src)
    out: dict[int, tuple[Any, ...]] = {}
    id_list = list(ids)
    for i in range(0, len(id_list), 900):
        chunk = id_list[i:i + 900]
        for row in conn.execute(q.where(id_col.in_(chunk))):
            out[row[0]] = tuple(row[1:])
    return out


def next_code(conn: Connection, record_type: str) -> str:
    """A fresh code for a new system or server: one past the highest numbered one."""
    prefix, col, width = {
        "system": ("SYS-", SYSTEM.c.system_code, 4),
        "server": ("SRV-", SERVER.c.server_code, 5),
        "dataset": ("DAT-", DATASET.c.code, 4),
    }[record_type]
    codes = conn.execute(select(col).where(col.like(f"{prefix}%"))).scalars()
    highest = 0
    for code in codes:
        tail = code[len(prefix):]
        if tail.isdigit():
            highest = max(highest, int(tail))
    return f"{prefix}{highest + 1:0{width}d}"


# --- related records -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Related:
    relation: str  # translated later (N_)
    record_type: str
    record_id: int
    code: str
    name: str


def related(conn: Connection, record_type: str, record_id: int) -> list[Related]:
    """Records one click away from this one: servers of a system, systems of a server, etc."""
    out: list[Related] = []
    if record_type == "system":
        q = (select(SERVER.c.id, SERVER.c.server_code, SERVER.c.hostname)
             .join(LINK, LINK.c.server_id == SERVER.c.id).where(LINK.c.system_id == record_id)
             .order_by(SERVER.c.server_code))
        out += [Related(N_("稼働サーバ"), "server", i, c, n) for i, c, n in conn.execute(q)]
        b = SYSTEM.alias("b")
        q = (select(DEPENDENCY.c.id, b.c.system_code, b.c.name, DEPENDENCY.c.kind)
             .join(b, b.c.id == DEPENDENCY.c.to_system_id).where(DEPENDENCY.c.from_system_id == record_id)
             .order_by(b.c.system_code))
        out += [Related(N_("連携先(利用している)"), "dependency", i, c, n) for i, c, n, _k in conn.execute(q)]
        q = (select(DEPENDENCY.c.id, b.c.system_code, b.c.name, DEPENDENCY.c.kind)
             .join(b, b.c.id == DEPENDENCY.c.from_system_id).where(DEPENDENCY.c.to_system_id == record_id)
             .order_by(b.c.system_code))
        out += [Related(N_("連携元(利用されている)"), "dependency", i, c, n) for i, c, n, _k in conn.execute(q)]
        q = (select(SECTION.c.id, SECTION.c.code, SECTION.c.name)
             .join(SYSTEM, SYSTEM.c.section_id == SECTION.c.id).where(SYSTEM.c.id == record_id))
        out += [Related(N_("所管所属"), "section", i, c, n) for i, c, n in conn.execute(q)]
        q = (select(DATASET.c.id, DATASET.c.code, DATASET.c.name)
             .where(DATASET.c.system_id == record_id).order_by(DATASET.c.code))
        out += [Related(N_("保有データ"), "dataset", i, c, n) for i, c, n in conn.execute(q)]
    elif record_type == "dataset":
        q = (select(SECTION.c.id, SECTION.c.code, SECTION.c.name)
             .join(DATASET, DATASET.c.section_id == SECTION.c.id).where(DATASET.c.id == record_id))
        out += [Related(N_("保有所属"), "section", i, c, n) for i, c, n in conn.execute(q)]
        q = (select(SYSTEM.c.id, SYSTEM.c.system_code, SYSTEM.c.name)
             .join(DATASET, DATASET.c.system_id == SYSTEM.c.id).where(DATASET.c.id == record_id))
        out += [Related(N_("保有システム"), "system", i, c, n) for i, c, n in conn.execute(q)]
        q = (select(SECTION.c.id, SECTION.c.code, SECTION.c.name)
             .join(USED_BY, USED_BY.c.section_id == SECTION.c.id).where(USED_BY.c.dataset_id == record_id)
             .order_by(SECTION.c.code))
        out += [Related(N_("利用所属"), "section", i, c, n) for i, c, n in conn.execute(q)]
    elif record_type == "server":
        q = (select(SYSTEM.c.id, SYSTEM.c.system_code, SYSTEM.c.name)
             .join(LINK, LINK.c.system_id == SYSTEM.c.id).where(LINK.c.server_id == record_id)
             .order_by(SYSTEM.c.system_code))
        out += [Related(N_("稼働システム"), "system", i, c, n) for i, c, n in conn.execute(q)]
        q = select(HOST.c.id, HOST.c.name).join(SERVER, SERVER.c.host_id == HOST.c.id).where(SERVER.c.id == record_id)
        out += [Related(N_("移行先ホスト"), "host", i, n, "") for i, n in conn.execute(q)]
    elif record_type == "host":
        q = (select(SERVER.c.id, SERVER.c.server_code, SERVER.c.hostname)
             .where(SERVER.c.host_id == record_id).order_by(SERVER.c.server_code))
        out += [Related(N_("収容サーバ"), "server", i, c, n) for i, c, n in conn.execute(q)]
    elif record_type == "dependency":
        for rel, col in ((N_("連携元"), DEPENDENCY.c.from_system_id), (N_("連携先"), DEPENDENCY.c.to_system_id)):
            q = (select(SYSTEM.c.id, SYSTEM.c.system_code, SYSTEM.c.name)
                 .join(DEPENDENCY, col == SYSTEM.c.id).where(DEPENDENCY.c.id == record_id))
            out += [Related(rel, "system", i, c, n) for i, c, n in conn.execute(q)]
    elif record_type == "department":
        q = (select(SECTION.c.id, SECTION.c.code, SECTION.c.name)
             .where(SECTION.c.department_id == record_id).order_by(SECTION.c.code))
        out += [Related(N_("所属"), "section", i, c, n) for i, c, n in conn.execute(q)]
    elif record_type == "section":
        q = (select(DEPARTMENT.c.id, DEPARTMENT.c.code, DEPARTMENT.c.name)
             .join(SECTION, SECTION.c.department_id == DEPARTMENT.c.id).where(SECTION.c.id == record_id))
        out += [Related(N_("部局"), "department", i, c, n) for i, c, n in conn.execute(q)]
        q = (select(SYSTEM.c.id, SYSTEM.c.system_code, SYSTEM.c.name)
             .where(SYSTEM.c.section_id == record_id).order_by(SYSTEM.c.system_code).limit(500))
        out += [Related(N_("所管システム"), "system", i, c, n) for i, c, n in conn.execute(q)]
        q = (select(DATASET.c.id, DATASET.c.code, DATASET.c.name)
             .where(DATASET.c.section_id == record_id).order_by(DATASET.c.code).limit(500))
        out += [Related(N_("保有データ"), "dataset", i, c, n) for i, c, n in conn.execute(q)]
    return out


def dependencies_of_system(conn: Connection, system_id: int) -> list[int]:
    """Ids of the dependencies in and out of a system (what deleting it would orphan)."""
    q = select(DEPENDENCY.c.id).where(or_(DEPENDENCY.c.from_system_id == system_id,
                                          DEPENDENCY.c.to_system_id == system_id))
    return [r[0] for r in conn.execute(q)]


def servers_of_system(conn: Connection, system_id: int) -> list[int]:
    return [r[0] for r in conn.execute(select(LINK.c.server_id).where(LINK.c.system_id == system_id))]


def name_of_code(conn: Connection, record_type: str, code: str) -> str | None:
    """The name of the record with ``code`` ('' if it has no name), None when no record has it.

    Codes compare case-insensitively, as ``assetdesk.values.normalize_code`` writes them."""
    table, code_col, name_col = {
        "department": (DEPARTMENT, DEPARTMENT.c.code, DEPARTMENT.c.name),
        "section": (SECTION, SECTION.c.code, SECTION.c.name),
        "system": (SYSTEM, SYSTEM.c.system_code, SYSTEM.c.name),
        "server": (SERVER, SERVER.c.server_code, SERVER.c.hostname),
        "host": (HOST, HOST.c.name, literal("")),
        "dataset": (DATASET, DATASET.c.code, DATASET.c.name),
    }[record_type]
    row = conn.execute(select(name_col).select_from(table).where(func.upper(code_col) == code.upper())).first()
    return None if row is None else str(row[0] or "")


def choice_codes(conn: Connection, record_type: str) -> list[tuple[str, str]]:
    """(code, name) of departments or sections, for filter menus."""
    t = {"department": DEPARTMENT, "section": SECTION}[record_type]
    return [(c, n) for c, n in conn.execute(select(t.c.code, t.c.name).order_by(t.c.code))]


# --- the dashboard's figures -------------------------------------------------------------------------

def dashboard_figures(conn: Connection, today: dt.date | None = None) -> dict[str, Any]:
    """Counts for the home dashboard; each problem count matches its filter in ``list_ids``."""
    today = today or dt.date.today()
    problems = {p: count(conn, "system", ListFilter(problems=frozenset({p})), today)
                for p in VIEWS["system"].problems}
    problems["server_os_eol"] = count(conn, "server", ListFilter(problems=frozenset({"os_eol"})), today)
    n = func.count()
    sec, dep = SECTION, DEPARTMENT
    by_department = [
        (code, name, c) for code, name, c in conn.execute(
            select(dep.c.code, dep.c.name, n).select_from(
                SYSTEM.join(sec, sec.c.id == SYSTEM.c.section_id).join(dep, dep.c.id == sec.c.department_id))
            .group_by(dep.c.code, dep.c.name).order_by(n.desc(), dep.c.code))]
    return {
        "systems": conn.execute(select(n).select_from(SYSTEM)).scalar_one(),
        "servers": conn.execute(select(n).select_from(SERVER)).scalar_one(),
        "by_zone": dict(conn.execute(select(SYSTEM.c.network_zone, n).group_by(SYSTEM.c.network_zone)).all()),
        "by_status": dict(conn.execute(select(SYSTEM.c.status, n).group_by(SYSTEM.c.status)).all()),
        "by_department": by_department,
        "problems": problems,
    }
