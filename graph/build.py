"""`plankg build`: documents → a build folder (graph, stores, exports, report).

The pipeline streams: documents are extracted in worker processes (`loaders.parallel.extract_many`,
in input order, a bounded number in flight) and each extraction is written (extractions/ID.json),
recorded in the ledger (graph.ledger), added to the property graph and to every build stage
(`Stage.add`), then dropped. Only the merged property graph stays in memory. At the end each stage
finishes (`Stage.finish`: the RDF stage bulk-loads the Oxigraph store and writes its exports) and the
graph, its exports and the report are written.

The folder is written beside the target under a temporary name and swapped into place at the end, so
an interrupted build never leaves a half-written folder behind.

Two documents with the same id (the province and number in their header) would be one node: the
second one met (in path order) is skipped with a warning in the report.
"""

from __future__ import annotations

import functools
import json
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from plankg.errors import InputError
from plankg.fileio import atomic_write_bytes, atomic_write_text
from plankg.graph.exports import GRAPH_FILE, save_property_graph, write_graphml, write_neo4j_csv
from plankg.graph.ledger import LedgerEntry, write_entry, write_views
from plankg.graph.property import DocumentPart, GraphAccumulator, PropertyGraph, document_part
from plankg.loaders.export import extraction_to_json
from plankg.loaders.extract import extract, iter_document_paths
from plankg.loaders.parallel import default_jobs, map_in_order
from plankg.models import Extraction

REPORT_FILE = "report.json"
EXTRACTIONS_DIR = "extractions"
BUILD_MARKER = ".plankg-build"
GRAPHML_FILE = "graph.graphml"
NEO4J_DIR = "neo4j-import"
VALIDATE_MODES = ("full", "sample", "none")


@dataclass
class BuildReport:
    documents: list[str] = field(default_factory=list)
    nodes_by_label: dict[str, int] = field(default_factory=dict)
    edges_by_type: dict[str, int] = field(default_factory=dict)
    references: int = 0
    unresolved_references: list[str] = field(default_factory=list)  # cited but not a numbered id
    repaired_references: list[dict[str, Any]] = field(default_factory=list)
    unassigned_tasks: list[str] = field(default_factory=list)  # tasks with no lead agency
    warnings: list[dict[str, Any]] = field(default_factory=list)
    triples: int = 0
    shacl_conforms: bool | None = None
    shacl_violations: int | None = None
    seconds: float = 0.0

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)

    def add_summary(self, doc_id: str, summary: dict[str, Any]) -> None:
        """Append one document's lines (`document_summary`)."""
        self.documents.append(doc_id)
        self.references += summary["references"]
        self.unresolved_references += summary["unresolved_references"]
        self.repaired_references += summary["repaired_references"]
        self.unassigned_tasks += summary["unassigned_tasks"]
        self.warnings += summary["warnings"]

    def count(self, graph: PropertyGraph) -> None:
        self.nodes_by_label = dict(sorted(Counter(n.label for n in graph.nodes.values()).items()))
        self.edges_by_type = dict(sorted(Counter(e.type for e in graph.edges).items()))


@dataclass(frozen=True)
class BuildOptions:
    jobs: int | None = None  # extraction worker processes (None: one per CPU)
    validate: str = "full"  # SHACL: "full", "sample" (bounded subset, for very large builds) or "none"
    text_exports: bool = True  # GraphML, neo4j-admin CSVs, Turtle, JSON-LD, N-Triples


class Stage(Protocol):
    """A build stage: created per build with the staging folder; fed every extraction in build order.

    Optional: a stage class with a static `prepare(extraction) -> payload` (a pure, picklable
    function) has it run in the extraction worker processes, beside the extraction itself; its
    `add` is then called as `add(extraction, payload)`. Per-document work done there runs in
    parallel instead of in the one process that merges everything.
    """

    def add(self, extraction: Extraction) -> None: ...

    def finish(self, report: BuildReport) -> None: ...


