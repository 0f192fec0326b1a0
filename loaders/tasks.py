"""Tasks and targets of a plan: from task tables, else from the prose «Nhiệm vụ» section.

Sources, tried in this order:

* task tables (`plankg.loaders.tables`), in one of three shapes chosen from the columns:
  - activity tables (a «Hoạt động» column): one Task per numbered task item, with the
    activities, products and agencies of its rows; the «Mục tiêu/Chỉ tiêu» column
    becomes Targets linked from the tasks that serve them;
  - product-row tables (a «Sản phẩm» column whose rows carry their own agencies under a
    parent task): one Task per product row, the parent task text in `Task.context`;
  - plain tables: one Task per row with a task cell;
* otherwise the prose task section (the heading containing «nhiệm vụ»): its leaf items
  (bullets, else numbered items); agencies from «Tổ chức thực hiện» by reform area;
* targets: leaf items under a «chỉ tiêu» heading, and items with a percentage under a
  «mục tiêu» heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz import fuzz

from plankg.loaders.agencies import resolve_cell
from plankg.loaders.areas import classify_area
from plankg.loaders.budgets import parse_budget
from plankg.loaders.deadlines import parse_deadline
from plankg.loaders.tables import Cell, Row, Table, plain_range
from plankg.loaders.targets import parse_target
from plankg.loaders.text import fold_diacritics, strip_markup
from plankg.models import (
    Activity,
    AgencyRef,
    Budget,
    Document,
    ExtractionWarning,
    Product,
    ReformArea,
    Role,
    Target,
    Task,
)

APPENDIX_RE = re.compile(
    r"^\s*(?P<label>(?:Phụ lục|PHỤ LỤC|Biểu|BIỂU)(?:\s+số)?\s*[\w.]{1,6})\s*[:.\-–]\s*(?P<title>.+)$"
)
ITEM_NUMBER_RE = re.compile(r"^\s*(?P<num>\d{1,3}(?:\.\d{1,3}){0,3})\s*(?:[.:)]\s*|\s+(?=\S))")
SECTION_MARKER_RE = re.compile(r"^(?:[IVXLC]{1,6}|[A-ZĐ])\.?$")
TOTAL_RE = re.compile(r"^(?:tong cong|tong so|tong kinh phi|tong)\b|^cong[\s:.]*$")
PERCENT_RE = re.compile(r"\d+(?:[.,]\d+)?\s?%")
PAGE_NUMBER_RE = re.compile(r"^\s*[-–]?\s*\d{1,3}\s*[-–]?\s*$")
BULLET_RE = re.compile(r"^\s*(?P<mark>[-–+•*])\s+")
LETTER_ITEM_RE = re.compile(r"^\s*[a-zđ]\)\s+")
BULLET_SPLIT_RE = re.compile(r"(?:^|\s)[-–+•]\s+(?=\S)")
PROSE_LEVEL_RES: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(r"^\s*[*_#]*\s*(?:[IVXLC]{1,6}[.,]\s+\S|Nơi nhận\b|NƠI NHẬN\b)")),
    (4, re.compile(r"^\s*\d{1,2}\.\d{1,2}\.\d{1,2}\.?\s+\S")),
    (3, re.compile(r"^\s*\d{1,2}\.\d{1,2}\.?\s+\S")),
    (2, re.compile(r"^\s*\d{1,2}[.)]\s+\S")),
    (5, re.compile(r"^\s*[a-zđ]\)\s+\S")),
    (6, re.compile(r"^\s*[-–•]\s+\S")),
    (7, re.compile(r"^\s*\+\s+\S")),
)
# One pass instead of seven: alternatives in the order above, so the first matching rule wins.
_LEVEL_RE = re.compile("|".join(f"(?P<l{i}>{rule.pattern})" for i, (_, rule) in enumerate(PROSE_LEVEL_RES)))
TEXT_LEVEL = 9
MAX_SECTION_LEVEL = 3  # «II. NHIỆM VỤ», «2. Nhiệm vụ», «2.1. Nhiệm vụ …»
MAX_HEADING_CHARS = 120
TASK_SECTION_WORDS = ("nhiem vu",)
NOT_TASK_SECTION_WORDS = ("to chuc thuc hien", "trach nhiem thuc hien", "kinh phi")
RESPONSIBILITY_SECTION_WORDS = ("to chuc thuc hien", "trach nhiem thuc hien", "phan cong")
ROLE_WINDOW_WORDS = 8  # a role word must open the paragraph to bind the agency itself
TOPICS: dict[str, tuple[str, ...]] = {
    "iso": ("iso", "htqlcl", "he thong quan ly chat luong"),
    "tuyen truyen": ("tuyen truyen", "truyen thong"),
    "doi thoai": ("doi thoai",),
}
PARTNER_RE = re.compile(
    r"phối hợp(?:\s+với)?\s+(?P<who>[^.;:]{3,160}?)"
    r"(?=\s(?:triển khai|tổ chức|thực hiện|kiểm tra|cập nhật|hướng dẫn|xây dựng|thường xuyên|trong|để|nhằm)\b"
    r"|[.;:]|$)"
)
TARGET_MATCH_RATIO = 90
TARGET_MATCH_MIN_CHARS = 30
UNIT_WORDS: tuple[tuple[str, int], ...] = (
    ("ty dong", 1_000_000_000),
    ("trieu", 1_000_000),
    ("nghin", 1_000),
    ("ngan dong", 1_000),
    ("dong", 1),
)
DEFAULT_UNIT_VND = 1_000_000


@dataclass
class TaskExtraction:
    """Tasks, targets and warnings of one document, with the budget totals."""

    tasks: list[Task] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    warnings: list[ExtractionWarning] = field(default_factory=list)
    stated_total_vnd: int | None = None  # the «Tổng cộng» row
    budget_sum_vnd: int | None = None  # sum of the rows' own amounts
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    def task_spans(self, task: Task) -> list[tuple[int, int]]:
        """Original (start, end) pieces of a task (several when a page break split its row)."""
        if task.id in self.spans:
            return self.spans[task.id]
        return [(task.provenance.start, task.provenance.end)] if task.provenance else []


@dataclass
class _Draft:
    """A task being assembled from rows or prose items."""

    text: str
    number: str | None
    section: str | None
    area: ReformArea | None
    pieces: list[tuple[int, int]]
    context: str | None = None
    activities: list[Activity] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)
    lead_cells: list[str] = field(default_factory=list)
    coop_cells: list[str] = field(default_factory=list)
    deadline_texts: list[str] = field(default_factory=list)
    budget_texts: list[tuple[str, int]] = field(default_factory=list)  # (cell text, unit in VND)
    targets: list[str] = field(default_factory=list)
    agencies: list[AgencyRef] = field(default_factory=list)  # from prose assignments


@dataclass
class _Context:
    doc: Document
    year: int | None
    targets: list[Target] = field(default_factory=list)
    folded_targets: list[str] = field(default_factory=list)  # fold_diacritics(t.text) of each target
    warnings: list[ExtractionWarning] = field(default_factory=list)
    stated_total: int | None = None
    row_amounts: list[int] = field(default_factory=list)

    def warn(self, offset: int, message: str) -> None:
        self.warnings.append(ExtractionWarning(self.doc.line_of(offset), message))

    def new_target(self, text: str, start: int, end: int, number: str | None) -> Target:
        target_id = f"{self.doc.id}/target-{len(self.targets) + 1}"
        target = parse_target(
            text, id=target_id, default_year=self.year, provenance=self.doc.span(start, end)
        )
        if target.number is None:
            target.number = number
        self.targets.append(target)
        self.folded_targets.append(fold_diacritics(target.text))
        return target


# --------------------------------------------------------------------------- public API


def extract_tasks(doc: Document, tables: list[Table], *, year: int | None) -> TaskExtraction:
    """Tasks (`{doc.id}/task-k` in document order), targets and warnings of a document."""
    ctx = _Context(doc, year)
    outline = _outline(doc)
    _prose_targets(ctx, outline)
    drafts: list[_Draft] = []
    for table in tables:
        drafts.extend(_table_drafts(ctx, table))
    if not drafts:
        drafts = _prose_drafts(ctx, outline)
        if drafts:
            _assign_prose_agencies(ctx, outline, drafts)
    result = TaskExtraction(targets=ctx.targets, warnings=ctx.warnings)
    for k, draft in enumerate(drafts, 1):
        task = _build(ctx, draft, f"{doc.id}/task-{k}")
        result.tasks.append(task)
        result.spans[task.id] = sorted(draft.pieces)
    result.stated_total_vnd = ctx.stated_total
    result.budget_sum_vnd = sum(ctx.row_amounts) if ctx.row_amounts else None
    _check_total(ctx, result, tables)
    result.warnings = ctx.warnings
    return result


# --------------------------------------------------------------------------- building


def _build(ctx: _Context, draft: _Draft, task_id: str) -> Task:
    doc = ctx.doc
    agencies = list(draft.agencies)
    for text in draft.lead_cells:
        agencies.extend(resolve_cell(text, doc.province, Role.LEAD))
    for text in draft.coop_cells:
        agencies.extend(resolve_cell(text, doc.province, Role.COOPERATE))
    start = min(s for s, _ in draft.pieces)
    end = max(e for _, e in draft.pieces)
    deadline_text = next((t for t in draft.deadline_texts if t), None)
    return Task(
        id=task_id,
        text=draft.text,
        section=draft.section,
        area=draft.area,
        number=draft.number,
        activities=draft.activities,
        products=draft.products,
        agencies=_dedupe(agencies),
        deadline=parse_deadline(deadline_text, ctx.year) if deadline_text else None,
        budget=_budget(draft.budget_texts),
        targets=list(dict.fromkeys(draft.targets)),
        provenance=doc.span(start, end),
        context=draft.context,
    )


def _dedupe(refs: Iterable[AgencyRef]) -> list[AgencyRef]:
    seen: set[tuple[str, Role]] = set()
    out = []
    for ref in refs:
        key = (ref.agency_id, ref.role)
        if key not in seen:
            seen.add(key)
            out.append(ref)
    return out


def _budget(texts: list[tuple[str, int]]) -> Budget | None:
    """Budget of a task: one cell as is; several cells summed when all have amounts."""
    parsed = [b for text, unit in texts if text and (b := parse_budget(text, unit)) is not None]
    if not parsed:
        return None
    if len(parsed) == 1:
        return parsed[0]
    amounts = [b.amount_vnd for b in parsed]
    if all(a is not None for a in amounts):
        return Budget("; ".join(b.text for b in parsed), sum(a for a in amounts if a is not None))
    return parsed[0]


def _check_total(ctx: _Context, result: TaskExtraction, tables: list[Table]) -> None:
    stated, summed = result.stated_total_vnd, result.budget_sum_vnd
    if stated is None or summed is None or stated == summed:
        return
    line = next((r.line for t in tables for r in t.rows if _is_total(r)), 1)
    ctx.warnings.append(
        ExtractionWarning(
            line,
            f"stated budget total {stated:,} VND differs from the sum of the rows {summed:,} VND "
            f"(difference {stated - summed:,} VND)",
        )
    )


# --------------------------------------------------------------------------- cell helpers


def _items(cell: Cell | None) -> list[tuple[str, str | None, int, int]]:
    """(text, number, start, end) of the items of a cell: paragraphs, numbered items, bullets."""
    if cell is None or not cell.text:
        return []
    out: list[tuple[str, str | None, int, int]] = []
    prefix = _number_prefix(cell.text)
    pos = 0
    for paragraph in cell.text.split("\n"):
        p_start, pos = pos, pos + len(paragraph) + 1
        for a, b in _split_paragraph(paragraph, prefix):
            piece = paragraph[a:b]
            match = ITEM_NUMBER_RE.match(piece) if prefix else None
            number = match.group("num") if match and _has_prefix(match.group("num"), prefix) else None
            body_start = a + (match.end() if number and match else 0)
            bullet = BULLET_RE.match(paragraph[body_start:b])
            if bullet:
                body_start += bullet.end()
            body = paragraph[body_start:b].strip()
            if not body:
                continue
            lead_ws = len(paragraph[body_start:b]) - len(paragraph[body_start:b].lstrip())
            s = p_start + body_start + lead_ws
            start, end = cell.span_of(s, s + len(body))
            out.append((body, number, start, end))
    return out


def _number_prefix(text: str) -> str | None:
    """The first component of a dotted item number opening the cell ("2.1." → "2")."""
    match = ITEM_NUMBER_RE.match(text)
    if match and "." in match.group("num"):
        return match.group("num").split(".")[0]
    return None


def _has_prefix(number: str, prefix: str | None) -> bool:
    return prefix is not None and number.split(".")[0] == prefix and "." in number


def _split_paragraph(paragraph: str, prefix: str | None) -> list[tuple[int, int]]:
    """Cut a paragraph before each «N.k» item with the cell's prefix, or before each bullet."""
    if prefix:
        starts = [
            m.start()
            for m in re.finditer(r"(?:(?<=\s)|^)" + re.escape(prefix) + r"\.\d{1,3}(?:[.:)]|\s)", paragraph)
        ]
    elif BULLET_RE.match(paragraph):
        starts = [m.start() for m in BULLET_SPLIT_RE.finditer(paragraph)]
    else:
        starts = []
    if not starts or starts[0] != 0:
        starts = [0, *starts]
    bounds = [*starts, len(paragraph)]
    return [(bounds[i], bounds[i + 1]) for i in range(len(starts)) if bounds[i + 1] > bounds[i]]


