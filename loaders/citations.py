"""Find citations of other legal documents in a document's text.

`find_references` returns one `LegalRef` per distinct cited document, each with every
`Mention` (span in the ORIGINAL text). It recognises the four id shapes of
CITATION_SPEC §1 (state `107/2020/NĐ-CP`, công văn `6459/BNV-CCHC`, Party `39-NQ/TW`,
law `77/2015/QH13`), laws cited by name (gazetteer `data/laws.tsv`), shared dates,
combined numbers, the document's own number, and common OCR damage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from importlib.resources import files

from rapidfuzz.distance import Levenshtein

from plankg.loaders import regexes as rx
from plankg.loaders.provinces import find_province
from plankg.loaders.text import CleanText, clean_for_matching, slugify
from plankg.models import Document, ExtractionWarning, LegalRef, Mention

# ---------------------------------------------------------------------------
# Internal records
# ---------------------------------------------------------------------------


@dataclass
class _Cite:
    """One citation of one document at one place (cleaned-text offsets)."""

    id: str
    kind: str
    start: int  # includes the type word / "số" before the id
    id_start: int
    end: int  # end of the id (or of the law name)
    raw_id: str
    doc_type: str | None = None
    type_code: str | None = None
    issuer_code: str | None = None
    issuer: str | None = None
    number: str | None = None
    year: int | None = None
    date: date | None = None
    date_shared: bool = False
    local: bool = False
    province: str | None = None  # explicit province in the issuer phrase
    repaired: bool = False
    malformed: tuple[str, str] | None = None  # (n1, n2) of "8/6/2017/QĐ-UBND"
    title: str | None = None
    tail_end: int = 0  # end of the date / issuer phrase after the id
    extra_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LawEntry:
    number: str
    name: str
    date: date | None
    aliases: tuple[str, ...]
    amends: tuple[str, ...]
    source: str

    @property
    def doc_type(self) -> str:
        if self.name.startswith("Hiến pháp"):
            return "Hiến pháp"
        return "Bộ luật" if self.name.startswith("Bộ luật") else "Luật"


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def find_references(doc: Document) -> tuple[list[LegalRef], list[ExtractionWarning]]:
    """All documents cited in `doc`, one `LegalRef` each, plus extraction warnings."""
    clean = clean_for_matching(doc.text)
    warnings: list[ExtractionWarning] = []
    own = own_ids(doc, clean)
    cites = _numbered_cites(doc, clean, own, warnings)
    _share_dates(cites, clean.text)
    cites = _repair_malformed(doc, clean, cites, warnings)
    cites += _law_cites(doc, clean, cites)
    return _group(doc, clean, cites, warnings), warnings


def own_ids(doc: Document, clean: CleanText | None = None) -> set[str]:
    """Grouping keys of the document's own number: `doc.number` and the «Số: …» header."""
    clean = clean or clean_for_matching(doc.text)
    keys: set[str] = set()
    if doc.number:
        keys |= {_key(c.id) for c in _parse_ids(doc.number, 0, len(doc.number))}
    header_end = _header_end(doc.text)
    for line in rx.OWN_NUMBER_LINE_RE.finditer(doc.text, 0, header_end):
        clean_pos = _clean_offset(clean, line.end())
        found = rx.ID_RE.match(clean.text, clean_pos)
        if found:
            keys |= {_key(c.id) for c in _parse_match(found, clean.text)}
    return keys


def canonical_id(text: str) -> str | None:
    """Canonical form of one written id ("5476 /QD-UBND" → "5476/QĐ-UBND"), or None."""
    cites = _parse_ids(text, 0, len(text))
    return cites[0].id if cites else None


def own_number(doc: Document) -> str | None:
    """The document's own number: `doc.number`, else the id in its «Số: …» header."""
    if doc.number:
        return canonical_id(doc.number) or doc.number
    clean = clean_for_matching(doc.text, 0, _header_end(doc.text))
    for line in rx.OWN_NUMBER_LINE_RE.finditer(doc.text, 0, _header_end(doc.text)):
        found = rx.ID_RE.match(clean.text, _clean_offset(clean, line.end()))
        cites = _parse_match(found, clean.text) if found else []
        if cites:
            return cites[0].id
    return None


# ---------------------------------------------------------------------------
# Numbered ids
# ---------------------------------------------------------------------------


