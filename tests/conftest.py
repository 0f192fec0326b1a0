"""Shared fixtures: the demo corpus shipped with the project."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings
from paths import CORPUS

# CI runs the same examples every time (a red build must be reproducible); explore new ones with
# `python -m pytest --hypothesis-profile=explore`. Failures found that way become @example cases.
settings.register_profile("default", derandomize=True, deadline=None)
settings.register_profile("explore", max_examples=1000, deadline=None)
settings.load_profile("default")


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS
