"""Stale legal basis: tasks citing a document that was replaced, repealed or expired in time to matter.

For every task → cited document (DEPENDS_ON), the document's recorded changes that end its force
(`validity.NO_LONGER_IN_FORCE`: replaced, repealed, expired — from the texts or the events file) are
compared with a cutoff: `as_of` when given, else the task's deadline (its end). A change dated on or
before the cutoff makes the basis stale. With no cutoff (no `as_of`, task without deadline) every
such change counts (the view "as of now"). A change of unknown date is reported too, flagged
`dated=False`, because nobody can tell it came after the cutoff. Amendments and partial repeals are
not stale bases (the document stays in force); `plankg impact` covers them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from plankg.graph.property import DEPENDS_ON, LEADS, PropertyGraph
from plankg.graph.validity import NO_LONGER_IN_FORCE, REPLACED, Change, Validity, _iso, _node_id, to_date


@dataclass(frozen=True)
class StaleBasis:
    task: str  # node key
    task_id: str
    task_text: str
    province: str | None
    plan: str | None  # plan document id
    deadline_end: date | None
    lead: tuple[str, ...]
    document: str  # node key of the cited document
    document_id: str
    status: str  # replaced | repealed | expired
    change: Change  # the change that ended the document's force
    successor: str | None  # id of the replacing document, when known
    successors: tuple[str, ...]  # the replacement chain (ids), last = the one in force by the cutoff
    cutoff: date | None
    cutoff_kind: str  # "as_of" | "deadline" | "now"

    @property
    def dated(self) -> bool:
        return self.change.date is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "task": self.task_id,
            "task_key": self.task,
            "task_text": self.task_text,
            "province": self.province,
            "plan": self.plan,
            "deadline_end": self.deadline_end.isoformat() if self.deadline_end else None,
            "lead": list(self.lead),
            "document": self.document_id,
            "document_key": self.document,
            "status": self.status,
            "change_date": self.change.date.isoformat() if self.change.date else None,
            "date_basis": self.change.date_basis,
            "dated": self.dated,
            "by": self.change.by_id,
            "successor": self.successor,
            "successors": list(self.successors),
            "cutoff": self.cutoff.isoformat() if self.cutoff else None,
            "cutoff_kind": self.cutoff_kind,
            "evidence": self.change.to_dict(),
        }


def check_basis(graph: PropertyGraph, as_of: date | str | None = None) -> list[StaleBasis]:
    """Tasks whose cited documents stopped being in force before the task's deadline (or `as_of`)."""
    as_of = to_date(as_of, what="as-of date")
    validity = Validity(graph)
    leads: dict[str, list[str]] = {}
    for edge in graph.edges:
        if edge.type == LEADS and edge.source in graph.nodes:
            leads.setdefault(edge.target, []).append(
                str(graph.nodes[edge.source].props.get("name", edge.source))
            )
    found: dict[tuple[str, str], StaleBasis] = {}
    for edge in graph.edges:
        if edge.type != DEPENDS_ON or (edge.source, edge.target) in found:
            continue
        task = graph.nodes.get(edge.source)
        if task is None:
            continue
        ending = [c for c in validity.timeline(edge.target).changes if c.status in NO_LONGER_IN_FORCE]
        if not ending:
            continue
        deadline = _iso(task.props.get("deadline_end"))
        cutoff, kind = (as_of, "as_of") if as_of else ((deadline, "deadline") if deadline else (None, "now"))
        relevant = [c for c in ending if c.date is None or cutoff is None or c.date <= cutoff]
        if not relevant:
            continue
        change = relevant[0]  # dated ones first, oldest first
        replacing = next((c for c in relevant if c.status == REPLACED), None)
        chain = validity.successor_chain(replacing.by, cutoff) if replacing else ()
        found[(edge.source, edge.target)] = StaleBasis(
            task=edge.source,
            task_id=str(task.props.get("id", edge.source)),
            task_text=str(task.props.get("text", "")),
            province=task.props.get("province"),
            plan=task.props.get("document"),
            deadline_end=deadline,
            lead=tuple(leads.get(edge.source, ())),
            document=edge.target,
            document_id=_node_id(graph, edge.target),
            status=change.status,
            change=change,
            successor=_node_id(graph, replacing.by) if replacing else None,
            successors=tuple(_node_id(graph, key) for key in chain),
            cutoff=cutoff,
            cutoff_kind=kind,
        )
    return sorted(
        found.values(),
        key=lambda s: (s.change.date is None, s.change.date or date.min, s.province or "", s.task),
    )


__all__ = ["StaleBasis", "check_basis"]
