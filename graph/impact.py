"""Impact analysis: which tasks, agencies, targets and plans a change to a legal document touches.

`impact(graph, "130/2005/NĐ-CP")` walks from the changed document X:

1. to the documents a change to X reaches — `analytics.related_documents` over `CHAIN_STEPS`:
   amendments in both directions (a task citing 130/2005 is read with 117/2013's changes, and a
   task citing 117/2013 depends on 130/2005 as amended), replacements, and documents that guide,
   implement or are based on X — up to `depth` document hops;
2. to the tasks that cite (DEPENDS_ON) X or one of those documents;
3. to every task of a plan whose own document the change reaches as a whole (`PLAN_STEPS`): the plan
   is X itself (hops 0), or the plan is based on («Căn cứ …»), implements in its preamble («Thực hiện
   …» right after the «Căn cứ» lines), guides, replaces, amends or is amended by X or one of those
   documents. An «implements» stated in the body of a plan (one section carrying out another text)
   is not the plan's basis: only the tasks citing that text are affected.

The same rule is the named query `impact` (queries/impact.rq, queries/impact.cypher; see
queries/README.md), and tests/test_parity.py checks all three give the same tasks and hops.

Each affected task carries every explanation path found (one per reached document it cites or plan
step it inherits, shortest first), each hop with its direction and its evidence: the quote, source
document and line of the edge (or the events-file row), and `hops`, its fewest chain steps. `direct`
tasks cite X itself or belong to the plan X; the rest are `inherited`. `timing` compares the task's
deadline (its end) with the change date: `active` (deadline on or after the change), `historical`
(before), `unknown` (no deadline, or no change date).
Severity: high = direct and active; medium = direct with unknown timing, or inherited and active;
low = the rest. Tasks are listed direct before inherited, active before unknown before historical.

The change itself: `event` ("amended" | "replaced" | "repealed") and `date` as given; when neither
is given, the latest dated change of X recorded in the events file (if any) is used, and the report
says so. `what_if=ID2` adds a hypothetical «ID2 replaces X» (source "what-if") on a copy of the
graph; nothing is written.
"""

from __future__ import annotations

import difflib
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from plankg.errors import InputError
from plankg.graph.analytics import related_documents, to_networkx
from plankg.graph.events import EVENTS_SOURCE, normalize_id, resolve_legal_key
from plankg.graph.property import (
    AGENCY,
    AGENCY_GROUP,
    COOPERATES_ON,
    DEPENDS_ON,
    LEADS,
    LEGAL_DOCUMENT,
    PART_OF,
    PLAN_DOCUMENT,
    RELATION_TYPES,
    SAME_AS,
    SERVES,
    Edge,
    PropertyGraph,
    legal_key,
)
from plankg.graph.validity import Change, Validity, _iso, to_date
from plankg.loaders.text import fold_diacritics
from plankg.models import AREA_LABELS_VI, ReformArea

if TYPE_CHECKING:
    import networkx as nx

EVENTS = ("amended", "replaced", "repealed")
WHAT_IF_SOURCE = "what-if"
DIRECT = "direct"
INHERITED = "inherited"
ACTIVE = "active"
HISTORICAL = "historical"
UNKNOWN = "unknown"
TIMING_ORDER = {ACTIVE: 0, UNKNOWN: 1, HISTORICAL: 2}
MAX_PATHS = 5  # explanation paths kept per task
EXCERPT_CHARS = 90  # each side of the cited id in a hop's excerpt
BASED_ON_TYPE = RELATION_TYPES["based_on"]
IMPLEMENTS_TYPE = RELATION_TYPES["implements"]
AMENDS_TYPE = RELATION_TYPES["amends"]
PREAMBLE_SLACK = 4  # lines after the last «Căn cứ» where «Thực hiện …» still belongs to the preamble
# Steps from a reached document D to a plan's own document O that pass a change to every task of the
# plan: (edge type, which end is O). IMPLEMENTS counts only when stated in a preamble (_preamble_ends).
PLAN_STEPS: tuple[tuple[str, str], ...] = (
    (BASED_ON_TYPE, "source"),  # O is based on D («Căn cứ …»)
    (IMPLEMENTS_TYPE, "source"),  # O implements D («Thực hiện …» in O's preamble)
    (RELATION_TYPES["guides"], "source"),  # O guides D
    (RELATION_TYPES["replaces"], "source"),  # O replaces D
    (AMENDS_TYPE, "source"),  # O amends D
    (AMENDS_TYPE, "target"),  # D amends O
)
PART_OF_PLAN = "part_of"  # path kind: the task belongs to the changed plan itself
PLAN_BASIS = "plan_basis"  # path kind: the task's plan takes a PLAN_STEPS step to a reached document
CITES_PATH = "cites"  # path kind: the task cites a reached document


