"""Model → RDF (the plankg ontology), plus the build stage that stores, exports and validates it.

`build_rdf(extractions)` is a pure function of the typed model: the same extractions, in any
order, give an isomorphic graph. Instance IRIs come from `ontology.namespaces` (`mint`,
`legal_iri`, …), so a decree cited by five documents is one node and two provinces'
`1025/QĐ-UBND` are two (`LegalRef.scope`). Document references are resolved exactly as the
property graph resolves them (`graph.property`), so SPARQL, Cypher and networkx answer the same
questions the same way.

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

Owned and shared triples. Every node is either *owned* by one document (its IRI is minted from
the document: the document, its tasks, targets, spans, mentions, budgets, relation statements…)
or *shared* (legal documents, agencies, provinces, concepts, instants). `document_rdf(e)` gives
a document's owned triples (subject or object owned) and its statements about shared nodes, as
if it were alone; `merge_shared` merges those statements over all documents as a function of
the SET of documents, never of their order:

- a single-valued fact (`VOTED`: issuer, year, number, label, province, collective…) takes the
  value stated by the most documents, ties going to the smallest value (N-Triples order);
- `pkg:repaired` is true if any document repaired a citation;
- everything else is the union (dates and titles of a legal document are kept when they differ:
  the shapes flag those as warnings, not violations; relations; surface forms);
- an agency is a `pkg:AgencyGroup` or an `org:FormalOrganization` after its merged `collective`.

So a build can be updated one document at a time (`graph.store_update`) and give exactly what a
full build of the resulting documents gives.

The reform-area and role individuals are copied from the ontology graph, not re-asserted.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SDO, SKOS, TIME, XSD
from rdflib.term import Identifier

from plankg.errors import InputError
from plankg.graph.shacl import ShaclResult, Validation, ValidationJob, start_validation, validate_graph
from plankg.loaders.citations import is_local_id
from plankg.loaders.text import slugify
from plankg.models import DocumentKind, Extraction, LegalRef, Span, Task
from plankg.ontology.namespaces import (
    AREA,
    ELI,
    ID_BASE,
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
    "OWNED_PREFIXES",
    "SHACL_REPORT_FILE",
    "STORE",
    "TTL_FILE",
    "VALIDATE_MODES",
    "DocumentRdf",
    "PreparedDocument",
    "RdfStage",
    "ShaclResult",
    "Validation",
    "ValidationJob",
    "bookkeeping_triples",
    "build_rdf",
    "compact_nodes",
    "doc_iri",
    "document_rdf",
    "from_ox",
    "is_owned",
    "jsonld_node_iri",
    "merge_node",
    "merge_shared",
    "nt_keys",
    "nt_lines",
    "nt_term",
    "parse_ntriples",
    "rdf_stage",
    "start_validation",
    "target_iri",
    "task_iri",
    "validate_graph",
    "vocabulary_triples",
]

TTL_FILE = "graph.ttl"
NT_FILE = "graph.nt"
JSONLD_FILE = "graph.jsonld"
CONTEXT_FILE = "context.jsonld"
SHACL_REPORT_FILE = "shacl-report.ttl"

VALIDATE_MODES = ("full", "sample", "none")
SAMPLE_DOCUMENTS = 100  # documents validated in "sample" mode (with every shared node)
JSONLD_COMPACT_LIMIT = 100_000  # larger graphs get Oxigraph's streaming (expanded) JSON-LD

#: Store bookkeeping (named graphs only, never in the default graph that queries read).
STORE = Namespace("https://w3id.org/plankg/store#")

COMPARATORS = frozenset({">=", "=", ">", "<=", "<"})
_KINDS = frozenset(k.value for k in DocumentKind)

Triple = tuple[URIRef, URIRef, Identifier]


# ------------------------------------------------------------------------------------------- IRIs


def doc_iri(doc_id: str) -> URIRef:
    """A loaded source document (pkg:PlanDocument); also the name of its graph in the store."""
    return mint("doc", doc_id)


def task_iri(task_id: str) -> URIRef:
    """A task: `thanh-hoa-5476-qd-ubnd-2020/task-12` → `…/id/task/thanh-hoa-5476-qd-ubnd-2020/task-12`."""
    return mint("task", *task_id.split("/"))


def target_iri(target_id: str) -> URIRef:
    return mint("target", *target_id.split("/"))


def province_iri(name: str) -> URIRef:
    return mint("province", slugify(name))


# Kinds of IRIs minted from one document (documents, their tasks and targets, relation
# statements digested with the citing document id) and everything under them.
OWNED_PREFIXES = tuple(f"{ID_BASE}{kind}/" for kind in ("doc", "task", "target", "relation"))
DOC_PREFIX = f"{ID_BASE}doc/"


def is_owned(term: Any) -> bool:
    """Is `term` a node owned by one document (as opposed to a shared node or a literal)?"""
    # str.startswith: rdflib's Identifier.startswith does not take a tuple of prefixes
    return isinstance(term, URIRef) and str.startswith(term, OWNED_PREFIXES)


# ------------------------------------------------------------------------------------------ model


@dataclass
class _Legal:
    """Facts about one legal document, merged over its citations in one document."""

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
    effective: date | None = None  # in force from, as the document itself states
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


@dataclass(frozen=True)
class PreparedDocument:
    """`RdfStage.prepare`: one document's RDF serialized (cheap to send from a worker process)."""

    id: str
    path: str
    owned: bytes  # N-Triples of its owned triples, grouped by subject
    owned_triples: int
    graph: bytes  # N-Quads of its named graph: its statements about shared nodes, its owned nodes
    shared: tuple[str, ...]  # its statements about shared nodes, `s p o` in N-Triples (merge keys)


