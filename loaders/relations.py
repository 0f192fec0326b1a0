"""Document-to-document relations stated in a document's text.

`find_relations(doc, refs)` reads cue phrases around the mentions found by
`find_references`: amends (active «X sửa đổi, bổ sung … của Y», passive «Y được sửa
đổi, bổ sung bởi X», law titles), replaces, repeals / partially_repeals, expires,
guides, implements and the preamble's based_on. «Self» is the citing document:
`doc.number` when known, else `doc.id`.

The document's own acts («Nghị định này thay thế …», «3. Bãi bỏ Điều 1 Nghị định số …», «1. Sửa đổi
khoản 2 Điều 4 như sau: “…”») carry the provision they act on (`Relation.part`, one relation per
provision, see `parts.py`) and the document's effective date. A clause that names no document acts on
the one its article heading names («Điều 2. Sửa đổi … của Thông tư số 06/2023/TT-BTP»).

Objects of a clause are its *top-level* mentions only: a mention introduced by an embedding cue
(«sửa đổi, bổ sung một số điều của», «đã được sửa đổi … theo», «hướng dẫn», «thực hiện») belongs to
another document's title (the decree 303 trap: ids named only as earlier amending acts are not
objects). `_levels` tracks that nesting: «;» closes a list of amenders, so in «A sửa đổi … của B đã
được sửa đổi theo C; D đã được sửa đổi theo E và F quy định về …» A amends B, D and F (F has a title
of its own, so it is not one more amender of D).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from plankg.loaders import regexes as rx
from plankg.loaders.citations import own_number
from plankg.loaders.parts import (
    QUOTE_FILL,
    Part,
    find_parts,
    find_phrases,
    locator_tail_start,
    mask_quotes,
    trailing_parts,
)
from plankg.loaders.text import CleanText, clean_for_matching
from plankg.models import Document, LegalRef, Predicate, Relation, Span

_SUBJECT_GAP_MAX = 300
_SCOPE_MAX = 2500
_LIST_MAX = 8000
_SUBJECT_BREAK_RE = re.compile(r"[;:]|\.\s|\bĐiều\s{1,3}\d{1,3}[a-z]?\s{0,2}[.:]|\s\d{1,2}\.\s")
_TRAILING_VERBS_RE = re.compile(
    r"(?:(?:bãi\s{1,3}bỏ|hủy\s{1,3}bỏ|thay\s{1,3}thế|sửa\s{1,3}đổi|bổ\s{1,3}sung)\s{0,2}(?:,|và)?\s{0,3})+$",
    re.IGNORECASE,
)
_VERB_LIST_RE = re.compile(
    r"(?:\s{0,2}(?:,|và)\s{0,3}(?:sửa\s{1,3}đổi|bổ\s{1,3}sung|thay\s{1,3}thế|bãi\s{1,3}bỏ|hủy\s{1,3}bỏ)){0,4}",
    re.IGNORECASE,
)
_PASSIVE_BEFORE_RE = re.compile(r"(?:được|bị)\s{1,3}$", re.IGNORECASE)
_PASSIVE_AGENT_RE = re.compile(r"\s{0,3}(?:bởi|bằng|theo)\s{1,3}", re.IGNORECASE)
_REPEAL_VERB_RE = re.compile(r"bãi\s{1,3}bỏ|hủy\s{1,3}bỏ", re.IGNORECASE)
_REPLACE_VERB_RE = re.compile(r"thay\s{1,3}thế", re.IGNORECASE)
_AMEND_VERB_RE = re.compile(r"sửa\s{1,3}đổi|bổ\s{1,3}sung", re.IGNORECASE)
_COORDINATOR_RE = re.compile(r"[;,]|\bvà\b|\bhoặc\b", re.IGNORECASE)
_TRAILING_COORDINATOR_RE = re.compile(r"\s{0,3}(?:,\s{0,3}và|,|\bvà)\s{0,3}$", re.IGNORECASE)
_VERB_START_RE = re.compile(r"\b(?:[Ss]ửa|[Bb]ổ|[Bb]ãi|[Hh]ủy|[Tt]hay|SỬA|BỔ|BÃI|HỦY|THAY)\s")
_ARTICLE_START_RE = re.compile(r"\bĐiều\s{1,3}\d{1,3}[a-z]?\s{0,2}[.:]\s{0,3}$")
_PARTIAL_PREDICATES = (Predicate.AMENDS, Predicate.PARTIALLY_REPEALS)


@dataclass(frozen=True)
class _Pos:
    """A mention in cleaned-text coordinates."""

    start: int
    end: int
    ref_id: str
    inner: bool  # lies inside another mention (a law named in an amending law's title)
    year: int | None = None
    quoted: bool = False  # inside a quotation (new wording), never an object


@dataclass(frozen=True)
class _Context:
    doc: Document
    clean: CleanText
    masked: str  # clean.text with quotations blanked (same offsets)
    quotes: list[tuple[int, int]]
    mentions: tuple[_Pos, ...]
    starts: tuple[int, ...]  # mention starts, for bisection
    self_id: str
    normative: bool
    effective: date | None
    self_cues: tuple[tuple[re.Match[str], int], ...] = ()  # the document's own clause verbs, subject start
    self_cue_starts: tuple[int, ...] = ()
    body_start: int = 0  # cleaned offset of the first article heading (end of header, title and preamble)


@dataclass
class _Frame:
    """One open list while reading a clause: its own objects, or a list inside a cited title."""

    kind: str  # "root" | "amended" (of an amending title) | "amenders" («được sửa đổi theo …») | "title"
    owner: _Pos | None = None


@dataclass(frozen=True)
class _Article:
    start: int  # cleaned offset of «Điều N»
    heading_end: int
    label: str  # "Điều 2"
    line: int


@dataclass
class _ArticleObjects:
    articles: list[_Article]
    objects: dict[int, _Pos] = field(default_factory=dict)  # article index → the document it acts on
    _starts: list[int] = field(default_factory=list)

    def index_of(self, pos: int) -> int | None:
        """The article `pos` lies in (None before the first heading)."""
        index = bisect_left(self.starts, pos + 1) - 1
        return index if index >= 0 else None

    def next_start(self, pos: int, default: int) -> int:
        """Start of the first article heading after `pos`."""
        index = bisect_left(self.starts, pos + 1)
        return self.starts[index] if index < len(self.starts) else default

    @property
    def starts(self) -> list[int]:
        if len(self._starts) != len(self.articles):
            self._starts = [a.start for a in self.articles]
        return self._starts


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def find_relations(doc: Document, refs: list[LegalRef]) -> list[Relation]:
    """Relations stated in `doc` between it and the documents it cites (`refs`).

    Also records the document's own effective date on `doc` (`effective_date` and its evidence) when
    not set yet: the dates of the relations it states depend on it.
    """
    clean = clean_for_matching(doc.text)
    masked, quotes = mask_quotes(clean.text)
    own = own_number(doc)
    effective, evidence = find_effective(doc, clean, masked)
    if doc.effective_date is None and doc.effective_date_evidence is None:
        doc.effective_date, doc.effective_date_evidence = effective, evidence
    mentions = _positions(clean, masked, refs)
    ctx = _Context(
        doc=doc,
        clean=clean,
        masked=masked,
        quotes=quotes,
        mentions=mentions,
        starts=tuple(m.start for m in mentions),
        self_id=doc.number or doc.id,
        normative=bool(own and re.search(r"/(?:19|20)\d\d/", own)),
        effective=effective,
    )
    first_article = rx.ARTICLE_HEADING_RE.search(doc.text)
    body_start = _to_clean(clean, first_article.start()) if first_article else len(clean.text)
    ctx = replace(ctx, body_start=body_start)
    self_cues = _self_cues(ctx)
    ctx = replace(ctx, self_cues=self_cues, self_cue_starts=tuple(c.start() for c, _ in self_cues))
    found: list[Relation] = []
    found += _amends_active(ctx)
    found += _amends_passive(ctx)
    found += _acts(ctx)
    found += _replaces_repeals(ctx)
    found += _expires(ctx)
    found += _guides_implements(ctx)
    found += _preamble(ctx)
    return _dedupe(found)


def find_effective_date(doc: Document) -> date | None:
    """The document's own effective date («… này có hiệu lực (thi hành) (kể) từ ngày …»)."""
    return find_effective(doc)[0]