StageFactory = Callable[[Path, BuildOptions], Stage]
# Streaming stages (the RDF store) register a factory here.
STAGES: list[StageFactory] = []
# Stages of the older protocol, called once at the end with every extraction (kept in memory for them).
LegacyStage = Callable[[list[Extraction], PropertyGraph, Path, BuildReport], None]
EXTRA_STAGES: list[LegacyStage] = []


def document_summary(extraction: Extraction) -> dict[str, Any]:
    """One document's lines of the build report."""
    doc_id = extraction.document.id
    return {
        "references": len(extraction.references),
        "unresolved_references": [f"{doc_id}: {r.id}" for r in extraction.references if r.kind != "numbered"],
        "repaired_references": [
            {"document": doc_id, "id": r.id, "raw": sorted({m.raw_id for m in r.mentions} - {r.id})}
            for r in extraction.references
            if r.repaired
        ],
        "unassigned_tasks": [t.id for t in extraction.tasks if not t.lead],
        "warnings": [{"document": doc_id, "line": w.line, "message": w.message} for w in extraction.warnings],
    }


def extraction_bytes(extraction: Extraction) -> bytes:
    """extractions/ID.json: the extract JSON contract."""
    return json.dumps(extraction_to_json(extraction), ensure_ascii=False, indent=2).encode("utf-8")


def write_extraction(folder: Path, extraction: Extraction, data: bytes | None = None) -> None:
    path = folder / EXTRACTIONS_DIR / f"{extraction.document.id}.json"
    atomic_write_bytes(path, extraction_bytes(extraction) if data is None else data)


@dataclass
class PreparedDocument:
    """Everything the build needs of one document, made in an extraction worker."""

    extraction: Extraction
    part: DocumentPart
    summary: dict[str, Any]
    json: bytes  # extractions/ID.json
    payloads: tuple[Any, ...]  # one per stage with a `prepare` (None for the others)


def prepare_document(
    path: Path, preparers: tuple[Callable[[Extraction], Any] | None, ...] = ()
) -> PreparedDocument:
    """Extract `path` and do the per-document work of the build (runs in a worker process)."""
    extraction = extract(path)
    return PreparedDocument(
        extraction,
        document_part(extraction),
        document_summary(extraction),
        extraction_bytes(extraction),
        tuple(prepare(extraction) if prepare else None for prepare in preparers),
    )


def write_graph_exports(graph: PropertyGraph, folder: Path) -> None:
    """GraphML (Gephi) and the neo4j-admin CSVs."""
    write_graphml(graph, folder / GRAPHML_FILE)
    write_neo4j_csv(graph, folder / NEO4J_DIR)