# ---------------------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Hop:
    """One step of an explanation path, read from the task towards the changed document.

    `direction` is "forward" when the edge runs `start → end`, "backward" when it runs `end → start`
    (e.g. `130/2005 ←AMENDS− 117/2013`: 117/2013 amends 130/2005).
    """

    start: str
    type: str
    end: str
    direction: str
    start_label: str
    end_label: str
    source: str | None = None  # "text" | "events" | "what-if"; None for structural edges
    quote: str | None = None
    excerpt: str | None = None  # the quote around the cited id (long task rows)
    source_document: str | None = None
    source_line: int | None = None
    date: str | None = None
    note: str | None = None
    event_source: str | None = None
    also_in: tuple[str, ...] = ()  # further documents stating the same relation

    def arrow(self) -> str:
        if self.direction == "forward":
            return f"{self.start_label} —{self.type}→ {self.end_label}"
        return f"{self.start_label} ←{self.type}— {self.end_label}"

    def evidence(self) -> str:
        """Where the hop is stated, in one line."""
        if self.source in (EVENTS_SOURCE, WHAT_IF_SOURCE):
            parts = [self.source]
            if self.source_document:
                line = f":{self.source_line}" if self.source_line else ""
                parts.append(f"{self.source_document}{line}")
            parts += [p for p in (self.date, self.note, self.event_source) if p]
            return " · ".join(p for p in parts if p)
        if self.source_document:
            line = f", line {self.source_line}" if self.source_line else ""
            return f"{self.source_document}{line}"
        return ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.start,
            "from_label": self.start_label,
            "type": self.type,
            "direction": self.direction,
            "to": self.end,
            "to_label": self.end_label,
            "source": self.source,
            "quote": self.quote,
            "excerpt": self.excerpt,
            "source_document": self.source_document,
            "source_line": self.source_line,
            "date": self.date,
            "note": self.note,
            "event_source": self.event_source,
            "also_in": list(self.also_in),
        }


@dataclass(frozen=True)
class ExplanationPath:
    kind: str  # CITES_PATH | PART_OF_PLAN (the task is part of the changed plan) | PLAN_BASIS
    hops: tuple[Hop, ...]
    via: tuple[str, ...]  # legal-document keys from the one the task reaches to the changed document

    @property
    def direct(self) -> bool:
        return self.kind in (CITES_PATH, PART_OF_PLAN) and len(self.via) == 1

    @property
    def steps(self) -> int:
        """Chain steps from the document the task reaches to the changed one (0 = X itself)."""
        return len(self.via) - 1

    def text(self) -> str:
        if not self.hops:
            return ""
        parts = [self.hops[0].start_label]
        for hop in self.hops:
            arrow = f"—{hop.type}→" if hop.direction == "forward" else f"←{hop.type}—"
            parts += [arrow, hop.end_label]
        return " ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "direct": self.direct,
            "text": self.text(),
            "via": list(self.via),
            "hops": [h.to_dict() for h in self.hops],
        }


@dataclass(frozen=True)
class AgencyInfo:
    key: str
    name: str
    province: str | None


