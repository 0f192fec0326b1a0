"""Validity timelines of legal documents, from the relation edges of the property graph.

A document's changes are the relation edges that point AT it: `AMENDS` (amended), `PARTIALLY_REPEALS`
(partially repealed), `REPLACES` (replaced), `REPEALS` (repealed) and `EXPIRES` (expired: «… hết hiệu
lực», stated by the subject). Edges come from the loaded texts (`source="text"`, with the quote) or
from the user's events file (`source="events"`, with the date, note and the file's row).

Dates. An edge's own `date` (events file, what-if, or an effective date if the build records one) is
used as stated (`date_basis="stated"`); otherwise the changing document's issue date, when the graph
knows it (`date_basis="issued"`: the change cannot be in force before that day, but may start later).
A change with neither is undated: the current view (`as_of=None`) counts it, an "as of D" view lists
it apart (`Status.undated`) because it cannot say whether it had happened by D. A relation stated by an
act's own clause carries that act's effective date, so «303/2025/NĐ-CP bãi bỏ Điều 1 Nghị định số
83/2024/NĐ-CP» is dated 2025-11-20 (stated), not 2025-11-19 (issued).

Parts. An edge's `part` / `within_part` / `phrases` props (the provision a clause acts on, see
`models.Relation`) are kept on each `Change`: `describe()` reads «partially_repealed: Điều 1 from
2025-11-20 by 303/2025/NĐ-CP».

Status as of a day is the gravest change in force by then: repealed > replaced > expired > partially
repealed > amended > in force. `successor` is the replacing document (following further replacements
to the one in force as of the day, in `successors`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from plankg.errors import InputError
from plankg.graph.property import LEGAL_DOCUMENT, PropertyGraph

IN_FORCE = "in_force"
AMENDED = "amended"
PARTIALLY_REPEALED = "partially_repealed"
EXPIRED = "expired"
REPLACED = "replaced"
REPEALED = "repealed"
STATUS_OF_EDGE = {
    "AMENDS": AMENDED,
    "PARTIALLY_REPEALS": PARTIALLY_REPEALED,
    "EXPIRES": EXPIRED,
    "REPLACES": REPLACED,
    "REPEALS": REPEALED,
}
GRAVITY = {IN_FORCE: 0, AMENDED: 1, PARTIALLY_REPEALED: 2, EXPIRED: 3, REPLACED: 4, REPEALED: 5}
NO_LONGER_IN_FORCE = frozenset({EXPIRED, REPLACED, REPEALED})
STATUS_LABELS_VI = {
    IN_FORCE: "Còn hiệu lực",
    AMENDED: "Được sửa đổi, bổ sung",
    PARTIALLY_REPEALED: "Bị bãi bỏ một phần",
    EXPIRED: "Hết hiệu lực",
    REPLACED: "Bị thay thế",
    REPEALED: "Bị bãi bỏ",
}


@dataclass(frozen=True)
class Change:
    """One recorded change of a document: `by` (node key) made it `status` on `date`."""

    document: str  # node key of the changed document
    status: str
    by: str  # node key of the changing document
    by_id: str
    edge_type: str
    date: date | None
    date_basis: str | None  # "stated" | "issued" | None (undated)
    source: str | None  # "text" | "events" | "what-if"
    quote: str | None = None
    source_document: str | None = None
    source_line: int | None = None
    note: str | None = None
    event_source: str | None = None
    part: str | None = None  # the provision changed («Điều 1», «điểm a khoản 2 Điều 5»); None: the document
    within_part: bool = False  # only something inside `part` changed (a phrase, «quy định … tại»)
    phrases: tuple[str, ...] = ()  # the wordings changed («bãi bỏ cụm từ “tổng cục”»)

    def describe(self) -> str:
        """«partially_repealed: Điều 1 from 2025-11-20 by 303/2025/NĐ-CP» (one line, for reports)."""
        what = self.status
        if self.part:
            inside = "in " if self.within_part or self.phrases else ""
            wording = f"{', '.join(f'“{p}”' for p in self.phrases)} " if self.phrases else ""
            what += f": {wording}{inside}{self.part}"
        elif self.phrases:
            what += f": {', '.join(f'“{p}”' for p in self.phrases)}"
        when = f" from {self.date.isoformat()}" if self.date else ""
        return f"{what}{when} by {self.by_id}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "by": self.by_id,
            "by_key": self.by,
            "edge": self.edge_type,
            "date": self.date.isoformat() if self.date else None,
            "date_basis": self.date_basis,
            "source": self.source,
            "quote": self.quote,
            "source_document": self.source_document,
            "source_line": self.source_line,
            "note": self.note,
            "event_source": self.event_source,
            "part": self.part,
            "within_part": self.within_part,
            "phrases": list(self.phrases),
        }


@dataclass(frozen=True)
class Status:
    """A document's status as of a day (`as_of=None`: everything recorded, i.e. now)."""

    document: str
    status: str
    as_of: date | None
    since: date | None  # date of the change that set the status
    changes: tuple[Change, ...]  # the changes in force by `as_of`, oldest first
    undated: tuple[Change, ...] = ()  # changes of unknown date, not counted in a dated view
    successor: str | None = None  # node key of the replacing document
    successors: tuple[str, ...] = ()  # replacement chain from the successor on, as of the day

    @property
    def in_force(self) -> bool:
        return self.status not in NO_LONGER_IN_FORCE

    def deciding(self) -> Change | None:
        """The change that set the status (None when in force without changes)."""
        return next((c for c in self.changes if c.status == self.status and c.date == self.since), None) or (
            next((c for c in self.changes if c.status == self.status), None)
        )


