"""The ontology, its SHACL shapes, JSON-LD context, namespace constants and IRI minting."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import unquote

import owlrl
import pyoxigraph
import pyshacl
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from paths import ROOT
from rdflib import OWL, RDF, RDFS, SKOS, XSD, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, ORG, PROV, SDO, SH, TIME

from plankg.models import AREA_LABELS_VI, Predicate, Role
from plankg.ontology import (
    ONTOLOGY_IRI,
    jsonld_context,
    ontology_graph,
    ontology_text,
    shapes_graph,
    validate,
)
from plankg.ontology import generate_namespaces as gen
from plankg.ontology.namespaces import (
    AREA,
    ELI,
    ID_BASE,
    OA,
    P_PLAN,
    PKG,
    PREFIXES,
    RELATION_PROPERTY,
    ROLE,
    SHAPES,
    agency_iri,
    bind_prefixes,
    child,
    encode_segment,
    instant_iri,
    legal_iri,
    mint,
    relation_iri,
    span_iri,
)

SHACL_DIR = ROOT / "tests" / "data" / "shacl"
BASE = SHACL_DIR / "base.ttl"
PKG_IRI = str(PKG)

# Namespaces whose terms we reuse without a local copy of their vocabulary.
KNOWN_EXTERNAL = (
    str(ELI),
    str(ORG),
    str(PROV),
    str(P_PLAN),
    str(TIME),
    str(SKOS),
    str(SDO),
    str(OA),
    str(DCTERMS),
    str(RDF),
    str(RDFS),
    str(OWL),
    str(XSD),
    "http://purl.org/vocab/vann/",
)
CLOSED_SUBSETS = (ELI, OA, P_PLAN, PKG)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return ontology_graph()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return shapes_graph()


def _labels(graph: Graph, term: URIRef, prop: URIRef = RDFS.label) -> dict[str | None, list[str]]:
    found: dict[str | None, list[str]] = {}
    for value in graph.objects(term, prop):
        assert isinstance(value, Literal), f"{term} {prop} {value!r} is not a literal"
        found.setdefault(value.language, []).append(str(value))
    return found


# ---------------------------------------------------------------------------------------
# Ontology
# ---------------------------------------------------------------------------------------


def test_ontology_header(ontology: Graph) -> None:
    header = URIRef(ONTOLOGY_IRI)
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, OWL.versionInfo) is not None
    assert ontology.value(header, OWL.versionIRI) is not None
    assert ontology.value(header, DCTERMS.license) is not None
    imports = set(ontology.objects(header, OWL.imports))
    assert URIRef("http://data.europa.eu/eli/ontology") in imports
    assert {"vi", "en"} <= set(_labels(ontology, header))


def test_package_data_is_the_source_tree() -> None:
    assert ontology_text() == (ROOT / "ontology" / "plankg.ttl").read_text(encoding="utf-8")
    assert ontology_graph() is not ontology_graph()  # fresh graphs: callers may mutate them


def _declared_terms(graph: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return {s for kind in kinds for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef)}


def test_every_class_and_property_has_vietnamese_and_english_labels(ontology: Graph) -> None:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    terms = {s for kind in kinds for s in ontology.subjects(RDF.type, kind)}
    terms |= {s for s in ontology.subjects(RDF.type, OWL.AnnotationProperty) if str(s).startswith(PKG_IRI)}
    assert len(terms) > 80
    problems = []
    for term in sorted(terms):
        labels = _labels(ontology, term)
        if [len(labels.get("vi", [])), len(labels.get("en", []))] != [1, 1]:
            problems.append(f"{term}: rdfs:label {labels}")
        if str(term).startswith(PKG_IRI):
            definitions = _labels(ontology, term, SKOS.definition)
            if not ({"vi", "en"} <= set(definitions)):
                problems.append(f"{term}: skos:definition {definitions}")
            comments = _labels(ontology, term, RDFS.comment)
            if not ({"vi", "en"} <= set(comments)):
                problems.append(f"{term}: rdfs:comment {comments}")
        elif ontology.value(term, RDFS.isDefinedBy) is None:
            problems.append(f"{term}: reused term without rdfs:isDefinedBy")
    assert not problems, "\n".join(problems)


def test_plankg_terms_align_to_public_vocabularies(ontology: Graph) -> None:
    """Every plankg class is placed under a public class, save the few that say why not."""
    standalone = {PKG.Target}
    for cls in ontology.subjects(RDF.type, OWL.Class):
        if str(cls).startswith(PKG_IRI) and cls not in standalone:
            parents = set(ontology.objects(cls, RDFS.subClassOf))
            assert parents, f"{cls} has no rdfs:subClassOf"
    expected = {
        PKG.Task: P_PLAN.Step,
        PKG.PlanDocument: P_PLAN.Plan,
        PKG.AgencyGroup: ORG.Organization,
        PKG.Deadline: TIME.Interval,
        PKG.Budget: SDO.MonetaryAmount,
        PKG.ReformArea: SKOS.Concept,
        PKG.AgencyAssignment: PROV.Association,
    }
    for cls, parent in expected.items():
        assert (cls, RDFS.subClassOf, parent) in ontology
    assert (PKG.leadAgency, RDFS.subPropertyOf, PKG.assignedAgency) in ontology
    assert (PKG.cooperatingAgency, RDFS.subPropertyOf, PKG.assignedAgency) in ontology
    assert (PKG.implements, RDFS.subPropertyOf, ELI.ensures_implementation_of) in ontology
    assert (PKG.dependsOn, RDFS.subPropertyOf, DCTERMS.requires) in ontology
    assert (PKG.agencyType, RDFS.subPropertyOf, ORG.classification) in ontology


def test_ontology_references_only_declared_or_known_terms(ontology: Graph, shapes: Graph) -> None:
    """No dangling plankg term; external terms come from the vocabularies we align to."""
    declared = _declared_terms(ontology) | set(ontology.subjects(RDF.type, OWL.NamedIndividual))
    for graph in (ontology, shapes):
        for node in set(graph.all_nodes()) | set(graph.predicates()):
            if not isinstance(node, URIRef):
                continue
            iri = str(node)
            if iri.startswith(PKG_IRI):
                assert node in declared, f"{node} is used but not declared in plankg.ttl"
            for namespace in CLOSED_SUBSETS:
                if iri.startswith(str(namespace)) and iri != str(namespace):
                    assert node in namespace, f"{node} is missing from the {namespace!r} constants"


def test_ontology_rdfs_closure(ontology: Graph) -> None:
    """RDFS inference over ontology + data gives the intended entailments and no surprises."""
    graph = ontology_graph() + Graph().parse(BASE)
    owlrl.DeductiveClosure(owlrl.RDFS_Semantics).expand(graph)
    task = URIRef(ID_BASE + "task/thanh-hoa-5476-qd-ubnd-2020-t1")
    sni = agency_iri("thanh-hoa/so-noi-vu")
    mention = URIRef(ID_BASE + "doc/thanh-hoa-5476-qd-ubnd-2020/mention/100-127")
    legal = legal_iri("107/2020/NĐ-CP")
    assert (task, PKG.assignedAgency, sni) in graph
    assert (task, RDF.type, P_PLAN.Step) in graph
    assert (sni, RDF.type, ORG.Organization) in graph
    assert (mention, RDF.type, OA.TextPositionSelector) in graph
    assert (legal, PKG.hasProvenance, mention) in graph
    assert (legal, PROV.wasDerivedFrom, mention) in graph
    assert (task, DCTERMS.requires, legal) in graph
    # Shared properties have no rdfs:domain: a target is never inferred to be a task.
    target = URIRef(ID_BASE + "target/thanh-hoa-5476-qd-ubnd-1.1")
    assert (target, RDF.type, PKG.Task) not in graph
    assert (legal, RDF.type, PKG.Task) not in graph


def test_pyshacl_with_rdfs_inference_and_the_ontology() -> None:
    """The shipped graphs work as pySHACL's ont_graph with RDFS inference (no warnings either)."""
    data = Graph().parse(BASE)
    conforms, _, text = pyshacl.validate(
        data, shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="rdfs"
    )
    assert conforms, text