@dataclass
class AffectedTask:
    key: str
    id: str
    text: str
    number: str | None
    province: str | None
    area: str | None
    plan: str | None  # plan document key
    plan_id: str | None
    plan_title: str | None
    plan_number: str | None
    deadline_text: str | None
    deadline_end: str | None
    lead: list[AgencyInfo]
    cooperating: list[AgencyInfo]
    targets: list[dict[str, Any]]
    relation: str  # "direct" | "inherited"
    timing: str  # "active" | "historical" | "unknown"
    severity: str  # "high" | "medium" | "low"
    paths: list[ExplanationPath]
    hops: int  # fewest chain steps over all paths (the named query `impact`'s `hops`)
    quote: str | None
    source_document: str | None
    source_line: int | None

    @property
    def rank(self) -> tuple[int, int]:
        return (0 if self.relation == DIRECT else 1, TIMING_ORDER[self.timing])

    @property
    def area_name(self) -> str | None:
        try:
            return AREA_LABELS_VI[ReformArea(self.area)] if self.area else None
        except ValueError:
            return self.area

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "id": self.id,
            "text": self.text,
            "number": self.number,
            "province": self.province,
            "area": self.area,
            "area_name": self.area_name,
            "plan": self.plan_id,
            "plan_title": self.plan_title,
            "plan_number": self.plan_number,
            "deadline": self.deadline_text,
            "deadline_end": self.deadline_end,
            "lead": [a.name for a in self.lead],
            "lead_keys": [a.key for a in self.lead],
            "cooperating": [a.name for a in self.cooperating],
            "cooperating_keys": [a.key for a in self.cooperating],
            "targets": self.targets,
            "relation": self.relation,
            "timing": self.timing,
            "severity": self.severity,
            "hops": self.hops,
            "quote": self.quote,
            "source_document": self.source_document,
            "source_line": self.source_line,
            "paths": [p.to_dict() for p in self.paths],
        }


@dataclass(frozen=True)
class RelatedDocument:
    """A document a change to X reaches (X itself included, with an empty path)."""

    key: str
    id: str
    title: str | None
    hops: tuple[Hop, ...]  # from this document to X
    status: str  # validity status (as of the change date, if any)
    tasks: int  # affected tasks that cite it

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "tasks": self.tasks,
            "path": " ".join(_path_words(self.hops)) if self.hops else self.id,
            "hops": [h.to_dict() for h in self.hops],
        }


@dataclass(frozen=True)
class ChangeInfo:
    event: str | None  # "amended" | "replaced" | "repealed" | other validity statuses | None
    date: date | None
    successor: str | None  # node key
    successor_id: str | None
    recorded: Change | None  # the recorded change used when none was given
    hypothetical: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "event": self.event,
            "date": self.date.isoformat() if self.date else None,
            "successor": self.successor_id,
            "hypothetical": self.hypothetical,
            "recorded": self.recorded.to_dict() if self.recorded else None,
        }


@dataclass
class ImpactReport:
    document: str  # node key
    document_id: str
    title: str | None
    change: ChangeInfo
    depth: int
    tasks: list[AffectedTask]
    documents: list[RelatedDocument]
    timeline: list[Change]
    by_agency: list[dict[str, Any]]
    by_province: list[dict[str, Any]]
    by_area: list[dict[str, Any]]
    seconds: float = 0.0
    graph: PropertyGraph | None = field(default=None, repr=False)  # the graph analysed (what-if overlay)

    @property
    def direct(self) -> list[AffectedTask]:
        return [t for t in self.tasks if t.relation == DIRECT]

    @property
    def inherited(self) -> list[AffectedTask]:
        return [t for t in self.tasks if t.relation == INHERITED]

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document_id,
            "key": self.document,
            "title": self.title,
            "change": self.change.to_dict(),
            "depth": self.depth,
            "counts": {
                "tasks": len(self.tasks),
                "direct": len(self.direct),
                "inherited": len(self.inherited),
                "active": sum(t.timing == ACTIVE for t in self.tasks),
                "historical": sum(t.timing == HISTORICAL for t in self.tasks),
                "documents": len(self.documents),
            },
            "timeline": [c.to_dict() for c in self.timeline],
            "documents": [d.to_dict() for d in self.documents],
            "tasks": [t.to_dict() for t in self.tasks],
            "by_agency": self.by_agency,
            "by_province": self.by_province,
            "by_area": self.by_area,
        }


