"""The one CSV writer for people (`plankg.csvsafe`): formulas neutralised, numbers kept."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from plankg.csvsafe import cell_text, neutralise, to_csv


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+84 912", "'+84 912"),
        ("- Sở Nội vụ chủ trì", "'- Sở Nội vụ chủ trì"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-3", "'-3"),  # text that looks like a number is still text
        (-3, "-3"),  # a real number stays a number
        (-2.5, "-2.5"),
        (6.0, "6"),
        (Decimal("-1.50"), "-1.50"),
        (True, "true"),
        (None, ""),
        (["=x", 1], '["=x", 1]'),
        ("Sở Tư pháp", "Sở Tư pháp"),
        ("a=b", "a=b"),
        ("'quoted", "'quoted"),
    ],
)
def test_neutralise(value: object, cell: str) -> None:
    assert neutralise(value) == cell


def test_to_csv_neutralises_header_and_rows_and_round_trips() -> None:
    text = to_csv(["=col", "n"], [["=cmd|' /C calc'!A0", -3], ["Hà Tĩnh, «x»", None]], lineterminator="\r\n")
    assert text.startswith("'=col,n\r\n")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["'=col", "n"], ["'=cmd|' /C calc'!A0", "-3"], ["Hà Tĩnh, «x»", ""]]


def test_cell_text_for_tables() -> None:
    values = (None, False, 1e20, 2.0, {"a": "Đ"})
    assert [cell_text(v) for v in values] == ["", "false", "1e+20", "2", '{"a": "Đ"}']
