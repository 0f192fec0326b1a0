"""Model → RDF (the plankg ontology), plus the build stage that stores, exports and validates it.

`build_rdf(extractions)` is a pure function of the typed model: the same extractions give an
isomorphic graph. Instance IRIs come from `ontology.namespaces` (`mint`, `legal_iri`, …), so a
decree cited by five documents is one node and two provinces' `1025/QĐ-UBND` are two
(`LegalRef.scope`). Document references are resolved exactly as the property graph resolves them
(`graph.property`), so SPARQL, Cypher and networkx answer the same questions the same way.

Patterns (see the design notes at the top of `ontology/plankg.ttl`):

- agency roles: the `pkg:leadAgency` / `pkg:cooperatingAgency` shortcuts and one qualified
  `pkg:AgencyAssignment` per agency cell (surface form, qualifier); `pkg:unassigned true` when a
  task names no lead;
- document relations: the direct triple (`s eli:amends o`) and a reified `pkg:RelationStatement`
  (source, date, note, evidence span);
- provenance: flat `pkg:Provenance` nodes `{doc}/span/{start}-{end}` (source document, offsets,
  line, verbatim quote) on tasks, activities, products, targets and relation statements;
  `pkg:Mention` nodes `{doc}/mention/{start}-{end}` for every citation of a legal document;
- literals: prose `@vi`, identifiers and verbatim quotes plain `xsd:string`, offsets
  `xsd:nonNegativeInteger`, lines `xsd:positiveInteger`, dates `xsd:date`, money `xsd:integer`.

Facts about one legal document gathered from several citing documents are merged: scalar facts
first-seen (in extraction order), `pkg:repaired` true if any citation was repaired, titles and
dates kept when they differ (the shapes flag those as warnings, not violations).

The reform-area and role individuals are copied from the ontology graph, not re-asserted.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SDO, SH, SKOS, TIME, XSD

from plankg.loaders.text import slugify
from plankg.models import DocumentKind, Extraction, LegalRef, Span, Task
from plankg.ontology.namespaces import (
    AREA,
    ELI,
    OA,
    P_PLAN,
    PKG,
    RELATION_PROPERTY,
    ROLE,
    agency_iri,
    bind_prefixes,
    child,
    instant_iri,
    legal_iri,
    mint,
    relation_iri,
    span_iri,
)

if TYPE_CHECKING:
    from plankg.graph.build import BuildReport
    from plankg.graph.property import PropertyGraph

__all__ = [
    "CONTEXT_FILE",
    "JSONLD_FILE",
    "NT_FILE",
    "SHACL_REPORT_FILE",
    "TTL_FILE",
    "build_rdf",
    "doc_iri",
    "rdf_stage",
    "target_iri",
    "task_iri",
    "validate_graph",
]

TTL_FILE = "graph.ttl"
NT_FILE = "graph.nt"
JSONLD_FILE = "graph.jsonld"
CONTEXT_FILE = "context.jsonld"
SHACL_REPORT_FILE = "shacl-report.ttl"

COMPARATORS = frozenset({">=", "=", ">", "<=", "<"})
_KINDS = frozenset(k.value for k in DocumentKind)


# ------------------------------------------------------------------------------------------- IRIs


def doc_iri(doc_id: str) -> URIRef:
    """A loaded source document (pkg:PlanDocument)."""
    return mint("doc", doc_id)


def task_iri(task_id: str) -> URIRef:
    """A task: `thanh-hoa-5476-qd-ubnd/task-12` → `…/id/task/thanh-hoa-5476-qd-ubnd/task-12`."""
    return mint("task", *task_id.split("/"))


def target_iri(target_id: str) -> URIRef:
    return mint("target", *target_id.split("/"))


def province_iri(name: str) -> URIRef:
    return mint("province", slugify(name))


# ------------------------------------------------------------------------------------------ model


def _local(ref_id: str) -> bool:
    from plankg.graph.property import _is_local  # the property graph's rule, shared on purpose

    return _is_local(ref_id)


@dataclass
class _Legal:
    """Facts about one legal document, merged over every citing document."""

    id: str
    scope: str | None
    kind: str | None = None
    type_code: str | None = None
    number: str | None = None
    issuer_code: str | None = None
    issuer: str | None = None
    year: int | None = None
    province: URIRef | None = None
    repaired: bool | None = None
    dates: set[date] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)

    def merge(self, **facts: Any) -> None:
        for name, value in facts.items():
            if value is None or value == "":
                continue
            if name == "date":
                self.dates.add(value)
            elif name == "title":
                self.titles.add(value)
            elif name == "repaired":
                self.repaired = bool(self.repaired) or bool(value)
            elif getattr(self, name) is None:
                setattr(self, name, value)


class _Builder:
    def __init__(self, extractions: list[Extraction]) -> None:
        self.g = bind_prefixes(Graph())
        self.legal: dict[URIRef, _Legal] = {}
        self.labels: dict[URIRef, tuple[URIRef, str, str | None]] = {}  # concept → (class, label, code)
        self.agencies: dict[URIRef, dict[str, Any]] = {}
        self.surface_forms: dict[URIRef, set[str]] = {}
        self.provinces: dict[URIRef, str] = {}
        self.target_ids = {t.id for e in extractions for t in e.targets}
        self.shared_spans: set[tuple[int, int]] = set()

    # -- small helpers -------------------------------------------------------------------------

    def add(self, s: URIRef, p: URIRef, o: Any) -> None:
        """Add one triple; `None`, empty strings and empty lists are skipped."""
        if o is None or o == "":
            return
        self.g.add((s, p, o if isinstance(o, URIRef | Literal | BNode) else Literal(o)))

    def vi(self, s: URIRef, p: URIRef, text: str | None) -> None:
        if text and text.strip():
            self.g.add((s, p, Literal(text, lang="vi")))

    def span(
        self, document: URIRef, span: Span | None, *, mention: bool = False, suffix: str | None = None
    ) -> URIRef | None:
        """A flat provenance node (or a pkg:Mention) for `span` of `document`."""
        if span is None or span.end < span.start:
            return None
        node = span_iri(document, span.start, span.end, mention=mention)
        if suffix is not None:
            node = child(node, suffix)
        add = self.g.add
        add((node, RDF.type, PKG.Mention if mention else PKG.Provenance))
        add((node, OA.hasSource, document))
        add((node, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger)))
        add((node, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger)))
        add((node, PKG.line, Literal(max(span.line, 1), datatype=XSD.positiveInteger)))
        add((node, OA.exact, Literal(span.text)))
        return node

    def province(self, name: str | None) -> URIRef | None:
        if not name or not slugify(name):
            return None
        iri = province_iri(name)
        self.provinces.setdefault(iri, name)
        return iri

    def legal_node(self, ref_id: str, scope: str | None, **facts: Any) -> URIRef:
        iri = legal_iri(ref_id, scope=scope)
        info = self.legal.setdefault(iri, _Legal(ref_id, scope))
        info.merge(**facts)
        return iri

    def concept(self, iri: URIRef, cls: URIRef, label: str, code: str | None = None) -> URIRef:
        self.labels.setdefault(iri, (cls, label, code))
        return iri

    def agency(self, agency_id: str, **facts: Any) -> URIRef:
        iri = agency_iri(agency_id)
        known = self.agencies.setdefault(iri, {"id": agency_id})
        for name, value in facts.items():
            if value is not None and value != "":
                known.setdefault(name, value)
        return iri

    # -- one extraction ------------------------------------------------------------------------

    def extraction(self, extraction: Extraction) -> None:
        doc = extraction.document
        d = doc_iri(doc.id)
        add = self.add
        province = self.province(doc.province)
        scope = slugify(doc.province) if doc.province else None
        add(d, RDF.type, PKG.PlanDocument)
        add(d, DCTERMS.identifier, Literal(doc.id))
        add(d, PKG.documentKind, Literal(doc.kind.value if doc.kind.value in _KINDS else "other"))
        self.vi(d, DCTERMS.title, doc.title)
        add(d, DCTERMS.issued, Literal(doc.date) if doc.date else None)
        add(d, PKG.sourcePath, Literal(doc.path) if doc.path else None)
        add(d, PKG.sha256, Literal(doc.sha256.lower()) if doc.sha256 else None)
        self.vi(d, PKG.issuerName, doc.issuer)
        add(d, PKG.province, province)

        own = None
        if doc.number:
            own_scope = scope if _local(doc.number) else None
            own = self.legal_node(
                doc.number,
                own_scope,
                kind="numbered",
                title=doc.title,
                date=doc.date,
                issuer=doc.issuer,
                province=province if own_scope else None,
            )
            add(d, PKG.legalResource, own)

        spans = Counter((m.span.start, m.span.end) for ref in extraction.references for m in ref.mentions)
        self.shared_spans = {key for key, count in spans.items() if count > 1}
        by_id: dict[str, URIRef] = {}
        for ref in extraction.references:
            iri = self._reference(d, ref, province, scope)
            by_id[ref.id] = iri
            add(d, ELI.cites, iri)

        def resolve(ref_id: str, *, document_ok: bool = False) -> URIRef:
            """A cited id → its node, as `graph.property` resolves it."""
            if ref_id in by_id:
                return by_id[ref_id]
            if own is not None and ref_id in (doc.number, doc.id):
                return own
            if document_ok and ref_id == doc.id:
                return d  # an unnumbered draft speaking of itself: the document is the subject
            return self.legal_node(ref_id, None)

        for rel in extraction.relations:
            s = resolve(rel.subject, document_ok=True)
            o = resolve(rel.object)
            p = RELATION_PROPERTY[rel.predicate]
            add(s, p, o)
            statement = relation_iri(str(s), str(p), str(o), rel.source, doc.id)
            add(statement, RDF.type, PKG.RelationStatement)
            add(statement, RDF.subject, s)
            add(statement, RDF.predicate, p)
            add(statement, RDF.object, o)
            add(statement, PKG.relationSource, Literal(rel.source))
            add(statement, DCTERMS.date, Literal(rel.date) if rel.date else None)
            self.vi(statement, SKOS.note, rel.note)
            add(statement, PKG.hasProvenance, self.span(d, rel.evidence))

        if extraction.stated_total_vnd is not None and extraction.stated_total_vnd >= 0:
            budget = child(d, "budget")
            add(budget, RDF.type, PKG.Budget)
            add(budget, PKG.budgetText, Literal(str(extraction.stated_total_vnd)))
            add(budget, SDO.value, Literal(extraction.stated_total_vnd))
            add(budget, SDO.currency, Literal("VND"))
            add(d, PKG.statedTotalBudget, budget)

        for target in extraction.targets:
            t = target_iri(target.id)
            add(t, RDF.type, PKG.Target)
            add(t, DCTERMS.identifier, Literal(target.id))
            self.vi(t, PKG.text, target.text or target.id)
            self.vi(t, PKG.metric, target.metric)
            if target.value is not None:
                add(t, PKG.targetValue, Literal(Decimal(repr(float(target.value)))))
            add(t, PKG.unit, Literal(target.unit) if target.unit else None)
            if target.comparator in COMPARATORS:
                add(t, PKG.comparator, Literal(target.comparator))
            add(t, PKG.targetYear, Literal(target.year) if target.year is not None else None)
            add(t, PKG.itemNumber, Literal(target.number) if target.number else None)
            add(t, PKG.isTargetOf, d)
            add(t, PKG.province, province)
            add(t, PKG.hasProvenance, self.span(d, target.provenance))

        for agency in extraction.agencies:
            self.agency(
                agency.id,
                name=agency.name,
                type=agency.type,
                province=self.province(agency.province),
                collective=agency.collective,
            )
            self.surface_forms.setdefault(agency_iri(agency.id), set()).update(agency.surface_forms)

        for task in extraction.tasks:
            self._task(task, d, province, resolve)

    def _reference(self, d: URIRef, ref: LegalRef, province: URIRef | None, scope: str | None) -> URIRef:
        iri = self.legal_node(
            ref.id,
            ref.scope,
            kind=ref.kind,
            type_code=ref.type_code,
            number=ref.number,
            issuer_code=ref.issuer_code,
            issuer=ref.issuer,
            year=ref.year,
            date=ref.date,
            title=ref.title,
            repaired=ref.repaired,
            province=province if ref.scope and ref.scope == scope else None,
        )
        if ref.type_code:
            doctype = mint("doctype", ref.type_code)
            self.concept(doctype, PKG.DocumentType, ref.doc_type or ref.type_code, ref.type_code)
        for m in ref.mentions:
            # «Nghị định số 107, 108/2020/NĐ-CP»: one span, two documents. A pkg:Mention belongs
            # to exactly one legal document, so each gets its own node under the span's IRI.
            shared = (m.span.start, m.span.end) in self.shared_spans
            node = self.span(d, m.span, mention=True, suffix=ref.key if shared else None)
            if node is None:
                continue
            self.add(node, PKG.rawId, Literal(m.raw_id or ref.id))
            self.add(node, PKG.repaired, Literal(bool(m.repaired)))
            self.add(iri, PKG.hasMention, node)
        return iri

    def _task(self, task: Task, d: URIRef, province: URIRef | None, resolve: Any) -> None:
        add = self.add
        t = task_iri(task.id)
        add(t, RDF.type, PKG.Task)
        add(t, DCTERMS.identifier, Literal(task.id))
        self.vi(t, PKG.text, task.text or task.id)
        add(t, P_PLAN.isStepOfPlan, d)
        add(t, PKG.taskNumber, Literal(task.number) if task.number else None)
        self.vi(t, PKG.section, task.section)
        add(t, PKG.reformArea, AREA[task.area] if task.area else None)
        add(t, PKG.province, province)
        add(t, PKG.hasProvenance, self.span(d, task.provenance))

        for n, ref in enumerate(task.agencies, 1):
            agent = self.agency(ref.agency_id, name=ref.name)
            assignment = child(t, "assignment", n)
            add(assignment, RDF.type, PKG.AgencyAssignment)
            add(assignment, PROV.agent, agent)
            add(assignment, PROV.hadRole, ROLE[ref.role])
            add(assignment, PKG.surfaceForm, Literal(ref.surface) if ref.surface else None)
            self.vi(assignment, PKG.qualifier, ref.qualifier)
            add(t, PKG.hasAssignment, assignment)
            add(t, PKG.leadAgency if ref.role.value == "lead" else PKG.cooperatingAgency, agent)
        if not task.lead:
            add(t, PKG.unassigned, Literal(True))

        for n, activity in enumerate(task.activities, 1):
            if not activity.text.strip():
                continue
            a = child(t, "activity", n)
            add(a, RDF.type, PKG.Activity)
            add(a, DCTERMS.identifier, Literal(f"{task.id}/activity-{n}"))
            self.vi(a, PKG.text, activity.text)
            add(a, PKG.itemNumber, Literal(activity.number) if activity.number else None)
            add(a, PKG.hasProvenance, self.span(d, activity.provenance))
            add(t, PKG.hasActivity, a)
        for n, product in enumerate(task.products, 1):
            if not product.text.strip():
                continue
            p = child(t, "product", n)
            add(p, RDF.type, PKG.Product)
            add(p, DCTERMS.identifier, Literal(f"{task.id}/product-{n}"))
            self.vi(p, PKG.text, product.text)
            add(p, PKG.hasProvenance, self.span(d, product.provenance))
            add(t, PKG.hasProduct, p)

        deadline = task.deadline
        if deadline is not None:
            node = child(t, "deadline")
            add(node, RDF.type, PKG.Deadline)
            add(node, PKG.deadlineText, Literal(deadline.text.strip() or "?"))
            start, end = deadline.start, deadline.end
            if start and end and start > end:  # never state an impossible interval
                start = None
            for prop, day in ((TIME.hasBeginning, start), (TIME.hasEnd, end)):
                if day is not None:
                    instant = instant_iri(day)
                    add(instant, RDF.type, TIME.Instant)
                    add(instant, TIME.inXSDDate, Literal(day))
                    add(node, prop, instant)
            add(node, PKG.recurring, Literal(bool(deadline.recurring)))
            add(node, PKG.conditional, Literal(bool(deadline.conditional)))
            add(t, PKG.deadline, node)

        budget = task.budget
        if budget is not None:
            node = child(t, "budget")
            add(node, RDF.type, PKG.Budget)
            add(node, PKG.budgetText, Literal(budget.text))
            if budget.amount_vnd is not None and budget.amount_vnd >= 0:
                add(node, SDO.value, Literal(int(budget.amount_vnd)))
                add(node, SDO.currency, Literal("VND"))
            add(t, PKG.budget, node)

        for ref_id in task.references:
            add(t, PKG.dependsOn, resolve(ref_id))
        for target_id in task.targets:
            if target_id in self.target_ids:
                add(t, PKG.servesTarget, target_iri(target_id))

    # -- merged nodes --------------------------------------------------------------------------

    def finish(self) -> Graph:
        add = self.add
        for iri, info in self.legal.items():
            add(iri, RDF.type, ELI.LegalResource)
            add(iri, ELI.id_local, Literal(" ".join(info.id.split())))
            add(iri, PKG.referenceKind, Literal(info.kind) if info.kind in ("numbered", "named") else None)
            if info.type_code:
                add(iri, ELI.type_document, mint("doctype", info.type_code))
            add(iri, ELI.number, Literal(info.number) if info.number else None)
            add(iri, PKG.year, Literal(info.year) if info.year is not None else None)
            for day in sorted(info.dates):
                add(iri, ELI.date_document, Literal(day))
            add(iri, PKG.issuerCode, Literal(info.issuer_code) if info.issuer_code else None)
            self.vi(iri, PKG.issuerName, info.issuer)
            add(iri, PKG.scope, Literal(info.scope) if info.scope else None)
            add(iri, PKG.province, info.province)
            add(iri, PKG.repaired, Literal(info.repaired) if info.repaired is not None else None)
            for title in sorted(info.titles):
                self.vi(iri, DCTERMS.title, title)

        for iri, facts in self.agencies.items():
            collective = bool(facts.get("collective"))
            add(iri, RDF.type, PKG.AgencyGroup if collective else ORG_FORMAL)
            add(iri, DCTERMS.identifier, Literal(facts["id"]))
            self.vi(iri, SKOS.prefLabel, facts.get("name") or facts["id"])
            add(iri, PKG.collective, Literal(collective))
            add(iri, PKG.province, facts.get("province"))
            kind = facts.get("type")
            if kind and slugify(kind):
                add(
                    iri,
                    PKG.agencyType,
                    self.concept(mint("agency-type", slugify(kind)), PKG.AgencyType, kind),
                )
            for form in sorted(self.surface_forms.get(iri, ())):
                add(iri, PKG.surfaceForm, Literal(form))

        for iri, (cls, label, code) in self.labels.items():
            add(iri, RDF.type, cls)
            self.vi(iri, SKOS.prefLabel, label)
            scheme = PKG.DocumentTypeScheme if cls == PKG.DocumentType else PKG.AgencyTypeScheme
            add(iri, SKOS.inScheme, scheme)
            if cls == PKG.DocumentType:
                add(iri, SKOS.notation, Literal(code) if code else None)

        for iri, name in self.provinces.items():
            add(iri, RDF.type, PKG.Province)
            add(iri, DCTERMS.identifier, Literal(slugify(name)))
            self.vi(iri, SKOS.prefLabel, name)

        for triple in _vocabulary_individuals():
            self.g.add(triple)
        return self.g


ORG_FORMAL = URIRef("http://www.w3.org/ns/org#FormalOrganization")


def _vocabulary_individuals() -> Iterable[tuple[Any, Any, Any]]:
    """The reform areas, roles and concept schemes, exactly as the ontology declares them."""
    from plankg.ontology import ontology_graph

    ontology = ontology_graph()
    subjects = {
        *AREA.values(),
        *ROLE.values(),
        PKG.ReformAreaScheme,
        PKG.AgencyRoleScheme,
        PKG.AgencyTypeScheme,
        PKG.DocumentTypeScheme,
    }
    for subject in subjects:
        yield from ontology.triples((subject, None, None))


def build_rdf(extractions: Iterable[Extraction]) -> Graph:
    """The plankg RDF graph of `extractions` (deterministic: same input → isomorphic graph)."""
    items = list(extractions)
    builder = _Builder(items)
    for extraction in items:
        builder.extraction(extraction)
    return builder.finish()


# ---------------------------------------------------------------------------------- validation


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


# ---------------------------------------------------------------------------------- build stage


def rdf_stage(extractions: list[Extraction], _graph: PropertyGraph, out: Path, report: BuildReport) -> None:
    """Build stage: RDF graph → Oxigraph store, Turtle, N-Triples, JSON-LD, SHACL report.

    Validation starts first (in forked workers where possible) and runs while the exports are
    written.
    """
    from plankg.fileio import atomic_write_text
    from plankg.graph.sparql import STORE_DIR, load_store
    from plankg.ontology import jsonld_context

    graph = build_rdf(extractions)
    report.triples = len(graph)
    job = start_validation(graph)
    try:
        nt = graph.serialize(format="nt", encoding="utf-8")
        job.ntriples = nt
        (out / NT_FILE).write_bytes(nt)
        store = load_store(out / STORE_DIR, nt)
        del store  # closes the store: queries open it read-only
        (out / TTL_FILE).write_bytes(_turtle(nt))
        context = jsonld_context()
        (out / CONTEXT_FILE).write_bytes(files("plankg.ontology").joinpath(CONTEXT_FILE).read_bytes())
        compact = graph.serialize(format="json-ld", context=context["@context"], auto_compact=True)
        document = json.loads(compact)
        document["@context"] = CONTEXT_FILE  # the copied context file, referenced (not inlined)
        document.get("@graph", []).sort(key=lambda node: str(node.get("id", "")))
        atomic_write_text(out / JSONLD_FILE, json.dumps(document, ensure_ascii=False, indent=1) + "\n")
    except BaseException:
        job.cancel()
        raise
    validation = job.result()
    report.shacl_conforms = validation.conforms
    report.shacl_violations = validation.violations
    atomic_write_text(out / SHACL_REPORT_FILE, validation.results_graph.serialize(format="turtle"))


def _turtle(ntriples: bytes) -> bytes:
    """N-Triples → Turtle with the plankg prefixes, by Oxigraph's streaming serializer (fast).

    Not dumped from the store: the Oxigraph store keeps values, not lexical forms and derived
    datatypes (xsd:nonNegativeInteger comes back as xsd:integer, "90.0" as "90").
    """
    import pyoxigraph as ox

    from plankg.ontology.namespaces import PREFIXES

    triples = sorted(
        ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES), key=lambda t: (str(t.subject), str(t.predicate))
    )
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
