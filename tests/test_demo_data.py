"""The demo prefecture: the contract the database loader relies on, and the plan's figures."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections import Counter

import pytest

import assetdesk.demo as demo
from assetdesk.choices import PLATFORM_ZONES
from assetdesk.fields import (
    ANNUAL_COST_PARTS,
    DEPARTMENT_FIELDS,
    DEPENDENCY_FIELDS,
    HOST_FIELDS,
    SECTION_FIELDS,
    SERVER_FIELDS,
    SYSTEM_FIELDS,
    Field,
    Kind,
)

FY2016_END = dt.date(2017, 3, 31)
FY2017_END = dt.date(2018, 3, 31)


@pytest.fixture(scope="module")
def one() -> demo.DemoLedger:
    return demo.generate(1)


@pytest.fixture(scope="module")
def three() -> demo.DemoLedger:
    return demo.generate(3)


def in_scope(server: dict, day: dt.date) -> bool:
    """The lead's rule, written out independently of assetdesk.demo.scope."""
    status = server["migration_status"]
    if status == "excluded":
        return False
    if server["purchased"] is not None and server["purchased"] > day:
        return False
    if status in ("pending", "planned", "migrating"):
        return True
    return status in ("migrated", "retired") and server["migrated_on"] is not None and server["migrated_on"] > day


def _check_value(record: str, f: Field, value: object) -> str | None:
    """What is wrong with ``value`` for field ``f`` (None if nothing)."""
    if value is None:
        return f"{record}.{f.name} is required" if f.required else None
    if f.kind == Kind.CHOICE:
        assert f.choices is not None
        return None if value in f.choices.values else f"{record}.{f.name}={value!r} not a choice"
    expected: dict[Kind, tuple[type, ...]] = {
        Kind.TEXT: (str,), Kind.CODE: (str,), Kind.INT: (int,), Kind.FY: (int,), Kind.FLOAT: (float,),
        Kind.BOOL: (bool,), Kind.DATE: (dt.date,), Kind.CODES: (tuple,),
    }
    if not isinstance(value, expected[f.kind]) or (f.kind in (Kind.INT, Kind.FY) and isinstance(value, bool)):
        return f"{record}.{f.name}={value!r} is not {f.kind.value}"
    if isinstance(value, dt.datetime):
        return f"{record}.{f.name} is a datetime, not a date"
    if f.kind == Kind.CODES and not (value and all(isinstance(c, str) for c in value)):
        return f"{record}.{f.name}={value!r} is not a tuple of codes"
    if f.kind in (Kind.INT, Kind.FLOAT):
        if f.minimum is not None and value < f.minimum:
            return f"{record}.{f.name}={value!r} below {f.minimum}"
        if f.maximum is not None and value > f.maximum:
            return f"{record}.{f.name}={value!r} above {f.maximum}"
    if f.kind == Kind.TEXT and not value.strip():
        return f"{record}.{f.name} is blank"
    return None


@pytest.mark.parametrize(("attr", "fields"), [
    ("departments", DEPARTMENT_FIELDS), ("sections", SECTION_FIELDS), ("systems", SYSTEM_FIELDS),
    ("servers", SERVER_FIELDS), ("dependencies", DEPENDENCY_FIELDS), ("hosts", HOST_FIELDS),
])
def test_every_field_present_and_of_its_kind(one: demo.DemoLedger, attr: str, fields: tuple[Field, ...]) -> None:
    names = {f.name for f in fields}
    problems = []
    for rec in getattr(one, attr):
        assert set(rec) == names, f"{attr}: keys differ: {set(rec) ^ names}"
        for f in fields:
            problem = _check_value(attr, f, rec[f.name])
            if problem:
                problems.append(problem)
    assert problems == []


def test_deterministic_for_scale_and_seed() -> None:
    assert demo.generate(2, seed=7) == demo.generate(2, seed=7)
    assert demo.generate(1, seed=7) != demo.generate(1, seed=8)


def test_same_output_whatever_the_hash_seed() -> None:
    """Nothing may depend on set or dict ordering of strings (PYTHONHASHSEED)."""
    code = "import assetdesk.demo as d, hashlib; print(hashlib.sha256(repr(d.generate(1)).encode()).hexdigest())"
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        digests.add(out.stdout.strip())
    assert len(digests) == 1