# ---------------------------------------------------------------------------------------------- lookup


def find_document(graph: PropertyGraph, text: str) -> str:
    """The legal-document node `text` names, leniently; `InputError` listing close matches otherwise.

    Accepts a node key (`legal:…`), an id in any common spelling ("107/2020/ND-CP", "Nghị định
    107/2020/NĐ-CP"), an id with its scope (`1025/QĐ-UBND#thanh-hoa`; unscoped when only one province
    has it), a plan's own id or document id (its own legal node).
    """
    raw = text.strip()
    if not raw:
        raise InputError("give a legal document id, e.g. 107/2020/NĐ-CP")
    for candidate in (raw, f"legal:{raw}"):
        node = graph.nodes.get(candidate)
        if node is not None and node.label == LEGAL_DOCUMENT:
            return candidate
    plan = graph.nodes.get(raw) or graph.nodes.get(f"doc:{raw}")
    if plan is not None and plan.label == PLAN_DOCUMENT:
        own = _plan_own_legal(graph).get(plan.key)
        if own:
            return own
    try:
        ident = normalize_id(raw, where=f"document {raw!r}")
    except InputError:
        ident = None
    if ident is not None:
        key = resolve_legal_key(graph, ident, where=f"document {raw!r}")
        if key is not None:
            return key
    folded = _fold(raw)
    by_fold: dict[str, list[str]] = defaultdict(list)
    for key, node in graph.nodes.items():
        if node.label == LEGAL_DOCUMENT:
            by_fold[_fold(_display_id(graph, key))].append(key)
            by_fold[_fold(str(node.props.get("id", "")))].append(key)
    loose = sorted(set(by_fold.get(folded, [])))
    if len(loose) == 1:
        return loose[0]
    if len(loose) > 1:
        choices = ", ".join(_display_id(graph, k) for k in loose)
        raise InputError(f"{raw} is ambiguous; add the province scope: {choices}")
    close = difflib.get_close_matches(folded, list(by_fold), n=6, cutoff=0.6)
    names = sorted({_display_id(graph, k) for f in close for k in by_fold[f]})
    hint = f"; close matches: {', '.join(names)}" if names else ""
    shown = ident or raw
    raise InputError(f"no legal document {shown} in the graph{hint}")


def _fold(text: str) -> str:
    return "".join(fold_diacritics(text).split())


def _display_id(graph: PropertyGraph, key: str) -> str:
    node = graph.nodes.get(key)
    if node is None:
        return key.split(":", 1)[-1]
    ident = str(node.props.get("id") or key.split(":", 1)[-1])
    scope = node.props.get("scope")
    if node.label == LEGAL_DOCUMENT and scope and key.endswith(f"#{scope}"):
        return f"{ident}#{scope}"
    return ident


def _label(graph: PropertyGraph, key: str) -> str:
    node = graph.nodes.get(key)
    if node is None:
        return key
    if node.label == LEGAL_DOCUMENT:
        return _display_id(graph, key)
    if node.label == "Task":
        return key.removeprefix("task:")
    if node.label == PLAN_DOCUMENT:
        return str(node.props.get("number") or node.props.get("id") or key)
    return str(node.props.get("name") or node.props.get("id") or key)


# ---------------------------------------------------------------------------------------------- index


class _Index:
    """Edges by (source, type) and (target, type), built once per analysis."""

    def __init__(self, graph: PropertyGraph) -> None:
        self.out: dict[tuple[str, str], list[Edge]] = defaultdict(list)
        self.into: dict[tuple[str, str], list[Edge]] = defaultdict(list)
        for edge in graph.edges:
            self.out[(edge.source, edge.type)].append(edge)
            self.into[(edge.target, edge.type)].append(edge)

    def between(self, start: str, type_: str, end: str) -> tuple[list[Edge], str]:
        forward = [e for e in self.out[(start, type_)] if e.target == end]
        if forward:
            return forward, "forward"
        return [e for e in self.out[(end, type_)] if e.target == start], "backward"