def find_effective(
    doc: Document, clean: CleanText | None = None, masked: str | None = None
) -> tuple[date | None, Span | None]:
    """(effective date, evidence span) of the document's own «… này có hiệu lực …» clause.

    «kể từ ngày ký / ban hành» is the dateline date (None when the header has none; the evidence is
    kept); «sau N ngày kể từ ngày ký» adds N days to it. Quoted text (a new article of another act)
    is never read.
    """
    clean = clean or clean_for_matching(doc.text)
    masked = masked if masked is not None else mask_quotes(clean.text)[0]
    found = rx.EFFECTIVE_RE.search(masked)
    if not found:
        return None, None
    lo, hi = clean.original_span(found.start(), found.end())
    evidence = doc.span(lo, hi)
    if found.group("sign"):
        return doc.date, evidence
    if found.group("sign_after"):
        return (doc.date + timedelta(days=int(found.group("days"))) if doc.date else None), evidence
    day = found.group("ed") or found.group("ed2")
    month = found.group("em") or found.group("em2")
    year = found.group("ey") or found.group("ey2")
    try:
        return date(int(year), int(month), int(day)), evidence
    except ValueError:
        return None, evidence


# ---------------------------------------------------------------------------
# Cue handlers
# ---------------------------------------------------------------------------