def _split_number(text: str) -> tuple[str | None, str]:
    match = ITEM_NUMBER_RE.match(text)
    if match and not PERCENT_RE.match(text):
        return match.group("num").rstrip("."), text[match.end() :].strip()
    return None, text.strip()


def _text(cell: Cell | None) -> str:
    return cell.flat.strip() if cell is not None else ""


def _unit(table: Table) -> int:
    index = table.column("budget")
    label = fold_diacritics(table.header[index]) if index is not None else ""
    return next((unit for word, unit in UNIT_WORDS if word in label), DEFAULT_UNIT_VND)


def _is_total(row: Row) -> bool:
    first = next((c.flat for c in row.cells if c.text), "")
    return bool(TOTAL_RE.match(fold_diacritics(first)))


def _section_row(table: Table, row: Row) -> tuple[str | None, str] | None:
    """(marker, title) of a section row such as «I ⇥ CÔNG TÁC CHỈ ĐẠO…», else None."""
    busy = [table.column(r) for r in ("lead", "cooperate", "deadline", "budget", "product", "activity")]
    if any(i is not None and row.cells[i].text for i in busy):
        return None
    texts = [c.flat.strip() for c in row.cells if c.text]
    if not texts or len(texts) > 2:
        return None
    if len(texts) == 2 and SECTION_MARKER_RE.match(texts[0]):
        return texts[0].rstrip("."), texts[1]
    if len(texts) == 1 and len(texts[0]) >= 4 and texts[0].upper() == texts[0]:
        match = re.match(r"^([IVXLC]{1,6})[.,]\s*(.+)$", texts[0])
        return (match.group(1), match.group(2)) if match else (None, texts[0])
    return None


