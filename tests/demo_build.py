"""The demo corpus built once per test process (shared by test_rdf.py and test_queries.py)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from paths import CORPUS

from plankg.graph.build import BuildReport, build


@cache
def demo_build() -> tuple[Path, BuildReport]:
    """(build folder, report) of `plankg build corpus`; removed when the process ends."""
    root = Path(tempfile.mkdtemp(prefix="plankg-demo-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    out = root / "build"
    return out, build(CORPUS, out)
