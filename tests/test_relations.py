"""Tests for plankg.loaders.relations: amends / replaces / repeals cues, traps, effective dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from plankg.loaders.citations import find_references
from plankg.loaders.relations import find_effective_date, find_relations
from plankg.loaders.text import read_text
from plankg.models import Document, Predicate, Relation

SHARED = Path(__file__).resolve().parents[2] / "shared"
if not SHARED.is_dir():
    SHARED = Path("/work/shared")
DATA = Path(__file__).parent / "data"

A, R, RP, PR, EX, BO, IM, GU = (
    Predicate.AMENDS,
    Predicate.REPLACES,
    Predicate.REPEALS,
    Predicate.PARTIALLY_REPEALS,
    Predicate.EXPIRES,
    Predicate.BASED_ON,
    Predicate.IMPLEMENTS,
    Predicate.GUIDES,
)


def load(relative: str, number: str | None, province: str | None = None) -> Document:
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"{path} not found")
    return Document(
        id=path.stem, path=str(path), sha256="", text=read_text(path)[0], number=number, province=province
    )


def relations_of(doc: Document) -> list[Relation]:
    refs, _ = find_references(doc)
    return find_relations(doc, refs)


def triples(relations: list[Relation]) -> set[tuple[str, Predicate, str]]:
    return {(r.subject, r.predicate, r.object) for r in relations}


def make_doc(text: str, number: str | None = None) -> Document:
    return Document(id="doc", path="doc.txt", sha256="", text=text, number=number, province="Thanh Hóa")


# --- the sample corpus ----------------------------------------------------------------------------


def test_hau_giang_amends_with_evidence() -> None:
    rels = relations_of(load("corpus/hau-giang_2021_ke-hoach-cchc.txt", None, "Hậu Giang"))
    found = {(r.subject, r.predicate, r.object): r for r in rels}
    decree = found[("117/2013/NĐ-CP", A, "130/2005/NĐ-CP")]
    assert decree.evidence.text == (
        "Nghị định số 117/2013/NĐ-CP ngày 07/10/2013 của Chính phủ về sửa đổi, bổ sung một số điều "
        "của Nghị định số 130/2005/NĐ-CP"
    )
    assert decree.evidence.line == 86
    circular = found[("90/2018/TT-BTC", A, "61/2017/TT-BTC")]
    assert circular.evidence.text.startswith("Thông tư số 90/2018/TT-BTC ngày 28/9/2018")
    assert circular.evidence.text.endswith("của Thông tư số 61/2017/TT-BTC")
    # «…của Nghị định số 130/2005/NĐ-CP; Nghị định số 16/2015/NĐ-CP» — the «;» ends the amended list
    assert ("117/2013/NĐ-CP", A, "16/2015/NĐ-CP") not in found
    # «hướng dẫn xây dựng kế hoạch» is a title word, not a relation
    assert not [r for r in rels if r.predicate is GU]
    assert ("hau-giang_2021_ke-hoach-cchc", BO, "6459/BNV-CCHC") in found
    assert ("hau-giang_2021_ke-hoach-cchc", BO, "3906/KH-UBND") in found


def test_law_titles_amend_the_laws_they_name() -> None:
    doc = load("corpus/thai-binh_2021_ke-hoach-cchc_3669-QD-UBND.txt", "3669/QĐ-UBND", "Thái Bình")
    got = triples(relations_of(doc))
    assert {("47/2019/QH14", A, "76/2015/QH13"), ("47/2019/QH14", A, "77/2015/QH13")} <= got
    assert {("3669/QĐ-UBND", BO, "77/2015/QH13"), ("3669/QĐ-UBND", BO, "47/2019/QH14")} <= got
    assert ("3669/QĐ-UBND", BO, "76/2015/QH13") not in got  # embedded in the amending law's title
    doc = load("corpus/thanh-hoa_2021_ke-hoach-cchc_5476-QD-UBND.txt", "5476/QĐ-UBND", "Thanh Hóa")
    assert ("63/2020/QH14", A, "80/2015/QH13") in triples(relations_of(doc))


def test_ocr_report_relations() -> None:
    doc = load("corpus/thanh-hoa_2017_bao-cao-cchc-6-thang_6366-BC-UBND_ocr.txt", "6366/BC-UBND", "Thanh Hóa")
    got = triples(relations_of(doc))
    assert ("150/2013/NĐ-CP", A, "158/2007/NĐ-CP") in got
    assert ("14-KH/TU", IM, "39-NQ/TW") in got


# --- corpus-extra: legal acts ---------------------------------------------------------------------


def test_decree_303_replaces_repeals_and_trap() -> None:
    doc = load("corpus-extra/decree_303_2025.txt", "303/2025/NĐ-CP")
    rels = relations_of(doc)
    got = triples(rels)
    me = "303/2025/NĐ-CP"
    assert {(me, R, "123/2016/NĐ-CP"), (me, R, "101/2020/NĐ-CP")} <= got
    assert {(me, PR, "83/2024/NĐ-CP"), (me, PR, "92/2017/NĐ-CP"), (me, PR, "158/2018/NĐ-CP")} <= got
    for trap in ("10/2016/NĐ-CP", "47/2019/NĐ-CP", "120/2020/NĐ-CP"):
        assert not [r for r in rels if r.subject == me and r.object == trap], trap
    assert ("101/2020/NĐ-CP", A, "123/2016/NĐ-CP") in got
    assert ("47/2019/NĐ-CP", A, "10/2016/NĐ-CP") in got
    assert (me, BO, "63/2025/QH15") in got
    assert find_effective_date(doc) == date(2025, 11, 20)
    replaced = next(r for r in rels if r.predicate is R)
    assert replaced.date == date(2025, 11, 20)


def test_decree_303_without_number_uses_header_and_doc_id() -> None:
    doc = load("corpus-extra/decree_303_2025.txt", None)
    got = triples(relations_of(doc))
    assert (doc.id, R, "123/2016/NĐ-CP") in got
    assert (doc.id, PR, "83/2024/NĐ-CP") in got


def test_decree_25_replaces() -> None:
    doc = load("corpus-extra/decree_25_2025.txt", "25/2025/NĐ-CP")
    got = triples(relations_of(doc))
    me = "25/2025/NĐ-CP"
    assert {(me, R, "62/2022/NĐ-CP"), (me, R, "63/2022/NĐ-CP")} <= got
    assert (me, BO, "63/2025/QH15") in got  # «Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025»
    assert find_effective_date(doc) == date(2025, 3, 1)


def test_circular_24_clause_level_relations() -> None:
    doc = load("corpus-extra/circular_24_2025_TT-BTP.txt", "24/2025/TT-BTP")
    rels = relations_of(doc)
    me = "24/2025/TT-BTP"
    targets = [
        "02/2023/TT-BTP",
        "06/2023/TT-BTP",
        "04/2022/TT-BTP",
        "07/2022/TT-BTP",
        "09/2025/TT-BTP",
        "11/2025/TT-BTP",
    ]
    for target in targets:
        predicates = {r.predicate for r in rels if r.subject == me and r.object == target}
        assert predicates, target
        assert predicates <= {A, PR}, (target, predicates)  # clause-level only: never whole replace / repeal
    got = triples(rels)
    assert {(me, PR, "02/2023/TT-BTP"), (me, PR, "06/2023/TT-BTP"), (me, PR, "04/2022/TT-BTP")} <= got
    assert ("83/2024/NĐ-CP", A, "120/2020/NĐ-CP") in got  # «được sửa đổi, bổ sung bởi …»
    assert ("283/2025/NĐ-CP", A, "120/2020/NĐ-CP") in got
    assert (me, BO, "120/2020/NĐ-CP") in got
    assert (me, BO, "83/2024/NĐ-CP") not in got
    assert find_effective_date(doc) == date(2025, 12, 1)


def test_pipe_layout_fixture() -> None:
    path = DATA / "citations_pipe_layout.txt"
    doc = Document(id="fixture", path=str(path), sha256="", text=read_text(path)[0], province="Tuyên Quang")
    got = triples(relations_of(doc))
    assert ("fixture", R, "21/2019/QĐ-UBND") in got
    assert ("fixture", R, "05/2022/QĐ-UBND") not in got
    assert ("fixture", R, "09/2023/QĐ-UBND") not in got
    assert ("05/2022/QĐ-UBND", A, "21/2019/QĐ-UBND") in got
    assert ("fixture", PR, "30/2024/QĐ-UBND") in got
    assert ("fixture", EX, "1187/QĐ-UBND") in got
    assert ("78/2025/NĐ-CP", GU, "64/2025/QH15") in got
    assert {
        ("fixture", BO, "72/2025/QH15"),
        ("fixture", BO, "64/2025/QH15"),
        ("fixture", BO, "78/2025/NĐ-CP"),
    } <= got
    assert find_effective_date(doc) == date(2025, 9, 1)


# --- small cases ----------------------------------------------------------------------------------

# without doc.number the subject «self» is doc.id ("doc"); the «Số:» header only marks a normative act
SMALL = [
    (
        "Số: 12/2025/NĐ-CP\n\nĐiều 9. Nghị định này thay thế Nghị định số 5/2010/NĐ-CP.",
        {("doc", R, "5/2010/NĐ-CP")},
    ),
    (
        "Số: 12/2025/NĐ-CP\n\n2. Bãi bỏ Nghị định số 5/2010/NĐ-CP ngày 01/02/2010 của Chính phủ.",
        {("doc", RP, "5/2010/NĐ-CP")},
    ),
    (
        "Số: 12/2025/NĐ-CP\n\n2. Bãi bỏ khoản 2 Điều 3 Nghị định số 5/2010/NĐ-CP.",
        {("doc", PR, "5/2010/NĐ-CP")},
    ),
    (
        "Nghị định số 5/2010/NĐ-CP được thay thế bởi Nghị định số 9/2020/NĐ-CP.",
        {("9/2020/NĐ-CP", R, "5/2010/NĐ-CP")},
    ),
    (
        "Thông tư số 3/2021/TT-BNV hướng dẫn thi hành Nghị định số 9/2020/NĐ-CP.",
        {("3/2021/TT-BNV", GU, "9/2020/NĐ-CP")},
    ),
    (
        "Kế hoạch số 14-KH/TU ngày 07/4/2016 của Ban Thường vụ Tỉnh ủy thực hiện Nghị quyết số 39-NQ/TW.",
        {("14-KH/TU", IM, "39-NQ/TW")},
    ),
    # a plan's task, not a normative act: «bãi bỏ» without «này» or a document subject is no relation
    ("- Rà soát, đề xuất bãi bỏ Quyết định số 20/2019/QĐ-UBND.", set()),
    ("- Kiến nghị sửa đổi, bổ sung, thay thế văn bản cho phù hợp với Nghị định số 9/2020/NĐ-CP.", set()),
]


@pytest.mark.parametrize(("text", "expected"), SMALL)
def test_small_cases(text: str, expected: set) -> None:
    got = triples(relations_of(make_doc(text)))
    assert {t for t in got if t[1] is not BO} == expected


def test_effective_date_from_signing() -> None:
    doc = Document(
        id="d", path="d", sha256="", text="Quyết định này có hiệu lực kể từ ngày ký.", date=date(2020, 12, 24)
    )
    assert find_effective_date(doc) == date(2020, 12, 24)
    assert find_effective_date(make_doc("Kế hoạch cải cách hành chính năm 2021")) is None
