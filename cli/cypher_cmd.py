"""`plankg push`, `plankg cypher` and `plankg server start|stop|status`."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from plankg.cli.common import emit, err_console, guarded
from plankg.csvsafe import cell_text, to_csv
from plankg.errors import InputError, QueryError
from plankg.graph import cypher
from plankg.graph import falkordb_server as server
from plankg.graph.exports import GRAPH_FILE, load_property_graph

console = Console()
FORMATS = ("table", "json", "csv")
# `-p NAME VALUE` takes two values, which typer cannot declare: the pairs arrive as extra arguments.
PARAM_CONTEXT = {"allow_extra_args": True, "ignore_unknown_options": True}

server_app = typer.Typer(
    help="The embedded FalkorDB of a build folder (data in BUILD/falkordb/).",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def register(app: typer.Typer) -> None:
    app.command("push")(push_command)
    app.command("cypher", context_settings=PARAM_CONTEXT)(cypher_command)
    app.add_typer(server_app, name="server")


BuildArg = Annotated[Path, typer.Argument(help="A build folder written by `plankg build`.")]
ToOption = Annotated[
    str | None,
    typer.Option(
        "--to",
        help="falkordb://HOST:PORT, bolt://HOST:PORT, neo4j://HOST, neo4j+s://HOST (Aura). Default: the "
        "embedded FalkorDB of the build folder. Neo4j credentials come from PLANKG_NEO4J_USER and "
        "PLANKG_NEO4J_PASSWORD, or a prompt.",
    ),
]
GraphOption = Annotated[
    str | None, typer.Option("--graph", help="FalkorDB graph key (default plankg) or Neo4j database name.")
]


@guarded
def push_command(
    build: BuildArg,
    to: ToOption = None,
    graph: GraphOption = None,
    batch_size: Annotated[
        int | None, typer.Option("--batch-size", min=1, help="Rows per transaction (default 2000 / 1000).")
    ] = None,
    max_message_bytes: Annotated[
        int | None,
        typer.Option("--max-message-bytes", min=256, help="Cap on each message's estimated size in bytes."),
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Delete plankg's nodes in the target before pushing.")
    ] = False,
) -> None:
    """Load a build's property graph into FalkorDB or Neo4j (MERGE: pushing twice changes nothing)."""
    property_graph = load_property_graph(build / GRAPH_FILE)
    stamp = cypher.graph_stamp(build)
    with open_engine(to, graph, build, load=False) as engine:
        if replace:
            engine.delete_graph()
        with _progress_bar("Pushing") as advance:
            report = cypher.push(
                property_graph,
                engine,
                batch_size,
                max_message_bytes=max_message_bytes,
                progress=advance,
            )
        if to is None and replace:  # the embedded graph is now exactly graph.json: no reload needed
            engine.set_stamp(stamp)
    console.print(
        f"Pushed {report.node_rows} nodes and {report.edge_rows} edges to {report.target} in "
        f"{report.seconds:.2f} s ({report.rows_per_s:,.0f} rows/s, {report.batches} batches); "
        f"the store now holds {report.nodes} nodes and {report.edges} edges"
    )
    if report.skipped_edges:
        err_console.print(f"{report.skipped_edges} edges skipped: an end is not a node of the graph")


@guarded
def cypher_command(
    ctx: typer.Context,
    query: Annotated[
        str, typer.Argument(help="Cypher text, a named query (e.g. agency-load), or - to read stdin.")
    ],
    to: ToOption = None,
    build: Annotated[
        Path, typer.Option("--build", help="Build folder whose embedded FalkorDB to ask (without --to).")
    ] = Path("build"),
    graph: GraphOption = None,
    output_format: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")] = "table",
    limit: Annotated[int | None, typer.Option("--limit", min=0, help="At most this many rows.")] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.001, help="Seconds before the query is abandoned.")
    ] = cypher.DEFAULT_TIMEOUT_S,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write here instead of stdout.")] = None,
) -> None:
    """Run one read-only Cypher query (write clauses are refused).

    Parameters follow the query as -p NAME VALUE (repeatable, also --param); they are bound by
    the engine, never pasted into the text.
    """
    if output_format not in FORMATS:
        raise InputError(f"--format must be one of {', '.join(FORMATS)}")
    given = _parse_params(ctx.args)
    text, params = _resolve_query(query, given)
    with open_engine(to, graph, build) as engine:
        columns, rows = cypher.run_read(engine, text, params, timeout, None if limit is None else limit + 1)
    truncated = limit is not None and len(rows) > limit
    rows = rows[:limit] if limit is not None else rows
    emit(_render(columns, rows, output_format), out)
    if truncated:
        err_console.print(f"(first {limit} rows)")


