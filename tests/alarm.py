"""`deadline(seconds)`: fail a test instead of letting catastrophic backtracking hang the suite."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Raise TimeoutError after `seconds` (SIGALRM): slow paths take minutes or hours, not seconds.

    Not a timing assertion: the bound is an order of magnitude above the expected time.
    """

    def _raise(signum: int, frame: object) -> None:
        raise TimeoutError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