def _numbered_cites(
    doc: Document, clean: CleanText, own: set[str], warnings: list[ExtractionWarning]
) -> list[_Cite]:
    text = clean.text
    result: list[_Cite] = []
    for found in rx.ID_RE.finditer(text):
        cites = _parse_match(found, text)
        if not cites:
            continue
        line = doc.line_of(clean.offsets[found.start()])
        _attach_date_and_issuer(cites, text, line, warnings)
        for cite in cites:
            if _key(cite.id) in own or _is_attachment_self(doc, clean, cite):
                continue
            if cite.repaired:
                warnings.append(ExtractionWarning(line, f"OCR repair: {cite.raw_id} read as {cite.id}"))
            _check_year(cite, line, warnings)
            result.append(cite)
    return result


def _parse_ids(text: str, start: int, end: int) -> list[_Cite]:
    found = rx.ID_RE.search(text, start, end)
    return _parse_match(found, text) if found else []


def _parse_match(found: re.Match[str], text: str) -> list[_Cite]:
    """Cites for one id match; [] when the match is not a document id."""
    prefix = rx.TYPE_WORD_BEFORE_RE.search(text, max(0, found.start() - 40), found.start())
    word = prefix.group("word") if prefix else None
    framed = bool(prefix and (prefix.group("word") or prefix.group("so")))
    start = found.start()
    if prefix and framed:
        start = prefix.start("word") if prefix.group("word") else prefix.start("so")
    type_word = rx.TYPE_WORDS.get(re.sub(r"\s+", " ", word).casefold()) if word else None
    raw = re.sub(r"[ \xa0]+", " ", found.group(0))
    base = _Cite(id="", kind="numbered", start=start, id_start=found.start(), end=found.end(), raw_id=raw)
    if found.group("e_n1"):
        return _parse_malformed(found, base)
    if found.group("l_num"):
        return [_parse_law_id(found, base, type_word)]
    if found.group("a_nums"):
        return _parse_state(found, base, type_word, framed)
    return _parse_party(found, base)


def _parse_law_id(found: re.Match[str], base: _Cite, type_word: str | None) -> _Cite:
    body = found.group("l_body")
    standing = body.startswith("UBTVQH")
    number, year = found.group("l_num"), int(found.group("l_year"))
    doc_type = type_word if type_word in ("Luật", "Bộ luật", "Pháp lệnh", "Nghị quyết") else None
    cite = replace(
        base,
        id=f"{number}/{year}/{body}",
        doc_type=doc_type or ("Pháp lệnh" if standing else "Luật"),
        issuer_code=body,
        issuer="Ủy ban Thường vụ Quốc hội" if standing else "Quốc hội",
        number=number,
        year=year,
    )
    entry = _laws_by_number().get(cite.id)
    if entry:
        cite.title, cite.date = entry.name, entry.date
    return cite


def _parse_state(found: re.Match[str], base: _Cite, type_word: str | None, framed: bool) -> list[_Cite]:
    tokens = rx.CODE_SPLIT_RE.split(found.group("a_code"))
    year = int(found.group("a_year")) if found.group("a_year") else None
    numbers = rx.NUM_RE.findall(found.group("a_nums"))
    if len(numbers) > 1 and not framed:
        numbers = numbers[-1:]  # "2019, 2020, 108/2020/…" without a type word: only the last
    head = rx.TYPE_FOLD.get(tokens[0], tokens[0])
    repaired = False
    if head in rx.TYPE_CODES:
        issuers = [_canonical_issuer(t) for t in tokens[1:]]
        repaired = any(fixed for _, fixed in issuers)
        codes = [code for code, _ in issuers]
        code = "-".join([head, *codes])
        local = any(_is_local(c) for c in codes)
        issuer_code = "-".join(codes)
        issuer = rx.ISSUERS[codes[0]].name if codes[0] in rx.ISSUERS else None
        doc_type = rx.TYPE_CODES[head]
        type_code: str | None = head
    else:
        org, fixed = _canonical_issuer(tokens[0])
        if not (org in rx.ISSUERS or rx.SO_CODE_RE.fullmatch(org) or framed):
            return []
        repaired = fixed
        code = "-".join([org, *tokens[1:]])
        local = _is_local(org)
        issuer_code = org
        issuer = rx.ISSUERS[org].name if org in rx.ISSUERS else None
        doc_type = type_word if type_word and type_word not in ("Luật", "Hiến pháp") else "Công văn"
        type_code = None
    cites = []
    for number in numbers:
        ident = f"{number}/{year}/{code}" if year else f"{number}/{code}"
        cites.append(
            replace(
                base,
                id=ident,
                doc_type=doc_type,
                type_code=type_code,
                issuer_code=issuer_code,
                issuer=issuer,
                number=number,
                year=year,
                local=local,
                repaired=repaired,
            )
        )
    return cites


