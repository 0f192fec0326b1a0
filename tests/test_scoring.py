"""Acceptance: numbered-reference F1 ≥ 0.98 per sample document, scored on the JSON contract.

Runs the shared scorer on exactly what `plankg extract --format json` writes, so the
contract-level id choices (e.g. name-only laws) are scored as an outside tool sees them.
"""

from __future__ import annotations

import importlib.util
import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from paths import ALL_DOCUMENTS, SHARED

from plankg.loaders.export import extraction_to_json
from plankg.loaders.extract import extract

SCORER = SHARED / "tools" / "score_refs.py"
GOLD = SHARED / "gold" / "seeds"


def _scorer():
    spec = importlib.util.spec_from_file_location("score_refs", SCORER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/tools/score_refs.py is not present")
@pytest.mark.parametrize("document", ALL_DOCUMENTS, ids=lambda p: p.stem)
def test_numbered_reference_f1(document: Path, tmp_path: Path) -> None:
    output = tmp_path / f"{document.stem}.json"
    output.write_text(json.dumps(extraction_to_json(extract(document)), ensure_ascii=False), encoding="utf-8")
    with redirect_stdout(io.StringIO()) as printed:
        _precision, _recall, f1 = _scorer().main(str(GOLD / f"{document.stem}.json"), str(output))
    assert f1 >= 0.98, printed.getvalue()
