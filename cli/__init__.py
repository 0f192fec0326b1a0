"""The `plankg` command: a thin command group over the library."""

from __future__ import annotations

from typing import Annotated

import typer

from plankg import __version__
from plankg.cli import (
    build_cmd,
    cypher_cmd,
    extract_cmd,
    impact_cmd,
    query_cmd,
    serve_cmd,
    synth_cmd,
    update_cmd,
    viz_cmd,
)

app = typer.Typer(
    name="plankg",
    help="Knowledge graph of Vietnamese administrative-reform plans, their tasks, agencies and legal bases.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"plankg {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """plankg: extract, build, query and explore reform-plan knowledge graphs."""


extract_cmd.register(app)
build_cmd.register(app)
update_cmd.register(app)
viz_cmd.register(app)
impact_cmd.register(app)
synth_cmd.register(app)
serve_cmd.register(app)
cypher_cmd.register(app)
query_cmd.register(app)


def main() -> None:
    app()