def test_reform_areas_are_the_seven_with_vietnamese_labels(ontology: Graph) -> None:
    areas = set(ontology.subjects(RDF.type, PKG.ReformArea))
    assert areas == set(AREA.values())
    assert len(areas) == 7
    for area, iri in AREA.items():
        assert str(iri) == f"https://w3id.org/plankg/id/area/{area.value}"
        assert ontology.value(iri, SKOS.notation) == Literal(area.value)
        assert (iri, SKOS.inScheme, PKG.ReformAreaScheme) in ontology
        assert (iri, SKOS.topConceptOf, PKG.ReformAreaScheme) in ontology
        assert Literal(AREA_LABELS_VI[area], lang="vi") in set(ontology.objects(iri, SKOS.prefLabel))
        assert "en" in _labels(ontology, iri, SKOS.prefLabel)


def test_named_individuals_do_not_link_in_cycles(ontology: Graph) -> None:
    """pySHACL deep-copies owl:NamedIndividual from ont_graph without cycle detection."""

    def visit(node: URIRef, path: tuple[URIRef, ...]) -> None:
        assert node not in path, f"cycle through {[*path, node]}"
        for obj in set(ontology.objects(node, None)):
            if isinstance(obj, URIRef):
                visit(obj, (*path, node))

    individuals = set(ontology.subjects(RDF.type, OWL.NamedIndividual))
    assert len(individuals) >= 7 + 2
    for individual in individuals:
        visit(individual, ())


