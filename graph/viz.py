"""Interactive HTML view of the property graph: one self-contained page that works offline.

`write_viz` selects a subgraph (`select_subgraph`: focus + depth, province, size cap) and writes one
HTML file with vis-network's JS and CSS inlined from pyvis's package data; nothing loads from a network.

Template. A small template of our own (plain string substitution, one pass), not pyvis's
`Network.write_html`: pyvis's template links Bootstrap and vis from CDNs, passes tooltips as HTML
strings, and has no place for our filters. We only borrow pyvis's copy of vis-network 9.1.2. Jinja2
would work too, but it is not one of our declared dependencies and the page has only a few slots.

Safety. Document text reaches the page only as JSON inside `<script type="application/json">`, with
`<`, `>` and `&` written as `\\u003c`, `\\u003e`, `\\u0026`, so no quote (the corpus holds fragments
like `<ul style=…>`) can close the script tag or open another. The page's script renders it with
`textContent` only: node labels are drawn on the canvas, and tooltips and the details panel are built as
DOM elements by our own hover handler (vis `title` is not used, so no version of vis parses it as HTML).
Static HTML we generate (legend, selects, title) goes through `html.escape`.

Layout and physics. Small pages (up to `LARGE_GRAPH` nodes) are laid out by vis-network in the
browser: its `forceAtlas2Based` solver runs on a Barnes-Hut quadtree and its degree-weighted repulsion
spreads the hubs (agencies, provinces, much-cited decrees); `improvedLayout` (Kamada-Kawai on clusters)
only below `IMPROVED_LAYOUT_MAX`; physics is switched off once stabilization is done, and a progress
bar with a stop button covers the canvas meanwhile. Large pages cannot afford that: at 10,000 nodes
one vis iteration takes 100-300 ms in headless Chromium here, and networkx's `spring_layout` needs
~48 s for 5,000 nodes. They come with positions computed in Python (`graph/layout.py`: nested discs
of the containment forest — products in their task, tasks in their plan, plans and agencies in their
province — with legal documents and reform areas at the mean of their neighbours; pure Python,
~0.3 s for 10,000 nodes) and open with physics off; a button turns the force layout on. They also get
straight solid edges (canvas dashes cost time in proportion to their length), no edges while
dragging/zooming, labels only when zoomed in, and the search index is built on the first search.
Node styles are vis groups, so options are parsed once per type rather than once per node.
bench/run_all.py measures the page at 10,000 nodes against pyvis's defaults.

Sizes are computed on the whole graph passed in (a focused view still shows an agency's real load):
agencies by lead + 0.5 × cooperating edges, legal documents by incoming CITES + DEPENDS_ON edges.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from plankg.errors import InputError, PlankgError
from plankg.fileio import atomic_write_text
from plankg.graph.analytics import COOPERATE_WEIGHT, LEAD_WEIGHT
from plankg.graph.layout import containment_layout
from plankg.graph.property import (
    ACTIVITY,
    AGENCY,
    AGENCY_GROUP,
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
    RELATION_TYPES,
    SAME_AS,
    SERVES,
    TARGET,
    TARGET_OF,
    TASK,
    Edge,
    Node,
    PropertyGraph,
)
from plankg.loaders.text import fold_diacritics, slugify
from plankg.models import AREA_LABELS_VI, ReformArea

VIS_DIR = "vis-9.1.2"
MAX_EDGES = 40_000  # a page draws at most this many edges (262k edges took ~9 s to settle; 53k ~2.4 s)
LARGE_GRAPH = 1000  # above: precomputed positions, time-boxed physics, straight edges, no edges on drag
IMPROVED_LAYOUT_MAX = 150  # vis's improvedLayout (clustering + Kamada-Kawai) only below this
LABEL_CHARS = 42
# Containment for the layout of large pages, strongest first: (edge type, source is inside target).
CONTAINMENT = (
    (PART_OF, True),  # task in its plan
    (TARGET_OF, True),  # target in its plan
    (HAS_ACTIVITY, False),  # activity in its task
    (HAS_PRODUCT, False),  # product in its task
    (SAME_AS, False),  # the plan's own legal-document node beside it
    (IN_PROVINCE, True),  # plan, agency in its province
)
CONTAINMENT_RANK = {edge_type: rank for rank, (edge_type, _) in enumerate(CONTAINMENT)}
TASK_LABEL_WORDS = 7


@dataclass(frozen=True)
class NodeStyle:
    vi: str  # display name of the node type
    en: str  # English name (legend tooltip)
    color: str
    shape: str  # vis-network shape with the label below it
    size: float  # base size in px


NODE_STYLES: dict[str, NodeStyle] = {
    PLAN_DOCUMENT: NodeStyle("Văn bản kế hoạch", "Plan document", "#1f77b4", "square", 20),
    LEGAL_DOCUMENT: NodeStyle("Văn bản pháp luật", "Legal document", "#9467bd", "diamond", 10),
    TASK: NodeStyle("Nhiệm vụ", "Task", "#2ca02c", "dot", 9),
    ACTIVITY: NodeStyle("Hoạt động", "Activity", "#98df8a", "dot", 6),
    PRODUCT: NodeStyle("Sản phẩm", "Product", "#bcbd22", "triangleDown", 7),
    AGENCY: NodeStyle("Cơ quan", "Agency", "#d62728", "triangle", 9),
    AGENCY_GROUP: NodeStyle("Nhóm cơ quan", "Agency group", "#ff9896", "hexagon", 9),
    TARGET: NodeStyle("Chỉ tiêu", "Target", "#ff7f0e", "star", 9),
    PROVINCE: NodeStyle("Tỉnh", "Province", "#17becf", "square", 24),
    REFORM_AREA: NodeStyle("Lĩnh vực cải cách", "Reform area", "#8c564b", "hexagon", 18),
}
OTHER_STYLE = NodeStyle("Khác", "Other", "#7f7f7f", "dot", 7)


@dataclass(frozen=True)
class EdgeStyle:
    vi: str
    color: str
    width: float = 1.0
    dashes: bool = False


_RELATION_VI = {
    "AMENDS": "Sửa đổi, bổ sung",
    "REPLACES": "Thay thế",
    "REPEALS": "Bãi bỏ",
    "PARTIALLY_REPEALS": "Bãi bỏ một phần",
    "EXPIRES": "Hết hiệu lực",
    "IMPLEMENTS": "Triển khai",
    "BASED_ON": "Căn cứ",
    "GUIDES": "Hướng dẫn",
    "APPLIES": "Áp dụng",
}
EDGE_STYLES: dict[str, EdgeStyle] = {
    LEADS: EdgeStyle("Chủ trì", "#d62728", 2.0),
    COOPERATES_ON: EdgeStyle("Phối hợp", "#ff7f0e", 1.0, dashes=True),
    CITES: EdgeStyle("Trích dẫn", "#9467bd"),
    DEPENDS_ON: EdgeStyle("Dựa trên văn bản", "#9467bd", 1.0, dashes=True),
    SAME_AS: EdgeStyle("Là văn bản", "#1f77b4"),
    PART_OF: EdgeStyle("Thuộc kế hoạch", "#9ecae1"),
    HAS_ACTIVITY: EdgeStyle("Có hoạt động", "#98df8a"),
    HAS_PRODUCT: EdgeStyle("Có sản phẩm", "#bcbd22"),
    SERVES: EdgeStyle("Phục vụ chỉ tiêu", "#ff7f0e"),
    TARGET_OF: EdgeStyle("Chỉ tiêu của", "#fdae6b"),
    IN_AREA: EdgeStyle("Thuộc lĩnh vực", "#c49c94"),
    IN_PROVINCE: EdgeStyle("Thuộc tỉnh", "#9edae5"),
    **{edge: EdgeStyle(_RELATION_VI.get(edge, edge), "#e377c2", 1.5) for edge in RELATION_TYPES.values()},
}
OTHER_EDGE_STYLE = EdgeStyle("Quan hệ khác", "#bbbbbb")

FIELD_NAMES_VI = {
    "id": "Mã",
    "name": "Tên",
    "number": "Số",
    "title": "Trích yếu",
    "text": "Nội dung",
    "kind": "Loại",
    "doc_type": "Loại văn bản",
    "type_code": "Ký hiệu loại",
    "issuer": "Cơ quan ban hành",
    "issuer_code": "Ký hiệu cơ quan",
    "year": "Năm",
    "date": "Ngày",
    "province": "Tỉnh",
    "area": "Lĩnh vực",
    "document": "Văn bản",
    "section": "Mục",
    "deadline_text": "Thời hạn",
    "deadline_start": "Bắt đầu",
    "deadline_end": "Hạn cuối",
    "recurring": "Định kỳ",
    "conditional": "Có điều kiện",
    "budget_text": "Kinh phí",
    "budget_vnd": "Kinh phí (đồng)",
    "type": "Loại cơ quan",
    "collective": "Nhóm cơ quan",
    "metric": "Chỉ số",
    "value": "Giá trị",
    "unit": "Đơn vị",
    "comparator": "So sánh",
    "scope": "Phạm vi",
    "path": "Tệp",
    "mentions": "Số lần nhắc",
    "surface": "Cách viết trong văn bản",
    "qualifier": "Ghi chú vai trò",
    "quote": "Trích nguyên văn",
    "source_document": "Văn bản nguồn",
    "source_line": "Dòng",
    "source_start": "Vị trí đầu",
    "source_end": "Vị trí cuối",
    "source": "Nguồn quan hệ",
    "load": "Tải công việc (chủ trì + 0,5 × phối hợp)",
    "lead": "Số nhiệm vụ chủ trì",
    "cooperate": "Số nhiệm vụ phối hợp",
    "citations": "Số lần được viện dẫn",
}
# Tooltip shows these first, in this order; the details panel shows every property.
FIELD_ORDER = (
    "id",
    "number",
    "name",
    "title",
    "text",
    "doc_type",
    "issuer",
    "date",
    "province",
    "area",
    "deadline_text",
    "budget_text",
    "type",
    "metric",
    "value",
    "unit",
    "year",
    "document",
)
# Type codes of numbered documents → their names, so "nghi dinh 107" finds "107/2020/NĐ-CP".
TYPE_CODE_NAMES = {
    "NĐ": "Nghị định",
    "QĐ": "Quyết định",
    "NQ": "Nghị quyết",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "CT": "Chỉ thị",
    "KH": "Kế hoạch",
    "BC": "Báo cáo",
    "HD": "Hướng dẫn",
    "CV": "Công văn",
    "TB": "Thông báo",
    "L": "Luật",
    "PL": "Pháp lệnh",
    "QC": "Quy chế",
}
SEARCH_PROPS = ("id", "name", "number", "title", "doc_type", "issuer", "type", "text")

_SCRIPT_END_RE = re.compile(r"</(script)", re.IGNORECASE)
_STYLE_END_RE = re.compile(r"</(style)", re.IGNORECASE)
_SLOT_RE = re.compile(r"@@([A-Z_]+)@@")
_SPACE_RE = re.compile(r"\s+")


# ---------------------------------------------------------------------------------------------- selection


@dataclass(frozen=True)
class Selection:
    """The part of the graph a page shows."""

    graph: PropertyGraph
    truncated: bool  # more than max_nodes matched; the highest-degree ones were kept
    focus: tuple[str, ...]  # node keys the focus resolved to (empty without focus)
    matched: int  # nodes matched before truncation
    edges_matched: int = -1  # edges among the kept nodes before the edge budget (-1: all shown)


@dataclass(frozen=True)
class VizSummary:
    nodes: int
    edges: int
    truncated: bool
    path: Path
    matched: int = 0  # nodes matched by focus/province before truncation
    edges_matched: int = -1  # edges among the shown nodes when over the edge budget (-1: all shown)


def select_subgraph(
    graph: PropertyGraph,
    focus: str | None = None,
    depth: int = 2,
    province: str | None = None,
    max_nodes: int = 5000,
    max_edges: int = MAX_EDGES,
) -> Selection:
    """Nodes to show and the edges among them (a pure function of its arguments).

    `province`: nodes whose `province` property matches (diacritic- and case-insensitive, "thanh-hoa"
    or "Thanh Hoá" for "Thanh Hóa"), plus their neighbours that carry no province of their own —
    legal documents, reform areas, activities, products, national agencies, the province node.
    `focus` (resolved by `resolve_focus`, inside the province selection if any): the nodes within
    `depth` undirected hops. Above `max_nodes` nodes, the focus nodes and then the highest-degree nodes
    (degree among the matched nodes, ties by key) are kept. Edges whose ends are not both kept, or
    point at nodes missing from the graph, are dropped. Above `max_edges` edges among the kept
    nodes, a spanning forest of them is kept first (every node keeps its connection to its
    component), then further edges in graph order up to the budget.
    """
    if max_nodes < 1:
        raise InputError(f"max_nodes must be at least 1, got {max_nodes}")
    if max_edges < 0:
        raise InputError(f"max_edges must be at least 0, got {max_edges}")
    adjacency = _adjacency(graph)
    keys: set[str] = set(graph.nodes)
    if province:
        keys = _province_keys(graph, adjacency, province)
    seeds: tuple[str, ...] = ()
    if focus is not None:
        seeds = resolve_focus(graph, focus, within=keys)
        keys = _neighbourhood(adjacency, seeds, max(depth, 0), keys)
    matched = len(keys)
    truncated = matched > max_nodes
    if truncated:
        degree = {key: sum(1 for other in adjacency[key] if other in keys) for key in keys}
        seed_set = set(seeds)
        ranked = sorted(keys, key=lambda k: (k not in seed_set, -degree[k], k))
        keys = set(ranked[:max_nodes])
    induced = _induced(graph, keys)
    if len(induced.edges) <= max_edges:
        return Selection(induced, truncated, seeds, matched)
    kept = PropertyGraph(nodes=induced.nodes, edges=_edge_budget(induced.edges, max_edges))
    return Selection(kept, truncated, seeds, matched, edges_matched=len(induced.edges))


def resolve_focus(graph: PropertyGraph, focus: str, within: Iterable[str] | None = None) -> tuple[str, ...]:
    """Node keys `focus` names, tried leniently in order; the first step that matches wins.

    1. an exact node key; 2. `legal:<focus>`; 3. nodes whose `id`, `name` or `number` equals `focus`
    (all of them: "Sở Nội vụ" of every province, `1025/QĐ-UBND` of two provinces); 4. the same,
    diacritic- and case-insensitive ("107/2020/ND-CP", "so noi vu").
    """
    allowed = set(graph.nodes) if within is None else set(within) & set(graph.nodes)
    text = focus.strip()
    for candidate in (text, f"legal:{text}"):
        if candidate in allowed:
            return (candidate,)
    exact = sorted(key for key in allowed if text in _names(graph.nodes[key]))
    if exact:
        return tuple(exact)
    folded = _fold(text)
    loose = sorted(key for key in allowed if folded in {_fold(n) for n in _names(graph.nodes[key])})
    if loose:
        return tuple(loose)
    raise InputError(f"no node matches focus {focus!r}: give a node key, a legal id or an agency name")


def _names(node: Node) -> set[str]:
    return {str(node.props[p]) for p in ("id", "name", "number") if node.props.get(p) not in (None, "")}


def _fold(text: str) -> str:
    return _SPACE_RE.sub(" ", fold_diacritics(text)).strip()


def province_key(name: Any) -> str:
    """Comparable form of a province name: "Tỉnh Thanh Hoá" / "thanh-hoa" → "thanh-hoa"."""
    slug = slugify(str(name))
    return slug.removeprefix("tinh-")


def _adjacency(graph: PropertyGraph) -> dict[str, set[str]]:
    adjacency: dict[str, set[str]] = {key: set() for key in graph.nodes}
    for edge in graph.edges:
        if edge.source in adjacency and edge.target in adjacency and edge.source != edge.target:
            adjacency[edge.source].add(edge.target)
            adjacency[edge.target].add(edge.source)
    return adjacency


def _province_keys(graph: PropertyGraph, adjacency: dict[str, set[str]], province: str) -> set[str]:
    wanted = province_key(province)
    core = {
        key
        for key, node in graph.nodes.items()
        if "province" in node.props and province_key(node.props["province"]) == wanted
    }
    if not core:
        known = sorted({str(n.props["province"]) for n in graph.nodes.values() if "province" in n.props})
        hint = ", ".join(known[:10]) or "none"
        raise InputError(f"no nodes in province {province!r} (provinces in the graph: {hint})")
    keys = set(core)
    for key in core:
        keys.update(other for other in adjacency[key] if "province" not in graph.nodes[other].props)
    return keys


def _neighbourhood(
    adjacency: dict[str, set[str]], seeds: Iterable[str], depth: int, allowed: set[str]
) -> set[str]:
    found = {seed for seed in seeds if seed in allowed}
    queue = deque((seed, 0) for seed in found)
    while queue:
        key, distance = queue.popleft()
        if distance >= depth:
            continue
        for other in adjacency[key]:
            if other in allowed and other not in found:
                found.add(other)
                queue.append((other, distance + 1))
    return found


def _edge_budget(edges: list[Edge], max_edges: int) -> list[Edge]:
    """At most `max_edges` of `edges`, in their order: a spanning forest first, then the others."""
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    chosen: list[bool] = []
    count = 0
    for edge in edges:
        a, b = root(edge.source), root(edge.target)
        joins = a != b and count < max_edges
        if joins:
            parent[a] = b
            count += 1
        chosen.append(joins)
    for index in range(len(edges)):
        if count >= max_edges:
            break
        if not chosen[index]:
            chosen[index] = True
            count += 1
    return [edge for edge, keep in zip(edges, chosen, strict=True) if keep]


def _induced(graph: PropertyGraph, keys: set[str]) -> PropertyGraph:
    nodes = {key: node for key, node in graph.nodes.items() if key in keys}
    edges = [edge for edge in graph.edges if edge.source in nodes and edge.target in nodes]
    return PropertyGraph(nodes=nodes, edges=edges)


# ---------------------------------------------------------------------------------------------- page data


def node_weights(graph: PropertyGraph) -> dict[str, dict[str, float]]:
    """Per node key: agency `lead`/`cooperate`/`load` and legal-document `citations` counts."""
    stats: dict[str, dict[str, float]] = {}
    for edge in graph.edges:
        if edge.type in (LEADS, COOPERATES_ON):
            row = stats.setdefault(edge.source, {"lead": 0, "cooperate": 0, "load": 0.0})
            if edge.type == LEADS:
                row["lead"] += 1
                row["load"] += LEAD_WEIGHT
            else:
                row["cooperate"] += 1
                row["load"] += COOPERATE_WEIGHT
        elif edge.type in (CITES, DEPENDS_ON):
            row = stats.setdefault(edge.target, {})
            row["citations"] = row.get("citations", 0) + 1
    return stats


def node_size(node: Node, stats: dict[str, float]) -> float:
    """Base size of the node type, grown with the square root of load (agencies) or citations."""
    base = NODE_STYLES.get(node.label, OTHER_STYLE).size
    if node.label in (AGENCY, AGENCY_GROUP):
        metric = stats.get("load", 0.0)
    elif node.label == LEGAL_DOCUMENT:
        metric = stats.get("citations", 0)
    else:
        return base
    return round(min(base + 4.0 * math.sqrt(metric), 60.0), 2)


def node_label(node: Node) -> str:
    """Short Vietnamese caption drawn under the node."""
    props = node.props
    if node.label == LEGAL_DOCUMENT:
        text = str(props.get("id") or node.key)
    elif node.label in (PROVINCE, REFORM_AREA, AGENCY, AGENCY_GROUP):
        text = str(props.get("name") or props.get("id") or node.key)
    elif node.label == PLAN_DOCUMENT:
        text = str(props.get("number") or props.get("title") or props.get("id") or node.key)
    elif node.label in (TASK, ACTIVITY, TARGET, PRODUCT):
        words = _SPACE_RE.sub(" ", str(props.get("text") or "")).strip().split(" ")
        head = " ".join(words[:TASK_LABEL_WORDS]) + (" …" if len(words) > TASK_LABEL_WORDS else "")
        number = str(props.get("number") or "").rstrip(".")
        text = f"{number}. {head}" if number else head
        if not text.strip():
            text = str(props.get("id") or node.key)
    else:
        text = str(props.get("name") or props.get("id") or node.key)
    text = _SPACE_RE.sub(" ", text).strip()
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _search_text(node: Node, label: str) -> str:
    parts = [label, node.key]
    for prop in SEARCH_PROPS:
        value = node.props.get(prop)
        if value not in (None, ""):
            parts.append(str(value)[:300])
    if node.label == LEGAL_DOCUMENT and not node.props.get("doc_type"):
        code = str(node.props.get("type_code") or _type_code(str(node.props.get("id", ""))))
        if code in TYPE_CODE_NAMES:
            parts.append(TYPE_CODE_NAMES[code])
    return _SPACE_RE.sub(" ", " ".join(parts))


def _type_code(legal_id: str) -> str:
    """ "107/2020/NĐ-CP" → "NĐ"."""
    return legal_id.rsplit("/", 1)[-1].split("-", 1)[0] if "/" in legal_id else ""


def _plain(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(item) for item in value]
    return str(value)


def _page_data(full: PropertyGraph, selection: Selection, title: str) -> dict[str, Any]:
    graph = selection.graph
    weights = node_weights(full)
    positions = initial_positions(selection)
    nodes = []
    for node in graph.nodes.values():
        label = node_label(node)
        stats = weights.get(node.key, {})
        item: dict[str, Any] = {
            "id": node.key,
            "label": label,
            "group": node.label,
            "size": node_size(node, stats),
            "prov": province_key(node.props["province"]) if "province" in node.props else "",
            "area": str(node.props.get("area") or ""),
            "search": _search_text(node, label),
            "props": {name: _plain(value) for name, value in node.props.items()},
        }
        if node.key in positions:
            item["x"], item["y"] = positions[node.key]
        if node.label in (AGENCY, AGENCY_GROUP) and stats:
            item["stats"] = {name: stats[name] for name in ("load", "lead", "cooperate")}
        elif node.label == LEGAL_DOCUMENT and stats.get("citations"):
            item["stats"] = {"citations": stats["citations"]}
        nodes.append(item)
    edges = [
        {
            "from": e.source,
            "to": e.target,
            "type": e.type,
            "props": {k: _plain(v) for k, v in e.props.items()},
        }
        for e in graph.edges
    ]
    labels = set(NODE_STYLES) | {n.label for n in graph.nodes.values()}
    edge_types = set(EDGE_STYLES) | {e.type for e in graph.edges}
    return {
        "title": title,
        "nodes": nodes,
        "edges": edges,
        "styles": {label: _style_json(NODE_STYLES.get(label, OTHER_STYLE)) for label in sorted(labels)},
        "edgeStyles": {t: _edge_style_json(EDGE_STYLES.get(t, OTHER_EDGE_STYLE)) for t in sorted(edge_types)},
        "fieldNames": FIELD_NAMES_VI,
        "fieldOrder": list(FIELD_ORDER),
        "areaNames": {area.value: AREA_LABELS_VI[area] for area in ReformArea},
        "options": vis_options(len(nodes)),
        "large": len(nodes) > LARGE_GRAPH,
        "truncated": selection.truncated,
        "matched": selection.matched,
        "focus": list(selection.focus),
    }


def initial_positions(selection: Selection) -> dict[str, tuple[float, float]]:
    """Precomputed positions (rounded px) for large pages; {} for small ones (vis lays those out)."""
    graph = selection.graph
    if len(graph.nodes) <= LARGE_GRAPH:
        return {}
    positions = containment_layout(_adjacency(graph), containment_parents(graph))
    return {key: (round(x, 1), round(y, 1)) for key, (x, y) in positions.items()}


def containment_parents(graph: PropertyGraph) -> dict[str, str]:
    """Child key → the node containing it, by the first of `CONTAINMENT` that applies (ties by key)."""
    candidates: dict[str, list[tuple[int, str]]] = {}
    for edge in graph.edges:
        rank = CONTAINMENT_RANK.get(edge.type)
        if rank is None or edge.source not in graph.nodes or edge.target not in graph.nodes:
            continue
        child, parent = (edge.source, edge.target) if CONTAINMENT[rank][1] else (edge.target, edge.source)
        candidates.setdefault(child, []).append((rank, parent))
    return {child: min(options)[1] for child, options in candidates.items()}


def _style_json(style: NodeStyle) -> dict[str, Any]:
    return {"vi": style.vi, "en": style.en, "color": style.color, "shape": style.shape}


def _edge_style_json(style: EdgeStyle) -> dict[str, Any]:
    return {"vi": style.vi, "color": style.color, "width": style.width, "dashes": style.dashes}


def vis_options(node_count: int) -> dict[str, Any]:
    """vis-network options tuned by graph size (see the module docstring); large pages come with positions."""
    large = node_count > LARGE_GRAPH
    return {
        "autoResize": True,
        "layout": {"improvedLayout": node_count <= IMPROVED_LAYOUT_MAX, "randomSeed": 7},
        "physics": {
            "enabled": not large,  # large pages come with positions (graph/layout.py)
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -60,
                "centralGravity": 0.008,
                "springLength": 90,
                "springConstant": 0.06,
                "damping": 0.5,
                "avoidOverlap": 0,
            },
            "maxVelocity": 60,
            "minVelocity": 0.8,
            "timestep": 0.5,
            "adaptiveTimestep": True,
            "stabilization": {
                "enabled": True,
                "iterations": 200 if large else 600,
                "updateInterval": 20 if large else 50,
                "fit": True,
            },
        },
        "nodes": {
            "borderWidth": 1,
            "font": {"size": 12, "face": "system-ui, sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "scaling": {"label": {"drawThreshold": 9 if large else 5}},
        },
        "edges": {
            "smooth": False if large else {"enabled": True, "type": "continuous", "roundness": 0.3},
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}},
            "selectionWidth": 2,
            "hoverWidth": 1.5,
        },
        "interaction": {
            "hover": True,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "multiselect": False,
            "navigationButtons": False,
            "keyboard": False,
        },
    }


def json_for_html(payload: Any) -> str:
    """JSON safe inside any HTML element: no `<`, `>` or `&` left (only \\u escapes inside strings)."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=str)
    for raw, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(raw, escaped)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


