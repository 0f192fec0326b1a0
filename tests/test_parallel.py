"""Extraction in worker processes: same results, same order, same errors as one by one."""

from __future__ import annotations

from pathlib import Path

import pytest
from paths import ALL_DOCUMENTS

from plankg.errors import InputError
from plankg.loaders.export import extraction_to_json
from plankg.loaders.extract import extract
from plankg.loaders.parallel import WINDOW_PER_JOB, extract_many


@pytest.mark.parametrize("jobs", [1, 2])
def test_same_extractions_in_input_order(jobs: int) -> None:
    paths = [*ALL_DOCUMENTS, *reversed(ALL_DOCUMENTS)]  # more than the window of 2 workers
    assert len(paths) > WINDOW_PER_JOB
    found = [extraction_to_json(e) for e in extract_many(paths, jobs=jobs)]
    assert found == [extraction_to_json(extract(p)) for p in paths]


def test_an_error_is_raised_as_extract_raises_it(tmp_path: Path) -> None:
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(InputError) as alone:
        extract(binary)
    paths = [ALL_DOCUMENTS[0], binary, ALL_DOCUMENTS[1]]
    seen = []
    with pytest.raises(InputError) as pooled:
        for extraction in extract_many(paths, jobs=2):
            seen.append(extraction.document.path)
    assert str(pooled.value) == str(alone.value)
    assert seen == [str(ALL_DOCUMENTS[0])]  # the documents before it came through, in order


def test_jobs_must_be_positive() -> None:
    with pytest.raises(InputError, match="--jobs"):
        list(extract_many(ALL_DOCUMENTS, jobs=0))


def test_folder_notes_and_hidden_files_are_not_documents(tmp_path: Path) -> None:
    from plankg.loaders.extract import iter_document_paths

    for name in (
        "README.md",
        "readme.txt",
        ".draft.txt",
        ".cache/x.txt",
        "LICENSE.txt",
        "plan.txt",
        "sub/b.md",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("Kế hoạch", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in iter_document_paths(tmp_path)] == [
        "plan.txt",
        "sub/b.md",
    ]
    assert list(iter_document_paths(tmp_path / "README.md")) == [tmp_path / "README.md"]  # named alone: read
