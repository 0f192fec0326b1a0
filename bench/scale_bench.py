"""Scale: a full build of N synthetic documents, then incremental add / replace / remove (issue #7).

    python bench/scale_bench.py [--docs 1000] [--jobs 2] [--seed 7] [--validate sample]
                                [--no-text-exports] [--compare-jobs 200] [--keep DIR]

1. extraction alone on the first `--compare-jobs` documents with 1 worker and with `--jobs` workers
   (docs/s: what parallel extraction buys on this machine);
2. `build()` of N documents: wall time, docs/s, CPU seconds of the main process and of the workers
   (on a shared machine the CPU figures say more than the wall time), peak RSS (this process, and
   the largest worker: `resource.getrusage`), nodes, edges, triples, sizes of graph.json, the
   ledger and the store;
   reading and writing graph.json alone (what every incremental update pays);
3. `add_documents` of one new document, of one already in the build (a replacement), and
   `remove_documents` of one: seconds per step (load, compute, stage, store, commit);
4. a linear extrapolation of the graph.json figures to 1,000,000 tasks.

Timings are wall-clock on a shared machine: run it twice and read the better figures.
"""

from __future__ import annotations

import argparse
import platform
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path


def mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB"


def size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def cpu_seconds() -> tuple[float, float]:
    """CPU time so far: this process, and its finished children (extraction and validation workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def peak_rss() -> tuple[float, float]:
    """Peak resident set size in MB: this process, and the largest child process so far."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def extraction_rate(paths: list[Path], jobs: int) -> float:
    from plankg.loaders.parallel import extract_many

    started = time.perf_counter()
    count = sum(1 for _ in extract_many(paths, jobs=jobs))
    return count / (time.perf_counter() - started)


def print_update(label: str, report) -> None:  # type: ignore[no-untyped-def]
    steps = ", ".join(f"{k} {v:.2f}" for k, v in report.timings.items())
    store = report.store
    store_text = (
        f"store +{store.triples_added}/-{store.triples_removed} triples in {store.seconds:.2f} s"
        if store is not None
        else "store not updated"
    )
    print(
        f"{label:<22}{report.seconds:>8.2f} s   ({steps}); "
        f"nodes +{report.nodes_added}/-{report.nodes_removed}, "
        f"edges +{report.edges_added}/-{report.edges_removed}; {store_text}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--validate", choices=("full", "sample", "none"), default="sample")
    parser.add_argument("--no-text-exports", dest="text_exports", action="store_false")
    parser.add_argument("--compare-jobs", type=int, default=200, help="docs for the 1-vs-J test (0: skip)")
    parser.add_argument("--keep", type=Path, default=None, help="write corpus and build here, and keep them")
    args = parser.parse_args(argv)

    from plankg.graph.build import build
    from plankg.graph.exports import GRAPH_FILE, load_property_graph, save_property_graph
    from plankg.graph.incremental import add_documents, remove_documents
    from plankg.graph.ledger import LEDGER_DIR
    from plankg.loaders.extract import extract
    from plankg.loaders.synth import synthesize

    root = args.keep or Path(tempfile.mkdtemp(prefix="plankg-scale-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        print(f"machine: {platform.machine()} {platform.system()}, Python {platform.python_version()}")
        started = time.perf_counter()
        synth = synthesize(args.docs + 1, args.seed, root / "docs")
        print(
            f"synth: {args.docs + 1} documents, {synth.tasks} tasks, {mb(synth.bytes)} "
            f"in {time.perf_counter() - started:.1f} s"
        )
        paths = sorted((root / "docs").glob("*.txt"))
        base, extra = paths[:-1], paths[-1]

        if args.compare_jobs:
            sample = base[: args.compare_jobs]
            one = extraction_rate(sample, 1)
            many = extraction_rate(sample, args.jobs)
            print(
                f"extraction of {len(sample)} docs: jobs=1 {one:.1f} docs/s, "
                f"jobs={args.jobs} {many:.1f} docs/s (x{many / one:.2f})"
            )

        out = root / "build"
        shutil.rmtree(out, ignore_errors=True)
        started, (own_cpu, child_cpu) = time.perf_counter(), cpu_seconds()
        report = build(base, out, jobs=args.jobs, validate=args.validate, text_exports=args.text_exports)
        wall = time.perf_counter() - started
        own_cpu, child_cpu = (a - b for a, b in zip(cpu_seconds(), (own_cpu, child_cpu), strict=True))
        own, child = peak_rss()
        nodes, edges = sum(report.nodes_by_label.values()), sum(report.edges_by_type.values())
        tasks = report.nodes_by_label.get("Task", 0)
        print(
            f"build: {len(report.documents)} docs in {wall:.1f} s = "
            f"{len(report.documents) / wall:.1f} docs/s "
            f"(jobs={args.jobs}, validate={args.validate}, "
            f"text exports {'on' if args.text_exports else 'off'}); "
            f"peak RSS {own:,.0f} MB (largest worker {child:,.0f} MB)"
        )
        print(f"       CPU: main process {own_cpu:.1f} s, workers {child_cpu:.1f} s (extraction, SHACL)")
        print(
            f"       {tasks} tasks, {nodes} nodes, {edges} edges, {report.triples} triples, "
            f"SHACL {report.shacl_conforms} ({report.shacl_violations} violations)"
        )
        graph_bytes = size(out / GRAPH_FILE)
        print(
            f"sizes: graph.json {mb(graph_bytes)}, ledger {mb(size(out / LEDGER_DIR))}, "
            f"store {mb(size(out / 'store'))}, whole build {mb(size(out))}"
        )

        started = time.perf_counter()
        graph = load_property_graph(out / GRAPH_FILE)
        load = time.perf_counter() - started
        started = time.perf_counter()
        save_property_graph(graph, root / "graph-copy.json")
        save = time.perf_counter() - started
        (root / "graph-copy.json").unlink()
        del graph
        print(f"graph.json alone: load {load:.2f} s, save {save:.2f} s")

        print_update("add 1 new document", add_documents(out, [extra], jobs=1))
        print_update("replace 1 document", add_documents(out, [base[0]], jobs=1))
        print_update("remove 1 document", remove_documents(out, [extract(extra).document.id]))

        if tasks:
            factor = 1_000_000 / tasks
            print(
                f"extrapolated to 1,000,000 tasks (x{factor:.0f}, linear): "
                f"graph.json {mb(graph_bytes * factor)}, "
                f"load {load * factor:.0f} s, save {save * factor:.0f} s"
            )
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
