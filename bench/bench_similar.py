"""Benchmark of the similar-system proposals on ``demo --scale 10`` (5,000+ systems).

Candidate: ``assetdesk.similar.find_similar_groups`` (n-gram TF-IDF vectors, blocking by
informative name pieces and product, absorber-first grouping), from the demo's records; with
``--ledger`` also ``db.portfolio.similar_report`` on a SQLite ledger holding the same demo
(loading the systems from the database included). Target: under 5 s.

Anchor: the naive way, every pair of running systems of different sections compared by
``difflib.SequenceMatcher`` on their folded names. At 5,000 systems that is 12 million
comparisons, so by default it runs on a random sample and is scaled by the pair count
(``--full-anchor`` runs it all, some minutes). Quality: of the pairs the anchor finds alike
(ratio >= 0.8) in the sample, the share the candidate puts in the same group.

    python -m bench.bench_similar [--scale 10] [--sample 1500] [--full-anchor] [--ledger]
"""

from __future__ import annotations

import argparse
import difflib
import itertools
import random
import tempfile
import time
from pathlib import Path

from assetdesk.similar import SimilarityIndex, find_similar_groups, profile_from_values
from assetdesk.similar.finder import candidates
from assetdesk.text import fold
from bench.harness import measure, peak_rss_mb, ratio, table

ANCHOR_RATIO = 0.8


def demo_profiles(scale: int):
    """The demo's systems as profiles; a stand-in generator if the demo cannot be imported."""
    try:
        from assetdesk.demo import generate
    except ImportError:  # pragma: no cover - the demo is part of the product now
        raise SystemExit("assetdesk.demo is needed for this benchmark") from None
    d = generate(scale)
    sections = {s["code"]: s for s in d.sections}
    departments = {x["code"]: x["name"] for x in d.departments}
    return [profile_from_values(v, sections[v["section"]]["name"], departments[sections[v["section"]]["department"]])
            for v in d.systems], d


def anchor_pairs(profiles) -> set[tuple[str, str]]:
    """All pairs of different sections whose folded names are alike by SequenceMatcher."""
    names = [(p.code, p.section, fold(p.name)) for p in profiles]
    out = set()
    for (ca, sa, na), (cb, sb, nb) in itertools.combinations(names, 2):
        if sa != sb and difflib.SequenceMatcher(None, na, nb).ratio() >= ANCHOR_RATIO:
            out.add((ca, cb))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=int, default=10)
    ap.add_argument("--sample", type=int, default=1500, help="systems the anchor compares (all pairs)")
    ap.add_argument("--full-anchor", action="store_true")
    ap.add_argument("--ledger", action="store_true", help="also measure on a SQLite ledger (loads the demo first)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    profiles, demo = demo_profiles(args.scale)
    running = candidates(profiles)
    n = len(running)
    groups: list = []

    def run() -> None:
        groups[:] = find_similar_groups(profiles)

    cand = measure("candidate", run, repeat=args.repeat)
    index = SimilarityIndex(running)
    t0 = time.perf_counter()
    compared = sum(1 for _ in index.candidate_pairs())
    pairs_s = time.perf_counter() - t0
    all_pairs = n * (n - 1) // 2

    rng = random.Random(0)
    sample = running if args.full_anchor else rng.sample(running, min(args.sample, n))
    m = len(sample)
    start = time.perf_counter()
    found = anchor_pairs(sample)
    anchor_s = time.perf_counter() - start
    anchor_full = anchor_s * all_pairs / max(1, m * (m - 1) // 2)

    group_of = {c: g.key for g in groups for c in g.codes}
    together = sum(1 for a, b in found if group_of.get(a) is not None and group_of.get(a) == group_of.get(b))

    rows = [
        ["candidate: find_similar_groups", n, cand.best, cand.median, len(groups), sum(len(g.codes) for g in groups)],
        [f"anchor: all-pairs SequenceMatcher ({'all' if args.full_anchor else f'sample {m}, scaled'})", n,
         anchor_full, anchor_full, "-", "-"],
    ]
    if args.ledger:
        rows.append(ledger_row(args.scale, demo))
    table(f"Similar systems, demo --scale {args.scale}",
          ["what", "systems", "best s", "median s", "groups", "systems in groups"], rows)
    table("Comparisons and agreement", ["figure", "value"], [
        ["pairs of running systems", all_pairs],
        ["pairs filed together by blocking (enumerated all at once)", compared],
        ["share of all pairs", f"{compared / all_pairs:.2%}"],
        ["enumerating those pairs (s)", pairs_s],
        ["speed-up over the anchor (best)", ratio(anchor_full, cand.best)],
        [f"anchor pairs in the sample (ratio >= {ANCHOR_RATIO})", len(found)],
        ["of those, in the same proposed group", f"{together / len(found):.1%}" if found else "n/a"],
        ["yearly saving of all groups (千円)", sum(g.saving.saving for g in groups)],
        ["peak RSS (MB)", peak_rss_mb()],
    ])


def ledger_row(scale: int, demo) -> list:
    from db.demo_load import load_demo
    from db.ledger import Ledger
    from db.portfolio import similar_report

    folder = Path(tempfile.mkdtemp())
    ledger = Ledger.open(f"sqlite:///{folder / 'bench.sqlite'}")
    load_demo(ledger, scale=scale)
    out: dict = {}

    def run() -> None:
        with ledger.read() as conn:
            out["r"] = similar_report(conn)

    t = measure("ledger", run, repeat=3)
    ledger.dispose()
    return ["candidate on SQLite: similar_report (load + group)", len(demo.systems), t.best, t.median,
            out["r"]["group_count"], out["r"]["systems_in_groups"]]


if __name__ == "__main__":
    main()