def _table_section(table: Table) -> tuple[str | None, ReformArea | None]:
    if not table.section:
        return None, None
    match = APPENDIX_RE.match(table.section)
    if match:
        return match.group("label").strip(), classify_area(match.group("title"))
    return table.section, classify_area(table.section)


def _row_budget(ctx: _Context, table: Table, row: Row, unit: int) -> list[tuple[str, int]]:
    text = _text(table.cell(row, "budget"))
    if not text:
        return []
    budget = parse_budget(text, unit)
    if budget is not None and budget.amount_vnd is not None:
        ctx.row_amounts.append(budget.amount_vnd)
    return [(text, unit)]


def _total(ctx: _Context, table: Table, row: Row, unit: int) -> None:
    text = _text(table.cell(row, "budget")) or next(
        (c.flat for c in reversed(row.cells) if re.search(r"\d", c.flat)), ""
    )
    budget = parse_budget(text, unit) if text else None
    if budget is not None and budget.amount_vnd is not None:
        ctx.stated_total = (ctx.stated_total or 0) + budget.amount_vnd


def _products(ctx: _Context, cell: Cell | None) -> list[Product]:
    return [Product(text, ctx.doc.span(s, e)) for text, _, s, e in _items(cell)]


# --------------------------------------------------------------------------- tables


