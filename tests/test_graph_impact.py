"""Impact analysis on the hand-made ledger of test_graph_ledger (known answers), and against a
brute force over networkx on synthetic ledgers (every severity, depth and path)."""

from __future__ import annotations

import json
import random

import networkx as nx
import pytest

from assetdesk.graph import GraphError, impact, impact_to_json
from assetdesk.graph.export import format_impact
from assetdesk.graph.model import LedgerGraph
from assetdesk.graph.severity import RANKS, carries_data, edge_severity
from assetdesk.graph.synthetic import generate
from tests.test_graph_ledger import dep, ledger, sys_


def summary(imp):
    return {a.code: (a.severity, a.depth, a.path, a.effect) for a in imp.affected}


def test_auth_down_reaches_its_users_with_the_most_severe_then_shortest_path():
    imp = impact(ledger(), "AUTH")
    assert summary(imp) == {
        "AUTH": ("immediate", 0, ("AUTH",), "down"),
        "APP": ("immediate", 1, ("AUTH", "APP"), "dependent"),
        "WEB": ("immediate", 2, ("AUTH", "APP", "WEB"), "dependent"),
        "W": ("immediate", 2, ("AUTH", "APP", "W"), "dependent"),
        # Z uses APP weekly (depth 2) but also W in real time: the immediate path wins.
        "Z": ("immediate", 3, ("AUTH", "APP", "W", "Z"), "dependent"),
        "REP": ("delayed", 2, ("AUTH", "APP", "REP"), "dependent"),
        # X uses REP in real time, but REP only fails after the daily file: the chain is delayed.
        "X": ("delayed", 3, ("AUTH", "APP", "REP", "X"), "dependent"),
        "ARC": ("deferred", 3, ("AUTH", "APP", "REP", "ARC"), "dependent"),
        "PORTAL": ("deferred", 3, ("AUTH", "APP", "WEB", "PORTAL"), "dependent"),
    }
    # Most severe first, then by depth.
    ranks = [(-RANKS[a.severity], a.depth) for a in imp.affected]
    assert ranks == sorted(ranks)
    assert "OLD" not in summary(imp)  # retired
    assert imp.users_total == 1000 + 200 + 30 + 5 + 5000 + 7000 + 1 + 3 + 2
    assert [a.code for a in imp.critical] == ["AUTH", "WEB", "APP"]  # by RTO 2, 8, 24
    assert [(s.code, s.users, set(s.systems)) for s in imp.sections] == [
        ("S3", 12000, {"WEB", "PORTAL"}),
        ("S1", 1011, {"AUTH", "ARC", "X", "W", "Z"}),
        ("S2", 230, {"APP", "REP"}),
    ]
    assert imp.sections[0].department == "総務部"
    assert imp.servers == ()


def test_one_ha_member_down_keeps_the_system_up():
    imp = impact(ledger(), "SRV-A1")
    assert imp.affected == []
    assert [(p.code, p.lost, p.standby) for p in imp.protected] == [("APP", ("SRV-A1",), ("SRV-A2",))]
    assert imp.users_total == 0


def test_host_down_takes_its_servers_and_the_systems_that_need_them():
    imp = impact(ledger(), "H1")
    assert imp.servers == ("SRV-A1", "SRV-D")
    got = summary(imp)
    assert got["DB1"] == ("immediate", 0, ("H1", "SRV-D", "DB1"), "down")
    # APP survives its own server (SRV-A2 on H2) but not its DB直結 database.
    assert got["APP"] == ("immediate", 1, ("H1", "SRV-D", "DB1", "APP"), "dependent")
    assert imp.protected == []
    assert set(got) == {"DB1", "APP", "WEB", "W", "Z", "REP", "X", "ARC", "PORTAL"}


def test_an_ha_pair_on_one_host_protects_nothing():
    imp = impact(ledger(a2_host="H1"), "H1")
    assert summary(imp)["APP"] == ("immediate", 0, ("H1", "SRV-A1", "APP"), "down")


def test_a_shared_server_takes_down_every_system_it_serves():
    got = summary(impact(ledger(), "rep01"))  # by hostname
    assert got["REP"][1:] == (0, ("SRV-SH", "REP"), "down")
    assert got["ARC"][1:] == (0, ("SRV-SH", "ARC"), "down")
    assert got["X"] == ("immediate", 1, ("SRV-SH", "REP", "X"), "dependent")
    assert set(got) == {"REP", "ARC", "X"}


