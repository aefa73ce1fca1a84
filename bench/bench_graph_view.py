"""Benchmark of the graph page (issue 5): time to a drawn overview at ``demo --scale 10``.

The demo prefecture at scale 10 (5,220 systems, 10,500 servers; 17,000 nodes and 29,600
edges with hosts and sections) is loaded into a temporary SQLite ledger. Measured, offscreen:

- time to a drawn overview: ``GraphPage(ledger)`` constructed and shown, the ledger read, the
  graph built, laid out and prepared on the worker thread, then the canvas rendered into a
  QImage once (target <= 3 s); with its parts (read, layout, prepare, paint);
- a paint at several zooms (the cost of a frame while zooming and panning);
- time to a drawn impact view of the biggest hub (query, layout of its view, highlight, paint);
- export of the whole overview to PNG and SVG.

Anchor: the same drawn overview with ``networkx.spring_layout`` in place of the page's layout,
i.e. read + spring_layout + prepare + paint, on the same graph. At 17,000 nodes one spring
iteration takes ~30 s (O(n^2)), so the anchor runs ``--spring-iterations`` (default 5) and the
table also gives networkx's default of 50 iterations extrapolated linearly (marked as such).

    python -m bench.bench_graph_view [--scale 10] [--repeat 3] [--no-spring] [--spring-iterations 5]
                                     [--db PATH]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from bench.harness import peak_rss_mb, ratio, table

WIDTH, HEIGHT = 1400, 900


def _ledger(path: str | None, scale: int):
    from db.ledger import Ledger

    if path and Path(path).exists():
        return Ledger.open(path)
    from db.demo_load import load_demo

    target = path or str(Path(tempfile.mkdtemp(prefix="bench_graph_view_")) / "ledger.sqlite")
    start = time.perf_counter()
    ledger = Ledger.open(target)
    load_demo(ledger, scale=scale)
    print(f"demo scale {scale} loaded into {target} in {time.perf_counter() - start:.1f} s")
    return ledger


def _render(widget) -> QImage:
    img = QImage(widget.size(), QImage.Format.Format_ARGB32_Premultiplied)
    widget.render(img)
    return img


def time_to_overview(ledger) -> tuple[float, dict[str, float], object]:
    from ui.graph.page import GraphPage

    start = time.perf_counter()
    page = GraphPage(ledger)
    page.resize(WIDTH, HEIGHT)
    page.show()
    if not page.wait(120_000):
        raise RuntimeError("the overview did not finish")
    t_ready = time.perf_counter()
    _render(page.canvas)
    done = time.perf_counter()
    parts = dict(page.timings)
    parts["paint"] = done - t_ready
    return done - start, parts, page


def paints(page, factors=(1.0, 3.0, 9.0, 27.0), repeat: int = 3) -> list[list[object]]:
    rows = []
    canvas = page.canvas
    for f in factors:
        canvas.fit()
        if f != 1.0:
            canvas.zoom(f)
        ts = []
        for _ in range(repeat):
            s = time.perf_counter()
            _render(canvas)
            ts.append(time.perf_counter() - s)
        gap = page.data.node_gap * canvas.scale
        rows.append([f"paint at zoom x{f:g} (nodes {gap:.1f} px apart)", statistics.median(ts), ""])
    canvas.fit()
    return rows


def time_to_impact(page) -> tuple[float, int]:
    graph = page.source.graph
    hub = max(graph.systems, key=lambda s: (len(graph.dependents.get(s, ())), s))
    start = time.perf_counter()
    result = page.show_impact(hub)
    page.wait(60_000)
    _render(page.canvas)
    return time.perf_counter() - start, len(result.affected) if result else 0


def spring_anchor(ledger, iterations: int) -> tuple[float, dict[str, float]]:
    import networkx as nx

    from assetdesk.graph import Layout
    from assetdesk.graph.layout import importance
    from ui.graph.canvas import GraphCanvas
    from ui.graph.drawdata import build
    from ui.graph.source import read_source

    s0 = time.perf_counter()
    source = read_source(ledger)
    s1 = time.perf_counter()
    pos = nx.spring_layout(source.graph.g, seed=0, iterations=iterations)
    # spring positions are in [-1, 1]: spread them like the page's layouts (30 units per node)
    spread = 30.0 * len(pos) ** 0.5
    layout = Layout({c: (float(x) * spread, float(y) * spread) for c, (x, y) in pos.items()},
                    width=2 * spread, height=2 * spread, importance=importance(source.graph.g))
    s2 = time.perf_counter()
    data = build(source.graph, source.graph.g, layout)
    s3 = time.perf_counter()
    canvas = GraphCanvas()
    canvas.resize(WIDTH, HEIGHT)
    canvas.set_data(data)
    _render(canvas)
    s4 = time.perf_counter()
    return s4 - s0, {"read": s1 - s0, "layout": s2 - s1, "prepare": s3 - s2, "paint": s4 - s3}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_graph_view")
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", help="an existing demo ledger (SQLite file) to reuse, or where to make one")
    parser.add_argument("--no-spring", action="store_true", help="skip the slow spring_layout anchor")
    parser.add_argument("--spring-iterations", type=int, default=5, help="spring_layout iterations (nx default 50)")
    args = parser.parse_args(argv)

    app = QApplication.instance() or QApplication([])
    from ui.fonts import ensure_japanese_font

    ensure_japanese_font(app)
    ledger = _ledger(args.db, args.scale)
    totals, parts_list, page = [], [], None
    for _ in range(args.repeat):
        if page is not None:
            page.close()
            page.deleteLater()
            app.processEvents()
        total, parts, page = time_to_overview(ledger)
        totals.append(total)
        parts_list.append(parts)
    data = page.data
    print(f"overview: {data.n:,} nodes, {len(data.edge_src):,} edges, {len(data.clusters):,} cluster boxes")
    median = statistics.median(totals)
    rows: list[list[object]] = [["time to a drawn overview (target <= 3 s)", median,
                                 "runs " + ", ".join(f"{t:.2f}" for t in totals) + " (first one cold)"]]
    for key in ("read", "layout", "prepare", "paint"):
        rows.append([f"  of which {key}", statistics.median(p.get(key, 0.0) for p in parts_list), ""])
    rows += paints(page)
    impact_s, affected = time_to_impact(page)
    rows.append([f"time to a drawn impact view (hub, {affected:,} systems affected)", impact_s, ""])
    page.set_spec(type(page.spec)())
    page.wait(60_000)
    with tempfile.TemporaryDirectory() as tmp:
        s = time.perf_counter()
        page.export_png(Path(tmp) / "overview.png")
        rows.append(["export the whole overview to PNG", time.perf_counter() - s, ""])
        s = time.perf_counter()
        page.export_svg(Path(tmp) / "overview.svg")
        rows.append(["export the whole overview to SVG", time.perf_counter() - s,
                     f"{(Path(tmp) / 'overview.svg').stat().st_size / 1e6:.1f} MB"])
    if not args.no_spring:
        its = args.spring_iterations
        anchor, aparts = spring_anchor(ledger, its)
        rows.append([f"anchor: drawn overview with nx.spring_layout ({its} iterations)", anchor,
                     f"page is {ratio(anchor, median)} faster"])
        for key, v in aparts.items():
            rows.append([f"  of which {key}", v, ""])
        if its != 50:
            full = anchor - aparts["layout"] + aparts["layout"] * 50 / its
            rows.append(["anchor with nx's default 50 iterations (extrapolated)", full,
                         f"page is {ratio(full, median)} faster"])
    table(f"graph page at demo scale {args.scale} (seconds, median of {args.repeat})",
          ["step", "seconds", "note"], rows)
    print(f"peak RSS {peak_rss_mb():.0f} MB")
    ledger.dispose()


if __name__ == "__main__":
    main()
