"""Task tables: tab-separated rows and `|`-cell layouts → aligned `Table`s with original offsets.

A table starts at a header row whose cells name known columns (diacritic-insensitive
keywords: «Nhiệm vụ», «Chủ trì», «Phối hợp», «Thời gian», «Kinh phí», …). Every data row is
aligned to the header columns, whatever page breaks and PDF conversion did to it:

* header rows repeated after page breaks are skipped and re-map the columns (an extra
  empty header column marks a junk column whose cells are dropped);
* rows split across a page break (first cell empty, fragments starting in lower case) are
  glued to the previous row cell by cell;
* a tab inside a word (a cell ending mid-word followed by one starting in lower case, no
  space between) is re-joined;
* rows with dropped leading cells are aligned from the right; surplus cells go to the
  widest text column.

Cell text keeps paragraph breaks (`<p>`, `<li>`, `<br>`, line-initial bullets) as "\\n";
everything else is single-spaced, without HTML tags or markdown bold.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from plankg.loaders.text import CleanText, fold_diacritics, identity_offsets, strip_markup
from plankg.models import Document

# Column roles, in the order they are tried on a folded header label.
COLUMN_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("number", ("tt", "stt", "so tt", "so thu tu")),
    ("deadline", ("thoi gian", "thoi han", "tien do", "han hoan thanh", "moc thoi gian")),
    ("budget", ("kinh phi", "ngan sach", "nguon von", "du toan", "nguon kinh phi")),
    ("cooperate", ("phoi hop",)),
    ("product", ("san pham", "ket qua")),
    ("lead", ("chu tri", "thuc hien", "trach nhiem", "dau moi", "co quan", "don vi")),
    ("activity", ("hoat dong",)),
    ("target", ("muc tieu", "chi tieu")),
    ("task", ("nhiem vu", "cong viec", "giai phap", "de an")),
    ("group", ("noi dung", "linh vuc")),
    ("note", ("ghi chu",)),
)
_ROLE_RES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (role, re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b")) for role, words in COLUMN_RULES
)
NUMBER_LABELS = frozenset({"tt", "stt", "so tt", "so thu tu", "so"})
HEADER_MIN_ROLES = 3
HEADER_MAX_CELL = 80
TEXT_ROLES = ("product", "task", "activity", "target", "group")

_BLOCK_TAG = r"</?(?:p|li|ul|ol|br|div|tr|td|th)\b[^<>\n]{0,200}>"
_ANY_TAG = r"</?[a-zA-Z][^<>\n]{0,200}>"
_CELL_TOKEN_RE = re.compile(
    r"(?P<block>" + _BLOCK_TAG + r")"
    r"|(?P<tag>" + _ANY_TAG + r")"
    r"|(?P<bold>\*\*|__)"
    r"|(?P<ws>\s+)",
    re.IGNORECASE,
)
# A run of adjacent cell tokens (tags, bold markers, whitespace). Runs are where cleaning changes
# anything; a lone space between two words is a run that changes nothing, so `_CELL_BREAK_RE`
# skips it (a space followed by a character that cannot start a token). Its leading lookahead
# only spares the alternatives at positions where no token can start.
_CELL_RUN = r"(?:" + _BLOCK_TAG + r"|" + _ANY_TAG + r"|\*\*|__|\s+)+"
_CELL_RUN_RE = re.compile(_CELL_RUN, re.IGNORECASE)
_CELL_BREAK_RE = re.compile(r"(?=[\s<*_])(?! [^\s<*_])" + _CELL_RUN, re.IGNORECASE)
_BULLET_AFTER_NL_RE = re.compile(r"[-+•]\s")
_LEAD_LABEL_RE = re.compile(r"^\s*(?:\d{1,2}|[ivxlc]{1,5}|[a-z])\s*[-.)]\s*")
_SEPARATOR_LINE_RE = re.compile(r"^[\s|:+=\-–—_\t]*$")
_PIPE_ROW_RE = re.compile(r"^\s*\|.*\|\s*$")
NUMBERED_START_RE = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVXLC]{1,6}\.|[a-zđ]\))(?:\s|$)")
_SECTION_HINT_RE = re.compile(r"^\s*[*_#]*\s*(?:phụ lục|phu luc|biểu|bieu)\b", re.IGNORECASE)
_NUMBER_CELL_RE = re.compile(r"\d{1,3}\.?|[IVXLC]{1,6}\.?|[A-Z]")
_ROMAN_GROUP_RE = re.compile(r"[IVXLC]{1,6}[.\s]")
_NOT_A_BREAK_RE = re.compile(r"[-–—\d\s|*_]*")  # page numbers and separator lines
_VOWELS = set("aeiouyăâêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")


@dataclass(frozen=True)
class Cell:
    """One table cell: cleaned text and where it sits in the original document.

    `text` is single-spaced with "\\n" at paragraph breaks; `clean.offsets` maps each of
    its characters to an original offset. `pieces` are the original ranges it was built
    from (several when a page break split the cell).
    """

    text: str
    start: int
    end: int
    clean: CleanText = field(repr=False, compare=False)
    pieces: tuple[tuple[int, int], ...] = ()

    @property
    def flat(self) -> str:
        """Text on one line (same length and offsets as `text`)."""
        return self.text.replace("\n", " ")

    def span_of(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of cleaned text [start, end)."""
        return self.clean.original_span(start, end)