def _amends_active(ctx: _Context) -> list[Relation]:
    """«X … (về) sửa đổi, bổ sung (một số điều) của Y (và Z)» → X amends Y, Z (X a cited document)."""
    result = []
    for cue in rx.AMENDS_ACTIVE_RE.finditer(ctx.masked):
        subject = _containing(ctx, cue.start()) or _subject_before(ctx, cue.start())
        if subject is None:
            continue  # the document's own clauses are `_acts`
        objects = _amended_list(ctx, cue.end(), subject)
        result += [
            _relation(ctx, subject.ref_id, Predicate.AMENDS, o.ref_id, subject.start, o.end) for o in objects
        ]
    return result


def _amends_passive(ctx: _Context) -> list[Relation]:
    """«Y … (đã) được sửa đổi, bổ sung (một số điều) bởi / theo X (, X2)» → X amends Y."""
    result = []
    for cue in rx.AMENDS_PASSIVE_RE.finditer(ctx.masked):
        amended = _subject_before(ctx, cue.start())
        if amended is None:
            continue
        amenders = _amenders_after(ctx, cue.end(), amended)
        result += [
            _relation(ctx, a.ref_id, Predicate.AMENDS, amended.ref_id, amended.start, a.end) for a in amenders
        ]
    return result


def _acts(ctx: _Context) -> list[Relation]:
    """The document's own clauses: «<loại> này thay thế …», «Điều 1. Sửa đổi …», «3. Bãi bỏ Điều 1 …»."""
    text = ctx.masked
    cues = ctx.self_cues
    articles = _ArticleObjects(_articles(ctx))
    result: list[Relation] = []
    for index, (cue, subject_start) in enumerate(cues):
        verbs = cue.group("verbs")
        sentence_end = min(_sentence_end(text, cue.end()), articles.next_start(cue.end(), len(text)))
        next_cue = cues[index + 1][0].start() if index + 1 < len(cues) else len(text)
        seg_end = min(sentence_end, next_cue)
        as_follows = rx.AS_FOLLOWS_RE.search(text, cue.end(), seg_end)
        if as_follows:
            seg_end = as_follows.start()
        objects = [m for m, depth in _levels(ctx, cue.end(), seg_end) if depth == 0]
        if not objects and not as_follows and text[seg_end - 2 : seg_end].strip().endswith(":"):
            list_end = min(_list_end(ctx, seg_end), next_cue)
            objects = [m for m, depth in _levels(ctx, cue.end(), list_end) if depth == 0]
        article = articles.index_of(cue.start())
        if objects:
            if (
                article is not None
                and len(objects) == 1
                and cue.start() < articles.articles[article].heading_end
            ):
                articles.objects[article] = objects[0]
            for position, obj in enumerate(objects):
                if position == 0:
                    parts = find_parts(text, cue.end(), obj.start)
                    region = text[cue.end() : obj.start]
                else:
                    parts = trailing_parts(text, objects[position - 1].end, obj.start)
                    region = _item_text(text, objects[position - 1].end, obj.start)
                phrases = find_phrases(ctx.clean.text, text, ctx.quotes, cue.end(), obj.start)
                result += _act_relations(ctx, verbs, obj, parts, phrases, region, subject_start, obj.end)
            continue
        shared = next((m for m, depth in _levels(ctx, seg_end, sentence_end) if depth == 0), None)
        note = None
        if (
            shared is None
            and article is not None
            and article in articles.objects
            and subject_start == cue.start()
        ):
            shared = articles.objects[article]
            head = articles.articles[article]
            note = f"object named in the heading of {head.label} (line {head.line})"
        if shared is None:
            continue
        context_end = shared.start if shared.start > seg_end else None
        parts = find_parts(text, cue.end(), seg_end, context_end=context_end)
        phrases = find_phrases(ctx.clean.text, text, ctx.quotes, cue.end(), seg_end)
        end = shared.end if note is None else _locator_end(text, cue.end(), seg_end, parts)
        region = text[cue.end() : seg_end]
        result += _act_relations(ctx, verbs, shared, parts, phrases, region, subject_start, end, note)
    return result


def _act_relations(
    ctx: _Context,
    verbs: str,
    obj: _Pos,
    parts: list[Part],
    phrases: list[str],
    region: str,
    start: int,
    end: int,
    note: str | None = None,
) -> list[Relation]:
    """One relation per predicate of the verb list and per provision acted on."""
    partial = bool(parts or phrases or rx.PARTIAL_SCOPE_RE.search(region))
    predicates: list[Predicate] = []
    if _AMEND_VERB_RE.search(verbs):
        predicates.append(Predicate.AMENDS)
    if _REPLACE_VERB_RE.search(verbs):
        predicates.append(Predicate.AMENDS if partial else Predicate.REPLACES)
    if _REPEAL_VERB_RE.search(verbs):
        predicates.append(Predicate.PARTIALLY_REPEALS if partial else Predicate.REPEALS)
    result = []
    for predicate in dict.fromkeys(predicates):
        for part in parts or [None]:
            result.append(
                _relation(
                    ctx,
                    ctx.self_id,
                    predicate,
                    obj.ref_id,
                    start,
                    end,
                    ctx.effective,
                    part=part.label if part else None,
                    within_part=part.within if part else False,
                    phrases=tuple(phrases),
                    note=note,
                )
            )
    return result


