"""Incremental updates give exactly what a full build of the resulting document set gives.

Compared: graph.json (nodes with their labels and properties; edges as a multiset), the extraction
files, the ledger (so a later update stays exact too), report.json (documents and lines as multisets,
counts), the GraphML and neo4j-admin CSV exports, and the SPARQL store's default graph. Corpora: the
demo corpus and a small synthetic one (shared decrees, agencies and provinces across documents).
"""

from __future__ import annotations

import csv
import json
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from paths import ALL_DOCUMENTS, THANH_HOA_2021

from plankg.errors import InputError
from plankg.graph import incremental
from plankg.graph.build import EXTRACTIONS_DIR, REPORT_FILE, build
from plankg.graph.exports import GRAPH_FILE
from plankg.graph.incremental import add_documents, remove_documents, update_build
from plankg.graph.ledger import LEDGER_DIR
from plankg.loaders.extract import extract
from plankg.loaders.synth import synthesize

# ------------------------------------------------------------------------------------- comparing


def canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def graph_state(folder: Path) -> tuple[dict[str, Any], Counter[str]]:
    data = json.loads((folder / GRAPH_FILE).read_text(encoding="utf-8"))
    nodes = {n["key"]: (n["label"], n["props"]) for n in data["nodes"]}
    return nodes, Counter(canonical(e) for e in data["edges"])


def report_state(folder: Path) -> dict[str, Any]:
    report = json.loads((folder / REPORT_FILE).read_text(encoding="utf-8"))
    state: dict[str, Any] = {}
    for key, value in report.items():
        if key in ("seconds", "triples", "shacl_conforms", "shacl_violations"):
            continue
        state[key] = Counter(canonical(v) for v in value) if isinstance(value, list) else value
    return state


def ledger_state(folder: Path) -> dict[str, Any]:
    ledger = folder / LEDGER_DIR
    shared = json.loads((ledger / "shared.json").read_text(encoding="utf-8"))
    entries = {}
    for path in sorted((ledger / "documents").glob("*.json")):
        entry = json.loads(path.read_text(encoding="utf-8"))
        entries[path.name] = {
            k: Counter(canonical(v) for v in value) if isinstance(value, list) else value
            for k, value in entry.items()
        }
    return {"shared": shared, "documents": entries}


def files_state(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((folder / EXTRACTIONS_DIR).glob("*.json"))}


