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
    assert json.loads(out.read_text(encoding="utf-8"))["document"]["id"] == "thanh-hoa-5476-qd-ubnd"
