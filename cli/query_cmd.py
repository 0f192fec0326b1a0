"""`plankg query`, `plankg sparql` and `plankg validate`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from plankg.cli.common import emit, guarded
from plankg.csvsafe import cell_text, neutralise, to_csv
from plankg.errors import InputError, QueryError

console = Console()

FORMATS = ("table", "json", "csv")
ENGINE_NAMES = ("sparql", "cypher")

# `-p NAME VALUE` (repeatable) is read from the extra arguments: Typer has no list-of-pairs option.
PARAM_CONTEXT = {"allow_extra_args": True, "ignore_unknown_options": True}
BuildOption = Annotated[Path, typer.Option("--build", "-b", help="The build folder to query.")]
FormatOption = Annotated[str, typer.Option("--format", "-F", help="table, json or csv.")]
LimitOption = Annotated[int | None, typer.Option("--limit", "-n", help="At most N rows.", min=0)]
EndpointOption = Annotated[
    str | None,
    typer.Option(
        "--endpoint",
        help="Query a SPARQL 1.1 endpoint (http://…/query) instead of the build's store; "
        "with --engine cypher, a falkordb:// or bolt:// address instead of the build's embedded FalkorDB.",
    ),
]
TimeoutOption = Annotated[
    float | None, typer.Option("--timeout", help="Seconds before giving up.", min=0.001)
]
OutOption = Annotated[Path | None, typer.Option("--out", "-o", help="Write the result to a file.")]


def register(app: typer.Typer) -> None:
    app.command("query", context_settings=PARAM_CONTEXT)(query_command)
    app.command("sparql", context_settings=PARAM_CONTEXT)(sparql_command)
    app.command("validate")(validate_command)


@guarded
def query_command(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="The named query (see --list).")] = None,
    build: BuildOption = Path("build"),
    engine: Annotated[str, typer.Option("--engine", "-e", help="sparql (default) or cypher.")] = "sparql",
    fmt: FormatOption = "table",
    limit: LimitOption = None,
    endpoint: EndpointOption = None,
    timeout: TimeoutOption = None,
    out: OutOption = None,
    list_: Annotated[bool, typer.Option("--list", "-l", help="List the named queries and exit.")] = False,
) -> None:
    """Run a named query (queries/NAME.rq, or NAME.cypher with --engine cypher).

    Parameters: -p NAME VALUE (repeatable), e.g. plankg query agency-load -p province "Thanh Hóa".
    """
    from plankg.queries import list_queries, run_query

    if list_:
        emit(_query_list(list_queries()), out)
        return
    if not name:
        raise QueryError("give a query name, or --list to see them")
    _check_choice("--engine", engine, ENGINE_NAMES)
    _check_choice("--format", fmt, FORMATS)
    if not endpoint:
        _check_build(build)
    params = _params(ctx.args)
    if engine == "cypher":
        columns, rows = _run_cypher(name, params, build, endpoint, limit, timeout)
    else:
        columns, rows = run_query(
            name, params, build=build, engine=engine, limit=limit, timeout=timeout, endpoint=endpoint
        )
    _output(columns, rows, fmt, out, title=name)


def _run_cypher(
    name: str,
    params: dict[str, str],
    build: Path,
    endpoint: str | None,
    limit: int | None,
    timeout: float | None,
) -> tuple[list[str], list[list[Any]]]:
    """NAME.cypher at `endpoint`, or on the build's embedded FalkorDB (started and loaded if needed)."""
    from plankg.cli.cypher_cmd import open_engine
    from plankg.graph.cypher import DEFAULT_TIMEOUT_S, run_read
    from plankg.queries import get_query

    query = get_query(name, "cypher")
    bound = query.bind(params)
    seconds = DEFAULT_TIMEOUT_S if timeout is None else timeout
    with open_engine(endpoint, None, build) as connection:
        return run_read(connection, query.text, bound, seconds, limit)