@dataclass(frozen=True)
class Row:
    """A data row aligned to its table's columns (one `Cell` per column, "" when empty)."""

    cells: tuple[Cell, ...]
    line: int  # 1-based line of the first physical row
    pieces: tuple[tuple[int, int], ...]  # original (start, end) of each physical row glued in

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]

    def texts(self) -> list[str]:
        return [c.flat for c in self.cells]


@dataclass(frozen=True)
class Table:
    """A task table: header labels, the role of each column and its aligned rows."""

    header: tuple[str, ...]
    columns: tuple[str | None, ...]  # role per column: "task", "lead", … or None
    rows: tuple[Row, ...]
    section: str | None  # heading just before the table, e.g. "Phụ lục số 01: Cải cách thể chế"
    start_line: int

    def column(self, role: str) -> int | None:
        """Index of the first column with this role."""
        return self._first_columns.get(role)

    @cached_property
    def _first_columns(self) -> dict[str | None, int]:
        return {role: i for i, role in reversed(list(enumerate(self.columns)))}

    def cell(self, row: Row, role: str) -> Cell | None:
        index = self.column(role)
        return None if index is None else row.cells[index]


# --------------------------------------------------------------------------- cleaning


def clean_range(text: str, start: int, end: int) -> CleanText:
    """Cell text of text[start:end]: tags dropped, whitespace collapsed, paragraph breaks as "\\n".

    Leading and trailing tokens vanish; a run of tokens between two words becomes one
    separator: "\\n" if it holds a block tag or a line break before a bullet, else " "
    (none for bold markers alone), anchored at the token that decided it.
    """
    lead = _CELL_RUN_RE.match(text, start, end)
    pos = lead.end() if lead else start
    if _is_clean(text[pos:end]) or _CELL_BREAK_RE.search(text, pos, end) is None:  # most cells
        return CleanText(text[pos:end], range(pos, end + 1))
    parts: list[str] = []
    offsets = array("q")
    identity = identity_offsets(end)
    stop = end
    for run in _CELL_BREAK_RE.finditer(text, pos, end):
        if run.end() == end:  # trailing tokens vanish
            stop = run.start()
            break
        parts.append(text[pos : run.start()])
        offsets += identity[pos : run.start()]
        separator = _run_separator(text, run)
        if separator is not None:
            parts.append(separator[0])
            offsets.append(separator[1])
        pos = run.end()
    parts.append(text[pos:stop])
    offsets += identity[pos:stop]
    offsets.append(end)
    return CleanText("".join(parts), offsets)


def _is_clean(piece: str) -> bool:
    """Whether cleaning leaves `piece` (which starts with no token) as it is: no tag, bold marker,
    trailing or double space, nor whitespace other than " " (str.isprintable() rejects all other)."""
    return (
        piece.isprintable()
        and "  " not in piece
        and "<" not in piece
        and "**" not in piece
        and "__" not in piece
        and not piece.endswith(" ")
    )


