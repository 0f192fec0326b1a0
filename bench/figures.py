"""The figures of issue #7, each measured through the library with its baseline in the same run.

Used by bench/run_all.py. Every `figure_*` function takes the run's `Context` and returns rows;
one that raises becomes an error row and the next figure still runs. Ratio = how many times better
than the baseline (baseline time ÷ ours, our rate ÷ baseline rate, our F1 ÷ baseline F1).
"""

from __future__ import annotations

import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import machine
import query_worker

TARGET_DOCS = 10_000
BENCH = Path(__file__).resolve().parent
# A bare scan for numbered references ("107/2020/NĐ-CP", "1025/QĐ-UBND"): the accuracy baseline.
BARE_REF_RE = re.compile(r"\d{1,5}(?:/(?:19|20)\d\d)?/[A-ZĐ][A-Za-zĐ]*(?:-[A-ZĐ][A-Za-zĐ0-9]*)+")


@dataclass
class Row:
    figure: str
    value: float | None
    unit: str
    target: str = "—"
    verdict: str = "info"  # pass | FAIL | proj. pass | proj. FAIL | (pass) | (FAIL) | info | n/a | error
    baseline: str = "—"
    ratio: float | str | None = None
    note: str = ""

    @property
    def error(self) -> bool:
        return self.verdict == "error"


@dataclass
class Context:
    """What one run shares between figures: options, folders, the build and its graph."""

    docs: int
    seed: int
    jobs: int | None
    validate: str | None
    text_exports: bool
    quick: bool
    work: Path
    query_timeout: float
    viz_timeout: float
    viz_nodes: int
    rdflib_triples: int
    bolt_rows: int
    corpus: Path = field(init=False)
    extra: Path = field(init=False)  # the document held back for the incremental add
    build: Path = field(init=False)
    built: dict[str, Any] = field(default_factory=dict)  # bench/build_once.py's summary
    _graph: Any = None
    _decree: tuple[str, int] | None = None

    def __post_init__(self) -> None:
        self.corpus = self.work / "corpus"
        self.extra = self.work / "extra"
        self.build = self.work / "build"

    @property
    def graph(self) -> Any:
        if self._graph is None:
            if not self.built:
                raise RuntimeError("no build (the build failed)")
            from plankg.graph.exports import GRAPH_FILE, load_property_graph

            self._graph = load_property_graph(self.build / GRAPH_FILE)
        return self._graph

    @property
    def decree(self) -> tuple[str, int]:
        """(node key, citations) of the most widely cited decree."""
        if self._decree is None:
            from viz_bench import most_cited

            self._decree = most_cited(self.graph)
        return self._decree

    def scale_note(self) -> str:
        return "" if self.docs >= TARGET_DOCS else f"at {self.docs:,} docs; the target is for {TARGET_DOCS:,}"


def verdict(ok: bool, *, at_scale: bool = True, projected: bool = False) -> str:
    word = "pass" if ok else "FAIL"
    if projected:
        return f"proj. {word}"
    return word if at_scale else f"({word})"


def _ratio(baseline: float | None, ours: float | None) -> float | None:
    if not baseline or not ours:
        return None
    return baseline / ours


# ------------------------------------------------------------------------------------------- corpus


def figure_corpus(ctx: Context) -> list[Row]:
    """`plankg synth` N + 1 documents; the last one is held back for the incremental add."""
    from plankg.loaders.synth import synthesize

    started = time.perf_counter()
    report = synthesize(ctx.docs + 1, ctx.seed, ctx.corpus)
    seconds = time.perf_counter() - started
    last = ctx.corpus / report.documents[-1]
    ctx.extra.mkdir(parents=True, exist_ok=True)
    shutil.move(last, ctx.extra / last.name)
    truth = last.with_name(last.name.removesuffix(".txt") + ".truth.json")
    if truth.exists():
        shutil.move(truth, ctx.extra / truth.name)
    layouts = ", ".join(f"{k} {v}" for k, v in report.layouts.items())
    return [
        Row(
            "synthetic corpus (plankg synth)",
            ctx.docs,
            "docs",
            note=f"seed {ctx.seed}: {ctx.docs + 1:,} docs written ({layouts}; {report.tasks:,} tasks, "
            f"{report.bytes / 1e6:.1f} MB) at {(ctx.docs + 1) / seconds:,.0f} docs/s; the last one is held "
            "back for the incremental add",
        )
    ]


