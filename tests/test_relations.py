"""Tests for plankg.loaders.relations: amends / replaces / repeals cues, traps, effective dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from plankg.loaders.citations import find_references
from plankg.loaders.parts import find_parts, find_phrases, mask_quotes
from plankg.loaders.relations import find_effective, find_effective_date, find_relations
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
    assert replaced.part is None
    repealed = {(r.object, r.part) for r in rels if r.predicate is PR}
    assert {
        ("83/2024/NĐ-CP", "Điều 1"),
        ("92/2017/NĐ-CP", "Điều 5"),
        ("158/2018/NĐ-CP", "điểm d khoản 4 Điều 7"),
    } <= repealed
    assert ("83/2024/NĐ-CP", None) not in repealed  # the clause names the article: never a whole repeal
    assert {("83/2024/NĐ-CP", A, "10/2016/NĐ-CP"), ("83/2024/NĐ-CP", A, "120/2020/NĐ-CP")} <= got
    assert ("120/2020/NĐ-CP", A, "10/2016/NĐ-CP") not in got  # it has a title of its own: amended by 83/2024
    assert doc.effective_date == date(2025, 11, 20)  # recorded on the document
    assert doc.effective_date_evidence.line == 533


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


# --- parts, wordings, lists, titles ---------------------------------------------------------------

# (text, expected (subject, predicate, object, part)); «Số:» makes the fixture a normative act
PARTS = [
    (
        "Số: 12/2025/NĐ-CP\n\n2. Bãi bỏ khoản 2, khoản 3 Điều 8 và Điều 9 Nghị định số 5/2010/NĐ-CP.",
        {
            ("doc", PR, "5/2010/NĐ-CP", "khoản 2 Điều 8"),
            ("doc", PR, "5/2010/NĐ-CP", "khoản 3 Điều 8"),
            ("doc", PR, "5/2010/NĐ-CP", "Điều 9"),
        },
    ),
    (  # a «… sau:» list of whole documents
        "Số: 12/2025/NĐ-CP\n\nĐiều 2. Bãi bỏ các Nghị định sau:\na) Nghị định số 5/2010/NĐ-CP;\n"
        "b) Nghị định số 6/2011/NĐ-CP.\n\nĐiều 3. Trách nhiệm thi hành\n",
        {("doc", RP, "5/2010/NĐ-CP", None), ("doc", RP, "6/2011/NĐ-CP", None)},
    ),
    (  # the act's own verb, coordinated after «Quyết định này …»
        "Số: 12/2025/QĐ-UBND\n\nĐiều 3. Quyết định này có hiệu lực kể từ ngày 01/9/2025 và thay thế "
        "Quyết định số 20/2019/QĐ-UBND.",
        {("doc", R, "20/2019/QĐ-UBND", None)},
    ),
    (  # clauses act on the circular their article heading names; quoted new text is never read
        "Số: 12/2025/TT-BTC\n\nĐiều 1. Sửa đổi, bổ sung một số điều của Thông tư số 3/2020/TT-BTC như sau:\n"
        "1. Sửa đổi điểm a, điểm b khoản 2 Điều 4 như sau:\n"
        "“a) Theo Thông tư số 9/2019/TT-BTC; bãi bỏ Điều 2.”\n"
        "2. Bãi bỏ Điều 7.\nĐiều 2. Hiệu lực thi hành\n",
        {
            ("doc", A, "3/2020/TT-BTC", "điểm a khoản 2 Điều 4"),
            ("doc", A, "3/2020/TT-BTC", "điểm b khoản 2 Điều 4"),
            ("doc", PR, "3/2020/TT-BTC", "Điều 7"),
        },
    ),
    (  # «Thay thế cụm từ» is an amendment of the provision holding the words
        "Số: 12/2025/QĐ-UBND\n\nĐiều 2. Thay thế cụm từ “Sở Kế hoạch và Đầu tư” bằng cụm từ “Sở Tài chính” "
        "tại khoản 1 Điều 2 Quyết định số 7/2021/QĐ-UBND.",
        {("doc", A, "7/2021/QĐ-UBND", "khoản 1 Điều 2")},
    ),
    (  # a cited decree replacing a provision of another one
        "Nghị định số 9/2020/NĐ-CP thay thế khoản 2 Điều 3 Nghị định số 5/2010/NĐ-CP.",
        {("9/2020/NĐ-CP", A, "5/2010/NĐ-CP", "khoản 2 Điều 3")},
    ),
    (  # coordinated amenders: both amend (also across their dates and issuers)
        "Căn cứ Nghị định số 1/2016/NĐ-CP ngày 01 tháng 02 năm 2016 của Chính phủ đã được sửa đổi, bổ sung "
        "theo Nghị định số 2/2019/NĐ-CP ngày 05 tháng 6 năm 2019 của Chính phủ và Nghị định số 3/2020/NĐ-CP;",
        {("2/2019/NĐ-CP", A, "1/2016/NĐ-CP", None), ("3/2020/NĐ-CP", A, "1/2016/NĐ-CP", None)},
    ),
    (  # … but one with a title of its own is another document of the outer list
        "Căn cứ Nghị định số 1/2016/NĐ-CP đã được sửa đổi, bổ sung theo Nghị định số 2/2019/NĐ-CP ngày 05 "
        "tháng 6 năm 2019 của Chính phủ và Nghị định số 3/2020/NĐ-CP ngày 07 tháng 10 năm 2020 của Chính phủ "
        "quy định về thành lập đơn vị sự nghiệp công lập;",
        {("2/2019/NĐ-CP", A, "1/2016/NĐ-CP", None)},
    ),
    (  # the body line under an article heading, with no clause number
        "Số: 12/2025/NĐ-CP\n\nĐiều 2. Bãi bỏ một số điều của Nghị định số 15/2020/NĐ-CP\n"
        "Bãi bỏ Điều 10, Điều 11 và khoản 3 Điều 12.\n\nĐiều 3. Hiệu lực thi hành\n",
        {
            ("doc", PR, "15/2020/NĐ-CP", "Điều 10"),
            ("doc", PR, "15/2020/NĐ-CP", "Điều 11"),
            ("doc", PR, "15/2020/NĐ-CP", "khoản 3 Điều 12"),
        },
    ),
    (  # a plan's paragraph is not an act of the plan
        "Số: 12/KH-UBND\n\nII. NHIỆM VỤ\n\nSửa đổi, bổ sung Quyết định số 12/2019/QĐ-UBND.\n",
        set(),
    ),
    (  # … but not after any «<loại> này»: here the plan asks agencies to amend a decision
        "Số: 12/KH-UBND\n\nCác sở triển khai Kế hoạch này, sửa đổi, bổ sung Quyết định số 12/2019/QĐ-UBND.",
        set(),
    ),
    (  # an article of an administrative decision (no year in its number) is its own act too …
        "Số: 1234/QĐ-UBND\n\nĐiều 3. Bãi bỏ Quyết định số 567/QĐ-UBND ngày 02/3/2020 của Chủ tịch UBND tỉnh.",
        {("doc", RP, "567/QĐ-UBND", None)},
    ),
    (  # … a numbered task of a plan is not
        "Số: 1234/KH-UBND\n\n2. Bãi bỏ Quyết định số 20/2019/QĐ-UBND trong quý II.",
        set(),
    ),
    (  # an amender is never older than what it amends
        "Căn cứ Nghị định số 9/2020/NĐ-CP được sửa đổi, bổ sung bởi Nghị định số 4/2018/NĐ-CP;",
        set(),
    ),
]


@pytest.mark.parametrize(("text", "expected"), PARTS)
def test_parts_of_relations(text: str, expected: set) -> None:
    got = {
        (r.subject, r.predicate, r.object, r.part)
        for r in relations_of(make_doc(text))
        if r.predicate is not BO
    }
    assert got == expected


def test_phrases_and_within_part() -> None:
    text = (
        "Số: 12/2025/NĐ-CP\n\n5. Bãi bỏ cụm từ “tổng cục” tại điểm a khoản 2 Điều 2; bãi bỏ điểm b khoản 2 "
        "Điều 2 Nghị định số 158/2018/NĐ-CP ngày 22 tháng 11 năm 2018 của Chính phủ."
    )
    rels = {r.part: r for r in relations_of(make_doc(text)) if r.predicate is PR}
    phrase, point = rels["điểm a khoản 2 Điều 2"], rels["điểm b khoản 2 Điều 2"]
    assert (phrase.object, phrase.phrases, phrase.within_part) == ("158/2018/NĐ-CP", ("tổng cục",), True)
    assert (point.object, point.phrases, point.within_part) == ("158/2018/NĐ-CP", (), False)
    assert phrase.evidence.text.startswith("Bãi bỏ cụm từ") and phrase.evidence.text.endswith(
        "158/2018/NĐ-CP"
    )


LOCATORS = [
    (
        "điểm b, điểm d, điểm e, điểm h khoản 2 Điều 2, điểm d khoản 4 Điều 7",
        [(f"điểm {p} khoản 2 Điều 2", False) for p in "bdeh"] + [("điểm d khoản 4 Điều 7", False)],
    ),
    ("khoản 4 sau khoản 3 Điều 3 như sau:", [("khoản 4 Điều 3", False)]),
    ("Điều 5a vào sau Điều 5", [("Điều 5a", False)]),
    (
        "điểm a khoản 1 và điểm b khoản 2 Điều 3",
        [("điểm a khoản 1 Điều 3", False), ("điểm b khoản 2 Điều 3", False)],
    ),
    ("khoản 1 đến khoản 3 Điều 9", [(f"khoản {n} Điều 9", False) for n in (1, 2, 3)]),
    (
        "cụm từ “xã” tại mục 1; điểm 8, 9 tiểu mục 2.5 mục 2 Bản mô tả tại Phụ lục III",
        [
            ("mục 1 Phụ lục III", True),
            ("điểm 8 tiểu mục 2.5 mục 2 Phụ lục III", True),
            ("điểm 9 tiểu mục 2.5 mục 2 Phụ lục III", True),
        ],
    ),
    (
        "điểm c khoản 2 Điều 1 và quy định liên quan tại Phụ lục I, Phụ lục II",
        [("điểm c khoản 2 Điều 1", False), ("Phụ lục I", True), ("Phụ lục II", True)],
    ),  # an article is never in an annex
    ("số thứ tự và tên của Điều 10", [("Điều 10", True)]),
    ("các thành phần 2, danh mục 3 và địa điểm 1 của hồ sơ", []),  # words, not locators
]


@pytest.mark.parametrize(("text", "expected"), LOCATORS)
def test_locators(text: str, expected: list) -> None:
    masked, _ = mask_quotes(text)
    assert [(p.label, p.within) for p in find_parts(masked, 0, len(masked))] == expected


def test_quotes_are_masked_and_new_wordings_skipped() -> None:
    text = "Thay thế cụm từ “A; B.” thành “C”, cụm từ “D” bằng cụm từ “E” tại Điều 1. “lẻ"
    masked, quotes = mask_quotes(text)
    assert len(masked) == len(text) and ";" not in masked and "A" not in masked
    assert find_phrases(text, masked, quotes, 0, len(text)) == ["A; B.", "D"]
    assert masked.endswith("“lẻ")  # an unclosed quote blanks nothing


EFFECTIVE = [
    ("Nghị định này có hiệu lực thi hành kể từ ngày 20 tháng 11 năm 2025.", None, date(2025, 11, 20)),
    ("Thông tư này có hiệu lực từ ngày 01/7/2025.", None, date(2025, 7, 1)),
    ("Quyết định này có hiệu lực kể từ ngày ký ban hành.", date(2025, 3, 4), date(2025, 3, 4)),
    ("Quyết định này có hiệu lực thi hành sau 10 ngày kể từ ngày ký.", date(2025, 11, 28), date(2025, 12, 8)),
    (
        "Nghị quyết này đã được Hội đồng nhân dân tỉnh khóa XVIII, kỳ họp thứ 30 thông qua ngày 10 tháng 12 "
        "năm 2025 và có hiệu lực từ ngày 01 tháng 01 năm 2026.",
        None,
        date(2026, 1, 1),
    ),
    (  # a quoted article of the amended act is not this act's clause
        "1. Sửa đổi Điều 12 như sau: “Điều 12. Thông tư này có hiệu lực từ ngày 01/01/2020.”\n"
        "Thông tư này có hiệu lực thi hành kể từ ngày 15 tháng 02 năm 2026.",
        None,
        date(2026, 2, 15),
    ),
    ("Khoản này có hiệu lực từ ngày 01/01/2026.", None, None),  # a clause, not the document
    ("Quyết định này có hiệu lực kể từ ngày ký.", None, None),  # no dateline: unknown (evidence kept)
]


@pytest.mark.parametrize(("text", "dated", "expected"), EFFECTIVE)
def test_effective_date_forms(text: str, dated: date | None, expected: date | None) -> None:
    doc = Document(id="d", path="d", sha256="", text=text, date=dated)
    when, evidence = find_effective(doc)
    assert when == expected
    if evidence is not None:
        assert text[evidence.start : evidence.end] == evidence.text and "hiệu lực" in evidence.text
    assert (evidence is None) == text.startswith("Khoản")
