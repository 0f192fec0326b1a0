"""One synthetic document being written: text pieces, citations, tasks, shared parts."""

from __future__ import annotations

import calendar
import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from plankg.loaders.synth.material import (
    CHAR_CONFUSIONS,
    DISTRACTORS,
    IMPLEMENT_TASK,
    LIST_MARKER_RE,
    REORG_DATE,
    TASKS,
    WORD_CONFUSIONS,
    WORD_RE,
    _agencies,
    _Law,
    _laws,
    _Province,
)
from plankg.loaders.synth.world import _pick_number, _random_date, _Ref, _World
from plankg.loaders.text import slugify

# --------------------------------------------------------------------------------------------------
# Pieces of text: plain strings and citations
# --------------------------------------------------------------------------------------------------


@dataclass
class _Span:
    ref: _Ref
    start: int  # in the citation text
    end: int
    raw: str  # the id as written
    repaired: bool = False


@dataclass
class _Cite:
    text: str
    spans: list[_Span]


Piece = str | _Cite


@dataclass
class _Mention:
    ref: _Ref
    start: int
    end: int
    line: int
    raw: str
    repaired: bool


@dataclass
class _Task:
    number: str | None
    text: str
    section: str
    area: str
    lead: list[str]
    cooperating: list[str]
    products: list[str]
    deadline: dict[str, Any] | None
    budget: dict[str, Any] | None
    references: list[str]
    context: str | None = None


# --------------------------------------------------------------------------------------------------
# One document
# --------------------------------------------------------------------------------------------------


