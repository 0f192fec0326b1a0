"""Renderers for impact reports, stale-basis lists, build diffs and events: table, md, json, csv, html.

Everything that comes from documents is escaped for its format: rich cells are `rich.text.Text` (no
markup is parsed), Markdown cells have `<`, `>`, `&`, `|`, `*`, `_`, `` ` ``, `[`, `]` and `\\`
escaped, and the HTML report passes every text through `html.escape` (its graph data goes through
`viz.json_for_html`, as in `plankg viz`). The HTML report is one self-contained file: the viz page
(vis-network inlined, no CDN) drawing the impact subgraph, with the report — change, timeline,
affected tasks with their explanation paths and quotes, summaries — below the graph.
"""

from __future__ import annotations

import html
import io
import json
from collections.abc import Iterable
from typing import Any

from plankg.csvsafe import to_csv
from plankg.errors import InputError
from plankg.graph.check_basis import StaleBasis
from plankg.graph.diff import BuildDiff
from plankg.graph.events import FIELDS, Event, format_events_csv
from plankg.graph.impact import AffectedTask, Hop, ImpactReport
from plankg.graph.property import COOPERATES_ON, LEADS, PropertyGraph
from plankg.graph.validity import STATUS_LABELS_VI, Change

IMPACT_FORMATS = ("table", "md", "html", "json", "csv")
STALE_FORMATS = ("table", "md", "json", "csv")
DIFF_FORMATS = ("table", "json")
EVENTS_FORMATS = ("table", "json", "csv")
TABLE_WIDTH = 160  # rendering width when not writing to a terminal
QUOTE_CHARS = 240  # quotes are cut to this length in tables (json/csv/html keep them whole)
MAX_DRAWN_NODES = 400  # the HTML report draws at most this many nodes (highest-ranked tasks first)
NO_LEAD = "(không ghi cơ quan chủ trì)"


def render_impact(report: ImpactReport, fmt: str, *, width: int | None = None) -> str:
    renderers = {
        "table": lambda: impact_table(report, width=width),
        "md": lambda: impact_markdown(report),
        "html": lambda: impact_html(report),
        "json": lambda: impact_json(report),
        "csv": lambda: impact_csv(report),
    }
    if fmt not in renderers:
        raise InputError(f"unknown format {fmt!r}; use one of {', '.join(IMPACT_FORMATS)}")
    return renderers[fmt]()


# ---------------------------------------------------------------------------------------------- shared


def _cut(text: str | None, limit: int = QUOTE_CHARS) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _change_line(report: ImpactReport) -> str:
    change = report.change
    if change.event is None:
        what = "any change (no --event/--date given, none recorded in an events file)"
    else:
        what = change.event
        if change.successor_id:
            what += f" by {change.successor_id}"
        what += f" on {change.date.isoformat()}" if change.date else " (date not given)"
    if change.hypothetical:
        what += " — HYPOTHETICAL (what-if; nothing written)"
    elif change.recorded is not None:
        recorded = change.recorded
        where = f"{recorded.source_document}:{recorded.source_line}" if recorded.source_document else "events"
        what += f" — as recorded in {where}"
    return what


def _change_text(change: Change) -> str:
    when = change.date.isoformat() if change.date else "date unknown"
    if change.date and change.date_basis == "issued":
        when += " (issue date of the changing document)"
    label = STATUS_LABELS_VI.get(change.status, change.status)
    return f"{when}: {change.status} ({label}) by {change.by_id} [{change.source or '?'}]"


def _evidence(change: Change) -> str:
    parts = []
    if change.source_document:
        parts.append(f"{change.source_document}, line {change.source_line}" if change.source_line else "")
    parts += [p for p in (change.note, change.event_source) if p]
    return " · ".join(p for p in parts if p)


def _hop_quote(hop: Hop) -> str:
    return hop.excerpt or hop.quote or ""


def _primary_quote(task: AffectedTask) -> tuple[str, str]:
    """The task's citation quote (first hop) and where it is stated."""
    hop = task.paths[0].hops[0] if task.paths and task.paths[0].hops else None
    if hop is None or not (hop.quote or hop.excerpt):
        where = f"{task.source_document}, line {task.source_line}" if task.source_document else ""
        return _cut(task.quote), where
    return _cut(_hop_quote(hop)), hop.evidence()