# ---------------------------------------------------------------------------------------------- HTML


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """vis-network's (JS, CSS) from pyvis's package data, made safe to inline."""
    try:
        base = resources.files("pyvis") / "lib" / VIS_DIR
        js = (base / "vis-network.min.js").read_text(encoding="utf-8")
        css = (base / "vis-network.css").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError) as exc:
        raise PlankgError(
            f"vis-network not found in pyvis's package data ({VIS_DIR}): pip install pyvis"
        ) from exc
    js = _SCRIPT_END_RE.sub(r"<\\/\1", js).replace("<!--", "<\\!--")
    css = _STYLE_END_RE.sub(r"<\\/\1", css)
    return js, css


def _swatch(style: NodeStyle) -> str:
    shapes = {
        "dot": '<circle cx="8" cy="8" r="6"/>',
        "square": '<rect x="2" y="2" width="12" height="12"/>',
        "diamond": '<polygon points="8,1 15,8 8,15 1,8"/>',
        "triangle": '<polygon points="8,2 15,14 1,14"/>',
        "triangleDown": '<polygon points="1,2 15,2 8,14"/>',
        "star": '<polygon points="8,1 10,6 15,6 11,9.5 12.5,15 8,11.5 3.5,15 5,9.5 1,6 6,6"/>',
        "hexagon": '<polygon points="4,2 12,2 15,8 12,14 4,14 1,8"/>',
    }
    return (
        f'<svg class="swatch" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" '
        f'fill="{html.escape(style.color)}" stroke="#333" stroke-width="0.8">'
        f"{shapes.get(style.shape, shapes['dot'])}</svg>"
    )


