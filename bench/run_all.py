"""Every figure of issue #7 in one run, each with its target and a baseline measured in the same run.

    python bench/run_all.py [--quick] [--docs N] [--jobs J] [--out FILE.md] [--keep DIR]

Writes a synthetic corpus (`plankg synth`, N documents + 1 held back), builds it
(`plankg.graph.build.build`, in a child process so its peak memory is its own) and measures, through
the library: full build time and peak RSS (baseline: serial extraction alone), reference F1 on the
synthetic truth (baseline: a bare regex scan), impact of the most-cited decree on the networkx index
(baseline: no prebuilt index), every named SPARQL query on Oxigraph (baseline: plain rdflib in
memory, on a bounded sample when the graph is too big for it), push into an embedded FalkorDB over
its client (baseline: Bolt with small messages), a ~10,000-node graph page in headless Chromium
(baseline: pyvis's default physics) and the incremental add of one document (baseline: the full
rebuild). Prints one table; `--out` writes it with the machine's details as markdown.

Ratio = how many times better than the baseline. Verdicts in parentheses were measured below the
target's scale (10,000 documents); "proj." = projected linearly to it. Exit code 1 if a figure
failed to run (its row shows the error); missed targets do not change the exit code.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

import figures
import machine
from figures import Context, Row

QUICK_DOCS = 250
FULL_DOCS = 10_000


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_DOCS} documents, shorter limits")
    parser.add_argument("--docs", type=int, help=f"documents to synthesize (default {FULL_DOCS:,})")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, help="extraction processes for the build (default: the build's)")
    parser.add_argument("--validate", help="SHACL mode passed to build() if it takes one: full|sample|none")
    parser.add_argument("--no-text-exports", action="store_true", help="build(text_exports=False) if taken")
    parser.add_argument("--out", type=Path, help="also write the table and machine details as markdown")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (corpus, builds, pages)")
    parser.add_argument("--query-timeout", type=float, help="seconds per SPARQL query (default 60, quick 30)")
    parser.add_argument(
        "--viz-timeout", type=float, help="seconds for a page to settle (default 120, quick 60)"
    )
    parser.add_argument("--viz-nodes", type=int, default=10_000, help="nodes on the graph page")
    parser.add_argument(
        "--rdflib-triples", type=int, default=60_000, help="largest graph given to rdflib (else a sample)"
    )
    parser.add_argument("--bolt-rows", type=int, default=20_000, help="rows pushed over Bolt (a sample)")
    names = ", ".join(name for name, _ in figures.FIGURES[2:])
    parser.add_argument("--only", help=f"comma-separated figures to run after corpus and build: {names}")
    args = parser.parse_args(argv)
    if args.docs is None:
        args.docs = QUICK_DOCS if args.quick else FULL_DOCS
    if args.docs < 1:
        parser.error("--docs must be at least 1")
    args.query_timeout = args.query_timeout or (30.0 if args.quick else 60.0)
    args.viz_timeout = args.viz_timeout or (60.0 if args.quick else 120.0)
    return args


def run(args: argparse.Namespace, work: Path) -> list[Row]:
    ctx = Context(
        docs=args.docs,
        seed=args.seed,
        jobs=args.jobs,
        validate=args.validate,
        text_exports=not args.no_text_exports,
        quick=args.quick,
        work=work,
        query_timeout=args.query_timeout,
        viz_timeout=args.viz_timeout,
        viz_nodes=args.viz_nodes,
        rdflib_triples=args.rdflib_triples,
        bolt_rows=args.bolt_rows,
    )
    wanted = {name.strip() for name in args.only.split(",")} if args.only else None
    rows: list[Row] = []
    for name, measure in figures.FIGURES:
        if wanted is not None and name not in wanted and name not in ("synthetic corpus", "full build"):
            continue
        started = time.perf_counter()
        print(f"… {name}", file=sys.stderr, flush=True)
        try:
            got = measure(ctx)
        except Exception as exc:  # one failing figure must not stop the others
            detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
            got = [Row(name, None, "", verdict="error", note=detail[:300])]
        print(f"  done in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
        rows += got
    return rows


COLUMNS = ("figure", "value", "unit", "target", "result", "baseline (same run)", "× baseline", "notes")


def cells(row: Row) -> list[str]:
    return [
        row.figure,
        "error"
        if row.error
        else f"{row.value:.4f}"
        if row.unit == "F1" and row.value is not None
        else format_number(row.value),
        row.unit,
        row.target,
        row.verdict,
        row.baseline,
        row.ratio if isinstance(row.ratio, str) else format_number(row.ratio, suffix="×"),
        row.note,
    ]


def format_number(value: float | None, suffix: str = "") -> str:
    if value is None:
        return "—"
    if float(value).is_integer() and abs(value) < 1e15 and not suffix:
        return f"{value:,.0f}"
    if abs(value) >= 100:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    elif abs(value) >= 1:
        text = f"{value:.2f}"
    else:
        text = f"{value:.3g}"
    return text + suffix


def print_table(rows: list[Row]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="plankg benchmarks (issue #7)", show_lines=False)
    for column in COLUMNS:
        table.add_column(column, overflow="fold", max_width=60 if column == "notes" else None)
    for row in rows:
        style = "red" if row.error or "FAIL" in row.verdict else None
        table.add_row(*cells(row), style=style)
    Console(width=max(Console().width, 220)).print(table)


def markdown(rows: list[Row], details: dict[str, object], command: str, seconds: float) -> str:
    def escape(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = [
        f"Command: `{command}` ({seconds / 60:.1f} min)",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "|".join("---" for _ in COLUMNS) + "|",
    ]
    lines += ["| " + " | ".join(escape(cell) for cell in cells(row)) + " |" for row in rows]
    lines += ["", "Machine:", ""]
    lines += [f"- {key}: {value}" for key, value in details.items()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    details = machine.machine_details()
    command = "python bench/run_all.py " + " ".join(sys.argv[1:] if argv is None else argv)
    started = time.perf_counter()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        work = args.keep
        rows = run(args, work)
    else:
        work = Path(tempfile.mkdtemp(prefix="plankg-bench-"))
        try:
            rows = run(args, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    seconds = time.perf_counter() - started
    details["load average after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print_table(rows)
    if args.out:
        from plankg.fileio import atomic_write_text

        atomic_write_text(args.out, markdown(rows, details, command.strip(), seconds))
        print(f"wrote {args.out}", file=sys.stderr)
    errors = [row.figure for row in rows if row.error]
    if errors:
        print(f"Error: {len(errors)} figure(s) failed to run: {', '.join(errors)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
