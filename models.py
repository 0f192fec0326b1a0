"""Typed domain model: the single source of truth every stage passes along.

Loaders produce these objects, graph builders consume them. Value objects are
frozen; identity is defined once, from normalized ids.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class ReformArea(StrEnum):
    """The seven reform areas of the national programme (Nghị quyết 76/NQ-CP)."""

    DIRECTION = "direction"
    INSTITUTIONS = "institutions"
    PROCEDURES = "procedures"
    ORGANIZATION = "organization"
    CIVIL_SERVICE = "civil_service"
    PUBLIC_FINANCE = "public_finance"
    DIGITAL_GOVERNMENT = "digital_government"

    @property
    def label_vi(self) -> str:
        return AREA_LABELS_VI[self]


AREA_LABELS_VI: dict[ReformArea, str] = {
    ReformArea.DIRECTION: "Công tác chỉ đạo, điều hành",
    ReformArea.INSTITUTIONS: "Cải cách thể chế",
    ReformArea.PROCEDURES: "Cải cách thủ tục hành chính",
    ReformArea.ORGANIZATION: "Cải cách tổ chức bộ máy",
    ReformArea.CIVIL_SERVICE: "Cải cách chế độ công vụ",
    ReformArea.PUBLIC_FINANCE: "Cải cách tài chính công",
    ReformArea.DIGITAL_GOVERNMENT: "Xây dựng và phát triển chính quyền điện tử, chính quyền số",
}


class DocumentKind(StrEnum):
    PLAN = "plan"
    REPORT = "report"
    DECISION = "decision"
    DECREE = "decree"
    DIRECTIVE = "directive"
    OTHER = "other"


class Role(StrEnum):
    """An agency's role on a task."""

    LEAD = "lead"  # chủ trì (also "cơ quan thực hiện" where no chủ trì is named)
    COOPERATE = "cooperate"  # phối hợp


class Predicate(StrEnum):
    """Document-to-document relations stated in text or in an events file."""

    AMENDS = "amends"
    REPLACES = "replaces"
    REPEALS = "repeals"
    PARTIALLY_REPEALS = "partially_repeals"
    EXPIRES = "expires"
    IMPLEMENTS = "implements"
    BASED_ON = "based_on"
    GUIDES = "guides"
    APPLIES = "applies"


@dataclass(frozen=True)
class Span:
    """Where a fact sits in the ORIGINAL text of a document (not the cleaned one)."""

    start: int
    end: int
    line: int  # 1-based line of `start`
    text: str  # verbatim original characters [start:end]


@dataclass(frozen=True)
class Provenance:
    """A span anchored to its source document."""

    document_id: str
    span: Span


@dataclass(frozen=True)
class Mention:
    """One surface occurrence of a legal reference."""

    span: Span
    raw_id: str  # the id as written (after whitespace clean-up), e.g. "16/2013/NĐ-CP"
    repaired: bool = False


@dataclass
class LegalRef:
    """A distinct cited legal document, with all its mentions in one source document."""

    id: str  # canonical số ký hiệu, e.g. "107/2020/NĐ-CP", or "Luật <name>" for unnumbered laws
    kind: str = "numbered"  # "numbered" | "named"
    doc_type: str | None = None  # "Nghị định"
    type_code: str | None = None  # "NĐ"
    issuer_code: str | None = None  # "CP"
    issuer: str | None = None  # "Chính phủ"
    number: str | None = None  # "107"
    year: int | None = None
    date: date | None = None
    scope: str | None = None  # province slug for local documents; Party term where known
    repaired: bool = False
    title: str | None = None
    mentions: list[Mention] = field(default_factory=list)

    @property
    def key(self) -> str:
        """Graph identity: local documents are distinct per province."""
        return f"{self.id}#{self.scope}" if self.scope else self.id


@dataclass(frozen=True)
class Relation:
    """subject --predicate--> object between legal documents (canonical ids)."""

    subject: str
    predicate: Predicate
    object: str
    evidence: Span | None = None
    source: str = "text"  # "text" (stated in a loaded document) | "events" (user file)
    date: date | None = None  # when the change takes effect (the stating act's effective date), if known
    note: str | None = None
    part: str | None = None  # provision of `object` acted on: "Điều 1", "điểm a khoản 2 Điều 5"; None: whole
    within_part: bool = False  # acts on something inside `part` (a phrase, «quy định … tại»), not all of it
    phrases: tuple[str, ...] = ()  # the wordings acted on («bãi bỏ cụm từ “tổng cục” tại …»)

    @property
    def provision_key(self) -> tuple[str, ...]:
        """What tells apart two relations of the same documents (one per provision acted on); () when
        the relation acts on the whole document, so identifiers minted from it stay as they were."""
        if self.part is None and not self.phrases:
            return ()
        return (self.part or "", "\x1e".join(self.phrases), "within" if self.within_part else "")


