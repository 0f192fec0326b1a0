"""Provisions and wordings an amending clause acts on: «Điều 1», «điểm b khoản 2 Điều 2», «cụm từ “…”».

`find_parts(masked, start, end)` reads the locators of one clause («Bãi bỏ điểm b, điểm d khoản 2 Điều 2,
điểm d khoản 4 Điều 7 …») and returns one `Part` per provision, lowest unit first, with the higher units
a list shares written out («điểm b khoản 2 Điều 2», «điểm d khoản 2 Điều 2», «điểm d khoản 4 Điều 7»).
A locator introduced by «sau» / «vào» («Bổ sung khoản 4 sau khoản 3 Điều 3») only lends its higher units
(«khoản 4 Điều 3»). A part named after other words («cụm từ “…” tại mục 1», «tên của Điều 10», «các vị trí
việc làm tại Phụ lục II») is `within`: the clause acts on something inside it, not on all of it.

Everything runs on *masked* text (`mask_quotes`): quoted wordings, often whole new articles, are blanked so
that their own «Điều 1.» or «Nghị định này» are never read as the act's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

QUOTE_FILL = "~"  # replaces every quoted character in masked text (not a word char, not a space)
_MAX_QUOTE = 20000  # a longer "quotation" is an unbalanced quote mark, not a quotation
_CURLY_QUOTE_RE = re.compile("[“”]")
_STRAIGHT_QUOTE_RE = re.compile(r'"[^"\n]{1,1500}"')

# Units, lowest first. Annex units (tiểu mục, mục, Phụ lục) and body units share one scale, so that
# «điểm 6 tiểu mục 2.5 mục 2 Phụ lục VI» and «điểm a khoản 2 Điều 3 Mục 2 Chương II» both read upwards.
_RANK = {
    "tiết": 0,
    "điểm": 1,
    "khoản": 2,
    "Điều": 3,
    "tiểu mục": 4,
    "mục": 5,
    "Chương": 6,
    "Phần": 7,
    "Phụ lục": 8,
}
_BODY_UNITS = frozenset({"khoản", "Điều", "Chương"})
_ANNEX_UNITS = frozenset({"tiểu mục", "mục", "Phụ lục"})
_UNIT_WORD = r"(?i:tiểu\s{1,3}mục|phụ\s{1,3}lục|điểm|khoản|điều|mục|chương|phần|tiết)"
_ID = r"(?:\d{1,3}(?:\.\d{1,2}){0,3}[a-zđ]?|[IVXLC]{1,7}|[a-zđ]\d{0,2}|[A-Z])"
_ID_END = r"(?![\w/])(?!\s{0,2}(?i:tháng|năm)\b)"
# «thành phần 2», «danh mục 3», «địa điểm 1» are not locators
_NOT_AFTER = (
    r"(?<![Tt]hành\s)(?<![Dd]anh\s)(?<![Đđ]ịa\s)(?<![Tt]hời\s)(?<![Đđ]ặc\s)(?<![Qq]uan\s)(?<![Bb]ộ\s)"
)
PART_TOKEN_RE = re.compile(
    rf"(?<![\w]){_NOT_AFTER}(?P<unit>{_UNIT_WORD})\s{{1,3}}(?:số\s{{1,3}})?(?P<id>{_ID}){_ID_END}"
)
# a further id sharing the unit word: «điểm 8, 9», «Điều 5 và 6», «khoản 1 đến khoản 3» is a new token
_SIBLING_RE = re.compile(rf"\s{{0,2}}(?:,|và|hoặc)\s{{0,3}}(?P<id>{_ID}){_ID_END}")
_RANGE_RE = re.compile(
    rf"\s{{1,3}}đến\s{{1,3}}(?:(?P<unit>{_UNIT_WORD})\s{{1,3}})?(?P<id>\d{{1,3}}){_ID_END}"
)
# gaps that keep two tokens in one locator («khoản 2 Điều 5», «khoản 2 của Điều 5», «Điều 2, điểm d»)
_ADJACENT_GAP_RE = re.compile(r"\s{0,3}(?:,|;|và|hoặc|của|thuộc|tại)?\s{0,3}", re.IGNORECASE)
# what may stand between a clause verb and a provision it acts on directly
_DIRECT_GAP_RE = re.compile(
    r"(?:\s|,|;|:|\bvà\b|\bhoặc\b|\bcác\b|\btoàn\s{1,3}bộ\b|\bnội\s{1,3}dung\s{1,3}(?:của|tại)\b"
    r"|\bquy\s{1,3}định\s{1,3}tại\b|(?<!\w)(?:[a-zđ]\)|\d{1,2}[.)]|[-+–•])(?!\w))*",
    re.IGNORECASE,
)
# a locator that only says where a new provision goes: «Bổ sung khoản 4 sau khoản 3 Điều 3»
_ANCHOR_BEFORE_RE = re.compile(
    r"\b(?:sau|trước|vào(?:\s{1,3}(?:sau|trước|cuối|đầu))?)\s{0,3}$", re.IGNORECASE
)
_PHRASE_CUE_RE = re.compile(r"\b(?:cụm\s{1,3}từ|từ\s{1,3}ngữ|các\s{1,3}từ)\b", re.IGNORECASE)
_NEW_WORDING_BEFORE_RE = re.compile(
    r"\b(?:thành|bằng)(?:\s{1,3}(?:cụm\s{1,3}từ|từ\s{1,3}ngữ|từ))?\s{0,3}$", re.IGNORECASE
)


@dataclass(frozen=True)
class Part:
    """One provision a clause acts on (cleaned-text offsets of its locator)."""

    label: str  # "điểm a khoản 2 Điều 2", "Phụ lục VI", "mục 1 Phụ lục III"
    within: bool  # the clause acts on something inside the provision, not on all of it
    start: int
    end: int


@dataclass(frozen=True)
class _Token:
    unit: str
    id: str
    start: int
    end: int

    @property
    def rank(self) -> int:
        return _RANK[self.unit]

    def __str__(self) -> str:
        return f"{self.unit} {self.id}"


@dataclass
class _Chain:
    tokens: list[_Token]  # lowest unit first
    intro_start: int  # where the text introducing this chain starts (segment start or previous chain end)
    anchor: bool = False

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return max(t.end for t in self.tokens)

    @property
    def top(self) -> int:
        return self.tokens[-1].rank


# ---------------------------------------------------------------------------
# Quotations
# ---------------------------------------------------------------------------


def mask_quotes(text: str) -> tuple[str, list[tuple[int, int]]]:
    """`text` with every quoted character (between “ ” or a short pair of ") replaced by `QUOTE_FILL`.

    Returns the masked text (same length, so offsets stay valid) and the quoted [start, end) intervals,
    quote marks excluded. An opening “ that meets another “ before its ” was never closed: the quotation
    restarts there, so one stray mark cannot blank the rest of a document.
    """
    intervals: list[tuple[int, int]] = []
    opened = -1
    for mark in _CURLY_QUOTE_RE.finditer(text):
        index = mark.start()
        if mark.group() == "“":
            opened = index
        elif opened >= 0:
            if index - opened <= _MAX_QUOTE:
                intervals.append((opened + 1, index))
            opened = -1
    masked = _fill(text, intervals)
    straight = [
        (f.start() + 1, f.end() - 1)
        for f in _STRAIGHT_QUOTE_RE.finditer(masked)
        if QUOTE_FILL not in f.group()
    ]
    if straight:
        masked = _fill(masked, straight)
        intervals = sorted(intervals + straight)
    return masked, intervals


def _fill(text: str, intervals: list[tuple[int, int]]) -> str:
    if not intervals:
        return text
    pieces: list[str] = []
    cursor = 0
    for start, end in intervals:
        pieces += [text[cursor:start], QUOTE_FILL * (end - start)]
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def find_phrases(text: str, masked: str, intervals: list[tuple[int, int]], start: int, end: int) -> list[str]:
    """The wordings a clause acts on: quoted after «cụm từ» in [start, end), not new ones («thành “…”»)."""
    cue = _PHRASE_CUE_RE.search(masked, start, end)
    if cue is None:
        return []
    result: list[str] = []
    for q_start, q_end in intervals:
        if q_start < cue.end() or q_end > end:
            continue
        before = masked[max(start, q_start - 40) : q_start - 1]
        if _NEW_WORDING_BEFORE_RE.search(before):
            continue
        phrase = re.sub(r"\s+", " ", text[q_start:q_end]).strip()
        if phrase and phrase not in result:
            result.append(phrase)
    return result


# ---------------------------------------------------------------------------
# Locators
# ---------------------------------------------------------------------------


def find_parts(
    masked: str, start: int, end: int, context_end: int | None = None, keep_from: int | None = None
) -> list[Part]:
    """Provisions named in masked[start:end], lowest unit first, shared higher units written out.

    `context_end` > `end`: locators in masked[end:context_end] (the rest of a «…; bãi bỏ …» series that
    names the document once, at its end) only lend higher units («… tại Phụ lục VI»). `keep_from`: only
    the locators from there on are returned (the text before still decides whether they are `within`).
    """
    chains = _chains(masked, start, end)
    if not chains:
        return []
    context = _chains(masked, end, context_end) if context_end and context_end > end else []
    _inherit(chains + context)
    result: list[Part] = []
    seen: set[str] = set()
    for chain in chains:
        if chain.anchor or (keep_from is not None and chain.start < keep_from):
            continue
        label = " ".join(str(t) for t in chain.tokens)
        if label in seen or any(_is_ancestor(chain, other) for other in chains if other is not chain):
            continue
        seen.add(label)
        direct = _DIRECT_GAP_RE.fullmatch(_between_chains(masked, chains, chain, start)) is not None
        result.append(Part(label, not direct, chain.start, chain.end))
    return result


def trailing_parts(masked: str, start: int, end: int) -> list[Part]:
    """The provisions of the locator that ends right at `end` («…, Điều 7 | Nghị định số …»), if any."""
    tail = locator_tail_start(masked, start, end)
    if tail >= end:
        return []
    item_start = max(start, masked.rfind(";", start, tail) + 1, masked.rfind(",", start, tail) + 1)
    return find_parts(masked, item_start, end, keep_from=tail)


def locator_tail_start(masked: str, start: int, end: int) -> int:
    """Start of a locator run ending at `end` (so that «…; Điều 5 » reads as a list gap), else `end`."""
    chains = _chains(masked, max(start, end - 400), end)
    cursor = end
    for chain in reversed(chains):
        if not _ADJACENT_GAP_RE.fullmatch(masked[chain.end : cursor]):
            break
        cursor = chain.start
    return cursor


def _tokens(masked: str, start: int, end: int) -> list[_Token]:
    tokens: list[_Token] = []
    pos = start
    while True:
        found = PART_TOKEN_RE.search(masked, pos, end)
        if found is None:
            break
        unit = _canonical_unit(found.group("unit"))
        if not _valid_id(unit, found.group("id")):
            pos = found.start() + 1
            continue
        tokens.append(_Token(unit, _canonical_id(unit, found.group("id")), found.start(), found.end()))
        pos = found.end()
        while True:
            sibling = _SIBLING_RE.match(masked, pos, end)
            ranged = None if sibling else _RANGE_RE.match(masked, pos, end)
            if sibling and _valid_id(unit, sibling.group("id")):
                tokens.append(
                    _Token(unit, _canonical_id(unit, sibling.group("id")), sibling.start("id"), sibling.end())
                )
                pos = sibling.end()
            elif ranged and (ranged.group("unit") is None or _canonical_unit(ranged.group("unit")) == unit):
                tokens += _range(unit, tokens[-1], ranged)
                pos = ranged.end()
            else:
                break
    return tokens


def _range(unit: str, first: _Token, found: re.Match[str]) -> list[_Token]:
    """«khoản 1 đến khoản 4» → khoản 2, 3, 4 (numeric ids only, at most 30)."""
    if not first.id.isdigit():
        return []
    low, high = int(first.id), int(found.group("id"))
    if not 0 < high - low <= 30:
        return []
    return [_Token(unit, str(n), found.start("id"), found.end()) for n in range(low + 1, high + 1)]


def _chains(masked: str, start: int, end: int | None) -> list[_Chain]:
    """Tokens grouped into locators: siblings share the higher units that follow them."""
    if end is None or end <= start:
        return []
    chains: list[_Chain] = []
    open_: list[_Chain] = []
    previous_end = start
    for token in _tokens(masked, start, end):
        adjacent = bool(open_) and _ADJACENT_GAP_RE.fullmatch(masked[previous_end : token.start]) is not None
        top = open_[-1].top if open_ else -1
        if adjacent and token.rank > top:
            for chain in open_:
                chain.tokens.append(token)
        elif adjacent and token.rank == top and all(c.top == top for c in open_):
            open_.append(_Chain([token], previous_end))
        else:
            chains += open_
            anchor = bool(_ANCHOR_BEFORE_RE.search(masked[max(start, token.start - 20) : token.start]))
            open_ = [_Chain([token], previous_end, anchor)]
        previous_end = token.end
    return chains + open_


def _inherit(chains: list[_Chain]) -> None:
    """A locator missing its higher units takes them from the next one («điểm 1 …; … tại Phụ lục VI»)."""
    for index in range(len(chains) - 2, -1, -1):
        chain, right = chains[index], chains[index + 1]
        units = {t.unit for t in chain.tokens}
        for token in right.tokens:
            if token.rank <= chain.top:
                continue
            if token.unit in _ANNEX_UNITS and units & _BODY_UNITS:
                continue  # an article never sits inside an annex
            if token.unit in _BODY_UNITS and units & _ANNEX_UNITS:
                continue
            chain.tokens.append(token)


def _is_ancestor(chain: _Chain, other: _Chain) -> bool:
    """`chain` names a provision that contains `other` («Phụ lục VI» ⊃ «mục 1 Phụ lục VI»)."""
    n = len(chain.tokens)
    return len(other.tokens) > n and [str(t) for t in other.tokens[-n:]] == [str(t) for t in chain.tokens]


def _between_chains(masked: str, chains: list[_Chain], chain: _Chain, start: int) -> str:
    """Text from `start` to `chain`, without the other locators in it."""
    pieces: list[str] = []
    cursor = start
    for other in chains:
        if other.start >= chain.start:
            break
        pieces.append(masked[cursor : other.start])
        cursor = max(cursor, other.end)
    pieces.append(masked[cursor : chain.start])
    return " ".join(pieces)


def _canonical_unit(word: str) -> str:
    folded = re.sub(r"\s+", " ", word).casefold()
    return {"điều": "Điều", "chương": "Chương", "phần": "Phần", "phụ lục": "Phụ lục"}.get(folded, folded)


def _canonical_id(unit: str, ident: str) -> str:
    if unit in ("Phụ lục", "Chương", "Phần", "mục") and re.fullmatch(r"[ivxlc]+", ident, re.IGNORECASE):
        return ident.upper()
    return ident


def _valid_id(unit: str, ident: str) -> bool:
    roman = bool(re.fullmatch(r"[IVXLC]{1,7}", ident))
    letter = bool(re.fullmatch(r"[a-zđ]\d{0,2}", ident))
    number = bool(re.fullmatch(r"\d{1,3}(?:\.\d{1,2}){0,3}[a-zđ]?", ident))
    dotted = "." in ident
    if unit in ("điểm", "tiết"):
        return letter or (number and not ident[-1].isalpha())
    if unit in ("khoản", "Điều"):
        return number and not dotted
    if unit == "tiểu mục":
        return number
    if unit in ("mục", "Chương", "Phần"):
        return roman or (number and not ident[-1].isalpha())
    return roman or number or bool(re.fullmatch(r"[A-Z]", ident))  # Phụ lục