@dataclass
class _DocGen:
    rng: random.Random
    world: _World
    noise: float
    layout: str
    plan_year: int
    when: date  # date of the document
    province: _Province
    absorbed: list[str]
    number: str  # own number, canonical
    lines: list[str] = field(default_factory=list)
    mentions: list[_Mention] = field(default_factory=list)
    pos: int = 0
    relations: list[tuple[str, str, str]] = field(default_factory=list)
    tasks: list[_Task] = field(default_factory=list)
    local_refs: dict[str, _Ref] = field(default_factory=dict)
    used_local: set = field(default_factory=set)

    # ---------------------------------------------------------------- identity

    @property
    def slug(self) -> str:
        return slugify(self.province.name)

    @property
    def place(self) -> str:
        return self.province.name

    @property
    def level(self) -> str:
        return self.province.kind

    @property
    def province_phrase(self) -> str:
        name = self.province.name.removeprefix("Thành phố ")
        return f"{self.level} {name}"

    @property
    def post_reorg(self) -> bool:
        return self.when >= REORG_DATE

    # ---------------------------------------------------------------- output

    def emit(self, pieces: list[Piece] | str = "", *, wrap: int | None = None) -> None:
        """Append one line (or one hard-wrapped paragraph) to the document."""
        if isinstance(pieces, str):
            pieces = [pieces]
        text, spans = self._render(pieces)
        if wrap:
            text, spans = self._wrap(text, spans, wrap)
        for span in spans:
            start = self.pos + span.start
            self.mentions.append(_Mention(span.ref, start, start + len(span.raw), 0, span.raw, span.repaired))
        self.lines.append(text)
        self.pos += len(text) + 1

    def damage(self, pieces: list[Piece]) -> list[Piece]:
        """OCR noise on the plain text of running prose (citations get their own, in `cite`)."""
        if not self.noise:
            return pieces
        return [self._noise_plain(p) if isinstance(p, str) else p for p in pieces]

    def blank(self) -> None:
        self.emit("")

    def _render(self, pieces: list[Piece]) -> tuple[str, list[_Span]]:
        out: list[str] = []
        spans: list[_Span] = []
        pos = 0
        for piece in pieces:
            if isinstance(piece, str):
                text = piece
            else:
                text = piece.text
                spans += [_Span(s.ref, pos + s.start, pos + s.end, s.raw, s.repaired) for s in piece.spans]
            out.append(text)
            pos += len(text)
        return "".join(out), spans

    def _noise_plain(self, text: str) -> str:
        def damage(match: re.Match[str]) -> str:
            word = match.group(0)
            if self.rng.random() >= self.noise:
                return word
            if word in WORD_CONFUSIONS:
                return self.rng.choice(WORD_CONFUSIONS[word])
            spots = [i for i, ch in enumerate(word) if ch in CHAR_CONFUSIONS]
            if not spots:
                return word
            i = self.rng.choice(spots)
            return word[:i] + CHAR_CONFUSIONS[word[i]] + word[i + 1 :]

        return WORD_RE.sub(damage, text)

    def _wrap(self, text: str, spans: list[_Span], width: int) -> tuple[str, list[_Span]]:
        """Hard-wrap at spaces outside ids; a stray «.» may precede a break (OCR)."""
        protected = [False] * len(text)
        for s in spans:
            for i in range(s.start, s.end):
                protected[i] = True
        words: list[tuple[int, int]] = []  # (start, end) of space-separated tokens
        i = 0
        while i < len(text):
            j = i
            while j < len(text) and not (text[j] == " " and not protected[j]):
                j += 1
            words.append((i, j))
            i = j + 1
        out: list[str] = []
        inserted: list[int] = []  # original offsets where one char was inserted before
        column = 0
        for k, (a, b) in enumerate(words):
            token = text[a:b]
            if k:
                breakable = column + 1 + len(token) > width and not LIST_MARKER_RE.match(token)
                if breakable:
                    if (
                        self.noise
                        and self.rng.random() < min(1.0, 10 * self.noise)
                        and out[-1][-1:].isalnum()
                    ):
                        out.append(".")
                        inserted.append(a - 1)
                    out.append("\n")
                    column = 0
                else:
                    out.append(" ")
                    column += 1
            out.append(token)
            column = len(token.rsplit("\n", 1)[-1]) if "\n" in token else column + len(token)
        wrapped = "".join(out)
        shifted = [
            _Span(
                s.ref,
                s.start + sum(1 for p in inserted if p < s.start),
                s.end + sum(1 for p in inserted if p < s.start),
                s.raw,
                s.repaired,
            )
            for s in spans
        ]
        return wrapped, shifted

    # ---------------------------------------------------------------- citations

    def _date_text(self, when: date, style: str | None = None) -> str:
        style = style or self.rng.choice(("dmy", "dmy", "dmy0", "long"))
        if style == "long":
            return f"{when.day:02d} tháng {when.month} năm {when.year}"
        if style == "dmy0":
            return f"{when.day:02d}/{when.month:02d}/{when.year}"
        return f"{when.day}/{when.month}/{when.year}"

    def _raw_id(self, ref: _Ref, *, wrapped: bool) -> tuple[str, bool]:
        """How the id is written (surface variants and OCR damage); (raw, repaired)."""
        rng = self.rng
        raw = ref.id
        damaged = self.noise and rng.random() < min(1.0, 5 * self.noise)
        if ref.type_code == "CĐ" and rng.random() < 0.7:
            raw = raw.replace("CĐ-", "CD-")  # the seeds always write CD
        if ref.party and damaged and ref.issuer_code in ("TU", "TW"):
            return raw.replace("-", " ", 1), True  # «14 KH/TU»
        if ref.issuer_code == "UBND" and damaged:
            return raw.replace("-UBND", "-" + rng.choice(("USND", "1BND"))), True
        if ref.type_code and not ref.party and rng.random() < 0.06:
            raw = raw.replace("/", " /", 1) if rng.random() < 0.5 else raw.replace("-", "- ", 1)  # F22
        if wrapped and ref.type_code and not ref.party and "UBND" in raw and rng.random() < 0.25:
            raw = raw.replace("-UBND", "-\nUBND")  # F21: a line break inside the id
        return raw, False

    def _so(self) -> str:
        if self.noise and self.rng.random() < min(1.0, 5 * self.noise):
            return self.rng.choice(("sà", "sô"))
        return "số"

    def cite(
        self, ref: _Ref, *, form: str | None = None, wrapped: bool = False, title: bool = False
    ) -> _Cite:
        """One citation of one document: «Nghị định số 107/2020/NĐ-CP ngày 14/9/2020 của Chính phủ»."""
        rng = self.rng
        if ref.kind == "named":
            return self._cite_law(ref)
        form = form or rng.choice(("full", "full", "full", "bare", "noso", "dated"))
        raw, repaired = self._raw_id(ref, wrapped=wrapped)
        word = ref.type_word
        if ref.doc_type == "Công văn" and rng.random() < 0.4:
            word = "Văn bản"
        head = f"{word} " if form == "noso" else f"{word} {self._so()} "
        tail = ""
        if form in ("full", "dated"):
            tail = f" ngày {self._date_text(ref.date)}"
        if form == "full":
            tail += f" {ref.issuer_phrase}"
        spans = [_Span(ref, len(head), len(head) + len(raw), raw, repaired)]
        if title and ref.amends is not None:  # the title names the amended decree
            inner = self.cite(ref.amends, form="bare", wrapped=wrapped)
            tail += " sửa đổi, bổ sung một số điều của "
            at = len(head + raw + tail)
            spans += [_Span(s.ref, at + s.start, at + s.end, s.raw, s.repaired) for s in inner.spans]
            tail += inner.text
            self.relations.append((ref.id, "amends", ref.amends.id))
        elif title and ref.title:
            tail += f" {ref.title}"
        return _Cite(head + raw + tail, spans)

    def _cite_law(self, ref: _Ref) -> _Cite:
        name = ref.title or ref.id
        if ref.amends_ids:  # «Luật sửa đổi, bổ sung một số điều của Luật A và Luật B ngày …»
            text = name
            spans = [_Span(ref, 0, len(name), name)]
            for law in (self._law_ref(n) for n in ref.amends_ids):
                at = name.find(law.title or "", len("Luật sửa đổi"))
                if at >= 0:
                    spans.append(_Span(law, at, at + len(law.title or ""), law.title or ""))
            for amended in ref.amends_ids:
                self.relations.append((ref.id, "amends", self._law_ref(amended).id))
            return _Cite(f"{text} ngày {self._date_text(ref.date, 'dmy')}", spans)
        tail = f" ngày {self._date_text(ref.date, 'dmy')}" if self.rng.random() < 0.7 else ""
        return _Cite(name + tail, [_Span(ref, 0, len(name), name)])

    def _law_ref(self, number: str) -> _Ref:
        law = next(x for x in _laws() if x.number == number)
        doc_type = "Hiến pháp" if law.name.startswith("Hiến pháp") else "Luật"
        return _Ref(
            id=law.name,
            kind="named",
            doc_type=doc_type,
            type_word=doc_type,
            type_code=None,
            issuer_code=None,
            issuer="Quốc hội",
            issuer_phrase="của Quốc hội",
            number=None,
            year=law.date.year,
            date=law.date,
            title=law.name,
            resolved_id=law.number,
            amends_ids=law.amends,
        )

    def laws_in_force(self) -> list[_Ref]:
        """The latest version of each law not newer than the document (name-only citations)."""
        latest: dict[str, _Law] = {}
        for law in _laws():
            current = latest.get(law.name)
            if (
                law.date <= self.when
                and not law.name.startswith("Hiến pháp")
                and (current is None or current.date < law.date)
            ):
                latest[law.name] = law
        return [self._law_ref(law.number) for law in latest.values()]

    def numbered_law(self, ref: _Ref) -> tuple[_Cite, _Ref]:
        """«Luật Tổ chức Chính phủ số 63/2025/QH15»: a law cited with its number (numbered)."""
        assert ref.resolved_id
        number, year, body = ref.resolved_id.split("/")
        numbered = _Ref(
            id=ref.resolved_id,
            kind="numbered",
            doc_type="Luật",
            type_word="Luật",
            type_code=None,
            issuer_code=body,
            issuer="Quốc hội",
            issuer_phrase="của Quốc hội",
            number=number,
            year=int(year),
            date=ref.date,
            title=ref.title,
        )
        head = f"{ref.title} {self._so()} "
        span = _Span(numbered, len(head), len(head) + len(ref.resolved_id), ref.resolved_id)
        return _Cite(head + ref.resolved_id, [span]), numbered

    def local(
        self, kind: str, *, year_in_id: bool = False, before: date | None = None, recent: bool = False
    ) -> _Ref:
        """A document of this province: QĐ-UBND, KH-UBND, TTr-SNV, Party documents of the Tỉnh ủy."""
        rng = self.rng
        limit = before or self.when
        year = rng.randint(max(2010, limit.year - 4), limit.year)
        when = limit - timedelta(days=rng.randint(3, 40)) if recent else _random_date(rng, year)
        year = when.year
        if when >= limit:
            when = limit - timedelta(days=rng.randint(5, 60))
            year = when.year
        spec = {
            "QĐ-UBND": ("QĐ", "UBND", "Quyết định", "Ủy ban nhân dân", "của UBND tỉnh", 100, 5999, False),
            "KH-UBND": ("KH", "UBND", "Kế hoạch", "Ủy ban nhân dân", "của UBND tỉnh", 10, 999, False),
            "TTr-SNV": ("TTr", "SNV", "Tờ trình", "Sở Nội vụ", "của Sở Nội vụ", 100, 3999, False),
            "SNV-CCHC": (None, "SNV", "Văn bản", "Sở Nội vụ", "của Sở Nội vụ", 100, 3999, False),
            "NQ/TU": ("NQ", "TU", "Nghị quyết", "Tỉnh ủy", "của Ban Chấp hành Đảng bộ tỉnh", 1, 39, True),
            "CT/TU": ("CT", "TU", "Chỉ thị", "Tỉnh ủy", "của Ban Thường vụ Tỉnh ủy", 1, 49, True),
            "KH/TU": ("KH", "TU", "Kế hoạch", "Tỉnh ủy", "của Ban Thường vụ Tỉnh ủy", 1, 199, True),
            "BC/TU": ("BC", "TU", "Báo cáo", "Tỉnh ủy", "của Ban Thường vụ Tỉnh ủy", 50, 499, True),
        }[kind]
        type_code, issuer_code, word, issuer, phrase, low, high, party = spec
        number = _pick_number(rng, self.used_local, kind, year if year_in_id else None, low, high)
        if party:
            ident = f"{number}-{kind}"
        elif kind == "SNV-CCHC":
            ident = f"{number}/SNV-CCHC"
        else:
            ident = f"{number}/{year}/{kind}" if year_in_id else f"{number}/{kind}"
        if ident == self.number:
            return self.local(kind, year_in_id=year_in_id, before=before)
        ref = _Ref(
            id=ident,
            kind="numbered",
            doc_type=word if kind != "SNV-CCHC" else "Công văn",
            type_word=word,
            type_code=type_code,
            issuer_code=issuer_code,
            issuer=issuer,
            issuer_phrase=phrase,
            number=number,
            year=year if year_in_id else None,
            date=when,
            local=True,
            party=party,
            title="về đẩy mạnh cải cách hành chính trên địa bàn tỉnh",
        )
        self.local_refs[ident] = ref
        return ref

    def national(self, pool: list[_Ref]) -> _Ref | None:
        usable = [r for r in pool if r.date <= self.when]
        return self.rng.choice(usable) if usable else None

    # ---------------------------------------------------------------- agencies

    def agency(self, key: str) -> tuple[str, str]:
        """(canonical name, surface) of an agency type, successor first when renamed or merged."""
        types = _agencies()
        kind = types[key]
        name = kind.name.replace("{province}", self.province.name)
        forms = (
            [kind.name.replace("{province}", "tỉnh"), *kind.aliases]
            if not kind.collective
            else [kind.name, *kind.aliases[:3]]
        )
        surface = forms[0] if self.rng.random() < 0.6 else self.rng.choice(forms)
        if "{province}" in kind.name and surface == forms[0]:
            surface = name
        return name, surface

    def valid(self, key: str) -> bool:
        return _agencies()[key].valid(self.when)

    def area_lead(self, area: str) -> str:
        if area == "digital_government":
            return (
                "so-thong-tin-va-truyen-thong"
                if self.valid("so-thong-tin-va-truyen-thong")
                else ("so-khoa-hoc-va-cong-nghe")
            )
        if area == "procedures":
            return self.rng.choice(
                ("van-phong-ubnd-tinh", "van-phong-ubnd-tinh", "trung-tam-phuc-vu-hanh-chinh-cong")
            )
        return {
            "direction": "so-noi-vu",
            "institutions": "so-tu-phap",
            "organization": "so-noi-vu",
            "civil_service": "so-noi-vu",
            "public_finance": "so-tai-chinh",
        }[area]

    def cooperators(self) -> list[str]:
        keys = [
            "cac-so-ban-nganh",
            "cac-co-quan-don-vi-lien-quan",
            "ubnd-cap-xa",
            "so-tu-phap",
            "so-tai-chinh",
            "van-phong-ubnd-tinh",
            "so-noi-vu",
            "cac-don-vi-su-nghiep-cong-lap",
        ]
        if not self.post_reorg:
            keys.append("ubnd-cap-huyen")
        if self.valid("so-ke-hoach-va-dau-tu"):
            keys.append("so-ke-hoach-va-dau-tu")
        if self.valid("so-nong-nghiep-va-moi-truong"):
            keys.append("so-nong-nghiep-va-moi-truong")
        return keys

    # ---------------------------------------------------------------- deadlines and budgets

    def deadline(self) -> tuple[str, dict[str, Any]]:
        rng, y = self.rng, self.plan_year
        form = rng.choice(("quarter", "quarter", "month", "before", "year", "regular"))
        if form == "quarter":
            q = rng.randint(1, 4)
            text = f"Quý {('I', 'II', 'III', 'IV')[q - 1]}/{y}"
            start, end = date(y, 3 * q - 2, 1), date(y, 3 * q, calendar.monthrange(y, 3 * q)[1])
            return text, _deadline(text, start, end)
        if form == "month":
            m = rng.randint(1, 12)
            text = f"Tháng {m:02d}/{y}" if rng.random() < 0.5 else f"Tháng {m}/{y}"
            return text, _deadline(text, date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]))
        if form == "before":
            when = _random_date(rng, y)
            text = f"Trước {when.day:02d}/{when.month:02d}/{y}"
            return text, _deadline(text, None, when)
        if form == "year":
            text = f"Năm {y}"
            return text, _deadline(text, date(y, 1, 1), date(y, 12, 31))
        text = "Thường xuyên"
        return text, _deadline(text, date(y, 1, 1), date(y, 12, 31), recurring=True)