def _table_drafts(ctx: _Context, table: Table) -> list[_Draft]:
    if table.column("task") is None and table.column("activity") is None:
        return []
    if table.column("activity") is not None and table.column("task") is not None:
        return _activity_table(ctx, table)
    if _has_product_rows(table):
        return _product_table(ctx, table)
    return _plain_table(ctx, table)


def _has_product_rows(table: Table) -> bool:
    """Rows with no task cell but their own product and agency: one task per product row."""
    if table.column("product") is None:
        return False
    return any(
        not _text(table.cell(r, "task")) and _text(table.cell(r, "product")) and _text(table.cell(r, "lead"))
        for r in table.rows
    )


def _fill(ctx: _Context, draft: _Draft, table: Table, row: Row, unit: int) -> None:
    """Add a row's agencies, deadline, budget and pieces to a draft."""
    for role, bucket in (("lead", draft.lead_cells), ("cooperate", draft.coop_cells)):
        text = _text(table.cell(row, role))
        if text:
            bucket.append(text)
    deadline = _text(table.cell(row, "deadline"))
    if deadline:
        draft.deadline_texts.append(deadline)
    draft.budget_texts.extend(_row_budget(ctx, table, row, unit))
    draft.pieces.extend(row.pieces)


def _plain_table(ctx: _Context, table: Table) -> list[_Draft]:
    section, area = _table_section(table)
    unit = _unit(table)
    drafts: list[_Draft] = []
    for row in table.rows:
        if _is_total(row):
            _total(ctx, table, row, unit)
            continue
        if (found := _section_row(table, row)) is not None:
            marker, title = found
            section = f"{marker}. {title}" if marker else title
            area = classify_area(title) or area
            continue
        task_cell = table.cell(row, "task")
        number_cell = _text(table.cell(row, "number")).rstrip(".") or None
        group = _text(table.cell(row, "group"))
        if group:
            section, area = group, classify_area(group) or area
        if not _text(task_cell):
            if drafts:  # a row with no task cell adds to the task above
                drafts[-1].products.extend(_products(ctx, table.cell(row, "product")))
                _fill(ctx, drafts[-1], table, row, unit)
            continue
        number, text = _split_number(_text(task_cell))
        draft = _Draft(text, number_cell or number, section, area, [])
        draft.products.extend(_products(ctx, table.cell(row, "product")))
        _fill(ctx, draft, table, row, unit)
        drafts.append(draft)
    return drafts


