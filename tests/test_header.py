"""Document header: own number, dateline, province, issuer, title, kind."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from paths import HA_TINH_2024, HAU_GIANG_2021, SHARED, THAI_BINH_2021, THANH_HOA_2017, THANH_HOA_2021

from plankg.loaders.header import document_id, parse_header
from plankg.loaders.provinces import canonical_province, find_province, provinces
from plankg.loaders.text import read_text
from plankg.models import DocumentKind

CASES = [
    (
        THANH_HOA_2021,
        "5476/QĐ-UBND",
        date(2020, 12, 24),
        "Thanh Hóa",
        "UBND tỉnh Thanh Hóa",
        DocumentKind.PLAN,
        2021,
    ),
    (
        THANH_HOA_2017,
        "6366/BC-UBND",
        date(2017, 5, 24),
        "Thanh Hóa",
        "UBND tỉnh Thanh Hóa",
        DocumentKind.REPORT,
        2017,
    ),
    (HAU_GIANG_2021, None, None, "Hậu Giang", "UBND tỉnh Hậu Giang", DocumentKind.PLAN, 2021),
    (
        THAI_BINH_2021,
        "3669/QĐ-UBND",
        date(2020, 12, 31),
        "Thái Bình",
        "UBND tỉnh Thái Bình",
        DocumentKind.PLAN,
        2021,
    ),
    (HA_TINH_2024, None, None, "Hà Tĩnh", "UBND tỉnh Hà Tĩnh", DocumentKind.PLAN, 2024),
]


@pytest.mark.parametrize(("path", "number", "dated", "province", "issuer", "kind", "year"), CASES)
def test_header_of_corpus_documents(
    path: Path,
    number: str | None,
    dated: date | None,
    province: str,
    issuer: str,
    kind: DocumentKind,
    year: int,
) -> None:
    header = parse_header(read_text(path)[0])
    assert (header.number, header.date, header.province, header.issuer, header.kind, header.plan_year) == (
        number,
        dated,
        province,
        issuer,
        kind,
        year,
    )


def test_draft_keeps_the_type_code_of_its_blank_number() -> None:
    header = parse_header(read_text(HA_TINH_2024)[0])
    assert header.number is None
    assert header.number_code == "QĐ-UBND"


@pytest.mark.skipif(not (SHARED / "corpus-extra").exists(), reason="../shared/corpus-extra not present")
def test_national_decree_in_pipe_layout_has_no_province() -> None:
    header = parse_header(read_text(SHARED / "corpus-extra" / "decree_25_2025.txt")[0])
    assert (header.number, header.date, header.province, header.issuer, header.kind) == (
        "25/2025/NĐ-CP",
        date(2025, 2, 21),
        None,
        "Chính phủ",
        DocumentKind.DECREE,
    )


def test_document_ids_are_stable_and_distinct_per_province() -> None:
    a = parse_header("Thái Bình, ngày 31 tháng 12 năm 2020\nSố: 1025/QĐ-UBND\n")
    b = parse_header("Thanh Hoá, ngày 04 tháng 4 năm 2017\nSố: 1025/QĐ-UBND\n")
    assert document_id(a, "x") == "thai-binh-1025-qd-ubnd-2020"
    assert document_id(b, "x") == "thanh-hoa-1025-qd-ubnd-2017"


def test_a_local_number_reused_in_another_year_is_another_document() -> None:
    first = parse_header("Thái Bình, ngày 31 tháng 12 năm 2020\nSố: 1025/QĐ-UBND\n")
    again = parse_header("Thái Bình, ngày 02 tháng 3 năm 2022\nSố: 1025/QĐ-UBND\n")
    assert document_id(first, "x") != document_id(again, "x")
    with_year = parse_header("Thái Bình, ngày 02 tháng 3 năm 2025\nSố: 42/2025/QĐ-UBND\n")
    assert document_id(with_year, "x") == "thai-binh-42-2025-qd-ubnd"  # its number has a year already
    undated = parse_header("Số: 1025/QĐ-UBND\nỦY BAN NHÂN DÂN TỈNH THÁI BÌNH\n")
    assert undated.date is None and document_id(undated, "x").endswith("1025-qd-ubnd")


def test_ascii_type_codes_are_folded_in_own_number() -> None:
    header = parse_header(
        "Số: 12/QD-UBND           Hà Giang, ngày 5 tháng 1 năm 2022\nKẾ HOẠCH\nCải cách hành chính năm 2022\n"
    )
    assert header.number == "12/QĐ-UBND"
    assert header.province == "Hà Giang"
    assert header.kind is DocumentKind.PLAN


def test_province_gazetteer() -> None:
    assert len(provinces()) == 63
    assert canonical_province("Thanh Hoá") == "Thanh Hóa"
    assert canonical_province("TP.HCM") == "Thành phố Hồ Chí Minh"
    assert find_province("UBND tỉnh Thừa Thiên Huế") == "Huế"
    assert {p.merged_into for p in provinces() if p.merged_into} <= {p.name for p in provinces()}


@pytest.mark.parametrize("path", [THANH_HOA_2021, THAI_BINH_2021], ids=lambda p: p.stem)
def test_header_evidence_points_at_the_original_text(path: Path) -> None:
    text = read_text(path)[0]
    header = parse_header(text)
    assert set(header.evidence) == {"number", "date", "kind", "title"}
    number_start, number_end = header.evidence["number"]
    assert text[number_start:number_end].replace(" ", "") == header.number
    date_start, date_end = header.evidence["date"]
    assert text[date_start:date_end].endswith(str(header.date.year))
    title_start, title_end = header.evidence["title"]
    original = text[title_start:title_end]  # markup and line breaks kept, as in the file
    assert " ".join(original.replace("*", " ").split()).strip(" .") == header.title


def test_header_in_two_tab_columns() -> None:
    header = parse_header(
        "BỘ NỘI VỤ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n-------\tĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 08/2025/TT-BNV\tHà Nội, ngày 30 tháng 12 năm 2025\n\nTHÔNG TƯ\n"
        "Sửa đổi một số điều của Thông tư số 01/2023/TT-BNV\n\nCăn cứ …"
    )
    assert (header.number, header.date, header.issuer, header.province) == (
        "08/2025/TT-BNV",
        date(2025, 12, 30),
        "Bộ Nội vụ",
        None,
    )
    assert header.title == "Sửa đổi một số điều của Thông tư số 01/2023/TT-BNV"