def _parse_malformed(found: re.Match[str], base: _Cite) -> list[_Cite]:
    n1, n2, year = found.group("e_n1"), found.group("e_n2"), int(found.group("e_year"))
    tokens = rx.CODE_SPLIT_RE.split(found.group("e_code"))
    head = rx.TYPE_FOLD.get(tokens[0], tokens[0])
    if head not in rx.TYPE_CODES:
        return []
    codes = [_canonical_issuer(t)[0] for t in tokens[1:]]
    return [
        replace(
            base,
            id=f"{n1}{n2}/{year}/{'-'.join([head, *codes])}",
            doc_type=rx.TYPE_CODES[head],
            type_code=head,
            issuer_code="-".join(codes),
            issuer=rx.ISSUERS[codes[0]].name if codes[0] in rx.ISSUERS else None,
            year=year,
            local=any(_is_local(c) for c in codes),
            malformed=(n1, n2),
        )
    ]


def _parse_party(found: re.Match[str], base: _Cite) -> list[_Cite]:
    body = found.group("p_body")
    spaced = "-" not in found.group("p_sep")
    if spaced and body not in rx.PARTY_BODIES:
        return []  # "14 KH/TU" is repaired only with a known Party body
    ptype = rx.TYPE_FOLD.get(found.group("p_type"), found.group("p_type"))
    number = found.group("p_num")
    known = rx.PARTY_BODIES.get(body)
    return [
        replace(
            base,
            id=f"{number}-{ptype}/{body}",
            doc_type=rx.PARTY_TYPES.get(ptype),
            type_code=ptype,
            issuer_code=body,
            issuer=known.name if known else None,
            number=number,
            local=known.local if known else not body.endswith("TW"),
            repaired=spaced,
        )
    ]


def _canonical_issuer(token: str) -> tuple[str, bool]:
    """(canonical issuer code, repaired?) — Đ folding and OCR edit-distance-1 repair."""
    if token in rx.ISSUERS or re.fullmatch(r"(?:UBTVQH|QH)\d{1,2}", token):
        return token, False
    folded = _ascii_issuers().get(token)
    if folded:
        return folded, False
    if len(token) >= 4 or re.search(r"\d", token):
        near = [c for c in rx.ISSUERS if len(c) >= 4 and Levenshtein.distance(token, c) <= 1]
        if len(near) == 1:
            return near[0], True
    return token, False


@cache
def _ascii_issuers() -> dict[str, str]:
    table = {c.replace("Đ", "D"): c for c in rx.ISSUERS if "Đ" in c}
    return {ascii_form: c for ascii_form, c in table.items() if ascii_form not in rx.ISSUERS}


def is_local_id(ref_id: str) -> bool:
    """Whether a canonical id names a local document (UBND, HĐND, Sở, provincial Party body)."""
    return any(_is_local(code) for code in ref_id.rsplit("/", 1)[-1].split("-"))


def _is_local(code: str) -> bool:
    known = rx.ISSUERS.get(code)
    if known:
        return known.local
    return bool(rx.SO_CODE_RE.fullmatch(code))


def _attach_date_and_issuer(
    cites: list[_Cite], text: str, line: int, warnings: list[ExtractionWarning]
) -> None:
    end = cites[0].end
    tail_end = end
    when: date | None = None
    dated = rx.DATE_AFTER_RE.match(text, end)
    if dated:
        tail_end = dated.end()
        when = _date_from_match(dated)
        if when is None:
            warnings.append(
                ExtractionWarning(line, f"invalid date «{dated.group(0).strip()}» after {cites[0].raw_id}")
            )
    tail = rx.ISSUER_TAIL_RE.match(text, tail_end)
    province = find_province(tail.group("tail")) if tail else None
    for cite in cites:
        cite.date = when or cite.date
        cite.tail_end = tail.end() if tail else tail_end
        cite.province = province