def _replaces_repeals(ctx: _Context) -> list[Relation]:
    """«X (…) thay thế Y» (X a cited document), «Y được thay thế bởi X»; the document's own are `_acts`."""
    text = ctx.masked
    result = []
    cues = [(m, "replace") for m in rx.REPLACES_RE.finditer(text)]
    cues += [(m, "repeal") for m in rx.REPEALS_RE.finditer(text)]
    for cue, kind in sorted(cues, key=lambda c: c[0].start()):
        before = text[max(0, cue.start() - 60) : cue.start()]
        if _PASSIVE_BEFORE_RE.search(before):
            result += _passive_replace(ctx, cue) if kind == "replace" else []
            continue
        if _is_self_act(ctx, cue.start()):
            continue
        subject = _subject_before(ctx, cue.start())
        if subject is None or not _gap_is_title(text[subject.end : cue.start()]):
            continue
        scope_start = _VERB_LIST_RE.match(text, cue.end()).end()
        for obj in _top_level(ctx, scope_start, _sentence_end(text, scope_start)):
            if obj.ref_id == subject.ref_id:
                continue
            partial = bool(rx.PARTIAL_SCOPE_RE.search(text[scope_start : obj.start]))
            if kind == "replace":
                predicate = Predicate.AMENDS if partial else Predicate.REPLACES
            else:
                predicate = Predicate.PARTIALLY_REPEALS if partial else Predicate.REPEALS
            parts = find_parts(text, scope_start, obj.start) if partial else []
            for part in parts or [None]:
                result.append(
                    _relation(
                        ctx,
                        subject.ref_id,
                        predicate,
                        obj.ref_id,
                        subject.start,
                        obj.end,
                        part=part.label if part else None,
                        within_part=part.within if part else False,
                    )
                )
    return result


def _passive_replace(ctx: _Context, cue: re.Match[str]) -> list[Relation]:
    """«Y được thay thế bởi / bằng X» → X replaces Y."""
    agent = _PASSIVE_AGENT_RE.match(ctx.masked, cue.end())
    replaced = _subject_before(ctx, cue.start())
    if agent is None or replaced is None:
        return []
    return [
        _relation(ctx, x.ref_id, Predicate.REPLACES, replaced.ref_id, replaced.start, x.end)
        for x in _amenders_after(ctx, agent.end(), None)
    ]


def _expires(ctx: _Context) -> list[Relation]:
    """«Quyết định số Y … hết hiệu lực (kể từ ngày …)» → self expires Y."""
    text = ctx.masked
    result = []
    for cue in rx.EXPIRES_RE.finditer(text):
        start = _sentence_start(text, cue.start())
        for obj in _top_level(ctx, start, cue.start()):
            if obj.ref_id != ctx.self_id:
                result.append(
                    _relation(
                        ctx, ctx.self_id, Predicate.EXPIRES, obj.ref_id, obj.start, cue.end(), ctx.effective
                    )
                )
    return result


def _guides_implements(ctx: _Context) -> list[Relation]:
    """«X hướng dẫn (thi hành) Y» → guides; «(triển khai) thực hiện Y» → implements."""
    text = ctx.clean.text
    result = []
    previous_end = 0
    for pos in ctx.mentions:
        if pos.inner or pos.quoted:
            continue
        window = text[max(previous_end, pos.start - 80) : pos.start]
        previous_end = max(previous_end, pos.end)
        guide = rx.GUIDES_RE.search(window)
        implement = None if guide else rx.IMPLEMENTS_RE.search(window)
        cue = guide or implement
        if cue is None or _in_preamble_cue(ctx, pos.start):
            continue
        cue_start = pos.start - len(window) + cue.start()
        subject = _subject_before(ctx, cue_start)
        if subject:
            subject_id, start = subject.ref_id, subject.start
        elif guide:
            demonstrative = rx.SELF_DEMONSTRATIVE_RE.search(
                text[max(0, cue_start - 40) : cue_start].rstrip() + " "
            )
            if not demonstrative:
                continue
            subject_id, start = ctx.self_id, cue_start
        else:
            subject_id, start = ctx.self_id, cue_start
        predicate = Predicate.GUIDES if guide else Predicate.IMPLEMENTS
        for obj in [pos, *_chain_after(ctx, pos.end, coordinated_only=True)]:
            if obj.ref_id != subject_id:
                result.append(_relation(ctx, subject_id, predicate, obj.ref_id, start, obj.end))
    return result