# ------------------------------------------------------------------------------------------- build


def figure_build(ctx: Context) -> list[Row]:
    """Full build in a child process (its own peak memory), against serial extraction alone."""
    command = [sys.executable, str(BENCH / "build_once.py"), str(ctx.corpus), str(ctx.build)]
    if ctx.jobs is not None:
        command += ["--jobs", str(ctx.jobs)]
    if ctx.validate:
        command += ["--validate", ctx.validate]
    if not ctx.text_exports:
        command.append("--no-text-exports")
    result, wall, peak = machine.run_measured(command)
    if result.returncode != 0:
        raise RuntimeError(f"build failed: {(result.stderr.strip().splitlines() or ['?'])[-1]}")
    ctx.built = json.loads(result.stdout.strip().splitlines()[-1])
    ctx.built["wall"] = wall  # with the child's start-up (imports), as a user waits for it
    single = machine.children_maxrss()
    serial, sample = _serial_extraction(ctx)
    options = ", ".join(f"{k}={v}" for k, v in ctx.built["options"].items()) or "defaults"
    if ctx.built["ignored"]:
        options += f"; not supported by this build(): {', '.join(ctx.built['ignored'])}"
    projected = wall * TARGET_DOCS / ctx.docs
    at_scale = ctx.docs >= TARGET_DOCS
    build_note = (
        f"{ctx.built['documents']:,} docs, {ctx.built['tasks']:,} tasks, {ctx.built['nodes']:,} nodes, "
        f"{ctx.built['triples']:,} triples, {ctx.docs / wall:.1f} docs/s; build({options})"
    )
    if not at_scale:
        build_note += f"; projected linearly to {TARGET_DOCS:,} docs: {projected:,.0f} s"
    return [
        Row(
            "full build",
            wall,
            "s",
            "< 600 s (10,000 docs)",
            verdict((projected if not at_scale else wall) < 600, projected=not at_scale),
            f"extraction alone, 1 process: {serial:,.1f} s (timed on {sample} docs, scaled)",
            _ratio(serial, wall),
            build_note,
        ),
        Row(
            "peak RSS of the build",
            peak / 2**30,
            "GiB",
            "< 8 GiB (10,000 docs)",
            verdict(peak < 8 * 2**30, at_scale=at_scale),
            note=f"summed over the build's processes, sampled every 0.25 s; largest single process "
            f"{single / 2**30:.2f} GiB (getrusage). {ctx.scale_note()}",
        ),
    ]


def _serial_extraction(ctx: Context, sample: int = 100) -> tuple[float, int]:
    """Seconds to extract all documents in one process, timed on a sample and scaled."""
    from plankg.loaders.extract import extract

    paths = sorted(ctx.corpus.glob("*.txt"))
    chosen = random.Random(ctx.seed).sample(paths, min(sample, len(paths)))
    started = time.perf_counter()
    for path in chosen:
        extract(path)
    return (time.perf_counter() - started) * len(paths) / len(chosen), len(chosen)


# ------------------------------------------------------------------------------------------- accuracy


def figure_accuracy(ctx: Context) -> list[Row]:
    """Reference F1 of the build's extractions against the synthetic truth; a bare regex as baseline."""
    from plankg.cli.synth_cmd import Counts, Score, ref_key, score_document

    if not ctx.built:
        raise RuntimeError("no build (the build failed)")
    manifest = json.loads((ctx.corpus / "MANIFEST.json").read_text(encoding="utf-8"))
    truth_of = {e["file"]: e["truth"] for e in manifest["documents"] if (ctx.corpus / e["file"]).exists()}
    score, bare = Score(), Counts()
    matched = 0
    for path in sorted((ctx.build / "extractions").glob("*.json")):
        got = json.loads(path.read_text(encoding="utf-8"))
        name = Path(got["document"].get("source", {}).get("path", "")).name
        if name not in truth_of:
            continue
        matched += 1
        truth = json.loads((ctx.corpus / truth_of[name]).read_text(encoding="utf-8"))
        score_document(truth, got, score, name)
        text = (ctx.corpus / name).read_text(encoding="utf-8")
        want = {ref_key(r["id"]) for r in truth["references"] if r["kind"] == "numbered"}
        bare.add(want, {ref_key(found) for found in BARE_REF_RE.findall(text)})
    if not matched:
        raise RuntimeError("no extraction of the build matches a truth file")
    refs = score.refs
    return [
        Row(
            "reference F1 (synthetic ground truth)",
            refs.f1,
            "F1",
            "≥ 0.99",
            verdict(refs.f1 >= 0.99),
            f"bare regex scan: F1 {bare.f1:.3f}",
            refs.f1 / bare.f1 if bare.f1 else None,
            f"P {refs.precision:.4f} R {refs.recall:.4f} (tp/fp/fn {refs.tp}/{refs.fp}/{refs.fn}) on "
            f"{matched:,} of {len(truth_of):,} docs; relations F1 {score.relations.f1:.3f}; "
            f"lead agency {score.lead_accuracy:.3f}",
        )
    ]