def _check_year(cite: _Cite, line: int, warnings: list[ExtractionWarning]) -> None:
    """An id year contradicting the mention's own date: trust the date (OCR «16/2013 … 14/02/2015»)."""
    if cite.year is None or cite.date is None or cite.date.year == cite.year or cite.date_shared:
        return
    fixed = cite.id.replace(f"/{cite.year}/", f"/{cite.date.year}/", 1)
    warnings.append(
        ExtractionWarning(
            line, f"id year {cite.year} contradicts date {cite.date.isoformat()}: {cite.raw_id} → {fixed}"
        )
    )
    cite.id, cite.year, cite.repaired = fixed, cite.date.year, True


def _is_attachment_self(doc: Document, clean: CleanText, cite: _Cite) -> bool:
    """«(Ban hành kèm theo Quyết định số …)» opening a paragraph names the promulgating act itself.

    A hard-wrapped line that merely starts with «kèm theo» inside a sentence («… tại Phụ lục II ban
    hành⏎kèm theo Thông tư số …») cites another document.
    """
    start = clean.offsets[cite.start]
    line_start = doc.text.rfind("\n", 0, start) + 1
    before = doc.text[line_start:start]
    if not re.fullmatch(r"[ \t*_(|]{0,6}(?:ban\s+hành\s+)?kèm\s+theo\s{0,3}", before, re.IGNORECASE):
        return False
    opening = before.lstrip(" \t*_|")
    if opening.startswith("(") or opening[:1].isupper():
        return True
    previous = doc.text[doc.text.rfind("\n", 0, max(0, line_start - 1)) + 1 : max(0, line_start - 1)]
    return not previous.strip(" \t*_|#")


# ---------------------------------------------------------------------------
# Shared dates and malformed numbers
# ---------------------------------------------------------------------------


def _share_dates(cites: list[_Cite], text: str) -> None:
    """F4: «NĐ 107/2020/NĐ-CP và NĐ 108/2020/NĐ-CP ngày 14/9/2020» — the date is shared."""
    for i in range(len(cites) - 2, -1, -1):
        cite, after = cites[i], cites[i + 1]
        if cite.date is not None or after.date is None:
            continue
        gap = text[cite.end : after.start]
        same = (cite.type_code, cite.issuer_code, cite.year) == (
            after.type_code,
            after.issuer_code,
            after.year,
        )
        if same and (gap == "" or rx.PURE_COORDINATOR_RE.match(gap)):
            cite.date, cite.date_shared = after.date, True


def _repair_malformed(
    doc: Document, clean: CleanText, cites: list[_Cite], warnings: list[ExtractionWarning]
) -> list[_Cite]:
    """«8/6/2017/QĐ-UBND ngày 27/3/2017» → the one other id with that date, type and issuer."""
    result = []
    for cite in cites:
        if cite.malformed is None:
            result.append(cite)
            continue
        line = doc.line_of(clean.offsets[cite.id_start])
        n1, n2 = cite.malformed
        peers = {
            c.id: c
            for c in cites
            if c.malformed is None
            and (c.type_code, c.issuer_code, c.year) == (cite.type_code, cite.issuer_code, cite.year)
            and c.number
            and (cite.date is None or c.date == cite.date)
            and c.number.startswith(n1)
            and c.number.endswith(n2)
        }
        if len(peers) == 1:
            peer = next(iter(peers.values()))
            warnings.append(ExtractionWarning(line, f"malformed number {cite.raw_id} read as {peer.id}"))
            cite.id, cite.number, cite.repaired, cite.malformed = peer.id, peer.number, True, None
            result.append(cite)
        else:
            warnings.append(ExtractionWarning(line, f"malformed number {cite.raw_id} not resolved; dropped"))
    return result


# ---------------------------------------------------------------------------
# Laws cited by name
# ---------------------------------------------------------------------------