def _plan_own_legal(graph: PropertyGraph) -> dict[str, str]:
    """Plan document key → its own legal-document node (SAME_AS, or `legal:<doc id>` for unnumbered)."""
    result: dict[str, str] = {}
    for edge in graph.edges:
        if edge.type == SAME_AS:
            result.setdefault(edge.source, edge.target)
    for key, node in graph.nodes.items():
        if node.label == PLAN_DOCUMENT and key not in result:
            own = legal_key(str(node.props.get("id", key.removeprefix("doc:"))), None)
            if own in graph.nodes:
                result[key] = own
    return result


# ---------------------------------------------------------------------------------------------- impact


def impact(
    graph: PropertyGraph,
    document_id: str,
    *,
    event: str | None = None,
    date: date | str | None = None,
    depth: int = 3,
    what_if: str | None = None,
    g: nx.MultiDiGraph | None = None,
) -> ImpactReport:
    """The tasks, agencies, provinces and areas a change to `document_id` affects, with explanations.

    `g`: a `to_networkx(graph)` to reuse across calls (ignored with `what_if`, which analyses a copy).
    """
    started = time.perf_counter()
    if event is not None and event not in EVENTS:
        raise InputError(f"unknown event {event!r}; use one of {', '.join(EVENTS)}")
    if depth < 0:
        raise InputError(f"depth must be 0 or more, got {depth}")
    change_date = to_date(date)
    start = find_document(graph, document_id)
    successor = None
    if what_if is not None:
        graph, successor = _what_if_graph(graph, start, what_if, change_date)
        g = None
        event = "replaced"
    validity = Validity(graph)
    recorded = None
    if event is None and change_date is None:
        recorded = _recorded_change(validity, start)
        if recorded is not None:
            event, change_date = recorded.status, recorded.date
            if recorded.status == "replaced":
                successor = recorded.by
    if g is None:
        g = to_networkx(graph)
    index = _Index(graph)
    found = related_documents(g, start, max(depth, 0))
    hops_to_start = {key: _doc_hops(graph, index, path, types) for key, (path, types) in found.items()}

    task_paths: dict[str, list[ExplanationPath]] = defaultdict(list)
    for doc_key, (path, _types) in found.items():
        for edge in index.into[(doc_key, DEPENDS_ON)]:
            hop = _hop(graph, edge, edge.source, edge.target, "forward", excerpt_of=doc_key)
            task_paths[edge.source].append(
                ExplanationPath(CITES_PATH, (hop, *hops_to_start[doc_key]), tuple(reversed(path)))
            )
    own_by_legal: dict[str, list[str]] = defaultdict(list)
    for plan, own in _plan_own_legal(graph).items():
        own_by_legal[own].append(plan)
    for plan in own_by_legal.get(start, ()):  # the changed document is a plan: all its tasks
        plan_hops = _plan_hops(graph, index, plan, start)
        for part in index.into[(plan, PART_OF)]:
            task_hop = _hop(graph, part, part.source, plan, "forward")
            task_paths[part.source].append(ExplanationPath(PART_OF_PLAN, (task_hop, *plan_hops), (start,)))
    preamble_end = _preamble_ends(graph)
    for doc_key, (path, types) in found.items():
        if len(types) >= depth:
            continue
        for step, own in _plan_steps(index, doc_key, own_by_legal, preamble_end):
            step_hop = _hop(graph, step, own, doc_key, "forward" if step.source == own else "backward")
            for plan in own_by_legal[own]:
                plan_hops = _plan_hops(graph, index, plan, own)
                for part in index.into[(plan, PART_OF)]:
                    task_hop = _hop(graph, part, part.source, plan, "forward")
                    hops = (task_hop, *plan_hops, step_hop, *hops_to_start[doc_key])
                    via = (own, *reversed(path))
                    task_paths[part.source].append(ExplanationPath(PLAN_BASIS, hops, via))

    tasks = [
        _affected(graph, index, key, paths, change_date)
        for key, paths in task_paths.items()
        if key in graph.nodes and graph.nodes[key].label == "Task"
    ]
    tasks.sort(key=lambda t: (t.rank, t.province or "", t.plan_id or "", _natural(t.key)))
    cited = defaultdict(set)
    for task in tasks:
        for path in task.paths:
            cited[path.via[0]].add(task.key)
    documents = [
        RelatedDocument(
            key,
            _display_id(graph, key),
            graph.nodes[key].props.get("title"),
            hops_to_start[key],
            validity.status_as_of(key, change_date).status,
            len(cited[key]),
        )
        for key in sorted(found, key=lambda k: (len(found[k][1]), k))
    ]
    report = ImpactReport(
        document=start,
        document_id=_display_id(graph, start),
        title=graph.nodes[start].props.get("title"),
        change=ChangeInfo(
            event=event,
            date=change_date,
            successor=successor,
            successor_id=_display_id(graph, successor) if successor else None,
            recorded=recorded,
            hypothetical=what_if is not None,
        ),
        depth=depth,
        tasks=tasks,
        documents=documents,
        timeline=validity.timeline(start).changes,
        by_agency=_by_agency(tasks),
        by_province=_by_group(tasks, lambda t: t.province or "(không rõ tỉnh)"),
        by_area=_by_group(tasks, lambda t: t.area_name or "(chưa phân loại)"),
        graph=graph,
    )
    report.seconds = round(time.perf_counter() - started, 4)
    return report


