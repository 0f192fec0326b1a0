"""Property graph ↔ files: JSON (the build's own format), GraphML (Gephi), neo4j-admin CSVs."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from plankg.errors import InputError
from plankg.fileio import atomic_write_text
from plankg.graph.property import Edge, Node, PropertyGraph

GRAPH_FILE = "graph.json"


def save_property_graph(graph: PropertyGraph, path: Path) -> None:
    payload = {
        "nodes": [{"key": n.key, "label": n.label, "props": n.props} for n in graph.nodes.values()],
        "edges": [
            {"source": e.source, "type": e.type, "target": e.target, "props": e.props} for e in graph.edges
        ],
    }
    atomic_write_text(path, json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True))


def load_property_graph(path: Path) -> PropertyGraph:
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(f"{path} not found: is this a folder written by `plankg build`?") from exc
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    graph = PropertyGraph()
    for node in payload["nodes"]:
        graph.nodes[node["key"]] = Node(node["key"], node["label"], node["props"])
    graph.edges = [Edge(e["source"], e["type"], e["target"], e["props"]) for e in payload["edges"]]
    return graph


def write_graphml(graph: PropertyGraph, path: Path) -> None:
    """GraphML for Gephi: scalar attributes only (lists joined with '; ')."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for node in graph.nodes.values():
        g.add_node(node.key, label=node.label, **_scalars(node.props))
    for edge in graph.edges:
        g.add_edge(edge.source, edge.target, type=edge.type, **_scalars(edge.props))
    buffer = io.BytesIO()
    nx.write_graphml(g, buffer, encoding="utf-8")
    atomic_write_text(path, buffer.getvalue().decode("utf-8"))


def write_neo4j_csv(graph: PropertyGraph, directory: Path) -> list[Path]:
    """Node and relationship CSVs in the `neo4j-admin database import` format, one file per label/type."""
    written = []
    by_label: dict[str, list[Node]] = defaultdict(list)
    for node in graph.nodes.values():
        by_label[node.label].append(node)
    for label, nodes in sorted(by_label.items()):
        columns = sorted({k for n in nodes for k in n.props})
        rows = [[n.key, *(_cell(n.props.get(c)) for c in columns), label] for n in nodes]
        path = directory / f"nodes_{label}.csv"
        _write_csv(path, ["key:ID", *columns, ":LABEL"], rows)
        written.append(path)
    by_type: dict[str, list[Edge]] = defaultdict(list)
    for edge in graph.edges:
        by_type[edge.type].append(edge)
    for type_, edges in sorted(by_type.items()):
        columns = sorted({k for e in edges for k in e.props})
        rows = [[e.source, e.target, type_, *(_cell(e.props.get(c)) for c in columns)] for e in edges]
        path = directory / f"relationships_{type_}.csv"
        _write_csv(path, [":START_ID", ":END_ID", ":TYPE", *columns], rows)
        written.append(path)
    return written


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    # Data interchange for `neo4j-admin database import`, not a spreadsheet: values are written raw
    # (no formula neutralisation, unlike plankg.csvsafe for the CSVs people open), so the import
    # stores exactly the graph's values.
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    atomic_write_text(path, buffer.getvalue())


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


def _scalars(props: dict[str, Any]) -> dict[str, Any]:
    return {
        k: ("; ".join(map(str, v)) if isinstance(v, list) else v) for k, v in props.items() if v is not None
    }