@server_app.command("start")
@guarded
def server_start(
    build: BuildArg,
    bolt: Annotated[
        bool, typer.Option("--bolt", help="Also open FalkorDB's experimental Bolt port.")
    ] = False,
    port: Annotated[
        int | None, typer.Option("--port", help="Redis-protocol port (default: a free one).")
    ] = None,
) -> None:
    """Start the build's embedded FalkorDB, or report the one already running."""
    _check_build(build)
    info = server.start(server.data_dir_for(build), port=port, bolt=bolt)
    console.print(_describe(info))


@server_app.command("stop")
@guarded
def server_stop(build: BuildArg) -> None:
    """Stop the build's embedded FalkorDB (its data is saved)."""
    info = server.stop(server.data_dir_for(build))
    console.print(f"Stopped FalkorDB (pid {info.pid})" if info else "FalkorDB is not running")


@server_app.command("status")
@guarded
def server_status(build: BuildArg) -> None:
    """Say whether the build's embedded FalkorDB runs, and where."""
    info = server.status(server.data_dir_for(build))
    console.print(_describe(info) if info else "FalkorDB is not running")


def _describe(info: server.ServerInfo) -> str:
    bolt = f", Bolt {info.bolt_url}" if info.bolt_url else ""
    return f"FalkorDB running: pid {info.pid}, {info.url}{bolt}, data {info.data_dir}"


def _check_build(build: Path) -> None:
    if not (build / GRAPH_FILE).is_file():
        raise InputError(f"{build} is not a build folder (no {GRAPH_FILE}): run plankg build first")


@contextmanager
def open_engine(to: str | None, graph: str | None, build: Path, *, load: bool = True) -> Iterator[Any]:
    """The engine at `to`, or the build's embedded FalkorDB (started if needed): loaded with the
    build's current graph.json when `load` (queries), as it is otherwise (`plankg push`)."""
    if to is not None:
        engine = cypher.connect(to, graph=graph, auth=_auth(to))
    elif load:
        with _progress_bar("Loading the graph into FalkorDB") as advance:
            engine, loaded = cypher.embedded(build, graph, progress=advance)
        if loaded is not None:
            err_console.print(
                f"Loaded {build / GRAPH_FILE} into the embedded FalkorDB ({loaded.nodes} nodes, "
                f"{loaded.edges} edges, {loaded.seconds:.1f} s)",
                highlight=False,
            )
    else:
        _check_build(build)
        engine = cypher.FalkorEngine.connect(server.start(server.data_dir_for(build)).url, graph)
    try:
        yield engine
    finally:
        engine.close()


def _auth(to: str) -> tuple[str, str] | None:
    """Bolt credentials from the environment, else a prompt on a terminal; never from arguments."""
    if not to.startswith(("bolt", "neo4j")):
        return None
    auth = cypher.auth_from_env()
    if auth is None and sys.stdin.isatty():
        user = typer.prompt("Neo4j user", default="neo4j", err=True)
        password = typer.prompt("Neo4j password", hide_input=True, err=True)
        auth = (user, password)
    return auth


def _parse_params(args: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    rest = list(args)
    while rest:
        if rest[0] not in ("-p", "--param") or len(rest) < 3:
            raise InputError(
                f"unexpected {' '.join(rest)!r}: give parameters as -p NAME VALUE after the query"
            )
        _, name, value, *rest = rest
        params[name] = value
    return params


def _resolve_query(query: str, given: dict[str, str]) -> tuple[str, dict[str, Any]]:
    if query == "-":
        return sys.stdin.read(), given
    if query.strip() and not any(c.isspace() for c in query.strip()):
        named = cypher.named_queries().get(query.strip())
        if named is not None:
            return named.text, named.bind(given)
        if "(" not in query and not query.upper().startswith(("RETURN", "CALL", "MATCH")):
            raise QueryError(f"no named query {query!r}; known: {', '.join(cypher.named_queries())}")
    return query, given


@contextmanager
def _progress_bar(description: str) -> Any:
    if not err_console.is_terminal:
        yield None
        return
    from rich.progress import Progress

    with Progress(console=err_console, transient=True) as bar:
        task = bar.add_task(description, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


def _render(columns: list[str], rows: list[list[Any]], output_format: str) -> str:
    if output_format == "json":
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        return json.dumps(records, ensure_ascii=False, indent=2)
    if output_format == "csv":
        return to_csv(columns, rows)
    table = Table(*columns, show_lines=False)
    for row in rows:
        table.add_row(*(Text(cell_text(v)) for v in row))
    capture = Console(width=max(console.width, 120), record=True, file=io.StringIO())
    capture.print(table)
    capture.print(f"{len(rows)} rows")
    return capture.export_text()