def _product_table(ctx: _Context, table: Table) -> list[_Draft]:
    """One task per product row; the enclosing task text becomes the context."""
    section, area = _table_section(table)
    unit = _unit(table)
    drafts: list[_Draft] = []
    parent: tuple[str | None, str] | None = None
    orphans: list[_Draft] = []  # rows above the first task cell of a group (merged cell)
    for row in table.rows:
        if _is_total(row):
            _total(ctx, table, row, unit)
            continue
        if (found := _section_row(table, row)) is not None:
            marker, title = found
            section = f"{marker}. {title}" if marker else title
            area, parent, orphans = classify_area(title) or area, None, []
            continue
        group = _text(table.cell(row, "group"))
        if group:
            section, area, parent, orphans = strip_markup(group), classify_area(group) or area, None, []
        task_text = _text(table.cell(row, "task"))
        if task_text:
            parent = _split_number(task_text)
            for orphan in orphans:
                orphan.number, orphan.context = parent
            orphans = []
        product = table.cell(row, "product")
        own = _text(product) or _text(table.cell(row, "lead")) or _text(table.cell(row, "cooperate"))
        if not own:
            continue
        number, context = parent if parent else (None, None)
        draft = _Draft(_text(product) or context or "", number, section, area, [], context=context)
        draft.products.extend(_products(ctx, product))
        _fill(ctx, draft, table, row, unit)
        drafts.append(draft)
        if parent is None:
            orphans.append(draft)
    return drafts


