"""Deadline cells («Quý III/2021», «Trước 25/12/2023», «Thường xuyên») → `Deadline` intervals.

Conventions:

* every time expression in the cell becomes an interval; the result is the overall interval
  (earliest start, latest end) — a multi-part cell («- Kế hoạch: quý I/2021. - Báo cáo: tháng 11/2021.»)
  and several quarters («Quý II, IV/2021» → 2021-04-01..2021-12-31) are both covered by ONE interval,
  so a gap between non-adjacent quarters is not represented;
* «trước / chậm nhất / hạn / không quá / đến hết …» keeps only the end: `start` is None because the
  plan states no start (callers can fall back on the document date);
* a part without a year takes the next explicit year in the cell, else `default_year`;
* «thường xuyên», «hàng năm/quý/tháng», «định kỳ», «đột xuất» set `recurring`; with no explicit period
  they span `default_year` (None, None without one);
* «sau khi …», «khi có …», «theo kế hoạch/quy định/lộ trình …» set `conditional`;
* None when the text holds no time expression at all.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from plankg.loaders.text import fold_diacritics, strip_markup
from plankg.models import Deadline

_MASK = "_"  # a word character: masked text neither matches nor reads as a separator
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_QUARTER_TOKEN = r"(?:iv|iii|ii|i|[1-4])\b"
_YEAR = r"(?:19|20)\d{2}"
_YEAR_SUFFIX = rf"(?:\s*(?:/|-|nam)\s*(?P<year>{_YEAR})(?!\d))?"

# All patterns run on folded text (lowercase, no diacritics), which keeps character offsets.
_BEFORE = r"(?P<before>(?:truoc|cham nhat|han|khong qua|den het|den|hoan thanh truoc)\s+(?:ngay\s+)?)?"
_DATE_RE = re.compile(
    _BEFORE + r"(?:ngay\s+)?(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>" + _YEAR + r")(?!\d)"
)
_LONG_DATE_RE = re.compile(
    _BEFORE + r"ngay\s+(?P<d>\d{1,2})\s+thang\s+(?P<m>\d{1,2})\s+nam\s+(?P<y>" + _YEAR + r")(?!\d)"
)
_SHORT_DATE_RE = re.compile(
    r"(?P<before>(?:truoc|cham nhat|han|khong qua|den)\s+(?:ngay\s+)?|ngay\s+)"
    r"(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?![\d/])"
)
_QUARTER_RE = re.compile(
    _BEFORE
    + r"quy\s+(?P<q>"
    + _QUARTER_TOKEN
    + r"(?:\s*(?:,|-|–|va|den)\s*(?:quy\s+)?"
    + _QUARTER_TOKEN
    + r")*)"
    + _YEAR_SUFFIX
)
_HALF_RE = re.compile(r"(?:6|sau)\s+thang\s+(?P<half>dau|cuoi)\s+nam(?:\s*(?P<year>" + _YEAR + r")(?!\d))?")
_MONTH_RE = re.compile(
    _BEFORE + r"thang\s+(?P<m>\d{1,2}(?:\s*(?:,|-|–|va|den)\s*(?:thang\s+)?\d{1,2})*)(?![\d])" + _YEAR_SUFFIX
)
_BARE_MONTH_RE = re.compile(_BEFORE + r"(?<![\d/])(?P<m>\d{1,2})\s*/\s*(?P<year>" + _YEAR + r")(?![\d/])")
# A bare year counts only after «năm», «giai đoạn», «đến (hết)», at the start or after a colon: a year
# inside a label («Kế hoạch CCHC 2021 của …: Trước 31/12/2020») is not a deadline.
_YEAR_RANGE_RE = re.compile(
    r"(?:(?P<before>(?:den het|den|truoc|cham nhat)\s+)(?:nam\s+)?|(?:nam|giai doan)\s+|^\W*|:\s*)"
    r"(?P<y1>" + _YEAR + r")(?!\d)"
    r"(?:\s*(?:-|–|den)\s*(?:nam\s+)?(?P<y2>" + _YEAR + r")(?!\d))?"
)
_RECURRING_WORDS = (
    "thuongxuyen",
    "hangnam",
    "hangquy",
    "hangthang",
    "hangtuan",
    "dinhky",
    "dotxuat",
    "lientuc",
)
_RECURRING_WORDS_SPACED = ("hang nam", "hang quy", "hang thang")
_CONDITIONAL_RE = re.compile(
    r"\b(?:sau khi|khi co|khi duoc|ngay sau|tuy theo|tuy thuoc|can cu"
    r"|khi [a-z]+ (?:ban hanh|huong dan|cong bo))\b"
)
# «Theo kế hoạch», «Theo quy định» delegate the timing only when they open the cell or a part of it.
_DELEGATED_RE = re.compile(r"(?:^|[:.;]\s*|-\s+)\W*theo\b")


@dataclass(frozen=True)
class _Part:
    start: date | None
    end: date | None


@lru_cache(maxsize=4096)  # deadline cells repeat within and across plans
def parse_deadline(text: str, default_year: int | None) -> Deadline | None:
    """A normalized deadline for a time cell, or None when it holds no time expression."""
    original = strip_markup(text)
    if not original:
        return None
    folded = fold_diacritics(original)
    squeezed = "".join(folded.split())
    recurring = any(word in squeezed for word in _RECURRING_WORDS) or any(
        word in folded for word in _RECURRING_WORDS_SPACED
    )
    parts, dated = _parts(folded, default_year)
    conditional = bool(_CONDITIONAL_RE.search(folded)) or (not dated and bool(_DELEGATED_RE.search(folded)))
    if not dated and not recurring and not conditional:
        return None
    if not parts and recurring and default_year is not None:
        parts = [_Part(date(default_year, 1, 1), date(default_year, 12, 31))]
    starts = [p.start for p in parts if p.start is not None]
    ends = [p.end for p in parts if p.end is not None]
    return Deadline(
        text=original,
        start=min(starts) if starts else None,
        end=max(ends) if ends else None,
        recurring=recurring,
        conditional=conditional,
    )


def _parts(folded: str, default_year: int | None) -> tuple[list[_Part], bool]:
    """Every dated expression, most specific first; matched text is masked so years are not re-read.

    The flag tells whether any time expression was seen, even one without a year to anchor it.
    """
    masked = folded
    parts: list[_Part] = []
    seen = False
    for pattern, reader in (
        (_LONG_DATE_RE, _read_date),
        (_DATE_RE, _read_date),
        (_QUARTER_RE, _read_quarters),
        (_HALF_RE, _read_half),
        (_MONTH_RE, _read_months),
        (_BARE_MONTH_RE, _read_months),
        (_SHORT_DATE_RE, _read_date),
        (_YEAR_RANGE_RE, _read_years),
    ):
        for match in pattern.finditer(masked):
            seen = True
            part = reader(match, _year_for(match, masked, default_year))
            if part is not None:
                parts.append(part)
            masked = masked[: match.start()] + _MASK * (match.end() - match.start()) + masked[match.end() :]
    return parts, seen


def _year_for(match: re.Match[str], text: str, default_year: int | None) -> int | None:
    """The match's own year, else the next year written after it in the cell, else the default."""
    own = match.groupdict().get("year") or match.groupdict().get("y")
    if own:
        return int(own)
    following = re.search(r"(?<!\d)(" + _YEAR + r")(?!\d)", text[match.end() :])
    return int(following.group(1)) if following else default_year