def _preamble_ends(graph: PropertyGraph) -> dict[str, int]:
    """Source document id → last line of its preamble: its last «Căn cứ …» (BASED_ON) + PREAMBLE_SLACK."""
    ends: dict[str, int] = {}
    for edge in graph.edges:
        line = edge.props.get("source_line")
        if edge.type == BASED_ON_TYPE and isinstance(line, int):
            document = str(edge.props.get("source_document"))
            ends[document] = max(ends.get(document, 0), line + PREAMBLE_SLACK)
    return ends


def _in_preamble(edge: Edge, preamble_end: dict[str, int]) -> bool:
    line, end = edge.props.get("source_line"), preamble_end.get(str(edge.props.get("source_document")))
    return isinstance(line, int) and end is not None and line <= end


def _plan_steps(
    index: _Index, doc_key: str, own_by_legal: dict[str, list[str]], preamble_end: dict[str, int]
) -> list[tuple[Edge, str]]:
    """(edge, plan's own document) for each PLAN_STEPS edge between `doc_key` and a plan's own document."""
    result = []
    for type_, own_end in PLAN_STEPS:
        edges = index.into[(doc_key, type_)] if own_end == "source" else index.out[(doc_key, type_)]
        for edge in edges:
            own = edge.source if own_end == "source" else edge.target
            if own not in own_by_legal:
                continue
            if type_ == IMPLEMENTS_TYPE and not _in_preamble(edge, preamble_end):
                continue
            result.append((edge, own))
    return result


def _recorded_change(validity: Validity, document: str) -> Change | None:
    """The latest dated change of `document` recorded in an events file, if any."""
    recorded = [c for c in validity.timeline(document).changes if c.source == EVENTS_SOURCE and c.date]
    return recorded[-1] if recorded else None


def _what_if_graph(
    graph: PropertyGraph, start: str, successor_text: str, when: date | None
) -> tuple[PropertyGraph, str]:
    """A copy of `graph` with «successor replaces start» (source "what-if"); `graph` is untouched."""
    raw = successor_text.strip().removeprefix("replaced-by:").strip()
    ident = normalize_id(raw, where="what-if", field="successor")
    overlay = PropertyGraph(nodes=dict(graph.nodes), edges=list(graph.edges))
    key = resolve_legal_key(overlay, ident, where="what-if")
    if key is None:
        base, _, scope = ident.partition("#")
        key = overlay.add_node(
            legal_key(base, scope or None), LEGAL_DOCUMENT, id=base, scope=scope, origin=WHAT_IF_SOURCE
        )
    if key == start:
        raise InputError(f"what-if: {ident} cannot replace itself")
    props = {"source": WHAT_IF_SOURCE, "note": "hypothetical replacement (--what-if)"}
    if when is not None:
        props["date"] = when.isoformat()
    overlay.edges.append(Edge(key, "REPLACES", start, props))
    return overlay, key