def _legend_html(graph: PropertyGraph) -> str:
    counts = Counter(node.label for node in graph.nodes.values())
    labels = list(NODE_STYLES) + sorted(set(counts) - set(NODE_STYLES))
    rows = []
    for label in labels:
        style = NODE_STYLES.get(label, OTHER_STYLE)
        name = style.vi if label in NODE_STYLES else f"{style.vi} ({label})"
        empty = " empty" if not counts[label] else ""
        rows.append(
            f'<li class="legend-item{empty}" title="{html.escape(f"{style.en} ({label})")}">'
            f'<label><input type="checkbox" class="type-filter" value="{html.escape(label)}" checked> '
            f'{_swatch(style)} <span class="legend-name">{html.escape(name)}</span> '
            f'<span class="count">{counts[label]}</span></label></li>'
        )
    return '<ul id="legend" class="legend">' + "".join(rows) + "</ul>"


def _edge_legend_html(graph: PropertyGraph) -> str:
    counts = Counter(edge.type for edge in graph.edges)
    large = len(graph.nodes) > LARGE_GRAPH  # drawn solid (see vis_options)
    rows = []
    for edge_type in sorted(counts, key=lambda t: (-counts[t], t)):
        style = EDGE_STYLES.get(edge_type, OTHER_EDGE_STYLE)
        dash = ' stroke-dasharray="4 3"' if style.dashes and not large else ""
        rows.append(
            f'<li title="{html.escape(edge_type)}">'
            '<svg class="swatch" width="24" height="10" aria-hidden="true">'
            f'<line x1="1" y1="5" x2="23" y2="5" stroke="{html.escape(style.color)}" '
            f'stroke-width="{style.width + 1}"{dash}/></svg> {html.escape(style.vi)} '
            f'<span class="count">{counts[edge_type]}</span></li>'
        )
    return '<ul class="legend edge-legend">' + "".join(rows) + "</ul>"


