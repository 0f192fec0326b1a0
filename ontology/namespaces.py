"""Namespace constants and instance-IRI minting for plankg graphs.

`PKG` is generated from `plankg.ttl` (run `python -m plankg.ontology.generate_namespaces`);
`ELI`, `P_PLAN` and `OA` are closed subsets of the public vocabularies plankg uses. rdflib
already ships `ORG`, `PROV`, `TIME`, `SKOS`, `SDO` (schema.org, https) and `DCTERMS`.

Instance IRIs live under https://w3id.org/plankg/id/ and are minted from normalized ids:
one path segment per part, percent-encoded, so the same id always gives the same IRI and
different ids never collide:

>>> str(mint("legal", "107/2020/NĐ-CP"))
'https://w3id.org/plankg/id/legal/107%2F2020%2FNĐ-CP'
>>> legal_iri("1025/QĐ-UBND", scope="thanh-hoa") != legal_iri("1025/QĐ-UBND", scope="thai-binh")
True
>>> str(agency_iri("thanh-hoa/so-noi-vu"))
'https://w3id.org/plankg/id/agency/thanh-hoa/so-noi-vu'
"""

import hashlib
import string
import unicodedata
from datetime import date

from rdflib import Graph
from rdflib.namespace import (
    DCTERMS,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    TIME,
    XSD,
    DefinedNamespace,
    Namespace,
)
from rdflib.term import URIRef

from plankg.models import Predicate, ReformArea, Role


class PKG(DefinedNamespace):
    """plankg ontology: Vietnamese administrative-reform plans (ontology/plankg.ttl)."""

    _fail = True

    # BEGIN GENERATED from plankg.ttl by generate_namespaces.py: do not edit by hand

    # Classes (owl:Class)
    Activity: URIRef  # Activity
    AgencyAssignment: URIRef  # Agency assignment
    AgencyGroup: URIRef  # Agency group
    AgencyType: URIRef  # Agency type
    Budget: URIRef  # Budget
    Deadline: URIRef  # Deadline
    DocumentType: URIRef  # Document type
    Mention: URIRef  # Mention
    PlanDocument: URIRef  # Source document
    Product: URIRef  # Product
    Provenance: URIRef  # Provenance span
    Province: URIRef  # Province
    ReformArea: URIRef  # Reform area
    RelationStatement: URIRef  # Document relation statement
    Target: URIRef  # Target
    Task: URIRef  # Task

    # Object properties (owl:ObjectProperty)
    agencyType: URIRef  # agency type
    assignedAgency: URIRef  # assigned agency
    budget: URIRef  # budget
    cooperatingAgency: URIRef  # cooperating agency
    deadline: URIRef  # deadline
    dependsOn: URIRef  # depends on
    expires: URIRef  # expires
    guides: URIRef  # guides
    hasActivity: URIRef  # has activity
    hasAssignment: URIRef  # has assignment
    hasMention: URIRef  # has mention
    hasProduct: URIRef  # has product
    hasProvenance: URIRef  # has provenance
    implements: URIRef  # implements
    isTargetOf: URIRef  # is target of
    leadAgency: URIRef  # lead agency
    legalResource: URIRef  # legal resource
    partiallyRepeals: URIRef  # partially repeals
    province: URIRef  # province
    reformArea: URIRef  # reform area
    replaces: URIRef  # replaces
    servesTarget: URIRef  # serves target
    statedTotalBudget: URIRef  # stated total budget

    # Datatype properties (owl:DatatypeProperty)
    budgetText: URIRef  # budget text
    collective: URIRef  # collective
    comparator: URIRef  # comparator
    conditional: URIRef  # conditional
    deadlineText: URIRef  # deadline text
    documentKind: URIRef  # document kind
    issuerCode: URIRef  # issuer code
    issuerName: URIRef  # issuer name
    itemNumber: URIRef  # item number
    line: URIRef  # line
    metric: URIRef  # metric
    provision: URIRef  # provision acted on
    qualifier: URIRef  # qualifier
    rawId: URIRef  # raw id
    recurring: URIRef  # recurring
    referenceKind: URIRef  # reference kind
    relationSource: URIRef  # relation source
    repaired: URIRef  # repaired
    scope: URIRef  # scope
    section: URIRef  # section
    sha256: URIRef  # SHA-256 checksum
    sourcePath: URIRef  # source path
    targetValue: URIRef  # target value
    targetYear: URIRef  # target year
    taskNumber: URIRef  # task number
    text: URIRef  # text
    unassigned: URIRef  # unassigned
    unit: URIRef  # unit
    withinProvision: URIRef  # acts within the provision
    wording: URIRef  # wording
    year: URIRef  # year

    # Annotation properties (owl:AnnotationProperty)
    surfaceForm: URIRef  # surface form

    # Concept schemes (skos:ConceptScheme)
    AgencyRoleScheme: URIRef  # Agency roles on a task
    AgencyTypeScheme: URIRef  # Agency types
    DocumentTypeScheme: URIRef  # Legal document types
    ReformAreaScheme: URIRef  # The seven administrative-reform areas

    # END GENERATED

    _NS = Namespace("https://w3id.org/plankg/ontology#")


