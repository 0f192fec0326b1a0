"""HTML view at scale: write a ~10,000-node page and, given a Chromium, time its layout in the browser.

Usage: python bench/viz_bench.py [--nodes N] [--out PATH] [--browser PATH]
Prints the time to build the synthetic graph and to write the page, and the page size. If a Chromium
binary is found (/usr/bin/chromium, or --browser), opens a copy of the page headless and prints the
in-page time from script start to `stabilizationIterationsDone` (read from `PlankgViz.timing`), plus the
wall-clock time of the whole browser run. Headless Chromium runs with a virtual-time budget, so the
in-page figure can understate real time; the wall-clock figure is an upper bound.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

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
from plankg.graph.viz import write_viz
from plankg.models import AREA_LABELS_VI, ReformArea

BROWSERS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
PROBE = """<script>
(function poll() {
  const t = window.PlankgViz && window.PlankgViz.timing;
  if (t && t.stabilized !== undefined) {
    const pre = document.createElement("pre");
    pre.id = "bench-result";
    pre.textContent = JSON.stringify(t);
    document.body.appendChild(pre);
  } else {
    setTimeout(poll, 50);
  }
})();
</script>
"""


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


def browser_timing(page: Path, browser: str, budget_ms: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / "probe.html"
        head, body_end, tail = page.read_text(encoding="utf-8").rpartition("</body>")
        probe.write_text(head + PROBE + body_end + tail, encoding="utf-8")
        command = [
            browser,
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            f"--user-data-dir={tmp}/profile",
            f"--virtual-time-budget={budget_ms}",
            "--dump-dom",
            probe.as_uri(),
        ]
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=900)
        wall = time.perf_counter() - started
    match = re.search(r'<pre id="bench-result">(.*?)</pre>', result.stdout)
    if not match:
        print(f"browser: no stabilization within the budget ({wall:.1f} s wall clock)")
        print(result.stderr[-2000:])
        return
    timing = json.loads(match.group(1).replace("&quot;", '"'))
    print(
        f"browser: stabilizationIterationsDone after {(timing['stabilized'] - timing['start']) / 1000:.2f} s"
    )
    print(f"browser: whole headless run {wall:.1f} s wall clock")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--nodes", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=None, help="page to write (default: a temporary file)")
    parser.add_argument("--browser", default=None, help="Chromium binary (default: /usr/bin/chromium)")
    parser.add_argument("--budget", type=int, default=300_000, help="virtual-time budget in ms")
    args = parser.parse_args()

    started = time.perf_counter()
    graph = synthetic_graph(args.nodes)
    built = time.perf_counter() - started
    print(f"graph: {len(graph.nodes)} nodes, {len(graph.edges)} edges, built in {built:.2f} s")

    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp) / "viz.html"
        started = time.perf_counter()
        summary = write_viz(graph, out, max_nodes=max(args.nodes, len(graph.nodes)), title="plankg bench")
        written = time.perf_counter() - started
        size = out.stat().st_size / 1e6
        print(
            f"page: {summary.nodes} nodes, {summary.edges} edges, {size:.1f} MB, written in {written:.2f} s"
        )
        browser = (
            args.browser or next((b for b in BROWSERS if Path(b).exists()), None) or shutil.which("chromium")
        )
        if browser is None:
            print("browser: skipped (no /usr/bin/chromium; pass --browser PATH)")
            return
        browser_timing(out, browser, args.budget)


if __name__ == "__main__":
    main()