def _activity_table(ctx: _Context, table: Table) -> list[_Draft]:
    """Target → task → activities tables: one task per task item, activities attached."""
    top, area = _table_section(table)
    section = top
    unit = _unit(table)
    drafts: list[_Draft] = []
    current: list[_Draft] = []
    targets: list[str] = []
    for row in table.rows:
        if _is_total(row):
            _total(ctx, table, row, unit)
            continue
        if (found := _section_row(table, row)) is not None:
            section, area, top = _activity_section(found, top, section, area)
            current, targets = [], []
            continue
        target_items = _items(table.cell(row, "target"))
        if target_items:
            targets = [_table_target(ctx, text, number, s, e) for text, number, s, e in target_items]
        task_items = _items(table.cell(row, "task"))
        if task_items:
            current = [
                _Draft(text, number, section, area, [], targets=list(targets))
                for text, number, _, _ in task_items
            ]
            drafts.extend(current)
        elif not current:
            continue
        activities = [
            Activity(text, number, ctx.doc.span(s, e))
            for text, number, s, e in _items(table.cell(row, "activity"))
        ]
        products = _products(ctx, table.cell(row, "product"))
        for draft in current:
            draft.activities.extend(activities)
            draft.products.extend(products)
        _fill_shared(ctx, current, table, row, unit)
    return drafts


def _activity_section(
    found: tuple[str | None, str], top: str | None, section: str | None, area: ReformArea | None
) -> tuple[str | None, ReformArea | None, str | None]:
    marker, title = found
    label = f"{marker}. {title}" if marker else title
    if marker and len(marker) == 1 and marker not in "IVX" and top:  # «A», «B» under a roman section
        base = top.split(" / ")[0]
        return f"{base} / {label}", classify_area(title) or classify_area(base) or area, top
    return label, classify_area(title) or area, label


def _fill_shared(ctx: _Context, drafts: list[_Draft], table: Table, row: Row, unit: int) -> None:
    """A row shared by several task items: agencies and dates to each, the budget counted once."""
    for k, draft in enumerate(drafts):
        before = len(ctx.row_amounts)
        _fill(ctx, draft, table, row, unit)
        if k:  # do not count the row's amount twice
            del ctx.row_amounts[before:]


def _table_target(ctx: _Context, text: str, number: str | None, start: int, end: int) -> str:
    """Id of the target a table item states: a prose target with the same text, or a new one."""
    folded = fold_diacritics(text)
    if len(folded) >= TARGET_MATCH_MIN_CHARS:
        for target, other in zip(ctx.targets, ctx.folded_targets, strict=True):
            if (
                len(other) >= TARGET_MATCH_MIN_CHARS
                and fuzz.token_set_ratio(folded, other, score_cutoff=TARGET_MATCH_RATIO) >= TARGET_MATCH_RATIO
            ):
                return target.id
    return ctx.new_target(text, start, end, number).id


# --------------------------------------------------------------------------- prose outline


@dataclass
class _Para:
    """A prose paragraph: heading, numbered item, bullet or plain text."""

    level: int
    text: str
    number: str | None
    pieces: list[tuple[int, int]]
    parents: list[_Para] = field(default_factory=list)
    children: int = 0

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]

    @cached_property
    def folded(self) -> str:
        """`fold_diacritics(text)`, computed once (read only after `_outline` has set the text)."""
        return fold_diacritics(self.text)


def _level(line: str) -> int:
    found = _LEVEL_RE.match(line)
    return PROSE_LEVEL_RES[int(found.lastgroup[1:])][0] if found and found.lastgroup else TEXT_LEVEL


def _lines(doc: Document) -> Iterator[tuple[str, int, int]]:
    pos = 0
    for line in doc.text.split("\n"):
        yield line, pos, pos + len(line)
        pos += len(line) + 1


def _outline(doc: Document) -> list[_Para]:
    """Paragraphs of the prose (table rows excluded), each with its chain of parent headings."""
    paras: list[_Para] = []
    current: _Para | None = None
    blank = True
    previous = ""
    for line, start, end in _lines(doc):
        if "\t" in line:  # a table row
            blank, current = True, None
            continue
        stripped = line.strip()
        if not stripped or stripped == "|" or PAGE_NUMBER_RE.match(stripped):
            blank = blank or not stripped
            continue
        level = _level(stripped)
        s = start + len(line) - len(line.lstrip())
        if current is not None and _continues(current, stripped, level, blank, previous):
            current.pieces.append((s, end))
        else:
            current = _Para(level, "", None, [(s, end)])
            paras.append(current)
        blank, previous = False, stripped
    for para in paras:
        para.text = " ".join(plain_range(doc.text, a, b) for a, b in para.pieces).strip()
        para.number = _split_number(para.text)[0] if para.level in (2, 3, 4) else None
    _link_parents(paras)
    return paras