# ------------------------------------------------------------------------------------------- impact


def figure_impact(ctx: Context) -> list[Row]:
    """`plankg.graph.impact.impact` of the most-cited decree with a prebuilt networkx index."""
    from plankg.graph.analytics import to_networkx
    from plankg.graph.impact import impact

    graph = ctx.graph
    key, citations = ctx.decree
    started = time.perf_counter()
    g = to_networkx(graph)
    index_s = time.perf_counter() - started
    report = impact(graph, key, g=g)  # first call
    warm = []
    for _ in range(7):
        started = time.perf_counter()
        impact(graph, key, g=g)
        warm.append(time.perf_counter() - started)
    started = time.perf_counter()
    impact(graph, key)  # baseline: no prebuilt index (converts the graph on every call)
    cold = time.perf_counter() - started
    value = statistics.median(warm)
    return [
        Row(
            "impact of the most-cited decree (networkx)",
            value * 1000,
            "ms",
            "< 100 ms",
            verdict(value < 0.1, at_scale=ctx.docs >= TARGET_DOCS),
            f"without the prebuilt index: {cold * 1000:,.0f} ms",
            _ratio(cold, value),
            f"{graph.nodes[key].props.get('id', key)} ({citations:,} citations): {len(report.tasks):,} tasks "
            f"affected; median of 7 warm calls; index (to_networkx) built once in {index_s:.1f} s",
        )
    ]


# ------------------------------------------------------------------------------------------- SPARQL