def _preamble(ctx: _Context) -> list[Relation]:
    """«Căn cứ A; B;» → self based_on A, B; «Thực hiện A» → self implements A."""
    text = ctx.doc.text
    end = rx.PREAMBLE_END_RE.search(text)
    limit = end.start() if end else min(len(text), 6000)
    result = []
    for cue in rx.PREAMBLE_CUE_RE.finditer(text, 0, limit):
        kind = re.sub(r"\s+", " ", cue.group("cue")).casefold()
        if kind not in ("căn cứ", "thực hiện"):
            continue
        paragraph = rx.PARAGRAPH_BREAK_RE.search(text, cue.end(), limit)
        next_cue = rx.PREAMBLE_CUE_RE.search(text, cue.end(), limit)
        stop = min(x.start() for x in (paragraph, next_cue) if x) if (paragraph or next_cue) else limit
        scope_start, scope_end = _to_clean(ctx.clean, cue.end()), _to_clean(ctx.clean, stop)
        predicate = Predicate.BASED_ON if kind == "căn cứ" else Predicate.IMPLEMENTS
        cue_clean = _to_clean(ctx.clean, cue.start("cue"))
        for obj in _top_level(ctx, scope_start, scope_end, reset_on_semicolon=True):
            result.append(_relation(ctx, ctx.self_id, predicate, obj.ref_id, cue_clean, obj.end))
    return result


# ---------------------------------------------------------------------------
# The document's own clauses
# ---------------------------------------------------------------------------


def _self_cues(ctx: _Context) -> tuple[tuple[re.Match[str], int], ...]:
    """The verbs (lists) whose subject is the document itself, with where that subject starts."""
    found = []
    for candidate in _VERB_START_RE.finditer(ctx.masked):
        cue = rx.SELF_VERB_RE.match(ctx.masked, candidate.start())
        if cue is None or (found and cue.start() < found[-1][0].end()):
            continue
        start = _act_start(ctx, cue)
        if start is not None:
            found.append((cue, start))
    return tuple(found)


def _act_start(ctx: _Context, cue: re.Match[str]) -> int | None:
    """Where the subject of a clause verb starts when that subject is the document itself, else None."""
    text = ctx.masked
    before = text[max(0, cue.start() - 60) : cue.start()]
    if "này" in before:
        demonstrative = rx.SELF_DEMONSTRATIVE_RE.search(before.rstrip() + " ")
        if demonstrative:
            return cue.start() - len(before) + demonstrative.start()
    window = text[max(0, cue.start() - 220) : cue.start()]
    if "hiệu lực" in window and rx.SELF_COORDINATED_RE.search(window):
        return cue.start()
    return cue.start() if _self_if_clause_start(ctx, cue.start()) else None


def _is_self_act(ctx: _Context, pos: int) -> bool:
    """A verb at `pos` belongs to one of the document's own clauses (handled by `_acts`)."""
    index = bisect_left(ctx.self_cue_starts, pos + 1) - 1
    return index >= 0 and ctx.self_cues[index][0].start() <= pos < ctx.self_cues[index][0].end()


def _articles(ctx: _Context) -> list[_Article]:
    """Article headings («Điều N.» opening a line, outside quotations), with where each heading ends."""
    found: list[_Article] = []
    for head in rx.ARTICLE_HEADING_RE.finditer(ctx.doc.text):
        start = _to_clean(ctx.clean, head.start("head"))
        if start >= len(ctx.masked) or ctx.masked[start] != "Đ":
            continue
        found.append(
            _Article(start, start, re.sub(r"\s+", " ", head.group("head")), ctx.doc.line_of(head.start()))
        )
    result = []
    for index, article in enumerate(found):
        limit = found[index + 1].start if index + 1 < len(found) else len(ctx.masked)
        marker = rx.CLAUSE_MARKER_RE.search(ctx.masked, article.start + len(article.label) + 1, limit)
        result.append(
            _Article(article.start, marker.start() if marker else limit, article.label, article.line)
        )
    return result


def _list_end(ctx: _Context, pos: int) -> int:
    """End (cleaned offset) of the list items on the lines after a «… sau:» ending at cleaned `pos`.

    The list runs while lines open with the first item's kind of marker («a)», «1.», «-») or continue an
    item; it stops at another kind of marker or a new article. `pos` when no item follows.
    """
    text = ctx.doc.text
    original = ctx.clean.offsets[min(pos, len(ctx.clean.text))]
    cursor = text.find("\n", original)
    limit = min(len(text), original + _LIST_MAX)
    kind = None
    end = None
    while 0 <= cursor < limit:
        line_end = text.find("\n", cursor + 1)
        line_end = limit if line_end < 0 else min(line_end, limit)
        line = text[cursor + 1 : line_end]
        cursor = line_end if line_end < limit else -1
        if not line.strip(" \t*_|"):
            continue
        item = rx.LIST_ITEM_LINE_RE.match(line)
        marker = _marker_kind(item.group("marker")) if item else None
        if kind is None:
            if marker is None:
                return pos
            kind = marker
        elif (marker is not None and marker != kind) or re.match(r"[ \t*_#|>]{0,8}(?:Điều|Chương)\s", line):
            break
        end = line_end
    return pos if end is None else _to_clean(ctx.clean, end)


