"""Property-graph files: graph.json round trip, GraphML as networkx reads and writes it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import networkx as nx
from demo_build import demo_build

from plankg.graph.exports import GRAPH_FILE, _scalars, load_property_graph, save_property_graph, write_graphml
from plankg.graph.property import PropertyGraph


def graphml_state(path: Path) -> tuple[dict[str, object], Counter[str]]:
    graph = nx.read_graphml(path)
    edges = Counter(
        json.dumps([s, t, {k: v for k, v in d.items() if k != "id"}], sort_keys=True, ensure_ascii=False)
        for s, t, d in graph.edges(data=True)
    )
    return dict(graph.nodes(data=True)), edges


def test_graphml_reads_back_as_networkx_writes_it(tmp_path: Path) -> None:
    graph = load_property_graph(demo_build()[0] / GRAPH_FILE)
    write_graphml(graph, tmp_path / "ours.graphml")
    reference = nx.MultiDiGraph()
    for node in graph.nodes.values():
        reference.add_node(node.key, label=node.label, **_scalars(node.props))
    for edge in graph.edges:
        reference.add_edge(edge.source, edge.target, type=edge.type, **_scalars(edge.props))
    nx.write_graphml(reference, tmp_path / "networkx.graphml")
    assert graphml_state(tmp_path / "ours.graphml") == graphml_state(tmp_path / "networkx.graphml")


def test_graphml_escapes_markup_and_control_characters(tmp_path: Path) -> None:
    graph = PropertyGraph()
    hostile = 'a"&<b>\n\x01'
    graph.add_node(hostile, "Task", text="<script>&\t\n\x0b", number=3, value=2.5, done=True, mixed=1)
    graph.add_node("plain", "Task", mixed="one", value=3)
    graph.add_edge(hostile, "PART_OF", "plain", quote='"x" & y')
    write_graphml(graph, tmp_path / "g.graphml")
    nodes, edges = graphml_state(tmp_path / "g.graphml")
    assert nodes == {
        'a"&<b>\n\ufffd': {
            "label": "Task",
            "text": "<script>&\t\n\ufffd",
            "number": 3,
            "value": 2.5,
            "done": True,
            "mixed": "1",  # one property, values of two types: a string
        },
        "plain": {"label": "Task", "mixed": "one", "value": 3.0},
    }
    assert list(edges) == [
        json.dumps(['a"&<b>\n\ufffd', "plain", {"quote": '"x" & y', "type": "PART_OF"}], ensure_ascii=False)
    ]


def test_graph_json_round_trip(tmp_path: Path) -> None:
    graph = load_property_graph(demo_build()[0] / GRAPH_FILE)
    save_property_graph(graph, tmp_path / GRAPH_FILE)
    again = load_property_graph(tmp_path / GRAPH_FILE)
    assert again.nodes == graph.nodes and again.edges == graph.edges
