"""Incremental updates of a build's SPARQL store: add, replace and remove documents, exactly.

The store written by `graph.rdf.RdfStage` keeps, beside the default graph that queries read,
one named graph per document (named by the document's IRI) holding

- the document's own statements about shared nodes (legal documents, agencies, provinces,
  concepts, instants), as `document_rdf` gives them for the document alone, and
- `(document, store:owns, "node IRI\nnode IRI…")`: every node minted from the document.

`update_store` then removes a document's owned triples (subject or object one of its nodes),
re-merges every shared node it touched from the statements of the documents that remain
(`merge_node`, the very function the full build uses), and adds the new documents the same way.
The result is exactly the store a full build of the resulting document set gives.

Steps: everything is computed first (an extraction that makes the RDF builder raise leaves the
store untouched), the changed part is SHACL-validated, then the whole change is applied as ONE
SPARQL update (`DELETE DATA {…} ; INSERT DATA {…}`), which Oxigraph applies in one transaction:
all of it or nothing. The update text is made of RDF terms serialized by Oxigraph's N-Triples
writer after parsing (never of raw document text), so no value can leave the literal it is in.

Text exports (graph.nt/.ttl/.jsonld) are regenerated, from the previous graph.nt filtered and
the new triples, when graph.nt is at most `EXPORT_REGENERATE_LIMIT` bytes; above that (or when
the build has none) they are left as they were, `StoreUpdate.exports` says "stale" (or "none")
for the caller to record, and the file `STALE_EXPORTS_FILE` in the build keeps them stale for
every later update (a full build writes them afresh). `validate=False` leaves the SHACL report
file as it was. The SHACL report file is updated: results about the nodes
that changed are replaced by the validation of the changed part. New files are written to
temporary names and renamed into place after the store committed.
"""

from __future__ import annotations

import shutil
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from plankg.errors import InputError, QueryError
from plankg.graph.rdf import (
    CONTEXT_FILE,
    JSONLD_FILE,
    NT_FILE,
    SHACL_REPORT_FILE,
    STORE,
    DocumentRdf,
    Triple,
    bookkeeping_triples,
    compact_nodes,
    doc_iri,
    document_rdf,
    from_ox,
    is_owned,
    jsonld_node_iri,
    merge_node,
    nt_lines,
    vocabulary_triples,
    write_text_exports,
)
from plankg.graph.shacl import Validation, start_validation
from plankg.models import Extraction
from plankg.ontology.namespaces import PREFIXES, bind_prefixes

__all__ = ["EXPORT_REGENERATE_LIMIT", "STALE_EXPORTS_FILE", "StoreUpdate", "update_store"]

STALE_EXPORTS_FILE = ".rdf-exports-stale"  # in the build once an update could not rewrite the exports
EXPORT_REGENERATE_LIMIT = 32 * 1024 * 1024  # bytes of graph.nt (≈ 150,000 triples) rewritten at updates


@dataclass
class StoreUpdate:
    """What `update_store` changed. Triple counts are of the default graph (what queries read):
    a build's triple count after the update is its count before + triples_added − triples_removed."""

    added: list[str] = field(default_factory=list)  # document ids new to the store
    replaced: list[str] = field(default_factory=list)  # document ids whose facts were replaced
    removed: list[str] = field(default_factory=list)
    triples_added: int = 0
    triples_removed: int = 0
    shared_nodes: int = 0  # shared nodes re-merged
    seconds: float = 0.0
    shacl_conforms: bool | None = None  # the changed part (None: not validated)
    shacl_violations: int | None = None
    shacl_warnings: int | None = None
    report_conforms: bool | None = None  # the build's SHACL report after the update (None: none)
    report_violations: int | None = None
    exports: str = "none"  # "regenerated" | "stale" | "none" (the build has no text exports)


def update_store(
    build: Path,
    *,
    add: Sequence[Extraction] = (),
    remove: Sequence[str] = (),
    validate: bool = True,
) -> StoreUpdate:
    """Remove the documents `remove` (Document.id values) and add `add` in one transaction.

    An added document whose id is already in the store replaces it (as does one both removed
    and added). Touched shared nodes are re-merged exactly as a full build merges them.
    `validate`: SHACL-validate the changed part (results in the update and the report file).
    Raises InputError for an unknown id to remove or a duplicate id to add, QueryError when
    the store is missing or busy.
    """
    started = time.perf_counter()
    if not add and not remove:
        return StoreUpdate()
    ids = [e.document.id for e in add]
    duplicates = sorted(doc_id for doc_id, n in Counter(ids).items() if n > 1)
    if duplicates:
        raise InputError(f"documents to add share the id {', '.join(duplicates)}")
    store = _open_writable(build)
    try:
        result = _update(store, build, add, remove, validate)
    except BaseException as exc:
        # the failed frames hold the store: clear them so it closes (and unlocks) right away
        traceback.clear_frames(exc.__traceback__)
        raise
    finally:
        del store  # closes the store (RocksDB) and releases its lock
    result.seconds = round(time.perf_counter() - started, 3)
    return result