def test_moving_a_server_carries_only_immediate_links_and_reconfigures_tight_partners():
    got = summary(impact(ledger(), "SRV-W", scenario="move"))
    # PORTAL's weekly feed catches up after the window; APP must accept WEB's new address.
    assert got == {
        "WEB": ("immediate", 0, ("SRV-W", "WEB"), "down"),
        "APP": ("immediate", 1, ("SRV-W", "WEB", "APP"), "reconfigure"),
    }


def test_moving_a_database_server():
    imp = impact(ledger(), "SRV-D", scenario="move")
    got = summary(imp)
    assert set(got) == {"DB1", "APP", "WEB", "W", "Z"}  # REP (daily) and beyond: not in the window
    assert got["Z"] == ("immediate", 3, ("SRV-D", "DB1", "APP", "W", "Z"), "dependent")


def test_moving_a_system_moves_its_servers():
    imp = impact(ledger(), "APP", scenario="move")
    assert imp.servers == ("SRV-A1", "SRV-A2")
    got = summary(imp)
    assert got["APP"] == ("immediate", 0, ("APP",), "down")
    assert got["DB1"] == ("immediate", 1, ("APP", "DB1"), "reconfigure")
    assert "AUTH" not in got  # an auth link is no tight coupling
    assert set(got) == {"APP", "DB1", "WEB", "W", "Z"}


def test_moving_one_ha_member_keeps_the_system_up_but_its_partners_reconfigure():
    imp = impact(ledger(), "SRV-A1", scenario="move")
    assert [p.code for p in imp.protected] == ["APP"]
    assert {a.code: a.effect for a in imp.affected} == {"DB1": "reconfigure", "WEB": "reconfigure", "W": "reconfigure"}
    assert imp.users_total == 0 and imp.sections == [] and imp.critical == []


def test_stale_data_travels_only_through_data_links():
    # The authentication hub takes a daily personnel feed; systems log in through it.
    systems = [sys_(c) for c in ("HR", "HUB", "LOGIN", "FEED", "SCREEN", "FILE2")]
    deps = [
        dep("HUB", "HR", method="file_transfer", freq="daily"),
        dep("LOGIN", "HUB", kind="auth"),
        dep("FEED", "HUB", kind="data", method="api", freq="weekly"),
        dep("SCREEN", "HUB", kind="screen"),
        dep("FILE2", "FEED", kind="file", method="file_transfer", freq="daily"),
    ]
    graph = LedgerGraph.build(systems, dependencies=deps)
    assert {a.code: a.severity for a in impact(graph, "HR").affected} == {
        "HR": "immediate", "HUB": "delayed", "FEED": "deferred", "FILE2": "deferred",
    }
    # The hub itself down: everyone who needs it now is hit now.
    assert {a.code: a.severity for a in impact(graph, "HUB").affected} == {
        "HUB": "immediate", "LOGIN": "immediate", "SCREEN": "immediate", "FEED": "deferred", "FILE2": "deferred",
    }


def test_bad_roots_and_scenarios_are_refused():
    graph = ledger()
    with pytest.raises(GraphError):
        impact(graph, "S1")  # a section
    with pytest.raises(GraphError):
        impact(graph, "NOPE")
    with pytest.raises(ValueError):
        impact(graph, "APP", scenario="flood")


def test_a_retired_root_affects_nothing():
    assert impact(ledger(), "OLD").affected == []


def test_json_holds_the_cli_contract():
    doc = impact_to_json(impact(ledger(), "H1"))
    text = json.dumps(doc, ensure_ascii=False)
    back = json.loads(text)
    first = back["affected_systems"][0]
    assert first["code"] == "DB1" and first["path"] == ["H1", "SRV-D", "DB1"]
    assert back["users_total"] == sum(a["users"] for a in back["affected_systems"])
    assert back["counts"]["affected"] == len(back["affected_systems"]) == 9
    assert back["servers"] == ["SRV-A1", "SRV-D"]
    assert [c["code"] for c in back["critical_systems"]] == ["WEB", "APP"]


def test_text_report_lists_every_affected_system_with_its_path():
    text = format_impact(impact(ledger(), "AUTH"))
    assert "AUTH -> APP -> W -> Z" in text
    assert text.count("\n  ") >= 9


