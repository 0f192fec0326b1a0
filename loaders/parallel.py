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
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import TypeVar

from plankg.errors import InputError
from plankg.loaders.extract import extract
from plankg.models import Extraction

T = TypeVar("T")
R = TypeVar("R")
WINDOW_PER_JOB = 4  # documents in flight per worker: enough to hide pickling, small enough for memory


def default_jobs() -> int:
    """Worker processes when none are asked for: one per CPU this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def extract_many(paths: Iterable[Path], *, jobs: int | None = None) -> Iterator[Extraction]:
    """Extract every path in `jobs` worker processes (None: one per CPU; 1: in this process),
    yielding the extractions in input order with at most `WINDOW_PER_JOB * jobs` in flight.
    No more workers are started than there are paths, when `paths` is a sized collection."""
    return map_in_order(extract, paths, jobs=jobs)


def map_in_order(function: Callable[[T], R], items: Iterable[T], *, jobs: int | None = None) -> Iterator[R]:
    """`map(function, items)` in worker processes, in input order, a bounded number in flight (see
    `extract_many`). `function` must be picklable: a module-level function, or a partial of one."""
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise InputError(f"--jobs must be at least 1 (got {jobs})")
    if isinstance(items, Collection):
        jobs = max(1, min(jobs, len(items)))
    return _in_process(function, items) if jobs == 1 else _in_pool(function, iter(items), jobs)


def _in_process(function: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
    for item in items:
        yield function(item)


def _in_pool(function: Callable[[T], R], items: Iterator[T], jobs: int) -> Iterator[R]:
    window = WINDOW_PER_JOB * jobs
    pending: deque[Future[R]] = deque()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context()) as pool:
        try:
            for item in items:
                pending.append(pool.submit(function, item))
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