def plain_range(text: str, start: int, end: int) -> str:
    """`strip_markup(clean_range(text, start, end).text)`: the cell text on one line, no offsets."""
    piece = text[start:end]
    if "<" in piece or "*" in piece or "_" in piece:
        return strip_markup(clean_range(text, start, end).text)
    return " ".join(piece.split())  # only whitespace to collapse


def _run_separator(text: str, run: re.Match[str]) -> tuple[str, int] | None:
    """(separator, original offset) that a run of tokens between two words becomes."""
    found: tuple[str, int] | None = None
    for token in _CELL_TOKEN_RE.finditer(text, run.start(), run.end()):
        kind = token.lastgroup
        if kind == "bold":
            continue
        if kind == "block":
            paragraph = True
        elif kind == "ws":
            paragraph = "\n" in token.group() and _BULLET_AFTER_NL_RE.match(text, token.end()) is not None
        else:
            paragraph = False
        if found is None or found[0] != "\n":  # the first paragraph break wins; else the last space
            found = ("\n" if paragraph else " ", token.start())
    return found


def _join_clean(a: CleanText, b: CleanText, sep: str) -> CleanText:
    if not a.text:
        return b
    if not b.text:
        return a
    anchor = b.offsets[0]
    offsets = array("q", a.offsets[:-1])
    offsets.extend([anchor] * len(sep))
    offsets.extend(b.offsets)
    return CleanText(a.text + sep + b.text, offsets)


def make_cell(text: str, start: int, end: int) -> Cell:
    clean = clean_range(text, start, end)
    if clean.text:
        s, e = clean.original_span(0, len(clean.text))
    else:
        s = e = start
    return Cell(clean.text, s, e, clean, ((s, e),) if clean.text else ())


def empty_cell(at: int) -> Cell:
    return Cell("", at, at, CleanText("", array("q", [at])), ())


def join_cells(a: Cell, b: Cell, sep: str = " ") -> Cell:
    """`a` followed by `b` (continuation, word fragment or surplus cell)."""
    if not b.text:
        return a
    if not a.text:
        return b
    clean = _join_clean(a.clean, b.clean, sep)
    return Cell(clean.text, min(a.start, b.start), max(a.end, b.end), clean, a.pieces + b.pieces)


# --------------------------------------------------------------------------- header


@lru_cache(maxsize=4096)
def column_role(label: str) -> str | None:
    """Role of a header label ("Đơn vị chủ trì" → "lead"), None for empty or unknown labels."""
    folded = fold_diacritics(strip_markup(label))
    plain = folded.strip(" .:")
    if not plain:
        return None
    if plain in NUMBER_LABELS:
        return "number"
    folded = _LEAD_LABEL_RE.sub("", folded, count=1).strip(" .:")
    return next((role for role, pattern in _ROLE_RES[1:] if pattern.search(folded)), None)


HEADER_MAX_WORDS = 10  # «Cơ quan chủ trì tham mưu hoặc thực hiện» has 8
ROW_NUMBER_RE = re.compile(r"^(?:\d{1,3}|[IVXLC]{1,6}|[a-zđ])[.)]?$")
DATA_VALUE_RE = re.compile(r"\d{1,2}/(?:19|20)\d\d\b|\bquy\s+[ivx]+\b|\b\d{1,3}(?:[.,]\d{3})+\b")


def _looks_like_data(texts: list[str]) -> bool:
    """A data row that happens to contain column keywords («Báo cáo kết quả … Quý I/2024»)."""
    cells = [c for c in map(strip_markup, texts) if c]
    if not cells:
        return True
    if ROW_NUMBER_RE.match(cells[0]):
        return True
    return any(len(c.split()) > HEADER_MAX_WORDS or DATA_VALUE_RE.search(fold_diacritics(c)) for c in cells)


def header_roles(texts: list[str]) -> tuple[str | None, ...] | None:
    """Column roles if these cell texts form a header row, else None."""
    if any(len(t) > HEADER_MAX_CELL for t in texts):
        return None
    if _looks_like_data(texts):
        return None
    roles = [column_role(t) for t in texts]
    known = {r for r in roles if r}
    if len(known) < HEADER_MIN_ROLES:
        return None
    if not known & {"task", "activity", "product", "group"}:
        return None
    if not known & {"lead", "cooperate", "deadline", "budget"}:
        return None
    if "task" not in known and "group" in known:  # «Nội dung» alone is the task column
        roles = ["task" if r == "group" else r for r in roles]
    return tuple(roles)


