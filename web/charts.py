"""Markup the server generates itself: the quarter-load SVG chart and highlighted document text.

Both return `markupsafe.Markup` built only from escaped pieces: every text that comes from a document
goes through `escape` before any tag is put around it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

LEAD_COLOR = "#1f5fa8"
COOPERATE_COLOR = "#8fb8e6"


@dataclass(frozen=True)
class Bar:
    label: str
    lead: int
    cooperate: int


def quarter_chart(bars: Sequence[Bar], *, title: str, lead_label: str, cooperate_label: str) -> Markup:
    """A stacked bar chart (lead below, cooperating above) as inline SVG; empty Markup without bars."""
    if not bars:
        return Markup("")
    top = max(b.lead + b.cooperate for b in bars) or 1
    bar_w, gap, left, bottom, height = 36, 26, 34, 58, 180
    width = left + len(bars) * (bar_w + gap) + gap
    total_h = height + bottom + 30
    scale = height / top
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {total_h}" width="{width}" height="{total_h}" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    base = 20 + height
    for tick in _ticks(top):
        y = base - tick * scale
        parts.append(f'<line x1="{left - 4}" y1="{y:.1f}" x2="{width}" y2="{y:.1f}" class="grid"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">{tick}</text>')
    for index, bar in enumerate(bars):
        x = left + gap + index * (bar_w + gap)
        lead_h, coop_h = bar.lead * scale, bar.cooperate * scale
        tip = f"{bar.label}: {lead_label} {bar.lead}, {cooperate_label} {bar.cooperate}"
        parts.append(f"<g><title>{escape(tip)}</title>")
        if bar.lead:
            parts.append(
                f'<rect x="{x}" y="{base - lead_h:.1f}" width="{bar_w}" height="{lead_h:.1f}" '
                f'fill="{LEAD_COLOR}"/>'
            )
        if bar.cooperate:
            parts.append(
                f'<rect x="{x}" y="{base - lead_h - coop_h:.1f}" width="{bar_w}" height="{coop_h:.1f}" '
                f'fill="{COOPERATE_COLOR}"/>'
            )
        total = bar.lead + bar.cooperate
        parts.append(
            f'<text x="{x + bar_w / 2}" y="{base - lead_h - coop_h - 4:.1f}" text-anchor="middle" '
            f'class="value">{total}</text>'
        )
        lines = _label_lines(bar.label)
        spans = "".join(
            f'<tspan x="{x + bar_w / 2}" dy="{14 if i == 0 else 13}">{escape(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        parts.append(f'<text y="{base}" text-anchor="middle" class="label">{spans}</text></g>')
    legend_y = total_h - 10
    parts.append(f'<rect x="{left}" y="{legend_y - 9}" width="10" height="10" fill="{LEAD_COLOR}"/>')
    parts.append(f'<text x="{left + 14}" y="{legend_y}" class="legend">{escape(lead_label)}</text>')
    offset = left + 24 + 8 * len(lead_label)
    parts.append(f'<rect x="{offset}" y="{legend_y - 9}" width="10" height="10" fill="{COOPERATE_COLOR}"/>')
    parts.append(f'<text x="{offset + 14}" y="{legend_y}" class="legend">{escape(cooperate_label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _label_lines(label: str) -> list[str]:
    """ "2021-Q3" → ["2021", "Q3"]; "chưa xác định" → ["chưa xác", "định"]: labels fit under their bar."""
    if "-" in label:
        return label.split("-", 1)
    if " " in label and len(label) > 8:
        head, _, tail = label.rpartition(" ")
        return [head, tail]
    return [label]


def _ticks(top: int) -> list[int]:
    step = max(1, -(-top // 4))
    return list(range(0, top + 1, step))


@dataclass(frozen=True)
class Highlight:
    start: int
    end: int
    title: str  # tooltip: the cited document id
    href: str | None  # where the mark links to
    css: str = "cite"


def highlight_text(text: str, spans: Iterable[Highlight]) -> tuple[Markup, int]:
    """`text` escaped, with each span wrapped in `<mark>` and an empty anchor `<span id="L{n}">` at the
    start of every line (so `#L207` scrolls to line 207).

    Returns (markup, number of spans drawn). Spans are taken in order of start; a span overlapping
    one already drawn (or out of range) is left out, so tags always nest properly.
    """
    out: list[str] = ['<span class="ln" id="L1"></span>']
    line = 1

    def plain(start: int, end: int) -> str:
        nonlocal line
        pieces = []
        for part_index, part in enumerate(text[start:end].split("\n")):
            if part_index:
                line += 1
                pieces.append(f'\n<span class="ln" id="L{line}"></span>')
            pieces.append(str(escape(part)))
        return "".join(pieces)

    position = 0
    drawn = 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start < position or span.end <= span.start or span.end > len(text):
            continue
        out.append(plain(position, span.start))
        inner = plain(span.start, span.end)
        title = escape(span.title)
        css = escape(span.css)
        if span.href:
            out.append(
                f'<mark class="{css}" title="{title}"><a href="{escape(span.href)}">{inner}</a></mark>'
            )
        else:
            out.append(f'<mark class="{css}" title="{title}">{inner}</mark>')
        position = span.end
        drawn += 1
    out.append(plain(position, len(text)))
    return Markup("".join(out)), drawn
