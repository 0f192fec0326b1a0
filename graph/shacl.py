"""SHACL validation of plankg RDF: pySHACL for the core constraints, Oxigraph for the SPARQL ones.

`validate_graph(data)` validates an rdflib graph against the plankg shapes (the ontology mixed in as
pySHACL's `ont_graph`); `start_validation` does the same in forked workers while the caller goes on.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

from plankg.ontology.namespaces import bind_prefixes

__all__ = ["ShaclResult", "Validation", "ValidationJob", "start_validation", "validate_graph"]


def validate_graph(
    data: Graph, *, inference: str = "none", fast: bool = True, workers: int = 2
) -> Validation:
    """SHACL-validate `data` against the plankg shapes, with the ontology as pySHACL's ont_graph.

    The ontology is mixed into the data graph (what pySHACL's `ont_graph` does), so
    `sh:targetClass` and `sh:class` follow its `rdfs:subClassOf` hierarchy (pkg:Mention ⊑
    pkg:Provenance, pkg:AgencyGroup ⊑ org:Organization…) without inference: `build_rdf` gives
    every node its most specific class, which is all the shapes need. (RDFS inference adds
    ≈ 4 s on the demo corpus, and through `rdfs:domain eli:LegalResource` on pkg:implements it
    would type an unnumbered plan document as a legal document.) Warnings do not break
    conformance.

    `fast=True` gives the same results as pySHACL alone (`fast=False`, ≈ 15 s on the demo corpus)
    in ≈ 0.6 s: the SPARQL-based constraints (sh:sparql) are evaluated once per constraint over
    all their focus nodes in an in-memory Oxigraph store, where pySHACL re-parses the query for
    every focus node; the core constraints run in pySHACL, the shapes split between `workers`
    forked processes where the platform can fork.
    """
    return start_validation(data, inference=inference, fast=fast, workers=workers).result()


class ValidationJob:
    """A validation started in forked workers (`start_validation`); `result()` waits for it."""

    def __init__(
        self, data: Graph, inference: str, fast: bool, workers: int, ntriples: bytes | None = None
    ) -> None:
        import multiprocessing

        from plankg.ontology import ontology_graph, shapes_graph

        self.data = data
        self.ntriples = ntriples
        self.inference = inference
        self.shapes = shapes_graph()
        self.ontology = ontology_graph()
        self.constraints: list[tuple[Any, Any]] = []
        self.processes: list[tuple[Any, Any]] = []
        self.groups: list[list[Any] | None] = [None]
        if not fast:
            return
        self.constraints = list(self.shapes.subject_objects(SH.sparql))
        for shape, constraint in self.constraints:
            self.shapes.remove((shape, SH.sparql, constraint))
        if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            import pyshacl  # noqa: F401  (imported once here, shared by the forked workers)

            groups = _shape_groups(data, self.ontology, self.shapes, workers)
            context = multiprocessing.get_context("fork")
            for group in groups:
                receive, send = context.Pipe(duplex=False)
                process = context.Process(target=self._worker, args=(group, send), daemon=True)
                process.start()
                send.close()
                self.processes.append((process, receive))
            self.groups = []

    def _core(self, group: list[Any] | None, *, inplace: bool = False) -> Graph:
        import pyshacl

        _conforms, results, _text = pyshacl.validate(
            self.data,
            shacl_graph=self.shapes,
            ont_graph=self.ontology,
            inference=self.inference,
            allow_warnings=True,
            inplace=inplace,  # a forked worker mixes the ontology into its own copy of the data
            use_shapes=group,
        )
        return results

    def _worker(self, group: list[Any], send: Any) -> None:
        try:
            results = self._core(group, inplace=True)
            send.send_bytes(b"ok\n" + results.serialize(format="nt", encoding="utf-8"))
        except BaseException as exc:  # reported to the parent, which raises
            send.send_bytes(b"error\n" + repr(exc).encode("utf-8"))
        finally:
            send.close()

    def cancel(self) -> None:
        """Stop the workers (when the caller fails before asking for the result)."""
        for process, receive in self.processes:
            process.terminate()
            process.join()
            receive.close()
        self.processes = []

    def result(self) -> Validation:
        parts: list[Graph] = []
        for process, receive in self.processes:
            try:
                payload = receive.recv_bytes()
            except EOFError:
                payload = b"error\nthe validation worker died"
            process.join()
            status, _, body = payload.partition(b"\n")
            if status != b"ok":
                raise RuntimeError(f"SHACL validation failed: {body.decode('utf-8', 'replace')}")
            parts.append(Graph().parse(data=body.decode("utf-8"), format="nt"))
        parts += [self._core(group) for group in self.groups]
        results = _merge_reports(parts)
        if self.constraints:
            _add_sparql_results(
                results, self.data, self.shapes, self.ontology, self.constraints, self.ntriples
            )
        return Validation.from_results(results)


def start_validation(
    data: Graph,
    *,
    inference: str = "none",
    fast: bool = True,
    workers: int = 2,
    ntriples: bytes | None = None,
) -> ValidationJob:
    """Start validating `data` (forked workers run while the caller goes on); see `validate_graph`.

    `ntriples`: `data` already serialized as N-Triples, if the caller has it (saves a serialization).
    """
    return ValidationJob(data, inference, fast, workers, ntriples)


def _shape_groups(data: Graph, ontology: Graph, shapes: Graph, workers: int) -> list[list[Any]]:
    """Targeted shapes in `workers` groups of about equal cost (focus nodes × constraints)."""
    counts: dict[Any, int] = Counter(data.objects(None, RDF.type))
    subclasses = _subclasses(Graph(), ontology)
    costs = []
    for shape in set(shapes.subjects(SH.targetClass, None)) | set(shapes.subjects(SH.targetNode, None)):
        classes = {sub for cls in shapes.objects(shape, SH.targetClass) for sub in subclasses.get(cls, {cls})}
        focus = sum(counts.get(cls, 0) for cls in classes) + len(list(shapes.objects(shape, SH.targetNode)))
        constraints = len(list(shapes.predicate_objects(shape)))
        costs.append((focus * constraints, str(shape), shape))
    groups: list[list[Any]] = [[] for _ in range(min(workers, max(len(costs), 1)))]
    loads = [0] * len(groups)
    for cost, _name, shape in sorted(costs, reverse=True):
        lightest = loads.index(min(loads))
        groups[lightest].append(shape)
        loads[lightest] += cost
    return [g for g in groups if g]


def _merge_reports(parts: list[Graph]) -> Graph:
    """One sh:ValidationReport holding the results of every partial report."""
    merged = Graph()
    report = BNode()
    merged.add((report, RDF.type, SH.ValidationReport))
    for part in parts:
        old = part.value(predicate=RDF.type, object=SH.ValidationReport)
        for s, p, o in part:
            if s == old:
                if p == SH.result:
                    merged.add((report, p, o))
                continue
            merged.add((s, p, o))
    violation = any(True for _ in merged.subjects(SH.resultSeverity, SH.Violation))
    merged.add((report, SH.conforms, Literal(not violation)))
    return merged


@dataclass
class ShaclResult:
    """One validation result, readable."""

    severity: str  # "Violation" | "Warning" | "Info"
    focus: str
    path: str
    message: str
    value: str | None = None


@dataclass
class Validation:
    conforms: bool
    results_graph: Graph
    results: list[ShaclResult]

    @property
    def violations(self) -> int:
        return sum(1 for r in self.results if r.severity == "Violation")

    @property
    def warnings(self) -> int:
        return sum(1 for r in self.results if r.severity == "Warning")

    @classmethod
    def from_results(cls, graph: Graph) -> Validation:
        bind_prefixes(graph)
        graph.bind("sh", SH)
        rows = []
        for node in graph.subjects(RDF.type, SH.ValidationResult):
            severity = graph.value(node, SH.resultSeverity)
            path = graph.value(node, SH.resultPath)
            value = graph.value(node, SH.value)
            messages = list(graph.objects(node, SH.resultMessage))
            english = [m for m in messages if getattr(m, "language", None) == "en"]
            rows.append(
                ShaclResult(
                    severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                    focus=str(graph.value(node, SH.focusNode)),
                    path=_shorten(graph, path),
                    message=str((english or messages or [""])[0]),
                    value=None if value is None else str(value),
                )
            )
        rows.sort(key=lambda r: (r.severity != "Violation", r.focus, r.path, r.message))
        conforms = not any(r.severity == "Violation" for r in rows)
        return cls(conforms, graph, rows)


def _shorten(graph: Graph, path: Any) -> str:
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return graph.namespace_manager.normalizeUri(path)
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _shorten(graph, inverse)
    return "(complex path)"


def _add_sparql_results(
    results: Graph,
    data: Graph,
    shapes: Graph,
    ontology: Graph,
    constraints: list[tuple[Any, Any]],
    ntriples: bytes | None = None,
) -> None:
    """Evaluate each sh:sparql constraint once over all its focus nodes; add the results."""
    import re

    import pyoxigraph as ox

    store = ox.Store()
    # what pySHACL queries: the data with the ontology mixed in
    store.bulk_load(ntriples or data.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    store.bulk_load(ontology.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    prefixes = {
        str(shapes.value(d, SH.prefix)): str(shapes.value(d, SH.namespace))
        for d in shapes.objects(None, SH.declare)
    }
    report = results.value(predicate=RDF.type, object=SH.ValidationReport)
    classes = _subclasses(data, ontology)
    any_violation = False
    for shape, constraint in constraints:
        if shapes.value(shape, SH.deactivated) == Literal(True):
            continue
        focus = _focus_nodes(data, shapes, shape, classes)
        query = str(shapes.value(constraint, SH.select))
        severity = shapes.value(shape, SH.severity) or SH.Violation
        messages = list(shapes.objects(constraint, SH.message))
        solutions = store.query(query, prefixes=prefixes)
        names = [v.value for v in solutions.variables]
        for solution in solutions:
            bindings = dict(zip(names, solution, strict=True))
            this = _rdflib_from_ox(bindings["this"])
            if this not in focus:
                continue
            node = BNode()
            results.add((report, SH.result, node))
            results.add((node, RDF.type, SH.ValidationResult))
            results.add((node, SH.focusNode, this))
            results.add((node, SH.resultSeverity, severity))
            results.add((node, SH.sourceShape, shape))
            results.add((node, SH.sourceConstraint, constraint))
            results.add((node, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
            if bindings.get("path") is not None:
                results.add((node, SH.resultPath, _rdflib_from_ox(bindings["path"])))
            if bindings.get("value") is not None:
                results.add((node, SH.value, _rdflib_from_ox(bindings["value"])))
            for message in messages:
                text = re.sub(
                    r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}",
                    lambda m, b=bindings: _ox_text(b.get(m.group(1))),
                    str(message),
                )
                results.add((node, SH.resultMessage, Literal(text, lang=message.language)))
            any_violation = any_violation or severity == SH.Violation
    if any_violation:
        results.set((report, SH.conforms, Literal(False)))


def _ox_text(term: Any) -> str:
    return "" if term is None else str(term.value)


def _rdflib_from_ox(term: Any) -> Any:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _subclasses(data: Graph, ontology: Graph) -> dict[Any, set[Any]]:
    """class → itself and all its sub-classes (data and ontology)."""
    direct: dict[Any, set[Any]] = {}
    for graph in (ontology, data):
        for sub, sup in graph.subject_objects(RDFS.subClassOf):
            direct.setdefault(sup, set()).add(sub)

    def closure(cls: Any) -> set[Any]:
        seen, todo = {cls}, [cls]
        while todo:
            for sub in direct.get(todo.pop(), ()):
                if sub not in seen:
                    seen.add(sub)
                    todo.append(sub)
        return seen

    return {cls: closure(cls) for cls in set(direct) | set(data.objects(None, RDF.type))}


def _focus_nodes(data: Graph, shapes: Graph, shape: Any, classes: dict[Any, set[Any]]) -> set[Any]:
    focus: set[Any] = set(shapes.objects(shape, SH.targetNode))
    targets = list(shapes.objects(shape, SH.targetClass))
    if (shape, RDF.type, RDFS.Class) in shapes:  # implicit class target
        targets.append(shape)
    for cls in targets:
        for sub in classes.get(cls, {cls}):
            focus.update(data.subjects(RDF.type, sub))
    for prop in shapes.objects(shape, SH.targetSubjectsOf):
        focus.update(data.subjects(prop, None))
    for prop in shapes.objects(shape, SH.targetObjectsOf):
        focus.update(data.objects(None, prop))
    return focus
