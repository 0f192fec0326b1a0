"""Target (chỉ tiêu) texts → value, unit, comparator, year (texts copied from ha-tinh_2024)."""

from __future__ import annotations

import pytest

from plankg.loaders.targets import parse_target
from plankg.models import Span

# (text, number, value, unit, comparator, year) with default year 2024
CASES = [
    # ha-tinh_2024:392
    (
        "1.3. Phân đầu ít nhất có 03 sáng kiến (hoặc giải pháp mới) về CCHC áp dụng có hiệu quả",
        "1.3",
        3.0,
        "sáng kiến",
        ">=",
        2024,
    ),
    (
        "1.4. Tối thiểu 35% cơ quan đơn vị được kiểm tra CCHC trong năm 2024",
        "1.4",
        35.0,
        "%",
        ">=",
        2024,
    ),  # :397
    (
        "1.1. Phần đầu từ 90% trở lên nội dung tại các văn bản quy phạm pháp luật",
        "1.1",
        90.0,
        "%",
        ">=",
        2024,
    ),  # :407
    (
        "1.2. Tối thiểu 95 % văn bản QPPL của HĐND, UBND tỉnh được rà soát",
        "1.2",
        95.0,
        "%",
        ">=",
        2024,
    ),  # :409
    # ha-tinh_2024:426-429 — several figures: the first is the value
    (
        "1.5. Tiếp tục số hóa đạt tỷ lệ tối thiểu tương ứng: cấp sở 90%, cấp huyện 80%, cấp xã 75% số hồ sơ",
        "1.5",
        90.0,
        "%",
        ">=",
        2024,
    ),
    (
        "1.8. Mức độ hài lòng của người dân, doanh nghiệp về giải quyết thủ tục hành chính"
        " đạt từ 94% trở lên.",
        "1.8",
        94.0,
        "%",
        ">=",
        2024,
    ),  # :432
    (
        "1.2. Tỷ lệ sắp xếp lại, xử lý nhà, đất thuộc thẩm quyền quản lý đạt trên 85%",
        "1.2",
        85.0,
        "%",
        ">",
        2024,
    ),
    (
        "1.3. Giảm tối thiểu 2,5% chi hỗ trợ trực tiếp từ ngân sách nhà nước"
        " của các đơn vị sự nghiệp công lập nhóm 3",
        "1.3",
        2.5,
        "%",
        ">=",
        2024,
    ),  # :471
    (
        "1.4. Có ít nhất 02 đơn vị sự nghiệp công lập tăng mức độ tự chủ",
        "1.4",
        2.0,
        "đơn vị",
        ">=",
        2024,
    ),  # :472
    (
        "1.3. Phân đầu năm 2024 giảm 28 biên chế công chức; giảm 531 biên chế viên chức so với năm 2023",
        "1.3",
        28.0,
        "biên chế",
        "=",
        2024,
    ),  # :449
    (
        "1.2. 13 Trung tâm Văn hóa truyền thông cấp huyện hoàn thành xây dựng, áp dụng và công bố"
        " hệ thống quản lý chất lượng phù hợp TCVN ISO 9001:2015 trong năm 2024",
        "1.2",
        13.0,
        "Trung tâm",
        "=",
        2024,
    ),  # :495
    (
        "1.1. 100% đơn vị sự nghiệp công lập được giao quyền tự chủ tài chính"
        " theo Nghị định số 60/2021/NĐ-CP",
        "1.1",
        100.0,
        "%",
        "=",
        2024,
    ),  # :468
    (
        "1.2. Tỷ lệ cơ sở dữ liệu của các sở, ngành được kết nối liên thông đạt 70%",
        "1.2",
        70.0,
        "%",
        "=",
        2024,
    ),
    # unseen wordings
    ("Không quá 5% hồ sơ giải quyết trễ hạn trong năm 2025", None, 5.0, "%", "<=", 2025),
    ("Tỷ lệ hồ sơ trực tuyến đạt tối thiểu 80%", None, 80.0, "%", ">=", 2024),
    ("Dưới 3% hồ sơ bị trả lại", None, 3.0, "%", "<", 2024),
    ("Kiện toàn cơ cấu tổ chức các cơ quan, đơn vị", None, None, None, None, 2024),
]


@pytest.mark.parametrize(("text", "number", "value", "unit", "comparator", "year"), CASES)
def test_parse_target(
    text: str, number: str | None, value: float | None, unit: str | None, comparator: str | None, year: int
) -> None:
    target = parse_target(text, id="t1", default_year=2024)
    assert (target.number, target.value, target.unit, target.comparator, target.year) == (
        number,
        value,
        unit,
        comparator,
        year,
    )
    assert target.text == text


def test_metric_and_provenance() -> None:
    span = Span(10, 20, 3, "1.4. Tối thiểu 35%")
    target = parse_target(
        "1.4. Tối thiểu 35% cơ quan đơn vị được kiểm tra CCHC trong năm 2024",
        id="t",
        default_year=None,
        provenance=span,
    )
    assert target.metric == "cơ quan đơn vị được kiểm tra CCHC"
    assert (target.id, target.provenance) == ("t", span)


def test_several_figures_keep_the_whole_text_as_metric() -> None:
    text = "Tỷ lệ thanh toán trực tuyến đạt tối thiểu: cấp tỉnh 50%, cấp huyện 45%, cấp xã 40% trở lên"
    target = parse_target(text, id="t", default_year=2024)
    assert (target.value, target.metric) == (50.0, text)
