"""The graph page under pytest-qt (offscreen): opening, focus views, search, expand/collapse,
impact highlight and lists, export to PNG/SVG/PDF, the right-click menu."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtSvg import QSvgRenderer

from assetdesk.graph import focus as F
from assetdesk.graph import impact
from db.graph_data import ledger_graph
from ui.graph import views as V
from ui.graph.export import print_to
from ui.graph.page import GraphPage
from ui.graph.painter import HIGHLIGHT_COLOURS, IMMEDIATE, ROOT

pytest.importorskip("pytestqt")


@pytest.fixture
def graph(sqlite_demo_ledger):
    with sqlite_demo_ledger.read() as conn:
        return ledger_graph(conn)


@pytest.fixture
def page(qtbot, sqlite_demo_ledger):
    p = GraphPage(sqlite_demo_ledger)
    qtbot.addWidget(p)
    p.resize(1200, 800)
    p.show()
    wait(qtbot, p)
    return p


def wait(qtbot, page: GraphPage) -> None:
    qtbot.waitUntil(lambda: page.ready, timeout=30000)


def hub(graph) -> str:
    """The system most others depend on (a big impact)."""
    return max(graph.systems, key=lambda s: (len(graph.dependents.get(s, ())), s))


def rendered(page: GraphPage) -> np.ndarray:
    img = QImage(page.canvas.size(), QImage.Format.Format_RGB32)
    page.canvas.render(img)
    raw = np.frombuffer(img.constBits(), dtype=np.uint8).reshape(img.height(), img.bytesPerLine() // 4, 4)
    return raw[:, : img.width(), :3].copy()  # a copy: the QImage's memory goes with it


def count_colour(pixels: np.ndarray, colour: QColor, tol: int = 8) -> int:
    bgr = np.array([colour.blue(), colour.green(), colour.red()])
    return int((np.abs(pixels.astype(int) - bgr).max(axis=2) <= tol).sum())


def test_overview_shows_every_node_and_edge(page, graph):
    data = page.data
    assert page.spec.kind == V.OVERVIEW
    assert data.n == graph.g.number_of_nodes()  # no node caps
    assert len(data.edge_src) == sum(1 for u, v in graph.g.edges if u != v)
    assert data.clusters, "the overview is clustered by department"
    pixels = rendered(page)
    assert (pixels < 250).any(axis=2).mean() > 0.05, "something is drawn"


def test_focus_shows_the_neighbourhood_and_selects_the_node(qtbot, page, graph):
    code = hub(graph)
    page.focus(code, hops=1)
    wait(qtbot, page)
    assert page.spec.kind == V.NEIGHBOURHOOD and page.spec.layout == V.LAYERED
    assert set(page.data.codes) == set(F.neighbourhood(graph, code, 1))
    assert page.canvas.selected_code() == code
    one = set(page.data.codes)
    page.focus(code, hops=2)
    wait(qtbot, page)
    assert set(page.data.codes) == set(F.neighbourhood(graph, code, 2)) > one


def test_focus_asked_before_loading_runs_once_loaded(qtbot, sqlite_demo_ledger, graph):
    code = sorted(graph.servers)[0]
    p = GraphPage(sqlite_demo_ledger)
    qtbot.addWidget(p)
    p.focus(code)  # the graph is still loading
    wait(qtbot, p)
    assert p.spec.target == code and p.canvas.selected_code() == code


def test_search_by_name_focuses(qtbot, page, graph):
    code = hub(graph)
    page.search.setText(graph.systems[code].name)
    page.search.returnPressed.emit()
    wait(qtbot, page)
    assert page.spec.kind == V.NEIGHBOURHOOD and page.canvas.selected_code() == code
    page.search.setText("no such thing at all")
    page.search.returnPressed.emit()
    assert "見つかりません" in page.message.text()


def test_click_hits_the_node_under_the_mouse(qtbot, page, graph):
    code = hub(graph)
    page.focus(code)
    wait(qtbot, page)
    canvas = page.canvas
    x, y = page.data.xy[page.data.index[code]]
    vp = canvas.viewport()
    pos = QPointF((x - vp.cx) * vp.scale + vp.width / 2, (y - vp.cy) * vp.scale + vp.height / 2)
    assert canvas.node_at(pos) == code
    assert canvas.node_at(QPointF(-500, -500)) is None


def test_expand_and_collapse(qtbot, page, graph):
    code = hub(graph)
    page.focus(code, hops=1)
    wait(qtbot, page)
    shown = set(page.data.codes)
    # a neighbour with neighbours of its own beyond the view
    other = next(n for n in sorted(shown - {code}) if V.neighbours(graph, n) - shown)
    page.expand(other)
    wait(qtbot, page)
    grown = set(page.data.codes)
    assert grown == shown | V.neighbours(graph, other)
    page.collapse(other)
    wait(qtbot, page)
    after = set(page.data.codes)
    assert code in after and other in after
    assert len(after) < len(grown)
    hanging = {n for n in V.neighbours(graph, other) & grown
               if not ({*graph.g.successors(n), *graph.g.predecessors(n)} & grown) - {other}}
    assert hanging and not (hanging & after)


@pytest.mark.parametrize("kind", [V.DEPARTMENT, V.ZONE, V.GROUP, V.WAVE])
def test_focus_views_from_the_toolbar(qtbot, page, graph, kind):
    page.kind_box.setCurrentIndex(page.kind_box.findData(kind))
    if page.target_box.count() == 0:
        pytest.skip(f"the demo has nothing to pick for {kind}")
    wait(qtbot, page)
    target = page.target_box.currentData()
    assert page.spec.kind == kind and page.spec.target == target
    expected = set(V.base_view(page.source, page.spec))
    assert expected and set(page.data.codes) == expected
    if kind == V.DEPARTMENT:
        assert all(graph.department_of(s) == target for s in page.data.codes if s in graph.systems)


def test_impact_lists_and_highlights(qtbot, page, graph):
    code = hub(graph)
    expected = impact(graph, code)
    result = page.show_impact(code)
    wait(qtbot, page)
    assert result == expected
    assert page.panel.isVisible()
    assert page.panel.systems.rowCount() == len(expected.affected)
    assert page.panel.critical.rowCount() == len(expected.critical)
    assert page.panel.sections.rowCount() == len(expected.sections)
    assert f"{expected.users_total:,}" in page.panel.summary.text()
    row = page.panel.systems.rows[-1]
    assert row[-1] == " → ".join(expected.affected[-1].path)  # the explaining path
    # every affected system is in the impact view and highlighted with its severity
    cat = page.canvas.highlight.category
    for a in expected.affected:
        if a.code == code:
            continue
        assert cat[page.data.index[a.code]] == (a.severity if a.effect != "reconfigure" else "reconfigure")
    assert cat[page.data.index[code]] == ROOT
    pixels = rendered(page)
    assert count_colour(pixels, HIGHLIGHT_COLOURS[IMMEDIATE]) > 20
    # the highlight stays over another view, and goes away on request
    page.set_spec(V.ViewSpec())
    wait(qtbot, page)
    assert len(page.canvas.highlight.category) >= len(expected.affected)
    page.clear_impact()
    assert page.canvas.highlight is None and not page.panel.isVisible()


def test_impact_of_a_move_and_a_row_click_selects(qtbot, page, graph):
    server = next(s for s in sorted(graph.servers) if graph.servers[s].systems)
    result = page.show_impact(server, move=True)
    wait(qtbot, page)
    assert result is not None and result.scenario == "move" and result.servers == (server,)
    assert "移設" in page.panel.title.text()
    first = result.affected[0].code
    page.panel._row_clicked(page.panel.systems, 0)
    assert page.canvas.selected_code() == first


def test_impact_of_a_section_is_refused(qtbot, page, graph):
    section = sorted(graph.sections)[0]
    assert page.show_impact(section) is None
    assert "影響分析の対象" in page.message.text()


def test_right_click_menu(qtbot, page, graph):
    code = hub(graph)
    menu = page.context_menu(code)
    names = {a.objectName() for a in menu.actions()}
    assert {"menu_focus", "menu_down", "menu_move", "menu_open"} <= names
    opened = []
    page.open_record_requested.connect(lambda rt, c: opened.append((rt, c)))
    next(a for a in menu.actions() if a.objectName() == "menu_open").trigger()
    assert opened == [("system", code)]
    next(a for a in menu.actions() if a.objectName() == "menu_down").trigger()
    wait(qtbot, page)
    assert page.impact is not None and page.impact.root == code
    section_menu = page.context_menu(sorted(graph.sections)[0])
    assert "menu_down" not in {a.objectName() for a in section_menu.actions()}


def test_impact_report_document(qtbot, page, graph):
    page.show_impact(hub(graph))
    wait(qtbot, page)
    doc = page.impact_report()
    assert doc is not None and doc.title


def test_export_png_svg_and_print(qtbot, page, graph, tmp_path):
    page.show_impact(hub(graph))
    wait(qtbot, page)
    png = page.export_png(tmp_path / "g.png")
    img = QImage(str(png))
    assert not img.isNull() and img.width() >= 800 and img.height() > 100
    svg = page.export_svg(tmp_path / "g.svg")
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and QSvgRenderer(str(svg)).isValid()
    page.set_spec(V.ViewSpec())  # the whole overview, too
    wait(qtbot, page)
    assert not QImage(str(page.export_png(tmp_path / "all.png"))).isNull()

    from pypdf import PdfReader

    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "g.pdf"))
    print_to(printer, page.data, page.canvas.highlight, None, "overview")
    assert len(PdfReader(str(tmp_path / "g.pdf")).pages) == 1


def test_a_newer_request_wins(qtbot, page, graph):
    a, b = sorted(graph.systems)[:2]
    page.focus(a)
    page.focus(b)
    wait(qtbot, page)
    qtbot.wait(50)
    assert page.spec.target == b and page.canvas.selected_code() == b


def test_an_empty_ledger_opens(qtbot, tmp_path):
    from db.ledger import Ledger

    ledger = Ledger.open(str(tmp_path / "empty.sqlite"))
    try:
        p = GraphPage(ledger)
        qtbot.addWidget(p)
        p.show()
        wait(qtbot, p)
        assert p.data.n == 0
        rendered(p)
        assert p.show_impact("SYS-0001") is None
        assert not QImage(str(p.export_png(tmp_path / "empty.png"))).isNull()
    finally:
        ledger.dispose()


def test_level_of_detail_and_labels_never_overlap(qtbot, page, graph):
    canvas = page.canvas
    canvas.resize(900, 700)
    canvas.fit()
    canvas.zoom(3.0 / (page.data.node_gap * canvas.scale))  # nodes 3 px apart
    rendered(page)
    far = canvas.last_paint
    canvas.zoom(40.0 / (page.data.node_gap * canvas.scale))  # nodes 40 px apart
    rendered(page)
    near = canvas.last_paint
    assert (far.detail, near.detail) == ("far", "near")
    assert 0 < len(far.labels) <= 40  # the most important few only
    assert len(near.labels) > len(far.labels) * 0.5
    # labels go to the most important nodes (in-degree, criticality A) first
    top = {page.data.codes[int(i)] for i in page.data.order[:10]}
    assert top & {code for code, _r in far.labels}
    for stats in (far, near):
        rects = [r for _c, r in stats.labels]
        for i, a in enumerate(rects):
            assert not any(a.intersects(b) for b in rects[i + 1:])


def test_double_click_on_a_department_box_opens_its_view(qtbot, page, graph):
    from PySide6.QtCore import QPoint, Qt

    canvas = page.canvas
    box = max((b for b in page.data.clusters if b.level == 1 and b.key in page.source.department_names),
              key=lambda b: b.count)
    vp = canvas.viewport()
    at = QPoint(round((box.x + 4 - vp.cx) * vp.scale + vp.width / 2), round((box.y + 4 - vp.cy) * vp.scale + vp.height / 2))
    assert canvas.node_at(QPointF(at)) is None and canvas.cluster_at(QPointF(at)).key == box.key
    qtbot.mouseDClick(canvas, Qt.MouseButton.LeftButton, pos=at)
    wait(qtbot, page)
    assert page.spec.kind == V.DEPARTMENT and page.spec.target == box.key
    assert set(page.data.codes) == set(F.department(graph, box.key))
    assert page.kind_box.currentData() == V.DEPARTMENT and page.target_box.currentData() == box.key