def exports_state(folder: Path) -> dict[str, Any]:
    import networkx as nx

    graphml = nx.read_graphml(folder / "graph.graphml")
    state: dict[str, Any] = {
        "graphml nodes": {k: canonical(v) for k, v in graphml.nodes(data=True)},
        "graphml edges": Counter(canonical([s, t, d]) for s, t, d in graphml.edges(data=True)),
    }
    for path in sorted((folder / "neo4j-import").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        state[path.name] = (rows[0], Counter(canonical(r) for r in rows[1:]))
    return state


def store_state(folder: Path) -> Counter[str]:
    """The SPARQL store's default graph as a multiset of N-Triples lines (no blank nodes in plankg RDF)."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(folder / "store"))
    quads = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    return Counter(f"{q.subject} {q.predicate} {q.object}" for q in quads)


def assert_same_build(updated: Path, full: Path) -> None:
    nodes, edges = graph_state(updated)
    want_nodes, want_edges = graph_state(full)
    assert set(nodes) == set(want_nodes)
    assert {k: v for k, v in nodes.items() if v != want_nodes[k]} == {}
    assert edges == want_edges
    assert files_state(updated) == files_state(full)
    assert ledger_state(updated) == ledger_state(full)
    assert report_state(updated) == report_state(full)
    assert exports_state(updated) == exports_state(full)
    if (full / "store").is_dir():
        assert store_state(updated) == store_state(full)
        report = json.loads((updated / REPORT_FILE).read_text(encoding="utf-8"))
        assert report["triples"] == json.loads((full / REPORT_FILE).read_text(encoding="utf-8"))["triples"]
    assert not (updated / incremental.UPDATE_DIR).exists()


# ------------------------------------------------------------------------------------- corpora


def changed_copy(source: Path, folder: Path) -> Path:
    """`source` with one of its own citations renamed throughout and its last task line dropped:
    the same document id (header untouched), different facts."""
    extraction = extract(source)
    text = source.read_text(encoding="utf-8")
    header_end = text.find("\n\n", 200)
    ref = max(
        (r for r in extraction.references if r.kind == "numbered" and text.find(r.id, header_end) > 0),
        key=lambda r: len(r.mentions),
    )
    body = text[header_end:].replace(ref.id, "999/2099/NĐ-CP")
    lines = body.rstrip("\n").split("\n")
    changed = folder / source.name
    changed.write_text(text[:header_end] + "\n".join(lines[:-1]) + "\n", encoding="utf-8")
    assert extract(changed).document.id == extraction.document.id
    return changed


class Corpus:
    """Full builds of a document set, made once per corpus and copied for each update."""

    def __init__(self, root: Path, documents: list[Path], validate: str) -> None:
        self.root = root
        self.documents = documents
        self.validate = validate
        self.builds: dict[tuple[str, ...], Path] = {}

    def full(self, documents: list[Path]) -> Path:
        key = tuple(str(p) for p in documents)
        if key not in self.builds:
            out = self.root / f"full-{len(self.builds)}"
            build(documents, out, jobs=1, validate=self.validate)
            self.builds[key] = out
        return self.builds[key]

    def copy(self, documents: list[Path], into: Path) -> Path:
        target = into / "build"
        shutil.copytree(self.full(documents), target)
        return target


@pytest.fixture(scope="module", params=["demo", "synthetic"])
def corpus(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root = tmp_path_factory.mktemp(f"incremental-{request.param}")
    if request.param == "demo":
        return Corpus(root, list(ALL_DOCUMENTS), "full")
    synthesize(10, 11, root / "docs")
    return Corpus(root, sorted((root / "docs").glob("*.txt")), "none")


# ------------------------------------------------------------------------------------- updates


def test_add_one_document(corpus: Corpus, tmp_path: Path) -> None:
    *base, last = corpus.documents
    updated = corpus.copy(base, tmp_path)
    report = add_documents(updated, [last], jobs=1)
    assert report.added == [extract(last).document.id] and report.replaced == report.removed == []
    assert report.nodes_added > 0 and report.edges_added > 0 and report.edges_removed == 0
    assert_same_build(updated, corpus.full(corpus.documents))


def test_remove_one_document(corpus: Corpus, tmp_path: Path) -> None:
    *base, last = corpus.documents
    updated = corpus.copy(corpus.documents, tmp_path)
    doc_id = extract(last).document.id
    report = remove_documents(updated, [doc_id])
    assert report.removed == [doc_id] and report.added == []
    assert report.nodes_removed > 0 and report.edges_removed > 0
    assert_same_build(updated, corpus.full(base))
    assert not (updated / EXTRACTIONS_DIR / f"{doc_id}.json").exists()


def test_remove_then_add_back(corpus: Corpus, tmp_path: Path) -> None:
    first = corpus.documents[0]
    updated = corpus.copy(corpus.documents, tmp_path)
    remove_documents(updated, [extract(first).document.id])
    add_documents(updated, [first], jobs=1)
    assert_same_build(updated, corpus.full(corpus.documents))


def test_replace_with_changed_text_and_remove_at_once(corpus: Corpus, tmp_path: Path) -> None:
    """One update: a document replaced by a changed version of itself, another one removed."""
    target, gone, *rest = corpus.documents
    changed = changed_copy(target, tmp_path)
    updated = corpus.copy(corpus.documents, tmp_path)
    gone_id = extract(gone).document.id
    report = update_build(updated, add=[extract(changed)], remove=[gone_id])
    assert report.replaced == [extract(target).document.id] and report.removed == [gone_id]
    assert_same_build(updated, corpus.full([changed, *rest]))


def test_the_demo_thanh_hoa_plan_replaced_by_itself_changes_nothing(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    corpus = Corpus(tmp_path_factory.mktemp("incremental-thanh-hoa"), list(ALL_DOCUMENTS), "full")
    updated = corpus.copy(corpus.documents, tmp_path)
    before = graph_state(updated)
    report = add_documents(updated, [THANH_HOA_2021], jobs=1)
    assert report.replaced == [extract(THANH_HOA_2021).document.id]
    assert report.nodes_added == report.nodes_removed == report.nodes_changed == 0
    assert report.edges_added == report.edges_removed > 0
    assert graph_state(updated) == before


# ------------------------------------------------------------------------------------- errors, crashes


def test_clear_errors(corpus: Corpus, tmp_path: Path) -> None:
    updated = corpus.copy(corpus.documents, tmp_path)
    before = (updated / GRAPH_FILE).read_bytes()
    with pytest.raises(InputError, match="no document no-such-doc in this build"):
        remove_documents(updated, ["no-such-doc"])
    with pytest.raises(InputError, match="no document"):
        remove_documents(updated, ["../../etc/passwd"])
    with pytest.raises(InputError, match="not a plankg build folder"):
        remove_documents(tmp_path, ["x"])
    with pytest.raises(InputError, match="same province and number"):
        update_build(updated, add=[extract(corpus.documents[0]), extract(corpus.documents[0])])
    assert (updated / GRAPH_FILE).read_bytes() == before


def interrupted(updated: Path, step: Callable[[incremental._Plan], None], documents: list[Path]) -> None:
    plan = incremental._Plan(updated)
    plan.compute([extract(p) for p in documents], [], None)
    plan.stage()
    step(plan)


def test_an_update_interrupted_before_its_commit_is_rolled_back(corpus: Corpus, tmp_path: Path) -> None:
    *base, last = corpus.documents
    updated = corpus.copy(base, tmp_path)
    before = {p.relative_to(updated): p.read_bytes() for p in updated.rglob("*") if p.is_file()}
    interrupted(updated, lambda plan: None, [last])  # staged, then the process dies
    assert (updated / incremental.UPDATE_DIR).is_dir()
    assert incremental.recover(updated)
    after = {p.relative_to(updated): p.read_bytes() for p in updated.rglob("*") if p.is_file()}
    assert after.pop(Path(incremental.LOCK_FILE)) == b""
    assert after == before


def test_an_update_interrupted_after_its_commit_is_finished(corpus: Corpus, tmp_path: Path) -> None:
    *base, last = corpus.documents
    updated = corpus.copy(base, tmp_path)

    def commit_then_die(plan: incremental._Plan) -> None:
        plan.write_plan(incremental._update_store(updated, plan.added, plan.removed))
        # the process dies after moving the first two files into place
        for relative in plan.replace[:2]:
            (updated / incremental.UPDATE_DIR / "files" / relative).replace(updated / relative)

    interrupted(updated, commit_then_die, [last])
    assert (updated / incremental.UPDATE_DIR / incremental.COMMIT_FILE).is_file()
    assert incremental.recover(updated)
    assert_same_build(updated, corpus.full(corpus.documents))


def test_large_builds_keep_their_graph_exports_flagged_stale(
    corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    *base, last = corpus.documents
    updated = corpus.copy(base, tmp_path)
    graphml = (updated / "graph.graphml").read_bytes()
    monkeypatch.setattr(incremental, "EXPORT_REGENERATE_LIMIT", 0)  # every build is "large"
    report = add_documents(updated, [last], jobs=1)
    assert report.exports == "stale"
    assert (updated / "graph.graphml").read_bytes() == graphml
    assert json.loads((updated / REPORT_FILE).read_text(encoding="utf-8"))["graph_exports_stale"] is True
    nodes, edges = graph_state(updated)
    assert (nodes, edges) == graph_state(corpus.full(corpus.documents))


def test_a_repeated_document_id_is_skipped_with_a_warning(corpus: Corpus, tmp_path: Path) -> None:
    first = corpus.documents[0]
    copy = tmp_path / "copy" / first.name
    copy.parent.mkdir()
    shutil.copy(first, copy)
    out = tmp_path / "build"
    report = build([first, copy], out, jobs=1, validate="none", text_exports=False)
    doc_id = extract(first).document.id
    assert report.documents == [doc_id]
    assert [w["document"] for w in report.warnings if "same document id" in w["message"]] == [doc_id]
    assert json.loads((out / EXTRACTIONS_DIR / f"{doc_id}.json").read_text(encoding="utf-8"))["document"][
        "source"
    ]["path"] == str(first)
