"""Time `plankg.graph.impact.impact` on the demo graph (target: < 100 ms per call; measured, not asserted).

Usage: python bench/impact_bench.py [--build DIR] [--repeat N]
Builds the demo corpus into a temporary folder unless --build names an existing build. Prints, per
document: the first (cold) call, the median and max of N warm calls (the max catches pauses of the
garbage collector), the median with a prebuilt networkx graph (`g=`), and the number of affected
tasks. Also times `impact(..., what_if=…)` and `check_basis`. Building the corpus imports networkx
first, so "cold" excludes that import (~90 ms once per process, as in `plankg impact`).

Then the same question as the named query `impact`: queries/impact.rq on the build's Oxigraph store
and queries/impact.cypher on a FalkorDB started for the run (falkordb client; stopped at the end),
median of N runs each, against Python with a prebuilt networkx graph — all three give the same
tasks (tests/test_parity.py). `--no-engines` skips this part.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

DOCUMENTS = (
    "107/2020/NĐ-CP",  # three provinces cite it directly
    "130/2005/NĐ-CP",  # amended by 117/2013/NĐ-CP (Hậu Giang, line 86)
    "117/2013/NĐ-CP",  # the amendment, reached backwards
    "77/2015/QH13",  # the basis («Căn cứ») of three plans: ~150 inherited tasks
    "6459/BNV-CCHC",  # basis of three plans
    "5476/QĐ-UBND",  # a plan itself: all its tasks
)
TARGET_MS = 100.0


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--build", type=Path, help="an existing build folder (default: build the demo corpus)"
    )
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--no-engines", action="store_true", help="skip impact.rq / impact.cypher")
    args = parser.parse_args()

    from plankg.graph.build import build
    from plankg.graph.exports import GRAPH_FILE, load_property_graph

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.build
        if folder is None:
            folder = Path(tmp) / "build"
            build(Path(__file__).resolve().parent.parent / "corpus", folder)
        started = time.perf_counter()
        graph = load_property_graph(folder / GRAPH_FILE)
        print(f"load graph.json: {_ms(time.perf_counter() - started)} ({len(graph.nodes)} nodes)")
        _python(graph, args.repeat)
        if not args.no_engines:
            _engines(graph, folder, Path(tmp) / "falkordb", args.repeat)


def _python(graph: Any, repeat: int) -> None:
    """`plankg.graph.impact.impact` per document: cold, warm, with a shared networkx graph."""
    from plankg.graph.analytics import to_networkx
    from plankg.graph.check_basis import check_basis
    from plankg.graph.impact import impact

    print(f"{'document':<16} {'cold':>10} {'warm median':>12} {'warm max':>10} {'with g=':>10}  tasks")
    worst = 0.0
    for document in DOCUMENTS:
        started = time.perf_counter()
        report = impact(graph, document)
        cold = time.perf_counter() - started
        warm = []
        for _ in range(repeat):
            started = time.perf_counter()
            impact(graph, document)
            warm.append(time.perf_counter() - started)
        g = to_networkx(graph)
        shared = []
        for _ in range(repeat):
            started = time.perf_counter()
            impact(graph, document, g=g)
            shared.append(time.perf_counter() - started)
        worst = max(worst, statistics.median(warm))
        print(
            f"{document:<16} {_ms(cold)} {_ms(statistics.median(warm)):>12} {_ms(max(warm))} "
            f"{_ms(statistics.median(shared))}  {len(report.tasks)}"
        )
    started = time.perf_counter()
    impact(graph, "108/2020/NĐ-CP", what_if="29/2023/NĐ-CP", date="2021-06-30")
    print(f"what-if (108/2020/NĐ-CP replaced-by 29/2023/NĐ-CP): {_ms(time.perf_counter() - started)}")
    started = time.perf_counter()
    check_basis(graph)
    print(f"check_basis (whole graph): {_ms(time.perf_counter() - started)}")
    verdict = "within" if worst * 1000 < TARGET_MS else "OVER"
    print(f"slowest warm median: {_ms(worst)} — {verdict} the {TARGET_MS:.0f} ms target")
    print("(max includes garbage-collector pauses of the process; median is the figure to compare)")


def _engines(graph: Any, folder: Path, data_dir: Path, repeat: int) -> None:
    """impact.rq (Oxigraph) and impact.cypher (FalkorDB client) vs Python, per document."""
    from plankg.graph import cypher
    from plankg.graph import falkordb_server as server
    from plankg.graph.analytics import to_networkx
    from plankg.graph.impact import impact
    from plankg.graph.sparql import open_store, run_sparql_store
    from plankg.queries import get_query, result_columns

    rq, cy = get_query("impact", "sparql"), get_query("impact", "cypher")
    store = open_store(folder)
    info = server.start(data_dir)
    try:
        engine = cypher.FalkorEngine.connect(info.url, "bench")
        cypher.push(graph, engine)
        g = to_networkx(graph)
        print(f"\n{'impact of':<16} {'Python (g=)':>12} {'impact.rq':>12} {'impact.cypher':>14}  tasks")
        for document in DOCUMENTS:
            params = rq.bind({"document": document})
            timings = {"python": [], "sparql": [], "cypher": []}
            for _ in range(repeat):
                started = time.perf_counter()
                tasks = len(impact(graph, document, g=g).tasks)
                timings["python"].append(time.perf_counter() - started)
                started = time.perf_counter()
                _, rows = result_columns(rq, *run_sparql_store(store, rq.text, params))
                timings["sparql"].append(time.perf_counter() - started)
                started = time.perf_counter()
                cypher.run_read(engine, cy.text, params)
                timings["cypher"].append(time.perf_counter() - started)
            distinct = len({row[0] for row in rows})
            medians = [_ms(statistics.median(timings[k])) for k in ("python", "sparql", "cypher")]
            print(f"{document:<16} {medians[0]:>12} {medians[1]:>12} {medians[2]:>14}  {tasks} / {distinct}")
        engine.delete_graph()
        engine.close()
    finally:
        server.stop(data_dir)


if __name__ == "__main__":
    main()