def build(
    target: Path | Sequence[Path],
    out: Path,
    progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None,
    *,
    jobs: int | None = None,
    validate: str = "full",
    text_exports: bool = True,
) -> BuildReport:
    """Extract every document under `target` (a file or folder, or several); write the build folder `out`."""
    started = time.perf_counter()
    if jobs is not None and jobs < 1:
        raise InputError(f"--jobs must be at least 1 (got {jobs})")
    if validate not in VALIDATE_MODES:
        raise InputError(f"--validate must be one of {', '.join(VALIDATE_MODES)} (got {validate!r})")
    options = BuildOptions(jobs=jobs, validate=validate, text_exports=text_exports)
    _check_out(out)
    targets = [target] if isinstance(target, Path) else list(target)
    paths = [path for each in targets for path in iter_document_paths(each)]
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a build folder is an ordinary folder
    try:
        (staging / BUILD_MARKER).write_text("plankg build folder\n", encoding="utf-8")
        report = BuildReport()
        accumulator = GraphAccumulator()
        stages = [factory(staging, options) for factory in _stage_factories()]
        preparers = tuple(getattr(type(stage), "prepare", None) for stage in stages)
        legacy = _legacy_stages()
        kept: list[Extraction] = []  # only for stages of the older protocol
        seen: dict[str, str] = {}
        work = functools.partial(prepare_document, preparers=preparers)
        workers = max(1, min(default_jobs() if jobs is None else jobs, len(paths)))
        for item in map_in_order(work, progress(paths) if progress else paths, jobs=workers):
            extraction, doc = item.extraction, item.extraction.document
            if doc.id in seen:
                report.warnings.append(_duplicate_warning(doc.id, doc.path, seen[doc.id]))
                continue
            seen[doc.id] = doc.path
            accumulator.add(item.part)
            report.add_summary(doc.id, item.summary)
            write_extraction(staging, extraction, item.json)
            write_entry(staging, LedgerEntry.of(item.part, item.summary))
            for stage, prepare, payload in zip(stages, preparers, item.payloads, strict=True):
                if prepare is None:
                    stage.add(extraction)
                else:
                    stage.add(extraction, payload)  # type: ignore[call-arg]
            if legacy:
                kept.append(extraction)
        graph = accumulator.graph()
        report.count(graph)
        write_views(staging, accumulator.views)
        save_property_graph(graph, staging / GRAPH_FILE)
        if text_exports:
            write_graph_exports(graph, staging)
        del accumulator  # the stages' `finish` (bulk loads) gets the memory back
        if not legacy:
            del graph
        for stage in stages:
            stage.finish(report)
        for legacy_stage in legacy:
            legacy_stage(kept, graph, staging, report)
        report.seconds = round(time.perf_counter() - started, 3)
        atomic_write_text(staging / REPORT_FILE, report.to_json())
        _swap_into_place(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return report


def _duplicate_warning(doc_id: str, path: str, first: str) -> dict[str, Any]:
    return {
        "document": doc_id,
        "line": 0,
        "message": f"{path} has the same document id as {first} (same province and number): skipped",
    }


def _check_out(out: Path) -> None:
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / BUILD_MARKER).exists())):
        raise InputError(f"{out} exists and is not a plankg build folder; choose another --out")


def _swap_into_place(staging: Path, out: Path) -> None:
    old = None
    if out.exists():
        _stop_embedded_server(out)
        old = out.with_name(f".{out.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        out.rename(old)
    staging.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _stop_embedded_server(out: Path) -> None:
    """An embedded FalkorDB serving the old folder would be left running without its data dir."""
    from plankg.graph import falkordb_server

    if (falkordb_server.data_dir_for(out)).exists():
        falkordb_server.stop(falkordb_server.data_dir_for(out))


# ------------------------------------------------------------------------------------ stages


def _rdf_factory() -> StageFactory | None:
    """The streaming RDF stage (store, Turtle, JSON-LD, N-Triples, SHACL), when graph.rdf provides it."""
    from plankg.graph import rdf

    rdf_stage_class = getattr(rdf, "RdfStage", None)
    if rdf_stage_class is None:
        return None

    def factory(out: Path, options: BuildOptions) -> Stage:
        stage: Stage = rdf_stage_class(out, validate=options.validate, text_exports=options.text_exports)
        return stage

    return factory


def _stage_factories() -> list[StageFactory]:
    rdf_factory = _rdf_factory()
    return [rdf_factory, *STAGES] if rdf_factory is not None else list(STAGES)


def _legacy_stages() -> list[LegacyStage]:
    """EXTRA_STAGES, less the older whole-corpus RDF stage once the streaming one exists."""
    from plankg.graph import rdf

    legacy_rdf = getattr(rdf, "rdf_stage", None)
    streaming = getattr(rdf, "RdfStage", None) is not None
    stages = [s for s in EXTRA_STAGES if not (streaming and s is legacy_rdf)]
    if not streaming and legacy_rdf is not None and legacy_rdf not in stages:
        stages.append(legacy_rdf)
    return stages
