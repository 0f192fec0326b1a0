"""The four layouts a synthetic document is written in (tab, hier, pipe, prose)."""

from __future__ import annotations

import re

from plankg.loaders.synth.document import (
    Piece,
    _body_sentences,
    _DocGen,
    _emit_preamble,
    _header_lines,
    _pick_agencies,
    _preamble_refs,
    _preamble_relations,
    _Task,
    _task_text,
)
from plankg.loaders.synth.material import AREA_DUTIES, AREA_TITLES, AREAS, PRODUCTS
from plankg.loaders.synth.world import _Ref

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