def _update(
    store: Any, build: Path, add: Sequence[Extraction], remove: Sequence[str], validate: bool
) -> StoreUpdate:
    plan = _Plan(store)
    plan.check_bookkeeping(build)
    for doc_id in remove:
        if not plan.exists(doc_id):
            raise InputError(f"no document {doc_id!r} in the store of {build}")
    ids = [e.document.id for e in add]
    result = StoreUpdate(
        added=[i for i in ids if not plan.exists(i)],
        replaced=[i for i in ids if plan.exists(i)],
        removed=[i for i in dict.fromkeys(remove) if i not in ids],
    )
    new = [document_rdf(extraction) for extraction in add]  # raises before anything is written
    plan.compute(old=[*result.replaced, *result.removed], new=new)
    result.triples_added = len(plan.insert_default)
    result.triples_removed = len(plan.delete_default)
    result.shared_nodes = len(plan.touched)
    validation = _validate(store, plan, new) if validate else None
    staging = Path(tempfile.mkdtemp(prefix=".store-update-", dir=build))
    try:
        result.exports = _prepare_exports(build, staging, plan, new)
        if validation is not None:
            result.shacl_conforms = validation.conforms
            result.shacl_violations = validation.violations
            result.shacl_warnings = validation.warnings
            report = _prepare_shacl_report(build, staging, plan, validation)
            if report is not None:
                result.report_conforms, result.report_violations = report
        plan.apply()
        for prepared in sorted(staging.iterdir()):
            prepared.replace(build / prepared.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return result


def _open_writable(build: Path) -> Any:
    import pyoxigraph as ox

    from plankg.graph.sparql import STORE_DIR

    path = build / STORE_DIR
    if not path.is_dir():
        raise QueryError(f"no SPARQL store in {build} (expected {path}); run `plankg build` first")
    try:
        return ox.Store(str(path))
    except OSError as exc:
        raise QueryError(
            f"cannot open the store {path} for writing (in use by another update?): {exc}"
        ) from exc


# ------------------------------------------------------------------------------------- terms


def _ox_quads(lines: Iterable[str]) -> list[Any]:
    """N-Quads lines → Oxigraph quads (parsed, so every term is checked before the update runs)."""
    import pyoxigraph as ox

    return list(ox.parse("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_QUADS))


# -------------------------------------------------------------------------------------- plan


class _Plan:
    """The quads to delete and insert, computed from the store before anything is written."""

    def __init__(self, store: Any) -> None:
        import pyoxigraph as ox

        self.ox = ox
        self.store = store
        self.delete_default: set[Any] = set()  # ox quads in the default graph
        self.insert_default: set[Any] = set()
        self.delete_named: list[Any] = []  # ox quads in the documents' graphs
        self.insert_named: list[Any] = []
        self.dropped: list[str] = []  # graphs of removed documents
        self.touched: set[URIRef] = set()  # shared nodes re-merged
        self.removed_nodes: set[str] = set()  # owned nodes of removed / replaced documents
        self.new_nodes: set[str] = set()  # owned nodes of added documents
        self.merged: dict[URIRef, list[Triple]] = {}  # touched node → its merged triples after
        self._exists: dict[str, bool] = {}

    def check_bookkeeping(self, build: Path) -> None:
        """Refuse a store without the documents' graphs (written by a plankg before them)."""
        ox = self.ox
        owns = self.store.quads_for_pattern(None, ox.NamedNode(str(STORE.owns)), None, None)
        if next(iter(owns), None) is not None:
            return
        plan_document = ox.NamedNode("https://w3id.org/plankg/ontology#PlanDocument")
        documents = self.store.quads_for_pattern(
            None, ox.NamedNode(str(RDF.type)), plan_document, ox.DefaultGraph()
        )
        if next(iter(documents), None) is not None:
            raise QueryError(
                f"the SPARQL store of {build} has no per-document bookkeeping (built by an older plankg); "
                "rebuild it with `plankg build` to update it incrementally"
            )

    def exists(self, doc_id: str) -> bool:
        if doc_id not in self._exists:
            node = self.ox.NamedNode(str(doc_iri(doc_id)))
            marker = self.store.quads_for_pattern(node, self.ox.NamedNode(str(STORE.owns)), None, node)
            self._exists[doc_id] = next(iter(marker), None) is not None
        return self._exists[doc_id]

    def compute(self, *, old: Sequence[str], new: Sequence[DocumentRdf]) -> None:
        ox, store = self.ox, self.store
        kept = {document.id for document in new}
        self.dropped = [str(ox.NamedNode(str(doc_iri(i)))) for i in old if i not in kept]
        default = ox.DefaultGraph()
        owns = str(STORE.owns)
        delta: Counter[Triple] = Counter()  # change in the number of documents stating a triple
        for doc_id in old:
            graph = ox.NamedNode(str(doc_iri(doc_id)))
            for quad in store.quads_for_pattern(None, None, None, graph):
                self.delete_named.append(quad)
                if quad.predicate.value == owns:
                    self.removed_nodes.update(quad.object.value.split("\n"))
                    continue
                triple = (from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object))
                delta[triple] -= 1
                self.touched.add(triple[0])
        for value in self.removed_nodes:
            node = ox.NamedNode(value)
            self.delete_default.update(store.quads_for_pattern(node, None, None, default))
            self.delete_default.update(store.quads_for_pattern(None, None, node, default))
        for document in new:
            self.new_nodes |= {str(node) for node in document.owned_nodes()}
            delta.update(document.shared)
            self.touched.update(s for s, _p, _o in document.shared)
            self.insert_default.update(_ox_quads(nt_lines(document.owned)))
            self.insert_named += _ox_quads(nt_lines(document.shared, document.iri))
            self.insert_named += _ox_quads(nt_lines(bookkeeping_triples(document), document.iri))
        by_subject: dict[URIRef, Counter[tuple[URIRef, Any]]] = {}
        for (s, p, o), n in delta.items():
            by_subject.setdefault(s, Counter())[p, o] += n
        for subject in sorted(self.touched):
            counts = self._stated(subject)
            before = self._current(subject, {p for p, _o in counts})  # the store is consistent
            counts.update(by_subject.get(subject, Counter()))
            after = merge_node(subject, counts)
            self.merged[subject] = after
            after_quads = set(_ox_quads(nt_lines(after)))
            self.delete_default |= before - after_quads
            self.insert_default |= after_quads - before
        same = self.delete_default & self.insert_default  # a replaced document's unchanged triples
        self.delete_default -= same
        self.insert_default -= same

    def _stated(self, subject: URIRef) -> Counter[tuple[URIRef, Any]]:
        """(predicate, object) → how many documents' graphs state it about `subject` (now)."""
        from plankg.graph.sparql import ONTOLOGY_GRAPH

        ox = self.ox
        query = (
            "SELECT ?s ?p ?o (COUNT(?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            f"FILTER(?g != <{ONTOLOGY_GRAPH}>) }} GROUP BY ?s ?p ?o"
        )
        counts: Counter[tuple[URIRef, Any]] = Counter()
        for row in self.store.query(query, substitutions={ox.Variable("s"): ox.NamedNode(str(subject))}):
            counts[from_ox(row["p"]), from_ox(row["o"])] = int(row["n"].value)
        return counts

    def _current(self, subject: URIRef, predicates: Iterable[URIRef]) -> set[Any]:
        """The merged triples of `subject` in the default graph now: those of the predicates the
        documents state about it (so not its links to their nodes, `pkg:hasMention`, which a
        widely cited decree has thousands of)."""
        ox = self.ox
        node, default = ox.NamedNode(str(subject)), ox.DefaultGraph()
        found: set[Any] = set()
        for predicate in predicates:
            for quad in self.store.quads_for_pattern(node, ox.NamedNode(str(predicate)), None, default):
                if not (isinstance(quad.object, ox.NamedNode) and is_owned(URIRef(quad.object.value))):
                    found.add(quad)
        return found

    def apply(self) -> None:
        """One SPARQL update, one transaction: all of the change or none of it."""
        ox = self.ox
        if not (self.delete_default or self.insert_default or self.delete_named or self.insert_named):
            return
        text = (
            f"DELETE DATA {{ {_data(ox, self.delete_default, self.delete_named)} }} ;\n"
            f"INSERT DATA {{ {_data(ox, self.insert_default, self.insert_named)} }}"
        )
        for graph in self.dropped:  # an emptied graph would still be listed among the named graphs
            text += f" ;\nDROP SILENT GRAPH {graph}"
        self.store.update(text)
        self.store.flush()