@cache
def law_gazetteer() -> tuple[LawEntry, ...]:
    """Rows of `data/laws.tsv`."""
    rows = files("plankg.loaders").joinpath("data/laws.tsv").read_text(encoding="utf-8")
    entries = []
    for line in rows.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        number, name, when, aliases, amends, source = (line.split("\t") + [""] * 6)[:6]
        entries.append(
            LawEntry(
                number=number.strip(),
                name=name.strip(),
                date=date.fromisoformat(when) if when.strip() else None,
                aliases=tuple(a for a in aliases.split("|") if a),
                amends=tuple(a for a in amends.split("|") if a),
                source=source.strip() or "ext",
            )
        )
    return tuple(entries)


@cache
def _laws_by_number() -> dict[str, LawEntry]:
    return {e.number: e for e in law_gazetteer()}


def _law_key(name: str) -> str:
    return re.sub(r"[\s,]+", " ", name.casefold()).strip()


@cache
def _laws_by_name() -> dict[str, tuple[LawEntry, ...]]:
    index: dict[str, list[LawEntry]] = {}
    for entry in law_gazetteer():
        if entry.amends:
            continue
        for form in (entry.name, *entry.aliases):
            index.setdefault(_law_key(form), []).append(entry)
    return {k: tuple(sorted(v, key=lambda e: e.date or date.min)) for k, v in index.items()}


@cache
def _law_name_re() -> re.Pattern[str]:
    forms = sorted(_laws_by_name(), key=len, reverse=True)
    alternatives = [r"\s{0,2},?\s{1,3}".join(re.escape(w) for w in form.split(" ")) for form in forms]
    # A lookahead on the names' first words lets the scan skip most positions cheaply.
    first_words = sorted({re.escape(form.split(" ")[0]) for form in forms})
    guard = r"(?=" + "|".join(first_words) + ")" if first_words else ""
    return re.compile(guard + r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])", re.IGNORECASE)


@dataclass
class _LawHit:
    start: int
    end: int
    entries: tuple[LawEntry, ...]  # versions; empty for an unknown law
    name: str


def _law_hits(text: str) -> list[_LawHit]:
    """Known and unknown law names in `text`, left to right, without overlaps."""
    hits = [
        _LawHit(m.start(), m.end(), _laws_by_name()[_law_key(m.group(0))], m.group(0))
        for m in _law_name_re().finditer(text)
    ]
    taken = [(h.start, h.end) for h in hits]
    for m in rx.UNKNOWN_LAW_RE.finditer(text):
        if any(s <= m.start() < e or m.start() <= s < m.end() for s, e in taken):
            continue
        name = re.sub(r"\s+", " ", m.group("name"))
        if name.casefold().startswith(("sửa đổi", "này")):
            continue
        hits.append(_LawHit(m.start(), m.end(), (), f"{m.group('word')} {name}"))
    return sorted(hits, key=lambda h: h.start)


def _law_cites(doc: Document, clean: CleanText, numbered: list[_Cite]) -> list[_Cite]:
    text = clean.text
    reference = doc.date or _latest_date(text)
    numbered_starts = {c.id_start for c in numbered}
    hits = [
        h for h in _law_hits(text) if not rx.LAW_BILL_BEFORE_RE.search(text, max(0, h.start - 30), h.start)
    ]
    result: list[_Cite] = []
    consumed: set[int] = set()
    for prefix in rx.AMENDING_LAW_PREFIX_RE.finditer(text):
        amended = _following_laws(text, prefix.end(), hits)
        if not amended:
            continue
        consumed |= {h.start for h in amended}
        # the trailing date belongs to the amending law, not to the amended ones; the amended
        # laws are the versions in force when the amending law was passed
        trailing = rx.DATE_AFTER_RE.match(text, amended[-1].end)
        passed = _date_from_match(trailing) if trailing else None
        result += [_named_law(h, text, passed or reference, None, h.end, dated=False) for h in amended]
        result.append(_amending_law(prefix, amended, text, reference))
    for hit in hits:
        if hit.start in consumed or any(c.start <= hit.start < c.end for c in result):
            continue
        after = hit.end
        qualifier = rx.LAW_AMENDED_QUALIFIER_RE.match(text, after)
        if qualifier:
            after = qualifier.end()
        number = rx.LAW_NUMBER_AFTER_RE.match(text, after)
        if number and number.end() in numbered_starts:
            for cite in numbered:
                if cite.id_start == number.end():
                    cite.start = min(cite.start, hit.start)
                    cite.title = cite.title or re.sub(r"\s+", " ", hit.name)
            continue
        result.append(_named_law(hit, text, reference, None, after))
    return result