def _hop(
    graph: PropertyGraph, edge: Edge, start: str, end: str, direction: str, excerpt_of: str | None = None
) -> Hop:
    props = edge.props
    quote = props.get("quote")
    excerpt = _excerpt(quote, graph, excerpt_of) if quote and excerpt_of else None
    return Hop(
        start=start,
        type=edge.type,
        end=end,
        direction=direction,
        start_label=_label(graph, start),
        end_label=_label(graph, end),
        source=props.get("source"),
        quote=quote,
        excerpt=excerpt,
        source_document=props.get("source_document"),
        source_line=props.get("source_line"),
        date=props.get("date"),
        note=props.get("note"),
        event_source=props.get("event_source"),
    )


def _doc_hops(graph: PropertyGraph, index: _Index, path: list[str], types: list[str]) -> tuple[Hop, ...]:
    """Hops from the last document of `path` back to its first (the changed document)."""
    hops = []
    for position in range(len(path) - 1, 0, -1):
        start, end, type_ = path[position], path[position - 1], types[position - 1]
        edges, direction = index.between(start, type_, end)
        if not edges:
            continue
        hop = _hop(graph, edges[0], start, end, direction)
        stated_in = {str(e.props["source_document"]) for e in edges[1:] if e.props.get("source_document")}
        others = tuple(sorted(stated_in - {hop.source_document or ""}))
        hops.append(replace(hop, also_in=others))
    return tuple(hops)


def _plan_hops(graph: PropertyGraph, index: _Index, plan: str, own: str) -> tuple[Hop, ...]:
    edges = [e for e in index.out[(plan, SAME_AS)] if e.target == own]
    if edges:
        return (_hop(graph, edges[0], plan, own, "forward"),)
    # An unnumbered plan's own node is `legal:<doc id>` (no SAME_AS edge): the same document.
    return (Hop(plan, SAME_AS, own, "forward", _label(graph, plan), _label(graph, own)),)


def _excerpt(quote: str, graph: PropertyGraph, doc_key: str) -> str:
    """The part of a long quote around the cited document's number."""
    node = graph.nodes.get(doc_key)
    ident = str(node.props.get("id", "")) if node else ""
    text = " ".join(quote.split())
    if len(text) <= 2 * EXCERPT_CHARS:
        return text
    at, length = text.find(ident) if ident else -1, len(ident)
    number = ident.split("/")[0] if "/" in ident else ""
    if at < 0 and number:  # «Nghị định số 107, 108/2020/NĐ-CP»: the number alone, as a word
        found = re.search(rf"(?<![\d/]){re.escape(number)}(?![\d])", text)
        at, length = (found.start(), len(number)) if found else (-1, 0)
    if at < 0:
        return text[: 2 * EXCERPT_CHARS] + "…"
    lo, hi = max(at - EXCERPT_CHARS, 0), min(at + length + EXCERPT_CHARS, len(text))
    if lo:  # cut on word boundaries
        lo = text.find(" ", lo, at) + 1 or lo
    if hi < len(text):
        hi = max(text.rfind(" ", at + length, hi), at + length)
    return ("…" if lo else "") + text[lo:hi] + ("…" if hi < len(text) else "")