def _data(ox: Any, default: Iterable[Any], named: Iterable[Any]) -> str:
    """Quad data for DELETE/INSERT DATA: N-Triples written by Oxigraph, named graphs in GRAPH blocks."""
    parts = [ox.serialize((q.triple for q in default), format=ox.RdfFormat.N_TRIPLES).decode("utf-8")]
    graphs: dict[str, list[Any]] = {}
    for quad in named:
        graphs.setdefault(str(quad.graph_name), []).append(quad.triple)
    for name, triples in graphs.items():
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        parts.append(f"GRAPH {name} {{\n{body}}}\n")
    return "\n".join(parts)


# -------------------------------------------------------------------------------- validation


def _validate(store: Any, plan: _Plan, new: Sequence[DocumentRdf]) -> Validation:
    """SHACL on the changed part: the new documents' owned triples, the touched shared nodes as
    merged after the update, the types of the nodes these point to; results about other nodes
    (context) are dropped."""
    import pyoxigraph as ox

    graph = bind_prefixes(Graph())
    for document in new:
        for triple in document.owned:
            graph.add(triple)
    for triples in plan.merged.values():
        for triple in triples:
            graph.add(triple)
    for triple in vocabulary_triples():
        graph.add(triple)
    subjects = set(graph.subjects())
    rdf_type = ox.NamedNode(str(RDF.type))
    for target in {o for o in graph.objects() if isinstance(o, URIRef) and o not in subjects}:
        for quad in store.quads_for_pattern(ox.NamedNode(str(target)), rdf_type, None, ox.DefaultGraph()):
            graph.add((target, RDF.type, from_ox(quad.object)))
    validation = start_validation(graph, workers=1).result()
    return _restrict(validation, plan.new_nodes | {str(node) for node in plan.touched})


