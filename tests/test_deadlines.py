"""Deadline cells → normalized intervals (cells copied from the corpus, plus unseen wordings)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plankg.loaders.deadlines import parse_deadline

D = date
# (cell, default year, start, end, recurring, conditional)
REAL_CELLS = [
    ("Quý III/2021.", 2021, D(2021, 7, 1), D(2021, 9, 30), False, False),  # thanh-hoa_2021:208
    (
        "Quý II, IV/2021",
        2021,
        D(2021, 4, 1),
        D(2021, 12, 31),
        False,
        False,
    ),  # thai-binh_2021:89 (one interval)
    ("Quý I-IV năm 2024", 2024, D(2024, 1, 1), D(2024, 12, 31), False, False),  # ha-tinh_2024:494
    ("Quý II-IV năm 2024", 2024, D(2024, 4, 1), D(2024, 12, 31), False, False),  # ha-tinh_2024:507
    ("Quý II, III/2024", 2024, D(2024, 4, 1), D(2024, 9, 30), False, False),  # ha-tinh_2024:397
    ("Quý I, II năm 2024", 2024, D(2024, 1, 1), D(2024, 6, 30), False, False),  # ha-tinh_2024:421
    ("Quý I", 2024, D(2024, 1, 1), D(2024, 3, 31), False, False),  # ha-tinh_2024:409, default year
    ("Quý IV/2024", 2024, D(2024, 10, 1), D(2024, 12, 31), False, False),  # ha-tinh_2024:415
    ("Tháng 12/2020", 2021, D(2020, 12, 1), D(2020, 12, 31), False, False),  # thai-binh_2021:48
    ("Tháng 01/2021", 2021, D(2021, 1, 1), D(2021, 1, 31), False, False),  # thai-binh_2021:49
    ("Tháng 06/2021", 2021, D(2021, 6, 1), D(2021, 6, 30), False, False),  # thai-binh_2021:56
    ("Tháng 4/2021", 2021, D(2021, 4, 1), D(2021, 4, 30), False, False),  # thai-binh_2021:71
    ("Tháng 01/2024", 2024, D(2024, 1, 1), D(2024, 1, 31), False, False),  # ha-tinh_2024:383
    ("Trước 25/12/2023", 2024, None, D(2023, 12, 25), False, False),  # ha-tinh_2024:381
    (
        "Dự thảo văn bản trình UBND tỉnh: chậm nhất quý II/2021.",
        2021,
        None,
        D(2021, 6, 30),
        False,
        False,
    ),  # thanh-hoa_2021:240
    (
        "Báo cáo kết quả thực hiện tháng 12/2021.",
        2021,
        D(2021, 12, 1),
        D(2021, 12, 31),
        False,
        False,
    ),  # thanh-hoa_2021:230
    (
        "Báo cáo kết quả thực hiện: Quý III/2021.",
        2021,
        D(2021, 7, 1),
        D(2021, 9, 30),
        False,
        False,
    ),  # thanh-hoa_2021:241
    ("Năm 2024", 2024, D(2024, 1, 1), D(2024, 12, 31), False, False),  # ha-tinh_2024:382
    ("Năm 2021", 2021, D(2021, 1, 1), D(2021, 12, 31), False, False),  # thai-binh_2021:74
    ("Trong năm 2021", 2021, D(2021, 1, 1), D(2021, 12, 31), False, False),  # thai-binh_2021:58
    ("Năm 2024-2026", 2024, D(2024, 1, 1), D(2026, 12, 31), False, False),  # ha-tinh_2024:478
    ("Thường xuyên", 2021, D(2021, 1, 1), D(2021, 12, 31), True, False),  # thai-binh_2021:61
    ("Thường xuyên trong năm.", 2021, D(2021, 1, 1), D(2021, 12, 31), True, False),  # thanh-hoa_2021:207
    ("Thườn g xuyên", 2024, D(2024, 1, 1), D(2024, 12, 31), True, False),  # ha-tinh_2024:407 (PDF break)
    ("Hàng năm", 2021, D(2021, 1, 1), D(2021, 12, 31), True, False),  # thai-binh_2021:64
    # thanh-hoa_2021:222
    ("Báo cáo kết quả định kỳ hàng quý hoặc đột xuất.", 2021, D(2021, 1, 1), D(2021, 12, 31), True, False),
    (
        "Báo cáo kết quả thực hiện Kế hoạch: định kỳ hàng quý.",
        2021,
        D(2021, 1, 1),
        D(2021, 12, 31),
        True,
        False,
    ),
    ("Sau khi có văn bản của Chính phủ", 2021, None, None, False, True),  # thai-binh_2021:53
    ("Ngay sau khi các bộ, ngành hướng dẫn thực hiện.", 2021, None, None, False, True),  # thanh-hoa_2021:231
    ("Theo kế hoạch", 2021, None, None, False, True),  # thai-binh_2021:91
    ("Theo quy định", 2021, None, None, False, True),  # thai-binh_2021:98
    ("Theo Kế hoạch của Bộ Nội vụ", 2024, None, None, False, True),  # ha-tinh_2024:387
    ("Khi có chỉ đạo của Trung ương", 2024, None, None, False, True),  # ha-tinh_2024:444
    ("Theo lộ trình đề án được phê duyệt", 2024, None, None, False, True),  # ha-tinh_2024:449
    (
        "Theo kế hoạch thẩm định hằng năm",
        2024,
        D(2024, 1, 1),
        D(2024, 12, 31),
        True,
        True,
    ),  # ha-tinh_2024:401
    # ha-tinh_2024:388+390 — the index year is named inside the condition
    (
        "Sau khi các cơ quan liên quan công bố chỉ số PAPI, Bộ Nội vụ công bố chỉ số CCHC tỉnh năm 2024",
        2024,
        D(2024, 1, 1),
        D(2024, 12, 31),
        False,
        True,
    ),
    # thanh-hoa_2021:235 — multi-part cell: the overall interval
    (
        "<ul> - Kế hoạch khảo sát: quý I/2021. - Báo cáo kết quả khảo sát: tháng 11/2021. ",
        2021,
        D(2021, 1, 1),
        D(2021, 11, 30),
        False,
        False,
    ),
    # thanh-hoa_2021:274 — a year inside a label is not a deadline
    (
        "- Kế hoạch CCHC 2021 của các cơ quan, đơn vị: Trước 31/12/2020. - Báo cáo kết quả thực hiện: định kỳ"
        " hàng quý hoặc đột xuất theo quy định.",
        2021,
        None,
        D(2020, 12, 31),
        True,
        False,
    ),
    # thanh-hoa_2021:275
    (
        "- Báo cáo tự chấm điểm cùng tài liệu kiểm chứng của các cơ quan, đơn vị: Trước 05/12/2021."
        " - Báo cáo tổng hợp chỉ số CCHC toàn tỉnh: Trước 31/12/2021.",
        2021,
        None,
        D(2021, 12, 31),
        False,
        False,
    ),
    # thanh-hoa_2021:269
    (
        "- Triển khai áp dụng: Thường xuyên trong năm. - Báo cáo kết quả thực hiện: Quý IV/2021.",
        2021,
        D(2021, 10, 1),
        D(2021, 12, 31),
        True,
        False,
    ),
]

UNSEEN_CELLS = [
    ("trước ngày 15/01/2024", None, None, D(2024, 1, 15), False, False),
    ("Trước ngày 15 tháng 12 năm 2025", None, None, D(2025, 12, 15), False, False),
    ("Trước 15/12", 2025, None, D(2025, 12, 15), False, False),
    ("6 tháng đầu năm 2025", None, D(2025, 1, 1), D(2025, 6, 30), False, False),
    ("Giai đoạn 2026 - 2030", None, D(2026, 1, 1), D(2030, 12, 31), False, False),
    ("Từ tháng 3 đến tháng 5/2025", None, D(2025, 3, 1), D(2025, 5, 31), False, False),
    ("Quý IV hằng năm", 2025, D(2025, 10, 1), D(2025, 12, 31), True, False),
    ("12/2025", None, D(2025, 12, 1), D(2025, 12, 31), False, False),
    ("Thường xuyên", None, None, None, True, False),
]


@pytest.mark.parametrize(
    ("cell", "year", "start", "end", "recurring", "conditional"), REAL_CELLS + UNSEEN_CELLS
)
def test_parse_deadline(
    cell: str, year: int | None, start: date | None, end: date | None, recurring: bool, conditional: bool
) -> None:
    deadline = parse_deadline(cell, year)
    assert deadline is not None
    assert (deadline.start, deadline.end, deadline.recurring, deadline.conditional) == (
        start,
        end,
        recurring,
        conditional,
    )


def test_original_text_is_kept() -> None:
    deadline = parse_deadline("<b>Quý III/2021.</b>", 2021)
    assert deadline is not None and deadline.text == "Quý III/2021."


def test_quarter_without_any_year_is_still_a_deadline() -> None:
    deadline = parse_deadline("Quý I", None)
    assert deadline is not None and (deadline.start, deadline.end) == (None, None)


@pytest.mark.parametrize("cell", ["", "   ", "Sở Nội vụ", "Báo cáo kết quả thực hiện", "x"])
def test_no_time_expression(cell: str) -> None:
    assert parse_deadline(cell, 2021) is None


def test_long_input_is_fast() -> None:
    parse_deadline("quý I, " * 5000 + "tháng 1 - " * 5000, 2021)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="QuýIVquýthángnăm /-,.:0123456789trướcThườngxuyên", max_size=120))
def test_never_crashes(cell: str) -> None:
    deadline = parse_deadline(cell, 2024)
    if deadline is not None and deadline.start and deadline.end:
        assert isinstance(deadline.start, date) and isinstance(deadline.end, date)
