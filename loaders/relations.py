"""Document-to-document relations stated in a document's text.

`find_relations(doc, refs)` reads cue phrases around the mentions found by
`find_references`: amends (active «X sửa đổi, bổ sung … của Y», passive «Y được sửa
đổi, bổ sung bởi X», law titles), replaces, repeals / partially_repeals, expires,
guides, implements and the preamble's based_on. «Self» is the citing document:
`doc.number` when known, else `doc.id`.

Objects of a replace / repeal / preamble clause are its *top-level* mentions only:
a mention introduced by an embedding cue («sửa đổi, bổ sung một số điều của»,
«đã được sửa đổi … theo», «hướng dẫn», «thực hiện») belongs to another document's
title, and so does everything coordinated after it in the same clause (the
decree 303 trap: ids named only as earlier amending acts are not objects).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date

from plankg.loaders import regexes as rx
from plankg.loaders.citations import own_number
from plankg.loaders.text import CleanText, clean_for_matching
from plankg.models import Document, LegalRef, Predicate, Relation

_SUBJECT_GAP_MAX = 300
_SCOPE_MAX = 2500
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


@dataclass(frozen=True)
class _Pos:
    """A mention in cleaned-text coordinates."""

    start: int
    end: int
    ref_id: str
    inner: bool  # lies inside another mention (a law named in an amending law's title)


@dataclass(frozen=True)
class _Context:
    doc: Document
    clean: CleanText
    mentions: tuple[_Pos, ...]
    self_id: str
    normative: bool
    effective: date | None


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def find_relations(doc: Document, refs: list[LegalRef]) -> list[Relation]:
    """Relations stated in `doc` between it and the documents it cites (`refs`)."""
    clean = clean_for_matching(doc.text)
    own = own_number(doc)
    ctx = _Context(
        doc=doc,
        clean=clean,
        mentions=_positions(clean, refs),
        self_id=doc.number or doc.id,
        normative=bool(own and re.search(r"/(?:19|20)\d\d/", own)),
        effective=find_effective_date(doc),
    )
    found: list[Relation] = []
    found += _amends_active(ctx)
    found += _amends_passive(ctx)
    found += _replaces_repeals(ctx)
    found += _expires(ctx)
    found += _guides_implements(ctx)
    found += _preamble(ctx)
    return _dedupe(found)


def find_effective_date(doc: Document) -> date | None:
    """The document's own effective date («… này có hiệu lực (thi hành) (kể) từ ngày …»)."""
    found = rx.EFFECTIVE_RE.search(clean_for_matching(doc.text).text)
    if not found:
        return None
    if found.group("sign"):
        return doc.date  # "kể từ ngày ký / ban hành"
    day = found.group("ed") or found.group("ed2")
    month = found.group("em") or found.group("em2")
    year = found.group("ey") or found.group("ey2")
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


# ---------------------------------------------------------------------------
# Cue handlers
# ---------------------------------------------------------------------------


def _amends_active(ctx: _Context) -> list[Relation]:
    """«X … (về) sửa đổi, bổ sung (một số điều) của Y (và Z)» → X amends Y, Z."""
    result = []
    for cue in rx.AMENDS_ACTIVE_RE.finditer(ctx.clean.text):
        objects = _chain_after(ctx, cue.end())
        if not objects:
            continue
        subject = _containing(ctx, cue.start()) or _subject_before(ctx, cue.start())
        subject_id = subject.ref_id if subject else _self_if_clause_start(ctx, cue.start())
        if subject_id is None:
            continue
        start = subject.start if subject else cue.start()
        result += [_relation(ctx, subject_id, Predicate.AMENDS, o.ref_id, start, o.end) for o in objects]
    return result


def _amends_passive(ctx: _Context) -> list[Relation]:
    """«Y … (đã) được sửa đổi, bổ sung (một số điều) bởi / theo X (, X2)» → X amends Y."""
    result = []
    for cue in rx.AMENDS_PASSIVE_RE.finditer(ctx.clean.text):
        amenders = _chain_after(ctx, cue.end())
        amended = _subject_before(ctx, cue.start())
        if not amenders or amended is None:
            continue
        result += [
            _relation(ctx, a.ref_id, Predicate.AMENDS, amended.ref_id, amended.start, a.end) for a in amenders
        ]
    return result


def _replaces_repeals(ctx: _Context) -> list[Relation]:
    """«X / <loại> này thay thế Y», «Bãi bỏ (Điều 1) Y» — whole or clause-level."""
    text = ctx.clean.text
    result = []
    cues = [(m, "replace") for m in rx.REPLACES_RE.finditer(text)]
    cues += [(m, "repeal") for m in rx.REPEALS_RE.finditer(text)]
    for cue, kind in sorted(cues, key=lambda c: c[0].start()):
        before = text[max(0, cue.start() - 60) : cue.start()]
        if _PASSIVE_BEFORE_RE.search(before):
            result += _passive_replace(ctx, cue) if kind == "replace" else []
            continue
        subject_id, start = _cue_subject(ctx, cue.start())
        if subject_id is None:
            continue
        scope_start = cue.end() + _VERB_LIST_RE.match(text, cue.end()).end() - cue.end()
        for obj in _top_level(ctx, scope_start, _sentence_end(text, scope_start)):
            if obj.ref_id == subject_id:
                continue
            partial = bool(rx.PARTIAL_SCOPE_RE.search(_unquoted(text[scope_start : obj.start])))
            if kind == "replace":
                predicate = Predicate.AMENDS if partial else Predicate.REPLACES
            else:
                predicate = Predicate.PARTIALLY_REPEALS if partial else Predicate.REPEALS
            result.append(_relation(ctx, subject_id, predicate, obj.ref_id, start, obj.end, ctx.effective))
    return result