@guarded
def sparql_command(
    ctx: typer.Context,
    query: Annotated[str | None, typer.Argument(help="The SPARQL query text ('-' reads stdin).")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Read the query from a file.")] = None,
    build: BuildOption = Path("build"),
    endpoint: EndpointOption = None,
    fmt: FormatOption = "table",
    limit: LimitOption = None,
    timeout: TimeoutOption = None,
    out: OutOption = None,
) -> None:
    """Run a read-only SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE); parameters are bound, never
    pasted into the text: -p x VALUE binds ?x, which the SELECT clause must list."""
    from plankg.graph.sparql import DEFAULT_TIMEOUT_S, run_sparql

    _check_choice("--format", fmt, FORMATS)
    args = list(ctx.args)
    if query in ("-p", "--param"):  # `-f q.rq -p NAME VALUE`: the parser took -p for the query
        args.insert(0, query)
        query = None
    text = _query_text(query, file)
    if not endpoint:
        _check_build(build)
    columns, rows = run_sparql(
        build,
        text,
        _params(args),
        limit=limit,
        timeout=DEFAULT_TIMEOUT_S if timeout is None else timeout,
        endpoint=endpoint,
    )
    _output(columns, rows, fmt, out, title=None)


@guarded
def validate_command(
    build: Annotated[Path, typer.Argument(help="The build folder to validate.")] = Path("build"),
    warnings: Annotated[bool, typer.Option("--warnings", "-w", help="Also list warnings.")] = False,
) -> None:
    """SHACL-validate a build's graph against the plankg shapes; exit 1 when there are violations."""
    from rdflib import Graph

    from plankg.graph.rdf import NT_FILE, validate_graph

    path = build / NT_FILE
    if not path.is_file():
        raise InputError(f"no graph in {build} (expected {path}); run `plankg build` first")
    validation = validate_graph(Graph().parse(path, format="nt"))
    shown = [r for r in validation.results if warnings or r.severity == "Violation"]
    if shown:
        table = Table(title="SHACL results")
        for header in ("Severity", "Focus node", "Path", "Message"):
            table.add_column(header)
        for result in shown:
            message = result.message + (f" (value: {result.value})" if result.value else "")
            table.add_row(Text(result.severity), Text(result.focus), Text(result.path), Text(message))
        console.print(table)
    verdict = "conforms" if validation.conforms else f"{validation.violations} violations"
    console.print(Text(f"{build}: {verdict}, {validation.warnings} warnings"))
    if not validation.conforms:
        raise typer.Exit(1)


# ---------------------------------------------------------------------------------------- helpers


def _check_choice(option: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise QueryError(f"{option} must be one of {', '.join(choices)}, not {value!r}")


def _check_build(build: Path) -> None:
    if not build.is_dir():
        raise InputError(f"no build folder {build}; run `plankg build DIR --out {build}` or give --build")


def _params(args: list[str]) -> dict[str, str]:
    """`-p NAME VALUE` pairs from the extra arguments."""
    result: dict[str, str] = {}
    rest = list(args)
    while rest:
        if rest[0] not in ("-p", "--param") or len(rest) < 3:
            raise QueryError(f"unexpected {' '.join(rest)!r}: give parameters as -p NAME VALUE")
        _, name, value, *rest = rest
        if name in result:
            raise QueryError(f"parameter {name} given twice")
        result[name] = value
    return result


def _query_text(query: str | None, file: Path | None) -> str:
    import sys

    if (query is None) == (file is None):
        raise QueryError("give the query text or -f FILE (one of them)")
    if file is not None:
        try:
            return file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read {file}: {exc}") from exc
    assert query is not None
    return sys.stdin.read() if query == "-" else query


def _query_list(queries: list[Any]) -> str:
    from plankg.queries import engines_of

    lines = []
    for query in queries:
        params = " ".join(f"[{p.name}]" if p.optional else p.name for p in query.params)
        engines = "+".join(engines_of(query.name))
        lines.append(f"{query.name}  {params}  ({engines})".replace("    ", "  "))
        lines.append(f"    {query.description}")
        if query.example:
            lines.append(f"    e.g. {query.example}")
    return "\n".join(lines)


def _output(
    columns: list[str], rows: list[list[Any]], fmt: str, out: Path | None, *, title: str | None
) -> None:
    if fmt == "json":
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        emit(json.dumps(records, ensure_ascii=False, indent=2), out)
    elif fmt == "csv":
        emit(to_csv(columns, rows), out)
    elif out is not None:
        lines = ["\t".join(neutralise(v) for v in row) for row in [columns, *rows]]  # TSV: a spreadsheet too
        emit("\n".join(lines), out)
    else:
        table = Table(title=Text(title) if title else None)
        for column in columns:
            table.add_column(Text(column))
        for row in rows:
            table.add_row(*[Text(cell_text(v)) for v in row])
        console.print(table)
        console.print(Text(f"{len(rows)} rows"))
