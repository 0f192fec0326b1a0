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
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SDO, SKOS, TIME, XSD

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
    "STORE_DIR",
    "TTL_FILE",
    "build_rdf",
    "doc_iri",
    "rdf_stage",
    "target_iri",
    "task_iri",
    "validate_graph",
]

STORE_DIR = "store"
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

    # -- small helpers -------------------------------------------------------------------------

    def add(self, s: URIRef, p: URIRef, o: Any) -> None:
        """Add one triple; `None`, empty strings and empty lists are skipped."""
        if o is None or o == "":
            return
        self.g.add((s, p, o if isinstance(o, URIRef | Literal | BNode) else Literal(o)))

    def vi(self, s: URIRef, p: URIRef, text: str | None) -> None:
        if text and text.strip():
            self.g.add((s, p, Literal(text, lang="vi")))

    def span(self, document: URIRef, span: Span | None, *, mention: bool = False) -> URIRef | None:
        """A flat provenance node (or a pkg:Mention) for `span` of `document`."""
        if span is None or span.end < span.start:
            return None
        node = span_iri(document, span.start, span.end, mention=mention)
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
            node = self.span(d, m.span, mention=True)
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
                add(iri, PKG.agencyType, self.concept(mint("agency-type", slugify(kind)), PKG.AgencyType, kind))
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


def validate_graph(data: Graph, *, inference: str = "none") -> tuple[bool, Graph, str, int]:
    """SHACL-validate `data` (shapes + ontology as ont_graph): (conforms, results, text, violations).

    The ontology is mixed into the data graph by pySHACL, so `sh:targetClass` and `sh:class`
    follow its `rdfs:subClassOf` hierarchy (pkg:Mention ⊑ pkg:Provenance, pkg:AgencyGroup ⊑
    org:Organization, …) even with `inference="none"`; every node carries its most specific class.
    Warnings do not break conformance; `violations` counts sh:Violation results only.
    """
    import pyshacl
    from rdflib.namespace import SH

    from plankg.ontology import ontology_graph, shapes_graph

    conforms, results, text = pyshacl.validate(
        data,
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(),
        inference=inference,
        allow_warnings=True,
        inplace=False,
    )
    violations = sum(1 for _ in results.subjects(SH.resultSeverity, SH.Violation))
    return bool(conforms), results, str(text), violations


# ---------------------------------------------------------------------------------- build stage


def rdf_stage(
    extractions: list[Extraction], _graph: PropertyGraph, out: Path, report: BuildReport
) -> None:
    """Build stage: RDF graph → Oxigraph store, Turtle, N-Triples, JSON-LD, SHACL report."""
    from plankg.fileio import atomic_write_text
    from plankg.graph.sparql import load_store
    from plankg.ontology import jsonld_context

    graph = build_rdf(extractions)
    report.triples = len(graph)
    nt = graph.serialize(format="nt", encoding="utf-8")
    (out / NT_FILE).write_bytes(nt)
    store = load_store(out / STORE_DIR, nt)
    (out / TTL_FILE).write_bytes(_turtle(store))
    del store
    context = jsonld_context()
    atomic_write_text(out / CONTEXT_FILE, json.dumps(context, ensure_ascii=False, indent=2))
    compact = graph.serialize(format="json-ld", context=context["@context"], auto_compact=True)
    document = json.loads(compact)
    document["@context"] = CONTEXT_FILE  # the copied context file, referenced (not inlined)
    atomic_write_text(out / JSONLD_FILE, json.dumps(document, ensure_ascii=False, indent=1))

    conforms, results, _text, violations = validate_graph(graph)
    report.shacl_conforms = conforms
    report.shacl_violations = violations
    atomic_write_text(out / SHACL_REPORT_FILE, bind_prefixes(results).serialize(format="turtle"))


def _turtle(store: Any) -> bytes:
    """The store's default graph as Turtle with the plankg prefixes (Oxigraph's fast serializer)."""
    import pyoxigraph as ox

    from plankg.ontology.namespaces import PREFIXES

    return store.dump(format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=PREFIXES)


def register() -> None:
    """Append `rdf_stage` to the build pipeline (idempotent)."""
    from plankg.graph import build

    if rdf_stage not in build.EXTRA_STAGES:
        build.EXTRA_STAGES.append(rdf_stage)
