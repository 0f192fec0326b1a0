"""`plankg add` and `plankg remove`: incremental updates of a build folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from plankg.cli.common import guarded
from plankg.graph.incremental import UpdateReport, add_documents, remove_documents

console = Console()


def register(app: typer.Typer) -> None:
    app.command("add")(add_command)
    app.command("remove")(remove_command)


@guarded
def add_command(
    build: Annotated[Path, typer.Argument(help="The build folder to update.")],
    documents: Annotated[list[Path], typer.Argument(help="Documents or directories of documents.")],
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Extraction worker processes (default: one per CPU)."),
    ] = None,
) -> None:
    """Add documents to a build (a document already in it, by id, is replaced), without a rebuild."""
    _print(add_documents(build, documents, jobs=jobs), build)


@guarded
def remove_command(
    build: Annotated[Path, typer.Argument(help="The build folder to update.")],
    doc_ids: Annotated[list[str], typer.Argument(help="Ids of the documents to remove (see report.json).")],
) -> None:
    """Remove documents and exactly their facts from a build, without a rebuild."""
    _print(remove_documents(build, doc_ids), build)


def _print(report: UpdateReport, build: Path) -> None:
    changes = (("added", report.added), ("replaced", report.replaced), ("removed", report.removed))
    parts = [f"{label} {len(ids)}" + (f" ({', '.join(ids)})" if ids else "") for label, ids in changes]
    lines = [
        f"Updated {build}: {'; '.join(parts)}",
        f"graph: nodes +{report.nodes_added} -{report.nodes_removed} ({report.nodes_changed} merged anew), "
        f"edges +{report.edges_added} -{report.edges_removed}",
    ]
    stale = "left as they were (large build; `plankg build` rewrites them)"
    if report.exports != "none":
        lines.append(f"GraphML and neo4j-admin CSV exports {_exports(report.exports, stale)}")
    store = report.store
    if store is None:
        lines.append("SPARQL store: none in this build")
    else:
        lines.append(f"SPARQL store: triples +{store.triples_added} -{store.triples_removed}")
        if store.exports != "none":
            lines.append(f"Turtle, JSON-LD and N-Triples exports {_exports(store.exports, stale)}")
    lines.append(f"in {report.seconds:.2f} s")
    for line in lines:
        console.print(escape(line))


def _exports(state: str, stale: str) -> str:
    return "regenerated" if state == "regenerated" else stale