def test_roles_are_declared(ontology: Graph) -> None:
    assert set(ROLE) == set(Role)
    for role, iri in ROLE.items():
        assert (iri, RDF.type, PROV.Role) in ontology
        assert ontology.value(iri, SKOS.notation) == Literal(role.value)


def test_every_predicate_has_a_declared_property(ontology: Graph, shapes: Graph) -> None:
    assert set(RELATION_PROPERTY) == set(Predicate)
    assert len(set(RELATION_PROPERTY.values())) == len(Predicate)
    for prop in RELATION_PROPERTY.values():
        assert (prop, RDF.type, OWL.ObjectProperty) in ontology
    # The relation-statement shape allows exactly these predicates.
    allowed = None
    for prop_shape in shapes.objects(SHAPES.RelationStatementShape, SH.property):
        if shapes.value(prop_shape, SH.path) == RDF.predicate:
            allowed = set(Collection(shapes, shapes.value(prop_shape, SH["in"])))
    assert allowed == set(RELATION_PROPERTY.values())


# ---------------------------------------------------------------------------------------
# Namespace constants
# ---------------------------------------------------------------------------------------


def test_namespace_constants_match_the_ontology(ontology: Graph) -> None:
    source = (ROOT / "ontology" / "namespaces.py").read_text(encoding="utf-8")
    assert gen.splice(source, gen.render(ontology)) == source, (
        "namespaces.py is out of date: run python -m plankg.ontology.generate_namespaces"
    )
    declared = {str(t)[len(PKG_IRI) :] for t in ontology.subjects() if str(t).startswith(PKG_IRI)}
    constants = set(PKG.__annotations__)
    assert constants == declared
    assert gen.main(["--check"]) == 0


def test_namespaces_are_closed() -> None:
    assert PKG.Task == URIRef(PKG_IRI + "Task")
    assert ELI["InForce-inForce"] == URIRef("http://data.europa.eu/eli/ontology#InForce-inForce")
    for namespace in CLOSED_SUBSETS:
        with pytest.raises(AttributeError):
            namespace.noSuchTerm  # noqa: B018


def test_bind_prefixes_serializes_with_short_names() -> None:
    graph = bind_prefixes(Graph())
    graph.add((mint("task", "t1"), RDF.type, PKG.Task))
    text = graph.serialize(format="turtle")
    assert "pkg:Task" in text
    assert dict(graph.namespaces())["pkg"] == URIRef(PREFIXES["pkg"])


