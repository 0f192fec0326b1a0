"""Rows per second for `plankg push`: the demo build (and, with --scale N, a synthetic graph of N
tasks) over the FalkorDB client (Redis protocol) and over Bolt with the official neo4j driver.

Runs a fresh embedded FalkorDB with Bolt in a temporary folder and stops it at the end. Over Bolt
the messages are capped small (FalkorDB's Bolt endpoint dies above ~8 KB), so the Bolt figure is
a floor for that path, not what a real Neo4j does with thousands of rows per message.

    python bench/push_bench.py [--scale 20000] [--bolt-batch 50] [--bolt-bytes 3000]
"""

from __future__ import annotations

import argparse
import tempfile
from importlib.resources import as_file, files
from pathlib import Path

from plankg.graph import cypher
from plankg.graph import falkordb_server as fs
from plankg.graph.build import build
from plankg.graph.exports import GRAPH_FILE, load_property_graph
from plankg.graph.property import (
    AGENCY,
    COOPERATES_ON,
    DEPENDS_ON,
    LEADS,
    LEGAL_DOCUMENT,
    PART_OF,
    PLAN_DOCUMENT,
    TASK,
    PropertyGraph,
)


def synthetic(tasks: int) -> PropertyGraph:
    """N tasks in N/200 plans, citing N/10 decrees, led by and shared among N/20 agencies."""
    graph = PropertyGraph()
    plans = max(1, tasks // 200)
    decrees = max(1, tasks // 10)
    agencies = max(2, tasks // 20)
    for p in range(plans):
        graph.add_node(f"doc:p{p}", PLAN_DOCUMENT, id=f"p{p}", title=f"Kế hoạch cải cách hành chính {p}")
    for d in range(decrees):
        graph.add_node(f"legal:{d}/2020/NĐ-CP", LEGAL_DOCUMENT, id=f"{d}/2020/NĐ-CP", year=2020)
    for a in range(agencies):
        graph.add_node(f"agency:a{a}", AGENCY, id=f"a{a}", name=f"Sở số {a}", province="Thanh Hóa")
    for t in range(tasks):
        key = graph.add_node(
            f"task:t{t}",
            TASK,
            id=f"t{t}",
            text=f"Rà soát, đơn giản hóa thủ tục hành chính trong lĩnh vực số {t}; " * 3,
            deadline_end="2021-12-31",
            budget_vnd=1_000_000 * (t % 50),
        )
        graph.add_edge(key, PART_OF, f"doc:p{t % plans}")
        graph.add_edge(
            key, DEPENDS_ON, f"legal:{t % decrees}/2020/NĐ-CP", quote=f"Nghị định số {t % decrees}"
        )
        graph.add_edge(key, DEPENDS_ON, f"legal:{(t * 7 + 1) % decrees}/2020/NĐ-CP")
        graph.add_edge(f"agency:a{t % agencies}", LEADS, key)
        graph.add_edge(f"agency:a{(t + 1) % agencies}", COOPERATES_ON, key)
        graph.add_edge(f"agency:a{(t + 2) % agencies}", COOPERATES_ON, key)
    return graph


def bench(name: str, graph: PropertyGraph, info: fs.ServerInfo, bolt_batch: int, bolt_bytes: int) -> None:
    rows = len(graph.nodes) + len(graph.edges)
    engine = cypher.FalkorEngine.connect(info.url, graph=f"bench-{name}")
    try:
        engine.delete_graph()
        first = cypher.push(graph, engine)
        again = cypher.push(graph, engine)
        engine.delete_graph()
    finally:
        engine.close()
    print(
        f"{name:>16}  {rows:>8} rows  falkordb client: {first.rows_per_s:>9,.0f} rows/s "
        f"(re-push {again.rows_per_s:,.0f}), {first.batches} batches"
    )
    assert info.bolt_url
    bolt = cypher.BoltEngine(info.bolt_url)
    try:
        bolt.delete_graph()
        report = cypher.push(graph, bolt, bolt_batch, max_message_bytes=bolt_bytes)
        bolt.delete_graph()
    finally:
        bolt.close()
    print(
        f"{'':>16}  {'':>8}       neo4j driver over Bolt: {report.rows_per_s:>9,.0f} rows/s, "
        f"{report.batches} batches ≤ {report.max_message_bytes} bytes"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=int, default=0, help="Also push a synthetic graph of N tasks.")
    parser.add_argument("--bolt-batch", type=int, default=50)
    parser.add_argument("--bolt-bytes", type=int, default=3_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="plankg-push-bench-") as tmp:
        out = Path(tmp) / "demo"
        with as_file(files("plankg").joinpath("corpus")) as corpus:
            build(Path(corpus), out)
        data_dir = Path(tmp) / "falkordb"
        info = fs.start(data_dir, bolt=True)
        try:
            bench("demo build", load_property_graph(out / GRAPH_FILE), info, args.bolt_batch, args.bolt_bytes)
            if args.scale:
                bench(f"{args.scale} tasks", synthetic(args.scale), info, args.bolt_batch, args.bolt_bytes)
        finally:
            alive = fs.alive(info)
            fs.stop(data_dir)
            if not alive:
                raise SystemExit(f"FalkorDB died during the benchmark:\n{fs.log_tail(data_dir)}")


if __name__ == "__main__":
    main()
