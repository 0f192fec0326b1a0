"""`plankg extract`: documents → the JSON contract, or a readable summary."""

from __future__ import annotations

import io
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from plankg.cli.common import emit, guarded, progress
from plankg.loaders.export import extraction_to_json
from plankg.loaders.extract import extract, iter_document_paths
from plankg.models import Extraction


class ExtractFormat(StrEnum):
    json = "json"
    table = "table"


def register(app: typer.Typer) -> None:
    app.command("extract")(extract_command)


@guarded
def extract_command(
    target: Annotated[Path, typer.Argument(help="A document (.txt, .md) or a directory of documents.")],
    fmt: Annotated[
        ExtractFormat, typer.Option("--format", "-f", help="json (the contract) or table.")
    ] = ExtractFormat.json,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file, not stdout.")] = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out-dir", help="Write one <document>.json per document here.")
    ] = None,
) -> None:
    """Extract legal references, relations, tasks, agencies, deadlines, budgets and targets."""
    paths = list(iter_document_paths(target))
    extractions = [extract(p) for p in progress(paths, "Extracting", total=len(paths))]
    if out_dir is not None:
        from plankg.fileio import atomic_write_text

        for extraction in extractions:
            name = Path(extraction.document.path).stem + ".json"
            atomic_write_text(out_dir / name, _json([extraction], single=True))
        return
    if fmt is ExtractFormat.json:
        emit(_json(extractions, single=target.is_file()), out)
    else:
        emit(_tables(extractions), out)


def _json(extractions: list[Extraction], *, single: bool) -> str:
    payload = [extraction_to_json(e) for e in extractions]
    return json.dumps(payload[0] if single else payload, ensure_ascii=False, indent=2)


def _tables(extractions: list[Extraction]) -> str:
    console = Console(record=True, width=140, file=io.StringIO())
    for extraction in extractions:
        doc = extraction.document
        console.print(
            Text(f"{doc.title or doc.id}", style="bold"),
            Text(
                f" {doc.number or '(no number)'}  {doc.province or ''}  {doc.date or ''}  ({doc.kind.value})"
            ),
        )
        console.print(
            f"  {len(extraction.references)} references, {len(extraction.relations)} relations, "
            f"{len(extraction.tasks)} tasks, {len(extraction.targets)} targets, "
            f"{len(extraction.agencies)} agencies, {len(extraction.warnings)} warnings"
        )
        if extraction.tasks:
            table = Table("#", "Task", "Lead", "Cooperating", "Deadline", "Refs", show_lines=False)
            for task in extraction.tasks:
                cells = (
                    task.number or "",
                    task.text[:70],
                    ", ".join(a.name for a in task.lead)[:40],
                    ", ".join(a.name for a in task.cooperating)[:40],
                    task.deadline.text[:25] if task.deadline else "",
                    ", ".join(task.references)[:30],
                )
                table.add_row(*(Text(cell) for cell in cells))  # Text: document text is never markup
            console.print(table)
        console.print()
    return console.export_text()
