"""Build TARGET into OUT with `plankg.graph.build.build` and print the report as one JSON line.

    python bench/build_once.py TARGET OUT [--jobs J] [--validate MODE] [--no-text-exports]

Run by bench/run_all.py in a child process, so the build's peak memory is measured on its own
process tree. Options the installed `build` does not take are left out (and listed in the output
under "ignored"): the same script measures the in-memory and the streaming build.
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--validate", default=None)
    parser.add_argument("--no-text-exports", action="store_true")
    args = parser.parse_args(argv)

    from plankg.graph.build import build

    wanted = {"jobs": args.jobs, "validate": args.validate}
    if args.no_text_exports:
        wanted["text_exports"] = False
    accepted = inspect.signature(build).parameters
    kwargs = {k: v for k, v in wanted.items() if v is not None and k in accepted}
    ignored = sorted(k for k, v in wanted.items() if v is not None and k not in accepted)
    started = time.perf_counter()
    report = build(args.target, args.out, **kwargs)
    wall = time.perf_counter() - started
    summary = {
        "wall": wall,
        "seconds": report.seconds,
        "documents": len(report.documents),
        "nodes": sum(report.nodes_by_label.values()),
        "edges": sum(report.edges_by_type.values()),
        "tasks": report.nodes_by_label.get("Task", 0),
        "triples": report.triples,
        "shacl_conforms": report.shacl_conforms,
        "options": kwargs,
        "ignored": ignored,
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