def _province_options(graph: PropertyGraph) -> str:
    spellings: dict[str, Counter[str]] = {}
    for node in graph.nodes.values():
        if "province" in node.props:
            name = str(node.props["province"])
            spellings.setdefault(province_key(name), Counter())[name] += 1
    options = ['<option value="">Tất cả các tỉnh</option>']
    for key, names in sorted(spellings.items(), key=lambda item: _fold(item[1].most_common(1)[0][0])):
        display = names.most_common(1)[0][0]
        options.append(
            f'<option value="{html.escape(key)}">{html.escape(display)} ({sum(names.values())})</option>'
        )
    return "".join(options)


def _area_options(graph: PropertyGraph) -> str:
    counts = Counter(
        str(node.props["area"])
        for node in graph.nodes.values()
        if node.label == TASK and node.props.get("area")
    )
    known = [area.value for area in ReformArea if area.value in counts]
    options = ['<option value="">Tất cả lĩnh vực</option>']
    for value in known + sorted(set(counts) - set(known)):
        name = AREA_LABELS_VI[ReformArea(value)] if value in known else value
        options.append(f'<option value="{html.escape(value)}">{html.escape(name)} ({counts[value]})</option>')
    return "".join(options)


def _status_html(
    selection: Selection, focus: str | None, depth: int, province: str | None, full: PropertyGraph
) -> str:
    graph = selection.graph
    parts = [
        f'<p id="stats">Hiển thị <span id="shown-nodes">{len(graph.nodes)}</span> / {len(graph.nodes)} nút, '
        f'<span id="shown-edges">{len(graph.edges)}</span> / {len(graph.edges)} cạnh '
        f"(toàn đồ thị: {len(full.nodes)} nút).</p>"
    ]
    if selection.edges_matched >= 0:
        parts.append(
            f'<p class="warning" role="status">Chỉ vẽ {len(graph.edges)} trong {selection.edges_matched} '
            "cạnh giữa các nút này (mọi nút vẫn nối với nhóm của nó); chọn tâm hoặc tỉnh để xem đủ.</p>"
        )
    scope = []
    if province:
        scope.append(f"Tỉnh: {province}")
    if focus is not None:
        names = ", ".join(node_label(graph.nodes[k]) for k in selection.focus if k in graph.nodes)
        scope.append(f"Tâm: {names or focus} (bán kính {max(depth, 0)} bước)")
    if scope:
        parts.append(f'<p class="scope">{html.escape("; ".join(scope))}</p>')
    if selection.truncated:
        parts.append(
            f'<p class="warning" role="status">Đồ thị đã được cắt bớt: giữ {len(graph.nodes)} nút có bậc cao '
            f"nhất trong {selection.matched} nút phù hợp.</p>"
        )
    return "".join(parts)