@dataclass
class DocumentRdf:
    """One document's RDF, as if it were alone in the build.

    `owned`: triples whose subject or object is a node minted from the document (they are in the
    default graph exactly when the document is in the build); `shared`: its statements about
    shared nodes, merged over documents by `merge_shared`.
    """

    id: str
    iri: URIRef
    owned: set[Triple]
    shared: set[Triple]

    def owned_nodes(self) -> set[URIRef]:
        """Every owned node the owned triples mention (what removing the document deletes)."""
        return {term for s, _p, o in self.owned for term in (s, o) if is_owned(term)}


def bookkeeping_triples(rdf: DocumentRdf) -> list[Triple]:
    """What a document's graph in the store holds beside its shared statements: the nodes it owns,
    as one literal (one IRI a line; one quad instead of hundreds, each indexed six ways)."""
    nodes = "\n".join(sorted(rdf.owned_nodes()))
    return [(rdf.iri, STORE.owns, Literal(nodes))]


class _DocumentBuilder:
    """The triples of one extraction, split into owned and shared (see `DocumentRdf`).

    Facts about shared nodes are merged within the document first-seen in extraction order (an
    extraction is a function of its document, so this is deterministic); across documents,
    `merge_shared` merges them.
    """

    def __init__(self, extraction: Extraction) -> None:
        self.extraction = extraction
        self.owned: set[Triple] = set()
        self.shared: set[Triple] = set()
        self.legal: dict[URIRef, _Legal] = {}
        self.labels: dict[URIRef, tuple[URIRef, str, str | None]] = {}  # concept → (class, label, code)
        self.agencies: dict[URIRef, dict[str, Any]] = {}
        self.surface_forms: dict[URIRef, set[str]] = {}
        self.provinces: dict[URIRef, str] = {}
        # a task serves targets of its own document (target ids are `{document id}/target-k`)
        self.target_ids = {t.id for t in extraction.targets}
        self.shared_spans: set[tuple[int, int]] = set()

    # -- small helpers -------------------------------------------------------------------------

    def add(self, s: URIRef, p: URIRef, o: Any) -> None:
        """Add one triple; `None`, empty strings and empty lists are skipped."""
        if o is None or o == "":
            return
        triple = (s, p, o if isinstance(o, URIRef | Literal | BNode) else Literal(o))
        if is_owned(s) or is_owned(triple[2]):
            self.owned.add(triple)
        else:
            self.shared.add(triple)

    def vi(self, s: URIRef, p: URIRef, text: str | None) -> None:
        if text and text.strip():
            self.add(s, p, Literal(text, lang="vi"))

    def span(
        self, document: URIRef, span: Span | None, *, mention: bool = False, suffix: str | None = None
    ) -> URIRef | None:
        """A flat provenance node (or a pkg:Mention) for `span` of `document`."""
        if span is None or span.end < span.start:
            return None
        node = span_iri(document, span.start, span.end, mention=mention)
        if suffix is not None:
            node = child(node, suffix)
        self.owned.update(
            (
                (node, RDF.type, PKG.Mention if mention else PKG.Provenance),
                (node, OA.hasSource, document),
                (node, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger)),
                (node, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger)),
                (node, PKG.line, Literal(max(span.line, 1), datatype=XSD.positiveInteger)),
                (node, OA.exact, Literal(span.text)),
            )
        )
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

    def build(self) -> DocumentRdf:
        extraction = self.extraction
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
            own_scope = scope if is_local_id(doc.number) else None
            own = self.legal_node(
                doc.number,
                own_scope,
                kind="numbered",
                title=doc.title,
                date=doc.date,
                issuer=doc.issuer,
                province=province if own_scope else None,
                effective=doc.effective_date,
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
            # One statement per provision acted on; a whole-document relation keeps its old IRI.
            statement = relation_iri(str(s), str(p), str(o), rel.source, doc.id, *rel.provision_key)
            add(statement, RDF.type, PKG.RelationStatement)
            add(statement, RDF.subject, s)
            add(statement, RDF.predicate, p)
            add(statement, RDF.object, o)
            add(statement, PKG.relationSource, Literal(rel.source))
            add(statement, DCTERMS.date, Literal(rel.date) if rel.date else None)
            self.vi(statement, SKOS.note, rel.note)
            add(statement, PKG.hasProvenance, self.span(d, rel.evidence))
            add(statement, PKG.provision, Literal(rel.part) if rel.part else None)
            add(statement, PKG.withinProvision, Literal(True) if rel.within_part else None)
            for phrase in rel.phrases:
                self.vi(statement, PKG.wording, phrase)

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
        self._shared_nodes()
        return DocumentRdf(doc.id, d, self.owned, self.shared)

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

    def _shared_nodes(self) -> None:
        """This document's statements about the legal documents, agencies, concepts and provinces it names."""
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
            add(iri, ELI.first_date_entry_in_force, Literal(info.effective) if info.effective else None)
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


ORG_FORMAL = URIRef("http://www.w3.org/ns/org#FormalOrganization")


def document_rdf(extraction: Extraction) -> DocumentRdf:
    """The owned triples of `extraction` and its statements about shared nodes."""
    return _DocumentBuilder(extraction).build()


# ---------------------------------------------------------------------------------------- merge

#: Single-valued facts of shared nodes: the value most documents state wins.
VOTED = frozenset(
    {
        PKG.referenceKind,
        ELI.type_document,
        ELI.number,
        ELI.first_date_entry_in_force,
        PKG.year,
        PKG.issuerCode,
        PKG.issuerName,
        PKG.province,
        PKG.collective,
        PKG.agencyType,
        SKOS.prefLabel,
        SKOS.notation,
    }
)
ANY_TRUE = frozenset({PKG.repaired})
_TRUE = Literal(True)
_AGENCY_PREFIX = f"{ID_BASE}agency/"


def term_key(term: Any) -> str:
    """A total order on terms: their N-Triples form."""
    return nt_term(term)


def merge_node(subject: URIRef, counts: Mapping[tuple[URIRef, Any], int]) -> list[Triple]:
    """The merged triples of one shared node, from how many documents state each (predicate, object)."""
    values: dict[URIRef, dict[Any, int]] = {}
    for (p, o), n in counts.items():
        if n > 0:
            values.setdefault(p, {})[o] = n
    out: list[Triple] = []
    for p, stated in values.items():
        if p in VOTED:
            best = min(stated.items(), key=lambda item: (-item[1], term_key(item[0])))[0]
            out.append((subject, p, best))
        elif p in ANY_TRUE:
            out.append((subject, p, _TRUE if _TRUE in stated else min(stated, key=term_key)))
        else:
            out.extend((subject, p, o) for o in stated)
    if str.startswith(subject, _AGENCY_PREFIX) and PKG.collective in values:
        collective = any(p == PKG.collective and str(o) == "true" for _s, p, o in out)
        out = [t for t in out if t[1] != RDF.type]
        out.append((subject, RDF.type, PKG.AgencyGroup if collective else ORG_FORMAL))
    return out


def merge_shared(counts: Mapping[Triple, int]) -> Iterator[Triple]:
    """Merge the documents' statements about shared nodes (`counts`: triple → number of documents)."""
    by_subject: dict[URIRef, dict[tuple[URIRef, Any], int]] = {}
    for (s, p, o), n in counts.items():
        by_subject.setdefault(s, {})[p, o] = n
    for subject, node_counts in by_subject.items():
        yield from merge_node(subject, node_counts)


@cache
def vocabulary_triples() -> tuple[Triple, ...]:
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
    return tuple(t for subject in sorted(subjects) for t in ontology.triples((subject, None, None)))


def build_rdf(extractions: Iterable[Extraction]) -> Graph:
    """The plankg RDF graph of `extractions` (deterministic: same set of documents → isomorphic graph)."""
    graph = bind_prefixes(Graph())
    counts: Counter[Triple] = Counter()
    for extraction in extractions:
        document = document_rdf(extraction)
        for triple in document.owned:
            graph.add(triple)
        counts.update(document.shared)
    for triple in merge_shared(counts):
        graph.add(triple)
    for triple in vocabulary_triples():
        graph.add(triple)
    return graph


# ---------------------------------------------------------------------------------- N-Triples

_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def nt_term(term: Any) -> str:
    """One RDF term in N-Triples syntax (IRIs minted by plankg need no escaping)."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        text = '"' + str(term).translate(_NT_ESCAPES) + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{text}^^<{term.datatype}>"
        return text
    if isinstance(term, BNode):
        return f"_:{term}"
    raise TypeError(f"not an RDF term: {term!r}")


def nt_keys(triples: Iterable[Triple]) -> list[str]:
    """`s p o` in N-Triples syntax, sorted (so each subject's triples are together)."""
    memo: dict[Any, str] = {}

    def term(t: Any) -> str:
        text = memo.get(t)
        if text is None:
            text = memo[t] = nt_term(t)
        return text

    return sorted(f"{term(s)} {term(p)} {term(o)}" for s, p, o in triples)


def nt_lines(triples: Iterable[Triple], graph: URIRef | None = None) -> list[str]:
    """N-Triples (or N-Quads in `graph`) lines, sorted so each subject's triples are together."""
    tail = f" {nt_term(graph)} .\n" if graph is not None else " .\n"
    return [key + tail for key in nt_keys(triples)]


def from_ox(term: Any) -> Any:
    """An Oxigraph term → the rdflib term `build_rdf` makes (plain strings have no datatype)."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype in (_XSD_STRING, _RDF_LANG_STRING):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))


_XSD_STRING = str(XSD.string)
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def parse_ntriples(data: bytes | str) -> Iterator[Triple]:
    """N-Triples → rdflib triples, parsed by Oxigraph (faster than rdflib's parser)."""
    import pyoxigraph as ox

    cache: dict[Any, Any] = {}

    def term(t: Any) -> Any:
        found = cache.get(t)
        if found is None:
            found = cache[t] = from_ox(t)
        return found

    for triple in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
        yield term(triple.subject), term(triple.predicate), term(triple.object)


# ---------------------------------------------------------------------------------- build stage


class RdfStage:
    """Streaming RDF build stage: `add` once per extraction, in build order; `finish` once.

    Memory bounded: each document's owned triples are written to a spool file (N-Triples) as
    they come, its statements about shared nodes to another (N-Quads, in the document's named
    graph, with the list of nodes it owns); only the counts of the shared statements stay in
    memory and are merged at `finish`, which bulk-loads everything into the Oxigraph store
    `out/store` (Rust, streaming, one pass; `lenient`, as plankg wrote every line itself from
    checked terms), writes the text exports and fills the report.

    `validate`: "full" (SHACL on the whole graph, which then lives in memory as an rdflib graph:
    use it up to a few thousand documents), "sample" (the `sample_documents` documents with the
    smallest SHA-256 of their id, so the sample does not depend on the build order, plus every
    shared node as merged), or "none". `text_exports`: graph.nt (the spool files themselves), graph.ttl
    (streamed by Oxigraph), graph.jsonld (compacted with the plankg context up to
    `JSONLD_COMPACT_LIMIT` triples, Oxigraph's streaming expanded JSON-LD above).
    """

    def __init__(
        self,
        out: Path,
        *,
        validate: str = "full",
        text_exports: bool = True,
        sample_documents: int = SAMPLE_DOCUMENTS,
    ) -> None:
        if validate not in VALIDATE_MODES:
            known = ", ".join(VALIDATE_MODES)
            raise InputError(f"unknown validation mode {validate!r}; expected one of: {known}")
        self.out = out
        self.validate = validate
        self.text_exports = text_exports
        self.sample_documents = sample_documents
        self.spool = Path(tempfile.mkdtemp(prefix=".rdf-spool-", dir=out))
        self._owned_path = self.spool / "owned.nt"
        self._graphs_path = self.spool / "documents.nq"
        self._owned: IO[bytes] = self._owned_path.open("wb")
        self._graphs: IO[bytes] = self._graphs_path.open("wb")
        self._offset = 0
        self._owned_triples = 0
        self._counts: Counter[str] = Counter()  # shared statement (`s p o`) → documents stating it
        self._paths: dict[str, str] = {}  # document id → path, to refuse duplicate ids
        self._graph = bind_prefixes(Graph()) if validate == "full" else None
        self._sample: list[tuple[int, int, int]] = []  # max-heap (−key, offset, length)
        self.timings: dict[str, float] = {}

    @staticmethod
    def prepare(extraction: Extraction) -> PreparedDocument:
        """The per-document work (a pure function, run in the extraction worker processes)."""
        rdf = document_rdf(extraction)
        shared = nt_keys(rdf.shared)
        graph = f" {nt_term(rdf.iri)} .\n"
        bookkeeping = nt_lines(bookkeeping_triples(rdf), rdf.iri)
        return PreparedDocument(
            id=rdf.id,
            path=extraction.document.path,
            owned="".join(nt_lines(rdf.owned)).encode("utf-8"),
            owned_triples=len(rdf.owned),
            graph=("".join(key + graph for key in shared) + "".join(bookkeeping)).encode("utf-8"),
            shared=tuple(shared),
        )

    def add(self, extraction: Extraction, prepared: PreparedDocument | None = None) -> None:
        """Spool one document (`prepared`: its `prepare` result, when computed elsewhere)."""
        if prepared is None:
            prepared = self.prepare(extraction)
        if prepared.id in self._paths:
            raise InputError(
                f"{self._paths[prepared.id]} and {prepared.path} have the same document id "
                f"{prepared.id!r}; a build holds each document once"
            )
        self._paths[prepared.id] = prepared.path
        self._owned.write(prepared.owned)
        self._keep_sample(prepared.id, self._offset, len(prepared.owned))
        self._offset += len(prepared.owned)
        self._owned_triples += prepared.owned_triples
        self._graphs.write(prepared.graph)
        self._counts.update(prepared.shared)
        if self._graph is not None:
            for triple in parse_ntriples(prepared.owned):
                self._graph.add(triple)

    def _keep_sample(self, doc_id: str, offset: int, length: int) -> None:
        if self.validate != "sample":
            return
        key = int.from_bytes(hashlib.sha256(doc_id.encode("utf-8")).digest()[:8], "big")
        item = (-key, offset, length)
        if len(self._sample) < self.sample_documents:
            heapq.heappush(self._sample, item)
        elif item > self._sample[0]:
            heapq.heapreplace(self._sample, item)

    def finish(self, report: BuildReport) -> None:
        """Merge the shared nodes, bulk-load the store, write the exports, validate; fill `report`.

        `self.timings` then holds the seconds of each step (merge, store, exports, validation:
        the validation runs in forked workers while the store and the exports are written, so its
        figure is the wait after them).
        """
        from plankg.graph.sparql import STORE_DIR, load_store

        self._owned.close()
        self._graphs.close()
        clock = _Clock(self.timings)
        try:
            merged = [*merge_shared(self._shared_counts()), *vocabulary_triples()]
            shared_path = self.spool / "shared.nt"
            shared_path.write_text("".join(nt_lines(merged)), encoding="utf-8")
            report.triples = self._owned_triples + len(merged)
            job = self._start_validation(merged)
            clock.lap("merge")
            try:
                store = load_store(
                    self.out / STORE_DIR,
                    files=[self._owned_path, shared_path, self._graphs_path],
                    lenient=True,
                )
                del store  # closes the store: queries open it read-only
                clock.lap("store")
                if self.text_exports:
                    nt_path = self.out / NT_FILE
                    _concatenate(nt_path, self._owned_path, shared_path)
                    if job is not None and self.validate == "full":
                        job.ntriples = nt_path.read_bytes()
                    write_text_exports(nt_path, self.out, triples=report.triples, graph=self._graph)
                    clock.lap("exports")
            except BaseException:
                if job is not None:
                    job.cancel()
                raise
            self._graph = None
            if job is None:
                report.shacl_conforms = None
                report.shacl_violations = None
                return
            validation = job.result()
            report.shacl_conforms = validation.conforms
            report.shacl_violations = validation.violations
            (self.out / SHACL_REPORT_FILE).write_text(
                validation.results_graph.serialize(format="turtle"), encoding="utf-8"
            )
            clock.lap("validation")
        finally:
            shutil.rmtree(self.spool, ignore_errors=True)

    def _shared_counts(self) -> dict[Triple, int]:
        """The counts of the documents' shared statements, keyed by rdflib triples."""
        keys = list(self._counts)
        triples = parse_ntriples("".join(key + " .\n" for key in keys))
        return {triple: self._counts[key] for key, triple in zip(keys, triples, strict=True)}

    def _start_validation(self, merged: list[Triple]) -> ValidationJob | None:
        if self.validate == "none":
            return None
        graph = self._graph
        if graph is None:  # sample: the sampled documents' owned triples, re-read from the spool
            graph = bind_prefixes(Graph())
            with self._owned_path.open("rb") as spool:
                for _key, offset, length in sorted(self._sample, key=lambda item: item[1]):
                    spool.seek(offset)
                    for triple in parse_ntriples(spool.read(length)):
                        graph.add(triple)
        for triple in merged:
            graph.add(triple)
        return start_validation(graph)


class _Clock:
    def __init__(self, laps: dict[str, float]) -> None:
        self.laps = laps
        self.mark = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self.mark, 3)
        self.mark = now


def _concatenate(target: Path, *parts: Path) -> None:
    """`target` = the parts one after the other (the first is moved, not copied)."""
    parts[0].replace(target)
    with target.open("ab") as out:
        for part in parts[1:]:
            with part.open("rb") as src:
                shutil.copyfileobj(src, out, 1 << 20)


def write_text_exports(
    nt_path: Path,
    out: Path,
    *,
    triples: int,
    graph: Graph | None = None,
    jsonld_nodes: list[dict[str, Any]] | None = None,
) -> None:
    """graph.ttl, graph.jsonld and context.jsonld in `out`, from the N-Triples export `nt_path`.

    Turtle is streamed by Oxigraph (the N-Triples lines are grouped by subject, so the Turtle
    groups them too). JSON-LD is compacted with the plankg context (rdflib; `graph` or the file
    parsed) up to `JSONLD_COMPACT_LIMIT` triples, and streamed by Oxigraph (expanded) above.
    `jsonld_nodes`: the compacted node objects, when the caller has them (an update splices
    them), instead of compacting the whole graph.
    """
    import pyoxigraph as ox

    from plankg.ontology.namespaces import PREFIXES

    ox.serialize(
        ox.parse(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES),
        output=str(out / TTL_FILE),
        format=ox.RdfFormat.TURTLE,
        prefixes=PREFIXES,
    )
    (out / CONTEXT_FILE).write_bytes(files("plankg.ontology").joinpath(CONTEXT_FILE).read_bytes())
    if triples > JSONLD_COMPACT_LIMIT:
        ox.serialize(
            ox.parse(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES),
            output=str(out / JSONLD_FILE),
            format=ox.RdfFormat.JSON_LD,
        )
        return
    if jsonld_nodes is None:
        if graph is None:
            graph = bind_prefixes(Graph())
            for triple in parse_ntriples(nt_path.read_bytes()):
                graph.add(triple)
        jsonld_nodes = compact_nodes(graph)
    nodes = sorted((_canonical(node) for node in jsonld_nodes), key=lambda node: str(node.get("id", "")))
    document = {"@context": CONTEXT_FILE, "@graph": nodes}  # the copied context, referenced
    text = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    (out / JSONLD_FILE).write_text(text, encoding="utf-8")


def _canonical(value: Any) -> Any:
    """A JSON-LD value with every array sorted (plankg data has no @list), so the text depends on
    the triples only, not on the order rdflib met them in."""
    if isinstance(value, dict):
        return {key: _canonical(item) for key, item in value.items()}
    if isinstance(value, list):
        items = [_canonical(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, ensure_ascii=False, sort_keys=True))
    return value


def compact_nodes(graph: Graph) -> list[dict[str, Any]]:
    """The JSON-LD node objects of `graph`, compacted with the plankg context (one per subject;
    plankg graphs have no blank nodes, so each object depends on its subject's triples only)."""
    from plankg.ontology import jsonld_context

    context = jsonld_context()
    document = json.loads(graph.serialize(format="json-ld", context=context["@context"], auto_compact=True))
    if "@graph" in document:
        return list(document["@graph"])
    document.pop("@context", None)
    return [document] if document else []


def jsonld_node_iri(node: dict[str, Any]) -> str:
    """The IRI of a compacted node object (its `id` expanded with the plankg context's prefixes)."""
    value = str(node.get("id", ""))
    prefix, colon, rest = value.partition(":")
    if colon and not rest.startswith("//"):
        expansion = _context_prefixes().get(prefix)
        if expansion is not None:
            return expansion + rest
    return value


@cache
def _context_prefixes() -> dict[str, str]:
    from plankg.ontology import jsonld_context

    return {k: v for k, v in jsonld_context()["@context"].items() if isinstance(v, str)}


def rdf_stage(extractions: list[Extraction], _graph: PropertyGraph, out: Path, report: BuildReport) -> None:
    """The RDF build stage over a list of extractions (`RdfStage` with the default options)."""
    stage = RdfStage(out)
    for extraction in extractions:
        stage.add(extraction)
    stage.finish(report)
