"""Reading text files: encodings, NFC, and the offset map of cleaned text."""

from __future__ import annotations

import re
import unicodedata
from array import array
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plankg.errors import InputError
from plankg.loaders.text import (
    CleanText,
    clean_for_matching,
    fold_diacritics,
    identity_offsets,
    read_text,
    slugify,
    strip_markup,
)

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


# The cleaning rules as first written, token by token: the oracle for the optimised scan.
REFERENCE_JOIN_RE = re.compile(
    r"(?P<hyphen>-[ \t]*\n[ \t]*)"
    r"|(?P<newline>[ \t]*\n[ \t\n]*)"
    r"|(?P<html></?[a-zA-Z][^<>\n]{0,200}>)"
    r"|(?P<bold>\*\*|__)"
    r"|(?P<sup>[¹²³⁴⁵⁶⁷⁸⁹⁰]+)"
    r"|(?P<tab>\t+)"
)


def reference_clean(text: str, start: int, end: int) -> CleanText:
    parts: list[str] = []
    offsets: list[int] = []
    pos = start
    for match in REFERENCE_JOIN_RE.finditer(text, start, end):
        parts.append(text[pos : match.start()])
        offsets.extend(range(pos, match.start()))
        replacement = {"hyphen": "-", "bold": "", "sup": ""}.get(match.lastgroup or "", " ")
        parts.append(replacement)
        offsets.extend([match.start()] * len(replacement))
        pos = match.end()
    parts.append(text[pos:end])
    offsets.extend(range(pos, end))
    return CleanText("".join(parts), array("q", [*offsets, end]))


MARKUP = st.sampled_from([*"ab -\n\t<>/*_¹\xa0\u3000đ", "<p>", "</li>", "**", "__", "-\n", " \t\n ", "  "])


@given(st.lists(MARKUP, max_size=60).map("".join), st.data())
def test_clean_for_matching_matches_the_reference_rules(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    for a, b in ((0, len(text)), (start, end)):
        got, want = clean_for_matching(text, a, b), reference_clean(text, a, b)
        assert (got.text, list(got.offsets)) == (want.text, list(want.offsets))


@given(st.lists(MARKUP, max_size=40).map("".join))
def test_strip_markup_matches_the_regex_rules(text: str) -> None:
    untagged = re.sub(r"</?[a-zA-Z][^<>\n]{0,200}>", " ", text)
    assert strip_markup(text) == re.sub(r"\s+", " ", re.sub(r"\*\*|__", "", untagged)).strip()


def test_clean_for_matching_of_a_document_is_computed_once() -> None:
    text = "Nghị định số 107/2020/NĐ-\nCP\tngày 14/9/2020"
    assert clean_for_matching(text) is clean_for_matching(text)  # find_references and relations share it
    assert clean_for_matching(text).text == "Nghị định số 107/2020/NĐ-CP ngày 14/9/2020"


def test_identity_offsets_grow_on_demand() -> None:
    identity = identity_offsets(200_000)
    assert len(identity) >= 200_000
    assert identity[:5].tolist() == [0, 1, 2, 3, 4] and identity[199_999] == 199_999
