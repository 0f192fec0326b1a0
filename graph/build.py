"""`plankg build`: documents → a build folder (graph, stores, exports, report).

The folder is written beside the target under a temporary name and swapped into place at
the end, so an interrupted build never leaves a half-written folder behind.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from plankg.errors import InputError
from plankg.fileio import atomic_write_text
from plankg.graph.exports import GRAPH_FILE, save_property_graph, write_graphml, write_neo4j_csv
from plankg.graph.property import PropertyGraph, build_property_graph
from plankg.loaders.export import extraction_to_json
from plankg.loaders.extract import extract, iter_document_paths
from plankg.models import Extraction

REPORT_FILE = "report.json"
EXTRACTIONS_DIR = "extractions"
BUILD_MARKER = ".plankg-build"


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


# Extra build stages (RDF store, exports) register here so the pipeline stays one function.
Stage = Callable[[list[Extraction], PropertyGraph, Path, BuildReport], None]
EXTRA_STAGES: list[Stage] = []


def build(
    target: Path, out: Path, progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None
) -> BuildReport:
    """Extract every document under `target` and write the build folder `out`."""
    started = time.perf_counter()
    _check_out(out)
    paths = list(iter_document_paths(target))
    iterate = progress(paths) if progress else paths
    extractions = [extract(path) for path in iterate]
    graph = build_property_graph(extractions)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a build folder is an ordinary folder
    try:
        report = _report(extractions, graph)
        (staging / BUILD_MARKER).write_text("plankg build folder\n", encoding="utf-8")
        for extraction in extractions:
            name = f"{extraction.document.id}.json"
            payload = json.dumps(extraction_to_json(extraction), ensure_ascii=False, indent=2)
            atomic_write_text(staging / EXTRACTIONS_DIR / name, payload)
        save_property_graph(graph, staging / GRAPH_FILE)
        write_graphml(graph, staging / "graph.graphml")
        write_neo4j_csv(graph, staging / "neo4j-import")
        for stage in EXTRA_STAGES:
            stage(extractions, graph, staging, report)
        report.seconds = round(time.perf_counter() - started, 3)
        atomic_write_text(staging / REPORT_FILE, report.to_json())
        _swap_into_place(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return report


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


def _report(extractions: list[Extraction], graph: PropertyGraph) -> BuildReport:
    report = BuildReport()
    report.documents = [e.document.id for e in extractions]
    report.nodes_by_label = dict(sorted(Counter(n.label for n in graph.nodes.values()).items()))
    report.edges_by_type = dict(sorted(Counter(e.type for e in graph.edges).items()))
    for extraction in extractions:
        doc_id = extraction.document.id
        report.references += len(extraction.references)
        report.unresolved_references += [
            f"{doc_id}: {r.id}" for r in extraction.references if r.kind != "numbered"
        ]
        report.repaired_references += [
            {
                "document": doc_id,
                "id": r.id,
                "raw": sorted({m.raw_id for m in r.mentions if m.raw_id != r.id}),
            }
            for r in extraction.references
            if r.repaired
        ]
        report.unassigned_tasks += [t.id for t in extraction.tasks if not t.lead]
        report.warnings += [
            {"document": doc_id, "line": w.line, "message": w.message} for w in extraction.warnings
        ]
    return report


def _register_rdf_stage() -> None:
    """The RDF stage (store, Turtle, JSON-LD, N-Triples, SHACL report) runs after the exports."""
    from plankg.graph.rdf import rdf_stage

    if rdf_stage not in EXTRA_STAGES:
        EXTRA_STAGES.append(rdf_stage)


_register_rdf_stage()