def _following_laws(text: str, pos: int, hits: list[_LawHit]) -> list[_LawHit]:
    """Laws right after an amending prefix, joined by «,» / «và»."""
    chain: list[_LawHit] = []
    for hit in hits:
        if hit.start < pos:
            continue
        gap = text[pos : hit.start]
        if gap.strip() and not rx.PURE_COORDINATOR_RE.match(gap):
            break
        if chain and not gap.strip():
            break
        chain.append(hit)
        pos = hit.end
    return chain


def _named_law(
    hit: _LawHit, text: str, reference: date | None, forced: LawEntry | None, after: int, dated: bool = True
) -> _Cite:
    when: date | None = None
    end = hit.end
    dated_match = rx.DATE_AFTER_RE.match(text, after) if dated else None
    year_only = rx.YEAR_AFTER_RE.match(text, after) if dated else None
    if dated_match:
        when, end = _date_from_match(dated_match), dated_match.end()
    elif year_only:
        end = year_only.end()
    entry = forced or _pick_version(
        hit.entries, when, int(year_only.group("y")) if year_only else None, reference
    )
    if entry is None:
        name = re.sub(r"\s+", " ", hit.name)
        return _Cite(
            id=name,
            kind="named",
            start=hit.start,
            id_start=hit.start,
            end=end,
            raw_id=name,
            doc_type=name.split(" ")[0] if not name.startswith("Bộ luật") else "Bộ luật",
            issuer="Quốc hội",
            date=when,
            tail_end=end,
            title=name,
        )
    return _law_entry_cite(entry, hit.start, end, re.sub(r"\s+", " ", hit.name), when)


def _law_entry_cite(entry: LawEntry, start: int, end: int, raw: str, when: date | None) -> _Cite:
    parts = entry.number.split("/")
    numbered = len(parts) == 3
    return _Cite(
        id=entry.number,
        kind="named",
        start=start,
        id_start=start,
        end=end,
        raw_id=raw,
        doc_type=entry.doc_type,
        issuer_code=parts[2] if numbered else None,
        issuer="Quốc hội",
        number=parts[0] if numbered else None,
        year=int(parts[1]) if numbered else (entry.date.year if entry.date else None),
        date=when or entry.date,
        title=entry.name,
        tail_end=end,
    )


def _amending_law(prefix: re.Match[str], amended: list[_LawHit], text: str, reference: date | None) -> _Cite:
    end = amended[-1].end
    dated = rx.DATE_AFTER_RE.match(text, end)
    when = _date_from_match(dated) if dated else None
    targets = {_pick_version(h.entries, None, None, when or reference) for h in amended}
    target_numbers = {t.number for t in targets if t}
    candidates = [e for e in law_gazetteer() if e.amends and set(e.amends) == target_numbers]
    if when:
        candidates = [e for e in candidates if e.date == when] or candidates
    title = re.sub(r"\s+", " ", text[prefix.start() : end])
    if candidates and len(target_numbers) == len(amended):
        return _law_entry_cite(candidates[-1], prefix.start(), dated.end() if dated else end, title, when)
    return _Cite(
        id=title,
        kind="named",
        start=prefix.start(),
        id_start=prefix.start(),
        end=dated.end() if dated else end,
        raw_id=title,
        doc_type="Luật",
        issuer="Quốc hội",
        date=when,
        title=title,
    )


def _pick_version(
    entries: tuple[LawEntry, ...], when: date | None, year: int | None, reference: date | None
) -> LawEntry | None:
    """The law version a name refers to: by its stated date, its year, else the citing date."""
    if not entries:
        return None
    if when:
        exact = [e for e in entries if e.date == when]
        if exact:
            return exact[0]
        reference = when
    elif year:
        same = [e for e in entries if e.date and e.date.year == year]
        if same:
            return same[-1]
        reference = date(year, 12, 31)
    if reference is None:
        return entries[-1]
    older = [e for e in entries if e.date is None or e.date <= reference]
    return older[-1] if older else entries[0]


# ---------------------------------------------------------------------------
# Grouping into LegalRef
# ---------------------------------------------------------------------------


