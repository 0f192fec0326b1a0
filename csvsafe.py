"""CSV for people: the one writer behind every CSV plankg prints, writes or serves for a spreadsheet.

A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel,
LibreOffice and Google Sheets (OWASP «CSV injection»), so it gets a leading single quote: the
spreadsheet shows the text as it is, and a reader of the file sees why. Real numbers (`int`,
`float`, `Decimal`; not `bool`) stay numbers, negative ones included; a *string* such as "-3" is
text and is quoted like any other.

Not for data interchange: the neo4j-admin import CSVs (`graph/exports.py`), the events file
(`graph/events.py`) and the SPARQL 1.1 CSV results of `/sparql` keep every value as it is, since
the programs that read them must get the data back unchanged.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value: Any) -> str:
    """A result value as the text of a table cell: "" for None, true/false, lists and maps as JSON,
    whole floats without ".0" (6.0 → "6")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and math.isfinite(value) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def neutralise(value: Any) -> str:
    """The CSV text of `value`, with a leading `'` when a spreadsheet would read it as a formula."""
    text = cell_text(value)
    if is_number(value):
        return text
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def to_csv(header: Sequence[Any], rows: Iterable[Sequence[Any]], *, lineterminator: str = "\n") -> str:
    """Header and rows as CSV text, every cell through `neutralise`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=lineterminator)
    writer.writerow([neutralise(v) for v in header])
    writer.writerows([neutralise(v) for v in row] for row in rows)
    return buffer.getvalue()


__all__ = ["FORMULA_STARTS", "cell_text", "is_number", "neutralise", "to_csv"]
