"""The HTML view: subgraph selection, escaping, offline assets, legend, and the page's own JS helpers."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from plankg.errors import InputError
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
    SERVES,
    TARGET,
    TARGET_OF,
    TASK,
    PropertyGraph,
)
from plankg.graph.viz import (
    LARGE_GRAPH,
    NODE_STYLES,
    containment_parents,
    json_for_html,
    node_weights,
    resolve_focus,
    select_subgraph,
    vis_options,
    write_viz,
)

SCRIPT = "<script>alert(1)</script>"
UL = '<ul style="x">'
L107 = "legal:107/2020/NĐ-CP"
L61 = "legal:61/2018/NĐ-CP"
TH_SNV = "agency:thanh-hoa/so-noi-vu"
HG_SNV = "agency:hau-giang/so-noi-vu"


def small_graph() -> PropertyGraph:
    """Two provinces, two decrees; task th/1 carries HTML and a script in its text and quote."""
    g = PropertyGraph()
    g.add_node("province:thanh-hoa", PROVINCE, id="thanh-hoa", name="Thanh Hóa")
    g.add_node("province:hau-giang", PROVINCE, id="hau-giang", name="Hậu Giang")
    g.add_node("area:procedures", REFORM_AREA, id="procedures", name="Cải cách thủ tục hành chính")
    g.add_node("area:digital_government", REFORM_AREA, id="digital_government", name="Chính quyền số")
    g.add_node("doc:th", PLAN_DOCUMENT, id="th", number="5476/QĐ-UBND", province="Thanh Hóa")
    g.add_node("doc:hg", PLAN_DOCUMENT, id="hg", number="12/KH-UBND", province="Hậu Giang")
    g.add_node(L107, LEGAL_DOCUMENT, id="107/2020/NĐ-CP", type_code="NĐ", year=2020)
    g.add_node(L61, LEGAL_DOCUMENT, id="61/2018/NĐ-CP", doc_type="Nghị định", year=2018)
    g.add_node(
        "task:th/1",
        TASK,
        id="th/1",
        number="1",
        text=f"Rà soát thủ tục {SCRIPT} {UL}<li>một cửa</li></ul>",
        area="procedures",
        province="Thanh Hóa",
        quote=f"1. Rà soát {SCRIPT} {UL}",
        source_document="th",
        source_line=42,
    )
    g.add_node(
        "task:th/2",
        TASK,
        id="th/2",
        number="2",
        text="Số hóa hồ sơ",
        area="digital_government",
        province="Thanh Hoá",
    )
    g.add_node(
        "task:hg/1", TASK, id="hg/1", number="1", text="Một cửa", area="procedures", province="Hậu Giang"
    )
    g.add_node("activity:th/1/1", ACTIVITY, id="th/1/activity-1", text="Công bố danh mục")
    g.add_node("product:th/1/1", PRODUCT, id="th/1/product-1", text="Quyết định công bố")
    g.add_node(TH_SNV, AGENCY, id="thanh-hoa/so-noi-vu", name="Sở Nội vụ", province="Thanh Hóa")
    g.add_node(HG_SNV, AGENCY, id="hau-giang/so-noi-vu", name="Sở Nội vụ", province="Hậu Giang")
    g.add_node("agency:bo-noi-vu", AGENCY, id="bo-noi-vu", name="Bộ Nội vụ")
    g.add_node(
        "agency:thanh-hoa/cac-so",
        AGENCY_GROUP,
        id="thanh-hoa/cac-so",
        name="Các sở, ngành",
        province="Thanh Hóa",
        collective=True,
    )
    g.add_node("target:th/1", TARGET, id="th/1", text="100% hồ sơ trực tuyến", province="Thanh Hóa")

    g.add_edge("doc:th", IN_PROVINCE, "province:thanh-hoa")
    g.add_edge("doc:hg", IN_PROVINCE, "province:hau-giang")
    g.add_edge("doc:th", CITES, L107, quote=f"Nghị định 107/2020/NĐ-CP {SCRIPT}", source_line=3)
    g.add_edge("doc:hg", CITES, L107)
    g.add_edge("doc:hg", CITES, L61)
    for task, doc in (("task:th/1", "doc:th"), ("task:th/2", "doc:th"), ("task:hg/1", "doc:hg")):
        g.add_edge(task, PART_OF, doc)
    g.add_edge("task:th/1", DEPENDS_ON, L107)
    g.add_edge("task:hg/1", DEPENDS_ON, L61)
    g.add_edge("task:th/1", IN_AREA, "area:procedures")
    g.add_edge("task:th/2", IN_AREA, "area:digital_government")
    g.add_edge("task:hg/1", IN_AREA, "area:procedures")
    g.add_edge("task:th/1", HAS_ACTIVITY, "activity:th/1/1")
    g.add_edge("task:th/1", HAS_PRODUCT, "product:th/1/1")
    g.add_edge("target:th/1", TARGET_OF, "doc:th")
    g.add_edge("task:th/2", SERVES, "target:th/1")
    g.add_edge(TH_SNV, LEADS, "task:th/1")
    g.add_edge(TH_SNV, LEADS, "task:th/2")
    g.add_edge("agency:thanh-hoa/cac-so", COOPERATES_ON, "task:th/1")
    g.add_edge("agency:bo-noi-vu", COOPERATES_ON, "task:th/2")
    g.add_edge(HG_SNV, LEADS, "task:hg/1")
    g.add_edge(TH_SNV, IN_PROVINCE, "province:thanh-hoa")
    g.add_edge(HG_SNV, IN_PROVINCE, "province:hau-giang")
    g.add_edge("agency:thanh-hoa/cac-so", IN_PROVINCE, "province:thanh-hoa")
    g.add_edge("task:th/1", DEPENDS_ON, "legal:missing")  # dangling: dropped from the view
    return g


THANH_HOA = {
    # province "Thanh Hóa" (either spelling) …
    "doc:th",
    "task:th/1",
    "task:th/2",
    TH_SNV,
    "agency:thanh-hoa/cac-so",
    "target:th/1",
    # … plus neighbours without a province of their own
    "province:thanh-hoa",
    L107,
    "area:procedures",
    "area:digital_government",
    "activity:th/1/1",
    "product:th/1/1",
    "agency:bo-noi-vu",
}


def page_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="plankg-data">(.*?)</script>', page, re.DOTALL)
    assert match
    return json.loads(match.group(1))


@pytest.fixture
def page(tmp_path: Path) -> str:
    summary = write_viz(small_graph(), tmp_path / "out" / "graph.html", title="Kế hoạch <b>CCHC</b>")
    assert summary.path.exists()
    return summary.path.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------- selection

SELECTIONS = [
    # (focus, depth, province, expected keys)
    (None, 2, "Thanh Hóa", THANH_HOA),
    (None, 2, "thanh-hoa", THANH_HOA),
    (None, 2, "tinh thanh hoa", THANH_HOA),
    ("107/2020/NĐ-CP", 0, None, {L107}),
    ("107/2020/NĐ-CP", 1, None, {L107, "doc:th", "doc:hg", "task:th/1"}),
    ("107/2020/ND-CP", 1, None, {L107, "doc:th", "doc:hg", "task:th/1"}),
    (L107, 1, None, {L107, "doc:th", "doc:hg", "task:th/1"}),
    ("Sở Nội vụ", 0, None, {TH_SNV, HG_SNV}),
    ("so noi vu", 1, "Hậu Giang", {HG_SNV, "task:hg/1", "province:hau-giang"}),
    (
        "task:th/1",
        1,
        None,
        {
            "task:th/1",
            "doc:th",
            L107,
            "area:procedures",
            "activity:th/1/1",
            "product:th/1/1",
            TH_SNV,
            "agency:thanh-hoa/cac-so",
        },
    ),
    ("107/2020/NĐ-CP", 1, "Hậu Giang", {L107, "doc:hg"}),
]


@pytest.mark.parametrize(("focus", "depth", "province", "expected"), SELECTIONS)
def test_select_subgraph(focus: str | None, depth: int, province: str | None, expected: set[str]) -> None:
    graph = small_graph()
    selection = select_subgraph(graph, focus=focus, depth=depth, province=province)
    assert set(selection.graph.nodes) == expected
    assert not selection.truncated
    for edge in selection.graph.edges:
        assert edge.source in expected and edge.target in expected
    # every original edge between kept nodes is kept
    inner = [e for e in graph.edges if e.source in expected and e.target in expected]
    assert selection.graph.edges == inner


def test_resolve_focus_order() -> None:
    graph = small_graph()
    assert resolve_focus(graph, "doc:th") == ("doc:th",)
    assert resolve_focus(graph, "61/2018/NĐ-CP") == (L61,)  # via legal:<id>
    assert resolve_focus(graph, "5476/QĐ-UBND") == ("doc:th",)  # via the number prop
    assert resolve_focus(graph, "  SỞ NỘI VỤ ") == (HG_SNV, TH_SNV)  # folded, all matches
    with pytest.raises(InputError, match="no node matches"):
        resolve_focus(graph, "999/2099/NĐ-CP")


def test_unknown_province_and_bad_max_nodes() -> None:
    with pytest.raises(InputError, match="Thanh Hóa"):
        select_subgraph(small_graph(), province="Atlantis")
    with pytest.raises(InputError):
        select_subgraph(small_graph(), max_nodes=0)


def test_truncation_keeps_highest_degree() -> None:
    selection = select_subgraph(small_graph(), max_nodes=3)
    assert selection.truncated
    assert selection.matched == len(small_graph().nodes)
    # degrees: task:th/1 7; doc:th 5 and task:th/2 5 (ties broken by key)
    assert set(selection.graph.nodes) == {"task:th/1", "doc:th", "task:th/2"}


def test_truncation_keeps_the_focus() -> None:
    selection = select_subgraph(small_graph(), focus="area:digital_government", depth=2, max_nodes=2)
    assert selection.truncated
    assert selection.focus == ("area:digital_government",)
    assert set(selection.graph.nodes) == {"area:digital_government", "task:th/2"}


def test_write_viz_summary(tmp_path: Path) -> None:
    summary = write_viz(small_graph(), tmp_path / "v.html", focus="Sở Nội vụ", depth=1, max_nodes=4)
    assert (summary.nodes, summary.truncated, summary.matched) == (4, True, 7)
    assert summary.edges == len(page_data(summary.path.read_text(encoding="utf-8"))["edges"])
    assert "Đồ thị đã được cắt bớt" in summary.path.read_text(encoding="utf-8")


def _components(nodes: set[str], edges: list[tuple[str, str]]) -> list[set[str]]:
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from(edges)
    return sorted((set(c) for c in nx.connected_components(g)), key=lambda c: sorted(c))


def test_edge_budget_keeps_a_spanning_forest_then_fills_in_order() -> None:
    graph = small_graph()
    full = select_subgraph(graph)
    pairs = [(e.source, e.target) for e in full.graph.edges]
    nodes = set(full.graph.nodes)
    forest = len(nodes) - len(_components(nodes, pairs))
    assert len(pairs) > forest + 1  # the small graph has cycles, so there is something to drop
    for budget in (forest, forest + 1):
        kept = select_subgraph(graph, max_edges=budget)
        kept_pairs = [(e.source, e.target) for e in kept.graph.edges]
        assert len(kept_pairs) == budget and kept.edges_matched == len(pairs)
        assert set(kept.graph.nodes) == nodes  # nodes are never dropped for edges
        assert _components(nodes, kept_pairs) == _components(nodes, pairs)  # connectivity kept
        assert [p for p in pairs if p in kept_pairs] == kept_pairs  # graph order kept
    assert select_subgraph(graph, max_edges=len(pairs)).edges_matched == -1
    with pytest.raises(InputError):
        select_subgraph(graph, max_edges=-1)


def test_edge_budget_is_said_on_the_page(tmp_path: Path) -> None:
    summary = write_viz(small_graph(), tmp_path / "v.html", max_edges=5)
    page = summary.path.read_text(encoding="utf-8")
    assert summary.edges == 5 == len(page_data(page)["edges"]) and summary.edges_matched > 5
    assert f"Chỉ vẽ 5 trong {summary.edges_matched} cạnh" in page


# ---------------------------------------------------------------------------------------------- page


def test_page_is_offline(page: str) -> None:
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.IGNORECASE)
    assert not re.search(r"<link\b", page, re.IGNORECASE)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, re.IGNORECASE)
    assert not re.search(r"@import|url\(\s*[\"']?(https?:)?//", page, re.IGNORECASE)
    assert "vis.Network" in page and "vis-network" in page  # the library itself is inlined
    assert '<html lang="vi">' in page and '<meta charset="utf-8">' in page


def test_document_text_is_escaped(page: str) -> None:
    assert SCRIPT not in page
    assert UL not in page
    assert "alert(1)</" not in page
    assert "<li>một cửa" not in page
    assert "Kế hoạch <b>CCHC</b>" not in page
    assert "<title>Kế hoạch &lt;b&gt;CCHC&lt;/b&gt;</title>" in page
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in page
    # the only </script> closers are our three script elements
    assert page.lower().count("</script") == 3
    # and the JSON still carries the exact text
    data = page_data(page)
    task = next(n for n in data["nodes"] if n["id"] == "task:th/1")
    assert task["props"]["quote"] == f"1. Rà soát {SCRIPT} {UL}"
    assert (task["props"]["source_document"], task["props"]["source_line"]) == ("th", 42)
    cites = next(e for e in data["edges"] if e["type"] == CITES and e["from"] == "doc:th")
    assert cites["props"]["quote"].endswith(SCRIPT)


def test_json_for_html_round_trips() -> None:
    value = {"q": '</script><!-- & \u2028 <ul style="x">'}
    text = json_for_html(value)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == value


def test_legend_lists_every_label(page: str) -> None:
    legend = re.search(r'<ul id="legend".*?</ul>', page, re.DOTALL)
    assert legend
    item_re = r'<li class="legend-item[^"]*" title="([^"]*)">.*?legend-name">([^<]*)<.*?"count">(\d+)<'
    items = re.findall(item_re, legend.group(0))
    by_label = {title.split(" (")[1].rstrip(")"): (name, int(count)) for title, name, count in items}
    assert set(by_label) == set(NODE_STYLES)
    for label, style in NODE_STYLES.items():
        assert by_label[label][0] == style.vi
        assert f'title="{style.en} ({label})"' in legend.group(0)
    assert by_label[TASK][1] == 3 and by_label[AGENCY][1] == 3 and by_label[PROVINCE][1] == 2
    assert 'value="Task" checked' in legend.group(0)  # the legend doubles as the type filter


def test_filters_and_ui_text(page: str) -> None:
    for text in ("Tìm kiếm", "Lọc theo loại", "Tỉnh", "Lĩnh vực"):
        assert text in page
    assert '<option value="thanh-hoa">Thanh Hóa (6)</option>' in page  # both spellings merged
    assert '<option value="hau-giang">Hậu Giang (3)</option>' in page
    assert '<option value="procedures">Cải cách thủ tục hành chính (2)</option>' in page


def test_labels_and_sizes(page: str) -> None:
    nodes = {n["id"]: n for n in page_data(page)["nodes"]}
    assert nodes[L107]["label"] == "107/2020/NĐ-CP"
    assert nodes[TH_SNV]["label"] == "Sở Nội vụ"
    assert nodes["task:th/2"]["label"] == "2. Số hóa hồ sơ"
    assert "legal:missing" not in nodes
    assert nodes[TH_SNV]["stats"] == {"load": 2.0, "lead": 2, "cooperate": 0}
    assert nodes["agency:thanh-hoa/cac-so"]["stats"]["load"] == 0.5
    assert nodes[L107]["stats"] == {"citations": 3}  # two CITES + one DEPENDS_ON
    group_size = nodes["agency:thanh-hoa/cac-so"]["size"]
    assert nodes[TH_SNV]["size"] > group_size == nodes["agency:bo-noi-vu"]["size"]
    assert nodes[L107]["size"] > nodes[L61]["size"]


def test_weights_use_the_whole_graph(tmp_path: Path) -> None:
    summary = write_viz(small_graph(), tmp_path / "v.html", focus=TH_SNV, depth=0)
    node = page_data(summary.path.read_text(encoding="utf-8"))["nodes"][0]
    assert node["stats"]["load"] == node_weights(small_graph())[TH_SNV]["load"] == 2.0


def test_physics_by_size() -> None:
    small, large = vis_options(50), vis_options(LARGE_GRAPH + 1)
    assert small["layout"]["improvedLayout"] and not large["layout"]["improvedLayout"]
    assert large["edges"]["smooth"] is False
    assert small["physics"]["enabled"] and not large["physics"]["enabled"]  # large pages bring positions


# ---------------------------------------------------------------------------------------------- page JS

NODE_SCRIPT = r"""
const fs = require("fs");
const page = fs.readFileSync(process.argv[process.argv.length - 1], "utf8");
const app = page.match(/<script id="plankg-app">([\s\S]*?)<\/script>/)[1];
const json = page.match(/<script type="application\/json" id="plankg-data">([\s\S]*?)<\/script>/)[1];
const data = JSON.parse(json);
new Function(app)();
const P = globalThis.PlankgViz;
const index = P.buildIndex(data.nodes);
const adj = P.adjacency(data.nodes, data.edges);
const all = {};
const tasks = {};
for (const n of data.nodes) {
  all[n.group] = true;
  tasks[n.group] = n.group === "Task";
}
const out = {
  fold: P.fold("Nghị định Đắk Lắk THÀNH PHỐ"),
  nghi: P.search(index, "nghi dinh 107"),
  slash: P.search(index, "107/2020"),
  upper: P.search(index, "  107/2020/ND-CP "),
  agency: P.search(index, "so noi vu"),
  none: P.search(index, "khong co gi"),
  province: Array.from(P.visible(data.nodes, adj, {types: all, province: "thanh-hoa", area: ""})),
  area: Array.from(P.visible(data.nodes, adj, {types: all, province: "", area: "procedures"})),
  tasksOnly: Array.from(P.visible(data.nodes, adj, {types: tasks, province: "hau-giang", area: ""})),
};
process.stdout.write(JSON.stringify(out));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_page_js_helpers(page: str, tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    result = subprocess.run(
        ["node", "-e", NODE_SCRIPT, str(path)], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["fold"] == "nghi dinh dak lak thanh pho"
    assert out["nghi"][0] == L107
    assert out["slash"] == [L107]
    assert out["upper"] == [L107]
    assert set(out["agency"]) == {TH_SNV, HG_SNV}
    assert out["none"] == []
    assert set(out["province"]) == THANH_HOA  # the page's filter agrees with select_subgraph
    area = {"task:th/1", "task:hg/1"} | {"doc:th", "doc:hg", L107, L61, "area:procedures"}
    area |= {"activity:th/1/1", "product:th/1/1", TH_SNV, HG_SNV, "agency:thanh-hoa/cac-so"}
    assert set(out["area"]) == area
    assert out["tasksOnly"] == ["task:hg/1"]


# A fake DOM and a fake vis: runs the page's wiring (events, tooltip, filters, search) without a browser.
DOM_SCRIPT = r"""
const fs = require("fs");
const page = fs.readFileSync(process.argv[process.argv.length - 1], "utf8");
const app = page.match(/<script id="plankg-app">([\s\S]*?)<\/script>/)[1];
const json = page.match(/<script type="application\/json" id="plankg-data">([\s\S]*?)<\/script>/)[1];
class El {
  constructor(tag, id) {
    this.tag = tag; this.id = id; this.children = []; this.listeners = {}; this.style = {};
    this.hidden = false; this.value = ""; this.checked = true; this._text = "";
    this.classList = { set: new Set(), add: (c) => this.classList.set.add(c) };
    this.clientWidth = 800; this.clientHeight = 600; this.offsetWidth = 100; this.offsetHeight = 50;
  }
  set textContent(v) { this._text = String(v); this.children = []; }
  get textContent() { return this._text + this.children.map((c) => c.textContent).join(" "); }
  set innerHTML(v) { throw new Error("innerHTML used"); }
  addEventListener(type, fn) { (this.listeners[type] = this.listeners[type] || []).push(fn); }
  fire(type, ev) { for (const fn of this.listeners[type] || []) fn(ev || {}); }
  appendChild(c) { this.children.push(c); return c; }
  replaceChildren(...cs) { this.children = cs; this._text = ""; }
  getBoundingClientRect() { return { left: 0, top: 0 }; }
}
const els = {};
const data = JSON.parse(json);
const boxes = Object.keys(data.styles).map((k) => { const b = new El("input"); b.value = k; return b; });
globalThis.document = {
  getElementById: (id) => {
    if (id === "plankg-data") { const e = new El("script", id); e._text = json; return e; }
    return (els[id] = els[id] || new El("div", id));
  },
  createElement: (tag) => new El(tag),
  querySelectorAll: () => boxes,
};
globalThis.setTimeout = (fn) => fn();
globalThis.clearTimeout = () => {};
class DataSet {
  constructor(items) { this.map = new Map(items.map((i) => [i.id, Object.assign({}, i)])); }
  get(id) { return this.map.get(id); }
  update(items) { for (const i of items) Object.assign(this.map.get(i.id), i); }
}
const calls = [];
class Network {
  constructor(c, d, o) { this.h = {}; this.o = o; globalThis.net = this; globalThis.ds = d; }
  on(t, f) { (this.h[t] = this.h[t] || []).push(f); }
  once(t, f) { this.on(t, f); }
  emit(t, p) { for (const f of this.h[t] || []) f(p); }
  setOptions(o) { calls.push(["setOptions", o]); }
  stopSimulation() { calls.push(["stop"]); }
  fit() {} selectNodes(ids) { calls.push(["select", ids]); } focus(id) { calls.push(["focus", id]); }
  getScale() { return 1; }
}
globalThis.vis = { DataSet, Network };
new Function(app)();
const out = {};
net.emit("stabilizationProgress", { iterations: 50, total: 200 });
out.progress = els["progress-text"].textContent;
net.emit("stabilizationIterationsDone", {});
net.emit("stabilized", {});
out.physicsOff = JSON.stringify(calls);
out.progressDone = Array.from(els["progress"].classList.set);
net.emit("hoverNode", { node: "task:th/1" });
out.tipHidden = els["tip"].hidden;
out.tip = els["tip"].textContent;
net.emit("hoverEdge", { edge: "e2" });
out.edgeTip = els["tip"].textContent;
net.emit("blurEdge", {});
out.tipHiddenAfter = els["tip"].hidden;
net.emit("click", { nodes: ["legal:107/2020/NĐ-CP"], edges: [] });
out.details = els["details-body"].textContent;
els["province"].value = "hau-giang";
els["province"].fire("change");
out.shown = els["shown-nodes"].textContent + "/" + els["shown-edges"].textContent;
out.hiddenTask = ds.nodes.get("task:th/1").hidden;
els["search"].value = "nghi dinh 107";
els["search"].fire("input");
out.results = els["results"].textContent;
calls.length = 0;
els["search"].fire("keydown", { key: "Enter" });
out.enter = JSON.stringify(calls);
out.afterReset = els["shown-nodes"].textContent;
els["physics"].fire("click");
out.physicsButton = els["physics"].textContent;
out.timing = globalThis.PlankgViz.timing;
process.stdout.write(JSON.stringify(out));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_page_wiring_with_fake_dom(page: str, tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    result = subprocess.run(
        ["node", "-e", DOM_SCRIPT, str(path)], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["progress"] == "Đang bố trí đồ thị… 25%"
    assert json.loads(out["physicsOff"]) == [["setOptions", {"physics": False}]]  # once, after stabilizing
    assert out["progressDone"] == ["done"]
    assert not out["tipHidden"] and out["tipHiddenAfter"]
    assert SCRIPT in out["tip"] and "Nguồn: th, dòng 42" in out["tip"]  # as text (innerHTML throws)
    assert "Trích dẫn (CITES) 5476/QĐ-UBND → 107/2020/NĐ-CP" in out["edgeTip"]
    assert "Số lần được viện dẫn 3" in out["details"] and "Liên kết (3)" in out["details"]
    assert out["shown"] == "7/8" and out["hiddenTask"] is True  # Hậu Giang filter
    assert out["results"].startswith("107/2020/NĐ-CP")
    assert json.loads(out["enter"])[0] == ["select", [L107]]
    assert out["physicsButton"] == "Tắt bố trí tự động"
    assert out["timing"]["stabilized"] >= out["timing"]["start"]


# ---------------------------------------------------------------------------------------------- scale


def synthetic_graph(
    provinces: int = 10, tasks: int = 150, agencies: int = 30, laws: int = 200
) -> PropertyGraph:
    """A plan-shaped graph: per province a plan, agencies, tasks with an activity and a product each."""
    g = PropertyGraph()
    areas = ["procedures", "institutions", "digital_government", "civil_service"]
    for area in areas:
        g.add_node(f"area:{area}", REFORM_AREA, id=area, name=area)
    for law in range(laws):
        g.add_node(f"legal:{law}/2020/NĐ-CP", LEGAL_DOCUMENT, id=f"{law}/2020/NĐ-CP")
    for p in range(provinces):
        name = f"Tỉnh số {p}"
        g.add_node(f"province:{p}", PROVINCE, name=name)
        doc = g.add_node(f"doc:{p}", PLAN_DOCUMENT, id=str(p), number=f"{p}/KH-UBND", province=name)
        g.add_edge(doc, IN_PROVINCE, f"province:{p}")
        g.add_node(f"target:{p}", TARGET, text="Chỉ tiêu", province=name)
        g.add_edge(f"target:{p}", TARGET_OF, doc)
        for a in range(agencies):
            g.add_node(f"agency:{p}/{a}", AGENCY, name=f"Sở {a}", province=name)
        for t in range(tasks):
            task = g.add_node(
                f"task:{p}/{t}",
                TASK,
                text=f"Nhiệm vụ {t} <b>{SCRIPT}</b>",
                number=str(t),
                province=name,
                area=areas[t % len(areas)],
                quote=f"{t}. {UL}",
            )
            g.add_edge(task, PART_OF, doc)
            g.add_edge(task, IN_AREA, f"area:{areas[t % len(areas)]}")
            g.add_edge(task, DEPENDS_ON, f"legal:{(t * 7 + p) % laws}/2020/NĐ-CP")
            g.add_edge(doc, CITES, f"legal:{(t * 7 + p) % laws}/2020/NĐ-CP")
            g.add_edge(f"agency:{p}/{t % agencies}", LEADS, task)
            g.add_edge(f"agency:{p}/{(t * 3 + 1) % agencies}", COOPERATES_ON, task)
            g.add_node(f"activity:{p}/{t}", ACTIVITY, text="Hoạt động")
            g.add_edge(task, HAS_ACTIVITY, f"activity:{p}/{t}")
            g.add_node(f"product:{p}/{t}", PRODUCT, text="Sản phẩm")
            g.add_edge(task, HAS_PRODUCT, f"product:{p}/{t}")
    return g


def test_five_thousand_nodes(tmp_path: Path) -> None:
    graph = synthetic_graph()
    assert len(graph.nodes) > 5000
    summary = write_viz(graph, tmp_path / "big.html")
    assert summary.truncated and summary.nodes == 5000
    page = summary.path.read_text(encoding="utf-8")
    data = page_data(page)
    assert len(data["nodes"]) == 5000 and len(data["edges"]) == summary.edges
    assert data["options"]["layout"]["improvedLayout"] is False
    assert SCRIPT not in page and UL not in page
    assert data["large"] and not data["options"]["physics"]["enabled"]
    spots = {(n["x"], n["y"]) for n in data["nodes"]}
    assert len(spots) == 5000  # every node placed, no two on the same spot
    assert "stroke-dasharray" not in page.split('id="legend"')[1]  # large pages draw solid edges


# ---------------------------------------------------------------------------------------------- layout


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    return ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5


def test_containment_layout_keeps_parts_together() -> None:
    graph = synthetic_graph(provinces=4, tasks=40, agencies=6, laws=30)
    selection = select_subgraph(graph, max_nodes=10_000)
    parents = containment_parents(selection.graph)
    assert parents["task:2/7"] == "doc:2" and parents["product:2/7"] == "task:2/7"
    assert parents["doc:2"] == "province:2" and parents["target:2"] == "doc:2"
    assert "legal:3/2020/NĐ-CP" not in parents and "area:procedures" not in parents
    adjacency = {key: set() for key in selection.graph.nodes}
    for edge in selection.graph.edges:
        adjacency[edge.source].add(edge.target)
        adjacency[edge.target].add(edge.source)
    positions = containment_layout(adjacency, parents)
    assert set(positions) == set(selection.graph.nodes)
    assert containment_layout(adjacency, parents) == positions  # deterministic
    assert len(set(positions.values())) == len(positions)
    for p in range(4):  # every task is nearer its own plan than any other plan
        for t in range(40):
            own = _distance(positions[f"task:{p}/{t}"], positions[f"doc:{p}"])
            others = [
                _distance(positions[f"task:{p}/{t}"], positions[f"doc:{q}"]) for q in range(4) if q != p
            ]
            assert own < min(others)
            assert _distance(positions[f"product:{p}/{t}"], positions[f"task:{p}/{t}"]) < own


def test_containment_layout_without_containment_and_with_a_loop() -> None:
    ring = {f"n{i}": {f"n{(i + 1) % 50}", f"n{(i - 1) % 50}"} for i in range(50)}
    ring["lonely"] = set()
    positions = containment_layout(ring, {"n1": "n2", "n2": "n3", "n3": "n1"})  # a loop is cut
    assert set(positions) == set(ring)
    assert len(set(positions.values())) == len(positions)
    no_parents = containment_layout(ring, {})  # BFS trees: the ring, and the lonely node apart
    assert set(no_parents) == set(ring) and len(set(no_parents.values())) == len(no_parents)


LARGE_DOM_CHECKS = r"""
const out = {
  calls: calls.slice(),
  progress: Array.from(els["progress"].classList.set),
  settled: globalThis.PlankgViz.timing.stabilized !== undefined,
  placed: ds.nodes.map.size === Array.from(ds.nodes.map.values()).filter((n) => n.x !== undefined).length,
  grouped: Array.from(ds.nodes.map.values()).every((n) => n.group && !n.color),
  dashed: Array.from(ds.edges.map.values()).some((e) => e.dashes),
  groups: Object.keys(net.o.groups).length,
};
els["physics"].fire("click");
out.physicsButton = els["physics"].textContent;
out.after = calls;
process.stdout.write(JSON.stringify(out));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_large_page_opens_with_positions_and_physics_off(tmp_path: Path) -> None:
    summary = write_viz(synthetic_graph(provinces=3, tasks=150, agencies=10, laws=20), tmp_path / "big.html")
    assert summary.nodes > LARGE_GRAPH
    script = DOM_SCRIPT.split("const out = {};")[0] + LARGE_DOM_CHECKS
    result = subprocess.run(
        ["node", "-e", script, str(summary.path)], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["calls"] == [] and out["progress"] == ["done"] and out["settled"]  # settled at once
    assert out["placed"] and out["grouped"] and not out["dashed"]
    assert out["groups"] == len(page_data(summary.path.read_text(encoding="utf-8"))["styles"])
    assert out["physicsButton"] == "Tắt bố trí tự động"  # the button turns the force layout on
    turned_on = {"physics": {"enabled": True, "stabilization": {"enabled": False}}}
    assert out["after"] == [["setOptions", turned_on]]
