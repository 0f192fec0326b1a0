"""Legal acts that replace, repeal and amend: hand-checked expectations, one file per document.

The three real acts of `../shared/corpus-extra/` and three synthetic fixtures of other issuers and layouts
(`tests/data/corpus_extra/`, see its README) are extracted exactly as `plankg extract --format json` writes
them, and compared with `<name>.expected.json`: header fields, the effective date, the complete set of
relations (subject, predicate, object, part, wordings), per-relation details, relations that must not
exist, and provenance (every span is the original text at its offsets).
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from paths import SHARED

from plankg.graph.property import build_property_graph
from plankg.graph.validity import PARTIALLY_REPEALED, REPLACED, Validity
from plankg.loaders.export import extraction_to_json
from plankg.loaders.extract import extract
from plankg.loaders.text import read_text

DATA = Path(__file__).parent / "data" / "corpus_extra"
EXTRA = SHARED / "corpus-extra"
DOCUMENTS = [
    EXTRA / "decree_303_2025.txt",
    EXTRA / "decree_25_2025.txt",
    EXTRA / "circular_24_2025_TT-BTP.txt",
    DATA / "circular_bnv_tab_layout.txt",
    DATA / "provincial_qd_repeal_markdown.txt",
    DATA / "decree_from_signing.txt",
]
HEADER_FIELDS = ("number", "date", "issuer", "province", "kind", "doc_type", "title")


def _require(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} not found")


@cache
def output(path: Path) -> dict[str, Any]:
    return json.loads(json.dumps(extraction_to_json(extract(path)), ensure_ascii=False))


def expected(path: Path) -> dict[str, Any]:
    return json.loads((DATA / f"{path.stem}.expected.json").read_text(encoding="utf-8"))


def _self(value: str, number: str) -> str:
    return number if value == "SELF" else value


def _key(rel: dict[str, Any], number: str) -> tuple[str, str, str, str | None, tuple[str, ...]]:
    """What tells two relations apart: the documents, the predicate, the provision and the wordings."""
    subject, obj = _self(rel["subject"], number), _self(rel["object"], number)
    return (subject, rel["predicate"], obj, rel.get("part"), tuple(rel.get("phrases", ())))


parametrized = pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)


@parametrized
def test_header(path: Path) -> None:
    _require(path)
    got, want = output(path)["document"], expected(path)["header"]
    assert {name: got[name] for name in HEADER_FIELDS} == want


@parametrized
def test_effective_date(path: Path) -> None:
    _require(path)
    got, want = output(path)["document"], expected(path)
    assert got["effective_date"] == want["effective_date"]["date"]
    evidence = got["effective_date_evidence"]
    assert evidence["line"] == want["effective_date"]["line"]
    assert "hiệu lực" in evidence["text"]
    assert got["effective_date"] != want.get("not_effective_date")


@parametrized
def test_relations_are_exactly_the_stated_ones(path: Path) -> None:
    _require(path)
    got, want = output(path), expected(path)
    number = got["document"]["number"]
    have = [_key(r, number) for r in got["relations"]]
    assert len(have) == len(set(have)), "one relation per (subject, predicate, object, part, phrases)"
    wanted = {_key(r, number) for r in want["relations"]}
    assert set(have) == wanted, (sorted(set(have) - wanted, key=str), sorted(wanted - set(have), key=str))


@parametrized
def test_relation_details(path: Path) -> None:
    _require(path)
    got, want = output(path), expected(path)
    number = got["document"]["number"]
    by_key = {_key(r, number): r for r in got["relations"]}
    for rel in want["relations"]:
        found = by_key[_key(rel, number)]
        for name in ("within_part", "date"):
            if name in rel:
                assert found[name] == rel[name], (rel, name, found[name])
        assert found["evidence"]["line"] == rel["line"], (rel, found["evidence"])
        if "note_contains" in rel:
            assert rel["note_contains"] in (found["note"] or ""), (rel, found["note"])


@parametrized
def test_absent_relations(path: Path) -> None:
    _require(path)
    got, want = output(path), expected(path)
    number = got["document"]["number"]
    for absent in want["absent"]:
        pair = (_self(absent["subject"], number), _self(absent["object"], number))
        assert not [r for r in got["relations"] if (r["subject"], r["object"]) == pair], absent["why"]


@parametrized
def test_every_span_is_the_original_text(path: Path) -> None:
    _require(path)
    text = read_text(path)[0]
    got = output(path)
    spans = [r["evidence"] for r in got["relations"]]
    spans += [m for ref in got["references"] for m in ref["mentions"]]
    spans += [got["document"]["effective_date_evidence"], *got["document"]["evidence"].values()]
    assert len(spans) > 5
    for span in spans:
        assert text[span["start"] : span["end"]] == span["text"]
        assert text.count("\n", 0, span["start"]) + 1 == span["line"]


@parametrized
def test_reference_scopes(path: Path) -> None:
    _require(path)
    refs = {(r["id"], r["scope"]): r for r in output(path)["references"]}
    for ident, want in expected(path).get("references", {}).items():
        ref = refs[(ident, want["scope"])]
        assert len(ref["mentions"]) == want["mentions"]
        assert [r for r in refs if r[0] == ident] == [(ident, want["scope"])]  # one document, not two


def test_decree_303_header_evidence_points_at_the_pipe_cells() -> None:
    path = EXTRA / "decree_303_2025.txt"
    _require(path)
    evidence = output(path)["document"]["evidence"]
    assert (evidence["number"]["text"], evidence["number"]["line"]) == ("303/2025/NĐ-CP", 12)
    assert (evidence["date"]["text"], evidence["date"]["line"]) == ("19 tháng 11 năm 2025", 14)
    assert evidence["title"]["text"].endswith("CỦA\nBỘ, CƠ QUAN NGANG BỘ")  # hard-wrapped, as in the file


def test_validity_timeline_uses_the_effective_date() -> None:
    """«Bãi bỏ Điều 1 Nghị định số 83/2024» and «thay thế … 123/2016» take effect on 2025-11-20, not on
    the day 303/2025/NĐ-CP was signed (2025-11-19)."""
    path = EXTRA / "decree_303_2025.txt"
    _require(path)
    graph = build_property_graph([extract(path)])
    validity = Validity(graph)
    partially = "legal:83/2024/NĐ-CP"
    assert validity.status_as_of(partially, date(2025, 11, 19)).status != PARTIALLY_REPEALED
    status = validity.status_as_of(partially, date(2025, 11, 20))
    assert (status.status, status.since) == (PARTIALLY_REPEALED, date(2025, 11, 20))
    assert status.deciding().date_basis == "stated"
    replaced = validity.status_as_of("legal:123/2016/NĐ-CP", date(2025, 11, 20))
    assert (replaced.status, replaced.since) == (REPLACED, date(2025, 11, 20))
    assert validity.status_as_of("legal:123/2016/NĐ-CP", date(2025, 11, 19)).status != REPLACED
    for trap in ("10/2016/NĐ-CP", "47/2019/NĐ-CP"):
        assert validity.status_as_of(f"legal:{trap}").status not in (REPLACED, PARTIALLY_REPEALED)


@parametrized
def test_effective_date_reaches_the_graphs(path: Path) -> None:
    """The date an act comes into force is a fact of its own legal node, in both graphs."""
    from plankg.graph.property import SAME_AS
    from plankg.graph.rdf import document_rdf
    from plankg.ontology.namespaces import ELI, PKG

    _require(path)
    extraction = extract(path)
    want = expected(path)["effective_date"]["date"]
    graph = build_property_graph([extraction])
    doc_key = f"doc:{extraction.document.id}"
    (own,) = [e.target for e in graph.edges if e.source == doc_key and e.type == SAME_AS]
    assert graph.nodes[own].props["effective_date"] == graph.nodes[doc_key].props["effective_date"] == want
    rdf = document_rdf(extraction)
    (own_iri,) = [o for s, p, o in rdf.owned | rdf.shared if s == rdf.iri and p == PKG.legalResource]
    stated = [o.toPython().isoformat() for s, p, o in rdf.shared if p == ELI.first_date_entry_in_force]
    assert stated == [want]
    assert (own_iri, ELI.first_date_entry_in_force) in {(s, p) for s, p, _o in rdf.shared}
