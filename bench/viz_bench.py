"""The graph page at scale: ~10,000 nodes opened in headless Chromium, ours vs pyvis's defaults.

Usage: python bench/viz_bench.py [--build DIR | --nodes N] [--target 10000] [--timeout 90] [--keep DIR]

Takes the graph of a build (or a synthetic plan-shaped graph of about N nodes), selects a subgraph
of `--target` nodes (`choose_subgraph`: the neighbourhood of the most-cited decree, one hop deeper
until it holds the target, trimmed to the highest-degree nodes as `plankg viz` does), writes our
page (`graph/viz.py`) and a pyvis page of the same nodes and edges with pyvis's default options,
and times both in headless Chromium (selenium + Debian chromium/chromedriver): from navigation
start until the layout has settled and its first frame is drawn (bench/browser.py).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import browser

from plankg.graph.property import (
    ACTIVITY,
    AGENCY,
    CITES,
    COOPERATES_ON,
    DEPENDS_ON,
    HAS_ACTIVITY,
    HAS_PRODUCT,
    IN_AREA,
    IN_PROVINCE,
    LEADS,
    LEGAL_DOCUMENT,
    PART_OF,
    PLAN_DOCUMENT,
    PRODUCT,
    PROVINCE,
    REFORM_AREA,
    TASK,
    PropertyGraph,
)
from plankg.graph.viz import NODE_STYLES, OTHER_STYLE, Selection, node_label, render_html, select_subgraph
from plankg.models import AREA_LABELS_VI, ReformArea

MAX_DEPTH = 8


@dataclass(frozen=True)
class VizResult:
    nodes: int
    edges: int
    focus: str
    depth: int
    ours: browser.PageTiming
    pyvis: browser.PageTiming
    ours_mb: float
    pyvis_mb: float
    ours_write_s: float
    pyvis_write_s: float


def most_cited(graph: PropertyGraph) -> tuple[str, int]:
    """The legal document with the most incoming CITES + DEPENDS_ON edges, decrees (NĐ) first."""
    counts = Counter(
        e.target
        for e in graph.edges
        if e.type in (CITES, DEPENDS_ON)
        and e.target in graph.nodes
        and graph.nodes[e.target].label == LEGAL_DOCUMENT
    )
    if not counts:
        raise ValueError("the graph cites no legal document")
    decrees = [key for key in counts if "/NĐ-" in key]
    key = max(decrees or counts, key=lambda k: (counts[k], k))
    return key, counts[key]


def choose_subgraph(graph: PropertyGraph, target: int) -> tuple[Selection, str, int]:
    """(selection of about `target` nodes, focus key, depth) around the most-cited decree."""
    focus, _ = most_cited(graph)
    selection = select_subgraph(graph, focus=focus, depth=1, max_nodes=target)
    depth = 1
    while selection.matched < target and depth < MAX_DEPTH:
        depth += 1
        grown = select_subgraph(graph, focus=focus, depth=depth, max_nodes=target)
        if grown.matched == selection.matched:  # the component is exhausted
            break
        selection = grown
    return selection, focus, depth


def pyvis_page(selection: Selection) -> str:
    """The same nodes (label, type colour) and edges as a pyvis Network with its default options."""
    from pyvis.network import Network

    net = Network(height="900px", width="100%", directed=True, cdn_resources="in_line")
    nodes = list(selection.graph.nodes.values())
    net.add_nodes(
        [n.key for n in nodes],
        label=[node_label(n) for n in nodes],
        color=[NODE_STYLES.get(n.label, OTHER_STYLE).color for n in nodes],
    )
    net.add_edges([(e.source, e.target) for e in selection.graph.edges])
    return browser.strip_cdn_tags(net.generate_html())


def measure(
    graph: PropertyGraph, selection: Selection, focus: str, depth: int, folder: Path, timeout_s: float
) -> VizResult:
    """Write both pages into `folder` and time each in a fresh headless Chromium."""
    started = time.perf_counter()
    ours_html = render_html(graph, selection, title="plankg bench", focus=focus, depth=depth)
    ours_write = time.perf_counter() - started
    started = time.perf_counter()
    pyvis_html = pyvis_page(selection)
    pyvis_write = time.perf_counter() - started
    ours = folder / "ours.html"
    ours.write_text(browser.with_probe(ours_html, '<script id="plankg-app">'), encoding="utf-8")
    theirs = folder / "pyvis.html"
    theirs.write_text(browser.with_probe(pyvis_html, '<script type="text/javascript">'), encoding="utf-8")
    ours_timing = browser.time_page(ours, timeout_s)
    pyvis_timing = browser.time_page(theirs, timeout_s)
    return VizResult(
        nodes=len(selection.graph.nodes),
        edges=len(selection.graph.edges),
        focus=focus,
        depth=depth,
        ours=ours_timing,
        pyvis=pyvis_timing,
        ours_mb=len(ours_html.encode("utf-8")) / 1e6,
        pyvis_mb=len(pyvis_html.encode("utf-8")) / 1e6,
        ours_write_s=ours_write,
        pyvis_write_s=pyvis_write,
    )


def synthetic_graph(nodes: int) -> PropertyGraph:
    """About `nodes` nodes shaped like the corpus: provinces of plans with tasks, agencies, decrees."""
    g = PropertyGraph()
    areas = list(ReformArea)
    for area in areas:
        g.add_node(f"area:{area.value}", REFORM_AREA, id=area.value, name=AREA_LABELS_VI[area])
    laws = max(nodes // 25, 10)
    for law in range(laws):
        g.add_node(f"legal:{law}/2020/NĐ-CP", LEGAL_DOCUMENT, id=f"{law}/2020/NĐ-CP", doc_type="Nghị định")
    per_province = 500  # 1 province + 1 plan + 30 agencies + 156 × (task, activity, product)
    for p in range(max(-(-(nodes - laws) // per_province), 1)):
        name = f"Tỉnh {p}"
        province = g.add_node(f"province:{p}", PROVINCE, id=str(p), name=name)
        doc = g.add_node(f"doc:{p}", PLAN_DOCUMENT, id=str(p), number=f"{p}/KH-UBND", province=name)
        g.add_edge(doc, IN_PROVINCE, province)
        for a in range(30):
            g.add_node(f"agency:{p}/{a}", AGENCY, id=f"{p}/{a}", name=f"Sở số {a}", province=name)
        for t in range(156):
            area = areas[t % len(areas)].value
            law = f"legal:{(t * 7 + p * 3) % laws}/2020/NĐ-CP"
            task = g.add_node(
                f"task:{p}/{t}",
                TASK,
                id=f"{p}/{t}",
                number=str(t),
                text=f"Nhiệm vụ số {t} về cải cách",
                province=name,
                area=area,
                quote=f"{t}. Nhiệm vụ số {t}",
                source_document=str(p),
                source_line=t,
            )
            g.add_edge(task, PART_OF, doc)
            g.add_edge(task, IN_AREA, f"area:{area}")
            g.add_edge(task, DEPENDS_ON, law)
            g.add_edge(doc, CITES, law)
            g.add_edge(f"agency:{p}/{t % 30}", LEADS, task)
            g.add_edge(f"agency:{p}/{(t * 7 + 3) % 30}", COOPERATES_ON, task)
            g.add_edge(task, HAS_ACTIVITY, g.add_node(f"activity:{p}/{t}", ACTIVITY, text="Hoạt động"))
            g.add_edge(task, HAS_PRODUCT, g.add_node(f"product:{p}/{t}", PRODUCT, text="Sản phẩm"))
    return g


def describe(timing: browser.PageTiming) -> str:
    if timing.timed_out:
        return f"did not settle within {timing.wall:.0f} s (iterations done: {timing.iterations_done})"
    return f"drawn at {timing.drawn:.2f} s (settled {timing.settled:.2f} s, load {timing.load:.2f} s)"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--build", type=Path, help="a build folder (its graph.json); default: synthetic")
    parser.add_argument("--nodes", type=int, default=12_000, help="size of the synthetic graph")
    parser.add_argument("--target", type=int, default=10_000, help="nodes on the page")
    parser.add_argument("--timeout", type=float, default=90.0, help="seconds to wait for a page to settle")
    parser.add_argument("--keep", type=Path, help="keep both pages in this folder")
    args = parser.parse_args()
    missing = browser.available()
    if missing:
        raise SystemExit(f"Error: headless Chromium not available ({missing})")
    if args.build:
        from plankg.graph.exports import GRAPH_FILE, load_property_graph

        graph = load_property_graph(args.build / GRAPH_FILE)
    else:
        graph = synthetic_graph(args.nodes)
    selection, focus, depth = choose_subgraph(graph, args.target)
    with tempfile.TemporaryDirectory(prefix="plankg-viz-bench-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        result = measure(graph, selection, focus, depth, folder, args.timeout)
    print(f"graph: {len(graph.nodes)} nodes; page: {result.nodes} nodes, {result.edges} edges")
    print(f"focus: {focus}, depth {depth}")
    print(f"ours : {describe(result.ours)}; {result.ours_mb:.1f} MB, written in {result.ours_write_s:.2f} s")
    print(
        f"pyvis: {describe(result.pyvis)}; {result.pyvis_mb:.1f} MB, written in {result.pyvis_write_s:.2f} s"
    )
    print(json.dumps({"ours": result.ours.__dict__, "pyvis": result.pyvis.__dict__}))


if __name__ == "__main__":
    main()