def render_html(
    graph: PropertyGraph,
    selection: Selection,
    *,
    title: str = "plankg",
    focus: str | None = None,
    depth: int = 2,
    province: str | None = None,
) -> str:
    """The page for `selection` (a subgraph of `graph`, which sizes are computed on)."""
    js, css = vis_assets()
    slots = {
        "TITLE": html.escape(title),
        "VIS_CSS": css,
        "PAGE_CSS": PAGE_CSS,
        "STATUS": _status_html(selection, focus, depth, province, graph),
        "LEGEND": _legend_html(selection.graph),
        "EDGE_LEGEND": _edge_legend_html(selection.graph),
        "PROVINCES": _province_options(selection.graph),
        "AREAS": _area_options(selection.graph),
        "DATA": json_for_html(_page_data(graph, selection, title)),
        "VIS_JS": js,
        "APP_JS": APP_JS,
    }
    # One pass: text put into a slot is never scanned for further slots.
    return _SLOT_RE.sub(lambda m: slots[m.group(1)], PAGE_TEMPLATE)


def write_viz(
    graph: PropertyGraph,
    out: Path,
    *,
    focus: str | None = None,
    depth: int = 2,
    province: str | None = None,
    max_nodes: int = 5000,
    max_edges: int = MAX_EDGES,
    title: str = "plankg",
) -> VizSummary:
    """Write an interactive, self-contained HTML view of `graph` (or of its focus/province part) to `out`."""
    selection = select_subgraph(
        graph, focus=focus, depth=depth, province=province, max_nodes=max_nodes, max_edges=max_edges
    )
    page = render_html(graph, selection, title=title, focus=focus, depth=depth, province=province)
    out = Path(out)
    atomic_write_text(out, page)
    return VizSummary(
        nodes=len(selection.graph.nodes),
        edges=len(selection.graph.edges),
        truncated=selection.truncated,
        path=out,
        matched=selection.matched,
        edges_matched=selection.edges_matched,
    )