@dataclass
class Timeline:
    document: str
    id: str
    changes: list[Change] = field(default_factory=list)  # dated first, by date; then undated

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.id, "key": self.document, "changes": [c.to_dict() for c in self.changes]}


class Validity:
    """Validity timelines of every legal document of a graph (index built once)."""

    def __init__(self, graph: PropertyGraph) -> None:
        self.graph = graph
        self._changes: dict[str, list[Change]] = defaultdict(list)
        for edge in graph.edges:
            status = STATUS_OF_EDGE.get(edge.type)
            if status is None:
                continue
            when, basis = _change_date(graph, edge.props, edge.source)
            self._changes[edge.target].append(
                Change(
                    document=edge.target,
                    status=status,
                    by=edge.source,
                    by_id=_node_id(graph, edge.source),
                    edge_type=edge.type,
                    date=when,
                    date_basis=basis,
                    source=edge.props.get("source"),
                    quote=edge.props.get("quote"),
                    source_document=edge.props.get("source_document"),
                    source_line=edge.props.get("source_line"),
                    note=edge.props.get("note"),
                    event_source=edge.props.get("event_source"),
                    part=edge.props.get("part"),
                    within_part=bool(edge.props.get("within_part")),
                    phrases=_phrases(edge.props.get("phrases")),
                )
            )
        for changes in self._changes.values():
            changes.sort(key=_chronological)

    def changed_documents(self) -> list[str]:
        """Keys of the documents with at least one recorded change."""
        return sorted(self._changes)

    def timeline(self, document: str) -> Timeline:
        return Timeline(document, _node_id(self.graph, document), list(self._changes.get(document, ())))

    def status_as_of(self, document: str, as_of: date | None = None) -> Status:
        """`document`'s status as of `as_of` (None: with every recorded change)."""
        changes = self._changes.get(document, [])
        if as_of is None:
            applied, undated = list(changes), []
        else:
            applied = [c for c in changes if c.date is not None and c.date <= as_of]
            undated = [c for c in changes if c.date is None]
        if not applied:
            return Status(document, IN_FORCE, as_of, None, (), tuple(undated))
        status = max((c.status for c in applied), key=GRAVITY.__getitem__)
        deciding = [c for c in applied if c.status == status]
        dated = [c.date for c in deciding if c.date is not None]
        if status in NO_LONGER_IN_FORCE:
            since = min(dated) if dated else None  # out of force from the first such change
        else:
            since = max(dated) if dated else None  # the latest amendment
        successor = None
        replacing = [c for c in applied if c.status == REPLACED]
        if replacing:
            successor = replacing[0].by
        chain = self.successor_chain(successor, as_of) if successor else ()
        return Status(document, status, as_of, since, tuple(applied), tuple(undated), successor, chain)

    def successor_chain(self, successor: str, as_of: date | None = None) -> tuple[str, ...]:
        """`successor`, then whatever replaced it in turn (as of `as_of`), to the last one."""
        chain = [successor]
        while len(chain) < 20:
            replacing = [
                c
                for c in self._changes.get(chain[-1], ())
                if c.status == REPLACED and (as_of is None or (c.date is not None and c.date <= as_of))
            ]
            if not replacing or replacing[0].by in chain:
                break
            chain.append(replacing[0].by)
        return tuple(chain)


def validity(graph: PropertyGraph) -> Validity:
    return Validity(graph)


def status_as_of(graph: PropertyGraph, document: str, as_of: date | None = None) -> Status:
    """Status of one document (a node key, or an id found leniently) as of `as_of`."""
    from plankg.graph.impact import find_document

    return Validity(graph).status_as_of(find_document(graph, document), as_of)


def _chronological(change: Change) -> tuple[int, date, int]:
    return (change.date is None, change.date or date.min, -GRAVITY[change.status])


def _change_date(graph: PropertyGraph, props: dict[str, Any], subject: str) -> tuple[date | None, str | None]:
    stated = _iso(props.get("date"))
    if stated is not None:
        return stated, "stated"
    node = graph.nodes.get(subject)
    issued = _iso(node.props.get("date")) if node is not None else None
    return (issued, "issued") if issued is not None else (None, None)


def to_date(value: date | str | None, *, what: str = "date") -> date | None:
    """A date from a `date` or an ISO `YYYY-MM-DD` string; `InputError` for anything else."""
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    parsed = _iso(text) if len(text) == 10 else None
    if parsed is None:
        raise InputError(f"{what} {text!r} is not an ISO date (YYYY-MM-DD)")
    return parsed


def _iso(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _phrases(value: Any) -> tuple[str, ...]:
    """Edge prop `phrases`: a list, or one string (engines that store no lists join them with « | »)."""
    if not value:
        return ()
    if isinstance(value, str):
        return tuple(p.strip() for p in value.split(" | ") if p.strip())
    return tuple(str(p) for p in value)


def _node_id(graph: PropertyGraph, key: str) -> str:
    node = graph.nodes.get(key)
    if node is not None and node.props.get("id"):
        return str(node.props["id"])
    return key.split(":", 1)[-1]


def is_legal(graph: PropertyGraph, key: str) -> bool:
    node = graph.nodes.get(key)
    return node is not None and node.label == LEGAL_DOCUMENT


__all__ = [
    "GRAVITY",
    "NO_LONGER_IN_FORCE",
    "STATUS_LABELS_VI",
    "Change",
    "Status",
    "Timeline",
    "Validity",
    "status_as_of",
    "to_date",
    "validity",
]
