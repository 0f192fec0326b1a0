"""Agency cells → `AgencyRef`s and canonical `Agency` instances.

A task table's agency cell is split in four steps:

1. role labels («Cơ quan chủ trì:», «Cơ quan phối hợp các sở…», «Thẩm định văn bản:») cut the cell
   into segments, each with a role; text before the first label takes the caller's default role;
2. each segment is split on «;», on sentence ends, on a distributive head («các Sở: Nội vụ, Tư pháp…»),
   on «,» and « và » only before an agency head, and where a complete agency is followed by another
   head without any separator («UBND cấp huyện UBND cấp xã»);
3. each item loses its qualifiers — parentheses, «chủ trì đối với …», «(có) liên quan» — which become
   `AgencyRef.qualifier` and, when they name a role, override the segment's role;
4. the rest is looked up in the gazetteer `data/agencies.tsv` (exact on a folded form, then a known
   agency followed by a qualifier, then a conservative fuzzy match for OCR damage). An unknown but
   well-formed agency («Sở X», «Ban Y») is kept with an id minted from its name; text that names no
   agency (a deadline in the wrong column) yields nothing.

Labels that are neither chủ trì nor phối hợp (appraisal, supervision, aggregation) become COOPERATE with
the label as qualifier: those agencies take part in the task but do not execute it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from importlib.resources import files

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from plankg.loaders.provinces import canonical_province, provinces
from plankg.loaders.text import fold_diacritics, slugify, strip_markup
from plankg.models import Agency, AgencyRef, Role

# --------------------------------------------------------------------------------------------------
# Lookup data: gazetteer rows, role labels, agency heads
# --------------------------------------------------------------------------------------------------

GAZETTEER = "data/agencies.tsv"
FUZZY_CUTOFF = 0.85  # normalized Levenshtein similarity; OCR damage is one or two characters
FUZZY_MIN_LENGTH = 10  # shorter names are too close to each other for fuzzy matching
PROSE_MIN_WORDS = 5  # a first item this long that names no agency makes the segment prose, not a list


@dataclass(frozen=True)
class AgencyType:
    """One gazetteer row: a kind of agency, instantiated per province unless national."""

    key: str
    canonical_name: str  # may contain "{province}"
    level: str  # national | province | district | commune
    collective: bool
    aliases: tuple[str, ...]
    renamed_to: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None

    @property
    def national(self) -> bool:
        return self.level == "national"

    @property
    def type_name(self) -> str:
        """The province-independent name ("Báo tỉnh", "Sở Nội vụ")."""
        return self.canonical_name.replace("{province}", "tỉnh")

    def name_for(self, province: str | None) -> str:
        return self.canonical_name.replace("{province}", province) if province else self.type_name


@dataclass(frozen=True)
class _Label:
    pattern: str
    role: Role
    qualifier: str | None  # recorded on every agency of the segment
    needs_colon: bool = False
    is_lead: bool = False  # a «chủ trì» label: executing agencies then get the "thực hiện" qualifier
    is_exec: bool = False


# Order matters: longer labels first. Patterns are matched case-insensitively on the original text.
_LABELS: tuple[_Label, ...] = (
    _Label(r"cơ quan chủ trì(?:,? (?:thực hiện|tham mưu))?", Role.LEAD, None, is_lead=True),
    _Label(r"đơn vị chủ trì(?:,? thực hiện)?", Role.LEAD, None, is_lead=True),
    _Label(
        r"xây dựng dự thảo(?: văn bản)?(?: quy phạm)? pháp luật"
        r"|cơ quan (?:chủ trì )?(?:xây dựng|soạn thảo) dự thảo|cơ quan soạn thảo",
        Role.LEAD,
        "xây dựng dự thảo",
    ),
    _Label(r"(?:cơ quan|đơn vị) phối hợp,? tổng hợp", Role.COOPERATE, "phối hợp, tổng hợp"),
    _Label(r"(?:cơ quan|đơn vị) phối hợp,? thực hiện", Role.COOPERATE, "phối hợp, thực hiện"),
    _Label(r"(?:cơ quan|đơn vị) phối hợp", Role.COOPERATE, None),
    _Label(r"(?:cơ quan|đơn vị) thực hiện", Role.LEAD, None, is_exec=True),
    _Label(r"thẩm định văn bản|cơ quan thẩm định", Role.COOPERATE, "thẩm định"),
    _Label(
        r"cơ quan (?:hướng dẫn|theo dõi|giám sát)"
        r"(?:,? (?:hướng dẫn|theo dõi|đôn đốc|kiểm tra|giám sát|đánh giá))*",
        Role.COOPERATE,
        "hướng dẫn, theo dõi, đôn đốc, kiểm tra",
    ),
    _Label(r"cơ quan tổng hợp(?:\s*[,:]?\s*(?:báo cáo|kiểm tra))*", Role.COOPERATE, "tổng hợp, báo cáo"),
    _Label(r"cơ quan kiểm tra", Role.COOPERATE, "kiểm tra"),
    _Label(r"chủ trì(?: thực hiện)?", Role.LEAD, None, needs_colon=True, is_lead=True),
    _Label(r"phối hợp(?: thực hiện)?", Role.COOPERATE, None, needs_colon=True),
    _Label(r"thực hiện", Role.LEAD, None, needs_colon=True, is_exec=True),
    _Label(r"thẩm định", Role.COOPERATE, "thẩm định", needs_colon=True),
)

# A label opens a segment: at the start, after «.;:», or after a bullet dash.
_LABEL_RE = re.compile(
    r"(?:^|(?<=[.;:])|(?<=\s[-–•+]))\s*(?:"
    + "|".join(f"(?P<l{i}>{lab.pattern})" for i, lab in enumerate(_LABELS))
    + r")"
    r"(?P<colon>\s*:)?",
    re.IGNORECASE,
)

_UPPER = "A-ZĐÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĨŨƠƯẠ-Ỹ"
# Agency heads that may start an item after «,» or « và » (case-sensitive where a capital is needed).
_HEAD_AFTER_SEP = (
    r"(?:\d{1,3}\s+)?(?:UBND|Ủy ban|Uỷ ban|ỦY BAN|HĐND|Hội đồng|HĐĐ|Văn phòng|VP\b|Trung tâm|TT ["
    + _UPPER
    + r"]"
    r"|[Ss]ở [" + _UPPER + r"]|Bộ (?:phận|Chỉ huy|[" + _UPPER + r"])|Đài|Báo [" + _UPPER + r"]|Báo$"
    r"|Ban [" + _UPPER + r"]|Tổ (?!chức|quốc)|Đoàn|Thành viên|Thanh tra|Công an|Cục|Chi cục|Kho bạc|Ngân hàng"
    r"|Mặt trận|Tỉnh (?:ủy|uỷ|đoàn|Đoàn)|Liên đoàn|Hội [" + _UPPER + r"]|Viện|Trường [" + _UPPER + r"]"
    r"|Bảo hiểm|Chủ tịch|Thủ tướng|Chính phủ|Quốc hội|Địa phương"
    r"|[Cc]ác (?:cơ quan|đơn vị|trung tâm|trường|sở|Sở|bộ|Bộ|UBND|Ủy ban|địa phương|tổ chức|ngành"
    r"|doanh nghiệp|huyện|xã)"
    r"|Cơ quan|[Đđ]ơn vị (?:tư vấn|xây dựng|sự nghiệp|được|có liên quan|liên quan)"
    r"|[Tt]ổ chức (?:tư vấn|đào tạo|chứng nhận)"
    r"|[Dd]oanh nghiệp)"
)
_HEAD_AFTER_SEP_RE = re.compile(_HEAD_AFTER_SEP)
# Heads that can follow a complete agency with no separator at all («UBND cấp huyện UBND cấp xã»).
_INNER_HEAD_RE = re.compile(
    r"(?<=\s)(?:UBND|Ủy ban nhân dân|[Ss]ở [" + _UPPER + r"]|Văn phòng|Trung tâm|Đài|Báo [" + _UPPER + r"]"
    r"|Ban [" + _UPPER + r"]|Thanh tra|Bộ [" + _UPPER + r"]|[Cc]ác (?:cơ quan|đơn vị|sở))"
)

# Item-start heads of a well-formed agency that is not in the gazetteer: (folded regex, type label, level).
_UNKNOWN_HEADS: tuple[tuple[str, str, str], ...] = (
    (r"(?:ubnd|uy ban nhan dan) (?:huyen|quan|thi xa|thanh pho) [a-z]", "UBND cấp huyện", "district"),
    (r"(?:ubnd|uy ban nhan dan) (?:xa|phuong|thi tran|dac khu) [a-z]", "UBND cấp xã", "commune"),
    (r"bo (?!phan)[a-z]", "Bộ", "national"),
    (r"tong cuc ", "Tổng cục", "national"),
    (r"so ", "Sở", "province"),
    (r"chi cuc ", "Chi cục", "province"),
    (r"cuc ", "Cục", "province"),
    (r"ban ", "Ban", "province"),
    (r"bo phan ", "Bộ phận", "province"),
    (r"trung tam ", "Trung tâm", "province"),
    (r"van phong ", "Văn phòng", "province"),
    (r"phong ", "Phòng", "district"),
    (r"hoi dong ", "Hội đồng", "province"),
    (r"hoi ", "Hội", "province"),
    (r"(?:uy ban|ubnd|hdnd) ", "Ủy ban", "province"),
    (r"dai ", "Đài", "province"),
    (r"bao ", "Báo", "province"),
    (r"to (?!chuc)", "Tổ", "province"),
    (r"doan ", "Đoàn", "province"),
    (r"thanh tra ", "Thanh tra", "province"),
    (r"(?:tong )?cong ty ", "Công ty", "province"),
    (r"kho bac ", "Kho bạc", "province"),
    (r"ngan hang ", "Ngân hàng", "province"),
    (r"(?:hoc |benh )?vien ", "Viện", "province"),
    (r"truong ", "Trường", "province"),
    (r"lien doan ", "Liên đoàn", "province"),
    (r"(?:dang|huyen|thanh|tinh) uy", "Cấp ủy", "province"),
)
# Heads whose next word must be capitalised in the original («Ban Quản lý», not «Ban hành»).
_CAPITAL_AFTER = {"Sở", "Bộ", "Ban", "Báo", "Cục", "Chi cục", "Hội", "Viện", "Trường", "Phòng", "Đài"}
_UNKNOWN_HEAD_RES = tuple((re.compile(p), t, lvl) for p, t, lvl in _UNKNOWN_HEADS)
_COLLECTIVE_RE = re.compile(
    r"^(?:cac|nhung|toan bo|tat ca) (?:co quan|don vi|so|ban|nganh|to chuc|truong|trung tam|dia phuong"
    r"|doanh nghiep|ubnd|xa|huyen|bo|hoi|phong|thanh vien)\b"
)

# Remainders after a known agency that are qualifiers, not part of a different name.
_QUALIFIER_TAIL_RE = re.compile(
    r"^(?:duoc|dat|ap dung|tham gia|co lien quan|lien quan|khac|thuoc|truc thuoc|tren dia ban|cap|cac cap|co"
    r"|chiu trach nhiem|thuc hien|la thanh vien|trong|tai|theo|nhan|giao)\b"
)

_PARENS_RE = re.compile(r"\(([^()]{0,200})\)")
_ROLE_CLAUSE_RE = re.compile(
    r"\s+(?P<role>chủ trì|phối hợp)"
    r"(?P<rest>(?:\s*,\s*phối hợp|\s+(?:đối với|về|việc|trong|thực hiện|kiểm tra)\b.*)?)$",
    re.IGNORECASE,
)
_MEMBER_RE = re.compile(r"^(?:các\s+)?thành viên\s+", re.IGNORECASE)
_COUNT_RE = re.compile(r"^\d{1,3}\s+(?=\D)")
_RELATED_RE = re.compile(r"\s*\(?\b(?:có\s+)?liên quan(?:\s+khác)?\)?\s*$", re.IGNORECASE)
_CITATION_CUT_RE = re.compile(r"\s+(?:ngày\s+\d|của\s+(?:UBND|Ủy ban|Chủ tịch|HĐND|Thủ tướng|Chính phủ)).*$")
_CITATION_RE = re.compile(r"(?:quyết định|QĐ|số)\s*\d|\d+/[\wĐđ-]+", re.IGNORECASE)
_SENTENCE_RE = re.compile(r"(?<=[^\W\d_]{3})\.\s+(?=[" + _UPPER + r"])|(?<=[\d)])\.\s+(?=[" + _UPPER + r"])")
_TRIM = " \t.,;:-–•+*"
_DISTRIBUTIVE_RE = re.compile(
    r"^(?P<pre>.*?)(?P<head>(?:các\s+)?(?P<word>[Ss]ở|[Bb]ộ)(?:\s*,\s*(?:ban|ngành|cơ quan))*(?:\s+ngành)?)"
    r"\s*:\s*(?P<list>.+)$"
)
_ELLIPSIS_RE = re.compile(r"^cap (?:tinh|huyen|xa)$")
_UBND_START_RE = re.compile(r"^(?:ubnd|uy ban nhan dan)\b")
_NON_AGENCY_RE = re.compile(
    r"^(?:quy|thang|nam|ngay|truoc|sau|thuong xuyen|hang|dinh ky|theo|trong|tu|den|chua|khong|nhiem vu)\b"
)

# Normalization of folded forms: spelling variants that mean the same words.
_SYNONYMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"\b{pattern}\b"), repl)
    for pattern, repl in (
        (r"uy ban nhan dan", "ubnd"),
        (r"ub nd", "ubnd"),
        (r"hoi dong nhan dan", "hdnd"),
        (r"(?:uy ban |ub )?(?:mat tran to quoc|mttq) ?(?:viet nam|vn)?", "mttq"),
        (r"ubmttq ?(?:vn)?", "mttq"),
        (r"ubmttqvn", "mttq"),
        (r"van phong", "vp"),
        (r"vpubnd", "vp ubnd"),
        (r"phat thanh (?:va )?truyen hinh|pt th|ptth", "ptth"),
        (r"cai cach hanh chinh", "cchc"),
        (r"dai bieu quoc hoi", "dbqh"),
        (r"ban chi dao", "bcd"),
        (r"co lien quan", "lien quan"),
        (r"truc thuoc", "thuoc"),
        (r"(\w+(?: \w+)?) \1", r"\1"),  # OCR/typing duplication: "don vi don vi" → "don vi"
    )
)
_NON_ALNUM_RE = re.compile(r"[^a-z0-9]+")
_LEADING_RE = re.compile(r"^(?:(?:tat ca|toan bo|nhung|cac)\s+)+")
_TRAILING_PROVINCE_WORD_RE = re.compile(r"\s+(?:cap tinh|tinh|thanh pho)$")


# --------------------------------------------------------------------------------------------------
# Gazetteer
# --------------------------------------------------------------------------------------------------


def _date_or_none(text: str) -> date | None:
    return date.fromisoformat(text) if text.strip() else None


@cache
def agency_types() -> dict[str, AgencyType]:
    """The shipped gazetteer, by key."""
    rows = files("plankg.loaders").joinpath(GAZETTEER).read_text(encoding="utf-8")
    result: dict[str, AgencyType] = {}
    for line in rows.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, name, level, collective, aliases, renamed, start, end = [*line.split("\t"), *[""] * 8][:8]
        result[key] = AgencyType(
            key=key,
            canonical_name=name,
            level=level,
            collective=collective.strip() == "1",
            aliases=tuple(a for a in aliases.split("|") if a),
            renamed_to=renamed.strip() or None,
            valid_from=_date_or_none(start),
            valid_to=_date_or_none(end),
        )
    return result


def agency_type(key: str) -> AgencyType | None:
    """The gazetteer row for `key` (the part of an agency id after the province slug)."""
    return agency_types().get(key.rsplit("/", 1)[-1])


@lru_cache(maxsize=16384)
def _norm(text: str) -> str:
    """Folded matching form: no diacritics, case or punctuation; UBND/VP/MTTQ spellings unified."""
    folded = _NON_ALNUM_RE.sub(" ", fold_diacritics(text).replace("&", "")).strip()
    for pattern, repl in _SYNONYMS:
        folded = pattern.sub(repl, folded)
    return _LEADING_RE.sub("", " ".join(folded.split()))


def _without_province_word(norm: str) -> str:
    return _TRAILING_PROVINCE_WORD_RE.sub("", norm)


@cache
def _alias_index() -> dict[str, AgencyType]:
    exact: dict[str, AgencyType] = {}
    for entry in agency_types().values():
        for form in (entry.type_name, *entry.aliases):
            exact.setdefault(_norm(form), entry)
    index = dict(exact)
    for norm, entry in exact.items():
        short = _without_province_word(norm)
        if short:
            index.setdefault(short, entry)
    index.pop("", None)
    return index


@cache
def _fuzzy_index() -> dict[str, AgencyType]:
    """Aliases folded WITHOUT synonym expansion: OCR damage happens to the written words."""
    index: dict[str, AgencyType] = {}
    for entry in agency_types().values():
        for form in (entry.type_name, *entry.aliases):
            folded = _LEADING_RE.sub("", _fold_words(form.replace("&", "")))
            for variant in (folded, _without_province_word(folded)):
                if len(variant) >= FUZZY_MIN_LENGTH:
                    index.setdefault(variant, entry)
    return index


@cache
def _list_suffixes(head: str) -> tuple[str, ...]:
    """Folded names after «Sở »/«Bộ » in the gazetteer, longest first (for «các Sở: Nội vụ, …»)."""
    prefix = fold_diacritics(head) + " "
    found = {
        fold_diacritics(form)[len(prefix) :]
        for entry in agency_types().values()
        for form in (entry.canonical_name, *entry.aliases)
        if fold_diacritics(form).startswith(prefix)
    }
    return tuple(sorted(found, key=len, reverse=True))


@cache
def _province_slugs() -> dict[str, str]:
    return {slugify(p.name): p.name for p in provinces()}


def _fold_words(text: str) -> str:
    return " ".join(_NON_ALNUM_RE.sub(" ", fold_diacritics(text)).split())


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split()).upper()


# --------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Segment:
    text: str
    role: Role
    qualifier: str | None


def resolve_cell(cell: str, province: str | None, default_role: Role = Role.LEAD) -> list[AgencyRef]:
    """The agencies named in one table cell (or prose fragment), with their roles.

    Labels inside the cell override `default_role`; `province` scopes provincial agencies.
    """
    return list(_resolve_cell(cell, province, default_role))


@lru_cache(maxsize=4096)
def _resolve_cell(cell: str, province: str | None, default_role: Role) -> tuple[AgencyRef, ...]:
    """`resolve_cell`, cached: the same few agency cells recur on every row of a plan."""
    refs: list[AgencyRef] = []
    seen: set[tuple[str, Role]] = set()
    for segment, items in _cell_items(cell, default_role):
        previous: AgencyType | None = None
        for position, item in enumerate(items):
            ref, previous = _resolve_item(item, province, segment, previous)
            if ref is None and position == 0 and len(item.split()) >= PROSE_MIN_WORDS:
                break  # a sentence that mentions agencies («Xây dựng phần mềm … của các sở, UBND …»)
            if ref is not None and (ref.agency_id, ref.role) not in seen:
                seen.add((ref.agency_id, ref.role))
                refs.append(ref)
    return tuple(refs)


@lru_cache(maxsize=4096)
def _cell_items(cell: str, default_role: Role) -> tuple[tuple[_Segment, tuple[str, ...]], ...]:
    """Steps 1 and 2 for a cell, which do not depend on the province: its segments and their items."""
    text = strip_markup(cell).lstrip(_TRIM)
    if not text:
        return ()
    return tuple((segment, tuple(_split_items(segment.text))) for segment in _segments(text, default_role))


def build_agencies(refs: Iterable[AgencyRef], province: str | None) -> list[Agency]:
    """Distinct agencies of `refs` (first-seen order), with every surface form seen."""
    agencies: dict[str, Agency] = {}
    for ref in refs:
        agency = agencies.get(ref.agency_id)
        if agency is None:
            agency = _new_agency(ref, province)
            agencies[ref.agency_id] = agency
        if ref.surface not in agency.surface_forms:
            agency.surface_forms.append(ref.surface)
    return list(agencies.values())


def _new_agency(ref: AgencyRef, province: str | None) -> Agency:
    scope, _, key = ref.agency_id.rpartition("/")
    entry = agency_types().get(key)
    agency_province = _province_slugs().get(scope, province) if scope else None
    if entry is not None:
        return Agency(ref.agency_id, ref.name, entry.type_name, agency_province, entry.collective)
    type_name, _level, collective = _classify_unknown(ref.name)
    return Agency(ref.agency_id, ref.name, type_name or ref.name, agency_province, collective)


# --------------------------------------------------------------------------------------------------
# Step 1: role labels
# --------------------------------------------------------------------------------------------------


def _segments(text: str, default_role: Role) -> list[_Segment]:
    labels: list[tuple[int, int, _Label]] = []
    for match in _LABEL_RE.finditer(text):
        index = next(i for i in range(len(_LABELS)) if match.group(f"l{i}") is not None)
        label = _LABELS[index]
        if label.needs_colon and not match.group("colon"):
            continue
        labels.append((match.start(), match.end(), label))
    has_lead = any(label.is_lead for _, _, label in labels)
    segments: list[_Segment] = []
    head = text[: labels[0][0]] if labels else text
    if head.strip(_TRIM):
        segments.append(_Segment(head, default_role, None))
    for i, (_, end, label) in enumerate(labels):
        stop = labels[i + 1][0] if i + 1 < len(labels) else len(text)
        body = text[end:stop]
        qualifier = "thực hiện" if label.is_exec and has_lead else label.qualifier
        if body.strip(_TRIM):
            segments.append(_Segment(body, label.role, qualifier))
    return segments


# --------------------------------------------------------------------------------------------------
# Step 2: splitting
# --------------------------------------------------------------------------------------------------


def _split_items(text: str) -> list[str]:
    items: list[str] = []
    for piece in re.split(r"\s*;\s*", text):
        for sentence in _SENTENCE_RE.split(piece):
            sentence = sentence.strip(_TRIM)
            if sentence:
                items.extend(_split_piece(sentence))
    return [item for item in items if item.strip(_TRIM)]


def _split_piece(piece: str) -> list[str]:
    distributed = _distribute(piece)
    if distributed is not None:
        return distributed
    result: list[str] = []
    for part in _split_commas(piece):
        for sub in _split_and(part):
            result.extend(_split_inner(sub))
    return result


def _is_known(text: str) -> bool:
    norm = _norm(text.strip(_TRIM))
    return norm in _alias_index() or _without_province_word(norm) in _alias_index()


def _split_commas(piece: str) -> list[str]:
    if _is_known(piece):
        return [piece]
    parts: list[str] = []
    start = 0
    for match in re.finditer(r"\s*,\s*", piece):
        current = piece[start : match.start()]
        rest = piece[match.end() :]
        ellipsis = _ELLIPSIS_RE.match(_norm(rest.split(",", 1)[0])) and _UBND_START_RE.match(_norm(current))
        if _HEAD_AFTER_SEP_RE.match(rest) or ellipsis:
            parts.append(current)
            start = match.end()
    parts.append(piece[start:])
    return [p.strip(_TRIM) for p in parts if p.strip(_TRIM)]


def _split_and(part: str) -> list[str]:
    if _is_known(part):
        return [part]
    for match in re.finditer(r"\s+(?:và|cùng|với)\s+", part):
        left, right = part[: match.start()], part[match.end() :]
        if _HEAD_AFTER_SEP_RE.match(right) and _starts_with_head(left):
            return [left.strip(_TRIM), *_split_and(right)]
    return [part]


def _split_inner(part: str) -> list[str]:
    """Split «UBND cấp huyện UBND cấp xã»: a complete known agency followed by another head."""
    for match in _INNER_HEAD_RE.finditer(part):
        left = part[: match.start()].strip(_TRIM)
        if left and _is_known(left):
            return [left, *_split_inner(part[match.start() :])]
    return [part]


def _starts_with_head(text: str) -> bool:
    text = text.strip(_TRIM)
    return bool(_HEAD_AFTER_SEP_RE.match(text) or _is_known(text) or _classify_unknown(text)[0])


def _distribute(piece: str) -> list[str] | None:
    """«Văn phòng UBND tỉnh và các Sở: Nội vụ, Tư pháp» → VP UBND tỉnh, Sở Nội vụ, Sở Tư pháp."""
    match = _DISTRIBUTIVE_RE.match(piece)
    if match is None:
        return None
    word = "Sở" if match.group("word").lower() == "sở" else "Bộ"
    items: list[str] = []
    pre = re.sub(r"(?:\s*,|\s+và)\s*$", "", match.group("pre")).strip(_TRIM)
    if pre:
        items.extend(_split_piece(pre))
    for name in _tokenize_list(match.group("list"), word):
        items.append(
            name if _starts_with_head(name) and not _is_bare_department(name, word) else f"{word} {name}"
        )
    return items


def _is_bare_department(name: str, word: str) -> bool:
    folded = fold_diacritics(name)
    return any(folded == suffix for suffix in _list_suffixes(word))


def _tokenize_list(text: str, word: str) -> list[str]:
    """Split «Nội vụ, Văn hóa, Thể thao và Du lịch, Tư pháp» using known department names."""
    folded = fold_diacritics(text)
    if len(folded) != len(text):  # offsets would not line up
        return [t.strip(_TRIM) for t in re.split(r",|\s+và\s+", text) if t.strip(_TRIM)]
    tokens: list[str] = []
    pos = 0
    boundary = re.compile(r"\s*(?:,|;|\.|\s+va\s+|$)\s*")
    while pos < len(text):
        found = None
        for suffix in _list_suffixes(word):
            if folded.startswith(suffix, pos):
                end_match = boundary.match(folded, pos + len(suffix))
                if end_match:
                    found = (pos + len(suffix), end_match.end())
                    break
        if found is None:
            stop = re.compile(r"\s*(?:,|;)\s*|\s+và\s+").search(text, pos)
            found = (stop.start(), stop.end()) if stop else (len(text), len(text))
        token = text[pos : found[0]].strip(_TRIM)
        if token:
            tokens.append(token)
        pos = max(found[1], pos + 1)
    return tokens


# --------------------------------------------------------------------------------------------------
# Steps 3 and 4: qualifiers and lookup
# --------------------------------------------------------------------------------------------------


def _resolve_item(
    item: str, province: str | None, segment: _Segment, previous: AgencyType | None
) -> tuple[AgencyRef | None, AgencyType | None]:
    surface = item.strip(_TRIM)
    core, role_hint, stripped = _strip_qualifiers(surface)
    qualifiers = list(stripped)
    if not core or _NON_AGENCY_RE.match(_norm(core)):
        return None, previous
    if _norm(core) == "ubnd" and previous is not None and previous.key == "ubnd-cap-huyen":
        core = "UBND cấp xã"  # «UBND cấp huyện, UBND» — a truncated «UBND cấp xã»
    entry, agency_province, extra = _lookup(core, province)
    qualifiers.extend(extra)
    role = role_hint or segment.role
    if segment.qualifier:
        qualifiers.insert(0, segment.qualifier)
    qualifier = "; ".join(dict.fromkeys(q for q in qualifiers if q)) or None
    if entry is not None:
        scope = None if entry.national else agency_province
        agency_id = f"{slugify(scope)}/{entry.key}" if scope else entry.key
        ref = AgencyRef(agency_id, entry.name_for(scope), surface, role, qualifier)
        return ref, entry
    name = _unknown_name(core)
    type_name, level, _collective = _classify_unknown(name)
    if type_name is None:
        return None, previous
    scope = None if level == "national" else province
    key = slugify(name)
    agency_id = f"{slugify(scope)}/{key}" if scope else key
    return AgencyRef(agency_id, name, surface, role, qualifier), None


@lru_cache(maxsize=4096)
def _strip_qualifiers(surface: str) -> tuple[str, Role | None, tuple[str, ...]]:
    """Remove parentheses, role clauses and «thành viên»; return (core, role hint, qualifiers)."""
    qualifiers: list[str] = []
    role: Role | None = None
    for match in _PARENS_RE.finditer(surface):
        inner = match.group(1).strip()
        hint = _role_of(inner)
        role = role or hint
        qualifiers.append(inner)
    core = _PARENS_RE.sub(" ", surface)
    clause = _ROLE_CLAUSE_RE.search(core)
    if clause:
        role = role or _role_of(clause.group("role"))
        qualifiers.append(clause.group(0).strip())
        core = core[: clause.start()]
    member = _MEMBER_RE.match(core)
    if member:
        qualifiers.append("thành viên")
        core = core[member.end() :]
    count = _COUNT_RE.match(core)
    if count:
        qualifiers.append(count.group(0).strip())
        core = core[count.end() :]
    return " ".join(core.split()).strip(_TRIM), role, tuple(qualifiers)


def _role_of(text: str) -> Role | None:
    folded = fold_diacritics(text)
    if "chu tri" in folded:
        return Role.LEAD
    if "phoi hop" in folded:
        return Role.COOPERATE
    return None


@lru_cache(maxsize=4096)  # the same agency names recur in cells that differ
def _lookup(core: str, province: str | None) -> tuple[AgencyType | None, str | None, tuple[str, ...]]:
    """Gazetteer entry for `core`, the province it is bound to, and qualifiers split off on the way."""
    index = _alias_index()
    for text, bound in _province_variants(core, province):
        norm = _norm(text)
        for candidate in (norm, _without_province_word(norm)):
            if candidate in index:
                return index[candidate], bound, ()
        related = _RELATED_RE.search(text)
        if related and related.start() > 0:
            entry, _, _ = _lookup(text[: related.start()], bound)
            if entry is not None:
                return entry, bound, ("liên quan",)
        fuzzy = _fuzzy_entry(text)
        if fuzzy is not None:
            return fuzzy, bound, ()
        prefix = _prefix_entry(text)
        if prefix is not None:
            return prefix[0], bound, (prefix[1],)
    return None, province, ()


def _province_variants(core: str, province: str | None) -> list[tuple[str, str | None]]:
    """`core` as is, then without a trailing province name or its initials («Báo Hà Tĩnh», «Báo HT»)."""
    variants = [(core, province)]
    words = core.split()
    for n in range(min(5, len(words) - 1), 0, -1):
        named = canonical_province(" ".join(words[-n:]))
        if named:
            rest = words[:-n]
            if len(rest) > 1 and fold_diacritics(rest[-1]) == "tinh":
                rest = rest[:-1]
            elif len(rest) > 2 and fold_diacritics(" ".join(rest[-2:])) == "thanh pho":
                rest = rest[:-2]
            variants.append((" ".join(rest), named))
            break
    if province and len(words) > 1 and words[-1] == _initials(province):
        variants.append((" ".join(words[:-1]), province))
    return variants


def _prefix_entry(text: str) -> tuple[AgencyType, str] | None:
    """A known agency followed by a qualifier («UBND cấp xã đạt chuẩn NTM», «các cơ quan áp dụng»)."""
    if _CITATION_RE.search(text):
        return None
    words = text.split()
    index = _alias_index()
    for n in range(len(words) - 1, 0, -1):
        rest = " ".join(words[n:])
        if not _QUALIFIER_TAIL_RE.match(_fold_words(rest)):
            continue
        norm = _norm(" ".join(words[:n]))
        entry = index.get(norm) or index.get(_without_province_word(norm))
        if entry is not None and " " in norm:
            return entry, rest
    return None


def _fuzzy_entry(text: str) -> AgencyType | None:
    """OCR damage («Sở Căng thương», «UBND cấp tuyện»): one or two edits, same first letter."""
    folded = _LEADING_RE.sub("", _fold_words(text.replace("&", "")))
    index = _fuzzy_index()
    for query in dict.fromkeys((folded, _without_province_word(folded))):
        if len(query) < FUZZY_MIN_LENGTH:
            continue
        found = process.extractOne(
            query, index.keys(), scorer=Levenshtein.normalized_similarity, score_cutoff=FUZZY_CUTOFF
        )
        if found is not None and found[0][0] == query[0]:
            return index[found[0]]
    return None


def _unknown_name(core: str) -> str:
    """Name of an agency missing from the gazetteer: the core without a trailing citation date/issuer."""
    if _CITATION_RE.search(core):
        core = _CITATION_CUT_RE.sub("", core)
    return core.strip(_TRIM)


def _classify_unknown(name: str) -> tuple[str | None, str, bool]:
    """(type label, level, collective) of a well-formed agency name, or (None, …) if it names none."""
    norm = _norm(name)
    folded = _fold_words(name)
    if _COLLECTIVE_RE.match(folded):
        head = " ".join(name.split()[:3]).rstrip(",")
        return head[0].lower() + head[1:], "province", True
    words = name.split()
    for pattern, type_name, level in _UNKNOWN_HEAD_RES:
        if not pattern.match(norm) and not pattern.match(folded):
            continue
        if type_name in _CAPITAL_AFTER:
            head_words = len(type_name.split())
            following = words[head_words] if len(words) > head_words else ""
            if not following[:1].isupper():
                continue
        if len(words) < 2 and type_name not in ("Báo",):
            continue
        return type_name, level, False
    return None, "province", False