@dataclass(frozen=True)
class Deadline:
    text: str
    start: date | None = None
    end: date | None = None
    recurring: bool = False
    conditional: bool = False  # "Sau khi có văn bản của Chính phủ"


@dataclass(frozen=True)
class Budget:
    text: str
    amount_vnd: int | None = None  # None for "Theo dự toán được cấp"


@dataclass(frozen=True)
class AgencyRef:
    """An agency named in a task cell, resolved to a canonical agency id."""

    agency_id: str
    name: str  # canonical name
    surface: str  # as written
    role: Role
    qualifier: str | None = None  # "chủ trì đối với …", "(chủ trì, phối hợp kiểm tra)"


@dataclass
class Agency:
    """A canonical agency instance (province-scoped unless national)."""

    id: str  # e.g. "thanh-hoa/so-noi-vu", "bo-noi-vu"
    name: str  # canonical Vietnamese name, e.g. "Sở Nội vụ"
    type: str  # agency type, e.g. "Sở Nội vụ", "UBND cấp huyện"
    province: str | None = None  # "Thanh Hóa"; None for national bodies
    collective: bool = False  # "các sở, ban, ngành cấp tỉnh"
    surface_forms: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Activity:
    text: str
    number: str | None = None  # "3.1"
    provenance: Span | None = None


@dataclass(frozen=True)
class Product:
    text: str
    provenance: Span | None = None


@dataclass
class Target:
    """A numeric target (chỉ tiêu)."""

    id: str
    text: str
    metric: str | None = None
    value: float | None = None
    unit: str | None = None  # "%", "đơn vị", …
    comparator: str | None = None  # ">=", "=", ">", "<=", "<"
    year: int | None = None
    number: str | None = None  # "1.1"
    provenance: Span | None = None


@dataclass
class Task:
    id: str
    text: str
    section: str | None = None  # "Phụ lục số 03", "II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH"
    area: ReformArea | None = None
    number: str | None = None
    activities: list[Activity] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)
    agencies: list[AgencyRef] = field(default_factory=list)
    deadline: Deadline | None = None
    budget: Budget | None = None
    references: list[str] = field(default_factory=list)  # LegalRef ids
    targets: list[str] = field(default_factory=list)  # Target ids
    provenance: Span | None = None
    context: str | None = None  # enclosing task of a product row in hierarchical tables

    @property
    def lead(self) -> list[AgencyRef]:
        return [a for a in self.agencies if a.role is Role.LEAD]

    @property
    def cooperating(self) -> list[AgencyRef]:
        return [a for a in self.agencies if a.role is Role.COOPERATE]


@dataclass(frozen=True)
class ExtractionWarning:
    line: int
    message: str


@dataclass
class Document:
    """A loaded source document: original text, cleaned text and header facts."""

    id: str
    path: str
    sha256: str
    text: str  # original text, NFC-normalized (offsets refer to this)
    kind: DocumentKind = DocumentKind.OTHER
    number: str | None = None  # own số ký hiệu, e.g. "5476/QĐ-UBND"
    issuer: str | None = None  # "UBND tỉnh Thanh Hóa"
    province: str | None = None  # "Thanh Hóa"
    date: date | None = None
    title: str | None = None
    effective_date: date | None = None  # «… này có hiệu lực (thi hành) (kể) từ ngày …»
    effective_date_evidence: Span | None = None

    _line_starts: list[int] = field(default_factory=list, init=False, repr=False, compare=False)

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset."""
        if not self._line_starts:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        return bisect_right(self._line_starts, offset)

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.line_of(start), self.text[start:end])


@dataclass
class Extraction:
    """Everything extracted from one document."""

    document: Document
    references: list[LegalRef] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    warnings: list[ExtractionWarning] = field(default_factory=list)
    stated_total_vnd: int | None = None  # "Tổng cộng" row of a budget table
