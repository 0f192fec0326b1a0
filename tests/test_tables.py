"""parse_tables on the corpus layouts and on the `|`-cell and tab-fragment fixtures."""

from __future__ import annotations

import re
from array import array
from pathlib import Path

import pytest
from alarm import deadline
from hypothesis import given, settings
from hypothesis import strategies as st
from paths import HA_TINH_2024, THAI_BINH_2021, THANH_HOA_2021

from plankg.loaders.header import document_id, parse_header
from plankg.loaders.tables import Row, Table, clean_range, column_role, parse_tables, plain_range
from plankg.loaders.text import CleanText, read_text, strip_markup
from plankg.models import Document

DATA = Path(__file__).parent / "data"


def load(path: Path) -> Document:
    text, sha = read_text(path)
    header = parse_header(text)
    return Document(
        id=document_id(header, path.stem), path=str(path), sha256=sha, text=text, province=header.province
    )


def row_at(table: Table, line: int) -> Row:
    return next(r for r in table.rows if r.line == line)


def cell(table: Table, row: Row, role: str) -> str:
    found = table.cell(row, role)
    assert found is not None
    return found.flat


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("TT", "number"),
        ("Nhiệm vụ cụ thể", "task"),
        ("Đơn vị chủ trì", "lead"),
        ("Cơ quan chủ trì tham mưu hoặc thực hiện", "lead"),
        ("Cơ quan thực hiện", "lead"),
        ("Đơn vị phối hợp", "cooperate"),
        ("Thời gian hoàn thành", "deadline"),
        ("Thời gian thực hiện", "deadline"),
        ("Kinh phí (triệu đồng)", "budget"),
        ("4- Kết quả, sản phẩm", "product"),
        ("1- Mục tiêu/Chỉ tiêu/nội dung", "target"),
        ("3- Hoạt động", "activity"),
        ("Nội dung", "group"),
        ("", None),
    ],
)
def test_column_role(label: str, role: str | None) -> None:
    assert column_role(label) == role


def test_thanh_hoa_appendix_tables_and_junk_column() -> None:
    doc = load(THANH_HOA_2021)
    tables = parse_tables(doc)
    assert [len(t.rows) for t in tables] == [5, 5, 5, 6, 3, 7, 4]
    assert tables[2].section == "Phụ lục số 03: Cải cách tổ chức bộ máy"
    assert tables[0].columns == ("number", "task", "product", "lead", "deadline", "note")
    junk = {"đào tạo", "các nhà", "dịch vụ công và Hệ thống thông tin một cửa trực", "giá, trên"}
    for table in tables:
        for row in table.rows:
            assert not junk & {c.flat for c in row.cells}
    row = row_at(tables[3], 247)  # repeated header with an extra empty column
    assert cell(tables[3], row, "product") == "Quyết định của cơ quan có thẩm quyền"
    assert cell(tables[3], row, "deadline") == "Quý II/2021."
    # the last line has no trailing newline
    last = tables[-1].rows[-1]
    assert last.line == 279 and last.end == len(doc.text)


def test_ha_tinh_page_break_rows_are_glued() -> None:
    doc = load(HA_TINH_2024)
    (table,) = parse_tables(doc)
    assert table.columns == (
        "number", "target", "task", "activity", "product", "lead", "cooperate", "deadline", "budget",
    )  # fmt: skip
    for row in table.rows:
        for role in ("target", "task", "activity"):
            text = cell(table, row, role)
            assert not text or not text[0].islower(), (row.line, text)
    row = row_at(table, 393)
    assert [doc.line_of(s) for s, _ in row.pieces] == [393, 395]
    assert "nhân rộng mô hình hay; Sở Khoa học và Công nghệ chủ trì" in cell(table, row, "lead")
    assert cell(table, row, "target").endswith(
        "áp dụng có hiệu quả đáp ứng yêu cầu của Hội đồng thẩm định CCHC Trung ương"
    )
    assert cell(table, row_at(table, 454), "deadline") == "Quý I/2024"
    assert cell(table, row_at(table, 454), "product") == "Quyết định"
    # ` ⇥  ⇥ 2.2. …` and ` ⇥  ⇥  ⇥ 3.5. …` are new rows
    assert cell(table, row_at(table, 382), "task").startswith("2.2.")
    assert cell(table, row_at(table, 385), "activity").startswith("3.5.")
    # a section row shifted one column
    assert cell(table, row_at(table, 441), "task") == "CẢI CÁCH TỔ CHỨC BỘ MÁY"


