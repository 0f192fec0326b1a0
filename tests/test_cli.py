"""The `plankg` command, in-process (CliRunner) and once as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from paths import CORPUS, THAI_BINH_2021, THANH_HOA_2021
from typer.testing import CliRunner

from plankg import __version__
from plankg.cli import app

runner = CliRunner()


def test_version_and_help() -> None:
    assert runner.invoke(app, ["--version"]).stdout.strip() == f"plankg {__version__}"
    result = runner.invoke(app, ["-h"])
    assert result.exit_code == 0
    assert "extract" in result.stdout


def test_extract_json_follows_the_contract() -> None:
    result = runner.invoke(app, ["extract", str(THANH_HOA_2021), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"document", "references", "relations", "tasks", "targets", "agencies", "warnings"}
    assert data["document"]["number"] == "5476/QĐ-UBND"
    assert data["document"]["province"] == "Thanh Hóa"
    ids = {ref["id"] for ref in data["references"]}
    assert {"107/2020/NĐ-CP", "108/2020/NĐ-CP", "120/2020/NĐ-CP"} <= ids
    assert "5476/QĐ-UBND" not in ids  # the document's own number is not a reference
    mention = data["references"][0]["mentions"][0]
    original = THANH_HOA_2021.read_text(encoding="utf-8")
    assert original[mention["start"] : mention["end"]] == mention["text"]


def test_extract_directory_to_out_file_and_out_dir(tmp_path: Path) -> None:
    out = tmp_path / "all.json"
    result = runner.invoke(app, ["extract", str(CORPUS), "--out", str(out)])
    assert result.exit_code == 0, result.output
    documents = json.loads(out.read_text(encoding="utf-8"))
    assert len(documents) == 5
    result = runner.invoke(app, ["extract", str(CORPUS), "--out-dir", str(tmp_path / "each")])
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "each").glob("*.json"))) == 5


def test_extract_table_is_readable_and_escapes_markup() -> None:
    result = runner.invoke(app, ["extract", str(THAI_BINH_2021), "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "3669/QĐ-UBND" in result.stdout
    assert "tasks" in result.stdout


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "is empty"),
        ("binary.txt", b"\x00\x01\x02\x03PK\x03\x04" * 10, "binary"),
        ("utf16-no-bom.txt", "Quyết định số 1/QĐ-UBND".encode("utf-16-le"), "binary"),
        ("cp1252.txt", "Hà Tinh, ngày 1 tháng 1".encode("latin-1"), "not valid UTF-8"),
    ],
)
def test_bad_input_gives_one_error_line_and_no_output(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["extract", str(source), "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [source]  # no temp file left behind either


def test_directory_without_documents_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "notes.csv").write_text("a,b\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 1
    assert "contains no documents" in result.stderr


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert "does not exist" in result.stderr


def test_real_subprocess_smoke(tmp_path: Path) -> None:
    out = tmp_path / "th.json"
    completed = subprocess.run(
        [sys.executable, "-m", "plankg", "extract", str(THANH_HOA_2021), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["document"]["id"] == "thanh-hoa-5476-qd-ubnd-2020"


def test_build_options_then_add_and_remove(tmp_path: Path) -> None:
    from paths import HAU_GIANG_2021

    out = tmp_path / "build"
    options = ["--out", str(out), "--jobs", "2", "--validate", "none", "--no-text-exports"]
    result = runner.invoke(app, ["build", str(THANH_HOA_2021), str(THAI_BINH_2021), *options])
    assert result.exit_code == 0, result.output
    assert "Built" in result.stdout and "SHACL" not in result.stdout  # not validated
    assert (out / "graph.json").is_file() and (out / "store").is_dir()
    assert not any((out / name).exists() for name in ("graph.graphml", "neo4j-import", "graph.ttl"))

    def documents() -> list[str]:
        return json.loads((out / "report.json").read_text(encoding="utf-8"))["documents"]

    assert documents() == ["thanh-hoa-5476-qd-ubnd-2020", "thai-binh-3669-qd-ubnd-2020"]
    result = runner.invoke(app, ["add", str(out), str(HAU_GIANG_2021), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "added 1 (hau-giang-" in result.stdout and "SPARQL store: triples +" in result.stdout
    assert len(documents()) == 3
    result = runner.invoke(app, ["remove", str(out), "thanh-hoa-5476-qd-ubnd-2020"])
    assert result.exit_code == 0, result.output
    assert "removed 1 (thanh-hoa-5476-qd-ubnd-2020)" in result.stdout
    assert documents()[0] == "thai-binh-3669-qd-ubnd-2020" and len(documents()) == 2
    graph = (out / "graph.json").read_text(encoding="utf-8")
    assert "thanh-hoa-5476-qd-ubnd-2020" not in graph


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["remove", "{build}", "no-such-document"], "no document no-such-document in this build"),
        (["remove", "{build}", "../report"], "no document ../report in this build"),
        (["remove", "{tmp}", "x"], "is not a plankg build folder"),
        (["add", "{tmp}", str(THANH_HOA_2021)], "is not a plankg build folder"),
        (["add", "{build}", "{tmp}/missing.txt"], "does not exist"),
        (["build", str(THANH_HOA_2021), "--out", "{tmp}", "--validate", "none"], "not a plankg build folder"),
    ],
)
def test_update_errors_are_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    build_dir = tmp_path / "build"
    result = runner.invoke(app, ["build", str(THAI_BINH_2021), "--out", str(build_dir), "--validate", "none"])
    assert result.exit_code == 0, result.output
    (tmp_path / "other.txt").write_text("not a build", encoding="utf-8")
    before = (build_dir / "graph.json").read_bytes()
    filled = [a.format(build=build_dir, tmp=tmp_path) for a in args]
    result = runner.invoke(app, filled)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert (build_dir / "graph.json").read_bytes() == before