def _restrict(validation: Validation, focus: set[str]) -> Validation:
    """Only the results about the `focus` nodes."""
    graph = validation.results_graph
    results, report = _new_report()
    for node in _results(graph):
        if str(graph.value(node, SH.focusNode)) in focus:
            _copy_result(graph, results, report, node)
    return _conformance(results, report)


def _new_report() -> tuple[Graph, BNode]:
    results = Graph()
    report = BNode()
    results.add((report, RDF.type, SH.ValidationReport))
    return results, report


def _results(graph: Graph) -> list[Any]:
    report = graph.value(predicate=RDF.type, object=SH.ValidationReport)
    return [] if report is None else list(graph.objects(report, SH.result))


def _copy_result(source: Graph, target: Graph, report: Any, node: Any) -> None:
    """One validation result and the blank nodes under it."""
    target.add((report, SH.result, node))
    todo, seen = [node], {node}
    while todo:
        current = todo.pop()
        for _s, p, o in source.triples((current, None, None)):
            target.add((current, p, o))
            if isinstance(o, BNode) and o not in seen:
                seen.add(o)
                todo.append(o)


def _conformance(results: Graph, report: Any) -> Validation:
    violation = any(
        results.value(n, SH.resultSeverity) == SH.Violation for n in results.objects(report, SH.result)
    )
    results.set((report, SH.conforms, Literal(not violation)))
    return Validation.from_results(results)


