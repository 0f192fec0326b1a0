"""Incremental updates of a build folder: add, replace and remove documents without a full rebuild.

`update_build(build, add=[extraction, …], remove=[doc_id, …])` gives exactly the folder a full build
of the resulting document set gives: the same graph.json (nodes with the same properties, the same
multiset of edges), extractions, report counts and lines, GraphML/CSV exports, and (through
`update_store`, graph.store_update) the same SPARQL store. An extraction whose document id is already in
the build replaces that document. How removal stays exact is told in graph.ledger; why shared nodes
come out the same whatever the order documents arrive in, in graph.property.

Crash safety. Every new file is first written under BUILD/.update/files/ (nothing in the build
changes yet), then the SPARQL store is updated in one transaction; if that fails, the staged files
are dropped and the build is as before. Once the store has committed, a plan (BUILD/.update/COMMIT)
lists the files to move into place and to delete, and the moves are made (each one a rename). An
update interrupted after the plan was written is finished by the next update (or `recover`); one
interrupted before is rolled back. Only a crash in the instant between the store's commit and the
plan's rename leaves the store ahead of the files: adding the same documents again repairs it.
Updates of one build are serialized by a lock file (BUILD/.update.lock).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from plankg.errors import InputError
from plankg.fileio import atomic_write_bytes, atomic_write_text
from plankg.graph.build import (
    BUILD_MARKER,
    EXTRACTIONS_DIR,
    GRAPHML_FILE,
    NEO4J_DIR,
    REPORT_FILE,
    BuildReport,
    document_summary,
    write_extraction,
    write_graph_exports,
)
from plankg.graph.exports import GRAPH_FILE, dump_json, graph_to_bytes, load_property_graph
from plankg.graph.ledger import (
    LEDGER_DIR,
    SHARED_FILE,
    LedgerEntry,
    entry_path,
    read_entry,
    read_views,
    views_to_bytes,
    write_entry,
)
from plankg.graph.property import Edge, Node, PropertyGraph, document_part, merge_shared
from plankg.graph.store_update import StoreUpdate, update_store
from plankg.models import Extraction

UPDATE_DIR = ".update"
COMMIT_FILE = "COMMIT"
LOCK_FILE = ".update.lock"
STORE_DIR = "store"  # graph.sparql.STORE_DIR
# GraphML and the neo4j-admin CSVs are rewritten whole; above this size of graph.json (about 1,300
# synthetic documents, ~5 s of writing) an update leaves them as they were, flagged in report.json.
EXPORT_REGENERATE_LIMIT = 64 * 1024 * 1024
_DOC_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")  # what header.document_id mints (a slug)


@dataclass
class UpdateReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    nodes_added: int = 0
    nodes_removed: int = 0
    nodes_changed: int = 0  # shared nodes whose merged properties changed
    edges_added: int = 0
    edges_removed: int = 0
    store: StoreUpdate | None = None  # what the SPARQL store's update did (None: the build has no store)
    exports: str = "none"  # GraphML + neo4j-admin CSVs: "regenerated", "stale" (too large) or "none"
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step
    graph: PropertyGraph | None = field(default=None, repr=False, compare=False)  # the updated graph

    def to_json(self) -> str:
        data = {k: v for k, v in asdict(self).items() if k not in ("graph", "store")}
        data["store"] = asdict(self.store) if self.store is not None else None
        return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def update_build(
    build: Path,
    *,
    add: Sequence[Extraction] = (),
    remove: Sequence[str] = (),
    graph: PropertyGraph | None = None,
) -> UpdateReport:
    """Remove the documents `remove` (ids) and add or replace those of `add`, exactly as a full build.

    `graph` is the build's current graph when the caller holds it (the web app), to save reading
    graph.json; it is not modified. The updated graph is `UpdateReport.graph`.
    """
    started = time.perf_counter()
    check_build(build)
    with _locked(build):
        _recover(build)
        plan = _Plan(build)
        result = plan.compute(list(add), list(remove), graph)
        plan.stage()
        result.timings["stage"] = round(time.perf_counter() - started - sum(result.timings.values()), 3)
        mark = time.perf_counter()
        try:
            result.store = _update_store(build, plan.added, plan.removed)
        except BaseException:
            shutil.rmtree(build / UPDATE_DIR, ignore_errors=True)
            raise
        result.timings["store"] = round(time.perf_counter() - mark, 3)
        mark = time.perf_counter()
        plan.commit(result.store)
        result.timings["commit"] = round(time.perf_counter() - mark, 3)
    result.seconds = round(time.perf_counter() - started, 3)
    return result


def add_documents(build: Path, paths: Sequence[Path], *, jobs: int | None = None) -> UpdateReport:
    """Extract the documents at `paths` (files or folders) and add them; a known id is replaced."""
    from plankg.loaders.extract import iter_document_paths
    from plankg.loaders.parallel import extract_many

    check_build(build)
    files = [path for each in paths for path in iter_document_paths(each)]
    return update_build(build, add=list(extract_many(files, jobs=jobs)))


def remove_documents(build: Path, doc_ids: Sequence[str]) -> UpdateReport:
    """Remove the documents `doc_ids` and exactly their facts."""
    if not doc_ids:
        raise InputError("give at least one document id to remove")
    return update_build(build, remove=list(doc_ids))


def check_build(build: Path) -> None:
    if not (build / BUILD_MARKER).is_file() or not (build / GRAPH_FILE).is_file():
        raise InputError(f"{build} is not a plankg build folder (run `plankg build … --out {build}` first)")
    if not (build / LEDGER_DIR / SHARED_FILE).is_file():
        raise InputError(f"{build} was built by an older plankg (no ledger): rebuild it with `plankg build`")


def build_documents(build: Path) -> list[str]:
    """The ids of the documents in the build, in report order."""
    try:
        report = json.loads((build / REPORT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read {build / REPORT_FILE}: {exc}") from exc
    return [str(d) for d in report.get("documents", [])]


# ------------------------------------------------------------------------------------- the update


class _Plan:
    """One update: computed in memory, staged under BUILD/.update/files, then committed."""

    def __init__(self, build: Path) -> None:
        self.build = build
        self.staging = build / UPDATE_DIR / "files"
        self.added: list[Extraction] = []
        self.removed: list[str] = []  # removed, not replaced
        self.replace: list[str] = []  # build-relative paths of staged files
        self.delete: list[str] = []
        self.graph = PropertyGraph()
        self.views: dict[str, dict[str, Node]] = {}
        self.report: dict[str, Any] = {}
        self.entries: list[LedgerEntry] = []
        self.exports = "none"

    def compute(self, add: list[Extraction], remove: list[str], graph: PropertyGraph | None) -> UpdateReport:
        started = time.perf_counter()
        report = self._read_report()
        documents = [str(d) for d in report.get("documents", [])]
        known = set(documents)
        adding = _check_ids(add, remove, known)
        dropped = set(remove) | (adding & known)
        result = UpdateReport(
            added=[e.document.id for e in add if e.document.id not in known],
            replaced=[e.document.id for e in add if e.document.id in known],
            removed=[d for d in dict.fromkeys(remove) if d not in adding],
        )
        old = graph if graph is not None else load_property_graph(self.build / GRAPH_FILE)
        views = read_views(self.build)
        result.timings["load"] = round(time.perf_counter() - started, 3)
        mark = time.perf_counter()

        entries = {doc: read_entry(self.build, doc) for doc in sorted(dropped)}
        nodes = dict(old.nodes)  # a new dict: the caller's graph is left as it was
        owned_gone = {key for entry in entries.values() for key in entry.owned}
        for key in owned_gone:
            nodes.pop(key, None)
        touched: set[str] = set()
        for doc, entry in entries.items():
            for key in entry.shared:
                views.get(key, {}).pop(doc, None)
                touched.add(key)
        edges = _drop_edges(
            old.edges, owned_gone, [e for entry in entries.values() for e in entry.loose_edges]
        )
        result.edges_removed = len(old.edges) - len(edges)

        new_summaries: dict[str, dict[str, Any]] = {}
        for extraction in add:
            part = document_part(extraction)
            clash = next((key for key in part.owned if key in nodes), None)
            if clash is not None:
                raise InputError(
                    f"{extraction.document.id}: node {clash} already belongs to another document"
                )
            nodes.update(part.owned)
            edges.extend(part.edges)
            result.edges_added += len(part.edges)
            for key, node in part.shared.items():
                views.setdefault(key, {})[part.document] = node
                touched.add(key)
            summary = document_summary(extraction)
            new_summaries[part.document] = summary
            self.entries.append(LedgerEntry.of(part, summary))
        for key in touched:
            if views.get(key):
                nodes[key] = merge_shared(views[key])
            else:
                views.pop(key, None)
                nodes.pop(key, None)
        result.nodes_added = sum(1 for key in nodes if key not in old.nodes)
        result.nodes_removed = sum(1 for key in old.nodes if key not in nodes)
        result.nodes_changed = sum(
            1
            for key in touched
            if key in nodes and key in old.nodes and nodes[key].props != old.nodes[key].props
        )
        self.graph = PropertyGraph(nodes=nodes, edges=edges)
        self.views = views
        self.added = add
        self.removed = result.removed
        self.report = _updated_report(report, documents, entries, new_summaries, self.graph)
        if (self.build / GRAPHML_FILE).is_file():
            small = (self.build / GRAPH_FILE).stat().st_size <= EXPORT_REGENERATE_LIMIT
            self.exports = "regenerated" if small else "stale"
        result.exports = self.exports
        result.graph = self.graph
        result.timings["compute"] = round(time.perf_counter() - mark, 3)
        return result

    def _read_report(self) -> dict[str, Any]:
        try:
            data = json.loads((self.build / REPORT_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot read {self.build / REPORT_FILE}: {exc}") from exc
        if not isinstance(data, dict):
            raise InputError(f"{self.build / REPORT_FILE} is not a build report")
        return data

    def stage(self) -> None:
        """Write every new file under BUILD/.update/files (the build itself is not touched)."""
        shutil.rmtree(self.build / UPDATE_DIR, ignore_errors=True)
        self.staging.mkdir(parents=True)
        self._put(GRAPH_FILE, graph_to_bytes(self.graph))
        self._put(f"{LEDGER_DIR}/{SHARED_FILE}", views_to_bytes(self.views))
        for extraction in self.added:
            write_extraction(self.staging, extraction)
            self.replace.append(f"{EXTRACTIONS_DIR}/{extraction.document.id}.json")
        for entry in self.entries:
            write_entry(self.staging, entry)
            self.replace.append(entry_path(Path(), entry.document).as_posix())
        for doc in self.removed:
            self.delete += [f"{EXTRACTIONS_DIR}/{doc}.json", entry_path(Path(), doc).as_posix()]
        if self.exports == "regenerated":
            write_graph_exports(self.graph, self.staging)
            self.replace += [GRAPHML_FILE, NEO4J_DIR]

    def _put(self, relative: str, data: bytes) -> None:
        atomic_write_bytes(self.staging / relative, data)
        self.replace.append(relative)

    def commit(self, store: StoreUpdate | None) -> None:
        """After the store's commit: the report (with the store's figures), the plan, the moves."""
        self.write_plan(store)
        _apply(self.build)

    def write_plan(self, store: StoreUpdate | None) -> None:
        """Stage the report and write the plan: from here on the update is finished, not undone."""
        if store is not None:
            triples = int(self.report.get("triples") or 0) + store.triples_added - store.triples_removed
            self.report["triples"] = max(0, triples)
            if store.report_conforms is not None:  # the build's SHACL report, updated
                self.report["shacl_conforms"] = store.report_conforms
                self.report["shacl_violations"] = store.report_violations
            if store.exports == "stale":  # too large to rewrite at each update
                self.report["rdf_exports_stale"] = True
        if self.exports == "stale":
            self.report["graph_exports_stale"] = True
        self._put(REPORT_FILE, (json.dumps(self.report, ensure_ascii=False, indent=2)).encode("utf-8"))
        plan = {"replace": self.replace, "delete": self.delete}
        atomic_write_text(self.build / UPDATE_DIR / COMMIT_FILE, json.dumps(plan, ensure_ascii=False))


def _check_ids(add: list[Extraction], remove: list[str], known: set[str]) -> set[str]:
    adding: set[str] = set()
    for extraction in add:
        doc_id = extraction.document.id
        if not _DOC_ID_RE.match(doc_id):
            raise InputError(f"unexpected document id {doc_id!r}")
        if doc_id in adding:
            raise InputError(f"two of the documents to add have the id {doc_id} (same province and number)")
        adding.add(doc_id)
    unknown = [d for d in remove if d not in known]
    if unknown:
        sample = ", ".join(sorted(known)[:5]) + (", …" if len(known) > 5 else "")
        raise InputError(
            f"no document {', '.join(unknown)} in this build (it has {len(known)}: {sample or 'none'})"
        )
    if not add and not remove:
        raise InputError("nothing to add or remove")
    return adding


def _drop_edges(edges: list[Edge], owned_gone: set[str], loose: list[Edge]) -> list[Edge]:
    """`edges` less every edge touching a removed owned node and (as a multiset) the `loose` edges."""
    wanted = Counter((e.source, e.type, e.target, dump_json(e.props)) for e in loose)
    ends = {(s, t, o) for s, t, o, _ in wanted}
    kept = []
    for edge in edges:
        if edge.source in owned_gone or edge.target in owned_gone:
            continue
        if (edge.source, edge.type, edge.target) in ends:
            signature = (edge.source, edge.type, edge.target, dump_json(edge.props))
            if wanted[signature] > 0:
                wanted[signature] -= 1
                continue
        kept.append(edge)
    missing = sum(wanted.values())
    if missing:
        raise InputError(f"the ledger lists {missing} edges graph.json lacks: rebuild with `plankg build`")
    return kept


def _updated_report(
    report: dict[str, Any],
    documents: list[str],
    entries: dict[str, LedgerEntry],
    new: dict[str, dict[str, Any]],
    graph: PropertyGraph,
) -> dict[str, Any]:
    """report.json with the lines of the dropped documents out and those of the new ones in."""
    gone = set(entries)
    updated = BuildReport()
    updated.documents = [d for d in documents if d not in gone or d in new]  # a replaced one keeps its place
    updated.documents += [d for d in new if d not in updated.documents]
    updated.references = int(report.get("references", 0)) - sum(
        int(e.summary.get("references", 0)) for e in entries.values()
    )
    updated.unresolved_references = [
        r for r in report.get("unresolved_references", []) if str(r).split(": ", 1)[0] not in gone
    ]
    repaired = report.get("repaired_references", [])
    updated.repaired_references = [r for r in repaired if r.get("document") not in gone]
    owned_tasks = {task for e in entries.values() for task in e.summary.get("unassigned_tasks", [])}
    updated.unassigned_tasks = [t for t in report.get("unassigned_tasks", []) if t not in owned_tasks]
    updated.warnings = [w for w in report.get("warnings", []) if w.get("document") not in gone]
    for summary in new.values():
        updated.references += summary["references"]
        updated.unresolved_references += summary["unresolved_references"]
        updated.repaired_references += summary["repaired_references"]
        updated.unassigned_tasks += summary["unassigned_tasks"]
        updated.warnings += summary["warnings"]
    updated.count(graph)
    kept = ("triples", "shacl_conforms", "shacl_violations", "seconds")  # the store's, and the build's time
    return {**report, **{k: v for k, v in asdict(updated).items() if k not in kept}}


# ------------------------------------------------------------------------------- commit, recovery


def _apply(build: Path) -> None:
    """Carry out BUILD/.update/COMMIT (again, if it was interrupted): moves, deletions, clean-up."""
    update = build / UPDATE_DIR
    plan = json.loads((update / COMMIT_FILE).read_text(encoding="utf-8"))
    trash = update / "trash"
    for relative in plan["replace"]:
        source, target = update / "files" / relative, build / relative
        if not source.exists() and not source.is_symlink():
            continue  # moved before an interruption
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            if target.exists():
                trash.mkdir(exist_ok=True)
                target.rename(trash / f"{len(list(trash.iterdir()))}-{target.name}")
            source.rename(target)
        else:
            os.replace(source, target)
    for relative in plan["delete"]:
        (build / relative).unlink(missing_ok=True)
    shutil.rmtree(update, ignore_errors=True)


def recover(build: Path) -> bool:
    """Finish an update interrupted after its commit, or drop one interrupted before. True if one was."""
    if not (build / UPDATE_DIR).exists():
        return False
    with _locked(build):
        return _recover(build)


def _recover(build: Path) -> bool:
    update = build / UPDATE_DIR
    if not update.exists():
        return False
    if (update / COMMIT_FILE).is_file():
        _apply(build)
    else:
        shutil.rmtree(update, ignore_errors=True)
    return True


@contextlib.contextmanager
def _locked(build: Path) -> Iterator[None]:
    """One update of a build at a time, across processes (an advisory lock file)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: in-process callers still serialize through their own locks
        yield
        return
    with open(build / LOCK_FILE, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _update_store(build: Path, add: list[Extraction], remove: list[str]) -> StoreUpdate | None:
    """The SPARQL store's update (graph.store_update), in its own transaction; None for a build
    without a store."""
    if not (build / STORE_DIR).is_dir():
        return None
    return update_store(build, add=add, remove=remove)
