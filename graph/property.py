"""Model → labelled property graph (nodes and typed edges with properties).

One projection serves networkx analytics and the Cypher engines, so both see the same
labels, keys and properties. Node keys are stable strings minted from normalized ids:
repeated citations of one decree are one node; two provinces' `1025/QĐ-UBND` are two.

Each document contributes a `DocumentPart`: the nodes it owns (keys minted from its own id: the
plan, its tasks, activities, products and targets), its view of the nodes documents share (legal
documents, agencies, provinces: `SHARED_LABELS`) and its edges. A shared node is merged from the
views of every contributing document by `merge_shared`: each property takes the value the most
documents give it, ties going to the smallest value (the rule graph.rdf applies to the same facts, so
SPARQL and Cypher answer alike); an agency is an AgencyGroup when its merged `collective` is true.
The merged graph is therefore a function of the SET of documents, not of their order, which is what
lets an incremental update (graph.incremental) give exactly the graph of a full build.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from plankg.loaders.citations import is_local_id
from plankg.loaders.text import slugify
from plankg.models import AREA_LABELS_VI, Extraction, LegalRef, ReformArea, Role, Span

# Node labels (Cypher labels, networkx `label` attribute)
PLAN_DOCUMENT = "Document"
LEGAL_DOCUMENT = "LegalDocument"
TASK = "Task"
ACTIVITY = "Activity"
PRODUCT = "Product"
AGENCY = "Agency"
AGENCY_GROUP = "AgencyGroup"
TARGET = "Target"
PROVINCE = "Province"
REFORM_AREA = "ReformArea"

# Edge types
CITES = "CITES"  # Document → LegalDocument
SAME_AS = "SAME_AS"  # Document → LegalDocument carrying its own number
PART_OF = "PART_OF"  # Task → Document
DEPENDS_ON = "DEPENDS_ON"  # Task → LegalDocument
LEADS = "LEADS"  # Agency → Task
COOPERATES_ON = "COOPERATES_ON"  # Agency → Task
HAS_ACTIVITY = "HAS_ACTIVITY"  # Task → Activity
HAS_PRODUCT = "HAS_PRODUCT"  # Task → Product
SERVES = "SERVES"  # Task → Target
IN_AREA = "IN_AREA"  # Task → ReformArea
IN_PROVINCE = "IN_PROVINCE"  # Document | Agency → Province
TARGET_OF = "TARGET_OF"  # Target → Document
RELATION_TYPES = {
    "amends": "AMENDS",
    "replaces": "REPLACES",
    "repeals": "REPEALS",
    "partially_repeals": "PARTIALLY_REPEALS",
    "expires": "EXPIRES",
    "implements": "IMPLEMENTS",
    "based_on": "BASED_ON",
    "guides": "GUIDES",
    "applies": "APPLIES",
}
ROLE_EDGES = {Role.LEAD: LEADS, Role.COOPERATE: COOPERATES_ON}
# Nodes several documents may contribute to (merged by `merge_shared`); all others belong to one document.
# Reform areas are in every graph (`area_nodes`); documents only point at them.
SHARED_LABELS = frozenset({LEGAL_DOCUMENT, AGENCY, AGENCY_GROUP, PROVINCE})


@dataclass(frozen=True)
class Node:
    key: str
    label: str
    props: dict[str, Any]


@dataclass(frozen=True)
class Edge:
    source: str
    type: str
    target: str
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class PropertyGraph:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)

    def add_node(self, key: str, label: str, /, **props: Any) -> str:
        """Add or merge a node: later non-empty properties fill gaps, never overwrite."""
        clean = {k: v for k, v in props.items() if v is not None and v != [] and v != ""}
        existing = self.nodes.get(key)
        if existing is None:
            self.nodes[key] = Node(key, label, clean)
        else:
            for name, value in clean.items():
                existing.props.setdefault(name, value)
        return key

    def add_edge(self, source: str, type_: str, target: str, /, **props: Any) -> None:
        clean = {k: v for k, v in props.items() if v is not None and v != ""}
        self.edges.append(Edge(source, type_, target, clean))


def legal_key(ref_id: str, scope: str | None) -> str:
    return f"legal:{ref_id}#{scope}" if scope else f"legal:{ref_id}"


@dataclass
class DocumentPart:
    """What one document contributes to the property graph (see the module docstring)."""

    document: str
    owned: dict[str, Node]
    shared: dict[str, Node]
    edges: list[Edge]

    def loose_edges(self) -> list[Edge]:
        """Edges between shared nodes only (relations between legal documents, agency → province):
        the ones that cannot be found again through a node this document owns."""
        return [e for e in self.edges if e.source not in self.owned and e.target not in self.owned]


def document_part(extraction: Extraction) -> DocumentPart:
    """The nodes and edges one document contributes (pure function of its extraction)."""
    graph = PropertyGraph()
    _add_extraction(graph, extraction)
    owned = {k: n for k, n in graph.nodes.items() if n.label not in SHARED_LABELS}
    shared = {k: n for k, n in graph.nodes.items() if n.label in SHARED_LABELS}
    return DocumentPart(extraction.document.id, owned, shared, graph.edges)


def area_nodes() -> dict[str, Node]:
    """The reform areas: in every graph, whatever its documents."""
    return {
        f"area:{a.value}": Node(f"area:{a.value}", REFORM_AREA, {"id": a.value, "name": AREA_LABELS_VI[a]})
        for a in ReformArea
    }


def merge_shared(views: Mapping[str, Node]) -> Node:
    """One shared node from the documents' views of it (by document id): every property takes the
    value the most documents give, ties to the smallest value; independent of the build order."""
    votes: dict[str, Counter[Any]] = {}
    values: dict[Any, Any] = {}
    for view in views.values():
        for name, value in view.props.items():
            key = _vote_key(value)
            values[key] = value
            votes.setdefault(name, Counter())[key] += 1
    props = {name: values[min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0]] for name, c in votes.items()}
    labels = Counter(view.label for view in views.values())
    label = min(labels.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    if label in (AGENCY, AGENCY_GROUP) and "collective" in props:
        label = AGENCY_GROUP if props["collective"] else AGENCY
    return Node(next(iter(views.values())).key, label, props)


def _vote_key(value: Any) -> tuple[str, Any]:
    """A totally ordered key of a property value: its type name, then the value (JSON for lists)."""
    if isinstance(value, list | dict):
        import json

        return ("~" + type(value).__name__, json.dumps(value, ensure_ascii=False, sort_keys=True))
    return (type(value).__name__, value)


class GraphAccumulator:
    """Merges document parts one at a time (a streaming build); `graph()` gives the merged graph.

    Shared nodes are kept as per-document views until the end (`views`), so the merge does not
    depend on the order parts arrive in; the views are also what an incremental update needs.
    """

    def __init__(self) -> None:
        self.owned: dict[str, Node] = {}
        self.edges: list[Edge] = []
        self.views: dict[str, dict[str, Node]] = {}

    def add(self, part: DocumentPart) -> None:
        for key, node in part.owned.items():
            if key in self.owned:
                raise ValueError(f"node {key} is minted by two documents (is a document id repeated?)")
            self.owned[key] = node
        self.edges.extend(part.edges)
        for key, node in part.shared.items():
            self.views.setdefault(key, {})[part.document] = node

    def graph(self) -> PropertyGraph:
        nodes = area_nodes()
        nodes.update(self.owned)
        for key, views in self.views.items():
            nodes[key] = merge_shared(views)
        return PropertyGraph(nodes=nodes, edges=self.edges)


def build_property_graph(extractions: Iterable[Extraction]) -> PropertyGraph:
    """Project extractions onto one property graph (pure function of the SET of extractions)."""
    accumulator = GraphAccumulator()
    for extraction in extractions:
        accumulator.add(document_part(extraction))
    return accumulator.graph()


def _provenance(doc_id: str, span: Span | None) -> dict[str, Any]:
    if span is None:
        return {"source_document": doc_id}
    return {
        "source_document": doc_id,
        "source_line": span.line,
        "source_start": span.start,
        "source_end": span.end,
        "quote": span.text,
    }


def _add_extraction(graph: PropertyGraph, extraction: Extraction) -> None:
    doc = extraction.document
    province_key = None
    if doc.province:
        province_key = graph.add_node(
            f"province:{slugify(doc.province)}", PROVINCE, id=slugify(doc.province), name=doc.province
        )
    doc_key = graph.add_node(
        f"doc:{doc.id}",
        PLAN_DOCUMENT,
        id=doc.id,
        number=doc.number,
        title=doc.title,
        kind=doc.kind.value,
        issuer=doc.issuer,
        province=doc.province,
        date=doc.date.isoformat() if doc.date else None,
        effective_date=doc.effective_date.isoformat() if doc.effective_date else None,
        path=doc.path,
    )
    if province_key:
        graph.add_edge(doc_key, IN_PROVINCE, province_key)
    scope = slugify(doc.province) if doc.province else None
    own_key = None
    if doc.number:
        own_key = graph.add_node(
            legal_key(doc.number, scope if _is_local(doc.number) else None),
            LEGAL_DOCUMENT,
            id=doc.number,
            title=doc.title,
            scope=scope if _is_local(doc.number) else None,
            date=doc.date.isoformat() if doc.date else None,
            effective_date=doc.effective_date.isoformat() if doc.effective_date else None,
        )
        graph.add_edge(doc_key, SAME_AS, own_key)

    keys_by_id: dict[str, str] = {}
    for ref in extraction.references:
        key = _add_legal(graph, ref)
        keys_by_id[ref.id] = key
        first = ref.mentions[0].span if ref.mentions else None
        graph.add_edge(doc_key, CITES, key, mentions=len(ref.mentions), **_provenance(doc.id, first))

    def resolve(ref_id: str) -> str:
        if ref_id in keys_by_id:
            return keys_by_id[ref_id]
        if doc.number and ref_id in (doc.number, doc.id):
            return own_key or doc_key
        return graph.add_node(legal_key(ref_id, None), LEGAL_DOCUMENT, id=ref_id)

    for rel in extraction.relations:
        graph.add_edge(
            resolve(rel.subject),
            RELATION_TYPES[rel.predicate.value],
            resolve(rel.object),
            source=rel.source,
            date=rel.date.isoformat() if rel.date else None,
            part=rel.part,
            within_part=True if rel.within_part else None,
            phrases=list(rel.phrases) or None,
            **_provenance(doc.id, rel.evidence),
        )

    for target in extraction.targets:
        target_key = graph.add_node(
            f"target:{target.id}",
            TARGET,
            id=target.id,
            text=target.text,
            metric=target.metric,
            value=target.value,
            unit=target.unit,
            comparator=target.comparator,
            year=target.year,
            number=target.number,
            province=doc.province,
            **_provenance(doc.id, target.provenance),
        )
        graph.add_edge(target_key, TARGET_OF, doc_key)

    for agency in extraction.agencies:
        label = AGENCY_GROUP if agency.collective else AGENCY
        agency_key = graph.add_node(
            f"agency:{agency.id}",
            label,
            id=agency.id,
            name=agency.name,
            type=agency.type,
            province=agency.province,
            collective=agency.collective,
        )
        if agency.province:
            graph.add_edge(agency_key, IN_PROVINCE, f"province:{slugify(agency.province)}")

    for task in extraction.tasks:
        deadline = task.deadline
        task_key = graph.add_node(
            f"task:{task.id}",
            TASK,
            id=task.id,
            text=task.text,
            number=task.number,
            section=task.section,
            area=task.area.value if task.area else None,
            province=doc.province,
            document=doc.id,
            deadline_text=deadline.text if deadline else None,
            deadline_start=deadline.start.isoformat() if deadline and deadline.start else None,
            deadline_end=deadline.end.isoformat() if deadline and deadline.end else None,
            recurring=deadline.recurring if deadline else None,
            conditional=deadline.conditional if deadline else None,
            budget_text=task.budget.text if task.budget else None,
            budget_vnd=task.budget.amount_vnd if task.budget else None,
            **_provenance(doc.id, task.provenance),
        )
        graph.add_edge(task_key, PART_OF, doc_key)
        if task.area:
            graph.add_edge(task_key, IN_AREA, f"area:{task.area.value}")
        for ref_id in task.references:
            graph.add_edge(task_key, DEPENDS_ON, resolve(ref_id), **_provenance(doc.id, task.provenance))
        for target_id in task.targets:
            graph.add_edge(task_key, SERVES, f"target:{target_id}")
        for index, activity in enumerate(task.activities, 1):
            key = graph.add_node(
                f"activity:{task.id}/{index}",
                ACTIVITY,
                id=f"{task.id}/activity-{index}",
                text=activity.text,
                number=activity.number,
                **_provenance(doc.id, activity.provenance),
            )
            graph.add_edge(task_key, HAS_ACTIVITY, key)
        for index, product in enumerate(task.products, 1):
            key = graph.add_node(
                f"product:{task.id}/{index}",
                PRODUCT,
                id=f"{task.id}/product-{index}",
                text=product.text,
                **_provenance(doc.id, product.provenance),
            )
            graph.add_edge(task_key, HAS_PRODUCT, key)
        seen: set[tuple[str, Role]] = set()
        for ref in task.agencies:
            if (ref.agency_id, ref.role) in seen:
                continue
            seen.add((ref.agency_id, ref.role))
            graph.add_edge(
                f"agency:{ref.agency_id}",
                ROLE_EDGES[ref.role],
                task_key,
                surface=ref.surface,
                qualifier=ref.qualifier,
            )


def _is_local(ref_id: str) -> bool:
    """Local documents need a province scope: the citation extractor's rule, one place."""
    return is_local_id(ref_id)


def _add_legal(graph: PropertyGraph, ref: LegalRef) -> str:
    return graph.add_node(
        legal_key(ref.id, ref.scope),
        LEGAL_DOCUMENT,
        id=ref.id,
        kind=ref.kind,
        doc_type=ref.doc_type,
        type_code=ref.type_code,
        issuer=ref.issuer,
        issuer_code=ref.issuer_code,
        number=ref.number,
        year=ref.year,
        date=ref.date.isoformat() if ref.date else None,
        scope=ref.scope,
        title=ref.title,
    )