def _affected(
    graph: PropertyGraph, index: _Index, key: str, paths: list[ExplanationPath], change: date | None
) -> AffectedTask:
    props = graph.nodes[key].props
    unique: dict[tuple[Any, ...], ExplanationPath] = {}
    for path in sorted(paths, key=lambda p: (not p.direct, len(p.hops), p.kind, p.via)):
        unique.setdefault((path.kind, path.via), path)
    kept = list(unique.values())[:MAX_PATHS]
    relation = DIRECT if kept[0].direct else INHERITED
    end = _iso(props.get("deadline_end"))
    timing = _timing(end, change)
    if relation == DIRECT and timing == ACTIVE:
        severity = "high"
    elif (relation == DIRECT and timing == UNKNOWN) or (relation == INHERITED and timing == ACTIVE):
        severity = "medium"
    else:
        severity = "low"
    plan = next((e.target for e in index.out[(key, PART_OF)]), None)
    plan_props = graph.nodes[plan].props if plan in graph.nodes else {}
    targets = []
    for edge in index.out[(key, SERVES)]:
        target = graph.nodes.get(edge.target)
        if target is not None:
            targets.append(
                {"key": target.key, "number": target.props.get("number"), "text": target.props.get("text")}
            )
    return AffectedTask(
        key=key,
        id=str(props.get("id", key.removeprefix("task:"))),
        text=str(props.get("text", "")),
        number=props.get("number"),
        province=props.get("province"),
        area=props.get("area"),
        plan=plan,
        plan_id=plan_props.get("id"),
        plan_title=plan_props.get("title"),
        plan_number=plan_props.get("number"),
        deadline_text=props.get("deadline_text"),
        deadline_end=props.get("deadline_end"),
        lead=_agencies(graph, index, key, LEADS),
        cooperating=_agencies(graph, index, key, COOPERATES_ON),
        targets=targets,
        relation=relation,
        timing=timing,
        severity=severity,
        paths=kept,
        hops=min(p.steps for p in paths),
        quote=props.get("quote"),
        source_document=props.get("source_document"),
        source_line=props.get("source_line"),
    )


def _timing(deadline_end: date | None, change: date | None) -> str:
    if change is None or deadline_end is None:
        return UNKNOWN
    return ACTIVE if deadline_end >= change else HISTORICAL


def _agencies(graph: PropertyGraph, index: _Index, task: str, role: str) -> list[AgencyInfo]:
    result = []
    for edge in index.into[(task, role)]:
        node = graph.nodes.get(edge.source)
        if node is None or node.label not in (AGENCY, AGENCY_GROUP):
            continue
        result.append(AgencyInfo(node.key, str(node.props.get("name", node.key)), node.props.get("province")))
    return result


def _by_agency(tasks: list[AffectedTask]) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for task in tasks:
        for role, agencies in (("lead", task.lead), ("cooperate", task.cooperating)):
            for agency in agencies:
                row = rows.setdefault(
                    agency.key,
                    {
                        "agency": agency.name,
                        "key": agency.key,
                        "province": agency.province,
                        "lead": 0,
                        "cooperate": 0,
                        "direct": 0,
                        "active": 0,
                        "tasks": [],
                    },
                )
                row[role] += 1
                if task.key not in row["tasks"]:
                    row["tasks"].append(task.key)
                    row["direct"] += task.relation == DIRECT
                    row["active"] += task.timing == ACTIVE
    return sorted(
        rows.values(),
        key=lambda r: (-r["lead"], -(r["lead"] + r["cooperate"]), r["province"] or "", r["agency"]),
    )


def _by_group(tasks: list[AffectedTask], name: Any) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for task in tasks:
        row = rows.setdefault(
            name(task),
            {"name": name(task), "tasks": 0, "direct": 0, "inherited": 0, "active": 0, "historical": 0},
        )
        row["tasks"] += 1
        row[task.relation] += 1
        if task.timing in (ACTIVE, HISTORICAL):
            row[task.timing] += 1
    return sorted(rows.values(), key=lambda r: (-r["tasks"], r["name"]))


def _natural(key: str) -> tuple[str, int]:
    head, _, tail = key.rpartition("-")
    return (head, int(tail)) if tail.isdigit() else (key, 0)


def _path_words(hops: tuple[Hop, ...]) -> list[str]:
    words = [hops[0].start_label]
    for hop in hops:
        words += [f"—{hop.type}→" if hop.direction == "forward" else f"←{hop.type}—", hop.end_label]
    return words


__all__ = [
    "EVENTS",
    "AffectedTask",
    "ChangeInfo",
    "ExplanationPath",
    "Hop",
    "ImpactReport",
    "RelatedDocument",
    "find_document",
    "impact",
]