# --------------------------------------------------------------------------- physical rows


@dataclass(frozen=True)
class _RawRow:
    cells: list[Cell]
    line: int
    start: int
    end: int
    after_blank: bool


@dataclass(frozen=True)
class _Break:
    """A non-table line: ends the current table; remembered as a possible section heading."""

    text: str
    line: int


def _iter_raw(doc: Document) -> Iterator[_RawRow | _Break]:
    """Physical rows (tab, markdown-pipe or one-cell-per-line `|` layout) and breaks."""
    text = doc.text
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    i = 0
    blank_before = False
    while i < len(lines):
        line, start = lines[i], starts[i]
        stripped = line.strip()
        if not stripped:
            blank_before = True
            i += 1
            continue
        if stripped == "|":
            rows, i = _pipe_block(text, lines, starts, i)
            for row in rows:
                yield _RawRow(row[0], row[1], row[2], row[3], blank_before)
                blank_before = False
            blank_before = True
            continue
        if "\t" in line or (_PIPE_ROW_RE.match(line) and line.count("|") >= 3):
            if _SEPARATOR_LINE_RE.match(line):
                i += 1
                continue
            cells = _split_line(text, start, start + len(line), "\t" if "\t" in line else "|")
            if len(cells) >= 2:
                yield _RawRow(cells, i + 1, start, start + len(line), blank_before)
                blank_before = False
                i += 1
                continue
        yield _Break(stripped, i + 1)
        blank_before = False
        i += 1


def _split_line(text: str, start: int, end: int, sep: str) -> list[Cell]:
    segment = text[start:end]
    if sep == "|":
        first = segment.index("|")
        last = segment.rindex("|")
        start, end = start + first + 1, start + last
        segment = text[start:end]
    cells = []
    pos = start
    for part in segment.split(sep):
        cells.append(make_cell(text, pos, pos + len(part)))
        pos += len(part) + 1
    return cells


def _pipe_block(
    text: str, lines: list[str], starts: list[int], i: int
) -> tuple[list[tuple[list[Cell], int, int, int]], int]:
    """One-cell-per-line layout: cells between lone "|" lines; "|" "|" ends a row.

    A blank line between two "|" lines is an empty cell; a blank line after a "|" that is
    not followed by another "|" ends the block.
    """
    rows: list[tuple[list[Cell], int, int, int]] = []
    cells: list[Cell] = []
    row_line, row_start, row_end = i + 1, starts[i], starts[i] + len(lines[i])
    i += 1  # past the opening "|"
    n = len(lines)
    while i < n:
        stripped = lines[i].strip()
        if stripped == "|":  # "|" right after "|": row boundary
            if cells:
                rows.append((cells, row_line, row_start, row_end))
            cells = []
            row_line, row_start, row_end = i + 1, starts[i], starts[i] + len(lines[i])
            i += 1
            continue
        j = i
        while j < n and lines[j].strip() != "|":
            j += 1
        if j >= n:
            break
        if not stripped and any(line.strip() for line in lines[i:j]):
            break  # blank line then content: the block is over
        if not stripped:
            cells.append(empty_cell(starts[i]))
        else:
            cells.append(make_cell(text, starts[i], starts[j] - 1))
        row_end = starts[j] + len(lines[j])
        i = j + 1  # the closing "|" also opens the next cell
    if cells:
        rows.append((cells, row_line, row_start, row_end))
    return rows, i


# --------------------------------------------------------------------------- alignment


def _is_fragment_pair(text: str, left: Cell, right: Cell) -> bool:
    """A tab put inside a word: `left` ends with a letter, `right` starts lower-case, no space."""
    if not left.text or not right.text or not left.pieces or not right.pieces:
        return False
    last_end = left.pieces[-1][1]
    first_start = right.pieces[0][0]
    if not left.text[-1].isalpha() or not right.text[0].islower():
        return False
    # no whitespace between the two: only the separator character itself
    return (
        first_start - last_end <= 1
        and not text[last_end:first_start].strip(" \t|")
        and (text[last_end - 1 : last_end].isalpha())
    )