def _passive_replace(ctx: _Context, cue: re.Match[str]) -> list[Relation]:
    """«Y được thay thế bởi / bằng X» → X replaces Y."""
    agent = _PASSIVE_AGENT_RE.match(ctx.clean.text, cue.end())
    replaced = _subject_before(ctx, cue.start())
    if agent is None or replaced is None:
        return []
    return [
        _relation(ctx, x.ref_id, Predicate.REPLACES, replaced.ref_id, replaced.start, x.end)
        for x in _chain_after(ctx, agent.end())
    ]


def _expires(ctx: _Context) -> list[Relation]:
    """«Quyết định số Y … hết hiệu lực (kể từ ngày …)» → self expires Y."""
    text = ctx.clean.text
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
        if pos.inner:
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
# Mention geometry
# ---------------------------------------------------------------------------


def _positions(clean: CleanText, refs: list[LegalRef]) -> tuple[_Pos, ...]:
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
        result.append(_Pos(start, end, ref_id, inner))
        if not inner:
            outer_end = max(outer_end, end)
    return tuple(result)


def _to_clean(clean: CleanText, original: int) -> int:
    return min(bisect_left(clean.offsets, original), len(clean.text))


def _containing(ctx: _Context, pos: int) -> _Pos | None:
    """An outer mention whose span contains `pos` (the amending law of a law title)."""
    for m in ctx.mentions:
        if m.start < pos < m.end and not m.inner:
            return m
    return None


def _subject_before(ctx: _Context, pos: int) -> _Pos | None:
    """Nearest outer mention ending before `pos` in the same clause (no «;», «. », new article)."""
    best = None
    for m in ctx.mentions:
        if m.end > pos:
            break
        if not m.inner:
            best = m
    if best is None or pos - best.end > _SUBJECT_GAP_MAX:
        return None
    gap = ctx.clean.text[best.end : pos]
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
    for m in ctx.mentions:
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


def _top_level(ctx: _Context, start: int, end: int, reset_on_semicolon: bool = False) -> list[_Pos]:
    """Objects of a clause: mentions not embedded in another cited document's title."""
    text = ctx.clean.text
    result: list[_Pos] = []
    cursor, embedded = start, False
    for m in ctx.mentions:
        if m.start < start or m.inner:
            continue
        if m.start >= end:
            break
        gap = text[cursor : m.start]
        if reset_on_semicolon and ";" in gap:
            embedded = False
        if embedded:
            pass
        elif rx.EMBEDDING_CUE_END_RE.search(gap) or (result and not rx.COORDINATOR_END_RE.search(gap)):
            embedded = True
        if not embedded:
            result.append(m)
        cursor = max(cursor, m.end)
    return result


def _cue_subject(ctx: _Context, pos: int) -> tuple[str | None, int]:
    """Subject of a replace / repeal cue: «<loại> này», a mention before it, or self at a clause start."""
    text = ctx.clean.text
    before = text[max(0, pos - 60) : pos]
    if rx.SELF_DEMONSTRATIVE_RE.search((before.rstrip() and before.rstrip() + " ") or before):
        return ctx.self_id, max(0, pos - len(before) + before.rfind(" ", 0, max(0, len(before) - 10)) + 1)
    subject = _subject_before(ctx, pos)
    if subject and _gap_is_title(text[subject.end : pos]):
        return subject.ref_id, subject.start
    return _self_if_clause_start(ctx, pos), pos


def _gap_is_title(gap: str) -> bool:
    """A subject's own tail (date, issuer, «về …») leads into the cue without another verb."""
    return len(gap) <= _SUBJECT_GAP_MAX and not re.search(r"\bđể\b|\bnhằm\b|\bcho\b", gap)


def _self_if_clause_start(ctx: _Context, pos: int) -> str | None:
    """Self, when the cue opens an article or clause of a normative act («Điều 1. Bãi bỏ …»)."""
    if not ctx.normative:
        return None
    before = _TRAILING_VERBS_RE.sub("", ctx.clean.text[max(0, pos - 80) : pos])
    return ctx.self_id if rx.CLAUSE_START_RE.search(before) or not before.strip() else None


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


def _unquoted(text: str) -> str:
    return re.sub(r"[“\"][^”\"]{0,400}[”\"]", " ", text)


def _relation(
    ctx: _Context,
    subject: str,
    predicate: Predicate,
    obj: str,
    start: int,
    end: int,
    when: date | None = None,
) -> Relation:
    lo, hi = ctx.clean.original_span(min(start, end), max(start, end))
    return Relation(
        subject=subject, predicate=predicate, object=obj, evidence=ctx.doc.span(lo, hi), date=when
    )


def _dedupe(relations: list[Relation]) -> list[Relation]:
    seen: set[tuple[str, Predicate, str]] = set()
    result = []
    for rel in relations:
        key = (rel.subject, rel.predicate, rel.object)
        if key not in seen and rel.subject != rel.object:
            seen.add(key)
            result.append(rel)
    return result
