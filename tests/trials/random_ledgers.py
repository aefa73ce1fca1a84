"""Random ledgers for the export -> import round trip: every field of every exported record type
gets a random value of its kind (Japanese text, numbers in range, dates, fiscal years, choices,
flags, codes of other records), held as the ledger holds values: read and cleaned on entry.

The ledger's own rules are kept (a server in the zone of the systems it runs, references to
records that exist), since a ledger that breaks them is not one AssetDesk writes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from assetdesk import fields as F
from assetdesk.values import ValueProblem, read_value
from tests.factories import blank

TEXTS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30) | st.sampled_from(
    ("財務会計システム", "=SUM(A1)", "０１２３", "ｶﾀｶﾅ", "１件\n２件", "-", "令和5年", "TRUE", "1e3", "  "))
SECTIONS = ("S001", "S002")
ZONES = ("lgwan", "internet", "mynumber", "closed")


def _canonical(value: Any, field: F.Field) -> Any:
    """The value as the ledger would hold it after entry (None when it reads as empty or wrong)."""
    try:
        return read_value(value, field)
    except ValueProblem:
        return None


def _number(draw, field: F.Field, integer: bool) -> Any:
    lo = field.minimum if field.minimum is not None else 0
    hi = field.maximum if field.maximum is not None else 10_000_000
    if integer:
        return draw(st.integers(int(lo), int(hi)))
    return round(draw(st.floats(lo, hi, allow_nan=False)), draw(st.integers(0, 2)))


def field_value(draw, field: F.Field) -> Any:
    """A random value for a plain field (codes are drawn by the caller)."""
    if draw(st.integers(0, 5)) == 0 and not field.required:
        return None
    k = field.kind
    if k == F.Kind.TEXT:
        return _canonical(draw(TEXTS), field)
    if k == F.Kind.INT:
        return _number(draw, field, True)
    if k == F.Kind.FLOAT:
        return _number(draw, field, False)
    if k == F.Kind.DATE:
        return draw(st.dates(dt.date(1989, 1, 8), dt.date(2045, 12, 31)))
    if k == F.Kind.FY:
        return draw(st.integers(1990, 2045))
    if k == F.Kind.CHOICE:
        assert field.choices is not None
        return draw(st.sampled_from(field.choices.values))
    if k == F.Kind.BOOL:
        return draw(st.booleans())
    raise AssertionError(field.name)


@st.composite
def ledger_content(draw, max_systems: int = 6) -> dict[str, list[dict[str, Any]]]:
    n_sys = draw(st.integers(1, max_systems))
    systems = []
    for i in range(n_sys):
        v = blank("system")
        for f in F.RECORD_FIELDS["system"]:
            if f.kind not in (F.Kind.CODE, F.Kind.CODES):
                v[f.name] = field_value(draw, f)
        v["system_code"] = f"SYS-{i + 1:04d}"
        v["name"] = v["name"] or f"システム{i}"
        v["section"] = draw(st.sampled_from(SECTIONS))
        v["network_zone"] = draw(st.sampled_from(ZONES))
        systems.append(v)
    codes = [s["system_code"] for s in systems]
    for s in systems:  # 集約先: another system, sometimes
        others = [c for c in codes if c != s["system_code"]]
        s["consolidated_into"] = draw(st.sampled_from(others)) if others and draw(st.booleans()) else None
    hosts = [blank("host", name=f"LG-{i + 1:02d}", network_zone="lgwan", cpu_cores=32, memory_gb=768.0)
             for i in range(draw(st.integers(0, 2)))]
    servers = []
    for i in range(draw(st.integers(0, 6))):
        zone = draw(st.sampled_from(ZONES))
        mine = [c for c, s in zip(codes, systems, strict=True) if s["network_zone"] == zone]
        v = blank("server")
        for f in F.RECORD_FIELDS["server"]:
            if f.kind not in (F.Kind.CODE, F.Kind.CODES):
                v[f.name] = field_value(draw, f)
        v.update(server_code=f"SRV-{i + 1:05d}", hostname=f"srv-{i}-{draw(st.integers(0, 999))}", network_zone=zone,
                 systems=tuple(sorted(draw(st.sets(st.sampled_from(mine), max_size=2)))) if mine else (),
                 host=draw(st.sampled_from([h["name"] for h in hosts])) if hosts and draw(st.booleans()) else None)
        v["kind"] = v["kind"] or "physical"
        v["migration_status"] = v["migration_status"] or "pending"
        servers.append(v)
    deps, seen = [], set()
    for _ in range(draw(st.integers(0, 5))):
        a, b = draw(st.sampled_from(codes)), draw(st.sampled_from(codes))
        v = blank("dependency")
        for f in F.RECORD_FIELDS["dependency"]:
            if f.kind not in (F.Kind.CODE, F.Kind.CODES):
                v[f.name] = field_value(draw, f)
        v.update(from_system=a, to_system=b)
        key = (a, b, v["kind"])
        if a != b and v["kind"] and key not in seen:
            seen.add(key)
            deps.append(v)
    return {"system": systems, "host": hosts, "server": servers, "dependency": deps}


def fill(ledger, content: dict[str, list[dict[str, Any]]]) -> None:
    with ledger.operation("command", "random ledger") as op:
        op.create_many("department", [blank("department", code="D01", name="経営管理部")])
        op.create_many("section", [blank("section", code=c, name=f"課{c}", department="D01") for c in SECTIONS])
        for rt in ("system", "host", "server", "dependency"):
            op.create_many(rt, content[rt])
