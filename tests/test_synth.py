"""Synthetic corpus (issue #7): determinism, layouts, self-consistent truth, extraction accuracy."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plankg.cli.synth_cmd import Score, format_score, register, score_corpus
from plankg.loaders.synth import LAYOUTS, synthesize


def _files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


@pytest.fixture(scope="module")
def corpus20(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth20")
    synthesize(20, 7, out)
    return out


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    synthesize(6, 3, tmp_path / "a", ocr_noise=0.02)
    synthesize(6, 3, tmp_path / "b", ocr_noise=0.02)
    synthesize(6, 4, tmp_path / "c", ocr_noise=0.02)
    a, b, c = (_files(tmp_path / x) for x in "abc")
    assert a == b
    assert a.keys() != c.keys() or any(a[k] != c[k] for k in a)


def test_every_layout_present(corpus20: Path) -> None:
    manifest = json.loads((corpus20 / "MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest["synthetic"] is True and manifest["seed"] == 7
    assert set(manifest["counts"]["layouts"]) == set(LAYOUTS)
    assert all(manifest["counts"]["layouts"][layout] > 0 for layout in LAYOUTS)
    text = "\n".join((corpus20 / d["file"]).read_text(encoding="utf-8") for d in manifest["documents"])
    assert "\t" in text and '<ul style="list-style-type: none">' in text and "<br>" in text  # tab tables
    assert "Kinh phí dự kiến (triệu đồng)" in text and "<b>Tổng cộng</b>" in text  # hierarchical
    assert "\n|\n**STT**\n|\n" in text  # one cell per line
    assert "IV. TỔ CHỨC THỰC HIỆN" in text  # prose plans


def test_truth_is_self_consistent(corpus20: Path) -> None:
    manifest = json.loads((corpus20 / "MANIFEST.json").read_text(encoding="utf-8"))
    for entry in manifest["documents"]:
        text = (corpus20 / entry["file"]).read_text(encoding="utf-8")
        truth = json.loads((corpus20 / entry["truth"]).read_text(encoding="utf-8"))
        assert truth["synthetic"] is True
        ids = {r["id"] for r in truth["references"]}
        assert len(ids) == len({(r["id"], r["scope"]) for r in truth["references"]})
        for ref in truth["references"]:
            assert ref["mentions"], ref["id"]
            for mention in ref["mentions"]:  # every id is in the text as one of its surface forms
                assert text[mention["start"] : mention["end"]] == mention["raw_id"]
                assert text.count("\n", 0, mention["start"]) + 1 == mention["line"]
            if ref["kind"] == "named":
                assert not re.search(r"\d", ref["id"]) and ref["resolved_id"]
        for task in truth["tasks"]:
            assert set(task["references"]) <= ids
            assert task["lead"]
        for rel in truth["relations"]:
            assert rel["object"] in ids


def test_clean_corpus_reference_f1(tmp_path: Path) -> None:
    synthesize(30, 11, tmp_path)
    score = score_corpus(tmp_path)
    assert score.documents == 30
    assert score.refs.f1 >= 0.99, format_score(score)


def test_noisy_corpus_reports_f1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    synthesize(30, 11, tmp_path, ocr_noise=0.02)
    score = score_corpus(tmp_path)
    with capsys.disabled():
        print(f"\nsynthetic 30 docs, 2% OCR noise: reference F1 {score.refs.f1:.3f}")
    assert score.refs.f1 >= 0.9, format_score(score)
    truths = [json.loads(p.read_text(encoding="utf-8")) for p in tmp_path.glob("*.truth.json")]
    assert any(r["repaired"] for t in truths for r in t["references"])  # the noise reached the ids


def test_cli_synth_and_score(tmp_path: Path) -> None:
    import typer

    app = typer.Typer()
    register(app)
    runner = CliRunner()
    result = runner.invoke(app, ["synth", "--docs", "4", "--seed", "1", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "wrote 4 documents" in result.output
    result = runner.invoke(app, ["score", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "references (numbered)" in result.output
    result = runner.invoke(app, ["score", str(tmp_path / "missing")])
    assert result.exit_code == 1 and "Error:" in result.output


def test_score_counts() -> None:
    score = Score()
    missed, spurious = score.refs.add({"a", "b"}, {"b", "c"})
    assert (missed, spurious) == ({"a"}, {"c"})
    assert score.refs.precision == score.refs.recall == score.refs.f1 == 0.5
