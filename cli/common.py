"""Shared pieces of the CLI: error handling, output, progress."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import ParamSpec, TypeVar

import typer
from rich.console import Console

from plankg.errors import PlankgError
from plankg.fileio import atomic_write_text

P = ParamSpec("P")
R = TypeVar("R")

err_console = Console(stderr=True)


def guarded(command: Callable[P, R]) -> Callable[P, R]:
    """Turn expected failures into one `Error: …` line on stderr and exit code 1."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except PlankgError as exc:
            typer.echo(f"Error: {exc}", err=True)
            raise typer.Exit(1) from None

    return wrapper


def emit(text: str, out: Path | None) -> None:
    """Print to stdout, or write atomically to `out`."""
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        atomic_write_text(out, text if text.endswith("\n") else text + "\n")


def progress(items: Iterable[R], description: str, total: int | None = None) -> Iterator[R]:
    """A progress bar on an interactive stderr; silent otherwise."""
    if not err_console.is_terminal:
        yield from items
        return
    from rich.progress import track

    yield from track(items, description=description, total=total, console=err_console, transient=True)
