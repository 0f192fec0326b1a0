"""Budget cells and column units → VND (cells copied from the corpus, plus other formats)."""

from __future__ import annotations

import pytest

from plankg.loaders.budgets import parse_budget, parse_unit

MILLION = 1_000_000
CELLS = [
    ("10", MILLION, 10_000_000),  # thai-binh_2021:48, column «Kinh phí dự kiến (triệu đồng)»
    ("20", MILLION, 20_000_000),  # thai-binh_2021:50
    ("<b>200</b>", MILLION, 200_000_000),  # thai-binh_2021:101, «Tổng cộng»
    ("Theo dự án", MILLION, None),  # thai-binh_2021:55
    ("Theo kế hoạch", MILLION, None),  # thai-binh_2021:75
    ("Theo Kế hoạch", MILLION, None),  # thai-binh_2021:83
    ("Theo đề án", MILLION, None),  # thai-binh_2021:79
    ("Theo dự toán được cấp", MILLION, None),  # ha-tinh_2024:383
    ("Theo KH chuyển đổi số", MILLION, None),  # ha-tinh_2024:477
    # Vietnamese number formats and explicit units
    ("1.500", MILLION, 1_500_000_000),
    ("2,5", MILLION, 2_500_000),
    ("1.500,5", MILLION, 1_500_500_000),
    ("200.000.000đ", MILLION, 200_000_000),
    ("200.000.000 đồng", MILLION, 200_000_000),
    ("2,5 tỷ đồng", MILLION, 2_500_000_000),
    ("15 triệu đồng", 1, 15_000_000),
    ("500 nghìn đồng", MILLION, 500_000),
    ("50", 1_000, 50_000),
    ("Năm 2024: 50", MILLION, 50_000_000),
    ("Hai trăm triệu đồng", MILLION, 200_000_000),
    ("Một tỷ năm trăm triệu đồng", MILLION, 1_500_000_000),
    ("ba mươi lăm triệu đồng", MILLION, 35_000_000),
]


@pytest.mark.parametrize(("cell", "unit", "amount"), CELLS)
def test_parse_budget(cell: str, unit: int, amount: int | None) -> None:
    budget = parse_budget(cell, unit)
    assert budget is not None
    assert budget.amount_vnd == amount


def test_text_is_kept() -> None:
    budget = parse_budget("<b>Theo dự toán được cấp</b>", MILLION)
    assert budget is not None and budget.text == "Theo dự toán được cấp"


@pytest.mark.parametrize("cell", ["", "  ", "<b></b>", "-", "…"])
def test_empty(cell: str) -> None:
    assert parse_budget(cell) is None


@pytest.mark.parametrize(
    ("header", "unit"),
    [
        ("Kinh phí dự kiến (triệu đồng)", 1_000_000),  # thai-binh_2021:47
        ("8- Kinh phí", 1_000_000),  # ha-tinh_2024:379 — no unit: the default
        ("Kinh phí (nghìn đồng)", 1_000),
        ("Kinh phí (ngàn đồng)", 1_000),
        ("Kinh phí (tỷ đồng)", 1_000_000_000),
        ("Kinh phí (đồng)", 1),
        ("Kinh phí ngân sách (triệu đồng)", 1_000_000),
    ],
)
def test_parse_unit(header: str, unit: int) -> None:
    assert parse_unit(header) == unit