# ---------------------------------------------------------------------------------------
# Instance IRIs
# ---------------------------------------------------------------------------------------


def test_mint_examples() -> None:
    assert str(mint("legal", "107/2020/NĐ-CP")) == ID_BASE + "legal/107%2F2020%2FNĐ-CP"
    assert str(legal_iri("39-NQ/TW")) == ID_BASE + "legal/39-NQ%2FTW"
    assert str(legal_iri("Luật Cán bộ, công chức")) == ID_BASE + "legal/Luật%20Cán%20bộ%2C%20công%20chức"
    assert str(agency_iri("thanh-hoa/so-noi-vu")) == ID_BASE + "agency/thanh-hoa/so-noi-vu"
    assert str(mint("area", "civil_service")) == ID_BASE + "area/civil_service"
    assert str(mint("province", "thanh-hoa")) == ID_BASE + "province/thanh-hoa"
    assert str(instant_iri(date(2021, 7, 1))) == ID_BASE + "instant/2021-07-01"
    task = mint("task", "t1")
    assert str(child(task, "activity", 1)) == ID_BASE + "task/t1/activity/1"
    doc = mint("doc", "thanh-hoa-5476-qd-ubnd-2020")
    assert str(span_iri(doc, 10, 42)) == str(doc) + "/span/10-42"
    assert str(span_iri(doc, 10, 42, mention=True)) == str(doc) + "/mention/10-42"


def test_local_documents_are_scoped() -> None:
    thanh_hoa = legal_iri("1025/QĐ-UBND", scope="thanh-hoa")
    thai_binh = legal_iri("1025/QĐ-UBND", scope="thai-binh")
    national = legal_iri("1025/QĐ-UBND")
    assert len({thanh_hoa, thai_binh, national}) == 3
    assert str(thanh_hoa) == ID_BASE + "legal/thanh-hoa/1025%2FQĐ-UBND"
    # A scoped id never collides with an unscoped id that happens to contain the scope.
    assert thanh_hoa != legal_iri("thanh-hoa/1025/QĐ-UBND")


@pytest.mark.parametrize(
    ("kind", "parts"), [("nope", ("x",)), ("legal", ()), ("legal", ("",)), ("task", ("a", ""))]
)
def test_mint_rejects_bad_input(kind: str, parts: tuple[str, ...]) -> None:
    with pytest.raises(ValueError):
        mint(kind, *parts)


def test_dot_segments_are_not_collapsed() -> None:
    assert str(mint("task", "..")) == ID_BASE + "task/%2E%2E"
    assert str(mint("task", "1.1")) == ID_BASE + "task/1.1"


def test_relation_iri_is_deterministic() -> None:
    parts = (str(legal_iri("117/2013/NĐ-CP")), str(ELI.amends), str(legal_iri("130/2005/NĐ-CP")), "text", "d")
    assert relation_iri(*parts) == relation_iri(*parts)
    assert relation_iri(*parts) != relation_iri(*parts[:-1], "other-document")
    assert re.fullmatch(ID_BASE + r"relation/[0-9a-f]{24}", str(relation_iri(*parts)))


@given(st.text(min_size=1))
@example("\U000e0100")  # a variation selector: a letter-like mark outside RFC 3987 ucschar
@example("\uf8ff")  # private use: allowed in an IRI query, not in a path
def test_any_part_gives_a_valid_iri(part: str) -> None:
    iri = mint("legal", part, scope="thanh-hoa")
    pyoxigraph.NamedNode(str(iri))  # strict RFC 3987 check; raises on an invalid IRI
    segment = str(iri).rsplit("/", 1)[1]
    assert unquote(segment) == unicodedata.normalize("NFC", part)  # decodable, hence injective


@given(st.text(min_size=1), st.text(min_size=1))
def test_distinct_parts_give_distinct_iris(a: str, b: str) -> None:
    same = unicodedata.normalize("NFC", a) == unicodedata.normalize("NFC", b)
    assert (mint("legal", a) == mint("legal", b)) == same
    assert mint("legal", a, scope="x") != mint("legal", b)


