"""Model → RDF on the real demo build: SHACL conformance, determinism, identity, provenance."""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from demo_build import demo_build
from paths import CORPUS
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, SH

from plankg.errors import InputError
from plankg.graph.build import BuildReport
from plankg.graph.rdf import (
    CONTEXT_FILE,
    JSONLD_FILE,
    NT_FILE,
    SHACL_REPORT_FILE,
    TTL_FILE,
    RdfStage,
    build_rdf,
    task_iri,
    validate_graph,
)
from plankg.loaders.extract import extract, iter_document_paths
from plankg.models import Agency, Document, Extraction, LegalRef, Mention, Span
from plankg.ontology import ontology_graph
from plankg.ontology.namespaces import AREA, ELI, OA, PKG, legal_iri

SHACL_CASES = Path(__file__).parent / "data" / "shacl"


@pytest.fixture(scope="module")
def built() -> Path:
    return demo_build()[0]


@pytest.fixture(scope="module")
def graph(built: Path) -> Graph:
    return Graph().parse(built / NT_FILE, format="nt")


@pytest.fixture(scope="module")
def extractions() -> list[Extraction]:
    return [extract(path) for path in iter_document_paths(CORPUS)]


def test_build_writes_the_rdf_files(built: Path) -> None:
    for name in (NT_FILE, TTL_FILE, JSONLD_FILE, CONTEXT_FILE, SHACL_REPORT_FILE):
        assert (built / name).stat().st_size > 0, name
    assert (built / "store").is_dir()
    document = json.loads((built / JSONLD_FILE).read_text(encoding="utf-8"))
    assert document["@context"] == CONTEXT_FILE
    assert "@context" in json.loads((built / CONTEXT_FILE).read_text(encoding="utf-8"))


def test_demo_graph_conforms_with_zero_violations(built: Path, graph: Graph) -> None:
    _, report = demo_build()
    assert report.shacl_conforms is True
    assert report.shacl_violations == 0
    assert report.triples == len(graph) > 10_000
    results = Graph().parse(built / SHACL_REPORT_FILE, format="turtle")
    assert (None, SH.conforms, Literal(True)) in results
    assert not list(results.subjects(SH.resultSeverity, SH.Violation))


def test_rebuilding_gives_an_isomorphic_graph(graph: Graph, extractions: list[Extraction]) -> None:
    assert isomorphic(build_rdf(extractions), graph)


def test_turtle_export_is_the_same_graph(built: Path, graph: Graph) -> None:
    assert isomorphic(Graph().parse(built / TTL_FILE, format="turtle"), graph)


def test_one_decree_cited_by_several_documents_is_one_node(graph: Graph) -> None:
    nodes = set(graph.subjects(ELI.id_local, Literal("106/2020/NĐ-CP")))
    assert nodes == {legal_iri("106/2020/NĐ-CP")}
    citing = {
        str(graph.value(d, DCTERMS.identifier))
        for d in graph.subjects(ELI.cites, legal_iri("106/2020/NĐ-CP"))
    }
    assert citing == {
        "ha-tinh-2024-ke-hoach-cchc-du-thao",
        "hau-giang-2021-ke-hoach-cchc",
        "thai-binh-3669-qd-ubnd-2020",
        "thanh-hoa-5476-qd-ubnd-2020",
    }
    assert len(list(graph.objects(legal_iri("106/2020/NĐ-CP"), PKG.hasMention))) >= 4


def test_local_documents_are_scoped_by_province(graph: Graph) -> None:
    node = legal_iri("1025/QĐ-UBND", scope="thanh-hoa")
    assert (node, PKG.scope, Literal("thanh-hoa")) in graph
    assert (node, PKG.province, URIRef("https://w3id.org/plankg/id/province/thanh-hoa")) in graph
    assert not list(graph.triples((legal_iri("1025/QĐ-UBND"), None, None)))


def _reference_extraction(doc_id: str, province: str, scope: str) -> Extraction:
    text = "Căn cứ Quyết định số 1025/QĐ-UBND của UBND tỉnh."
    start = text.index("Quyết định")
    span = Span(start, start + len("Quyết định số 1025/QĐ-UBND"), 1, "Quyết định số 1025/QĐ-UBND")
    document = Document(id=doc_id, path=f"{doc_id}.txt", sha256="0" * 64, text=text, province=province)
    ref = LegalRef(id="1025/QĐ-UBND", scope=scope, mentions=[Mention(span, "1025/QĐ-UBND")])
    return Extraction(document=document, references=[ref])


