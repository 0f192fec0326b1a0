"""The RDF stage and the SPARQL store at scale: full build, incremental updates, queries, rdflib baseline.

    python bench/store_bench.py [--docs N] [--seed S] [--jobs J] [--validate sample|full|none]
                                [--text-exports] [--baseline-limit T] [--corpus DIR]

Synthesizes N documents (`plankg synth`, in a subprocess), extracts them in J worker processes,
where `RdfStage.prepare` also turns each into its serialized triples (as `plankg build` does), and
streams them into one `RdfStage` (document 0 held back; a document whose id was already met is
skipped, as the build skips it), then prints:

- full RDF build: seconds in `RdfStage.add` (spooling), in `finish` (merge of the shared nodes,
  Oxigraph bulk load, exports, validation), the wall time of extraction + prepare + add, triples,
  triples/s, peak RSS of this process and of the workers, store size on disk;
- `update_store`: add document 0 into that store, replace it, remove it (each with SHACL of the
  changed part and without), the equivalent full rebuild time as the baseline;
- every named SPARQL query on the store (parameters taken from the data), slowest first;
- baseline "plain rdflib": parse the default graph into an in-memory rdflib Graph (seconds, RSS
  growth) and run the same queries there, when the graph has at most T triples.

Figures only; nothing is asserted (timings vary with the machine and its load).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def rss_mb() -> float:
    """Peak resident set size of this process so far (MB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def du_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def query_params(build: Path) -> dict[str, dict[str, Any]]:
    """Parameters for the named queries, from the data: the most cited document, the agency with
    the most tasks as lead (two small aggregates, not the named queries themselves)."""
    from plankg.graph.sparql import run_sparql

    eli, pkg = "http://data.europa.eu/eli/ontology#", "https://w3id.org/plankg/ontology#"
    cited = run_sparql(
        build,
        f"SELECT ?id (COUNT(?d) AS ?n) WHERE {{ ?d <{eli}cites> ?x . ?x <{eli}id_local> ?id }} "
        "GROUP BY ?id ORDER BY DESC(?n) ?id LIMIT 1",
        timeout=None,
    )[1]
    busiest = run_sparql(
        build,
        f"SELECT ?id (COUNT(?t) AS ?n) WHERE {{ ?t <{pkg}leadAgency> ?a . "
        "?a <http://purl.org/dc/terms/identifier> ?id } GROUP BY ?id ORDER BY DESC(?n) ?id LIMIT 1",
        timeout=None,
    )[1]
    document = str(cited[0][0]) if cited else "107/2020/NĐ-CP"
    agency = str(busiest[0][0]) if busiest else "bo-noi-vu"
    return {
        "tasks-depending-on": {"document": document},
        "agency-tasks": {"agency": agency, "from": "2020-01-01", "to": "2030-12-31"},
        "tasks-due": {"as_of": "2024-06-30"},
        "provinces-under-document": {"document": document},
        "provenance": {"id": document},
        "impact": {"document": document},
    }


def time_queries(
    run: Any, params: dict[str, dict[str, Any]], limit: float
) -> dict[str, tuple[float | None, int]]:
    """(seconds, rows) of every named query, each in a forked child killed after `limit` seconds
    (an engine cannot be interrupted mid-evaluation): (None, -1) when it ran out of time."""
    from plankg.queries import list_queries

    context = multiprocessing.get_context("fork")
    times: dict[str, tuple[float | None, int]] = {}
    for query in list_queries("sparql"):
        receive, send = context.Pipe(duplex=False)

        def child(query: Any = query, send: Any = send) -> None:
            started = time.perf_counter()
            rows = run(query, params.get(query.name, {}))
            send.send((time.perf_counter() - started, len(rows)))

        process = context.Process(target=child, daemon=True)
        process.start()
        send.close()
        if receive.poll(limit):
            times[query.name] = receive.recv()
        else:
            times[query.name] = (None, -1)
        process.kill()
        process.join()
        receive.close()
    return times


def show(times: dict[str, tuple[float | None, int]], limit: float) -> str:
    slowest = sorted(times.items(), key=lambda item: -(item[1][0] if item[1][0] is not None else 1e9))
    return ", ".join(f"{n} {t:.3f} ({r})" if t is not None else f"{n} >{limit:g}" for n, (t, r) in slowest)


def rdflib_parse(nt: Path, send: Any) -> None:
    """In a child process: (seconds, RSS growth in MB, triples) of parsing `nt` with rdflib."""
    from rdflib import Graph

    before = current_rss_mb()
    started = time.perf_counter()
    graph = Graph().parse(nt, format="nt")
    send.send((time.perf_counter() - started, current_rss_mb() - before, len(graph)))


def extract_and_prepare(path: Path) -> tuple[Any, Any]:
    """In a worker process: the extraction of `path` and its `RdfStage.prepare` payload."""
    from plankg.graph.rdf import RdfStage
    from plankg.loaders.extract import extract

    extraction = extract(path)
    return extraction, RdfStage.prepare(extraction)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200, help="synthetic documents (default 200)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2, help="extraction worker processes")
    parser.add_argument("--validate", default="sample", choices=("full", "sample", "none"))
    parser.add_argument("--text-exports", action="store_true", help="also write graph.nt/.ttl/.jsonld")
    parser.add_argument("--baseline-limit", type=int, default=2_000_000, help="max triples for rdflib")
    parser.add_argument("--corpus", type=Path, help="use this corpus instead of synthesizing one")
    parser.add_argument("--query-limit", type=float, default=60.0, help="seconds allowed per query")
    parser.add_argument("--keep", type=Path, help="move the build here at the end (to query it later)")
    args = parser.parse_args(argv)

    from plankg.graph.build import BuildReport
    from plankg.graph.rdf import RdfStage
    from plankg.graph.sparql import STORE_DIR, open_store, run_sparql_graph, run_sparql_store
    from plankg.graph.store_update import update_store
    from plankg.loaders.extract import extract, iter_document_paths

    root = Path(tempfile.mkdtemp(prefix="plankg-store-bench-"))
    try:
        cores = len(os.sched_getaffinity(0))
        print(f"machine: {platform.machine()}, Python {platform.python_version()}, {cores} cores")
        corpus = args.corpus
        if corpus is None:
            corpus = root / "corpus"
            started = time.perf_counter()
            code = "import sys; from pathlib import Path; from plankg.loaders.synth import synthesize; "
            code += "synthesize(int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]))"
            command = [sys.executable, "-c", code, str(args.docs), str(args.seed), str(corpus)]
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # its memory is not ours
            print(f"synth: {args.docs} documents in {time.perf_counter() - started:.1f} s")
        paths = list(iter_document_paths(corpus))
        held_back, rest = paths[0], paths[1:]
        one = extract(held_back)

        # ---------------------------------------------------------------- full RDF build
        out = root / "build"
        out.mkdir()
        rss_before = current_rss_mb()
        stage = RdfStage(out, validate=args.validate, text_exports=args.text_exports)
        started = time.perf_counter()
        in_add = 0.0
        seen: set[str] = set()
        with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
            for extraction, prepared in pool.imap(extract_and_prepare, rest, chunksize=4):
                if prepared.id in seen:
                    continue
                seen.add(prepared.id)
                mark = time.perf_counter()
                stage.add(extraction, prepared)
                in_add += time.perf_counter() - mark
        extracted = time.perf_counter() - started
        report = BuildReport()
        mark = time.perf_counter()
        stage.finish(report)
        in_finish = time.perf_counter() - mark
        rdf_seconds = extracted + in_finish
        workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(
            f"full RDF build of {len(seen)} documents ({len(rest) - len(seen)} duplicate ids skipped): "
            f"{report.triples:,} triples; extraction+prepare+add wall {extracted:.1f} s "
            f"(of which RdfStage.add {in_add:.1f} s), finish {in_finish:.1f} s; "
            f"({', '.join(f'{k} {v:.1f}' for k, v in stage.timings.items())}); "
            f"whole {rdf_seconds:.1f} s = {report.triples / rdf_seconds:,.0f} triples/s; "
            f"peak RSS {rss_mb():.0f} MB (at start {rss_before:.0f} MB, largest worker {workers:.0f} MB); "
            f"store {du_mb(out / STORE_DIR):.0f} MB on disk; "
            f"validate={args.validate}: conforms={report.shacl_conforms} violations={report.shacl_violations}"
        )

        # ---------------------------------------------------------------- incremental
        if one.document.id in seen:
            update_store(out, remove=[one.document.id], validate=False)
        for validate in (True, False):
            added = update_store(out, add=[one], validate=validate)
            replaced = update_store(out, add=[one], validate=validate)
            removed = update_store(out, remove=[one.document.id], validate=validate)
            print(
                f"update_store (SHACL of the change: {'yes' if validate else 'no'}): add 1 document "
                f"{added.seconds:.2f} s (+{added.triples_added} −{added.triples_removed} triples, "
                f"{added.shared_nodes} shared nodes re-merged), replace {replaced.seconds:.2f} s, "
                f"remove {removed.seconds:.2f} s; exports {added.exports}"
            )
        print(f"baseline: a full rebuild instead of an update: {rdf_seconds:.1f} s (extraction + RDF stage)")
        update_store(out, add=[one], validate=False)

        # ---------------------------------------------------------------- queries
        params = query_params(out)
        store = open_store(out)

        def on_oxigraph(query: Any, given: dict[str, Any]) -> list[Any]:
            return run_sparql_store(store, query.text, query.bind(given), timeout=None)[1]

        ox_times = time_queries(on_oxigraph, params, args.query_limit)
        print(f"named queries on Oxigraph (s, rows): {show(ox_times, args.query_limit)}")

        # ---------------------------------------------------------------- rdflib baseline
        triples = report.triples + added.triples_added - added.triples_removed
        if triples > args.baseline_limit:
            print(f"baseline plain rdflib: skipped ({triples:,} triples > --baseline-limit)")
            return 0
        import pyoxigraph as ox
        from rdflib import Graph

        nt = root / "default.nt"
        store.dump(str(nt), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=rdflib_parse, args=(nt, send))  # its own memory, measured
        child.start()
        send.close()
        parsed, grown, count = receive.recv()
        child.join()
        mark = time.perf_counter()
        bulk = ox.Store(str(root / "oxigraph-baseline"))
        bulk.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
        bulk.flush()
        loaded = time.perf_counter() - mark
        del bulk
        print(
            f"baseline plain rdflib: parse {count:,} triples {parsed:.1f} s (+{grown:.0f} MB RSS) "
            f"vs Oxigraph bulk load of the same file {loaded:.1f} s"
        )
        graph = Graph().parse(nt, format="nt")  # shared with the forked query children
        rdf_times = time_queries(
            lambda q, p: run_sparql_graph(graph, q.text, q.bind(p))[1], params, args.query_limit
        )
        print(f"named queries on rdflib (s, rows): {show(rdf_times, args.query_limit)}")
        both = [n for n in ox_times if ox_times[n][0] is not None and rdf_times[n][0] is not None]
        total_ox = sum(ox_times[n][0] or 0.0 for n in both)
        total_rdflib = sum(rdf_times[n][0] or 0.0 for n in both)
        print(
            f"queries done by both engines, total: Oxigraph {total_ox:.2f} s, rdflib {total_rdflib:.2f} s "
            f"(rdflib / Oxigraph = {total_rdflib / max(total_ox, 1e-9):.1f})"
        )
        mismatched = [n for n in both if ox_times[n][1] != rdf_times[n][1]]
        if mismatched:
            print(f"row counts differ between engines for: {', '.join(mismatched)}")
        return 0
    finally:
        if args.keep is not None and (root / "build").is_dir():
            shutil.move(str(root / "build"), str(args.keep))
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