class ELI(DefinedNamespace):
    """European Legislation Identifier ontology: the subset plankg uses."""

    _fail = True

    # Classes
    LegalResource: URIRef  # A work in a legislative corpus
    ResourceType: URIRef  # Type of a legal resource (skos:Concept)
    InForce: URIRef  # In-force status (skos:Concept)

    # Relations between legal resources
    cites: URIRef  # Citation in the text of the legal resource
    based_on: URIRef  # Legal basis (căn cứ)
    amends: URIRef  # Introduces legal changes in another resource (sửa đổi, bổ sung)
    repeals: URIRef  # Completely cancels another resource (bãi bỏ)
    changes: URIRef  # Any change: amendment, replacement, correction, repeal
    applies: URIRef  # Informative conformity link (áp dụng)
    ensures_implementation_of: URIRef  # Ensures the implementation of another resource

    # Metadata
    id_local: URIRef  # Local identifier (số ký hiệu)
    number: URIRef  # Number within a type and year
    type_document: URIRef  # Type of the document
    date_document: URIRef  # Date of adoption or signature
    passed_by: URIRef  # Agent that adopted the resource
    in_force: URIRef  # In-force status
    first_date_entry_in_force: URIRef  # First date of entry into force
    date_no_longer_in_force: URIRef  # Date the resource ceased to be in force

    _extras = ("InForce-inForce", "InForce-notInForce", "InForce-partiallyInForce")  # type: ignore[assignment]

    _NS = Namespace("http://data.europa.eu/eli/ontology#")


class P_PLAN(DefinedNamespace):
    """P-Plan ontology (plans and their steps): the subset plankg uses."""

    _fail = True

    Plan: URIRef  # A plan (sub-class of prov:Plan)
    Step: URIRef  # A planned execution step
    Variable: URIRef  # Input or output of a step
    Activity: URIRef  # Execution of a step
    isStepOfPlan: URIRef  # Step → plan
    isOutputVarOf: URIRef  # Variable → step producing it
    isInputVarOf: URIRef  # Variable → step consuming it
    isPrecededBy: URIRef  # Step → earlier step
    correspondsToStep: URIRef  # Executed activity → planned step
    correspondsToVariable: URIRef  # Produced entity → planned variable

    _NS = Namespace("http://purl.org/net/p-plan#")


class OA(DefinedNamespace):
    """W3C Web Annotation vocabulary: the subset plankg uses for provenance spans."""

    _fail = True

    Annotation: URIRef  # An annotation
    SpecificResource: URIRef  # A resource narrowed by selectors
    TextPositionSelector: URIRef  # Selects by character offsets
    TextQuoteSelector: URIRef  # Selects by quoted text
    hasSource: URIRef  # Specific resource → source document
    hasSelector: URIRef  # Specific resource → selector
    hasTarget: URIRef  # Annotation → target
    hasBody: URIRef  # Annotation → body
    start: URIRef  # Start offset (xsd:nonNegativeInteger)
    end: URIRef  # End offset, exclusive (xsd:nonNegativeInteger)
    exact: URIRef  # Verbatim selected text
    prefix: URIRef  # Text just before the selection
    suffix: URIRef  # Text just after the selection

    _NS = Namespace("http://www.w3.org/ns/oa#")


VANN = Namespace("http://purl.org/vocab/vann/")
SHAPES = Namespace("https://w3id.org/plankg/shapes#")

# ---------------------------------------------------------------------------------------
# Instance IRIs
# ---------------------------------------------------------------------------------------

ID_BASE = "https://w3id.org/plankg/id/"
ID = Namespace(ID_BASE)

#: Every kind of minted instance (the first path segment after /id/).
KINDS = frozenset(
    {
        "doc",  # pkg:PlanDocument, by document id
        "legal",  # eli:LegalResource, by canonical id (and scope for local documents)
        "task",  # pkg:Task, by task id
        "agency",  # org:FormalOrganization | pkg:AgencyGroup, by agency id split on "/"
        "target",  # pkg:Target, by target id
        "province",  # pkg:Province, by slug
        "area",  # pkg:ReformArea, by models.ReformArea value
        "role",  # prov:Role, by models.Role value
        "agency-type",  # pkg:AgencyType, by slug
        "doctype",  # pkg:DocumentType, by type code
        "instant",  # time:Instant, by ISO date
        "relation",  # pkg:RelationStatement, by digest
    }
)

_SAFE_ASCII = frozenset(string.ascii_letters + string.digits + "-._~")


# RFC 3987 `ucschar`: the non-ASCII code points an IRI may hold unencoded (variation selectors
# U+E0100… and private-use planes are not among them).
_UCSCHAR_RANGES = (
    (0xA0, 0xD7FF),
    (0xF900, 0xFDCF),
    (0xFDF0, 0xFFEF),
    *((plane, plane + 0xFFFD) for plane in range(0x10000, 0xE0000, 0x10000)),
    (0xE1000, 0xEFFFD),
)