def query_params(graph: Any, decree: str) -> dict[str, str]:
    """Example values for the named queries' parameters, taken from the graph: the most-cited decree,
    the agency leading most tasks and the year most of its deadlines fall in, the median deadline."""
    from collections import Counter

    from plankg.graph.property import LEADS, TASK

    led: dict[str, list[str]] = {}
    for edge in graph.edges:
        if edge.type == LEADS:
            led.setdefault(edge.source, []).append(edge.target)
    agency = max(led, key=lambda k: (len(led[k]), k)) if led else ""
    years = Counter(
        str(graph.nodes[task].props["deadline_end"])[:4]
        for task in led.get(agency, [])
        if task in graph.nodes and graph.nodes[task].props.get("deadline_end")
    )
    ends = sorted(
        str(n.props["deadline_end"])
        for n in graph.nodes.values()
        if n.label == TASK and n.props.get("deadline_end")
    )
    middle = ends[len(ends) // 2] if ends else "2022-06-30"
    year = years.most_common(1)[0][0] if years else middle[:4]
    task = next((n for n in graph.nodes.values() if n.label == TASK), None)
    node = graph.nodes.get(decree)
    return {
        "document": str(node.props.get("id", decree)) if node else decree,
        "agency": str(graph.nodes[agency].props.get("id", agency)) if agency else "",
        "from": f"{year}-01-01",
        "to": f"{year}-12-31",
        "as_of": middle,
        "id": str(task.props.get("id", task.key)) if task else "",
    }


def figure_sparql(ctx: Context) -> list[Row]:
    """Every named SPARQL query on the build's Oxigraph store, against plain rdflib in memory.

    rdflib gets the same default graph when it has at most `rdflib_triples` triples; otherwise a
    build of the first documents (about that many triples), and the ratio compares both engines on
    that sample. Each query runs in a worker process with a hard time limit.
    """
    from plankg.queries import list_queries

    if not ctx.built:
        raise RuntimeError("no build (the build failed)")
    queries = list_queries("sparql")
    params = query_params(ctx.graph, ctx.decree[0])
    sample_build, sample_docs = _rdflib_sample(ctx)
    nt = ctx.work / "rdflib-sample.nt"
    triples = _dump_default_graph(sample_build, nt)
    if sample_build == ctx.build:
        sample_params, where = params, f"the same {triples:,} triples"
    else:
        from viz_bench import most_cited

        from plankg.graph.exports import GRAPH_FILE, load_property_graph

        sample_graph = load_property_graph(sample_build / GRAPH_FILE)
        sample_params = query_params(sample_graph, most_cited(sample_graph)[0])
        where = f"a build of the first {sample_docs} docs ({triples:,} triples)"
    rows = []
    with (
        query_worker.QueryRunner("oxigraph", ctx.build, timeout_s=ctx.query_timeout) as full,
        query_worker.QueryRunner("oxigraph", sample_build, timeout_s=ctx.query_timeout) as ox_sample,
        query_worker.QueryRunner("rdflib", nt, timeout_s=ctx.query_timeout) as rdf,
    ):
        for query in queries:
            try:
                bound = query.bind({p.name: params[p.name] for p in query.params if p.name in params})
                bound_sample = query.bind(
                    {p.name: sample_params[p.name] for p in query.params if p.name in sample_params}
                )
            except Exception as exc:
                rows.append(Row(f"SPARQL {query.name}", None, "ms", "< 1 s", "error", note=str(exc)))
                continue
            ours = full.time(query.text, bound)
            same = ours if sample_build == ctx.build else ox_sample.time(query.text, bound_sample)
            base = rdf.time(query.text, bound_sample, repeat=1)
            rows.append(_query_row(ctx, query.name, bound, ours, same, base, where))
        load_note = f"rdflib parsed {where} in {rdf.load_seconds or 0:.1f} s"
    if rows:
        rows[0].note = (rows[0].note + "; " if rows[0].note else "") + load_note
    return rows


def _query_row(
    ctx: Context,
    name: str,
    params: dict[str, Any],
    ours: query_worker.Timing,
    same: query_worker.Timing,
    base: query_worker.Timing,
    where: str,
) -> Row:
    label = f"SPARQL {name}" + (" (impact of the most-cited decree)" if name == "impact" else "")
    shown = {k: str(v) for k, v in params.items() if v not in ("", None)}
    notes = [f"params {shown}"] if shown else []
    if ours.seconds is None:
        notes.append(ours.error or "failed")
    else:
        notes.append(f"{ours.rows:,} row{'s' if ours.rows != 1 else ''}, median of {ours.runs}")
    if same is not ours:
        ox = f"{same.seconds * 1000:,.1f} ms" if same.seconds is not None else same.error
        notes.append(f"Oxigraph on the rdflib sample: {ox}")
    ratio: float | str | None = None
    if base.seconds is None:
        baseline = f"rdflib on {where}: {base.error}"
        if same.seconds:
            ratio = f"> {ctx.query_timeout / same.seconds:,.0f}"
    else:
        baseline = f"rdflib on {where}: {base.seconds * 1000:,.0f} ms"
        ratio = _ratio(base.seconds, same.seconds)
    if ours.seconds is None:
        timed_out = bool(ours.error and ours.error.startswith("timeout"))
        return Row(
            label, None, "ms", "< 1 s", "FAIL" if timed_out else "error", baseline, ratio, "; ".join(notes)
        )
    ok = verdict(ours.seconds < 1.0, at_scale=ctx.docs >= TARGET_DOCS)
    return Row(label, ours.seconds * 1000, "ms", "< 1 s", ok, baseline, ratio, "; ".join(notes))


def _rdflib_sample(ctx: Context) -> tuple[Path, int]:
    """The build itself when small enough for rdflib, else a build of the first documents."""
    triples = int(ctx.built.get("triples") or 0)
    if triples and triples <= ctx.rdflib_triples:
        return ctx.build, ctx.docs
    per_doc = max(triples / max(ctx.docs, 1), 1.0)
    count = max(10, min(ctx.docs, int(ctx.rdflib_triples / per_doc)))
    folder = ctx.work / "sample-corpus"
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(ctx.corpus.glob("*.txt"))[:count]:
        target = folder / path.name
        if not target.exists():
            target.symlink_to(path)
    out = ctx.work / "sample-build"
    command = [sys.executable, str(BENCH / "build_once.py"), str(folder), str(out)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"sample build failed: {(result.stderr.strip().splitlines() or ['?'])[-1]}")
    return out, count


def _dump_default_graph(build: Path, path: Path) -> int:
    """The store's default graph (what queries see) as N-Triples; returns the triple count."""
    import pyoxigraph as ox

    from plankg.graph.sparql import open_store

    open_store(build).dump(str(path), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    with path.open("rb") as lines:
        return sum(1 for _ in lines)


# ------------------------------------------------------------------------------------------- push


def figure_push(ctx: Context) -> list[Row]:
    """`plankg.graph.cypher.push` into an embedded FalkorDB: its client for the whole graph; Bolt
    (neo4j driver, small messages) on a sample, against the client on the same sample."""
    from plankg.graph import cypher
    from plankg.graph import falkordb_server as fs

    graph = ctx.graph
    sample = _sample_graph(graph, ctx.bolt_rows)
    data_dir = ctx.work / "falkordb"
    info = fs.start(data_dir, bolt=True)
    try:
        engine = cypher.FalkorEngine.connect(info.url, graph="bench")
        try:
            engine.delete_graph()
            full = cypher.push(graph, engine)
            engine.delete_graph()
            same = cypher.push(sample, engine)
            engine.delete_graph()
        finally:
            engine.close()
        assert info.bolt_url
        bolt = cypher.BoltEngine(info.bolt_url)
        try:
            bolt.delete_graph()
            over_bolt = cypher.push(sample, bolt, 50, max_message_bytes=3_000)
            bolt.delete_graph()
        finally:
            bolt.close()
        if not fs.alive(info):
            raise RuntimeError(f"FalkorDB died during the push: {fs.log_tail(data_dir, 3)}")
    finally:
        fs.stop(data_dir)
    rows_full = full.node_rows + full.edge_rows
    rows_sample = over_bolt.node_rows + over_bolt.edge_rows
    return [
        Row(
            "push to FalkorDB (falkordb client)",
            full.rows_per_s,
            "rows/s",
            "≥ 50,000 rows/s",
            verdict(full.rows_per_s >= 50_000, at_scale=ctx.docs >= TARGET_DOCS),
            f"Bolt (neo4j driver): {over_bolt.rows_per_s:,.0f} rows/s on a {rows_sample:,}-row sample",
            same.rows_per_s / over_bolt.rows_per_s if over_bolt.rows_per_s else None,
            f"{rows_full:,} rows ({full.nodes:,} nodes, {full.edges:,} edges in the store) in "
            f"{full.seconds:.1f} s, {full.batches:,} batches; ratio = client ÷ Bolt on the same sample "
            f"(client {same.rows_per_s:,.0f} rows/s)",
        ),
        Row(
            "push to FalkorDB over Bolt (reported beside)",
            over_bolt.rows_per_s,
            "rows/s",
            note=f"{rows_sample:,}-row sample, batches of ≤ 50 rows and ≤ 3,000 bytes (FalkorDB's Bolt "
            f"endpoint dies on messages over ~8 KB), {over_bolt.batches:,} batches",
        ),
    ]


def _sample_graph(graph: Any, rows: int) -> Any:
    """The first nodes (in build order: whole documents) and the edges among them, about `rows` rows."""
    from plankg.graph.property import PropertyGraph

    ratio = len(graph.edges) / max(len(graph.nodes), 1)
    keep = max(1, int(rows / (1 + ratio)))
    nodes = dict(list(graph.nodes.items())[:keep])
    edges = [e for e in graph.edges if e.source in nodes and e.target in nodes]
    return PropertyGraph(nodes=nodes, edges=edges[: max(0, rows - len(nodes))])


# ------------------------------------------------------------------------------------------- incremental


def figure_incremental(ctx: Context) -> list[Row]:
    """`plankg.graph.incremental.add_documents` of the held-back document (then its removal)."""
    try:
        from plankg.graph.incremental import add_documents, remove_documents
    except ImportError:
        return [
            Row(
                "incremental add of 1 document",
                None,
                "s",
                "< 2 s",
                "n/a",
                note="not available in this build (plankg.graph.incremental)",
            )
        ]
    if not ctx.built:
        raise RuntimeError("no build (the build failed)")
    extra = sorted(ctx.extra.glob("*.txt"))
    started = time.perf_counter()
    added = add_documents(ctx.build, extra, jobs=1)
    add_s = time.perf_counter() - started
    doc_ids = list(getattr(added, "added", [])) + list(getattr(added, "replaced", []))
    started = time.perf_counter()
    removed = remove_documents(ctx.build, doc_ids)
    remove_s = time.perf_counter() - started
    full = float(ctx.built["wall"])
    store = getattr(added, "store", None)
    store_note = (
        f"; store +{store.triples_added:,}/-{store.triples_removed:,} triples in {store.seconds:.2f} s"
        if store is not None and hasattr(store, "triples_added")
        else ""
    )
    steps = getattr(added, "timings", {}) or {}
    step_note = ("; steps " + ", ".join(f"{k} {v:.2f} s" for k, v in steps.items())) if steps else ""
    return [
        Row(
            "incremental add of 1 document",
            add_s,
            "s",
            "< 2 s",
            verdict(add_s < 2.0, at_scale=ctx.docs >= TARGET_DOCS),
            f"full rebuild: {full:,.1f} s",
            _ratio(full, add_s),
            f"into the {ctx.docs:,}-doc build: {', '.join(doc_ids)}{store_note}{step_note}. "
            + ctx.scale_note(),
        ),
        Row(
            "incremental remove of 1 document",
            remove_s,
            "s",
            baseline=f"full rebuild: {full:,.1f} s",
            ratio=_ratio(full, remove_s),
            note=f"removed {', '.join(getattr(removed, 'removed', []) or doc_ids)} again",
        ),
    ]


# ------------------------------------------------------------------------------------------- viz


def figure_viz(ctx: Context) -> list[Row]:
    """Our graph page of ~10,000 nodes vs the same graph with pyvis's default physics, in Chromium."""
    import browser
    import viz_bench

    missing = browser.available()
    if missing:
        raise RuntimeError(f"headless Chromium not available: {missing}")
    selection, focus, depth = viz_bench.choose_subgraph(ctx.graph, ctx.viz_nodes)
    folder = ctx.work / "viz"
    folder.mkdir(parents=True, exist_ok=True)
    result = viz_bench.measure(ctx.graph, selection, focus, depth, folder, ctx.viz_timeout)
    ours, theirs = result.ours, result.pyvis
    if theirs.timed_out:
        baseline = f"pyvis defaults: did not settle in {ctx.viz_timeout:.0f} s"
        ratio: float | str | None = f"> {ctx.viz_timeout / ours.drawn:,.0f}" if ours.drawn else None
    else:
        baseline = f"pyvis defaults: {theirs.drawn:,.1f} s"
        ratio = _ratio(theirs.drawn, ours.drawn)
    label = ctx.graph.nodes[focus].props.get("id", focus)
    note = (
        f"{result.nodes:,} nodes, {result.edges:,} edges: neighbourhood of {label} (depth {depth}), "
        "trimmed to the highest-degree nodes; navigation start → layout settled and drawn; page "
        f"{result.ours_mb:.1f} MB, written in {result.ours_write_s:.1f} s"
    )
    if selection.edges_matched >= 0:
        note += f"; edge budget: {result.edges:,} of the {selection.edges_matched:,} edges among them drawn"
    if result.nodes < ctx.viz_nodes:
        note += f"; the whole component holds only {result.nodes:,} nodes"
    if ours.drawn is None:
        return [Row("graph page: open and settle", None, "s", "< 5 s", "FAIL", baseline, None, note)]
    return [
        Row(
            f"graph page ({result.nodes:,} nodes): open and settle",
            ours.drawn,
            "s",
            "< 5 s (10,000 nodes)",
            verdict(ours.drawn < 5.0, at_scale=result.nodes >= 10_000),
            baseline,
            ratio,
            note,
        )
    ]


FIGURES: list[tuple[str, Callable[[Context], list[Row]]]] = [
    ("synthetic corpus", figure_corpus),
    ("full build", figure_build),
    ("reference F1", figure_accuracy),
    ("impact (networkx)", figure_impact),
    ("named SPARQL queries", figure_sparql),
    ("push to FalkorDB", figure_push),
    ("graph page", figure_viz),
    ("incremental add", figure_incremental),  # last: it changes the build
]