def _lead_names(task: AffectedTask) -> str:
    return "; ".join(a.name for a in task.lead) or NO_LEAD


def _path_hops_text(task: AffectedTask) -> list[str]:
    return [f"[{p.kind}{', direct' if p.direct else ''}] {p.text()}" for p in task.paths]


# ---------------------------------------------------------------------------------------------- table


def impact_table(report: ImpactReport, *, width: int | None = None) -> str:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    header = Text()
    header.append("Impact of a change to ", style="bold")
    header.append(report.document_id, style="bold")
    if report.title:
        header.append(f" — {report.title}")
    header.append("\nChange: ")
    header.append(_change_line(report))
    header.append(
        f"\n{len(report.tasks)} affected tasks: {len(report.direct)} direct, "
        f"{len(report.inherited)} inherited (depth {report.depth}; "
        f"analysed in {report.seconds * 1000:.1f} ms)"
    )
    parts: list[Any] = [header]
    if report.timeline:
        timeline = Table("Validity timeline", "Evidence", "Quote", title="Validity timeline", expand=False)
        for change in report.timeline:
            timeline.add_row(Text(_change_text(change)), Text(_evidence(change)), Text(_cut(change.quote)))
        parts.append(timeline)
    tasks = Table(title="Affected tasks")
    for name in ("#", "Severity", "Province", "Task", "Deadline", "Lead (chủ trì)", "Path", "Quote"):
        tasks.add_column(name, overflow="fold")
    for number, task in enumerate(report.tasks, 1):
        quote, where = _primary_quote(task)
        tasks.add_row(
            str(number),
            Text(f"{task.severity}\n{task.relation}, {task.timing}"),
            Text(task.province or ""),
            Text(f"{task.id}\n{_cut(task.text, 120)}"),
            Text(task.deadline_end or task.deadline_text or ""),
            Text(_lead_names(task)),
            Text("\n".join(_path_hops_text(task))),
            Text(f"«{quote}»\n— {where}" if quote else where),
        )
    parts.append(tasks)
    hops = Table("Document", "Path to the changed document", "Evidence (quote, source)", title="Chain")
    for document in report.documents:
        if not document.hops:
            continue
        hops.add_row(
            Text(document.id),
            Text("\n".join(h.arrow() for h in document.hops)),
            Text("\n".join(_hop_line(h) for h in document.hops)),
        )
    if hops.row_count:
        parts.append(hops)
    agencies = Table(
        "Agency", "Province", "Lead", "Cooperate", "Direct", "Active", title="Workload to re-plan"
    )
    for row in report.by_agency:
        agencies.add_row(
            Text(row["agency"]),
            Text(row["province"] or ""),
            str(row["lead"]),
            str(row["cooperate"]),
            str(row["direct"]),
            str(row["active"]),
        )
    parts.append(agencies)
    for title, rows in (("Per province", report.by_province), ("Per reform area", report.by_area)):
        table = Table("Name", "Tasks", "Direct", "Inherited", "Active", "Historical", title=title)
        for row in rows:
            table.add_row(
                Text(row["name"]),
                *(str(row[k]) for k in ("tasks", "direct", "inherited", "active", "historical")),
            )
        parts.append(table)
    return _render(Group(*parts), width)


def _hop_line(hop: Hop) -> str:
    quote = _cut(_hop_quote(hop), 160)
    evidence = hop.evidence()
    if hop.also_in:
        evidence += f" (also stated in {', '.join(hop.also_in)})"
    return f"«{quote}» — {evidence}" if quote else evidence


def _render(renderable: Any, width: int | None) -> str:
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=width or TABLE_WIDTH, color_system=None, soft_wrap=False)
    console.print(renderable)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------- md


def md_escape(text: Any) -> str:
    """Text safe in a Markdown table cell (no HTML, no emphasis, no cell breaks)."""
    value = " ".join(str(text if text is not None else "").split())
    value = value.replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for char in "|*_`[]":
        value = value.replace(char, "\\" + char)
    return value