def test_two_provinces_same_local_number_are_two_nodes() -> None:
    graph = build_rdf(
        [
            _reference_extraction("a", "Thanh Hóa", "thanh-hoa"),
            _reference_extraction("b", "Thái Bình", "thai-binh"),
        ]
    )
    nodes = set(graph.subjects(ELI.id_local, Literal("1025/QĐ-UBND")))
    assert nodes == {
        legal_iri("1025/QĐ-UBND", scope="thanh-hoa"),
        legal_iri("1025/QĐ-UBND", scope="thai-binh"),
    }
    assert validate_graph(graph, workers=1).violations == 0


def test_every_task_keeps_its_provenance(graph: Graph, extractions: list[Extraction]) -> None:
    texts = {e.document.id: e.document.text for e in extractions}
    tasks = [t for e in extractions for t in e.tasks]
    assert tasks
    for task in tasks:
        span = graph.value(task_iri(task.id), PKG.hasProvenance)
        assert span is not None, task.id
        document = str(graph.value(graph.value(span, OA.hasSource), DCTERMS.identifier))
        start, end = int(graph.value(span, OA.start)), int(graph.value(span, OA.end))
        quote = str(graph.value(span, OA.exact))
        assert texts[document][start:end] == quote
        assert int(graph.value(span, PKG.line)) == task.provenance.line


def test_vietnamese_literals_round_trip(graph: Graph, extractions: list[Extraction]) -> None:
    task = next(t for e in extractions for t in e.tasks if "ồ" in t.text or "ệ" in t.text)
    assert graph.value(task_iri(task.id), PKG.text) == Literal(task.text, lang="vi")
    labels = {str(o) for o in graph.objects(None, PKG.text)}
    assert task.text in labels


def test_reform_areas_come_from_the_ontology(graph: Graph) -> None:
    ontology = ontology_graph()
    for area in AREA.values():
        declared = set(ontology.triples((area, None, None)))
        assert declared and set(graph.triples((area, None, None))) == declared


def test_relations_are_asserted_and_reified(graph: Graph) -> None:
    amends = legal_iri("117/2013/NĐ-CP"), ELI.amends, legal_iri("130/2005/NĐ-CP")
    assert amends in graph
    statements = [s for s in graph.subjects(RDF.subject, amends[0]) if (s, RDF.object, amends[2]) in graph]
    assert statements
    for statement in statements:
        assert graph.value(statement, PKG.relationSource) == Literal("text")
        assert graph.value(statement, PKG.hasProvenance) is not None


CASES = [
    "valid_task.ttl",
    "assignment_without_shortcut.ttl",
    "deadline_reversed.ttl",
    "relation_not_asserted.ttl",
    "span_quote_mismatch.ttl",
    "task_lead_and_unassigned.ttl",
    "legal_conflicting_titles.ttl",
]


@pytest.mark.parametrize("case", CASES)
def test_fast_validation_agrees_with_pyshacl(case: str) -> None:
    data = Graph().parse(SHACL_CASES / "base.ttl", format="turtle")
    data.parse(SHACL_CASES / case, format="turtle")
    fast = validate_graph(data, workers=2)
    plain = validate_graph(data, fast=False)
    assert (fast.conforms, fast.violations, fast.warnings) == (
        plain.conforms,
        plain.violations,
        plain.warnings,
    )
    key = sorted((r.severity, r.focus, r.path) for r in fast.results)
    assert key == sorted((r.severity, r.focus, r.path) for r in plain.results)


# ------------------------------------------------------------------ order-independent merging


def _citing(
    doc_id: str, issuer: str, *, repaired: bool = False, collective: bool | None = None
) -> Extraction:
    """A document citing Nghị định 107/2020/NĐ-CP with the issuer it names, and one agency."""
    text = "Căn cứ Nghị định số 107/2020/NĐ-CP của Chính phủ."
    start = text.index("Nghị định")
    span = Span(start, start + len("Nghị định số 107/2020/NĐ-CP"), 1, "Nghị định số 107/2020/NĐ-CP")
    document = Document(id=doc_id, path=f"{doc_id}.txt", sha256="0" * 64, text=text, province="Thanh Hóa")
    ref = LegalRef(
        id="107/2020/NĐ-CP",
        type_code="NĐ",
        doc_type="Nghị định",
        issuer=issuer,
        repaired=repaired,
        mentions=[Mention(span, "107/2020/NĐ-CP", repaired)],
    )
    agencies = (
        [] if collective is None else [Agency("thanh-hoa/cac-so", "Các sở", "Sở", "Thanh Hóa", collective)]
    )
    return Extraction(document=document, references=[ref], agencies=agencies)


