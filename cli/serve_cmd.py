"""`plankg serve BUILD`: the web app for legal staff (FastAPI + uvicorn)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from plankg.cli.common import err_console, guarded
from plankg.errors import InputError


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)


@guarded
def serve_command(
    build: Annotated[Path, typer.Argument(help="A build folder written by `plankg build`.")] = Path("build"),
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (loopback by default; 0.0.0.0 exposes it).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8000,
) -> None:
    """Serve the web app: search, documents, impact, agencies, graph, queries, /sparql, upload."""
    from plankg.graph.exports import GRAPH_FILE

    if not (build / GRAPH_FILE).is_file():
        raise InputError(f"{build} is not a build folder (no {GRAPH_FILE}): run plankg build first")
    import uvicorn

    from plankg.web.app import create_app

    app = create_app(build)
    err_console.print(f"plankg web app on http://{host}:{port}/ (build {build}); Ctrl-C to stop")
    try:
        uvicorn.run(app, host=host, port=port, log_level="info", access_log=False, server_header=False)
    except OSError as exc:  # the port is taken, or the address cannot be bound
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