def _md_table(header: list[str], rows: Iterable[list[Any]]) -> str:
    lines = ["| " + " | ".join(md_escape(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def impact_markdown(report: ImpactReport) -> str:
    out = [f"# Impact of a change to {md_escape(report.document_id)}", ""]
    if report.title:
        out += [md_escape(report.title), ""]
    out += [
        f"- Change: {md_escape(_change_line(report))}",
        f"- Affected tasks: {len(report.tasks)} ({len(report.direct)} direct, "
        f"{len(report.inherited)} inherited; depth {report.depth})",
        "",
    ]
    if report.timeline:
        out += ["## Validity timeline", ""]
        out.append(
            _md_table(
                ["Change", "Evidence", "Quote"],
                ([_change_text(c), _evidence(c), _cut(c.quote)] for c in report.timeline),
            )
        )
        out.append("")
    out += ["## Affected tasks", ""]
    rows = []
    for task in report.tasks:
        quote, where = _primary_quote(task)
        rows.append(
            [
                task.severity,
                f"{task.relation}, {task.timing}",
                task.province or "",
                task.plan_number or task.plan_id or "",
                f"{task.id}: {_cut(task.text, 160)}",
                task.deadline_end or task.deadline_text or "",
                _lead_names(task),
                "; ".join(a.name for a in task.cooperating),
                " / ".join(_path_hops_text(task)),
                f"«{quote}» — {where}" if quote else where,
            ]
        )
    out.append(
        _md_table(
            [
                "Severity",
                "Relation",
                "Province",
                "Plan",
                "Task",
                "Deadline",
                "Lead",
                "Cooperating",
                "Path",
                "Quote",
            ],
            rows,
        )
    )
    chain = [d for d in report.documents if d.hops]
    if chain:
        out += ["", "## Chain", ""]
        out.append(
            _md_table(
                ["Document", "Hop", "Quote", "Source"],
                ([d.id, h.arrow(), _cut(_hop_quote(h)), h.evidence()] for d in chain for h in d.hops),
            )
        )
    out += ["", "## Workload to re-plan (per agency)", ""]
    out.append(
        _md_table(
            ["Agency", "Province", "Lead", "Cooperate", "Direct", "Active"],
            (
                [r["agency"], r["province"] or "", r["lead"], r["cooperate"], r["direct"], r["active"]]
                for r in report.by_agency
            ),
        )
    )
    for title, groups in (("Per province", report.by_province), ("Per reform area", report.by_area)):
        out += ["", f"## {title}", ""]
        out.append(
            _md_table(
                ["Name", "Tasks", "Direct", "Inherited", "Active", "Historical"],
                (
                    [r["name"], r["tasks"], r["direct"], r["inherited"], r["active"], r["historical"]]
                    for r in groups
                ),
            )
        )
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------- json, csv


def impact_json(report: ImpactReport) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2, default=str)


IMPACT_CSV_COLUMNS = (
    "rank",
    "severity",
    "relation",
    "timing",
    "task",
    "province",
    "plan",
    "area",
    "deadline_end",
    "deadline",
    "lead",
    "cooperating",
    "targets",
    "path",
    "quote",
    "quote_source",
    "task_text",
)


def impact_csv(report: ImpactReport) -> str:
    """One row per affected task; cells that a spreadsheet would take for formulas are quoted."""
    rows = []
    for number, task in enumerate(report.tasks, 1):
        hop = task.paths[0].hops[0] if task.paths and task.paths[0].hops else None
        rows.append(
            [
                number,
                task.severity,
                task.relation,
                task.timing,
                task.id,
                task.province or "",
                task.plan_number or task.plan_id or "",
                task.area or "",
                task.deadline_end or "",
                task.deadline_text or "",
                "; ".join(a.name for a in task.lead),
                "; ".join(a.name for a in task.cooperating),
                "; ".join(str(t.get("number") or t["key"]) for t in task.targets),
                " / ".join(p.text() for p in task.paths),
                (hop.quote if hop else task.quote) or "",
                hop.evidence() if hop else "",
                task.text,
            ]
        )
    return to_csv(IMPACT_CSV_COLUMNS, rows)


# ---------------------------------------------------------------------------------------------- html


def impact_subgraph(report: ImpactReport) -> tuple[PropertyGraph, bool, int]:
    """Nodes on the explanation paths plus the tasks' agencies, and the edges among them."""
    graph = report.graph or PropertyGraph()
    keys: set[str] = {report.document}
    for document in report.documents:
        for hop in document.hops:
            keys |= {hop.start, hop.end}
    lead_edges = {(e.source, e.target) for e in graph.edges if e.type in (LEADS, COOPERATES_ON)}
    agencies_of: dict[str, set[str]] = {}
    for source, target in lead_edges:
        agencies_of.setdefault(target, set()).add(source)
    matched = set(keys)
    truncated = False
    for task in report.tasks:
        task_keys = {task.key} | {k for p in task.paths for h in p.hops for k in (h.start, h.end)}
        task_keys |= agencies_of.get(task.key, set())
        matched |= task_keys
        if len(keys | task_keys) > MAX_DRAWN_NODES:
            truncated = True
            continue
        keys |= task_keys
    nodes = {key: node for key, node in graph.nodes.items() if key in keys}
    edges = [e for e in graph.edges if e.source in nodes and e.target in nodes]
    return PropertyGraph(nodes=nodes, edges=edges), truncated, len(matched)


def impact_html(report: ImpactReport) -> str:
    from plankg.graph.viz import Selection, render_html

    graph = report.graph or PropertyGraph()
    subgraph, truncated, matched = impact_subgraph(report)
    selection = Selection(subgraph, truncated, (report.document,), matched)
    page = render_html(
        graph,
        selection,
        title=f"plankg impact: {report.document_id}",
        focus=report.document_id,
        depth=report.depth,
    )
    marker = '<script type="application/json" id="plankg-data">'
    if marker not in page:  # the viz template changed: keep the report readable anyway
        return page.replace("</body>", _report_section(report) + "</body>", 1)
    return page.replace(marker, _report_section(report) + marker, 1)


def _e(value: Any) -> str:
    return html.escape(str(value if value is not None else ""), quote=True)


def _report_section(report: ImpactReport) -> str:
    out = [
        '<section id="impact-report">',
        f"<style>{REPORT_CSS}</style>",
        f"<h1>Tác động khi văn bản {_e(report.document_id)} thay đổi</h1>",
    ]
    if report.title:
        out.append(f"<p class='title'>{_e(report.title)}</p>")
    out.append(f"<p><b>Change:</b> {_e(_change_line(report))}</p>")
    out.append(
        f"<p>{len(report.tasks)} affected tasks: {len(report.direct)} direct, "
        f"{len(report.inherited)} inherited (depth {report.depth}).</p>"
    )
    if report.timeline:
        out.append("<h2>Validity timeline</h2><ul>")
        for change in report.timeline:
            quote = f" <q>{_e(_cut(change.quote))}</q>" if change.quote else ""
            out.append(
                f"<li>{_e(_change_text(change))}{quote} <span class='src'>{_e(_evidence(change))}</span></li>"
            )
        out.append("</ul>")
    out.append("<h2>Affected tasks</h2><table><thead><tr>")
    out += [f"<th>{_e(h)}</th>" for h in ("#", "Severity", "Province / plan", "Task", "Deadline", "Agencies")]
    out.append("<th>Explanation paths and quotes</th></tr></thead><tbody>")
    for number, task in enumerate(report.tasks, 1):
        out.append(f"<tr class='sev-{_e(task.severity)}'><td>{number}</td>")
        out.append(f"<td>{_e(task.severity)}<br>{_e(task.relation)}, {_e(task.timing)}</td>")
        out.append(f"<td>{_e(task.province or '')}<br>{_e(task.plan_number or task.plan_id or '')}</td>")
        out.append(f"<td><b>{_e(task.id)}</b><br>{_e(_cut(task.text, 400))}</td>")
        out.append(f"<td>{_e(task.deadline_end or '')}<br>{_e(task.deadline_text or '')}</td>")
        coop = "; ".join(a.name for a in task.cooperating)
        out.append(
            f"<td><b>Chủ trì:</b> {_e(_lead_names(task))}"
            + (f"<br><b>Phối hợp:</b> {_e(coop)}" if coop else "")
            + "</td><td>"
        )
        for path in task.paths:
            out.append(f"<div class='path'><b>{_e(path.kind)}</b>: {_e(path.text())}<ol>")
            for hop in path.hops:
                quote = _hop_quote(hop)
                full = ""
                if hop.quote and hop.quote != quote:
                    full = f"<details><summary>full quote</summary><q>{_e(hop.quote)}</q></details>"
                out.append(
                    f"<li>{_e(hop.arrow())}"
                    + (f"<br><q>{_e(quote)}</q>" if quote else "")
                    + (f" <span class='src'>{_e(hop.evidence())}</span>" if hop.evidence() else "")
                    + full
                    + "</li>"
                )
            out.append("</ol></div>")
        out.append("</td></tr>")
    out.append("</tbody></table>")
    out.append("<h2>Workload to re-plan (per agency)</h2><table><thead><tr>")
    out += [f"<th>{_e(h)}</th>" for h in ("Agency", "Province", "Lead", "Cooperate", "Direct", "Active")]
    out.append("</tr></thead><tbody>")
    for row in report.by_agency:
        cells = [
            row["agency"],
            row["province"] or "",
            row["lead"],
            row["cooperate"],
            row["direct"],
            row["active"],
        ]
        out.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>")
    out.append("</tbody></table>")
    for title, groups in (("Per province", report.by_province), ("Per reform area", report.by_area)):
        out.append(f"<h2>{_e(title)}</h2><table><thead><tr>")
        out += [f"<th>{_e(h)}</th>" for h in ("Name", "Tasks", "Direct", "Inherited", "Active", "Historical")]
        out.append("</tr></thead><tbody>")
        for row in groups:
            cells = [row[k] for k in ("name", "tasks", "direct", "inherited", "active", "historical")]
            out.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>")
        out.append("</tbody></table>")
    out.append("</section>")
    return "\n".join(out)


REPORT_CSS = """
#impact-report{padding:16px 24px;
font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
#impact-report table{border-collapse:collapse;width:100%;margin:8px 0 20px}
#impact-report th,#impact-report td{border:1px solid #ddd;padding:4px 6px;vertical-align:top;
text-align:left}
#impact-report th{background:#f4f4f4}
#impact-report q{font-style:italic;color:#333;white-space:pre-wrap}
#impact-report .src{color:#777;font-size:12px}
#impact-report .path ol{margin:2px 0 6px;padding-left:20px}
#impact-report tr.sev-high td:first-child{border-left:4px solid #c0392b}
#impact-report tr.sev-medium td:first-child{border-left:4px solid #e67e22}
#impact-report tr.sev-low td:first-child{border-left:4px solid #95a5a6}
"""


# ---------------------------------------------------------------------------------------------- check-basis


def render_stale(
    items: list[StaleBasis], fmt: str, *, as_of: str | None = None, width: int | None = None
) -> str:
    if fmt == "json":
        return json.dumps([s.to_dict() for s in items], ensure_ascii=False, indent=2)
    rows = [
        [
            s.task_id,
            s.province or "",
            s.deadline_end.isoformat() if s.deadline_end else "",
            "; ".join(s.lead) or NO_LEAD,
            s.document_id,
            s.status,
            (s.change.date.isoformat() if s.change.date else "date unknown")
            + (" (issued)" if s.change.date_basis == "issued" else ""),
            " → ".join(s.successors) if s.successors else (s.successor or ""),
            f"{s.cutoff_kind} {s.cutoff.isoformat()}" if s.cutoff else s.cutoff_kind,
            _evidence(s.change) + (f" «{_cut(s.change.quote, 160)}»" if s.change.quote else ""),
        ]
        for s in items
    ]
    header = [
        "Task",
        "Province",
        "Deadline",
        "Lead",
        "Cites",
        "Status",
        "Changed",
        "Successor",
        "Cutoff",
        "Evidence",
    ]
    if fmt == "csv":
        return to_csv([h.lower() for h in header], rows)
    title = f"Stale legal basis ({len(items)})" + (f" as of {as_of}" if as_of else "")
    if fmt == "md":
        return f"# {md_escape(title)}\n\n" + _md_table(header, rows) + "\n"
    if fmt == "table":
        from rich.table import Table
        from rich.text import Text

        table = Table(title=title)
        for name in header:
            table.add_column(name, overflow="fold")
        for row in rows:
            table.add_row(*(Text(str(c)) for c in row))
        if not items:
            return f"{title}: no task cites a document replaced, repealed or expired before its cutoff.\n"
        return _render(table, width)
    raise InputError(f"unknown format {fmt!r}; use one of {', '.join(STALE_FORMATS)}")


# ---------------------------------------------------------------------------------------------- diff


def render_diff(
    diff: BuildDiff, fmt: str, *, names: tuple[str, str] = ("A", "B"), width: int | None = None
) -> str:
    if fmt == "json":
        return json.dumps({"a": names[0], "b": names[1], **diff.to_dict()}, ensure_ascii=False, indent=2)
    if fmt != "table":
        raise InputError(f"unknown format {fmt!r}; use one of {', '.join(DIFF_FORMATS)}")
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    counts = diff.counts()
    summary = Table("What", "Added", "Removed", title=f"{names[0]} → {names[1]}")
    for what in ("documents", "tasks", "references", "agencies", "edges"):
        summary.add_row(what, str(counts[f"{what}_added"]), str(counts[f"{what}_removed"]))
    summary.add_row("tasks changed", str(counts["tasks_changed"]), "")
    parts: list[Any] = [summary]
    if diff.edge_type_counts():
        by_type = Table("Edge type", "Added", "Removed", title="Edges per type")
        for type_, row in diff.edge_type_counts().items():
            by_type.add_row(type_, str(row["added"]), str(row["removed"]))
        parts.append(by_type)
    listing = Table("Change", "Key", title="Nodes added / removed")
    for what in ("documents", "tasks", "references", "agencies"):
        for sign, name in (("+", f"{what}_added"), ("-", f"{what}_removed")):
            for key in getattr(diff, name):
                listing.add_row(Text(f"{sign} {what}"), Text(key))
    if listing.row_count:
        parts.append(listing)
    if diff.tasks_changed:
        changed = Table("Task", "Field", "Before", "After", title="Tasks changed")
        for item in diff.tasks_changed:
            for name, (before, after) in item["changes"].items():
                changed.add_row(
                    Text(item["key"]), Text(name), Text(_cut(str(before), 80)), Text(_cut(str(after), 80))
                )
        parts.append(changed)
    if diff.empty:
        return f"{names[0]} → {names[1]}: no differences.\n"
    return _render(Group(*parts), width)


# ---------------------------------------------------------------------------------------------- events


def render_events(events: list[Event], fmt: str, *, width: int | None = None) -> str:
    if fmt == "json":
        return json.dumps(
            [{**e.as_row(), "row": e.row, "line": e.line} for e in events], ensure_ascii=False, indent=2
        )
    if fmt == "csv":
        return format_events_csv(events)
    if fmt != "table":
        raise InputError(f"unknown format {fmt!r}; use one of {', '.join(EVENTS_FORMATS)}")
    from rich.table import Table
    from rich.text import Text

    table = Table("Row", *FIELDS, title=f"{len(events)} events")
    for event in events:
        row = event.as_row()
        table.add_row(str(event.row or ""), *(Text(row[name]) for name in FIELDS))
    return _render(table, width)


__all__ = [
    "DIFF_FORMATS",
    "EVENTS_FORMATS",
    "IMPACT_FORMATS",
    "STALE_FORMATS",
    "impact_csv",
    "impact_html",
    "impact_json",
    "impact_markdown",
    "impact_subgraph",
    "impact_table",
    "md_escape",
    "render_diff",
    "render_events",
    "render_impact",
    "render_stale",
]