def _is_ucschar(code: int) -> bool:
    return any(low <= code <= high for low, high in _UCSCHAR_RANGES)


def encode_segment(part: str) -> str:
    """One IRI path segment for `part`: injective, readable, safe everywhere.

    NFC-normalizes, keeps ASCII unreserved characters and non-ASCII letters, marks and
    digits (valid IRI characters: "Đ", "ồ"), and percent-encodes everything else as UTF-8,
    "/" and "%" included, so distinct parts never give the same segment.
    """
    text = unicodedata.normalize("NFC", part)
    if not text:
        raise ValueError("cannot mint an IRI from an empty part")
    out = []
    for char in text:
        if char in _SAFE_ASCII or (_is_ucschar(ord(char)) and unicodedata.category(char)[0] in "LMN"):
            out.append(char)
        else:
            out.append("".join(f"%{byte:02X}" for byte in char.encode("utf-8")))
    segment = "".join(out)
    if set(segment) == {"."}:  # "." and ".." would be removed by IRI resolution
        segment = segment.replace(".", "%2E")
    return segment


def mint(kind: str, *parts: str, scope: str | None = None) -> URIRef:
    """Instance IRI `https://w3id.org/plankg/id/{kind}[/{scope}]/{part}/…`.

    Each part is one segment (see `encode_segment`); `scope` (a province slug or a Party
    term) comes first, so a scoped id never equals an unscoped one.

    >>> str(mint("task", "thanh-hoa-5476-qd-ubnd-2020", "t12"))
    'https://w3id.org/plankg/id/task/thanh-hoa-5476-qd-ubnd-2020/t12'
    """
    if kind not in KINDS:
        raise ValueError(f"unknown IRI kind {kind!r}; expected one of {sorted(KINDS)}")
    if not parts:
        raise ValueError(f"mint({kind!r}) needs at least one part")
    segments = ([encode_segment(scope)] if scope else []) + [encode_segment(p) for p in parts]
    return URIRef(ID_BASE + kind + "/" + "/".join(segments))


def child(parent: URIRef, *parts: str | int) -> URIRef:
    """A dependent node under `parent`: `{task}/activity/1`, `{doc}/span/10-42`."""
    if not parts:
        raise ValueError("child() needs at least one part")
    return URIRef(str(parent) + "/" + "/".join(encode_segment(str(p)) for p in parts))


def legal_iri(ref_id: str, scope: str | None = None) -> URIRef:
    """A legal document: national ids alone, local ids (UBND, HĐND, Sở, Party) with scope."""
    return mint("legal", ref_id, scope=scope)


def agency_iri(agency_id: str) -> URIRef:
    """An agency: its slug id's "/"-separated components become path segments."""
    return mint("agency", *agency_id.split("/"))


def instant_iri(day: date) -> URIRef:
    """The shared time:Instant of one calendar day."""
    return mint("instant", day.isoformat())


def span_iri(document: URIRef, start: int, end: int, *, mention: bool = False) -> URIRef:
    """A provenance span `{doc}/span/{start}-{end}` (or `{doc}/mention/…` for a pkg:Mention)."""
    return child(document, "mention" if mention else "span", f"{start}-{end}")


def relation_iri(*parts: str) -> URIRef:
    """A relation statement, from a digest of its identifying parts.

    Pass subject IRI, predicate IRI, object IRI, the source ("text"/"events") and the
    citing document id (or the events file) so each statement of an edge is its own node.
    """
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:24]
    return mint("relation", digest)


#: The seven reform areas (declared as individuals in plankg.ttl).
AREA: dict[ReformArea, URIRef] = {area: mint("area", area.value) for area in ReformArea}
#: Agency roles on a task, values of prov:hadRole (declared in plankg.ttl).
ROLE: dict[Role, URIRef] = {role: mint("role", role.value) for role in Role}

#: The property each document-to-document predicate is asserted with.
RELATION_PROPERTY: dict[Predicate, URIRef] = {
    Predicate.AMENDS: ELI.amends,
    Predicate.REPLACES: PKG.replaces,
    Predicate.REPEALS: ELI.repeals,
    Predicate.PARTIALLY_REPEALS: PKG.partiallyRepeals,
    Predicate.EXPIRES: PKG.expires,
    Predicate.IMPLEMENTS: PKG.implements,
    Predicate.BASED_ON: ELI.based_on,
    Predicate.GUIDES: PKG.guides,
    Predicate.APPLIES: ELI.applies,
}

#: Prefixes for serializations (Turtle, SPARQL headers).
PREFIXES: dict[str, str] = {
    "pkg": str(PKG),
    "eli": str(ELI),
    "org": str(ORG),
    "prov": str(PROV),
    "p-plan": str(P_PLAN),
    "time": str(TIME),
    "skos": str(SKOS),
    "schema": str(SDO),
    "oa": str(OA),
    "dct": str(DCTERMS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "area": ID_BASE + "area/",
    "role": ID_BASE + "role/",
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the plankg prefixes on `graph` (replacing rdflib's defaults) and return it."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph
