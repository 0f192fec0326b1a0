"""Reading text files: encodings, NFC, and the offset map of cleaned text."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plankg.errors import InputError
from plankg.loaders.text import clean_for_matching, fold_diacritics, read_text, slugify

VIETNAMESE = "Nghị định số 107/2020/NĐ-CP của Chính phủ"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (VIETNAMESE.encode("utf-8"), VIETNAMESE),
        (b"\xef\xbb\xbf" + VIETNAMESE.encode("utf-8"), VIETNAMESE),
        (VIETNAMESE.encode("utf-16"), VIETNAMESE),  # with BOM
        (unicodedata.normalize("NFD", VIETNAMESE).encode("utf-8"), VIETNAMESE),  # decomposed → NFC
        (b"line one\r\nline two\r", "line one\nline two\n"),
    ],
)
def test_read_text_decodes_and_normalizes(tmp_path: Path, raw: bytes, expected: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(raw)
    text, sha256 = read_text(path)
    assert text == expected
    assert len(sha256) == 64


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "is empty"),
        (b"  \n\t\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Hà Tinh".encode("latin-1"), "not valid UTF-8"),
        (b"\xff\xfe\x00\xd8", "not valid UTF-16"),
    ],
)
def test_read_text_refuses_bad_input(tmp_path: Path, raw: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(raw)
    with pytest.raises(InputError, match=message):
        read_text(path)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_text(tmp_path / "nope.txt")


def test_clean_text_glues_hyphenated_breaks_and_maps_back() -> None:
    text = "Quyết định số 4929/QĐ-\nUBND ngày<b>21/12/2016</b>¹\tcủa"
    clean = clean_for_matching(text)
    assert clean.text == "Quyết định số 4929/QĐ-UBND ngày 21/12/2016  của"  # tag and tab: one space each
    start = clean.text.index("4929")
    end = clean.text.index("UBND") + 4
    orig_start, orig_end = clean.original_span(start, end)
    assert text[orig_start:orig_end] == "4929/QĐ-\nUBND"


@given(st.text(alphabet=st.sampled_from("ab -\n\t<>/*¹đĐ"), max_size=200))
def test_clean_text_offsets_point_at_equal_or_replaced_characters(text: str) -> None:
    clean = clean_for_matching(text)
    assert len(clean.offsets) == len(clean.text) + 1
    for i, char in enumerate(clean.text):
        origin = clean.offsets[i]
        assert 0 <= origin < len(text)
        assert text[origin] == char or char in " -"  # synthetic spaces/hyphens anchor at the break
    assert list(clean.offsets) == sorted(clean.offsets)


def test_fold_and_slugify() -> None:
    assert fold_diacritics("Nghị định Thanh Hoá") == "nghi dinh thanh hoa"
    assert slugify("5476/QĐ-UBND") == "5476-qd-ubnd"
    assert slugify("Thanh Hóa") == slugify("Thanh Hoá") == "thanh-hoa"