def _continues(current: _Para, line: str, level: int, blank: bool, previous: str) -> bool:
    """Is this line a wrapped continuation of the current paragraph?"""
    if level != TEXT_LEVEL or previous.endswith("./."):  # "./." closes the body of a document
        return False
    if blank:
        first = strip_markup(line)[:1]
        return bool(first) and first.islower()
    if current.level == 1:  # a roman heading continues only in capitals
        return line.upper() == line
    return True  # a hard-wrapped line (OCR text has no blank lines)


def _link_parents(paras: list[_Para]) -> None:
    stack: list[_Para] = []
    for para in paras:
        if para.level == TEXT_LEVEL:
            para.parents = list(stack)
            continue
        while stack and stack[-1].level >= para.level:
            stack.pop()
        para.parents = list(stack)
        if stack:
            stack[-1].children += 1
        stack.append(para)


def _leaves(paras: list[_Para]) -> list[_Para]:
    return [p for p in paras if p.level != TEXT_LEVEL and p.children == 0]


def _within(para: _Para, heading: _Para) -> bool:
    return any(parent is heading for parent in para.parents)


# --------------------------------------------------------------------------- prose targets


def _prose_targets(ctx: _Context, outline: list[_Para]) -> None:
    for para in _leaves(outline):
        keyword = next(
            (p for p in reversed(para.parents) if "chi tieu" in p.folded or "muc tieu" in p.folded), None
        )
        if keyword is None:
            continue
        if "chi tieu" in keyword.folded or PERCENT_RE.search(para.text):
            number, text = _split_number(_strip_bullet(para.text))
            ctx.new_target(text, para.start, para.end, number)


def _strip_bullet(text: str) -> str:
    match = BULLET_RE.match(text) or LETTER_ITEM_RE.match(text)
    return text[match.end() :] if match else text


# --------------------------------------------------------------------------- prose tasks


def _task_sections(outline: list[_Para]) -> list[_Para]:
    found = [
        p
        for p in outline
        if p.level <= MAX_SECTION_LEVEL
        and p.children
        and len(p.text) <= MAX_HEADING_CHARS
        and any(w in p.folded for w in TASK_SECTION_WORDS)
        and not any(w in p.folded for w in NOT_TASK_SECTION_WORDS)
        and not any(_within(p, q) for q in outline if q is not p and q.children and q.level < p.level)
    ]
    return [p for p in found if not any(_within(p, q) for q in found)]


def _prose_drafts(ctx: _Context, outline: list[_Para]) -> list[_Draft]:
    drafts = []
    for heading in _task_sections(outline):
        for para in _leaves(outline):
            if not _within(para, heading):
                continue
            inner = [p for p in para.parents if _within(p, heading)]
            section = inner[0].text if inner else heading.text
            area = next((a for p in reversed(inner) if (a := classify_area(p.text))), None)
            number, text = _split_number(_strip_bullet(para.text))
            drafts.append(
                _Draft(
                    text,
                    number if para.level in (2, 3, 4) else None,
                    section,
                    area or classify_area(text),
                    list(para.pieces),
                )
            )
    return drafts


@dataclass(frozen=True)
class _Assignment:
    refs: tuple[AgencyRef, ...]
    partners: tuple[AgencyRef, ...]
    area: ReformArea | None  # None: the agency leads the plan as a whole («… Kế hoạch này»)
    topic: str | None