def _marker_kind(marker: str) -> str:
    if marker[0].isdigit():
        return "digit"
    return "letter" if marker[0].isalpha() else "dash"


def _item_text(text: str, start: int, end: int) -> str:
    """What introduces a further object of a clause: the text after the last «;», «,» or «và» before it."""
    cut = max((m.end() for m in _COORDINATOR_RE.finditer(text, start, end)), default=start)
    return text[cut:end]


def _locator_end(text: str, start: int, end: int, parts: list[Part]) -> int:
    """End of the evidence of a clause whose document is named elsewhere: its last locator, or `end`."""
    return max((p.end for p in parts), default=start + len(text[start:end].rstrip(" :")))


# ---------------------------------------------------------------------------
# Mention geometry
# ---------------------------------------------------------------------------


def _positions(clean: CleanText, masked: str, refs: list[LegalRef]) -> tuple[_Pos, ...]:
    years = {r.id: r.year or (r.date.year if r.date else None) for r in refs}
    spans = sorted(
        (
            (_to_clean(clean, m.span.start), _to_clean(clean, m.span.end), r.id)
            for r in refs
            for m in r.mentions
        ),
        key=lambda s: (s[0], -s[1]),
    )
    result: list[_Pos] = []
    outer_end = -1
    for start, end, ref_id in spans:
        inner = start < outer_end and end <= outer_end
        quoted = end > start and masked[(start + end) // 2] == QUOTE_FILL
        result.append(_Pos(start, end, ref_id, inner, years.get(ref_id), quoted))
        if not inner:
            outer_end = max(outer_end, end)
    return tuple(result)


def _to_clean(clean: CleanText, original: int) -> int:
    return min(bisect_left(clean.offsets, original), len(clean.text))


def _outer_between(ctx: _Context, start: int, end: int) -> list[_Pos]:
    """Outer, unquoted mentions starting in [start, end)."""
    first = bisect_left(ctx.starts, start)
    last = bisect_left(ctx.starts, end)
    return [m for m in ctx.mentions[first:last] if not m.inner and not m.quoted]


def _containing(ctx: _Context, pos: int) -> _Pos | None:
    """An outer mention whose span contains `pos` (the amending law of a law title)."""
    for m in ctx.mentions[: bisect_left(ctx.starts, pos)]:
        if m.start < pos < m.end and not m.inner:
            return m
    return None


def _subject_before(ctx: _Context, pos: int) -> _Pos | None:
    """Nearest outer mention ending before `pos` in the same clause (no «;», «. », new article)."""
    best = None
    for m in ctx.mentions[: bisect_left(ctx.starts, pos)]:
        if m.end > pos:
            break
        if not m.inner and not m.quoted:
            best = m
    if best is None or pos - best.end > _SUBJECT_GAP_MAX:
        return None
    gap = ctx.masked[best.end : pos]
    if _SUBJECT_BREAK_RE.search(gap) or _crosses_cell(ctx, best.end, pos):
        return None
    return best


_CELL_BOUNDARY_RE = re.compile(r"\t|\n[ \t]*\|")


def _crosses_cell(ctx: _Context, start: int, end: int) -> bool:
    """True when cleaned [start, end) spans a table-cell boundary (a tab or a `|` line)."""
    raw = ctx.doc.text[ctx.clean.offsets[start] : ctx.clean.offsets[end]]
    return bool(_CELL_BOUNDARY_RE.search(raw))


def _chain_after(ctx: _Context, pos: int, coordinated_only: bool = False) -> list[_Pos]:
    """Mentions starting right at `pos`, then joined by «,» / «và» (laws inside a title included)."""
    text = ctx.clean.text
    chain: list[_Pos] = []
    cursor = pos
    for m in ctx.mentions[bisect_left(ctx.starts, pos) :]:
        if m.start < cursor:
            continue
        gap = text[cursor : m.start]
        if chain or coordinated_only:
            if not rx.CHAIN_COORDINATOR_RE.match(gap):
                break
        elif gap.strip():
            break
        chain.append(m)
        cursor = m.end
    return chain


def _amenders_after(ctx: _Context, pos: int, amended: _Pos | None) -> list[_Pos]:
    """«(bởi / theo) A (ngày … của …), B và C»: the amenders; stops at one with a title of its own."""
    text = ctx.masked
    chain: list[_Pos] = []
    cursor = pos
    for m in _outer_between(ctx, pos, min(len(text), pos + _SCOPE_MAX)):
        if m.start < cursor:
            continue
        if chain:
            coordinator = _TRAILING_COORDINATOR_RE.search(text, cursor, m.start)
            if coordinator is None or _titled(text, m):
                break
            if text[_after_tail(text, cursor, coordinator.start()) : coordinator.start()].strip():
                break
        elif text[cursor : m.start].strip():
            break
        if amended and amended.year and m.year and m.year < amended.year:
            break  # an amender is never older than what it amends
        chain.append(m)
        cursor = m.end
    return chain


def _amended_list(ctx: _Context, pos: int, subject: _Pos) -> list[_Pos]:
    """Documents an amending title amends: the list starting right at `pos`, to its end.

    Inside a law's own title («Luật sửa đổi … của Luật A và Luật B») the amended laws are inner
    mentions: their coordinated chain.
    """
    if subject.start < pos < subject.end:
        return _chain_after(ctx, pos)
    first = next(iter(_outer_between(ctx, pos, len(ctx.masked))), None)
    if first is None or ctx.masked[pos : first.start].strip():
        return []
    end = _sentence_end(ctx.masked, pos)
    return [m for m, depth in _levels(ctx, pos, end, root=_Frame("amended", subject)) if depth == 0]


def _after_tail(text: str, start: int, end: int) -> int:
    """Skip a mention's own date and issuer («ngày 05 tháng 6 năm 2019 của Chính phủ»)."""
    pos = start
    dated = rx.DATE_AFTER_RE.match(text, pos, end)
    if dated:
        pos = dated.end()
    issuer = rx.ISSUER_TAIL_RE.match(text, pos, end)
    if issuer:
        pos = issuer.end()
    return pos


def _titled(text: str, m: _Pos) -> bool:
    """The mention is followed (after its date and issuer) by a title of its own («quy định về …»)."""
    pos = _after_tail(text, m.end, min(len(text), m.end + 300))
    return bool(rx.SUBSTANTIVE_TITLE_RE.match(text, pos))


def _levels(
    ctx: _Context, start: int, end: int, root: _Frame | None = None, reset_on_semicolon: bool = False
) -> list[tuple[_Pos, int]]:
    """Mentions in [start, end) with their depth: 0 for the clause's own list, more inside cited titles.

    An embedding cue opens a list inside the previous mention's title: its amended documents
    («sửa đổi … của»), its amenders («đã được sửa đổi … theo»), or anything else («hướng dẫn»,
    «thực hiện», free title text). «;» or a list marker closes lists of amenders and other titles, and an
    amended list unless one of its items had amenders (titles list amended documents with «;»). A root
    list of amended documents (`root.kind == "amended"`) stops where it closes. An amended document is
    never newer than its amender, an amender never older than what it amends.
    """
    text = ctx.masked
    stack = [root or _Frame("root")]
    result: list[tuple[_Pos, int]] = []
    previous: _Pos | None = None
    for m in _outer_between(ctx, start, end):
        if previous is not None and m.start < previous.end:
            continue
        if previous is not None:
            gap = text[previous.end : m.start]
            embed = rx.EMBEDDING_CUE_END_RE.search(gap)
            if embed:
                stack.append(_Frame(_embedded_kind(gap), previous))
            else:
                core = gap[: locator_tail_start(text, previous.end, m.start) - previous.end]
                if reset_on_semicolon and ";" in core:
                    del stack[1:]
                elif rx.LIST_BREAK_RE.search(core):
                    had_amenders = False
                    while len(stack) > 1 and stack[-1].kind in ("amenders", "title"):
                        had_amenders |= stack[-1].kind == "amenders"
                        stack.pop()
                    if stack[-1].kind == "amended" and not had_amenders:
                        if len(stack) == 1:
                            break
                        stack.pop()
                elif rx.COORDINATOR_END_RE.search(core):
                    if stack[-1].kind == "amenders" and _titled(text, m):
                        stack.pop()
                else:
                    stack.append(_Frame("title", previous))
        if not _fits_dates(stack, m):
            break
        result.append((m, len(stack) - 1))
        previous = m
    return result


def _embedded_kind(gap: str) -> str:
    if rx.AMENDERS_CUE_RE.search(gap):
        return "amenders"
    if rx.AMENDED_CUE_RE.search(gap):
        return "amended"
    return "title"


def _fits_dates(stack: list[_Frame], m: _Pos) -> bool:
    """Close lists `m` cannot belong to by date; False when the root list itself is closed."""
    while True:
        top = stack[-1]
        owner_year = top.owner.year if top.owner else None
        if owner_year is None or m.year is None:
            return True
        wrong = (top.kind == "amended" and m.year > owner_year) or (
            top.kind == "amenders" and m.year < owner_year
        )
        if not wrong:
            return True
        if len(stack) == 1:
            return False
        stack.pop()


def _top_level(ctx: _Context, start: int, end: int, reset_on_semicolon: bool = False) -> list[_Pos]:
    """Objects of a clause: mentions not embedded in another cited document's title."""
    return [m for m, depth in _levels(ctx, start, end, reset_on_semicolon=reset_on_semicolon) if depth == 0]


def _gap_is_title(gap: str) -> bool:
    """A subject's own tail (date, issuer, «về …») leads into the cue without another verb."""
    return len(gap) <= _SUBJECT_GAP_MAX and not re.search(r"\bđể\b|\bnhằm\b|\bcho\b", gap)


def _self_if_clause_start(ctx: _Context, pos: int) -> str | None:
    """Self, when the cue opens an article or clause of a normative act («Điều 1. Bãi bỏ …»), or an
    article of any other decision («Điều 3. Bãi bỏ Quyết định số …»; a plan's numbered tasks are not)."""
    before = _TRAILING_VERBS_RE.sub("", ctx.masked[max(0, pos - 80) : pos])
    start = pos - len(ctx.masked[max(0, pos - 80) : pos]) + len(before)
    if not ctx.normative:
        return ctx.self_id if _ARTICLE_START_RE.search(before) or _after_heading_line(ctx, start) else None
    if rx.CLAUSE_START_RE.search(before) or not before.strip():
        return ctx.self_id
    return ctx.self_id if _after_heading_line(ctx, start, paragraph=True) else None


def _after_heading_line(ctx: _Context, pos: int, paragraph: bool = False) -> bool:
    """The cue opens a line that follows an article heading line («Điều 2. Bãi bỏ một số điều …⏎Bãi bỏ
    Điều 10 …»), or (`paragraph`) any line after a blank one."""
    text = ctx.doc.text
    original = ctx.clean.offsets[min(pos, len(ctx.clean.text))]
    line_start = text.rfind("\n", 0, original) + 1
    if line_start == 0 or text[line_start:original].strip(" \t*_#|>"):
        return False
    previous = text[text.rfind("\n", 0, line_start - 1) + 1 : line_start - 1]
    if not previous.strip(" \t*_#|>"):
        return paragraph and pos > ctx.body_start
    return bool(rx.ARTICLE_HEADING_RE.match(previous))


def _in_preamble_cue(ctx: _Context, pos: int) -> bool:
    """Mentions governed by a preamble «Thực hiện» are handled by `_preamble`."""
    line_start = ctx.doc.text.rfind("\n", 0, ctx.clean.offsets[pos]) + 1
    head = ctx.doc.text[line_start : line_start + 20]
    return bool(re.match(r"[ \t*_|>]{0,6}Thực\s{1,3}hiện\b", head))


def _sentence_end(text: str, pos: int) -> int:
    found = rx.SENTENCE_END_RE.search(text, pos, min(len(text), pos + _SCOPE_MAX))
    return found.start() + 1 if found else min(len(text), pos + _SCOPE_MAX)


def _sentence_start(text: str, pos: int) -> int:
    lo = max(0, pos - 800)
    last = lo
    for found in re.finditer(r"[.;:]\s{1,6}(?=\S)", text[lo:pos]):
        last = lo + found.end()
    return last


def _relation(
    ctx: _Context,
    subject: str,
    predicate: Predicate,
    obj: str,
    start: int,
    end: int,
    when: date | None = None,
    *,
    part: str | None = None,
    within_part: bool = False,
    phrases: tuple[str, ...] = (),
    note: str | None = None,
) -> Relation:
    lo, hi = ctx.clean.original_span(min(start, end), max(start, end))
    return Relation(
        subject=subject,
        predicate=predicate,
        object=obj,
        evidence=ctx.doc.span(lo, hi),
        date=when,
        note=note,
        part=part,
        within_part=within_part,
        phrases=phrases,
    )


def _dedupe(relations: list[Relation]) -> list[Relation]:
    """One relation per (subject, predicate, object, provision); a clause-level relation makes the
    unspecific one of an article heading («sửa đổi một số điều của …») redundant."""
    specific = {(r.subject, r.predicate, r.object) for r in relations if r.part or r.phrases}
    seen: set[tuple[str, Predicate, str, tuple[str, ...]]] = set()
    result = []
    for rel in relations:
        key = (rel.subject, rel.predicate, rel.object, rel.provision_key)
        if key in seen or rel.subject == rel.object:
            continue
        unspecific = rel.part is None and not rel.phrases and rel.predicate in _PARTIAL_PREDICATES
        if unspecific and (rel.subject, rel.predicate, rel.object) in specific:
            continue
        seen.add(key)
        result.append(rel)
    return result
