"""networkx analytics over the property graph: agency load and dependency tracing."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from plankg.graph.property import (
    AGENCY,
    AGENCY_GROUP,
    COOPERATES_ON,
    DEPENDS_ON,
    LEADS,
    LEGAL_DOCUMENT,
    PropertyGraph,
)

if TYPE_CHECKING:
    import networkx as nx

LEAD_WEIGHT = 1.0
COOPERATE_WEIGHT = 0.5
# How a change to document X reaches other documents: (edge type, direction from X).
# "forward" follows X -[type]-> Y, "backward" follows Y -[type]-> X.
CHAIN_STEPS: tuple[tuple[str, str], ...] = (
    ("AMENDS", "forward"),  # X amends Y: tasks citing Y are read with X's changes
    ("AMENDS", "backward"),  # Y amends X: Y is part of X as in force
    ("REPLACES", "backward"),  # Y replaces X
    ("GUIDES", "backward"),  # Y guides (details) X
    ("IMPLEMENTS", "backward"),  # Y implements X
    ("BASED_ON", "backward"),  # Y is based on X
)


def to_networkx(graph: PropertyGraph) -> nx.MultiDiGraph:
    """The property graph as a networkx MultiDiGraph (`label` on nodes, `type` on edges)."""
    import networkx as nx

    result = nx.MultiDiGraph()
    for node in graph.nodes.values():
        result.add_node(node.key, label=node.label, **node.props)
    for edge in graph.edges:
        for end in (edge.source, edge.target):
            if end not in result:
                result.add_node(end, label="Unknown")
        result.add_edge(edge.source, edge.target, key=None, type=edge.type, **edge.props)
    return result


@dataclass(frozen=True)
class AgencyLoad:
    agency: str  # node key
    name: str
    province: str | None
    lead: int
    cooperate: int

    @property
    def weighted(self) -> float:
        return self.lead * LEAD_WEIGHT + self.cooperate * COOPERATE_WEIGHT


def agency_load(g: nx.MultiDiGraph, province: str | None = None) -> list[AgencyLoad]:
    """Lead and cooperating task counts per agency, heaviest first (weighted 1 : 0.5)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for source, _task, data in g.edges(data=True):
        if data.get("type") in (LEADS, COOPERATES_ON):
            counts[source][data["type"]] += 1
    rows = []
    for key, counter in counts.items():
        node = g.nodes[key]
        if node.get("label") not in (AGENCY, AGENCY_GROUP):
            continue
        if province and node.get("province") != province:
            continue
        rows.append(
            AgencyLoad(
                key, node.get("name", key), node.get("province"), counter[LEADS], counter[COOPERATES_ON]
            )
        )
    rows.sort(key=lambda r: (-r.weighted, -r.lead, r.name))
    return rows


def agency_load_by_quarter(g: nx.MultiDiGraph) -> dict[tuple[str, str], Counter[str]]:
    """(agency key, 'YYYY-Qn' of the task deadline's end) → role counts."""
    table: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for source, task, data in g.edges(data=True):
        if data.get("type") not in (LEADS, COOPERATES_ON):
            continue
        end = g.nodes[task].get("deadline_end")
        quarter = _quarter(end) if end else "unscheduled"
        table[(source, quarter)][data["type"]] += 1
    return table


def _quarter(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


@dataclass(frozen=True)
class Dependency:
    task: str  # node key
    via: tuple[str, ...]  # legal-document keys from the task's cited document back to X
    steps: tuple[str, ...]  # edge types along `via`, e.g. ("DEPENDS_ON", "AMENDS")

    @property
    def direct(self) -> bool:
        return len(self.via) == 1


def related_documents(
    g: nx.MultiDiGraph, start: str, max_depth: int = 3
) -> dict[str, tuple[list[str], list[str]]]:
    """Documents a change to `start` reaches through amendment/guidance chains, with their paths.

    Returns {document key: (path of document keys from start, edge types along it)}; breadth-first,
    so every path is a shortest one.
    """
    found: dict[str, tuple[list[str], list[str]]] = {start: ([start], [])}
    frontier = [start]
    for _ in range(max_depth):
        next_frontier = []
        for current in frontier:
            for neighbour, edge_type in _chain_neighbours(g, current):
                if neighbour in found or g.nodes[neighbour].get("label") != LEGAL_DOCUMENT:
                    continue
                path, types = found[current]
                found[neighbour] = ([*path, neighbour], [*types, edge_type])
                next_frontier.append(neighbour)
        frontier = next_frontier
    return found


def _chain_neighbours(g: nx.MultiDiGraph, node: str) -> list[tuple[str, str]]:
    result = []
    for edge_type, direction in CHAIN_STEPS:
        if direction == "forward":
            result += [
                (t, edge_type) for _, t, d in g.out_edges(node, data=True) if d.get("type") == edge_type
            ]
        else:
            result += [
                (s, edge_type) for s, _, d in g.in_edges(node, data=True) if d.get("type") == edge_type
            ]
    return sorted(set(result))


def dependent_tasks(g: nx.MultiDiGraph, document: str, max_depth: int = 3) -> list[Dependency]:
    """Tasks that depend on `document` directly or through a chain, each with its explanation path."""
    best: dict[str, Dependency] = {}
    for doc_key, (path, types) in related_documents(g, document, max_depth).items():
        for task, _, data in g.in_edges(doc_key, data=True):
            if data.get("type") != DEPENDS_ON:
                continue
            candidate = Dependency(task, tuple(reversed(path)), ("DEPENDS_ON", *reversed(types)))
            if task not in best or len(candidate.via) < len(best[task].via):
                best[task] = candidate
    return sorted(best.values(), key=lambda d: (len(d.via), d.task))


def node_summary(g: nx.MultiDiGraph, key: str) -> dict[str, Any]:
    return {"key": key, **g.nodes[key]}