@given(st.text(min_size=1))
def test_minted_iris_round_trip_through_serializations(part: str) -> None:
    graph = Graph()
    graph.add((mint("legal", part), RDF.type, ELI.LegalResource))
    for fmt in ("turtle", "nt", "json-ld"):
        assert isomorphic(Graph().parse(data=graph.serialize(format=fmt), format=fmt), graph), fmt


def test_encode_segment_keeps_vietnamese_letters() -> None:
    assert encode_segment("Quyết định") == "Quyết%20định"
    assert encode_segment("Hà\u0323") == encode_segment(unicodedata.normalize("NFC", "Hà\u0323"))


# ---------------------------------------------------------------------------------------
# JSON-LD context
# ---------------------------------------------------------------------------------------


def test_jsonld_context_terms_resolve_to_declared_terms(ontology: Graph) -> None:
    context = jsonld_context()["@context"]
    declared = _declared_terms(ontology)
    prefixes = {k: v for k, v in context.items() if isinstance(v, str) and v.endswith(("#", "/"))}
    assert all(PREFIXES[prefix] == iri for prefix, iri in prefixes.items())
    for key, value in context.items():
        if key.startswith("@") or key in prefixes or value in ("@id", "@type"):
            continue
        curie = value if isinstance(value, str) else value["@id"]
        prefix, _, local = curie.partition(":")
        iri = URIRef(context[prefix] + local)
        known = iri in declared or iri in (
            SKOS.Concept,
            SKOS.ConceptScheme,
            SKOS.notation,
            SKOS.inScheme,
            RDF.subject,
            RDF.predicate,
            RDF.object,
        )
        assert known, f"context term {key} → {iri} is not declared in plankg.ttl"


def test_jsonld_context_round_trip() -> None:
    task = "https://w3id.org/plankg/id/task/t1"
    document = {
        "@context": jsonld_context()["@context"],
        "@graph": [
            {
                "id": task,
                "type": "Task",
                "text": "Rà soát thủ tục hành chính",
                "reformArea": "area:procedures",
                "leadAgency": "https://w3id.org/plankg/id/agency/bo-noi-vu",
                "unassigned": False,
                "deadline": {"id": task + "/deadline", "type": "Deadline", "deadlineText": "Quý III/2021"},
                "budget": {"id": task + "/budget", "type": "Budget", "value": 10000000, "currency": "VND"},
                "hasProvenance": {
                    "id": "https://w3id.org/plankg/id/doc/d/span/0-4",
                    "start": 0,
                    "end": 4,
                    "line": 1,
                    "exact": "Rà s",
                },
            },
            {"id": "https://w3id.org/plankg/id/agency/bo-noi-vu", "hadRole": "role:lead"},
        ],
    }
    parsed = Graph().parse(data=json.dumps(document), format="json-ld")
    expected = Graph().parse(
        data="""
        @prefix pkg: <https://w3id.org/plankg/ontology#> .
        @prefix schema: <https://schema.org/> .
        @prefix oa: <http://www.w3.org/ns/oa#> .
        @prefix prov: <http://www.w3.org/ns/prov#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <https://w3id.org/plankg/id/task/t1> a pkg:Task ;
            pkg:text "Rà soát thủ tục hành chính"@vi ;
            pkg:reformArea <https://w3id.org/plankg/id/area/procedures> ;
            pkg:leadAgency <https://w3id.org/plankg/id/agency/bo-noi-vu> ;
            pkg:unassigned false ;
            pkg:deadline <https://w3id.org/plankg/id/task/t1/deadline> ;
            pkg:budget <https://w3id.org/plankg/id/task/t1/budget> ;
            pkg:hasProvenance <https://w3id.org/plankg/id/doc/d/span/0-4> .
        <https://w3id.org/plankg/id/task/t1/deadline> a pkg:Deadline ; pkg:deadlineText "Quý III/2021" .
        <https://w3id.org/plankg/id/task/t1/budget> a pkg:Budget ;
            schema:value 10000000 ; schema:currency "VND" .
        <https://w3id.org/plankg/id/doc/d/span/0-4>
            oa:start "0"^^xsd:nonNegativeInteger ; oa:end "4"^^xsd:nonNegativeInteger ;
            pkg:line "1"^^xsd:positiveInteger ; oa:exact "Rà s" .
        <https://w3id.org/plankg/id/agency/bo-noi-vu> prov:hadRole <https://w3id.org/plankg/id/role/lead> .
        """,
        format="turtle",
    )
    assert isomorphic(parsed, expected), parsed.serialize(format="turtle")