def test_thai_binh_alignment() -> None:
    doc = load(THAI_BINH_2021)
    (table,) = parse_tables(doc)
    assert table.columns == ("group", "task", "product", "lead", "cooperate", "deadline", "budget")
    row = row_at(table, 52)  # six cells: the empty group cell was dropped
    assert cell(table, row, "task").startswith("3. Xây dựng Kế hoạch")
    assert cell(table, row, "budget") == "10"
    row = row_at(table, 54)
    assert cell(table, row, "task") == ""
    assert cell(table, row, "lead") == "Sở Nội vụ"
    row = row_at(table, 68)  # page-split cell continued on line 70
    assert cell(table, row, "lead") == (
        "Trung tâm Phục vụ hành chính công tỉnh; Bộ phận tiếp nhận và Trả kết quả cấp huyện, cấp xã"
    )
    assert row.end > doc.text.index("tỉnh; Bộ phận tiếp nhận")
    row = row_at(table, 89)  # an extra cell folds into the product column
    assert cell(table, row, "lead") == "Sở Nội vụ"
    assert cell(table, row, "budget") == "30"
    assert table.cell(row, "product").text.count("\n") == 1  # type: ignore[union-attr]


def test_tab_inside_words_is_rejoined() -> None:
    doc = load(DATA / "tab_fragment_plan.txt")
    (table,) = parse_tables(doc)
    assert table.section == "Phụ lục: Cải cách thủ tục hành chính"
    rows = table.rows
    assert [cell(table, r, "lead") for r in rows] == [
        "Văn phòng UBND tỉnh",
        "Sở Khoa học và Công nghệ",
        "Sở Nội vụ",
    ]
    assert cell(table, rows[1], "cooperate") == "Văn phòng UBND tỉnh"
    assert cell(table, rows[1], "deadline") == "Thường xuyên"
    assert cell(table, rows[2], "cooperate") == "UBND cấp xã"
    assert cell(table, rows[2], "budget") == "30"


def test_pipe_cell_layout() -> None:
    doc = load(DATA / "pipe_plan_2025.txt")
    tables = parse_tables(doc)
    assert len(tables) == 1
    (table,) = tables
    assert table.columns == ("number", "task", "lead", "cooperate", "product", "deadline", "budget")
    assert table.section == "Phụ lục: Nhiệm vụ cải cách hành chính năm 2026"
    assert len(table.rows) == 5
    first = table.rows[1]
    assert cell(table, first, "task") == (
        "Rà soát, hệ thống hóa văn bản quy phạm pháp luật do Hội đồng nhân dân, "
        "Ủy ban nhân dân tỉnh ban hành sau sắp xếp đơn vị hành chính"
    )
    task = table.cell(first, "task")
    assert task is not None
    assert doc.text[task.start : task.end].startswith("Rà soát") and doc.text[task.end - 1] == "h"
    assert cell(table, table.rows[0], "task") == "CẢI CÁCH THỂ CHẾ"


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("ab Nhiệm vụ chủ trì phối hợp Thời gian Kinh phí|\t\n-*<p>1.2.")),
        max_size=400,
    )
)
def test_never_crashes_and_stays_fast(text: str) -> None:
    doc = Document(id="x", path="-", sha256="", text="TT\tNhiệm vụ\tChủ trì\tPhối hợp\n" + text)
    with deadline(20):
        tables = parse_tables(doc)
    for table in tables:
        for row in table.rows:
            assert len(row.cells) == len(table.columns)


# Cell cleaning as first written, token by token with one pending separator: the oracle for
# `clean_range`, which only visits runs of tokens and skips unchanged cells.
REFERENCE_TOKEN_RE = re.compile(
    r"(?P<block></?(?:p|li|ul|ol|br|div|tr|td|th)\b[^<>\n]{0,200}>)"
    r"|(?P<tag></?[a-zA-Z][^<>\n]{0,200}>)"
    r"|(?P<bold>\*\*|__)"
    r"|(?P<ws>\s+)",
    re.IGNORECASE,
)


def reference_clean_range(text: str, start: int, end: int) -> CleanText:
    chars: list[str] = []
    offsets: list[int] = []
    pending: tuple[str, int] | None = None
    pos = start
    for match in [*REFERENCE_TOKEN_RE.finditer(text, start, end), None]:
        upto = match.start() if match else end
        if upto > pos:
            if pending is not None and chars:
                chars.append(pending[0])
                offsets.append(pending[1])
            pending = None
            chars.append(text[pos:upto])
            offsets.extend(range(pos, upto))
        if match is None:
            break
        kind = match.lastgroup
        paragraph = kind == "block" or (
            kind == "ws" and "\n" in match.group() and re.match(r"[-+•]\s", text[match.end() :]) is not None
        )
        if kind != "bold" and (pending is None or pending[0] != "\n"):
            pending = ("\n" if paragraph else " ", match.start())
        pos = match.end()
    return CleanText("".join(chars), array("q", [*offsets, end]))


CELL_MARKUP = st.sampled_from(
    [*"ab -+•\n\t<>/*_\xa0\u3000\u200bđP", "<p>", "</li>", "<br/>", "<span a>", "**", "__", "\n- ", "  "]
)


@given(st.lists(CELL_MARKUP, max_size=40).map("".join), st.data())
def test_clean_range_matches_the_reference_rules(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    for a, b in ((0, len(text)), (start, end)):
        got, want = clean_range(text, a, b), reference_clean_range(text, a, b)
        assert (got.text, list(got.offsets)) == (want.text, list(want.offsets))
        assert plain_range(text, a, b) == strip_markup(got.text)