def _fragment_sep(left: Cell, right: Cell) -> str:
    """ "" inside a syllable ("Thườn"+"g"), " " between syllables ("Nội"+"vụ")."""
    left_word = left.text.split()[-1].lower()
    right_word = right.text.split()[0].lower()
    if not set(left_word) & _VOWELS or not set(right_word) & _VOWELS:
        return ""
    return " "


def _rejoin_fragments(text: str, cells: list[Cell], width: int, *, inside_syllable: bool) -> list[Cell]:
    """Glue word fragments while the row is too wide (only split syllables if `inside_syllable`)."""
    i = 0
    while len(cells) > width and i < len(cells) - 1:
        if _is_fragment_pair(text, cells[i], cells[i + 1]):
            sep = _fragment_sep(cells[i], cells[i + 1])
            if not (inside_syllable and sep):
                cells[i : i + 2] = [join_cells(cells[i], cells[i + 1], sep)]
                continue
        i += 1
    return cells


def _align(
    text: str, cells: list[Cell], colmap: list[int | None], roles: tuple[str | None, ...]
) -> list[Cell]:
    """Cells of one physical row → one cell per table column."""
    width = len(colmap)
    cells = _rejoin_fragments(text, list(cells), width, inside_syllable=True)
    while len(cells) > width and not cells[-1].text:
        cells.pop()
    cells = _rejoin_fragments(text, cells, width, inside_syllable=False)
    anchor = cells[0].start if cells else 0
    if len(cells) < width:
        if _left_aligned(cells, roles, colmap):
            cells = cells + [empty_cell(cells[-1].end if cells else anchor)] * (width - len(cells))
        else:
            cells = [empty_cell(anchor)] * (width - len(cells)) + cells
    elif len(cells) > width:
        cells = _fold_surplus(cells, width, colmap, roles)
    out = [empty_cell(anchor)] * len(roles)
    for raw_index, cell in enumerate(cells):
        col = colmap[raw_index]
        if col is not None:
            out[col] = join_cells(out[col], cell, "\n")
    return out


def _left_aligned(cells: list[Cell], roles: tuple[str | None, ...], colmap: list[int | None]) -> bool:
    """Short row: keep it left-aligned only when its first cell fits the first column."""
    if not cells or not cells[0].text:
        return False
    first_role = roles[colmap[0]] if colmap and colmap[0] is not None else None
    first = cells[0].flat
    if first_role == "number":
        return bool(_NUMBER_CELL_RE.fullmatch(first))
    if first_role == "group":
        return bool(_ROMAN_GROUP_RE.match(first)) and first.upper() == first
    return first_role in ("task", "target")


def _fold_surplus(
    cells: list[Cell], width: int, colmap: list[int | None], roles: tuple[str | None, ...]
) -> list[Cell]:
    """Too many cells: drop empty middle cells, then fold extras into the widest text column."""
    surplus = len(cells) - width
    for k in range(len(cells) - 2, 0, -1):
        if surplus and not cells[k].text:
            del cells[k]
            surplus -= 1
    if not surplus:
        return cells
    target = next(
        (i for role in TEXT_ROLES for i, c in enumerate(colmap) if c is not None and roles[c] == role),
        1,
    )
    merged = cells[target]
    for extra in cells[target + 1 : target + 1 + surplus]:
        merged = join_cells(merged, extra, "\n")
    return [*cells[:target], merged, *cells[target + 1 + surplus :]]


# --------------------------------------------------------------------------- continuation


def _first_text(cells: list[Cell]) -> str:
    return next((c.flat for c in cells if c.text), "")


def _is_continuation(row_cells: list[Cell], raw: _RawRow, previous: list[Cell] | None) -> bool:
    """A row split by a page break: first cell empty, fragments, nothing numbered."""
    if previous is None or row_cells[0].text:
        return False
    first = _first_text(row_cells)
    if not first or any(NUMBERED_START_RE.match(c.flat) for c in row_cells if c.text):
        return False
    if first[0].islower():
        return True
    if not raw.after_blank:
        return False
    index = next(i for i, c in enumerate(row_cells) if c.text)
    before = previous[index].flat.rstrip()
    return bool(before) and before[-1] in ",;-"