__all__ = [
    "EDGE_STYLES",
    "NODE_STYLES",
    "Selection",
    "VizSummary",
    "render_html",
    "resolve_focus",
    "select_subgraph",
    "write_viz",
]


PAGE_TEMPLATE = """<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="plankg">
<title>@@TITLE@@</title>
<style>@@VIS_CSS@@</style>
<style>@@PAGE_CSS@@</style>
</head>
<body>
<div id="app">
<aside id="sidebar">
<h1>@@TITLE@@</h1>
@@STATUS@@
<section>
<label class="heading" for="search">Tìm kiếm</label>
<input id="search" type="search" placeholder="VD: nghi dinh 107, 107/2020, Sở Nội vụ" autocomplete="off">
<ul id="results" aria-live="polite"></ul>
</section>
<section>
<h2>Lọc theo loại</h2>
@@LEGEND@@
<div class="buttons"><button type="button" id="types-all">Chọn tất cả</button>
<button type="button" id="types-none">Bỏ chọn</button></div>
</section>
<section>
<label class="heading" for="province">Tỉnh</label>
<select id="province">@@PROVINCES@@</select>
<label class="heading" for="area">Lĩnh vực</label>
<select id="area">@@AREAS@@</select>
</section>
<div class="buttons">
<button type="button" id="reset">Đặt lại bộ lọc</button>
<button type="button" id="fit">Xem toàn bộ</button>
<button type="button" id="physics">Bật bố trí tự động</button>
</div>
<section>
<h2>Loại quan hệ</h2>
@@EDGE_LEGEND@@
</section>
<section id="details">
<h2>Chi tiết</h2>
<div id="details-body"><p class="hint">Nhấp vào một nút hoặc cạnh để xem chi tiết.</p></div>
</section>
</aside>
<main id="stage">
<div id="network" aria-label="Đồ thị tri thức"></div>
<div id="progress" role="status"><span id="progress-text">Đang bố trí đồ thị… 0%</span>
<button type="button" id="stop">Dừng</button></div>
<div id="tip" hidden></div>
</main>
</div>
<script type="application/json" id="plankg-data">@@DATA@@</script>
<script>@@VIS_JS@@</script>
<script id="plankg-app">@@APP_JS@@</script>
</body>
</html>
"""

PAGE_CSS = """
*{box-sizing:border-box}
html,body{margin:0;height:100%}
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:#222}
#app{display:flex;height:100vh}
#sidebar{width:340px;flex:0 0 340px;overflow-y:auto;padding:10px 14px;border-right:1px solid #ddd;
background:#fafafa}
#sidebar h1{font-size:18px;margin:0 0 6px}
#sidebar h2,.heading{display:block;font-size:13px;font-weight:600;margin:12px 0 4px;text-transform:uppercase;
color:#555}
#stage{position:relative;flex:1;min-width:0}
#network{position:absolute;inset:0}
input[type=search],select{width:100%;padding:6px;font:inherit;border:1px solid #bbb;border-radius:4px}
.buttons{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0}
button{font:inherit;padding:4px 10px;border:1px solid #999;border-radius:4px;background:#fff;cursor:pointer}
button:hover{background:#eef}
.legend{list-style:none;margin:0;padding:0}
.legend li{margin:2px 0}
.legend label{display:flex;align-items:center;gap:6px;cursor:pointer}
.legend .empty{opacity:.45}
.swatch{flex:none;vertical-align:middle}
.count{margin-left:auto;color:#777;font-size:12px}
.edge-legend li{display:flex;align-items:center;gap:6px}
#results{list-style:none;margin:4px 0 0;padding:0;max-height:220px;overflow-y:auto}
#results li{padding:3px 6px;cursor:pointer;border-radius:3px}
#results li:hover,#results li.active{background:#e6ecff}
#results .type{color:#777;font-size:12px;margin-left:4px}
#results .hidden-node{color:#999}
.warning{background:#fff3cd;border:1px solid #e0c36a;padding:6px;border-radius:4px}
.scope{color:#444}
#tip{position:absolute;z-index:10;max-width:440px;background:#fff;border:1px solid #999;border-radius:4px;
padding:8px 10px;box-shadow:0 2px 10px rgba(0,0,0,.2);pointer-events:none;font-size:12px}
.info-title{font-weight:600;font-size:14px;overflow-wrap:anywhere}
.info-type{color:#666;margin-bottom:4px}
.quote{margin:6px 0;padding:4px 8px;border-left:3px solid #9467bd;background:#f5f1fb;white-space:pre-wrap;
overflow-wrap:anywhere}
.source{color:#555;font-size:12px}
.info dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 8px;margin:6px 0 0}
.info dt{color:#666}
.info dd{margin:0;overflow-wrap:anywhere;white-space:pre-wrap}
.neighbours{list-style:none;padding:0;margin:4px 0}
.neighbours li{cursor:pointer;color:#1a4fb0;padding:1px 0}
.neighbours li:hover{text-decoration:underline}
#progress{position:absolute;left:50%;top:12px;transform:translateX(-50%);background:rgba(255,255,255,.95);
border:1px solid #bbb;border-radius:4px;padding:6px 10px;z-index:5;display:flex;gap:10px;align-items:center}
#progress.done{display:none}
@media (max-width:800px){
#app{flex-direction:column;height:auto}
#sidebar{width:100%;flex:none;max-height:45vh;border-right:0;border-bottom:1px solid #ddd}
#stage{height:70vh;flex:none}
}
"""

