"""Budget cells («10», «1.500», «2,5 tỷ đồng», «Theo dự toán được cấp») → `Budget` in VND.

Numbers follow Vietnamese conventions: «.» groups thousands and «,» is the decimal mark («1.500,5»);
a lone «.» or «,» followed by exactly three digits is a thousands separator («1.500», «200.000.000đ»),
otherwise a decimal mark («2,5», «2.5»). A unit written in the cell (đồng, nghìn, triệu, tỷ) wins over
the column's unit. When a cell holds several amounts the first one is taken (later ones are usually
breakdowns such as «trong đó NSTW …»), except that an amount after «tổng» / «tổng cộng» is preferred.
"""

from __future__ import annotations

import re
from functools import lru_cache

from plankg.loaders.text import fold_diacritics, strip_markup
from plankg.models import Budget

DEFAULT_UNIT_VND = 1_000_000  # plan tables state «Kinh phí (triệu đồng)» far more often than anything else

# Scale words in folded text, largest first.
_SCALES: tuple[tuple[str, int], ...] = (
    (r"ty|ti", 1_000_000_000),
    (r"trieu|tr", 1_000_000),
    (r"nghin|ngan|k", 1_000),
    (r"dong|vnd|d", 1),
)
_NUMBER = r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_AMOUNT_RE = re.compile(
    r"(?<![\d/.,])(?P<number>"
    + _NUMBER
    + r")(?![\d/])\s*(?P<scale>"
    + "|".join(f"(?:{pattern})" for pattern, _ in _SCALES)
    + r")?\b(?:\s*(?P<dong>dong|vnd|d)\b)?"
)
_YEAR_CONTEXT_RE = re.compile(r"(?:nam|giai doan|quy|thang)\s*$")
_TOTAL_RE = re.compile(r"\btong(?: cong| so| kinh phi)?\b")
_UNIT_HEADER_RES: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"\b(?:ty|ti)\b"), 1_000_000_000),
    (re.compile(r"\btrieu\b"), 1_000_000),
    (re.compile(r"\b(?:nghin|ngan)\s+dong\b|\b1\.?000\s*(?:dong|d)\b"), 1_000),
    (re.compile(r"\b(?:dong|vnd)\b"), 1),
)

# Number words («Hai trăm triệu đồng»).
_DIGIT_WORDS = {
    "khong": 0, "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5, "nham": 5,
    "sau": 6, "bay": 7, "tam": 8, "chin": 9,
}  # fmt: skip
_WORD_SCALES = {"tram": 100, "nghin": 1_000, "ngan": 1_000, "trieu": 1_000_000, "ty": 1_000_000_000}
_WORD_AMOUNT_RE = re.compile(
    r"\b(?:(?:khong|mot|hai|ba|bon|tu|nam|lam|nham|sau|bay|tam|chin|muoi|linh|le|tram|nghin|ngan|trieu|ty)\s+)+"
    r"(?:dong|vnd)\b"
)


def parse_unit(header: str) -> int:
    """VND per unit of a budget column header («Kinh phí dự kiến (triệu đồng)» → 1,000,000).

    Headers without a unit get `DEFAULT_UNIT_VND`.
    """
    folded = fold_diacritics(strip_markup(header))
    for pattern, unit in _UNIT_HEADER_RES:
        if pattern.search(folded):
            return unit
    return DEFAULT_UNIT_VND


@lru_cache(maxsize=4096)  # budget cells repeat («Ngân sách tỉnh», «Theo dự toán»), and are read twice
def parse_budget(text: str, unit_vnd: int = DEFAULT_UNIT_VND) -> Budget | None:
    """Amount in VND of a budget cell; `amount_vnd` is None for «Theo dự toán được cấp» and the like."""
    cleaned = strip_markup(text)
    if not any(ch.isalnum() for ch in cleaned):
        return None
    folded = fold_diacritics(cleaned)
    amount = _digit_amount(folded, unit_vnd)
    if amount is None:
        amount = _word_amount(folded)
    return Budget(cleaned, amount)


def _digit_amount(folded: str, unit_vnd: int) -> int | None:
    candidates = [m for m in _AMOUNT_RE.finditer(folded) if not _is_year_or_reference(folded, m)]
    if not candidates:
        return None
    total = _TOTAL_RE.search(folded)
    chosen = next((m for m in candidates if total and m.start() > total.end()), candidates[0])
    value = _number(chosen.group("number"))
    if value is None:
        return None
    return round(value * _scale(chosen, unit_vnd))


def _is_year_or_reference(folded: str, match: re.Match[str]) -> bool:
    number = match.group("number")
    if re.fullmatch(r"(?:19|20)\d{2}", number) and not match.group("scale"):
        return (
            bool(_YEAR_CONTEXT_RE.search(folded[: match.start()]))
            or "-" in folded[match.end() : match.end() + 2]
        )
    return False


def _scale(match: re.Match[str], unit_vnd: int) -> int:
    scale = match.group("scale")
    if scale is None:
        return unit_vnd
    for pattern, value in _SCALES:
        if re.fullmatch(pattern, scale):
            return value
    return unit_vnd


def _number(text: str) -> float | None:
    """Vietnamese-formatted number → float («1.500» → 1500, «2,5» → 2.5, «1.500,5» → 1500.5)."""
    text = text.replace(" ", ".")
    if "." in text and "," in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        group = "." if decimal == "," else ","
        text = text.replace(group, "").replace(decimal, ".")
    elif re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", text):
        text = re.sub(r"[.,]", "", text)
    else:
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def _word_amount(folded: str) -> int | None:
    """«hai trăm triệu đồng» → 200,000,000; «một tỷ năm trăm triệu đồng» → 1,500,000,000."""
    match = _WORD_AMOUNT_RE.search(folded)
    if match is None:
        return None
    words = match.group(0).split()[:-1]
    if not any(w in _WORD_SCALES or w in ("muoi",) for w in words):
        return None
    total, group, current = 0, 0, 0
    for word in words:
        if word in ("linh", "le"):
            continue
        if word == "muoi":
            current = (current or 1) * 10
        elif word in _DIGIT_WORDS:
            digit = _DIGIT_WORDS[word]
            current = current + digit if current % 10 == 0 and current >= 10 else digit
        elif word == "tram":
            group += (current or 1) * 100
            current = 0
        else:  # nghìn, triệu, tỷ
            scale = _WORD_SCALES[word]
            amount = (group + current) or 1
            if scale == 1_000_000_000:
                total = (total + amount) * scale
            else:
                total += amount * scale
            group, current = 0, 0
    return total + group + current