def test_shared_facts_merge_the_same_in_every_order() -> None:
    docs = [
        _citing("a", "Thủ tướng Chính phủ", collective=True),
        _citing("b", "Chính phủ", repaired=True, collective=False),
        _citing("c", "Chính phủ", collective=True),
    ]
    decree = legal_iri("107/2020/NĐ-CP")
    agency = URIRef("https://w3id.org/plankg/id/agency/thanh-hoa/cac-so")
    graphs = [build_rdf(order) for order in itertools.permutations(docs)]
    for graph in graphs:
        assert isomorphic(graph, graphs[0])
        assert list(graph.objects(decree, PKG.issuerName)) == [
            Literal("Chính phủ", lang="vi")
        ]  # 2 votes to 1
        assert graph.value(decree, PKG.repaired) == Literal(True)  # any document repaired it
        assert graph.value(agency, PKG.collective) == Literal(True)
        assert graph.value(agency, RDF.type) == PKG.AgencyGroup
    tie = build_rdf(docs[:2])  # one vote each: the smaller value wins, whatever the order
    assert isomorphic(tie, build_rdf(docs[1::-1]))
    assert tie.value(decree, PKG.issuerName) == Literal("Chính phủ", lang="vi")
    assert tie.value(agency, RDF.type) == URIRef("http://www.w3.org/ns/org#FormalOrganization")
    assert validate_graph(graphs[0], workers=1).violations == 0


def test_demo_graph_does_not_depend_on_document_order(extractions: list[Extraction]) -> None:
    assert isomorphic(build_rdf(reversed(extractions)), build_rdf(extractions))


# ------------------------------------------------------------------------------- the stage


def _stage(extractions: list[Extraction], out: Path, **options: Any) -> BuildReport:
    out.mkdir()
    stage = RdfStage(out, **options)
    for extraction in extractions:
        stage.add(extraction)
    report = BuildReport()
    stage.finish(report)
    return report


def test_stage_without_validation_or_exports(extractions: list[Extraction], tmp_path: Path) -> None:
    report = _stage(extractions, tmp_path / "b", validate="none", text_exports=False)
    assert report.shacl_conforms is None and report.shacl_violations is None
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["store"]  # no spool left behind
    store = ox.Store.read_only(str(tmp_path / "b" / "store"))
    default = list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    assert len(default) == report.triples == len(build_rdf(extractions))


def test_sampled_validation_checks_a_bounded_order_free_sample(
    extractions: list[Extraction], tmp_path: Path
) -> None:
    def key(e: Extraction) -> bytes:
        return hashlib.sha256(e.document.id.encode("utf-8")).digest()

    sampled = min(extractions, key=key)
    other = max(extractions, key=key)

    def broken(target: Extraction) -> list[Extraction]:  # one checksum that is not a SHA-256
        bad = replace(target, document=replace(target.document, sha256="not-a-checksum"))
        return [bad if e is target else e for e in reversed(extractions)]

    assert _stage(broken(other), tmp_path / "a", validate="sample", sample_documents=1).shacl_conforms is True
    report = _stage(broken(sampled), tmp_path / "b", validate="sample", sample_documents=1)
    assert (report.shacl_conforms, report.shacl_violations) == (False, 1)
    assert _stage(broken(other), tmp_path / "c", validate="full", text_exports=False).shacl_violations == 1


def test_stage_refuses_two_documents_with_one_id(extractions: list[Extraction], tmp_path: Path) -> None:
    stage = RdfStage(tmp_path, validate="none")
    stage.add(extractions[0])
    with pytest.raises(InputError, match="same document id"):
        stage.add(replace(extractions[0], document=replace(extractions[0].document, path="copy.txt")))
    with pytest.raises(InputError, match="unknown validation mode"):
        RdfStage(tmp_path, validate="some")
