"""The synthetic legal world: decrees, laws and local documents with amendment chains."""

from __future__ import annotations

import calendar
import random
from dataclasses import dataclass
from datetime import date

from plankg.loaders.synth.material import DECREE_TOPICS

# --------------------------------------------------------------------------------------------------
# The synthetic legal world: cited documents
# --------------------------------------------------------------------------------------------------


@dataclass
class _Ref:
    id: str
    kind: str  # numbered | named
    doc_type: str
    type_word: str  # the word written before the id («Nghị định», «Công văn», …)
    type_code: str | None
    issuer_code: str | None
    issuer: str | None
    issuer_phrase: str  # «của Chính phủ»
    number: str | None
    year: int | None
    date: date
    title: str | None = None
    local: bool = False
    party: bool = False
    resolved_id: str | None = None
    amends: _Ref | None = None  # the decree it amends (its title says so)
    amends_ids: tuple[str, ...] = ()  # numbers of the laws an amending law amends
    replaces: _Ref | None = None
    twin: _Ref | None = None  # same type, year and date (combined and shared-date forms)


@dataclass
class _World:
    decrees: list[_Ref]
    chains: list[tuple[_Ref, _Ref]]  # (amending, amended)
    replacements: list[tuple[_Ref, _Ref]]  # (new, replaced)
    twins: list[tuple[_Ref, _Ref]]
    pm_decisions: list[_Ref]
    resolutions: list[_Ref]
    directives: list[_Ref]
    telegrams: list[_Ref]
    circulars: list[_Ref]
    letters: dict[int, _Ref]  # BNV guidance letter per plan year
    party: list[_Ref]


def _pick_number(
    rng: random.Random,
    used: set[tuple[str, int | None, str]],
    code: str,
    year: int | None,
    low: int,
    high: int,
) -> str:
    while True:
        n = rng.randint(low, high)
        key = (code, year, str(n))
        if key not in used:
            used.add(key)
            return str(n)


def _random_date(rng: random.Random, year: int, first: int = 1, last: int = 12) -> date:
    month = rng.randint(first, last)
    return date(year, month, rng.randint(1, calendar.monthrange(year, month)[1]))


def _decree(rng: random.Random, used: set, year: int, topic: str, when: date | None = None) -> _Ref:
    number = _pick_number(rng, used, "NĐ-CP", year, 400, 989)
    return _Ref(
        id=f"{number}/{year}/NĐ-CP",
        kind="numbered",
        doc_type="Nghị định",
        type_word="Nghị định",
        type_code="NĐ",
        issuer_code="CP",
        issuer="Chính phủ",
        issuer_phrase="của Chính phủ",
        number=number,
        year=year,
        date=when or _random_date(rng, year),
        title=topic,
    )


def _national(rng: random.Random, used: set, kind: str, year: int, *, with_year: bool) -> _Ref:
    type_code, issuer_code, word, issuer, low, high = {
        "QĐ-TTg": ("QĐ", "TTg", "Quyết định", "Thủ tướng Chính phủ", 1000, 2999),
        "NQ-CP": ("NQ", "CP", "Nghị quyết", "Chính phủ", 100, 399),
        "CT-TTg": ("CT", "TTg", "Chỉ thị", "Thủ tướng Chính phủ", 10, 49),
        "CĐ-TTg": ("CĐ", "TTg", "Công điện", "Thủ tướng Chính phủ", 100, 999),
        "TT-BNV": ("TT", "BNV", "Thông tư", "Bộ Nội vụ", 10, 49),
        "TT-BTC": ("TT", "BTC", "Thông tư", "Bộ Tài chính", 50, 199),
        "TT-VPCP": ("TT", "VPCP", "Thông tư", "Văn phòng Chính phủ", 10, 49),
    }[kind]
    if with_year and kind == "QĐ-TTg":
        low, high = 10, 69
    number = _pick_number(rng, used, kind, year if with_year else None, low, high)
    if kind == "NQ-CP" and rng.random() < 0.2:
        number = f"{int(number) % 9 + 1:02d}"  # leading zero: «04/NQ-CP»
        if ("NQ-CP", None, number) in used:
            number = f"{number}{rng.choice('abc')}"
        used.add(("NQ-CP", None, number))
    ident = f"{number}/{year}/{kind}" if with_year else f"{number}/{kind}"
    return _Ref(
        id=ident,
        kind="numbered",
        doc_type=word,
        type_word=word,
        type_code=type_code,
        issuer_code=issuer_code,
        issuer=issuer,
        issuer_phrase=f"của {issuer}",
        number=number,
        year=year if with_year else None,
        date=_random_date(rng, year),
        title="về đẩy mạnh cải cách hành chính" if kind != "CĐ-TTg" else "về sắp xếp tổ chức bộ máy",
    )