def _prepare_shacl_report(
    build: Path, staging: Path, plan: _Plan, validation: Validation
) -> tuple[bool, int] | None:
    """The build's SHACL report with the results about changed nodes replaced by `validation`'s
    (staged; rewritten only when it changes). Read and written by Oxigraph: a sampled report of
    a large build holds thousands of results. Returns (conforms, violations); None without one."""
    import pyoxigraph as ox

    path = build / SHACL_REPORT_FILE
    if not path.is_file():
        return None
    sh = str(SH)
    result_p, focus_p, severity_p = (
        ox.NamedNode(sh + name) for name in ("result", "focusNode", "resultSeverity")
    )
    conforms_p, violation = ox.NamedNode(sh + "conforms"), ox.NamedNode(sh + "Violation")
    old = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    reports = [
        t.subject
        for t in old
        if t.predicate.value == str(RDF.type) and t.object.value == sh + "ValidationReport"
    ]
    if not reports:
        return None
    report = reports[0]
    changed = plan.removed_nodes | plan.new_nodes | {str(n) for n in plan.touched}
    focus = {t.subject: t.object for t in old if t.predicate == focus_p}
    dropped = {
        t.object
        for t in old
        if t.subject == report
        and t.predicate == result_p
        and getattr(focus.get(t.object), "value", None) in changed
    }
    fresh = list(
        ox.parse(
            validation.results_graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES
        )
    )
    new_report = next(
        (
            t.subject
            for t in fresh
            if t.predicate.value == str(RDF.type) and t.object.value == sh + "ValidationReport"
        ),
        None,
    )
    added = [t.object for t in fresh if t.subject == new_report and t.predicate == result_p]
    triples = [
        t
        for t in old
        if not (
            t.subject == report
            and (t.predicate == conforms_p or (t.predicate == result_p and t.object in dropped))
        )
    ]
    triples += [t for t in fresh if t.subject != new_report]
    triples += [ox.Triple(report, result_p, node) for node in added]
    by_subject: dict[Any, list[Any]] = {}
    for t in triples:
        by_subject.setdefault(t.subject, []).append(t)
    kept, todo, seen = [], [report], {report}  # what the report still reaches (shapes are shared)
    while todo:
        for t in by_subject.get(todo.pop(), ()):
            kept.append(t)
            if isinstance(t.object, ox.BlankNode) and t.object not in seen:
                seen.add(t.object)
                todo.append(t.object)
    results = [t.object for t in by_subject.get(report, ()) if t.predicate == result_p]
    severities = {t.subject: t.object for t in kept if t.predicate == severity_p}
    violations = sum(1 for node in results if severities.get(node) == violation)
    if dropped or added:
        kept.append(
            ox.Triple(
                report,
                conforms_p,
                ox.Literal(str(violations == 0).lower(), datatype=ox.NamedNode(str(XSD.boolean))),
            )
        )
        prefixes = {
            "sh": sh,
            "xsd": str(XSD),
            **{k: v for k, v in PREFIXES.items() if k in ("pkg", "eli", "oa", "dct")},
        }
        ox.serialize(
            kept, output=str(staging / SHACL_REPORT_FILE), format=ox.RdfFormat.TURTLE, prefixes=prefixes
        )
    return violations == 0, violations


# ----------------------------------------------------------------------------------- exports


def _prepare_exports(build: Path, staging: Path, plan: _Plan, new: Sequence[DocumentRdf]) -> str:
    """New graph.nt/.ttl/.jsonld in `staging` (small builds), or "stale" / "none"."""
    import pyoxigraph as ox

    old = build / NT_FILE
    if not old.is_file():
        return "none"
    if (build / STALE_EXPORTS_FILE).exists() or old.stat().st_size > EXPORT_REGENERATE_LIMIT:
        # once stale, always stale (a later, smaller graph.nt would be rewritten from stale data)
        (staging / STALE_EXPORTS_FILE).write_text(
            "graph.nt, graph.ttl and graph.jsonld are older than the store: rebuild to refresh them\n",
            encoding="utf-8",
        )
        return "stale"
    removed = plan.removed_nodes
    touched = {str(node) for node in plan.touched}
    rewritten = touched | plan.new_nodes  # subjects whose JSON-LD node objects are made anew

    def kept(triple: Any) -> bool:
        s, o = triple.subject.value, triple.object
        linked = isinstance(o, ox.NamedNode) and is_owned(URIRef(o.value))
        if s in removed or (linked and o.value in removed):
            return False
        return linked or s not in touched  # a touched node's merged triples are rewritten

    nt = staging / NT_FILE
    count = 0
    subgraph = bind_prefixes(Graph())  # every triple of the rewritten subjects
    with nt.open("wb") as out:
        for triple in ox.parse(path=str(old), format=ox.RdfFormat.N_TRIPLES):
            if kept(triple):
                out.write(f"{triple} .\n".encode())
                count += 1
                if triple.subject.value in rewritten:
                    subgraph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
        added = [t for document in new for t in document.owned]
        added += [t for triples in plan.merged.values() for t in triples]
        lines = nt_lines(added)
        out.write("".join(lines).encode("utf-8"))
        count += len(lines)
    for triple in added:
        subgraph.add(triple)
    write_text_exports(
        nt, staging, triples=count, jsonld_nodes=_spliced_jsonld(build, subgraph, rewritten | removed)
    )
    return "regenerated"


def _spliced_jsonld(build: Path, subgraph: Graph, changed: set[str]) -> list[dict[str, Any]] | None:
    """The build's compacted JSON-LD node objects with those of `changed` subjects replaced by the
    compaction of `subgraph`; None when the build's graph.jsonld is not compacted (then the
    whole graph is compacted, or streamed, as a full build would)."""
    import json

    try:
        document = json.loads((build / JSONLD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(document, dict) or document.get("@context") != CONTEXT_FILE or "@graph" not in document:
        return None
    nodes = [node for node in document["@graph"] if jsonld_node_iri(node) not in changed]
    return nodes + compact_nodes(subgraph)
