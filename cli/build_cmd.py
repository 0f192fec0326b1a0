"""`plankg build` and `plankg demo`."""

from __future__ import annotations

from collections import Counter
from enum import StrEnum
from importlib.resources import as_file, files
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from plankg.cli.common import guarded, progress
from plankg.graph.analytics import agency_load, to_networkx
from plankg.graph.build import BuildReport, build
from plankg.graph.exports import GRAPH_FILE, load_property_graph
from plankg.graph.property import CITES, DEPENDS_ON, LEGAL_DOCUMENT, PropertyGraph

console = Console()


def register(app: typer.Typer) -> None:
    app.command("build")(build_command)
    app.command("demo")(demo_command)


class Validate(StrEnum):
    full = "full"
    sample = "sample"
    none = "none"


@guarded
def build_command(
    targets: Annotated[list[Path], typer.Argument(help="Documents or directories of documents.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The build folder to write.")] = Path("build"),
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Extraction worker processes (default: one per CPU)."),
    ] = None,
    validate: Annotated[
        Validate,
        typer.Option(
            "--validate",
            help="SHACL validation: the whole graph, a bounded sample (large builds), or none.",
        ),
    ] = Validate.full,
    text_exports: Annotated[
        bool,
        typer.Option(
            "--text-exports/--no-text-exports",
            help="Write Turtle, JSON-LD, N-Triples, GraphML and neo4j-admin CSVs (skip for large builds).",
        ),
    ] = True,
) -> None:
    """Extract documents and build the graph: stores, exports (Turtle, JSON-LD, GraphML, CSV), report."""
    report = build(
        targets,
        out,
        progress=lambda paths: progress(paths, "Extracting"),
        jobs=jobs,
        validate=validate.value,
        text_exports=text_exports,
    )
    _print_report(report, out)


@guarded
def demo_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the demo build.")] = Path(
        "plankg-demo"
    ),
) -> None:
    """Build the bundled demo corpus, print the heaviest agencies and most-cited documents, draw the graph."""
    with as_file(files("plankg").joinpath("corpus")) as corpus:
        report = build(Path(corpus), out, progress=lambda paths: progress(paths, "Extracting"))
    _print_report(report, out)
    graph = load_property_graph(out / GRAPH_FILE)
    _print_agency_load(graph)
    _print_most_cited(graph)
    try:
        from plankg.graph.viz import write_viz
    except ImportError:  # visualization not available in this build
        return
    summary = write_viz(graph, out / "graph.html", title="plankg demo")
    console.print(f"Interactive graph: {summary.path} ({summary.nodes} nodes, {summary.edges} edges)")


def _print_report(report: BuildReport, out: Path) -> None:
    console.print(
        f"Built {out}: {len(report.documents)} documents, {sum(report.nodes_by_label.values())} nodes, "
        f"{sum(report.edges_by_type.values())} edges, {report.references} references, "
        f"{len(report.warnings)} warnings in {report.seconds:.2f} s"
    )
    if report.shacl_conforms is not None:
        verdict = "conforms" if report.shacl_conforms else f"{report.shacl_violations} violations"
        console.print(f"SHACL validation: {verdict}")


def _print_agency_load(graph: PropertyGraph, top: int = 10) -> None:
    table = Table("Cơ quan / Agency", "Tỉnh", "Chủ trì", "Phối hợp", "Weighted", title="Agency load (top 10)")
    for row in agency_load(to_networkx(graph))[:top]:
        table.add_row(
            Text(row.name), Text(row.province or ""), str(row.lead), str(row.cooperate), f"{row.weighted:g}"
        )
    console.print(table)


def _print_most_cited(graph: PropertyGraph, top: int = 10) -> None:
    documents: Counter[str] = Counter()
    tasks: Counter[str] = Counter()
    for edge in graph.edges:
        if edge.type == CITES:
            documents[edge.target] += 1
        elif edge.type == DEPENDS_ON:
            tasks[edge.target] += 1
    keys = [k for k in graph.nodes if graph.nodes[k].label == LEGAL_DOCUMENT and (documents[k] or tasks[k])]
    keys.sort(key=lambda k: (-documents[k], -tasks[k], k))
    table = Table(
        "Văn bản / Document", "Citing documents", "Dependent tasks", title="Most-cited legal documents"
    )
    for key in keys[:top]:
        table.add_row(Text(str(graph.nodes[key].props.get("id", key))), str(documents[key]), str(tasks[key]))
    console.print(table)
