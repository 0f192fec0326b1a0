"""Synthetic reform-plan corpus with ground truth, to measure extraction accuracy at scale (issue #7).

`synthesize(n_docs, seed, out)` writes fictional plan documents in the four layouts plankg reads —

* ``tab``: a decision promulgating a plan, with tab-separated appendix tables («Phụ lục số 0k»), header
  rows repeated after page breaks, rows split across a page break (empty first cell, the task text going
  on in lower case), a junk empty header column, HTML fragments (``<ul style=…>``, ``<br>``) in cells;
* ``hier``: one hierarchical table (content group → task → product rows, each with its own lead,
  cooperating agencies, deadline and «Kinh phí dự kiến (triệu đồng)»), closed by a «Tổng cộng» row;
* ``pipe``: the one-cell-per-line ``|`` layout of legal portals, ``**bold**``, lines hard-wrapped at ~80
  columns;
* ``prose``: bullets under the seven reform-area headings, agencies from «Tổ chức thực hiện»
  (sometimes hard-wrapped without blank lines, as OCR output is);

and next to each ``NAME.txt`` a ``NAME.truth.json`` in the shape of the extract JSON contract
(../shared/contract/EXTRACT_JSON.md): ``references`` with ids as ``extraction_to_json`` prints them
(numbered ids canonical, a law cited by name with its name as ``id``, ``kind: "named"`` and its number in
``resolved_id``), ``relations`` stated in the text, ``tasks`` and ``agencies``. ``MANIFEST.json`` lists
the seed, the counts and the layout of every document.

Everything is fictional. Numbers of decrees, decisions and Party documents are drawn at random (decrees
400–989, clear of the real numbering of most years) and every truth file says ``"synthetic": true``.
Laws are cited by their names and dates from ``data/laws.tsv``; agencies and provinces come from
``data/agencies.tsv`` and ``data/provinces.tsv`` with their 2025 mergers and renamings.

OCR noise (``ocr_noise`` = p): each word of running text (prose paragraphs, task and product cells —
never headings, agency, deadline or budget cells) is damaged with probability p by a same-length
character confusion (``số`` → ``sà``, ``UBND`` → ``USND``, ``h`` → ``b`` …); each citation with
probability 5p (``Quyết định sà 5068``, ``259/QĐ-USND``, ``14 KH/TU``); each hard line break with
probability 10p gets a stray «.» before it. The truth keeps the TRUE id, with the damaged form in
``aliases`` and ``repaired: true`` when the id itself was damaged.

Generation is deterministic for a seed: one ``random.Random(seed)``, no global state, no clock.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from plankg.loaders.text import slugify

SYNTH_VERSION = 1
LAYOUTS = ("tab", "hier", "pipe", "prose")
REORG_DATE = date(2025, 7, 1)  # two-level local government, 34 provinces
MERGED_DEPARTMENTS_DATE = date(2025, 3, 1)

# --------------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SynthReport:
    """What `synthesize` wrote."""

    out: Path
    seed: int
    ocr_noise: float
    documents: tuple[str, ...]  # file names of the documents, in order
    layouts: dict[str, int]
    references: int  # distinct cited documents, summed over documents
    tasks: int
    relations: int
    bytes: int  # size of the documents (not of the truth files)


# --------------------------------------------------------------------------------------------------
# Gazetteers
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Law:
    number: str
    name: str
    date: date
    amends: tuple[str, ...]


@dataclass(frozen=True)
class _AgencyType:
    key: str
    name: str
    level: str
    collective: bool
    aliases: tuple[str, ...]
    valid_from: date | None
    valid_to: date | None

    def valid(self, when: date) -> bool:
        return (self.valid_from is None or when >= self.valid_from) and (
            self.valid_to is None or when <= self.valid_to
        )


@dataclass(frozen=True)
class _Province:
    name: str
    kind: str
    merged_into: str | None


def _rows(name: str) -> list[list[str]]:
    text = files("plankg.loaders").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return [
        (line.split("\t") + [""] * 8)[:8] for line in text.splitlines() if line and not line.startswith("#")
    ]


@cache
def _laws() -> tuple[_Law, ...]:
    return tuple(
        _Law(r[0], r[1], date.fromisoformat(r[2]), tuple(a for a in r[4].split("|") if a))
        for r in _rows("laws.tsv")
        if r[2]
    )


@cache
def _agencies() -> dict[str, _AgencyType]:
    def when(text: str) -> date | None:
        return date.fromisoformat(text) if text.strip() else None

    return {
        r[0]: _AgencyType(
            r[0], r[1], r[2], r[3] == "1", tuple(a for a in r[4].split("|") if a), when(r[6]), when(r[7])
        )
        for r in _rows("agencies.tsv")
    }


@cache
def _provinces() -> tuple[_Province, ...]:
    return tuple(_Province(r[0], r[1], r[3].strip() or None) for r in _rows("provinces.tsv"))


# --------------------------------------------------------------------------------------------------
# Text material
# --------------------------------------------------------------------------------------------------

AREAS = (
    "direction",
    "institutions",
    "procedures",
    "organization",
    "civil_service",
    "public_finance",
    "digital_government",
)
AREA_TITLES = {
    "direction": "Công tác chỉ đạo, điều hành cải cách hành chính",
    "institutions": "Cải cách thể chế",
    "procedures": "Cải cách thủ tục hành chính",
    "organization": "Cải cách tổ chức bộ máy hành chính nhà nước",
    "civil_service": "Cải cách chế độ công vụ",
    "public_finance": "Cải cách tài chính công",
    "digital_government": "Xây dựng và phát triển chính quyền điện tử, chính quyền số",
}
AREA_DUTIES = {
    "direction": "tham mưu công tác chỉ đạo, điều hành cải cách hành chính",
    "institutions": "triển khai các nhiệm vụ cải cách thể chế",
    "procedures": "triển khai các nhiệm vụ cải cách thủ tục hành chính",
    "organization": "triển khai các nhiệm vụ cải cách tổ chức bộ máy",
    "civil_service": "triển khai các nhiệm vụ cải cách chế độ công vụ",
    "public_finance": "triển khai các nhiệm vụ cải cách tài chính công",
    "digital_government": (
        "triển khai các nhiệm vụ xây dựng và phát triển chính quyền điện tử, chính quyền số"
    ),
}
# Task sentences per area; "{c}" is a citation slot («theo {c}» states no relation).
TASKS = {
    "direction": (
        "Xây dựng và ban hành Kế hoạch cải cách hành chính năm {y} của các cơ quan, đơn vị, địa phương",
        "Kiểm tra công tác cải cách hành chính tại các cơ quan, đơn vị, địa phương",
        "Tổ chức đánh giá, chấm điểm Chỉ số cải cách hành chính của các sở, ban, ngành",
        "Đổi mới nội dung, hình thức tuyên truyền về cải cách hành chính trên các phương tiện thông tin",
        "Khảo sát, đánh giá mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan nhà nước",
        "Theo dõi, đôn đốc việc thực hiện các nhiệm vụ cải cách hành chính theo {c}",
    ),
    "institutions": (
        "Rà soát, hệ thống hóa văn bản quy phạm pháp luật do Hội đồng nhân dân tỉnh ban hành",
        "Xây dựng kế hoạch theo dõi tình hình thi hành pháp luật năm {y}",
        "Kiểm tra, xử lý văn bản quy phạm pháp luật theo {c}",
        "Nâng cao chất lượng thẩm định dự thảo văn bản quy phạm pháp luật trước khi trình ban hành",
        "Ban hành văn bản quy định chi tiết các nội dung được giao theo {c}",
    ),
    "procedures": (
        "Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền giải quyết của tỉnh",
        "Công bố, công khai danh mục thủ tục hành chính trên Cổng dịch vụ công của tỉnh",
        "Thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính theo {c}",
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại Bộ phận Một cửa các cấp",
        "Tiếp nhận, xử lý phản ánh, kiến nghị của người dân, doanh nghiệp về quy định hành chính",
    ),
    "organization": (
        "Rà soát, sắp xếp, kiện toàn tổ chức bộ máy các cơ quan chuyên môn cấp tỉnh theo {c}",
        "Sắp xếp, tổ chức lại các đơn vị sự nghiệp công lập theo {c}",
        "Hoàn thiện Đề án vị trí việc làm của các cơ quan, tổ chức hành chính theo {c}",
        "Kiểm tra việc thực hiện phân cấp quản lý nhà nước trên các lĩnh vực",
        "Thực hiện tinh giản biên chế gắn với cơ cấu lại đội ngũ công chức, viên chức",
    ),
    "civil_service": (
        "Đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức theo {c}",
        "Tổ chức các lớp bồi dưỡng kiến thức, kỹ năng thực thi công vụ năm {y}",
        "Tuyển dụng, sử dụng và quản lý công chức theo vị trí việc làm được phê duyệt",
        "Tăng cường kỷ luật, kỷ cương hành chính trong hoạt động công vụ",
        "Cập nhật cơ sở dữ liệu cán bộ, công chức, viên chức của tỉnh",
    ),
    "public_finance": (
        "Giao quyền tự chủ tài chính đối với đơn vị sự nghiệp công lập theo {c}",
        "Thực hiện cơ chế tự chủ về sử dụng biên chế và kinh phí quản lý hành chính theo {c}",
        "Công khai tài chính, ngân sách đối với các đơn vị dự toán trên địa bàn tỉnh",
        "Sắp xếp lại, xử lý nhà, đất thuộc thẩm quyền quản lý của tỉnh",
        "Tăng cường kiểm tra việc quản lý, sử dụng tài sản công tại các cơ quan, đơn vị",
    ),
    "digital_government": (
        "Vận hành nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP) kết nối các hệ thống thông tin",
        "Duy trì, cải tiến Hệ thống quản lý chất lượng theo tiêu chuẩn TCVN ISO 9001:2015",
        "Cung cấp dịch vụ công trực tuyến toàn trình theo {c}",
        "Triển khai định danh và xác thực điện tử phục vụ người dân, doanh nghiệp",
        "Bảo đảm an toàn thông tin mạng cho các hệ thống thông tin của tỉnh",
        "Phát triển kho dữ liệu dùng chung và Cổng dữ liệu mở của tỉnh",
    ),
}
IMPLEMENT_TASK = "Tổ chức quán triệt, triển khai thực hiện {c}"
PRODUCTS = (
    "Kế hoạch của Ủy ban nhân dân tỉnh",
    "Quyết định của cơ quan có thẩm quyền",
    "Báo cáo kết quả thực hiện",
    "Văn bản hướng dẫn, đôn đốc",
    "Báo cáo kết quả kiểm tra",
    "Đề án được phê duyệt",
    "Hệ thống được vận hành ổn định",
)
DECREE_TOPICS = (
    "quy định tổ chức các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh",
    "về vị trí việc làm và biên chế công chức",
    "về vị trí việc làm và số lượng người làm việc trong đơn vị sự nghiệp công lập",
    "về thành lập, tổ chức lại, giải thể đơn vị sự nghiệp công lập",
    "về đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức",
    "về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
    "về kiểm soát thủ tục hành chính",
    "quy định cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập",
    "về chế độ tự chủ, tự chịu trách nhiệm về sử dụng biên chế và kinh phí quản lý hành chính",
    "về chính sách tinh giản biên chế",
    "về tuyển dụng, sử dụng và quản lý công chức",
    "về cung cấp thông tin và dịch vụ công trực tuyến của cơ quan nhà nước trên môi trường mạng",
    "về định danh và xác thực điện tử",
    "về công tác văn thư",
    "về quản lý, kết nối và chia sẻ dữ liệu số của cơ quan nhà nước",
    "về đào tạo, bồi dưỡng cán bộ, công chức, viên chức",
)
DISTRACTORS = (
    "Năm {p}, 29/29 cơ quan, đơn vị cấp tỉnh đã ban hành kế hoạch cải cách hành chính đúng thời hạn.",
    "Sở Tài chính đạt 92/100 điểm, UBND cấp huyện cao nhất đạt 91,5/100 điểm Chỉ số cải cách hành chính.",
    "Báo cáo kết quả thực hiện gửi về Sở Nội vụ trước Quý III/{y}; báo cáo năm trước tháng 12/{y}.",
    "Duy trì, cải tiến Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 và thí điểm TCVN ISO 18091:2020.",
    "Nhiệm vụ cụ thể của từng cơ quan được nêu tại Phụ lục số 02 kèm theo Kế hoạch này.",
    "Thực hiện theo Quyết định của Thủ tướng Chính phủ và các văn bản hướng dẫn của Bộ Nội vụ.",
    "Phấn đấu 100% thủ tục hành chính đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình.",
)
# Same-length OCR confusions (one code point for one code point).
CHAR_CONFUSIONS = {
    "h": "b",
    "ơ": "o",
    "ư": "u",
    "ă": "a",
    "ệ": "ẹ",
    "n": "u",
    "c": "e",
    "i": "l",
    "ố": "ổ",
    "à": "á",
    "đ": "d",
    "m": "n",
}
WORD_CONFUSIONS = {"số": ("sà", "sô"), "UBND": ("USND", "1BND"), "tỉnh": ("tinh",), "ngày": ("ngáy",)}
LIST_MARKER_RE = re.compile(r"^(?:[-–+•*]|\d{1,2}[.)]|[a-zđ]\)|[IVXLC]{1,6}\.)$")
WORD_RE = re.compile(r"\w+")


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


# --------------------------------------------------------------------------------------------------
# Layouts
# --------------------------------------------------------------------------------------------------


def _layout_tab(g: _DocGen) -> None:
    rng, y = g.rng, g.plan_year
    _header_lines(g, "QUYẾT ĐỊNH", f"Ban hành Kế hoạch cải cách hành chính năm {y}")
    g.emit(f"CHỦ TỊCH ỦY BAN NHÂN DÂN {g.province_phrase.upper()}")
    g.blank()
    items = _preamble_refs(g)
    tr = g.local("TTr-SNV", before=g.when, recent=True)
    _emit_preamble(g, items, wrap=None)
    _preamble_relations(g, items)
    g.emit(["Theo đề nghị của Giám đốc Sở Nội vụ tại ", g.cite(tr, form="dated"), "."])
    g.blank()
    g.emit("QUYẾT ĐỊNH:")
    g.blank()
    g.emit(f"Điều 1. Ban hành kèm theo Quyết định này Kế hoạch cải cách hành chính năm {y}.")
    g.blank()
    g.emit("Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.")
    g.blank()
    g.emit("Nơi nhận:")
    g.emit("- Như Điều 2;")
    g.emit("- TTr Tỉnh ủy, TTr HĐND tỉnh (để b/c);")
    g.emit("- Lưu: VT, NC.")
    g.blank()
    g.emit(f"KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM {y}")
    g.blank()
    g.emit(
        f"(Ban hành kèm theo Quyết định số {g.number} ngày {g.when.day:02d}/{g.when.month:02d}/{g.when.year} "
        f"của Chủ tịch Ủy ban nhân dân {g.province_phrase})"
    )
    g.blank()
    g.emit("I. MỤC ĐÍCH, YÊU CẦU")
    g.blank()
    for sentence in _body_sentences(g, wrap=False):
        g.emit(["- ", *g.damage(sentence)])
        g.blank()
    g.emit("II. TỔ CHỨC THỰC HIỆN")
    g.blank()
    g.emit(
        "Cơ quan chủ trì, cơ quan phối hợp và thời gian thực hiện các nhiệm vụ được nêu tại các phụ lục "
        "kèm theo; Phụ lục số 02 do Văn phòng UBND tỉnh theo dõi, tổng hợp."
    )
    g.blank()
    areas = rng.sample(AREAS, rng.randint(3, 5))
    header = ["TT", "Nhiệm vụ cụ thể", "Sản phẩm", "Cơ quan thực hiện", "Thời gian thực hiện", "Ghi chú"]
    for k, area in enumerate(areas, 1):
        label = f"Phụ lục số {k:02d}"
        g.emit(f"{label}: {AREA_TITLES[area]}")
        g.blank()
        junk = False
        g.emit("\t".join(header))
        n_rows = rng.randint(3, 7)
        for i in range(1, n_rows + 1):
            if i > 1 and rng.random() < 0.25:  # page break: blank line and the header again
                g.blank()
                junk = rng.random() < 0.4
                g.emit("\t".join([*header[:2], "", *header[2:]]) if junk else "\t".join(header))
            text, pieces, refs = _task_text(g, area)
            lead, lead_s, coop, coop_s = _pick_agencies(g, area)
            deadline_text, deadline = g.deadline()
            products = rng.sample(PRODUCTS, rng.randint(1, 2))
            product_cell = (
                '<ul style="list-style-type: none"> ' + " ".join(f"- {p}." for p in products) + " "
                if len(products) > 1
                else products[0] + "."
            )
            if coop or rng.random() < 0.5:
                agency_cell = f"- Cơ quan chủ trì: {'; '.join(lead_s)}."
                if coop:
                    agency_cell += f" - Cơ quan phối hợp: {'; '.join(coop_s)}."
                agency_cell = (
                    ('<ul style="list-style-type: none"> ' + agency_cell + " ")
                    if rng.random() < 0.6
                    else agency_cell.replace(". - ", ".<br>- ")
                )
            else:
                agency_cell = f"Cơ quan thực hiện: {'; '.join(lead_s)}."
            g.tasks.append(_Task(str(i), text, label, area, lead, coop, products, deadline, None, refs))
            split = _split_point(pieces) if rng.random() < 0.2 else None
            first, rest = (pieces, None) if split is None else split
            cells_after = [product_cell, agency_cell, deadline_text + ".", ""]
            after = "\t" + ("\t" if junk else "") + "\t".join(cells_after)
            g.emit([f"{i}\t", *g.damage(first), after])
            if rest is not None:
                g.blank()
                g.emit("\t".join(header))
                junk = False
                g.emit(["\t", *g.damage(rest), "\t\t\t\t"])
        g.blank()
    g.emit(
        "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan báo cáo UBND tỉnh "
        "(qua Sở Nội vụ) để xem xét, chỉ đạo./."
    )


def _split_point(pieces: list[Piece]) -> tuple[list[Piece], list[Piece]] | None:
    """Split a task sentence at a space before a lower-case word (a row cut by a page break)."""
    for k, piece in enumerate(pieces):
        if not isinstance(piece, str):
            continue
        spots = [m.start() for m in re.finditer(r" (?=[a-zà-ỹđ])", piece) if m.start() > 10]
        if spots:
            at = spots[len(spots) // 2]
            return [*pieces[:k], piece[:at]], [piece[at + 1 :], *pieces[k + 1 :]]
    return None


def _layout_hier(g: _DocGen) -> None:
    rng, y = g.rng, g.plan_year
    _header_lines(
        g,
        "QUYẾT ĐỊNH",
        f"Về việc phê duyệt Kế hoạch công tác cải cách hành chính {g.province_phrase} năm {y}",
    )
    g.emit(f"CHỦ TỊCH ỦY BAN NHÂN DÂN {g.province_phrase.upper()}")
    g.blank()
    items = _preamble_refs(g)
    _emit_preamble(g, items, wrap=None)
    _preamble_relations(g, items)
    g.emit("QUYẾT ĐỊNH:")
    g.blank()
    g.emit(f"Điều 1. Phê duyệt kèm theo Quyết định này Kế hoạch công tác cải cách hành chính năm {y}.")
    g.blank()
    g.emit("Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký ban hành.")
    g.blank()
    g.emit("KẾ HOẠCH")
    g.emit(f"CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM {y}")
    g.blank()
    g.emit(
        f"(Ban hành kèm theo Quyết định số {g.number} ngày {g.when.day:02d}/{g.when.month:02d}/{g.when.year} "
        "của Ủy ban nhân dân tỉnh)"
    )
    g.blank()
    g.emit("I. MỤC ĐÍCH, YÊU CẦU")
    g.blank()
    for sentence in _body_sentences(g, wrap=False):
        g.emit(["- ", *g.damage(sentence)])
        g.blank()
    g.emit("II. NỘI DUNG KẾ HOẠCH")
    g.blank()
    g.emit(
        "Nội dung\tNhiệm vụ\tSản phẩm\tCơ quan chủ trì tham mưu hoặc thực hiện\tCơ quan phối hợp\t"
        "Thời gian hoàn thành\tKinh phí dự kiến (triệu đồng)"
    )
    total = 0
    roman = ("I", "II", "III", "IV", "V", "VI", "VII")
    for a, area in enumerate(rng.sample(AREAS, rng.randint(3, 6))):
        group = f"<b>{roman[a]}. {AREA_TITLES[area].upper()}</b>"
        section = f"{roman[a]}. {AREA_TITLES[area].upper()}"
        for t in range(1, rng.randint(2, 3) + 1):
            text, pieces, refs = _task_text(g, area)
            for p in range(rng.randint(1, 3)):
                product = rng.choice(PRODUCTS) + f" năm {y}"
                lead, lead_s, coop, coop_s = _pick_agencies(g, area)
                deadline_text, deadline = g.deadline()
                amount = rng.choice((None, None, 10, 20, 30, 50, 100, 150, "dt"))
                if amount == "dt":
                    budget_text, budget = (
                        "Theo dự toán được cấp",
                        {"text": "Theo dự toán được cấp", "amount_vnd": None},
                    )
                elif amount is None:
                    budget_text, budget = "", None
                else:
                    total += int(amount)
                    budget_text, budget = (
                        str(amount),
                        {"text": str(amount), "amount_vnd": int(amount) * 1_000_000},
                    )
                g.tasks.append(
                    _Task(
                        str(t),
                        product,
                        section,
                        area,
                        lead,
                        coop,
                        [product],
                        deadline,
                        budget,
                        refs,
                        context=text,
                    )
                )
                first_cell = group if (t == 1 and p == 0) else ""
                task_cell: list[Piece] = [f"{t}. ", *pieces] if p == 0 else [""]
                rest = "\t".join([product, "; ".join(lead_s), "; ".join(coop_s), deadline_text, budget_text])
                if rng.random() < 0.12:
                    g.blank()  # page break without a repeated header
                g.emit([first_cell + "\t", *g.damage(task_cell), "\t" + rest])
    g.emit(f"<b>Tổng cộng</b>\t\t\t\t\t\t<b>{total}</b>")
    g.blank()
    g.emit(f"Tổng kinh phí: {total * 1_000_000:,}đ".replace(",", "."))
    g.blank()
    g.emit("Nơi nhận:\n- Như Điều 2;\n- Lưu: VT, NC.")


def _layout_pipe(g: _DocGen) -> None:
    rng, y = g.rng, g.plan_year
    width = rng.randint(76, 84)
    _header_lines(g, "KẾ HOẠCH", f"Cải cách hành chính {g.province_phrase} năm {y}", pipe=True)
    items = _preamble_refs(g)
    _emit_preamble(g, items, wrap=width, italic=True)
    _preamble_relations(g, items)
    g.emit("**I. MỤC ĐÍCH, YÊU CẦU**")
    g.blank()
    for sentence in _body_sentences(g, wrap=True):
        g.emit(["- ", *g.damage(sentence)], wrap=width)
        g.blank()
    g.emit("**II. KINH PHÍ**")
    g.blank()
    g.emit("Kinh phí thực hiện Kế hoạch này được bố trí trong dự toán ngân sách hằng năm.", wrap=width)
    g.blank()
    g.emit(f"**Phụ lục: Nhiệm vụ cải cách hành chính năm {y}**")
    g.blank()
    header = [
        "STT",
        "Nhiệm vụ",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Sản phẩm",
        "Thời hạn hoàn thành",
        "Kinh phí (triệu đồng)",
    ]

    def row(cells: list[list[Piece]], bold: bool = False) -> None:
        g.emit("|")
        for k, cell in enumerate(cells):
            if k:
                g.emit("|")
            if bold:
                cell = ["**", *cell, "**"]
            if all(isinstance(x, str) and not x for x in cell):
                g.emit("")
            else:
                g.emit(g.damage(cell) if not bold and k == 1 else cell, wrap=width)
        g.emit("|")

    row([[h] for h in header], bold=True)
    roman = ("I", "II", "III", "IV", "V", "VI", "VII")
    number = 0
    total = 0
    for a, area in enumerate(rng.sample(AREAS, rng.randint(2, 5))):
        row([[f"**{roman[a]}**"], [f"**{AREA_TITLES[area].upper()}**"]])
        section = f"{roman[a]}. {AREA_TITLES[area].upper()}"
        for _ in range(rng.randint(2, 4)):
            number += 1
            text, pieces, refs = _task_text(g, area)
            lead, lead_s, coop, coop_s = _pick_agencies(g, area)
            deadline_text, deadline = g.deadline()
            product = rng.choice(PRODUCTS)
            amount = rng.choice((None, 20, 30, 50, 80))
            budget = None if amount is None else {"text": str(amount), "amount_vnd": amount * 1_000_000}
            total += amount or 0
            g.tasks.append(
                _Task(str(number), text, section, area, lead, coop, [product], deadline, budget, refs)
            )
            row(
                [
                    [str(number)],
                    pieces,
                    ["; ".join(lead_s)],
                    ["; ".join(coop_s)],
                    [product],
                    [deadline_text],
                    [str(amount) if amount else ""],
                ]
            )
    row([[""], ["**Tổng cộng**"], [""], [""], [""], [""], [f"**{total}**"]])
    g.blank()
    g.emit("|\n*Nơi nhận:*\n- Như trên;\n- Lưu: VT, NC.\n|")


def _layout_prose(g: _DocGen) -> None:
    rng, y = g.rng, g.plan_year
    ocr = rng.random() < 0.5
    width = rng.randint(74, 84) if ocr else None
    gap = (lambda: None) if ocr else g.blank
    _header_lines(g, "KẾ HOẠCH", f"Cải cách hành chính Nhà nước {g.province_phrase} năm {y}")
    letter = g.world.letters.get(y)
    previous = g.local("KH-UBND", before=g.when)
    intro: list[Piece] = ["Căn cứ "]
    refs: list[_Ref] = []
    if letter and letter.date <= g.when:
        intro += [g.cite(letter, form="full", wrapped=ocr, title=True), "; "]
        refs.append(letter)
    intro += [
        g.cite(previous, form="full", wrapped=ocr),
        f" về nâng cao chất lượng các Chỉ số PAR INDEX, SIPAS, "
        f"UBND {g.province_phrase} ban hành Kế hoạch cải cách hành chính năm {y} như sau:",
    ]
    refs.append(previous)
    g.emit(intro, wrap=width)
    gap()
    for ref in refs:
        g.relations.append((g.number, "based_on", ref.id))
    g.emit("I. MỤC TIÊU, CHỈ TIÊU")
    gap()
    for sentence in _body_sentences(g, wrap=ocr):
        g.emit(["- ", *g.damage(sentence)], wrap=width)
        gap()
    g.emit("II. NHIỆM VỤ TRỌNG TÂM")
    gap()
    areas = list(AREAS)
    leads = {area: g.area_lead(area) for area in areas}
    for k, area in enumerate(areas, 1):
        g.emit(f"{k}. {AREA_TITLES[area]}")
        gap()
        lead_name = g.agency(leads[area])[0]
        for _ in range(rng.randint(2, 4)):
            text, pieces, refs_ = _task_text(g, area)
            g.tasks.append(
                _Task(None, text, f"{k}. {AREA_TITLES[area]}", area, [lead_name], [], [], None, None, refs_)
            )
            g.emit(["- ", *g.damage(pieces), "."], wrap=width)
            gap()
    g.emit("III. KINH PHÍ")
    gap()
    g.emit("Nguồn ngân sách theo phân cấp và các nguồn hợp pháp khác theo quy định.", wrap=width)
    gap()
    g.emit("IV. TỔ CHỨC THỰC HIỆN")
    gap()
    by_agency: dict[str, list[str]] = {}
    for area in areas:
        by_agency.setdefault(leads[area], []).append(area)
    partners: dict[str, list[str]] = {}
    for k, (key, owned) in enumerate(by_agency.items(), 1):
        name, _ = g.agency(key)
        g.emit(f"{k}. {name}")
        gap()
        if key == "so-noi-vu":
            g.emit(
                "- Chủ trì, phối hợp với các cơ quan, đơn vị có liên quan hướng dẫn, đôn đốc, kiểm tra việc "
                "thực hiện Kế hoạch này.",
                wrap=width,
            )
            gap()
        for area in owned:
            partner = None
            if rng.random() < 0.4:
                options = [c for c in ("so-tu-phap", "so-tai-chinh", "van-phong-ubnd-tinh") if c != key]
                partner = rng.choice(options)
            if partner:
                pname, psurface = g.agency(partner)
                partners[area] = [pname]
                g.emit(f"- Chủ trì, phối hợp với {psurface} {AREA_DUTIES[area]}.", wrap=width)
            else:
                g.emit(f"- Chủ trì {AREA_DUTIES[area]}.", wrap=width)
            gap()
    collective = (
        "Các sở, ban, ngành cấp tỉnh; UBND cấp xã"
        if g.post_reorg
        else ("Các sở, ban, ngành cấp tỉnh; UBND các huyện, thị xã, thành phố")
    )
    g.emit(f"{len(by_agency) + 1}. {collective}")
    gap()
    g.emit(f"- Xây dựng Kế hoạch cải cách hành chính năm {y} của cơ quan, đơn vị, địa phương.", wrap=width)
    gap()
    for task in g.tasks:
        task.cooperating = list(partners.get(task.area, []))
    g.blank()
    g.emit("Nơi nhận:")
    g.emit("- Bộ Nội vụ;")
    g.emit("- Lưu: VT, NC.")


LAYOUT_WRITERS = {"tab": _layout_tab, "hier": _layout_hier, "pipe": _layout_pipe, "prose": _layout_prose}


# --------------------------------------------------------------------------------------------------
# Truth
# --------------------------------------------------------------------------------------------------


def _reference_json(ref: _Ref, scope: str | None, mentions: list[_Mention]) -> dict[str, Any]:
    aliases = sorted({re.sub(r"\s+", " ", m.raw) for m in mentions if m.repaired})
    return {
        "id": ref.id,
        "kind": ref.kind,
        "resolved_id": ref.resolved_id,
        "doc_type": ref.doc_type,
        "type_code": ref.type_code,
        "issuer_code": ref.issuer_code,
        "issuer": ref.issuer,
        "number": ref.number,
        "year": ref.year,
        "date": ref.date.isoformat(),
        "scope": scope,
        "repaired": any(m.repaired for m in mentions),
        "aliases": aliases,
        "title": ref.title,
        "mentions": [
            {
                "text": m.raw,
                "start": m.start,
                "end": m.end,
                "line": m.line,
                "raw_id": m.raw,
                "repaired": m.repaired,
            }
            for m in mentions
        ],
    }


def _truth(g: _DocGen, name: str, text: str, data: bytes) -> dict[str, Any]:
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    from bisect import bisect_right

    grouped: dict[tuple[str, str | None], tuple[_Ref, list[_Mention]]] = {}
    numbered = {m.ref.id: m.ref for m in g.mentions if m.ref.kind == "numbered"}
    for m in sorted(g.mentions, key=lambda m: m.start):
        m.line = bisect_right(line_starts, m.start)
        ref = m.ref
        if ref.kind == "named" and ref.resolved_id in numbered:  # the same law cited by number elsewhere
            ref = numbered[ref.resolved_id]
        scope = g.slug if ref.local else None
        grouped.setdefault((ref.id, scope), (ref, []))[1].append(m)
    references = [_reference_json(ref, key[1], ms) for key, (ref, ms) in grouped.items()]
    relations = [
        {"subject": s, "predicate": p, "object": o} for s, p, o in dict.fromkeys(g.relations) if s != o
    ]
    agencies: dict[str, dict[str, Any]] = {}
    types = {t.name.replace("{province}", g.province.name): t for t in _agencies().values()}
    for task in g.tasks:
        for agency_name in (*task.lead, *task.cooperating):
            kind = types[agency_name]
            agencies.setdefault(
                agency_name,
                {
                    "id": kind.key if kind.level == "national" else f"{g.slug}/{kind.key}",
                    "name": agency_name,
                    "type": kind.name.replace("{province}", "tỉnh"),
                    "province": None if kind.level == "national" else g.province.name,
                    "collective": kind.collective,
                },
            )
    kind = "plan"
    number_slug = slugify(g.number)
    return {
        "synthetic": True,
        "generator": {"name": "plankg.loaders.synth", "version": SYNTH_VERSION, "layout": g.layout},
        "document": {
            "id": f"{g.slug}-{number_slug}",
            "kind": kind,
            "number": g.number,
            "issuer": f"UBND {g.level} {g.province.name.removeprefix('Thành phố ')}",
            "province": g.province.name,
            "date": g.when.isoformat(),
            "plan_year": g.plan_year,
            "merged_from": g.absorbed,
            "source": {"path": name, "sha256": hashlib.sha256(data).hexdigest()},
        },
        "references": references,
        "relations": relations,
        "tasks": [
            {
                "id": f"{g.slug}-{number_slug}/task-{k}",
                "section": t.section,
                "context": t.context,
                "area": t.area,
                "number": t.number,
                "text": t.text,
                "products": t.products,
                "lead": t.lead,
                "cooperating": t.cooperating,
                "deadline": t.deadline,
                "budget": t.budget,
                "references": t.references,
            }
            for k, t in enumerate(g.tasks, 1)
        ],
        "agencies": list(agencies.values()),
    }


# --------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------


def _document(rng: random.Random, world: _World, index: int, noise: float) -> _DocGen:
    layout = LAYOUTS[index % len(LAYOUTS)] if index < len(LAYOUTS) else rng.choice(LAYOUTS)
    plan_year = rng.randint(2017, 2026)
    if rng.random() < 0.8:
        when = _random_date(rng, plan_year - 1, 11, 12)
    else:
        when = _random_date(rng, plan_year, 1, 6)
    post = when >= REORG_DATE
    candidates = [p for p in _provinces() if not post or p.merged_into is None]
    province = rng.choice(candidates)
    absorbed = sorted(p.name for p in _provinces() if p.merged_into == province.name) if post else []
    code = "KH-UBND" if layout in ("pipe", "prose") else "QĐ-UBND"
    number = f"{rng.randint(10, 5999)}/{code}"
    return _DocGen(rng, world, noise, layout, plan_year, when, province, absorbed, number)


def synthesize(n_docs: int, seed: int, out: Path, *, ocr_noise: float = 0.0) -> SynthReport:
    """Write `n_docs` synthetic plan documents, their truth files and MANIFEST.json into `out`."""
    if n_docs < 0:
        raise ValueError("n_docs must be >= 0")
    if not 0.0 <= ocr_noise <= 0.2:
        raise ValueError("ocr_noise must be between 0 and 0.2")
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    world = _build_world(rng)
    documents: list[dict[str, Any]] = []
    layouts = dict.fromkeys(LAYOUTS, 0)
    totals = {"references": 0, "tasks": 0, "relations": 0, "bytes": 0}
    width = max(4, len(str(n_docs)))
    for index in range(n_docs):
        g = _document(rng, world, index, ocr_noise)
        LAYOUT_WRITERS[g.layout](g)
        text = "\n".join(g.lines) + "\n"
        stem = f"synth-{index:0{width}d}_{g.slug}_{g.plan_year}_{g.layout}"
        data = text.encode("utf-8")
        (out / f"{stem}.txt").write_bytes(data)
        truth = _truth(g, f"{stem}.txt", text, data)
        (out / f"{stem}.truth.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        layouts[g.layout] += 1
        totals["references"] += len(truth["references"])
        totals["tasks"] += len(truth["tasks"])
        totals["relations"] += len(truth["relations"])
        totals["bytes"] += len(data)
        documents.append(
            {
                "file": f"{stem}.txt",
                "truth": f"{stem}.truth.json",
                "layout": g.layout,
                "province": g.province.name,
                "plan_year": g.plan_year,
                "date": g.when.isoformat(),
            }
        )
    manifest = {
        "synthetic": True,
        "generator": {"name": "plankg.loaders.synth", "version": SYNTH_VERSION},
        "seed": seed,
        "ocr_noise": ocr_noise,
        "counts": {"documents": n_docs, "layouts": layouts, **totals},
        "documents": documents,
    }
    (out / "MANIFEST.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return SynthReport(
        out=out,
        seed=seed,
        ocr_noise=ocr_noise,
        documents=tuple(d["file"] for d in documents),
        layouts=layouts,
        references=totals["references"],
        tasks=totals["tasks"],
        relations=totals["relations"],
        bytes=totals["bytes"],
    )


__all__ = ["LAYOUTS", "SynthReport", "synthesize"]
