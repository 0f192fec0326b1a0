"""`plankg viz`: the interactive graph page of a build."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from plankg.cli.common import guarded
from plankg.graph.exports import GRAPH_FILE, load_property_graph

console = Console()


def register(app: typer.Typer) -> None:
    app.command("viz")(viz_command)


@guarded
def viz_command(
    build: Annotated[Path, typer.Argument(help="A build folder written by `plankg build`.")] = Path("build"),
    out: Annotated[Path, typer.Option("--out", "-o", help="The HTML page to write.")] = Path("graph.html"),
    focus: Annotated[
        str | None, typer.Option("--focus", help="Centre on a node: a legal id, agency name or node key.")
    ] = None,
    depth: Annotated[int, typer.Option("--depth", min=0, max=10, help="Hops around --focus.")] = 2,
    province: Annotated[str | None, typer.Option("--province", help="Only this province's part.")] = None,
    max_nodes: Annotated[
        int, typer.Option("--max-nodes", min=1, help="Keep at most this many nodes.")
    ] = 5000,
    max_edges: Annotated[
        int | None,
        typer.Option(
            "--max-edges",
            min=0,
            help="Draw at most this many edges, a spanning forest of the nodes first [default: 40,000].",
        ),
    ] = None,
) -> None:
    """Write a self-contained interactive page (filters, search, legend; no network needed)."""
    from plankg.graph.viz import MAX_EDGES, write_viz

    graph = load_property_graph(build / GRAPH_FILE)
    summary = write_viz(
        graph,
        out,
        focus=focus,
        depth=depth,
        province=province,
        max_nodes=max_nodes,
        max_edges=MAX_EDGES if max_edges is None else max_edges,
    )
    note = " (truncated to the best-connected nodes)" if summary.truncated else ""
    if summary.edges_matched >= 0:
        note += f" (edges: {summary.edges} of the {summary.edges_matched} among them drawn)"
    console.print(f"Wrote {summary.path}: {summary.nodes} nodes, {summary.edges} edges{note}")