@pytest.mark.parametrize("seed", [2016, 1, 42])
def test_indicator_counts_at_scale_one(seed: int) -> None:
    servers = demo.generate(1, seed).servers
    assert sum(in_scope(s, FY2016_END) for s in servers) == 196
    assert sum(in_scope(s, FY2017_END) for s in servers) == 93
    assert demo.count_in_scope(servers, 2016) == 196
    assert demo.count_in_scope(servers, 2017) == 93


def test_indicator_counts_at_scale_three(three: demo.DemoLedger) -> None:
    assert sum(in_scope(s, FY2016_END) for s in three.servers) == 3 * 196
    assert sum(in_scope(s, FY2017_END) for s in three.servers) == 3 * 93


def test_how_the_scope_is_made_up(one: demo.DemoLedger) -> None:
    baseline = [s for s in one.servers if in_scope(s, FY2016_END)]
    assert all(s["purchased"] is not None and s["purchased"] <= FY2016_END for s in baseline)
    statuses = Counter(s["migration_status"] for s in baseline)
    assert statuses["migrating"] == 0
    assert statuses["pending"] + statuses["planned"] == 93
    assert 5 <= statuses["planned"] <= 20
    assert statuses["migrated"] + statuses["retired"] == 103
    assert 1 <= statuses["retired"] <= 15
    for s in baseline:
        if s["migration_status"] in ("migrated", "retired"):
            assert FY2016_END < s["migrated_on"] <= FY2017_END
        if s["migration_status"] == "migrated":
            assert s["kind"] == "platform_vm" and s["host"] is not None
        else:
            assert s["kind"] == "physical" and s["host"] is None
        if s["migration_status"] == "planned":
            assert s["planned_wave"] is not None
    # Missing measurements on a few in-scope servers (the planner falls back to the allocation).
    missing = sum(s["cpu_peak_pct"] is None for s in baseline)
    assert 1 <= missing <= 0.12 * len(baseline)


def test_every_other_server_is_excluded_with_a_reason(one: demo.DemoLedger) -> None:
    counted = {s["server_code"] for s in one.servers if in_scope(s, FY2016_END)}
    others = [s for s in one.servers if s["server_code"] not in counted]
    assert others and all(s["migration_status"] == "excluded" for s in others)
    assert all(s["exclusion_reason"] for s in others)
    assert all(s["exclusion_reason"] is None for s in one.servers if s["server_code"] in counted)
    kinds = Counter(s["kind"] for s in others)
    assert {"platform_vm", "other_vm", "cloud", "physical"} <= set(kinds)


def test_codes_and_hostnames_unique(three: demo.DemoLedger) -> None:
    for attr, key in (("departments", "code"), ("sections", "code"), ("systems", "system_code"),
                      ("systems", "name"), ("servers", "server_code"), ("servers", "hostname"), ("hosts", "name"),
                      ("departments", "name")):
        values = [r[key] for r in getattr(three, attr)]
        assert len(values) == len(set(values)), f"{attr}.{key} not unique"
    section_names = [(s["department"], s["name"]) for s in three.sections]
    assert len(section_names) == len(set(section_names))


def test_code_formats(one: demo.DemoLedger, three: demo.DemoLedger) -> None:
    assert one.departments[0]["code"] == "D01" and one.sections[0]["code"] == "S001"
    assert one.systems[0]["system_code"] == "SYS-0001" and one.servers[0]["server_code"] == "SRV-00001"
    assert {"D01-02", "D01-03"} <= {d["code"] for d in three.departments}
    # The first copy of a larger scale is the scale-1 prefecture itself.
    assert three.systems[: len(one.systems)] == one.systems
    assert three.servers[: len(one.servers)] == one.servers