# ---------------------------------------------------------------------------------------
# SHACL
# ---------------------------------------------------------------------------------------


def test_shapes_are_valid_shacl(shapes: Graph) -> None:
    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


def test_every_shape_has_vietnamese_and_english_messages(shapes: Graph) -> None:
    shape_nodes = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.objects(None, SH.property))
    shape_nodes |= set(shapes.objects(None, SH.sparql))
    named_nodes = {s for s in shape_nodes if not isinstance(s, BNode)}
    assert len(shape_nodes) > 100
    # Operands of sh:or / sh:xone / sh:not report through the shape that uses them.
    operands = set(shapes.objects(None, SH["not"]))
    for logical in (SH["or"], SH.xone, SH["and"]):
        for head in shapes.objects(None, logical):
            operands |= set(Collection(shapes, head))
    operands |= {p for o in operands for p in shapes.objects(o, SH.property)}
    for shape in shape_nodes - operands:
        messages = _labels(shapes, shape, SH.message)
        assert {"vi", "en"} <= set(messages), f"{shape} ({shapes.value(shape, SH.path)}): {messages}"
    targeted = {shapes.value(s, SH.targetClass) for s in named_nodes} - {None}
    plankg_classes = {s for s in ontology_graph().subjects(RDF.type, OWL.Class) if str(s).startswith(PKG_IRI)}
    assert plankg_classes <= targeted, f"classes without a shape: {plankg_classes - targeted}"


@dataclass
class Case:
    path: Path
    conforms: bool = True
    violations: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


EXPECT_RE = re.compile(r"^# expect: (conforms|violates|warns)\s*(\S*)\s*$", re.M)


def load_case(path: Path) -> Case:
    case = Case(path)
    for kind, target in EXPECT_RE.findall(path.read_text(encoding="utf-8")):
        if kind == "violates":
            case.conforms = False
            case.violations.append(target)
        elif kind == "warns":
            case.warnings.append(target)
    assert case.conforms or case.violations
    return case


def _expand(curie: str) -> URIRef:
    prefix, _, local = curie.partition(":")
    namespaces = {**PREFIXES, "sh": str(SH)}
    return URIRef(namespaces[prefix] + local)


CASES = sorted(SHACL_DIR.glob("*.ttl"))


def test_every_case_file_states_its_expectation() -> None:
    assert len(CASES) > 20
    for path in CASES:
        assert EXPECT_RE.search(path.read_text(encoding="utf-8")), f"{path.name} has no '# expect:' line"


@pytest.mark.parametrize("inference", ["rdfs", "none"])
@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_shacl_case(path: Path, inference: str) -> None:
    case = load_case(path)
    data = Graph().parse(BASE)
    if path != BASE:
        data.parse(path)
    conforms, results, text = validate(data, inference=inference)
    found: dict[URIRef, set[URIRef]] = {SH.Violation: set(), SH.Warning: set()}
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(result, SH.resultSeverity)
        for prop in (SH.resultPath, SH.sourceConstraintComponent):
            value = results.value(result, prop)
            if isinstance(value, URIRef):
                found.setdefault(severity, set()).add(value)
    assert conforms == case.conforms, text
    for expected in case.violations:
        assert _expand(expected) in found[SH.Violation], f"no violation at {expected}:\n{text}"
    for expected in case.warnings:
        assert _expand(expected) in found[SH.Warning], f"no warning at {expected}:\n{text}"
    if case.conforms and not case.warnings:
        assert not found[SH.Warning], text
