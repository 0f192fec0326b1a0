"""Document header: own number (số ký hiệu), dateline, issuer, province, title and kind."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from plankg.loaders.provinces import canonical_province, find_province
from plankg.loaders.text import fold_diacritics, slugify
from plankg.models import DocumentKind

HEADER_LINES = 80  # the header block never runs longer than this

OWN_NUMBER_RE = re.compile(
    r"(?:^|(?<!\|)\||(?<!\s)\s{2})[\s*#|]*Số\s*[:.]?[ \t]*"
    r"(?P<num>\d{1,5}[a-z]?)?[ \t]*"
    r"(?P<tail>(?:/[ \t]*(?:19|20)\d\d[ \t]*)?/[ \t]*[A-ZĐ][A-Za-zĐđ0-9&]*"
    r"(?:[ \t]*-[ \t]*[A-ZĐ][A-Za-zĐđ0-9&]*){0,3})",
    re.MULTILINE,
)
DATELINE_RE = re.compile(
    r"(?P<place>[A-ZĐÀ-Ỹ][^\n,|*]{1,40}?)\s*,\s*ngày\s*(?P<d>\d{1,2})?\s*(?:/|tháng)\s*(?P<m>\d{1,2})?"
    r"\s*(?:/|năm)\s*(?P<y>(?:19|20)\d\d)"
)
KIND_WORDS: dict[str, DocumentKind] = {
    "ke hoach": DocumentKind.PLAN,
    "quyet dinh": DocumentKind.DECISION,
    "bao cao": DocumentKind.REPORT,
    "nghi dinh": DocumentKind.DECREE,
    "chi thi": DocumentKind.DIRECTIVE,
    "thong tu": DocumentKind.OTHER,
    "nghi quyet": DocumentKind.OTHER,
    "chuong trinh": DocumentKind.PLAN,
}
KIND_LINE_RE = re.compile(r"^[\s#*]*(?P<word>[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ ]{4,20}?)[\s*]*$")
TITLE_STOP_RE = re.compile(
    r"^\s*(?:[*_]*\s*)?(?:Căn cứ|CHỦ TỊCH|CHÍNH PHỦ|BỘ TRƯỞNG|QUYẾT ĐỊNH|[IVX]+[.,]\s|\d+\.\s|Kính gửi)"
)
NUMBER_YEAR_RE = re.compile(r"/(?:19|20)\d\d(?:/|$)")  # «42/2025/QĐ-UBND» carries its year
PLAN_YEAR_RE = re.compile(r"năm\s+((?:19|20)\d\d)")

NATIONAL_ISSUERS: dict[str, str] = {
    "CP": "Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
    "QH": "Quốc hội",
    "VPCP": "Văn phòng Chính phủ",
    "BNV": "Bộ Nội vụ",
    "BTP": "Bộ Tư pháp",
    "BTC": "Bộ Tài chính",
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BCA": "Bộ Công an",
    "BQP": "Bộ Quốc phòng",
    "BYT": "Bộ Y tế",
    "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BXD": "Bộ Xây dựng",
    "BCT": "Bộ Công Thương",
    "TW": "Ban Chấp hành Trung ương",
}
LOCAL_ISSUERS: dict[str, str] = {
    "UBND": "UBND",
    "HĐND": "HĐND",
    "TU": "Tỉnh ủy",
    "SNV": "Sở Nội vụ",
    "STP": "Sở Tư pháp",
    "STC": "Sở Tài chính",
}
_ASCII_TYPE_FOLD = {"QD": "QĐ", "ND": "NĐ", "CD": "CĐ", "HDND": "HĐND"}


@dataclass(frozen=True)
class Header:
    number: str | None  # "5476/QĐ-UBND"; None when absent or left blank in a draft
    number_code: str | None  # "QĐ-UBND" even for a draft with a blank number
    date: date | None
    place: str | None
    province: str | None
    issuer: str | None
    title: str | None
    kind: DocumentKind
    plan_year: int | None
    # where each field was read: "number", "date", "kind", "title" → original [start, end)
    evidence: dict[str, tuple[int, int]] = field(default_factory=dict)


def parse_header(text: str) -> Header:
    """Header facts from the first lines of a document; every field may be None."""
    head = "\n".join(text.split("\n", HEADER_LINES)[:HEADER_LINES])
    evidence: dict[str, tuple[int, int]] = {}
    number, code = _own_number(head, evidence)
    issuer_code = code.rsplit("-", 1)[-1] if code else None
    dated, place = _dateline(head, evidence)
    national = issuer_code in NATIONAL_ISSUERS
    province = None if national else _province(head, place)
    kind, title = _kind_and_title(head, evidence)
    if kind is DocumentKind.DECISION and title and "ke hoach" in fold_diacritics(title):
        kind = DocumentKind.PLAN
    year_match = PLAN_YEAR_RE.search(title or "")
    plan_year = int(year_match.group(1)) if year_match else (dated.year if dated else None)
    return Header(
        number=number,
        number_code=code,
        date=dated,
        place=place,
        province=province,
        issuer=_issuer(head, issuer_code, province),
        title=title,
        kind=kind,
        plan_year=plan_year,
        evidence=evidence,
    )


def document_id(header: Header, fallback_name: str) -> str:
    """Stable, IRI-safe id from province + own number (+ year), else from the file name.

    Local numbers restart every year («5476/QĐ-UBND» of 2020 and of 2021 are two documents), so a
    number without a year of its own takes the year of the document's date when it has one.
    """
    if header.number:
        year = None
        if header.date and not NUMBER_YEAR_RE.search(header.number):
            year = str(header.date.year)
        return "-".join(filter(None, [slugify(header.province or ""), slugify(header.number), year]))
    stem = slugify(fallback_name)
    province = slugify(header.province or "")
    return stem if not province or stem.startswith(province) else f"{province}-{stem}"


def _own_number(head: str, evidence: dict[str, tuple[int, int]]) -> tuple[str | None, str | None]:
    match = OWN_NUMBER_RE.search(head)
    if not match:
        return None, None
    first = match.start("num") if match.group("num") else match.start("tail")
    evidence["number"] = (first, match.end("tail"))
    tail = re.sub(r"\s+", "", match.group("tail")).lstrip("/")
    parts = tail.split("/")
    code = parts[-1]
    type_part, _, issuer = code.partition("-")
    code = f"{_ASCII_TYPE_FOLD.get(type_part, type_part)}-{issuer}" if issuer else code
    parts[-1] = code
    number = "/".join([match.group("num"), *parts]) if match.group("num") else None
    return number, code


def _dateline(head: str, evidence: dict[str, tuple[int, int]]) -> tuple[date | None, str | None]:
    match = DATELINE_RE.search(head)
    if not match:
        return None, None
    evidence["date"] = (match.start("d") if match.group("d") else match.start(), match.end("y"))
    place = re.split(r"\s{2,}|\t", match.group("place"))[-1].strip(" *_|")
    day, month, year = match.group("d"), match.group("m"), match.group("y")
    try:
        dated = date(int(year), int(month), int(day)) if day and month else None
    except ValueError:
        dated = None
    return dated, place


def _province(head: str, place: str | None) -> str | None:
    if place and (name := canonical_province(place)):
        return name
    for pattern in (r"(?:TỈNH|tỉnh|THÀNH PHỐ|[Tt]hành phố)\s+([^\n,;.()|*]{2,30})",):
        for match in re.finditer(pattern, head):
            if name := find_province(match.group(1)):
                return name
    return None


def _issuer(head: str, issuer_code: str | None, province: str | None) -> str | None:
    if issuer_code in NATIONAL_ISSUERS:
        return NATIONAL_ISSUERS[issuer_code]
    local = LOCAL_ISSUERS.get(issuer_code or "")
    folded = fold_diacritics(head)
    if local is None and ("uy ban nhan dan" in folded or "ubnd tinh" in folded):
        local = "UBND"
    if local and province:
        level = "thành phố" if _is_city(province) else "tỉnh"
        return f"{local} {level} {province}"
    return local


def _is_city(province: str) -> bool:
    from plankg.loaders.provinces import provinces

    return any(p.name == province and p.kind == "thành phố" for p in provinces())


def _kind_and_title(head: str, evidence: dict[str, tuple[int, int]]) -> tuple[DocumentKind, str | None]:
    lines = head.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    for index, line in enumerate(lines):
        match = KIND_LINE_RE.match(line)
        if not match:
            continue
        kind = KIND_WORDS.get(fold_diacritics(match.group("word")).strip())
        if kind is None:
            continue
        evidence["kind"] = (starts[index] + match.start("word"), starts[index] + match.end("word"))
        return kind, _title_after(lines, starts, index + 1, evidence)
    return DocumentKind.OTHER, None


def _title_after(
    lines: list[str], starts: list[int], start: int, evidence: dict[str, tuple[int, int]]
) -> str | None:
    """The paragraph after the kind word, skipping blank lines before it."""
    collected: list[str] = []
    span: list[int] = []
    for index in range(start, min(len(lines), start + 12)):
        line = lines[index]
        stripped = line.strip().strip("*#_ ").strip()
        if not stripped:
            if collected:
                break
            continue
        if TITLE_STOP_RE.match(stripped) or (stripped.startswith("(") and collected):
            break
        collected.append(stripped)
        offset = starts[index] + line.index(stripped)
        span = [span[0] if span else offset, offset + len(stripped)]
    title = re.sub(r"\s+", " ", " ".join(collected)).strip(" .")
    if title and span:
        evidence["title"] = (span[0], span[1])
    return title or None
