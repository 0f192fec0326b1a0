"""Property graph ↔ files: JSON (the build's own format), GraphML (Gephi), neo4j-admin CSVs."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from plankg.errors import InputError
from plankg.fileio import atomic_write_bytes, atomic_write_text
from plankg.graph.property import Edge, Node, PropertyGraph

GRAPH_FILE = "graph.json"


def dump_json(payload: Any) -> bytes:
    """Compact UTF-8 JSON with sorted keys; orjson when installed (about 20x faster on large graphs)."""
    try:
        import orjson
    except ImportError:
        orjson = None
    if orjson is not None:
        try:
            return orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)
        except TypeError:  # e.g. an integer beyond 64 bits: the standard library copes
            pass
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def load_json(data: bytes) -> Any:
    try:
        import orjson
    except ImportError:
        return json.loads(data)
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:  # what orjson refuses (big integers) the standard library may read
        return json.loads(data)


def node_to_json(node: Node) -> dict[str, Any]:
    return {"key": node.key, "label": node.label, "props": node.props}


def edge_to_json(edge: Edge) -> dict[str, Any]:
    return {"source": edge.source, "type": edge.type, "target": edge.target, "props": edge.props}


def edge_from_json(data: dict[str, Any]) -> Edge:
    return Edge(data["source"], data["type"], data["target"], data["props"])


def graph_to_bytes(graph: PropertyGraph) -> bytes:
    nodes = [node_to_json(n) for n in graph.nodes.values()]
    return dump_json({"nodes": nodes, "edges": [edge_to_json(e) for e in graph.edges]})


def save_property_graph(graph: PropertyGraph, path: Path) -> None:
    atomic_write_bytes(path, graph_to_bytes(graph))


def load_property_graph(path: Path) -> PropertyGraph:
    try:
        payload = load_json(path.read_bytes())
    except FileNotFoundError as exc:
        raise InputError(f"{path} not found: is this a folder written by `plankg build`?") from exc
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    graph = PropertyGraph()
    graph.nodes = {n["key"]: Node(n["key"], n["label"], n["props"]) for n in payload["nodes"]}
    graph.edges = [Edge(e["source"], e["type"], e["target"], e["props"]) for e in payload["edges"]]
    return graph


GRAPHML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
# XML 1.0 cannot hold most control characters: each becomes U+FFFD. Most values need no escaping at
# all, which one regex search (in C) tells.
_INVALID = "\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff"
_INVALID_RE = re.compile(f"[{_INVALID}]")
_TEXT_SPECIAL_RE = re.compile(f"[&<>{_INVALID}]")
_ATTR_SPECIAL_RE = re.compile(f'[&<>"\n\r\t{_INVALID}]')


def _xml_text(value: str) -> str:
    if _TEXT_SPECIAL_RE.search(value) is None:
        return value
    return _INVALID_RE.sub("\ufffd", value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def _xml_attr(value: str) -> str:
    if _ATTR_SPECIAL_RE.search(value) is None:
        return value
    text = _xml_text(value).replace('"', "&quot;")
    return text.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")


def write_graphml(graph: PropertyGraph, path: Path) -> None:
    """GraphML for Gephi (and networkx.read_graphml): node `label` and edge `type` attributes plus
    every scalar property (lists joined with '; '), typed long/double/boolean/string as networkx
    types them; a property holding values of several types is written as a string.

    Streamed by hand: networkx's writer builds an XML tree of the whole graph (about 10x slower),
    and an incremental update rewrites this file."""
    node_rows = [(n.key, {"label": n.label, **_scalars(n.props)}) for n in graph.nodes.values()]
    edge_rows = [(e.source, e.target, {"type": e.type, **_scalars(e.props)}) for e in graph.edges]
    node_keys = _graphml_keys((attrs for _, attrs in node_rows), 0)
    edge_keys = _graphml_keys((attrs for _, _, attrs in edge_rows), len(node_keys))
    out = io.StringIO()
    write = out.write
    write(
        "<?xml version='1.0' encoding='utf-8'?>\n"
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
    )
    for scope, keys in (("node", node_keys), ("edge", edge_keys)):
        for name, (key_id, type_name) in keys.items():
            write(
                f'<key id="{key_id}" for="{scope}" attr.name="{_xml_attr(name)}" attr.type="{type_name}"/>\n'
            )
    write('<graph edgedefault="directed">\n')
    for key, attrs in node_rows:
        write(f'<node id="{_xml_attr(key)}">')
        _graphml_data(write, attrs, node_keys)
        write("</node>\n")
    for number, (source, target, attrs) in enumerate(edge_rows):
        write(f'<edge source="{_xml_attr(source)}" target="{_xml_attr(target)}" id="e{number}">')
        _graphml_data(write, attrs, edge_keys)
        write("</edge>\n")
    write("</graph>\n</graphml>\n")
    atomic_write_text(path, out.getvalue())


GraphmlKeys = dict[str, tuple[str, str]]  # attribute name → (key id, GraphML type)


def _graphml_keys(rows: Iterable[dict[str, Any]], start: int) -> GraphmlKeys:
    """Attribute name → (key id, GraphML type) over every row of one scope."""
    types: dict[str, set[str]] = defaultdict(set)
    for attrs in rows:
        for name, value in attrs.items():
            types[name].add(GRAPHML_TYPES.get(type(value), "string"))
    keys: GraphmlKeys = {}
    for offset, name in enumerate(sorted(types)):
        found = types[name]
        kind = found.pop() if len(found) == 1 else ("double" if found <= {"long", "double"} else "string")
        keys[name] = (f"d{start + offset}", kind)
    return keys


def _graphml_data(write: Callable[[str], Any], attrs: dict[str, Any], keys: GraphmlKeys) -> None:
    for name, value in attrs.items():
        key_id, kind = keys[name]
        if kind == "boolean":
            text = "true" if value else "false"
        elif kind == "double" and not isinstance(value, bool):
            text = repr(float(value))
        else:
            text = _xml_text(str(value))
        write(f'<data key="{key_id}">{text}</data>')


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