def _deadline(text: str, start: date | None, end: date | None, recurring: bool = False) -> dict[str, Any]:
    return {
        "text": text,
        "start": start.isoformat() if start else None,
        "end": end.isoformat() if end else None,
        "recurring": recurring,
    }


# --------------------------------------------------------------------------------------------------
# Shared document parts
# --------------------------------------------------------------------------------------------------


def _preamble_refs(g: _DocGen) -> list[tuple[str, list[_Cite], list[_Ref]]]:
    """(cue, citations, top-level refs) of the preamble paragraphs «Căn cứ …», «Thực hiện …»."""
    rng = g.rng
    items: list[tuple[str, list[_Cite], list[_Ref]]] = []
    laws = {law.title: law for law in g.laws_in_force()}
    local_law = laws.get("Luật Tổ chức chính quyền địa phương")
    if local_law:
        if rng.random() < 0.25 and local_law.resolved_id and local_law.resolved_id.endswith("QH15"):
            cite, numbered = g.numbered_law(local_law)
            items.append(("Căn cứ", [cite], [numbered]))
        else:
            items.append(("Căn cứ", [g.cite(local_law)], [local_law]))
    amending = [law for law in laws.values() if law.amends_ids]
    if amending and rng.random() < 0.6:
        law = rng.choice(amending)
        items.append(("Căn cứ", [g.cite(law)], [law]))
    decree = g.national([d for d in g.world.decrees if d.twin is None])
    if decree:
        items.append(("Căn cứ", [g.cite(decree, form="full", title=True)], [decree]))
    resolution = g.national(g.world.resolutions)
    if resolution and rng.random() < 0.6:
        items.append(("Căn cứ", [g.cite(resolution, form="full", title=True)], [resolution]))
    letter = g.world.letters.get(g.plan_year)
    if letter and letter.date <= g.when:
        items.append(
            ("Thực hiện", [g.cite(letter, form=rng.choice(("full", "dated")), title=True)], [letter])
        )
    return items


