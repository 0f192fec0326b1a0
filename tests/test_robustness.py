"""The extractor never raises on arbitrary text and has no catastrophic backtracking."""

from __future__ import annotations

import pytest
from alarm import deadline
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paths import ALL_DOCUMENTS

from plankg.loaders.extract import extract_text
from plankg.loaders.tables import clean_range
from plankg.loaders.text import clean_for_matching

# Characters that matter to the patterns: digits, separators, Vietnamese letters, table and markup.
ALPHABET = st.sampled_from(
    [
        *list("0123456789/-.,;:() \t\n|*<>bpulì"),
        "Nghị định số ",
        "QĐ-UBND",
        "NĐ-CP",
        "ngày ",
        "Quý ",
        "Sở ",
        "- ",
    ]
)
SNIPPETS = [line for path in ALL_DOCUMENTS for line in path.read_text(encoding="utf-8").splitlines() if line][
    :400
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ALPHABET, max_size=300).map("".join))
def test_extractor_never_raises_on_arbitrary_text(text: str) -> None:
    extract_text(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(SNIPPETS), min_size=1, max_size=40).map("\n".join))
def test_extractor_never_raises_on_shuffled_real_lines(text: str) -> None:
    extraction = extract_text(text)
    for ref in extraction.references:
        for mention in ref.mentions:
            assert text[mention.span.start : mention.span.end] == mention.span.text


ADVERSARIAL = {
    "slashes": "1/" * 25_000,
    "digits": "9" * 50_000,
    "type words": "Nghị định số " * 4_000,
    "almost ids": "107/2020/NĐ-" * 4_000,
    "hyphen breaks": "-\n" * 25_000,
    "tabs": "\t" * 50_000,
    "table rows": ("1\t" * 8 + "\n") * 3_000,
    "html": "<ul><li>" * 6_000,
    "dates": "ngày 1/1/2020 " * 3_500,
    "agencies": "Sở Nội vụ, " * 4_500,
    "quarters": "Quý I, II, III, IV/" * 2_500,
    "pipes": "|\n**a**\n" * 6_000,
    "spaces": "a" + " " * 50_000 + "b",  # the own-number pattern was quadratic on blank runs (~4 s)
    "pipes in a row": "|" * 50_000 + "Số 1/QĐ",
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_adversarial_50kb_inputs_finish(name: str) -> None:
    text = ADVERSARIAL[name]
    assert len(text.encode("utf-8")) >= 40_000
    with deadline(30):
        extract_text(text)


# name: (text, clean_for_matching text, clean_range text)
BLANK_RUNS = {
    "spaces": ("a" + " " * 400_000 + "b", "a" + " " * 400_000 + "b", "a b"),
    "spaces and tabs": ("a" + " \t" * 200_000 + "b", "a" + " " * 400_000 + "b", "a b"),
    "tabs": ("\t" * 400_000, " ", ""),
    "padded lines": (("x" + " " * 2_000 + "\n") * 200, "x " * 200, " ".join("x" * 200)),
}


@pytest.mark.parametrize("name", sorted(BLANK_RUNS))
def test_long_blank_runs_clean_in_linear_time(name: str) -> None:
    """A blank run used to be rescanned from each of its characters (quadratic: minutes for these)."""
    text, flat, cell = BLANK_RUNS[name]
    with deadline(20):
        clean = clean_for_matching(text)
        cleaned_cell = clean_range(text, 0, len(text))
    assert clean.text == flat
    assert len(clean.offsets) == len(clean.text) + 1
    assert cleaned_cell.text == cell