def _glue(previous: list[Cell], cells: list[Cell]) -> list[Cell]:
    return [join_cells(a, b, " ") for a, b in zip(previous, cells, strict=True)]


# --------------------------------------------------------------------------- tables


@dataclass
class _Builder:
    header: tuple[str, ...]
    roles: tuple[str | None, ...]
    section: str | None
    start_line: int
    colmap: list[int | None]
    rows: list[tuple[list[Cell], int, list[tuple[int, int]]]] = field(default_factory=list)

    def build(self) -> Table:
        rows = tuple(Row(tuple(cells), line, tuple(pieces)) for cells, line, pieces in self.rows)
        return Table(self.header, self.roles, rows, self.section, self.start_line)


def _colmap(header_roles_: tuple[str | None, ...], labels: list[str], table: _Builder) -> list[int | None]:
    """Raw column index → table column index for a (possibly repeated, re-shaped) header."""
    colmap: list[int | None] = []
    used: set[int] = set()
    folded_header = [fold_diacritics(strip_markup(h)) for h in table.header]
    for label, role in zip(labels, header_roles_, strict=True):
        folded = fold_diacritics(strip_markup(label))
        if not folded:
            colmap.append(None)
            continue
        index = next((i for i, h in enumerate(folded_header) if h == folded and i not in used), None)
        if index is None and role is not None:
            index = next((i for i, r in enumerate(table.roles) if r == role and i not in used), None)
        if index is not None:
            used.add(index)
        colmap.append(index)
    return colmap


def _section_before(breaks: list[_Break]) -> str | None:
    """The heading just above a table: a «Phụ lục …» line if near, else the last plain line."""
    recent = breaks[-6:]
    for item in reversed(recent):
        if _SECTION_HINT_RE.match(item.text):
            return strip_markup(item.text).rstrip(" .")
    for item in reversed(recent):
        plain = strip_markup(item.text).strip("*_ ")
        if plain and not plain.startswith("("):
            return plain.rstrip(" .")
    return None


def parse_tables(doc: Document) -> list[Table]:
    """Every task table of a document, rows aligned to the header columns."""
    tables: list[Table] = []
    current: _Builder | None = None
    breaks: list[_Break] = []
    for item in _iter_raw(doc):
        if isinstance(item, _Break):
            if current is not None and _ends_table(item):
                tables.append(current.build())
                current = None
            breaks.append(item)
            continue
        labels = [c.flat for c in item.cells]
        roles = header_roles(labels)
        if roles is not None:
            if current is not None and _same_header(current, roles):
                current.colmap = _colmap(roles, labels, current)
                continue
            if current is not None:
                tables.append(current.build())
            kept = [(label, role) for label, role in zip(labels, roles, strict=True) if strip_markup(label)]
            current = _Builder(
                header=tuple(strip_markup(label) for label, _ in kept),
                roles=tuple(role for _, role in kept),
                section=_section_before(breaks),
                start_line=item.line,
                colmap=[],
            )
            current.colmap = _colmap(roles, labels, current)
            continue
        if current is None:
            continue
        _add_row(doc.text, current, item)
    if current is not None:
        tables.append(current.build())
    return [t for t in tables if t.rows]


def _ends_table(item: _Break) -> bool:
    """Any plain text line ends a table (page numbers and separators do not)."""
    return not _NOT_A_BREAK_RE.fullmatch(item.text)


def _same_header(current: _Builder, roles: tuple[str | None, ...]) -> bool:
    return {r for r in roles if r} == {r for r in current.roles if r}


def _add_row(text: str, table: _Builder, raw: _RawRow) -> None:
    cells = _align(text, raw.cells, table.colmap, table.roles)
    if not any(c.text for c in cells):
        return
    previous = table.rows[-1][0] if table.rows else None
    if previous is not None and _is_continuation(cells, raw, previous):
        _, line, pieces = table.rows[-1]
        table.rows[-1] = (_glue(previous, cells), line, [*pieces, (raw.start, raw.end)])
        return
    table.rows.append((cells, raw.line, [(raw.start, raw.end)]))


__all__ = [
    "COLUMN_RULES",
    "Cell",
    "Row",
    "Table",
    "clean_range",
    "column_role",
    "header_roles",
    "join_cells",
    "make_cell",
    "parse_tables",
    "plain_range",
]
