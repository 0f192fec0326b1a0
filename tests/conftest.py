"""Shared fixtures: the demo corpus shipped with the project."""

from __future__ import annotations

from pathlib import Path

import pytest
from paths import CORPUS


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS
