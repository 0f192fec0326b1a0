"""Build time of the demo corpus, and each named query on the embedded Oxigraph store vs plain rdflib.

    python bench/build_bench.py [--repeat N] [--corpus DIR]

Both engines run the same `.rq` text on the same graph (the build's graph.nt): Oxigraph through
the read-only store in BUILD/store (parameters by substitution), rdflib on an in-memory Graph
(parameters by initBindings). Times are the best of N runs; ratio = rdflib / Oxigraph.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

EXAMPLE_PARAMS: dict[str, dict[str, str]] = {
    "tasks-depending-on": {"document": "107/2020/NĐ-CP"},
    "agency-tasks": {"agency": "thanh-hoa/so-tu-phap", "from": "2021-07-01", "to": "2021-09-30"},
    "tasks-due": {"as_of": "2021-06-30"},
    "provinces-under-document": {"document": "106/2020/NĐ-CP"},
    "provenance": {"id": "107/2020/NĐ-CP"},
    "impact": {"document": "130/2005/NĐ-CP"},
}


def best(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best is kept)")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    args = parser.parse_args(argv)

    from rdflib import Graph

    from plankg.graph.build import build
    from plankg.graph.rdf import NT_FILE
    from plankg.graph.sparql import open_store, run_sparql_graph, run_sparql_store
    from plankg.queries import list_queries

    root = Path(tempfile.mkdtemp(prefix="plankg-bench-"))
    try:
        out = root / "build"
        started = time.perf_counter()
        report = build(args.corpus, out)
        wall = time.perf_counter() - started
        print(
            f"build {args.corpus.name}: {wall:.2f} s wall ({report.seconds:.2f} s in build()), "
            f"{report.triples} triples, SHACL {'conforms' if report.shacl_conforms else 'FAILS'} "
            f"({report.shacl_violations} violations)"
        )
        graph = Graph().parse(out / NT_FILE, format="nt")
        store = open_store(out)
        print(f"\n{'query':<28}{'rows':>6}{'oxigraph ms':>14}{'rdflib ms':>12}{'ratio':>9}")
        total_ox = total_rdflib = 0.0
        for query in list_queries("sparql"):
            params = query.bind(EXAMPLE_PARAMS.get(query.name, {}))
            rows = len(run_sparql_store(store, query.text, params)[1])
            ox = best(lambda q=query, p=params: run_sparql_store(store, q.text, p), args.repeat)
            rl = best(lambda q=query, p=params: run_sparql_graph(graph, q.text, p), args.repeat)
            total_ox += ox
            total_rdflib += rl
            print(f"{query.name:<28}{rows:>6}{ox * 1000:>14.1f}{rl * 1000:>12.1f}{rl / ox:>8.1f}x")
        print(
            f"{'all queries':<28}{'':>6}{total_ox * 1000:>14.1f}{total_rdflib * 1000:>12.1f}"
            f"{total_rdflib / total_ox:>8.1f}x"
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
