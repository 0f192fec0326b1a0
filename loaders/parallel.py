"""Extraction of many documents in worker processes, in input order, with bounded memory.

`extract_many(paths, jobs=J)` keeps at most `WINDOW_PER_JOB * J` documents in flight (submitted but
not yet handed to the caller), so a build of 10,000 documents holds a few dozen extractions at a
time, whatever the speed of the consumer. Results come back in the order of `paths`; an error in a
document is re-raised in the caller exactly as `extract(path)` raises it (the same exception class and
message: exceptions are pickled back from the worker), and the pending work is cancelled.

Workers are forked when the caller runs a single thread (fast, and scripts need no `__main__`
guard); a threaded caller (a progress bar's refresh thread, the web app) gets `forkserver` workers
instead, since forking a process whose other threads may hold locks is unsafe. `jobs=1` extracts in
the calling process, with no pool at all.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from plankg.errors import InputError
from plankg.loaders.extract import extract
from plankg.models import Extraction

WINDOW_PER_JOB = 4  # documents in flight per worker: enough to hide pickling, small enough for memory


def default_jobs() -> int:
    """Worker processes when none are asked for: one per CPU this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def extract_many(paths: Iterable[Path], *, jobs: int | None = None) -> Iterator[Extraction]:
    """Extract every path in `jobs` worker processes (None: one per CPU; 1: in this process),
    yielding the extractions in input order with at most `WINDOW_PER_JOB * jobs` in flight."""
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise InputError(f"--jobs must be at least 1 (got {jobs})")
    if jobs == 1:
        for path in paths:
            yield extract(path)
        return
    yield from _in_pool(iter(paths), jobs)


def _in_pool(paths: Iterator[Path], jobs: int) -> Iterator[Extraction]:
    window = WINDOW_PER_JOB * jobs
    pending: deque[Future[Extraction]] = deque()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context()) as pool:
        try:
            for path in paths:
                pending.append(pool.submit(extract, path))
                if len(pending) >= window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:  # an error, or a caller that stopped early: drop what is still queued
            for future in pending:
                future.cancel()


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