def _bounded(match: re.Match[str], start: date, end: date) -> _Part:
    return _Part(None if match.groupdict().get("before") else start, end)


def _read_date(match: re.Match[str], year: int | None) -> _Part | None:
    year = int(match.groupdict().get("y") or 0) or year
    if year is None:
        return None
    try:
        day = date(year, int(match.group("m")), int(match.group("d")))
    except ValueError:
        return None
    before = match.groupdict().get("before") or ""
    return _Part(None if before.strip() and not before.startswith("ngay") else day, day)


def _read_quarters(match: re.Match[str], year: int | None) -> _Part | None:
    if year is None:
        return None
    tokens = re.findall(_QUARTER_TOKEN, match.group("q"))
    numbers = [_ROMAN[t] for t in tokens if t in _ROMAN]
    if not numbers:
        return None
    first, last = min(numbers), max(numbers)
    return _bounded(match, date(year, 3 * first - 2, 1), _month_end(year, 3 * last))


def _read_half(match: re.Match[str], year: int | None) -> _Part | None:
    if year is None:
        return None
    if match.group("half") == "dau":
        return _Part(date(year, 1, 1), date(year, 6, 30))
    return _Part(date(year, 7, 1), date(year, 12, 31))


def _read_months(match: re.Match[str], year: int | None) -> _Part | None:
    if year is None:
        return None
    months = [int(m) for m in re.findall(r"\d{1,2}", match.group("m"))]
    months = [m for m in months if 1 <= m <= 12]
    if not months:
        return None
    return _bounded(match, date(year, min(months), 1), _month_end(year, max(months)))


def _read_years(match: re.Match[str], _year: int | None) -> _Part | None:
    first = int(match.group("y1"))
    last = int(match.group("y2") or first)
    if last < first:
        return None
    return _bounded(match, date(first, 1, 1), date(last, 12, 31))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])
