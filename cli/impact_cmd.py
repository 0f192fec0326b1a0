"""`plankg impact`, `plankg check-basis`, `plankg events add|list`, `plankg diff`."""

from __future__ import annotations

import shutil
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from plankg.cli.common import emit, guarded
from plankg.errors import InputError
from plankg.graph.exports import GRAPH_FILE, load_property_graph
from plankg.graph.property import PropertyGraph


class ImpactFormat(StrEnum):
    TABLE = "table"
    MD = "md"
    HTML = "html"
    JSON = "json"
    CSV = "csv"


class StaleFormat(StrEnum):
    TABLE = "table"
    MD = "md"
    JSON = "json"
    CSV = "csv"


class DiffFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


class EventsFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


class ChangeEvent(StrEnum):
    AMENDED = "amended"
    REPLACED = "replaced"
    REPEALED = "repealed"


WHAT_IF_PREFIX = "replaced-by:"

BuildOption = Annotated[
    Path, typer.Option("--build", "-b", help="Build folder written by `plankg build` (or its graph.json).")
]
EventsOption = Annotated[
    Path | None,
    typer.Option("--events", "-e", help="Events file (YAML or CSV) with changes the texts do not state."),
]
OutOption = Annotated[Path | None, typer.Option("--out", "-o", help="Write here instead of stdout.")]


def register(app: typer.Typer) -> None:
    app.command("impact")(impact_command)
    app.command("check-basis")(check_basis_command)
    events_app = typer.Typer(
        help="Record legal changes the loaded documents do not state (the events file).",
        no_args_is_help=True,
    )
    events_app.command("add")(events_add_command)
    events_app.command("list")(events_list_command)
    app.add_typer(events_app, name="events")
    app.command("diff")(diff_command)


def load_graph(build: Path, events: Path | None = None) -> PropertyGraph:
    """The build's property graph, with the events file's changes applied (in memory only)."""
    path = build if build.is_file() else build / GRAPH_FILE
    graph = load_property_graph(path)
    if events is not None:
        from plankg.graph.events import apply_events, load_events

        graph = apply_events(graph, load_events(events))
    return graph


def _width(out: Path | None) -> int | None:
    if out is None and sys.stdout.isatty():
        return shutil.get_terminal_size((160, 40)).columns
    return None


@guarded
def impact_command(
    document: Annotated[str, typer.Argument(help="The changed legal document, e.g. 107/2020/NĐ-CP.")],
    build: BuildOption = Path("build"),
    events: EventsOption = None,
    event: Annotated[
        ChangeEvent | None, typer.Option("--event", help="What happens to the document.")
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", help="Date of the change (YYYY-MM-DD): sorts active from historical."),
    ] = None,
    depth: Annotated[
        int, typer.Option("--depth", min=0, help="Document hops to follow (amends, guides…).")
    ] = 3,
    what_if: Annotated[
        str | None,
        typer.Option("--what-if", help="Hypothetical replacement, `replaced-by:ID2`; nothing is written."),
    ] = None,
    fmt: Annotated[ImpactFormat, typer.Option("--format", "-f", help="Output format.")] = ImpactFormat.TABLE,
    out: OutOption = None,
) -> None:
    """Which tasks, agencies, provinces and plans a change to DOCUMENT affects, and why (with quotes)."""
    from plankg.graph.impact import impact
    from plankg.graph.reports import render_impact

    successor = None
    if what_if is not None:
        if not what_if.strip().startswith(WHAT_IF_PREFIX):
            raise InputError(f"--what-if must be {WHAT_IF_PREFIX}ID, e.g. {WHAT_IF_PREFIX}29/2023/NĐ-CP")
        if event not in (None, ChangeEvent.REPLACED):
            raise InputError("--what-if replaced-by:… describes a replacement; drop --event or use replaced")
        successor = what_if.strip()[len(WHAT_IF_PREFIX) :]
    graph = load_graph(build, events)
    report = impact(
        graph,
        document,
        event=event.value if event else None,
        date=date,
        depth=depth,
        what_if=successor,
    )
    emit(render_impact(report, fmt.value, width=_width(out)), out)


@guarded
def check_basis_command(
    build: BuildOption = Path("build"),
    events: EventsOption = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Judge every task as of this date (default: its deadline).")
    ] = None,
    fmt: Annotated[StaleFormat, typer.Option("--format", "-f", help="Output format.")] = StaleFormat.TABLE,
    out: OutOption = None,
) -> None:
    """Tasks citing documents replaced, repealed or expired before the task's deadline (or --as-of)."""
    from plankg.graph.check_basis import check_basis
    from plankg.graph.reports import render_stale
    from plankg.graph.validity import to_date

    when = to_date(as_of, what="--as-of")
    items = check_basis(load_graph(build, events), when)
    emit(render_stale(items, fmt.value, as_of=as_of, width=_width(out)), out)


@guarded
def events_add_command(
    file: Annotated[
        Path, typer.Argument(help="Events file to append to (.yaml/.yml/.csv; created if missing).")
    ],
    subject: Annotated[
        str, typer.Option("--subject", "-s", help="The changing document, e.g. 29/2023/NĐ-CP.")
    ],
    predicate: Annotated[str, typer.Option("--predicate", "-p", help="replaces, amends, repeals, expires…")],
    object_: Annotated[
        str, typer.Option("--object", "-o", help="The changed document, e.g. 108/2014/NĐ-CP.")
    ],
    date: Annotated[str | None, typer.Option("--date", help="Date of the change, YYYY-MM-DD.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Free note.")] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Where the fact comes from (gazette, URL).")
    ] = None,
) -> None:
    """Validate one change and append it to FILE (the file is left untouched on any error)."""
    from plankg.graph.events import append_event, make_event

    event = make_event(subject, predicate, object_, date, note, source, where="new event")
    stored = append_event(file, event)
    when = f" on {stored.date.isoformat()}" if stored.date else ""
    typer.echo(
        f"Added to {file} (row {stored.row}): {stored.subject} {stored.predicate.value} {stored.object}{when}"
    )


@guarded
def events_list_command(
    file: Annotated[Path, typer.Argument(help="Events file (.yaml/.yml/.csv).")],
    fmt: Annotated[EventsFormat, typer.Option("--format", "-f", help="Output format.")] = EventsFormat.TABLE,
    out: OutOption = None,
) -> None:
    """Validate FILE and list its events."""
    from plankg.graph.events import load_events
    from plankg.graph.reports import render_events

    emit(render_events(load_events(file), fmt.value, width=_width(out)), out)


@guarded
def diff_command(
    build_a: Annotated[Path, typer.Argument(help="The earlier build folder (or its graph.json).")],
    build_b: Annotated[Path, typer.Argument(help="The later build folder (or its graph.json).")],
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format.")] = DiffFormat.TABLE,
    out: OutOption = None,
) -> None:
    """Tasks, references, agencies and edges added or removed between two builds."""
    from plankg.graph.diff import diff_builds
    from plankg.graph.reports import render_diff

    diff = diff_builds(load_graph(build_a), load_graph(build_b))
    emit(render_diff(diff, fmt.value, names=(str(build_a), str(build_b)), width=_width(out)), out)