def _assign_prose_agencies(ctx: _Context, outline: list[_Para], drafts: list[_Draft]) -> None:
    """Agencies named in «Tổ chức thực hiện» lead or cooperate on the tasks of their area."""
    assignments = list(_assignments(ctx, outline))
    claimed: set[int] = set()
    for assignment in sorted(assignments, key=lambda a: a.topic is None):
        if assignment.area is None:
            continue
        targets = [i for i, d in enumerate(drafts) if d.area is assignment.area]
        if assignment.topic:
            words = TOPICS[assignment.topic]
            topical = [i for i in targets if any(w in fold_diacritics(drafts[i].text) for w in words)]
            targets = topical or targets
        elif any(r.role is Role.LEAD for r in assignment.refs):
            targets = [i for i in targets if i not in claimed] or targets
        for i in targets:
            drafts[i].agencies.extend(assignment.refs)
            drafts[i].agencies.extend(assignment.partners)
            if assignment.topic and any(r.role is Role.LEAD for r in assignment.refs):
                claimed.add(i)
    if not assignments:
        ctx.warn(drafts[0].pieces[0][0], "no agency responsibilities found for the prose tasks")
        return
    coordinators = [a for a in assignments if a.area is None]
    for draft in drafts:
        if coordinators and not any(r.role is Role.LEAD for r in draft.agencies):
            for coordinator in coordinators:  # the plan's overall lead, marked as such
                draft.agencies.extend(_with_qualifier(r, PLAN_LEAD_QUALIFIER) for r in coordinator.refs)
    for draft in drafts:
        if not any(r.role is Role.LEAD for r in draft.agencies):
            ctx.warn(draft.pieces[0][0], f"no lead agency stated for task «{draft.text[:60]}»")


def _assignments(ctx: _Context, outline: list[_Para]) -> Iterator[_Assignment]:
    sections = [p for p in outline if p.children and any(w in p.folded for w in RESPONSIBILITY_SECTION_WORDS)]
    for section in sections:
        for agency in (
            p for p in outline if p.parents and p.parents[-1] is section and p.level != TEXT_LEVEL
        ):
            _, name = _split_number(agency.text)
            body = [p for p in outline if p is not agency and p.start > agency.start and _body_of(p, agency)]
            yield from _agency_assignments(ctx, name, agency, body)


def _body_of(para: _Para, agency: _Para) -> bool:
    return bool(para.parents) and para.parents[-1] is agency


def _agency_assignments(ctx: _Context, name: str, agency: _Para, body: list[_Para]) -> Iterator[_Assignment]:
    refs = resolve_cell(name, ctx.doc.province, Role.LEAD)
    if not refs:
        return
    found = False
    for para in body:
        text = _strip_bullet(para.text)
        role = _role_of(text)
        if role is None:
            continue
        area = classify_area(text)
        if area is None:
            if role is Role.LEAD and PLAN_ITSELF_RE.search(fold_diacritics(text)):
                found = True
                yield _Assignment(tuple(_with_role(r, role) for r in refs), (), None, None)
            continue
        found = True
        topic = next(
            (t for t, words in TOPICS.items() if any(w in fold_diacritics(text) for w in words)), None
        )
        partners: tuple[AgencyRef, ...] = ()
        if role is Role.LEAD and (match := PARTNER_RE.search(text)):
            partners = tuple(resolve_cell(match.group("who"), ctx.doc.province, Role.COOPERATE))
        yield _Assignment(tuple(_with_role(r, role) for r in refs), partners, area, topic)
    if not found:
        ctx.warn(
            agency.start, f"responsibilities of «{name[:60]}» name no reform area; not assigned to tasks"
        )


def _role_of(text: str) -> Role | None:
    opening = " ".join(fold_diacritics(text).split()[:ROLE_WINDOW_WORDS])
    if "chu tri" in opening:
        return Role.LEAD
    if "phoi hop" in opening:
        return Role.COOPERATE
    return None


# «… thực hiện Kế hoạch này» (the plan as a whole), not «quy định tại Kế hoạch này» (a part of it)
PLAN_ITSELF_RE = re.compile(r"(?<!tai )(?<!trong )ke hoach nay")
PLAN_LEAD_QUALIFIER = "chủ trì chung việc thực hiện Kế hoạch (không giao riêng cho nhiệm vụ này)"


def _with_qualifier(ref: AgencyRef, qualifier: str) -> AgencyRef:
    return AgencyRef(ref.agency_id, ref.name, ref.surface, ref.role, qualifier)


def _with_role(ref: AgencyRef, role: Role) -> AgencyRef:
    return ref if ref.role is role else AgencyRef(ref.agency_id, ref.name, ref.surface, role, ref.qualifier)


__all__ = ["TaskExtraction", "extract_tasks"]