def test_every_reference_resolves(three: demo.DemoLedger) -> None:
    departments = {d["code"] for d in three.departments}
    sections = {s["code"] for s in three.sections}
    systems = {s["system_code"]: s for s in three.systems}
    hosts = {h["name"]: h for h in three.hosts}
    assert all(s["department"] in departments for s in three.sections)
    assert all(s["section"] in sections for s in three.systems)
    for s in three.systems:
        if s["status"] == "consolidated":
            target = systems[s["consolidated_into"]]
            assert target["status"] not in ("retired", "consolidated") and target is not s
        else:
            assert s["consolidated_into"] is None
    for srv in three.servers:
        assert srv["systems"] and all(c in systems for c in srv["systems"])
        if srv["host"] is not None:
            host = hosts[srv["host"]]
            assert srv["kind"] == "platform_vm"
            assert host["network_zone"] == srv["network_zone"]
            assert host["in_service"] <= (srv["migrated_on"] or srv["purchased"])
        elif srv["kind"] == "platform_vm":
            pytest.fail(f"{srv['server_code']} is on the platform without a host")
    for d in three.dependencies:
        assert d["from_system"] in systems and d["to_system"] in systems


def test_ha_pairs_share_system_and_zone_and_never_a_host(one: demo.DemoLedger) -> None:
    groups: dict[str, list[dict]] = {}
    for s in one.servers:
        if s["ha_group"]:
            groups.setdefault(s["ha_group"], []).append(s)
    assert 0.10 <= sum(map(len, groups.values())) / len(one.servers) <= 0.22
    for members in groups.values():
        assert len(members) == 2
        assert len({m["systems"] for m in members}) == 1
        assert len({m["network_zone"] for m in members}) == 1
        placed = [m["host"] for m in members if m["host"]]
        assert len(placed) == len(set(placed))


def test_zones_agree_except_the_deliberate_few(one: demo.DemoLedger, three: demo.DemoLedger) -> None:
    for ledger, n in ((one, 1), (three, 3)):
        zone = {s["system_code"]: s["network_zone"] for s in ledger.systems}
        wrong = [s for s in ledger.servers if any(zone[c] != s["network_zone"] for c in s["systems"])]
        assert len(wrong) == demo.ZONE_MISMATCHES * n
    for h in one.hosts:
        assert h["network_zone"] in PLATFORM_ZONES


def test_system_zones_fit_their_names(one: demo.DemoLedger) -> None:
    by_name = {s["name"]: s for s in one.systems}
    for name in ("団体内統合宛名システム", "税務総合システム", "自動車税システム", "生活保護等版レセプト管理システム"):
        s = by_name[name]
        assert (s["network_zone"], s["my_number"], s["personal_info"]) == ("mynumber", True, True), name
    for name in ("県ホームページCMS", "電子申請システム", "オープンデータサイト", "防災メール配信サービス"):
        assert by_name[name]["network_zone"] == "internet", name
    assert by_name["マロニエ21ネットシステム"]["hosting"] == "marronnier"
    assert by_name["運転免許管理システム"]["network_zone"] == "closed"
    assert all(s["network_zone"] == "mynumber" for s in one.systems if s["my_number"])
    assert all(s["personal_info"] for s in one.systems if s["my_number"])
    zones = Counter(s["network_zone"] for s in one.systems)
    assert zones["lgwan"] > zones["mynumber"] > 0 and zones["internet"] > 0 and zones["closed"] > 0


def test_systems_are_plausible(one: demo.DemoLedger) -> None:
    critical = [s for s in one.systems if s["criticality"] == "A"]
    assert 35 <= len(critical) <= 45
    assert all(s["rto_hours"] is not None and 4 <= s["rto_hours"] <= 72 for s in critical)
    statuses = Counter(s["status"] for s in one.systems)
    assert statuses["active"] > len(one.systems) / 2
    assert all(statuses[k] > 0 for k in ("renewal", "retiring", "retired", "consolidated"))
    for s in one.systems:
        assert dt.date(1998, 1, 1) <= s["in_service"] <= FY2017_END  # some went into service in FY2017
        assert s["next_renewal_fy"] is None or 2016 <= s["next_renewal_fy"] <= 2030
        # the demo's costs are broken down: none is a total without its parts (cost_other)
        assert s["cost_other"] is None
        parts = [s[p] for p in ANNUAL_COST_PARTS if p != "cost_other"]
        assert all(p is None for p in parts) or all(p is not None for p in parts)
    known = [s for s in one.systems if s["initial_cost"] is not None]
    assert max(s["initial_cost"] for s in known) >= 100_000 and min(s["initial_cost"] for s in known) <= 1_000
    hosting = Counter(s["hosting"] for s in one.systems)
    assert set(hosting) == {"dedicated", "platform", "cloud", "marronnier", "terminal"}