def _build_world(rng: random.Random) -> _World:
    used: set[tuple[str, int | None, str]] = set()
    decrees: list[_Ref] = []
    chains: list[tuple[_Ref, _Ref]] = []
    replacements: list[tuple[_Ref, _Ref]] = []
    for topic in DECREE_TOPICS:
        base = _decree(rng, used, rng.randint(2005, 2018), topic)
        decrees.append(base)
        latest = base.year or 2018
        if rng.random() < 0.7:
            year = rng.randint(latest + 1, min(latest + 6, 2024))
            amender = _decree(rng, used, year, "sửa đổi, bổ sung một số điều của")
            amender.amends = base
            decrees.append(amender)
            chains.append((amender, base))
            latest = year
        if rng.random() < 0.5:
            year = rng.randint(latest + 1, min(latest + 5, 2025))
            new = _decree(rng, used, year, topic)
            new.replaces = base
            decrees.append(new)
            replacements.append((new, base))
    twins = []
    for _ in range(4):
        year = rng.randint(2016, 2025)
        when = _random_date(rng, year)
        first = _decree(rng, used, year, "quy định tổ chức các cơ quan chuyên môn", when)
        number = str(int(first.number or "0") + 1)
        used.add(("NĐ-CP", year, number))
        second = _decree(rng, used, year, "quy định tổ chức các cơ quan chuyên môn cấp huyện", when)
        second.id, second.number = f"{number}/{year}/NĐ-CP", number
        first.twin, second.twin = second, first
        decrees += [first, second]
        twins.append((first, second))
    letters = {}
    for plan_year in range(2016, 2028):
        year = plan_year - 1
        number = _pick_number(rng, used, "BNV-CCHC", year, 3000, 7999)
        letters[plan_year] = _Ref(
            id=f"{number}/BNV-CCHC",
            kind="numbered",
            doc_type="Công văn",
            type_word="Công văn",
            type_code=None,
            issuer_code="BNV",
            issuer="Bộ Nội vụ",
            issuer_phrase="của Bộ Nội vụ",
            number=number,
            year=None,
            date=_random_date(rng, year, 10, 12),
            title=f"về việc hướng dẫn xây dựng kế hoạch cải cách hành chính năm {plan_year}",
        )
    party = []
    for code, word, count in (("NQ", "Nghị quyết", 3), ("KL", "Kết luận", 2), ("CT", "Chỉ thị", 1)):
        for _ in range(count):
            year = rng.randint(2012, 2024)
            number = _pick_number(rng, used, f"{code}/TW", None, 10, 79)
            party.append(
                _Ref(
                    id=f"{number}-{code}/TW",
                    kind="numbered",
                    doc_type=word,
                    type_word=word,
                    type_code=code,
                    issuer_code="TW",
                    issuer="Ban Chấp hành Trung ương Đảng",
                    issuer_phrase=rng.choice(("của Ban Chấp hành Trung ương Đảng", "của Bộ Chính trị")),
                    number=number,
                    year=None,
                    date=_random_date(rng, year),
                    party=True,
                    title="về tiếp tục đổi mới, sắp xếp tổ chức bộ máy",
                )
            )
    return _World(
        decrees=decrees,
        chains=chains,
        replacements=replacements,
        twins=twins,
        pm_decisions=[
            _national(rng, used, "QĐ-TTg", rng.randint(2012, 2025), with_year=k % 2 == 0) for k in range(8)
        ],
        resolutions=[
            _national(rng, used, "NQ-CP", rng.randint(2011, 2025), with_year=False) for _ in range(5)
        ],
        directives=[
            _national(rng, used, "CT-TTg", rng.randint(2016, 2025), with_year=False) for _ in range(3)
        ],
        telegrams=[
            _national(rng, used, "CĐ-TTg", rng.randint(2020, 2025), with_year=False) for _ in range(4)
        ],
        circulars=[
            _national(rng, used, kind, rng.randint(2014, 2025), with_year=True)
            for kind in ("TT-BNV", "TT-BTC", "TT-VPCP", "TT-BNV", "TT-BTC")
        ],
        letters=letters,
        party=party,
    )