def _preamble_relations(g: _DocGen, items: list[tuple[str, list[_Cite], list[_Ref]]]) -> None:
    for cue, _, refs in items:
        for ref in refs:
            g.relations.append((g.number, "based_on" if cue == "Căn cứ" else "implements", ref.id))


def _emit_preamble(
    g: _DocGen, items: list[tuple[str, list[_Cite], list[_Ref]]], *, wrap: int | None, italic: bool = False
) -> None:
    mark = "*" if italic else ""
    for cue, cites, _ in items:
        pieces: list[Piece] = [f"{mark}{cue} "]
        for k, cite in enumerate(cites):
            pieces += ([", "] if k else []) + [cite]
        pieces.append(f";{mark}")
        g.emit(pieces, wrap=wrap)
        g.blank()


def _body_sentences(g: _DocGen, wrap: bool) -> list[list[Piece]]:
    """Prose sentences carrying the harder citation forms and the relations they state."""
    rng, world = g.rng, g.world
    out: list[list[Piece]] = []
    chains = [(a, b) for a, b in world.chains if a.date <= g.when]
    if chains:
        amender, base = rng.choice(chains)
        out.append(
            [
                "Tiếp tục thực hiện cơ chế tự chủ theo quy định tại ",
                g.cite(base, form="full", wrapped=wrap, title=True),
                "; ",
                g.cite(amender, form="full", wrapped=wrap),
                " về sửa đổi, bổ sung một số điều của ",
                g.cite(base, form="bare", wrapped=wrap),
                ".",
            ]
        )
        g.relations.append((amender.id, "amends", base.id))
    replacements = [(a, b) for a, b in world.replacements if a.date <= g.when]
    if replacements and rng.random() < 0.8:
        new, old = rng.choice(replacements)
        out.append(
            [
                "Rà soát các quy định của tỉnh cho phù hợp với ",
                g.cite(new, form="full", wrapped=wrap),
                f" {new.title}, thay thế ",
                g.cite(old, form="bare", wrapped=wrap),
                ".",
            ]
        )
        g.relations.append((new.id, "replaces", old.id))
    twins = [(a, b) for a, b in world.twins if a.date <= g.when]
    if twins:
        first, second = rng.choice(twins)
        if rng.random() < 0.5:  # F5: one mention, two documents
            text = f"Nghị định {g._so()} "
            raw = f"{first.number}, {second.id}"
            out.append(
                [
                    "Hoàn thành việc sắp xếp các cơ quan chuyên môn theo ",
                    _Cite(
                        text + raw + " của Chính phủ",
                        [
                            _Span(first, len(text), len(text) + len(raw), raw),
                            _Span(second, len(text), len(text) + len(raw), raw),
                        ],
                    ),
                    ".",
                ]
            )
        else:  # F4: shared trailing date
            out.append(
                [
                    "Kiện toàn tổ chức bộ máy theo ",
                    g.cite(first, form="bare", wrapped=wrap),
                    " và ",
                    g.cite(second, form="full", wrapped=wrap),
                    ".",
                ]
            )
    telegrams = [t for t in world.telegrams if t.date <= g.when]
    if len(telegrams) >= 2 and rng.random() < 0.5:  # F6: shared type word
        a, b = rng.sample(telegrams, 2)
        ra, _ = g._raw_id(a, wrapped=False)
        rb, _ = g._raw_id(b, wrapped=False)
        head = f"Công điện {g._so()} "
        text = f"{head}{ra} và {rb} của Thủ tướng Chính phủ"
        out.append(
            [
                "Quán triệt ",
                _Cite(
                    text,
                    [
                        _Span(a, len(head), len(head) + len(ra), ra),
                        _Span(b, len(head) + len(ra) + 4, len(head) + len(ra) + 4 + len(rb), rb),
                    ],
                ),
                " về sắp xếp tổ chức bộ máy.",
            ]
        )
    party = [p for p in world.party if p.date <= g.when and p.type_code == "NQ"]
    if len(party) >= 2 and rng.random() < 0.7:  # F7 with an implements cue
        a, b = rng.sample(party, 2)
        out.append(
            [
                "Tuyên truyền, quán triệt, triển khai thực hiện ",
                g.cite(a, form="bare"),
                " và ",
                g.cite(b, form="bare"),
                " của Ban Chấp hành Trung ương Đảng.",
            ]
        )
        g.relations += [(g.number, "implements", a.id), (g.number, "implements", b.id)]
    if party and rng.random() < 0.6:  # a Party plan of the province implementing a TW resolution
        target = rng.choice(party)
        plan = g.local("KH/TU", before=g.when)
        plan.date = max(plan.date, target.date + timedelta(days=30))
        if plan.date >= g.when:
            plan.date = g.when - timedelta(days=3)
        out.append(
            [
                "Cụ thể hóa ",
                g.cite(plan, form="full"),
                " thực hiện ",
                g.cite(target, form="bare"),
                " trên địa bàn tỉnh.",
            ]
        )
        g.relations.append((plan.id, "implements", target.id))
    decision = g.local("QĐ-UBND", before=g.when)
    out.append(
        [  # F9: a named plan with its promulgating decision in parentheses
            f"Kế hoạch cải cách hành chính năm {decision.date.year} (",
            g.cite(decision, form="dated", wrapped=wrap),
            ") đã được triển khai đồng bộ; 29/29 cơ quan, đơn vị hoàn thành kế hoạch.",
        ]
    )
    normative = g.local("QĐ-UBND", year_in_id=True, before=g.when)
    out.append(
        [  # F10: mid-sentence attachment (not the document itself)
            "Thực hiện nghiêm Quy định trách nhiệm người đứng đầu ban hành kèm theo ",
            g.cite(normative, form="full", wrapped=wrap),
            ".",
        ]
    )
    directive = g.national(world.directives)
    if directive:
        out.append(
            [
                "Quán triệt ",
                g.cite(directive, form=rng.choice(("noso", "full"))),
                " về đẩy mạnh thực hiện Chương trình tổng thể cải cách hành chính nhà nước.",
            ]
        )
    circular = g.national(world.circulars)
    if circular:
        out.append(
            ["Thực hiện chế độ báo cáo theo quy định tại ", g.cite(circular, form="full", wrapped=wrap), "."]
        )
    pm = g.national(world.pm_decisions)
    if pm:
        out.append(
            [
                "Áp dụng Hệ thống quản lý chất lượng theo ",
                g.cite(pm, form="full", wrapped=wrap),
                " và tiêu chuẩn TCVN ISO 9001:2015.",
            ]
        )
    laws = g.laws_in_force()
    if laws:
        named = rng.sample(laws, min(2, len(laws)))
        pieces: list[Piece] = ["Triển khai đồng bộ các quy định của "]
        for k, law in enumerate(named):
            pieces += ([", "] if k else []) + [g.cite(law)]
        pieces.append(" và các văn bản hướng dẫn.")
        out.append(pieces)
    if rng.random() < 0.6:
        constitution = g._law_ref("HienPhap-2013")
        out.append(
            [
                "Rà soát văn bản quy phạm pháp luật của tỉnh bảo đảm phù hợp với ",
                _Cite("Hiến pháp năm 2013", [_Span(constitution, 0, len("Hiến pháp"), "Hiến pháp")]),
                ".",
            ]
        )
    for template in rng.sample(DISTRACTORS, 3):
        out.append([template.format(y=g.plan_year, p=g.plan_year - 1)])
    rng.shuffle(out)
    return out