def _group(
    doc: Document, clean: CleanText, cites: list[_Cite], warnings: list[ExtractionWarning]
) -> list[LegalRef]:
    home = slugify(doc.province) if doc.province else None
    refs: dict[tuple[str, str | None], LegalRef] = {}
    dates: dict[tuple[str, str | None], set[date]] = {}
    named = _named_scopes(cites)
    for cite in sorted(cites, key=lambda c: (c.start, c.id_start)):
        scope = None
        if cite.local:
            scope = slugify(cite.province) if cite.province else named.get(_key(cite.id), home)
        key = (_key(cite.id), scope)
        ref = refs.get(key)
        if ref is None:
            ref = refs[key] = LegalRef(
                id=cite.id,
                kind=cite.kind,
                doc_type=cite.doc_type,
                type_code=cite.type_code,
                issuer_code=cite.issuer_code,
                issuer=cite.issuer,
                number=cite.number,
                year=cite.year,
                scope=scope,
                title=cite.title,
            )
        elif ref.kind == "named" and cite.kind == "numbered":
            ref.kind = "numbered"
        start, end = clean.original_span(cite.start, cite.end)
        ref.mentions.append(Mention(doc.span(start, end), cite.raw_id, cite.repaired))
        ref.repaired = ref.repaired or cite.repaired
        ref.title = ref.title or cite.title
        if cite.date and not cite.date_shared:
            dates.setdefault(key, set()).add(cite.date)
        if cite.date and (
            ref.date is None
            or (ref.date != cite.date and not cite.date_shared and _shared_only(ref, dates, key))
        ):
            ref.date = cite.date
    for key, seen in dates.items():
        if len(seen) > 1:
            ref = refs[key]
            listed = ", ".join(sorted(d.isoformat() for d in seen))
            warnings.append(
                ExtractionWarning(
                    ref.mentions[0].span.line, f"{ref.id} cited with conflicting dates: {listed}"
                )
            )
    return list(refs.values())


def _named_scopes(cites: list[_Cite]) -> dict[str, str]:
    """Local ids whose province the document names, in one way only («Quyết định số 15/2019/QĐ-UBND … của
    Ủy ban nhân dân tỉnh Yên Bái»): a bare mention of the same id elsewhere is that document too, not the
    citing province's namesake (a merged province citing the acts of the one it absorbed)."""
    seen: dict[str, set[str]] = {}
    for cite in cites:
        if cite.local and cite.province:
            seen.setdefault(_key(cite.id), set()).add(slugify(cite.province))
    return {key: next(iter(scopes)) for key, scopes in seen.items() if len(scopes) == 1}


def _shared_only(
    ref: LegalRef, dates: dict[tuple[str, str | None], set[date]], key: tuple[str, str | None]
) -> bool:
    """True while the ref's date came only from a shared (F4) date."""
    return ref.date not in dates.get(key, set())


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------


def _key(ident: str) -> str:
    """Grouping key: numbers compared numerically (04 = 4), Đ/D and case folded."""
    folded = ident.casefold().replace("đ", "d")
    return re.sub(r"(?<![\d])0+(?=\d)", "", folded)


def _make_date(day: str | None, month: str | None, year: str | None) -> date | None:
    try:
        return date(int(year or 0), int(month or 0), int(day or 0))
    except ValueError:
        return None


def _date_from_match(found: re.Match[str]) -> date | None:
    return _make_date(
        found.group("d") or found.group("d2"),
        found.group("m") or found.group("m2"),
        found.group("y") or found.group("y2"),
    )


def _latest_date(text: str) -> date | None:
    """Latest valid date written in `text` (the citing document's time, when its header lacks one)."""
    latest: date | None = None
    for found in rx.DATE_RE.finditer(text):
        when = _date_from_match(found)
        if when and 1945 <= when.year <= 2100 and (latest is None or when > latest):
            latest = when
    return latest


def _header_end(text: str) -> int:
    pos = 0
    for _ in range(rx.HEADER_MAX_LINES):
        nxt = text.find("\n", pos)
        if nxt < 0:
            return len(text)
        pos = nxt + 1
    return pos


def _clean_offset(clean: CleanText, original: int) -> int:
    """First cleaned offset whose original offset is at or after `original`."""
    from bisect import bisect_left

    return min(bisect_left(clean.offsets, original), len(clean.text))
