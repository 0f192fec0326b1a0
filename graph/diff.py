"""What changed between two builds: a plan revised, a new year loaded, an extractor improved.

Nodes are compared by key (keys are minted from normalized ids, so the same task, decree or agency
has the same key in both builds); edges as a multiset of (source, type, target), properties aside.
A task present in both builds whose text, deadline, area or agencies differ is listed as changed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from plankg.graph.property import (
    AGENCY,
    AGENCY_GROUP,
    COOPERATES_ON,
    LEADS,
    LEGAL_DOCUMENT,
    PLAN_DOCUMENT,
    TASK,
    PropertyGraph,
)

TASK_FIELDS = ("text", "number", "area", "deadline_text", "deadline_end", "budget_vnd")
EdgeKey = tuple[str, str, str]


@dataclass
class BuildDiff:
    documents_added: list[str] = field(default_factory=list)
    documents_removed: list[str] = field(default_factory=list)
    tasks_added: list[str] = field(default_factory=list)
    tasks_removed: list[str] = field(default_factory=list)
    tasks_changed: list[dict[str, Any]] = field(default_factory=list)  # key + {field: [before, after]}
    references_added: list[str] = field(default_factory=list)  # legal-document keys
    references_removed: list[str] = field(default_factory=list)
    agencies_added: list[str] = field(default_factory=list)
    agencies_removed: list[str] = field(default_factory=list)
    edges_added: list[EdgeKey] = field(default_factory=list)  # one entry per added edge (multiset)
    edges_removed: list[EdgeKey] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(getattr(self, name) for name in self.__dataclass_fields__)

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in self.__dataclass_fields__}

    def edge_type_counts(self) -> dict[str, dict[str, int]]:
        added = Counter(e[1] for e in self.edges_added)
        removed = Counter(e[1] for e in self.edges_removed)
        return {t: {"added": added[t], "removed": removed[t]} for t in sorted(set(added) | set(removed))}

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {"counts": self.counts(), "edge_types": self.edge_type_counts()}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if name.startswith("edges_"):
                value = [{"source": s, "type": t, "target": o} for s, t, o in value]
            result[name] = value
        return result


def diff_builds(a: PropertyGraph, b: PropertyGraph) -> BuildDiff:
    """Tasks, references (legal documents), agencies, plan documents and edges added/removed from a to b."""
    result = BuildDiff()
    for labels, added, removed in (
        ((PLAN_DOCUMENT,), "documents_added", "documents_removed"),
        ((TASK,), "tasks_added", "tasks_removed"),
        ((LEGAL_DOCUMENT,), "references_added", "references_removed"),
        ((AGENCY, AGENCY_GROUP), "agencies_added", "agencies_removed"),
    ):
        keys_a = _keys(a, labels)
        keys_b = _keys(b, labels)
        setattr(result, added, sorted(keys_b - keys_a))
        setattr(result, removed, sorted(keys_a - keys_b))
    edges_a = Counter((e.source, e.type, e.target) for e in a.edges)
    edges_b = Counter((e.source, e.type, e.target) for e in b.edges)
    result.edges_added = sorted((edges_b - edges_a).elements())
    result.edges_removed = sorted((edges_a - edges_b).elements())
    roles_a, roles_b = _roles(a), _roles(b)
    for key in sorted(_keys(a, (TASK,)) & _keys(b, (TASK,))):
        before, after = a.nodes[key].props, b.nodes[key].props
        changes = {
            name: [before.get(name), after.get(name)]
            for name in TASK_FIELDS
            if before.get(name) != after.get(name)
        }
        for role in (LEADS, COOPERATES_ON):
            old, new = roles_a.get((key, role), []), roles_b.get((key, role), [])
            if old != new:
                changes[role.lower()] = [old, new]
        if changes:
            result.tasks_changed.append({"key": key, "changes": changes})
    return result


def _keys(graph: PropertyGraph, labels: tuple[str, ...]) -> set[str]:
    return {key for key, node in graph.nodes.items() if node.label in labels}


def _roles(graph: PropertyGraph) -> dict[tuple[str, str], list[str]]:
    roles: dict[tuple[str, str], list[str]] = {}
    for edge in graph.edges:
        if edge.type in (LEADS, COOPERATES_ON):
            roles.setdefault((edge.target, edge.type), []).append(edge.source)
    return {k: sorted(v) for k, v in roles.items()}


__all__ = ["BuildDiff", "diff_builds"]