def test_servers_are_plausible(one: demo.DemoLedger) -> None:
    for s in one.servers:
        if s["kind"] == "physical":
            assert 1 <= s["rack_u"] <= 4 and s["power_w"] > 0 and s["model"]
        else:
            assert s["rack_u"] is None and s["power_w"] is None
        assert s["storage_used_gb"] <= s["storage_gb"]
        if s["cpu_avg_pct"] is not None:
            assert s["cpu_avg_pct"] <= s["cpu_peak_pct"] <= 90
    eol = {s["os"]: s["os_eol"] for s in one.servers}
    assert eol["Windows Server 2008 R2"] == dt.date(2020, 1, 14)
    assert eol["Windows Server 2012 R2"] == dt.date(2023, 10, 10)
    assert eol["Red Hat Enterprise Linux 6"] == dt.date(2020, 11, 30)


def test_dependencies(one: demo.DemoLedger) -> None:
    deps = one.dependencies
    assert 700 <= len(deps) <= 950
    pairs = [(d["from_system"], d["to_system"]) for d in deps]
    assert len(pairs) == len(set(pairs))
    assert all(a != b for a, b in pairs)
    by_name = {s["name"]: s["system_code"] for s in one.systems}
    into = Counter(b for _, b in pairs)
    for hub in ("統合認証基盤", "団体内統合宛名システム", "財務会計システム", "文書管理システム"):
        assert into[by_name[hub]] >= 15, hub
    zone = {s["system_code"]: s["network_zone"] for s in one.systems}
    crossing = [d for d in deps if zone[d["from_system"]] != zone[d["to_system"]]]
    approved = [d for d in crossing if d["zone_exception"]]
    assert 5 <= len(approved) < len(crossing) <= 40
    assert all(zone[d["from_system"]] != zone[d["to_system"]] for d in deps if d["zone_exception"])
    inactive = {s["system_code"] for s in one.systems if s["status"] in ("retired", "consolidated")}
    assert not any(a in inactive or b in inactive for a, b in pairs)


def test_hosts_carry_their_vms(one: demo.DemoLedger) -> None:
    zones = Counter(h["network_zone"] for h in one.hosts)
    assert set(zones) == set(PLATFORM_ZONES)
    assert all(h["in_service"] >= dt.date(2016, 4, 1) for h in one.hosts)
    load: Counter[str] = Counter()
    for s in one.servers:
        if s["host"]:
            load[s["host"]] += s["memory_gb"]
    for h in one.hosts:
        assert load[h["name"]] <= h["memory_gb"]


def test_scale_counts(one: demo.DemoLedger, three: demo.DemoLedger) -> None:
    assert 12 <= len(one.departments) <= 16
    assert 80 <= len(one.sections) <= 110
    assert 500 <= len(one.systems) <= 560
    assert len(one.servers) >= 1000
    for attr in ("departments", "sections", "systems", "servers", "dependencies", "hosts"):
        assert len(getattr(three, attr)) == 3 * len(getattr(one, attr)), attr
    with pytest.raises(ValueError):
        demo.generate(0)


def test_indicators(one: demo.DemoLedger, three: demo.DemoLedger) -> None:
    assert len(one.indicators) == 12  # the plan's ten and the ledger's terminals and lines
    keys = {"code", "name", "unit", "baseline_fy", "baseline", "target_fy", "target", "actuals"}
    assert all(set(i) == keys for i in one.indicators)
    assert len({i["code"] for i in one.indicators}) == 12
    server = {i["code"]: i for i in one.indicators}["server_consolidation"]
    assert (server["baseline_fy"], server["baseline"], server["actuals"], server["target_fy"], server["target"]) == (
        2016, 196, {2017: 93}, 2020, 7)
    assert {i["code"]: i for i in three.indicators}["server_consolidation"]["baseline"] == 3 * 196
    # The plan's indicator equals what the ledger counts.
    assert demo.count_in_scope(one.servers, server["baseline_fy"]) == server["baseline"]
    assert demo.count_in_scope(one.servers, 2017) == server["actuals"][2017]