# -- brute force ------------------------------------------------------------------------------
def _pair_severities(graph: LedgerGraph) -> dict[tuple[str, str], tuple[int, int]]:
    """(user, used) -> (best severity of any link, best of the data-carrying links or 0)."""
    out: dict[tuple[str, str], tuple[int, int]] = {}
    for d in graph.dependencies:
        u, v = d.from_system, d.to_system
        if u == v or not (graph.is_active(u) and graph.is_active(v)):
            continue
        sev = edge_severity(d)
        any_sev, data_sev = out.get((u, v), (0, 0))
        out[u, v] = (max(any_sev, sev), max(data_sev, sev if carries_data(d) else 0))
    return out


def _expected_severity(graph: LedgerGraph, seeds: set[str]) -> dict[str, int]:
    """Reachability in (system, fresh|stale) space: a stale system passes on only through data."""
    pairs = _pair_severities(graph)
    expected: dict[str, int] = {}
    for level in (3, 2, 1):
        p = nx.DiGraph()
        for (u, v), (any_sev, data_sev) in pairs.items():
            if any_sev == 3:
                p.add_edge((v, "fresh"), (u, "fresh"))
            elif any_sev >= level:
                p.add_edge((v, "fresh"), (u, "stale"))
            if data_sev >= level:
                p.add_edge((v, "stale"), (u, "stale"))
        p.add_node("__root__")
        p.add_edges_from(("__root__", (s, "fresh")) for s in seeds)
        for node, _phase in nx.descendants(p, "__root__"):
            expected.setdefault(node, level)
    return expected


def _brute_directly_down(graph: LedgerGraph, down: set[str]) -> set[str]:
    """Systems with a down server that no live server of the same system and ha_group replaces."""
    hit = set()
    for s, servers in graph.servers_of_system.items():
        if not graph.is_active(s):
            continue
        for srv in servers:
            if srv not in down:
                continue
            group = graph.servers[srv].ha_group
            partners = [o for o in servers if o != srv and o not in down and group and graph.servers[o].ha_group == group]
            if not partners:
                hit.add(s)
    return hit


def _check(graph: LedgerGraph, root: str, seeds: set[str]) -> None:
    """Severity = the best over all valid paths; the paths form a tree, shallowest parent."""
    imp = impact(graph, root)
    got = {a.code: a for a in imp.affected}
    expected_sev = _expected_severity(graph, seeds)
    pairs = _pair_severities(graph)
    assert set(got) == set(expected_sev)

    def passes(user: str, used: str) -> int:
        any_sev, data_sev = pairs.get((user, used), (0, 0))
        return any_sev if got[used].severity == "immediate" else data_sev

    for code, a in got.items():
        sev = RANKS[a.severity]
        assert sev == expected_sev[code], code
        systems_on_path = [c for c in a.path if c in graph.systems]
        assert systems_on_path[-1] == code
        assert len(systems_on_path) - 1 == a.depth
        if a.depth == 0:
            assert code in seeds
            continue
        parent = got[systems_on_path[-2]]
        assert a.path[:-1] == parent.path  # the tree
        assert passes(code, parent.code) >= sev
        assert RANKS[parent.severity] >= sev
        candidates = [
            got[p].depth for p in got if passes(code, p) >= sev and RANKS[got[p].severity] >= sev
        ]
        assert a.depth == 1 + min(candidates), code


@pytest.mark.parametrize("seed", range(4))
def test_system_roots_agree_with_brute_force(seed):
    graph = LedgerGraph.from_records(generate(160, seed=seed, deps_per_system=3.0))
    rng = random.Random(seed)
    active = [s for s in graph.systems if graph.is_active(s)]
    for root in rng.sample(active, 12):
        _check(graph, root, {root})


@pytest.mark.parametrize("seed", range(3))
def test_host_and_server_roots_agree_with_brute_force(seed):
    graph = LedgerGraph.from_records(generate(200, seed=seed))
    rng = random.Random(seed)
    for host in rng.sample(sorted(graph.servers_on_host), 4):
        _check(graph, host, _brute_directly_down(graph, set(graph.servers_on_host[host])))
    for srv in rng.sample(sorted(graph.servers), 8):
        _check(graph, srv, _brute_directly_down(graph, {srv}))