def _task_text(g: _DocGen, area: str) -> tuple[str, list[Piece], list[str]]:
    """(plain text, pieces, reference ids) of one task sentence, sometimes with a citation."""
    rng = g.rng
    template = rng.choice(TASKS[area])
    ref: _Ref | None = None
    implement = False
    if "{c}" in template or rng.random() < 0.08:
        pool = g.world.decrees + g.world.pm_decisions + g.world.circulars
        ref = g.national(pool)
        if ref is not None and "{c}" not in template:
            template, implement = IMPLEMENT_TASK, True
    if ref is None:
        text = template.replace(" theo {c}", "").replace("{c}", "").format(y=g.plan_year)
        return text, [text], []
    head, tail = template.format(c="\x00", y=g.plan_year).split("\x00")
    cite = g.cite(ref, form=rng.choice(("full", "bare", "noso", "dated")))
    if implement:
        g.relations.append((g.number, "implements", ref.id))
    text = head + cite.text + tail
    return text, [head, cite, tail], [ref.id]


def _agency_names(g: _DocGen, keys: list[str]) -> tuple[list[str], list[str]]:
    names, surfaces = [], []
    for key in keys:
        name, surface = g.agency(key)
        if name not in names:
            names.append(name)
            surfaces.append(surface)
    return names, surfaces


