"""Named SPARQL queries timed in a child process, each with a hard time limit (bench helper).

Neither Oxigraph nor rdflib can interrupt a query from Python (plankg's timeout is checked while
rows stream, so a GROUP BY that takes ten minutes to its first row runs ten minutes). A benchmark
over 10,000 documents must not hang on one query: each engine runs in a worker process that loads
its data once; a query over the limit kills the worker (a new one is started for the next query).

Engines: "oxigraph" (the build's store, opened read-only, `run_sparql_store`) and "rdflib" (an
in-memory `rdflib.Graph` parsed from an N-Triples file, `run_sparql_graph`).
"""

from __future__ import annotations

import multiprocessing as mp
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Timing:
    seconds: float | None  # median of the runs; None when it timed out or failed
    rows: int | None
    runs: int
    error: str | None = None  # "timeout" or the first line of the error
    load_seconds: float | None = None  # the worker's load of the data (first query only)


def _serve(conn: Any, engine: str, source: str) -> None:  # runs in the child
    started = time.perf_counter()
    if engine == "oxigraph":
        from plankg.graph.sparql import open_store, run_sparql_store

        data = open_store(Path(source))

        def run(text: str, params: dict[str, Any]) -> int:
            return len(run_sparql_store(data, text, params, timeout=None)[1])
    else:
        from rdflib import Graph

        from plankg.graph.sparql import run_sparql_graph

        data = Graph().parse(source, format="nt")

        def run(text: str, params: dict[str, Any]) -> int:
            return len(run_sparql_graph(data, text, params)[1])

    conn.send(("loaded", time.perf_counter() - started))
    while True:
        message = conn.recv()
        if message is None:
            return
        text, params = message
        try:
            began = time.perf_counter()
            rows = run(text, params)
            conn.send(("ok", time.perf_counter() - began, rows))
        except Exception as exc:  # reported in the benchmark row
            conn.send(("error", str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__))


class QueryRunner:
    """One engine over one data set; `time(text, params)` → Timing. Use as a context manager."""

    def __init__(self, engine: str, source: Path, *, timeout_s: float, load_timeout_s: float = 1800) -> None:
        self.engine = engine
        self.source = source
        self.timeout_s = timeout_s
        self.load_timeout_s = load_timeout_s
        self._context = mp.get_context("spawn")
        self._process: Any = None
        self._conn: Any = None
        self.load_seconds: float | None = None

    def _start(self) -> None:
        parent, child = self._context.Pipe()
        self._process = self._context.Process(
            target=_serve, args=(child, self.engine, str(self.source)), daemon=True
        )
        self._process.start()
        self._conn = parent
        if not parent.poll(self.load_timeout_s):
            self._kill()
            raise TimeoutError(
                f"{self.engine} worker did not load {self.source} in {self.load_timeout_s:g} s"
            )
        _status, seconds = parent.recv()
        self.load_seconds = seconds if self.load_seconds is None else self.load_seconds

    def _kill(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join()
        self._process = self._conn = None

    def _once(self, text: str, params: dict[str, Any]) -> tuple[str, float | None, int | None, str | None]:
        if self._process is None or not self._process.is_alive():
            self._start()
        self._conn.send((text, params))
        if not self._conn.poll(self.timeout_s):
            self._kill()
            return "timeout", None, None, f"timeout: over {self.timeout_s:g} s (stopped)"
        try:
            answer = self._conn.recv()
        except EOFError:
            self._kill()
            return "error", None, None, "the worker died"
        if answer[0] == "ok":
            return "ok", answer[1], answer[2], None
        return "error", None, None, answer[1]

    def time(
        self, text: str, params: dict[str, Any], *, repeat: int = 3, repeat_below_s: float = 2.0
    ) -> Timing:
        """Median of up to `repeat` runs (only the first when it takes `repeat_below_s` or more)."""
        times: list[float] = []
        rows = None
        for _ in range(repeat):
            status, seconds, count, error = self._once(text, params)
            if status != "ok" or seconds is None:
                return Timing(None, None, len(times) + 1, error, self.load_seconds)
            times.append(seconds)
            rows = count
            if seconds >= repeat_below_s:
                break
        return Timing(statistics.median(times), rows, len(times), None, self.load_seconds)

    def __enter__(self) -> QueryRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._process is not None and self._process.is_alive():
            try:
                self._conn.send(None)
                self._process.join(10)
            except (OSError, EOFError):
                pass
        self._kill()
