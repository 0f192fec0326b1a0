"""Incremental SPARQL-store updates (issue 7): an update gives exactly the store of a full build.

Every test builds real stores with `RdfStage` from real extractions (the demo corpus, a small
synthetic corpus from `plankg synth`, edited document texts) and compares whole stores: every
quad of the default graph (what queries read) and of the documents' bookkeeping graphs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
from paths import CORPUS, HA_TINH_2024, THAI_BINH_2021, THANH_HOA_2021
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import SH

from plankg.errors import InputError, QueryError
from plankg.graph.build import BuildReport
from plankg.graph.rdf import JSONLD_FILE, NT_FILE, SHACL_REPORT_FILE, TTL_FILE, RdfStage
from plankg.graph.sparql import run_sparql
from plankg.graph.store_update import update_store
from plankg.loaders.extract import extract, extract_text, iter_document_paths
from plankg.loaders.synth import synthesize
from plankg.loaders.text import read_text
from plankg.models import Extraction, Task
from plankg.queries import list_queries, run_query


def stage_build(
    extractions: Sequence[Extraction], out: Path, *, validate: str = "none", text_exports: bool = False
) -> BuildReport:
    out.mkdir(parents=True)
    stage = RdfStage(out, validate=validate, text_exports=text_exports)
    for extraction in extractions:
        stage.add(extraction)
    report = BuildReport()
    stage.finish(report)
    return report


def dataset(build: Path) -> tuple[set[str], set[str], list[str]]:
    """(default-graph triples, the documents' graphs' quads, named graphs) of a build's store
    (the ontology's graph, with blank nodes, is the same file loaded by every build)."""
    store = ox.Store.read_only(str(build / "store"))
    default = {str(q.triple) for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    named = {str(q) for q in store if str(q.graph_name).startswith("<https://w3id.org/plankg/id/doc/")}
    return default, named, sorted(str(g) for g in store.named_graphs())


def assert_same_store(updated: Path, full: Path) -> None:
    got, want = dataset(updated), dataset(full)
    assert got[0] == want[0], (sorted(got[0] - want[0])[:5], sorted(want[0] - got[0])[:5])
    assert got[1] == want[1], (sorted(got[1] - want[1])[:5], sorted(want[1] - got[1])[:5])
    assert got[2] == want[2]


def edited(path: Path, edit: dict[str, str]) -> Extraction:
    """`path` extracted after replacing text (each key must occur): the same document, changed."""
    text, sha = read_text(path)
    for old, new in edit.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    return extract_text(text, path=str(path), sha256=sha[::-1], name=path.stem)


@pytest.fixture(scope="module")
def demo() -> list[Extraction]:
    return [extract(path) for path in iter_document_paths(CORPUS)]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> list[Extraction]:
    corpus = tmp_path_factory.mktemp("synth")
    synthesize(12, 11, corpus)
    return [extract(path) for path in iter_document_paths(corpus)]


def by_path(extractions: list[Extraction], path: Path) -> Extraction:
    return next(e for e in extractions if Path(e.document.path) == path)


# ------------------------------------------------------------------------------------ exactness


@pytest.mark.parametrize("path", [THANH_HOA_2021, HA_TINH_2024])
def test_adding_a_demo_document_equals_the_full_build(
    demo: list[Extraction], path: Path, tmp_path: Path
) -> None:
    one = by_path(demo, path)
    stage_build([e for e in demo if e is not one], tmp_path / "updated")
    before = len(dataset(tmp_path / "updated")[0])
    result = update_store(tmp_path / "updated", add=[one], validate=False)
    full = stage_build(demo, tmp_path / "full")
    assert_same_store(tmp_path / "updated", tmp_path / "full")
    assert result.added == [one.document.id] and not result.replaced and not result.removed
    assert before + result.triples_added - result.triples_removed == full.triples
    assert result.shared_nodes > 20


def test_removing_a_demo_document_equals_the_full_build(demo: list[Extraction], tmp_path: Path) -> None:
    one = by_path(demo, THAI_BINH_2021)
    stage_build(demo, tmp_path / "updated")
    before = dataset(tmp_path / "updated")[0]
    result = update_store(tmp_path / "updated", remove=[one.document.id], validate=False)
    stage_build([e for e in demo if e is not one], tmp_path / "full")
    assert_same_store(tmp_path / "updated", tmp_path / "full")
    after = dataset(tmp_path / "updated")[0]
    assert result.removed == [one.document.id]
    assert len(before) - len(after) == result.triples_removed - result.triples_added
    # its tasks are gone; a decree it alone cited is gone; one also cited by others stays
    assert not any(one.document.id + "/task-" in t for t in after)
    assert any("106%2F2020%2FNĐ-CP" in t for t in after)


def test_replacing_a_demo_document_with_a_changed_text_equals_the_full_build(
    demo: list[Extraction], tmp_path: Path
) -> None:
    old = by_path(demo, THANH_HOA_2021)
    text, _ = read_text(THANH_HOA_2021)
    cited = re.search(r"\d+/20\d\d/NĐ-CP", text)
    assert cited
    new = edited(THANH_HOA_2021, {cited.group(): "999/2099/NĐ-CP", "Sở Tư pháp": "Sở Nội vụ"})
    assert new.document.id == old.document.id
    assert {r.id for r in new.references} != {r.id for r in old.references}
    stage_build(demo, tmp_path / "updated")
    result = update_store(tmp_path / "updated", add=[new], validate=False)
    assert result.replaced == [old.document.id] and not result.added
    stage_build([new if e is old else e for e in demo], tmp_path / "full")
    assert_same_store(tmp_path / "updated", tmp_path / "full")
    rows = run_sparql(
        tmp_path / "updated",
        "SELECT ?d ?id WHERE { ?d <http://data.europa.eu/eli/ontology#id_local> ?id }",
        {"id": "999/2099/NĐ-CP"},
    )[1]
    assert len(rows) == 1


def test_remove_then_add_back_gives_the_original_store_and_answers(
    demo: list[Extraction], tmp_path: Path
) -> None:
    stage_build(demo, tmp_path / "original")
    stage_build(demo, tmp_path / "updated")
    questions = {
        q.name: run_query(q.name, _example(q.name), build=tmp_path / "original")
        for q in list_queries("sparql")
    }
    for extraction in (by_path(demo, HA_TINH_2024), by_path(demo, THANH_HOA_2021)):
        update_store(tmp_path / "updated", remove=[extraction.document.id], validate=False)
        update_store(tmp_path / "updated", add=[extraction], validate=False)
    assert_same_store(tmp_path / "updated", tmp_path / "original")
    for name, expected in questions.items():
        assert run_query(name, _example(name), build=tmp_path / "updated") == expected, name


def _example(name: str) -> dict[str, str]:
    return {
        "tasks-depending-on": {"document": "107/2020/NĐ-CP"},
        "agency-tasks": {"agency": "thanh-hoa/so-tu-phap", "from": "2021-07-01", "to": "2021-09-30"},
        "tasks-due": {"as_of": "2021-01-31"},
        "provinces-under-document": {"document": "106/2020/NĐ-CP"},
        "provenance": {"id": "107/2020/NĐ-CP"},
        "impact": {"document": "130/2005/NĐ-CP"},
    }.get(name, {})


def test_synthetic_add_replace_remove_and_back(synthetic: list[Extraction], tmp_path: Path) -> None:
    first, second, *rest = synthetic
    stage_build([second, *rest], tmp_path / "updated")
    update_store(tmp_path / "updated", add=[first], validate=False)
    stage_build(synthetic, tmp_path / "all")
    assert_same_store(tmp_path / "updated", tmp_path / "all")

    task = second.tasks[0]
    assert task.provenance is not None
    changed = edited(Path(second.document.path), {task.provenance.text: task.provenance.text + " và báo cáo"})
    assert changed.document.id == second.document.id
    update_store(tmp_path / "updated", add=[changed], validate=False)
    stage_build([first, changed, *rest], tmp_path / "changed")
    assert_same_store(tmp_path / "updated", tmp_path / "changed")

    update_store(tmp_path / "updated", remove=[first.document.id, changed.document.id], validate=False)
    stage_build(rest, tmp_path / "rest")
    assert_same_store(tmp_path / "updated", tmp_path / "rest")

    update_store(tmp_path / "updated", add=[second, first], validate=False)
    assert_same_store(tmp_path / "updated", tmp_path / "all")


# ------------------------------------------------------------------------------ transactions


def test_a_failing_extraction_leaves_the_store_as_it_was(demo: list[Extraction], tmp_path: Path) -> None:
    good, bad_source = by_path(demo, HA_TINH_2024), by_path(demo, THAI_BINH_2021)
    stage_build([e for e in demo if e is not good], tmp_path / "build")
    before = dataset(tmp_path / "build")
    # a real extraction whose data the RDF builder cannot mint an IRI from (an empty task id)
    broken = Extraction(
        document=bad_source.document,
        references=bad_source.references,
        tasks=[*bad_source.tasks, Task(id="", text="Nhiệm vụ không có mã")],
    )
    with pytest.raises(ValueError, match="empty part"):
        update_store(
            tmp_path / "build", add=[good, broken], remove=[by_path(demo, THANH_HOA_2021).document.id]
        )
    assert dataset(tmp_path / "build") == before
    # the store is closed and unlocked: the next update works
    update_store(tmp_path / "build", add=[good], validate=False)
    stage_build(demo, tmp_path / "full")
    assert_same_store(tmp_path / "build", tmp_path / "full")


def test_unknown_or_duplicate_ids_are_refused(demo: list[Extraction], tmp_path: Path) -> None:
    stage_build(demo[:2], tmp_path / "build")
    before = dataset(tmp_path / "build")
    with pytest.raises(InputError, match="no document 'no-such-document'"):
        update_store(tmp_path / "build", remove=[demo[0].document.id, "no-such-document"])
    with pytest.raises(InputError, match="share the id"):
        update_store(tmp_path / "build", add=[demo[3], demo[3]])
    with pytest.raises(QueryError, match="no SPARQL store"):
        update_store(tmp_path, add=[demo[3]])
    assert dataset(tmp_path / "build") == before


# ------------------------------------------------------------------------ validation, exports


def test_exports_and_shacl_report_follow_the_update(demo: list[Extraction], tmp_path: Path) -> None:
    one = by_path(demo, HA_TINH_2024)
    stage_build([e for e in demo if e is not one], tmp_path / "updated", validate="full", text_exports=True)
    result = update_store(tmp_path / "updated", add=[one])
    full = stage_build(demo, tmp_path / "full", validate="full", text_exports=True)
    assert result.exports == "regenerated"
    assert result.shacl_conforms is True and result.shacl_violations == 0
    assert (result.report_conforms, result.report_violations) == (full.shacl_conforms, full.shacl_violations)
    reference = Graph().parse(tmp_path / "full" / NT_FILE, format="nt")
    for name, fmt in ((NT_FILE, "nt"), (TTL_FILE, "turtle"), (JSONLD_FILE, "json-ld")):
        assert isomorphic(Graph().parse(tmp_path / "updated" / name, format=fmt), reference), name
    # the compacted JSON-LD is spliced node by node, and comes out as the full build writes it
    jsonld = (tmp_path / "updated" / JSONLD_FILE).read_text(encoding="utf-8")
    assert jsonld == (tmp_path / "full" / JSONLD_FILE).read_text(encoding="utf-8")
    assert _results(tmp_path / "updated") == _results(tmp_path / "full")


def _results(build: Path) -> set[tuple[str, ...]]:
    graph = Graph().parse(build / SHACL_REPORT_FILE, format="turtle")
    return {
        (
            str(graph.value(r, SH.resultSeverity)),
            str(graph.value(r, SH.focusNode)),
            str(graph.value(r, SH.resultPath)),
        )
        for r in graph.objects(None, SH.result)
    }


def test_the_changed_part_is_validated_and_the_report_follows(demo: list[Extraction], tmp_path: Path) -> None:
    one = by_path(demo, HA_TINH_2024)
    stage_build([e for e in demo if e is not one], tmp_path / "build", validate="full")
    # the same document with a checksum that is not a SHA-256 (pkg:sha256 must be 64 hex digits)
    document = replace(one.document, sha256="not-a-checksum")
    result = update_store(tmp_path / "build", add=[replace(one, document=document)])
    assert result.shacl_conforms is False and result.shacl_violations == 1
    assert result.report_conforms is False and result.report_violations == 1
    focus = {r[1] for r in _results(tmp_path / "build") if r[0].endswith("Violation")}
    assert focus == {"https://w3id.org/plankg/id/doc/" + one.document.id}
    # replaced by the good document: the violation leaves the build's report
    result = update_store(tmp_path / "build", add=[one])
    assert result.shacl_conforms is True and result.report_conforms is True and result.report_violations == 0


def test_exports_too_large_to_rewrite_stay_stale(
    demo: list[Extraction], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from plankg.graph import store_update

    one = by_path(demo, HA_TINH_2024)
    stage_build([e for e in demo if e is not one], tmp_path / "build", text_exports=True)
    before = (tmp_path / "build" / NT_FILE).read_bytes()
    monkeypatch.setattr(store_update, "EXPORT_REGENERATE_LIMIT", len(before) - 1)
    assert update_store(tmp_path / "build", add=[one], validate=False).exports == "stale"
    assert (tmp_path / "build" / NT_FILE).read_bytes() == before
    assert (tmp_path / "build" / store_update.STALE_EXPORTS_FILE).is_file()
    monkeypatch.undo()  # the graph is small again, but its exports are behind: they stay stale
    assert update_store(tmp_path / "build", remove=[one.document.id], validate=False).exports == "stale"
    assert (tmp_path / "build" / NT_FILE).read_bytes() == before


def test_a_store_without_bookkeeping_is_refused(demo: list[Extraction], tmp_path: Path) -> None:
    from plankg.graph.rdf import build_rdf
    from plankg.graph.sparql import load_store

    # the store as plankg wrote it before per-document graphs: the default graph alone
    (tmp_path / "old").mkdir()
    store = load_store(
        tmp_path / "old" / "store", build_rdf(demo[:2]).serialize(format="nt", encoding="utf-8")
    )
    del store
    with pytest.raises(QueryError, match="no per-document bookkeeping"):
        update_store(tmp_path / "old", remove=[demo[0].document.id])


def test_warnings_about_shared_nodes_follow_replacements(demo: list[Extraction], tmp_path: Path) -> None:
    original = by_path(demo, THANH_HOA_2021)
    # the same plan dating the Law on local government a day later than the other plans do
    changed = edited(THANH_HOA_2021, {"địa phương ngày 19/6/2015": "địa phương ngày 20/6/2015"})
    stage_build(demo, tmp_path / "build", validate="full")
    before = _results(tmp_path / "build")
    update_store(tmp_path / "build", add=[changed])
    stage_build([changed if e is original else e for e in demo], tmp_path / "full", validate="full")
    after = _results(tmp_path / "build")
    assert after == _results(tmp_path / "full")
    law = "https://w3id.org/plankg/id/legal/77%2F2015%2FQH13"
    assert {r[1] for r in after - before} == {law}  # conflicting dates: a warning, not a violation
    update_store(tmp_path / "build", add=[original])
    assert _results(tmp_path / "build") == before