# The page's own script. Pure helpers live on `PlankgViz` (tests run them under node); the DOM part
# only runs in a browser. Every document string is set through textContent, never innerHTML.
APP_JS = r"""
(function (root) {
  "use strict";
  const P = {};
  const MARKS = /\p{M}/gu;

  P.fold = function (text) {
    return String(text == null ? "" : text)
      .replace(/đ/g, "d").replace(/Đ/g, "D")
      .normalize("NFD").replace(MARKS, "").toLowerCase();
  };
  P.tokens = function (query) {
    return P.fold(query).split(/\s+/).filter((t) => t.length > 0);
  };
  P.buildIndex = function (nodes) {
    return nodes.map((n) => ({
      id: n.id,
      label: P.fold(n.label),
      hay: P.fold(n.label + " " + (n.search || "")),
      weight: n.size || 0,
    }));
  };
  // Node ids whose folded text contains every folded query token, best first.
  P.search = function (index, query, limit) {
    const tokens = P.tokens(query);
    if (!tokens.length) return [];
    const whole = tokens.join(" ");
    const hits = [];
    for (const entry of index) {
      if (!tokens.every((t) => entry.hay.includes(t))) continue;
      const at = entry.label.indexOf(whole);
      // exact label, label prefix, label contains the query, then by share of tokens in the label
      const inLabel = tokens.filter((t) => entry.label.includes(t)).length / tokens.length;
      const rank = entry.label === whole ? 0 : at === 0 ? 1 : at > 0 ? 2 : 4 - inLabel;
      hits.push({ id: entry.id, rank: rank, weight: entry.weight });
    }
    hits.sort((a, b) => a.rank - b.rank || b.weight - a.weight || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return hits.slice(0, limit || 20).map((h) => h.id);
  };
  P.adjacency = function (nodes, edges) {
    const adj = new Map();
    for (const n of nodes) adj.set(n.id, []);
    for (const e of edges) {
      if (adj.has(e.from) && adj.has(e.to)) {
        adj.get(e.from).push(e.to);
        adj.get(e.to).push(e.from);
      }
    }
    return adj;
  };
  // Visible node ids for the filter state {types: {label: bool}, province: key|"", area: value|""}.
  // Province: nodes of that province plus their province-less neighbours (as select_subgraph does).
  // Area: tasks of that area plus their neighbours.
  P.visible = function (nodes, adj, state) {
    const byId = new Map(nodes.map((n) => [n.id, n]));
    let inProvince = null;
    if (state.province) {
      const core = nodes.filter((n) => n.prov === state.province).map((n) => n.id);
      inProvince = new Set(core);
      for (const id of core) for (const m of adj.get(id)) if (!byId.get(m).prov) inProvince.add(m);
    }
    let inArea = null;
    if (state.area) {
      inArea = new Set();
      for (const n of nodes) {
        if (n.group === "Task" && n.area === state.area) {
          inArea.add(n.id);
          for (const m of adj.get(n.id)) inArea.add(m);
        }
      }
    }
    const shown = new Set();
    for (const n of nodes) {
      if (state.types && state.types[n.group] === false) continue;
      if (inProvince && !inProvince.has(n.id)) continue;
      if (inArea && !inArea.has(n.id)) continue;
      shown.add(n.id);
    }
    return shown;
  };
  root.PlankgViz = P;
  if (typeof document === "undefined") return;

  P.timing = { start: performance.now() };  // read by bench/viz_bench.py
  const data = JSON.parse(document.getElementById("plankg-data").textContent);
  P.timing.parsed = performance.now();
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const adj = P.adjacency(data.nodes, data.edges);
  let index = null;  // built on the first search: folding 10,000 labels costs ~0.2 s at load
  const $ = (id) => document.getElementById(id);
  const stage = $("stage");
  const tip = $("tip");

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = String(text);
    return node;
  }
  function clip(text, n) {
    text = String(text);
    return text.length > n ? text.slice(0, n - 1) + "…" : text;
  }
  function styleOf(group) {
    return data.styles[group] || { vi: group, en: group, color: "#7f7f7f", shape: "dot" };
  }
  function edgeStyleOf(type) {
    return data.edgeStyles[type] || { vi: type, color: "#bbbbbb", width: 1, dashes: false };
  }
  function fmt(key, value) {
    if (key === "area" && data.areaNames[value]) return data.areaNames[value];
    if (Array.isArray(value)) return value.join("; ");
    if (value === true) return "có";
    if (value === false) return "không";
    return String(value);
  }
  const SOURCE_KEYS = new Set(["quote", "source_document", "source_line", "source_start", "source_end"]);
  function orderedKeys(props) {
    const keys = Object.keys(props).filter((k) => !SOURCE_KEYS.has(k));
    const rank = (k) => { const i = data.fieldOrder.indexOf(k); return i < 0 ? 999 : i; };
    return keys.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
  }
  // An info box (tooltip or details panel) built from DOM nodes; `full` shows every property uncut.
  function infoBox(head, kind, props, stats, full) {
    const box = el("div", "info");
    box.appendChild(el("div", "info-title", head));
    box.appendChild(el("div", "info-type", kind));
    props = props || {};
    if (props.quote) box.appendChild(el("blockquote", "quote", full ? props.quote : clip(props.quote, 400)));
    if (props.source_document) {
      const line = props.source_line ? ", dòng " + props.source_line : "";
      box.appendChild(el("div", "source", "Nguồn: " + props.source_document + line));
    }
    const dl = el("dl");
    let shown = 0;
    const rows = orderedKeys(props).map((k) => [k, props[k]]);
    for (const k of Object.keys(stats || {})) rows.push([k, stats[k]]);
    if (full) for (const k of ["source_start", "source_end"]) if (k in props) rows.push([k, props[k]]);
    for (const [key, value] of rows) {
      if (!full && shown >= 8) break;
      dl.appendChild(el("dt", null, data.fieldNames[key] || key));
      dl.appendChild(el("dd", null, full ? fmt(key, value) : clip(fmt(key, value), 160)));
      shown += 1;
    }
    if (shown) box.appendChild(dl);
    return box;
  }
  function nodeInfo(id, full) {
    const n = byId.get(id);
    const style = styleOf(n.group);
    return infoBox(n.label, style.vi + " · " + style.en, n.props, n.stats, full);
  }
  function edgeInfo(id, full) {
    const e = data.edges[Number(String(id).slice(1))];
    const from = byId.get(e.from), to = byId.get(e.to);
    const head = edgeStyleOf(e.type).vi + " (" + e.type + ")";
    return infoBox(head, from.label + " → " + to.label, e.props, null, full);
  }

  // ---- network
  // Node styles as vis groups: options are parsed once per type, not once per node.
  data.options.groups = {};
  for (const group of Object.keys(data.styles)) {
    const s = data.styles[group];
    data.options.groups[group] = {
      shape: s.shape,
      color: { background: s.color, border: "#333333",
               highlight: { background: s.color, border: "#000000" },
               hover: { background: s.color, border: "#000000" } },
    };
  }
  function visNode(n) {
    const item = { id: n.id, label: n.label, group: n.group, size: n.size };
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
    return item;
  }
  // Large pages draw solid edges: canvas dashes cost time in proportion to their length.
  function visEdge(e, i) {
    const s = edgeStyleOf(e.type);
    return { id: "e" + i, from: e.from, to: e.to, width: s.width, dashes: s.dashes && !data.large,
             color: { color: s.color, highlight: "#000000", hover: "#000000", opacity: 0.85 } };
  }
  const nodes = new vis.DataSet(data.nodes.map(visNode));
  const edges = new vis.DataSet(data.edges.map(visEdge));
  P.timing.datasets = performance.now();
  const network = new vis.Network($("network"), { nodes: nodes, edges: edges }, data.options);
  P.timing.network = performance.now();
  let physicsOn = data.options.physics.enabled;
  const progress = $("progress");
  P.network = network;
  function physicsDone() {
    if (P.timing.stabilized === undefined) P.timing.stabilized = performance.now();
    if (physicsOn) network.setOptions({ physics: false });  // costly on large graphs: only when on
    physicsOn = false;
    progress.classList.add("done");
    $("physics").textContent = "Bật bố trí tự động";
  }
  network.on("stabilizationProgress", (p) => {
    const percent = Math.round((100 * p.iterations) / p.total);
    $("progress-text").textContent = "Đang bố trí đồ thị… " + percent + "%";
  });
  network.once("stabilizationIterationsDone", physicsDone);
  network.once("stabilized", () => { if (physicsOn) physicsDone(); });
  if (!data.nodes.length) progress.classList.add("done");
  if (!physicsOn) physicsDone();  // large pages: positions came with the page
  $("stop").addEventListener("click", () => { network.stopSimulation(); physicsDone(); });
  $("physics").addEventListener("click", () => {
    physicsOn = !physicsOn;
    network.setOptions({ physics: { enabled: physicsOn, stabilization: { enabled: false } } });
    $("physics").textContent = physicsOn ? "Tắt bố trí tự động" : "Bật bố trí tự động";
  });
  $("fit").addEventListener("click", () => network.fit({ animation: { duration: 400 } }));

  // ---- tooltip (our own: vis `title` is not used)
  let mouse = { x: 0, y: 0 };
  function placeTip() {
    const x = Math.max(4, Math.min(mouse.x + 14, stage.clientWidth - tip.offsetWidth - 4));
    const y = Math.max(4, Math.min(mouse.y + 14, stage.clientHeight - tip.offsetHeight - 4));
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  stage.addEventListener("mousemove", (ev) => {
    const r = stage.getBoundingClientRect();
    mouse = { x: ev.clientX - r.left, y: ev.clientY - r.top };
    if (!tip.hidden) placeTip();
  });
  function showTip(box) {
    tip.replaceChildren(box);
    tip.hidden = false;
    placeTip();
  }
  function hideTip() { tip.hidden = true; }
  network.on("hoverNode", (p) => showTip(nodeInfo(p.node, false)));
  network.on("hoverEdge", (p) => showTip(edgeInfo(p.edge, false)));
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);

  // ---- details panel
  const details = $("details-body");
  function showNode(id) {
    const box = nodeInfo(id, true);
    const neighbours = Array.from(new Set(adj.get(id)));
    if (neighbours.length) {
      box.appendChild(el("div", "heading", "Liên kết (" + neighbours.length + ")"));
      const list = el("ul", "neighbours");
      for (const m of neighbours.slice(0, 100)) {
        const item = el("li", null, byId.get(m).label + " · " + styleOf(byId.get(m).group).vi);
        item.addEventListener("click", () => focusNode(m));
        list.appendChild(item);
      }
      box.appendChild(list);
    }
    details.replaceChildren(box);
  }
  network.on("click", (p) => {
    if (p.nodes.length) showNode(p.nodes[0]);
    else if (p.edges.length) details.replaceChildren(edgeInfo(p.edges[0], true));
  });
  function focusNode(id) {
    if (nodes.get(id).hidden) {
      resetFilters();
    }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 500 } });
    showNode(id);
  }

  // ---- filters
  const typeBoxes = Array.from(document.querySelectorAll("input.type-filter"));
  function state() {
    const types = {};
    for (const box of typeBoxes) types[box.value] = box.checked;
    return { types: types, province: $("province").value, area: $("area").value };
  }
  function applyFilters() {
    const shown = P.visible(data.nodes, adj, state());
    const nodeUpdates = [];
    for (const n of data.nodes) {
      const hidden = !shown.has(n.id);
      if (Boolean(nodes.get(n.id).hidden) !== hidden) nodeUpdates.push({ id: n.id, hidden: hidden });
    }
    const edgeUpdates = [];
    let edgeCount = 0;
    data.edges.forEach((e, i) => {
      const hidden = !(shown.has(e.from) && shown.has(e.to));
      if (!hidden) edgeCount += 1;
      if (Boolean(edges.get("e" + i).hidden) !== hidden) edgeUpdates.push({ id: "e" + i, hidden: hidden });
    });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    $("shown-nodes").textContent = String(shown.size);
    $("shown-edges").textContent = String(edgeCount);
  }
  function resetFilters() {
    for (const box of typeBoxes) box.checked = true;
    $("province").value = "";
    $("area").value = "";
    applyFilters();
  }
  for (const box of typeBoxes) box.addEventListener("change", applyFilters);
  $("province").addEventListener("change", applyFilters);
  $("area").addEventListener("change", applyFilters);
  $("reset").addEventListener("click", resetFilters);
  function checkAll(checked) {
    for (const box of typeBoxes) box.checked = checked;
    applyFilters();
  }
  $("types-all").addEventListener("click", () => checkAll(true));
  $("types-none").addEventListener("click", () => checkAll(false));

  // ---- search
  const results = $("results");
  let found = [];
  let timer = null;
  function runSearch() {
    if (index === null) index = P.buildIndex(data.nodes);
    found = P.search(index, $("search").value, 30);
    const items = found.map((id) => {
      const n = byId.get(id);
      const item = el("li", nodes.get(id).hidden ? "hidden-node" : null, n.label);
      item.appendChild(el("span", "type", styleOf(n.group).vi));
      item.addEventListener("click", () => focusNode(id));
      return item;
    });
    if (!items.length && $("search").value.trim()) items.push(el("li", "hint", "Không tìm thấy."));
    results.replaceChildren(...items);
  }
  $("search").addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(runSearch, 150); });
  $("search").addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") {
      runSearch();
      if (found.length) focusNode(found[0]);
    }
  });
})(typeof globalThis !== "undefined" ? globalThis : this);
"""
