"""Numeric targets (chỉ tiêu) → `Target`: value, unit, comparator, year and the metric they measure.

A target text may hold several numbers («cấp tỉnh 90%, cấp huyện 80%, cấp xã 75%»): the FIRST
percentage is the value (else the first count), and the full text is kept in `Target.text` so the
other figures are not lost. Numbers that are years, document numbers («60/2021/NĐ-CP»), standards
(«ISO 9001:2015») or parts of a leading list number («1.4.») are never values.
"""

from __future__ import annotations

import re

from plankg.loaders.text import fold_diacritics, strip_markup
from plankg.models import Span, Target

# «1.4.», «2.10», «3.» — a list number has a dot; «13 Trung tâm» starts with a value instead.
_NUMBER_PREFIX_RE = re.compile(r"^\s*(?P<number>\d+(?:\.\d+)+|\d+(?=\.))\.?\s+")
# Values on folded text (offsets equal the original's for NFC Vietnamese).
_PERCENT_RE = re.compile(r"(?<![\d/.,:])(?P<value>\d+(?:[.,]\d+)?)\s*(?:%|phan tram\b)")
_COUNT_RE = re.compile(
    r"(?<![\d/.,:\-])(?P<value>\d+(?:[.,]\d+)?)(?![\d/:%]|[.,]\d|\s*%)"
    r"(?:\s*(?:-|–|den)\s*\d+(?:[.,]\d+)?)?"  # «từ 02 đến 03 cuộc»: the lower bound is the value
    r"\s+(?P<unit>[a-z]\w*)"
)
_EXCLUDED_BEFORE_RE = re.compile(
    r"(?:nam|so|iso|tcvn|giai doan|muc do|cap|quy|thang|ngay|nghi dinh|quyet dinh|nhom|loai|khoan|dieu)\s*$"
)
_YEAR_RE = re.compile(r"(?<![\d/])(?:19|20)\d{2}(?![\d/])")
_TARGET_YEAR_RE = re.compile(r"(?<!so voi )(?<!so voi cung ky )\bnam\s+(?P<year>(?:19|20)\d{2})(?!\d)")
_LEADING_VERBS = ("phan dau", "dam bao", "bao dam")  # «Phấn đấu» (OCR: «Phân đầu», «Phần đầu»), «Đảm bảo»

# Comparator cues on folded text, checked in the window just before (or, for «trở lên», after) the value.
_BEFORE_CUES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?:toi thieu|it nhat|khong duoi|khong thap hon|tu)\s*(?:(?:la|co)\s+)?$"), ">="),
    (re.compile(r"(?:toi da|khong qua|khong vuot qua|khong cao hon)\s*$"), "<="),
    (re.compile(r"(?:tren|hon|vuot)\s*$"), ">"),
    (re.compile(r"(?:duoi|it hon)\s*$"), "<"),
    (re.compile(r"(?:dat|bang|la)\s*$"), "="),
)
_AFTER_GE_RE = re.compile(r"^\s*(?:%|phan tram)?\s*(?:\w+\s+){0,3}?tro len\b")
_AFTER_LE_RE = re.compile(r"^\s*(?:%|phan tram)?\s*(?:\w+\s+){0,3}?tro xuong\b")

# Count units that are two words; any other count unit is the single word after the number.
_TWO_WORD_UNITS = (
    "don vi", "co quan", "sang kien", "mo hinh", "giai phap", "thu tuc", "ho so", "bien che", "can bo",
    "cong chuc", "vien chuc", "van ban", "trung tam", "dich vu", "nguoi dan", "doanh nghiep", "chi so",
    "tai khoan", "luot truy", "cuoc doi", "lop tap", "trieu dong", "ty dong",
)  # fmt: skip


def parse_target(text: str, *, id: str, default_year: int | None, provenance: Span | None = None) -> Target:
    """A `Target` for one chỉ tiêu text; fields it cannot find stay None."""
    cleaned = strip_markup(text)
    number_match = _NUMBER_PREFIX_RE.match(cleaned)
    number = number_match.group("number") if number_match else None
    body = cleaned[number_match.end() :] if number_match else cleaned
    folded = fold_diacritics(body)
    value_match, unit = _value(folded)
    value = comparator = None
    metric = body.strip() or None
    if value_match is not None:
        value = float(value_match.group("value").replace(",", "."))
        comparator = _comparator(folded, value_match)
        if len(_PERCENT_RE.findall(folded)) < 2:  # several figures: the metric is the whole text
            metric = _metric(body, folded, value_match, unit) or metric
        if unit is not None and unit != "%":
            unit = body[value_match.start("unit") : value_match.start("unit") + len(unit)]
    return Target(
        id=id,
        text=cleaned,
        metric=metric,
        value=value,
        unit=unit,
        comparator=comparator,
        year=_year(folded, default_year),
        number=number,
        provenance=provenance,
    )


def _value(folded: str) -> tuple[re.Match[str] | None, str | None]:
    """The first percentage, else the first count that is not a year, a document number or a standard."""
    match = _PERCENT_RE.search(folded)
    if match is not None:
        return match, "%"
    for match in _COUNT_RE.finditer(folded):
        raw = match.group("value")
        if _YEAR_RE.fullmatch(raw) or _EXCLUDED_BEFORE_RE.search(folded[: match.start()]):
            continue
        rest = folded[match.start("unit") :]
        two_words = (u for u in _TWO_WORD_UNITS if rest.startswith(u + " ") or rest == u)
        return match, next(two_words, match.group("unit"))
    return None, None


def _comparator(folded: str, match: re.Match[str]) -> str | None:
    before = folded[max(0, match.start() - 40) : match.start()]
    after = folded[match.end() : match.end() + 40]
    if _AFTER_GE_RE.match(after):
        return ">="
    if _AFTER_LE_RE.match(after):
        return "<="
    for pattern, comparator in _BEFORE_CUES:
        if pattern.search(before):
            return comparator
    # «đạt tỷ lệ tối thiểu tương ứng: cấp sở 90%, …»: a bound stated earlier in the sentence
    earlier = folded[: match.start()]
    if re.search(r"\b(?:toi thieu|it nhat|khong duoi)\b", earlier):
        return ">="
    if re.search(r"\b(?:toi da|khong qua|khong vuot qua)\b", earlier):
        return "<="
    return "="


def _metric(body: str, folded: str, match: re.Match[str], unit: str | None) -> str | None:
    """The text without the leading verb, the comparator + value and a trailing «trong năm YYYY»."""
    start = match.start()
    cue = re.search(
        r"(?:(?:dat\s+)?(?:toi thieu|it nhat|khong duoi|khong qua|toi da|tren|duoi|tu)|dat)"
        r"\s*(?:(?:la|co)\s+)?$",
        folded[:start],
    )
    if cue:
        start = cue.start()
    end = match.end()
    tail = re.match(r"\s*tro (?:len|xuong)\b", folded[end:])
    if tail:
        end += tail.end()
    if unit not in (None, "%"):
        end = match.start("unit")  # keep the counted noun: «03 sáng kiến về CCHC» → «sáng kiến về CCHC»
    metric = f"{body[:start]} {body[end:]}"
    metric = re.sub(r"\s*\btrong năm\s+\d{4}\b", "", metric)
    metric = " ".join(metric.split())
    if fold_diacritics(" ".join(metric.split()[:2])).lower() in _LEADING_VERBS:
        metric = " ".join(metric.split()[2:])
    return metric.strip(" ,;:.-") or None


def _year(folded: str, default_year: int | None) -> int | None:
    match = _TARGET_YEAR_RE.search(folded)
    return int(match.group("year")) if match else default_year