def _pick_agencies(g: _DocGen, area: str) -> tuple[list[str], list[str], list[str], list[str]]:
    rng = g.rng
    lead_keys = [g.area_lead(area)]
    if rng.random() < 0.15:
        lead_keys.append(rng.choice(("so-tu-phap", "so-tai-chinh", "van-phong-ubnd-tinh")))
    coop_keys = [k for k in rng.sample(g.cooperators(), rng.randint(0, 2)) if k not in lead_keys]
    lead, lead_s = _agency_names(g, lead_keys)
    coop, coop_s = _agency_names(g, coop_keys)
    return lead, lead_s, coop, coop_s


def _header_lines(g: _DocGen, kind_word: str, title: str, *, pipe: bool = False) -> None:
    issuer = f"ỦY BAN NHÂN DÂN\n{g.province_phrase.upper()}"
    place = g.place.removeprefix("Thành phố ")
    dateline = f"{place}, ngày {g.when.day:02d} tháng {g.when.month:02d} năm {g.when.year}"
    number = g.number
    if pipe:
        for line in (
            "|",
            f"**{issuer}**",
            "-------",
            "|",
            "**CỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM**",
            "Độc lập - Tự do - Hạnh phúc",
            "---------------",
            "|",
            "|",
            f"Số: {number}",
            "|",
            f"*{dateline}*",
            "|",
            "",
        ):
            g.emit(line)
        g.emit(f"**{kind_word}**")
        g.blank()
        g.emit(f"**{title}**")
        g.blank()
        return
    g.emit("ỦY BAN NHÂN DÂN   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    g.emit(f"{g.province_phrase.upper()}   Độc lập - Tự do - Hạnh phúc")
    g.emit(f"Số: {number}")
    g.blank()
    g.emit(dateline)
    g.blank()
    g.emit(kind_word)
    g.emit(title)
    g.blank()
