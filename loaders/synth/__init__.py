"""Synthetic reform-plan corpus with ground truth, to measure extraction accuracy at scale (issue #7).

`synthesize(n_docs, seed, out)` writes fictional plan documents in the four layouts plankg reads —

* ``tab``: a decision promulgating a plan, with tab-separated appendix tables («Phụ lục số 0k»), header
  rows repeated after page breaks, rows split across a page break (empty first cell, the task text going
  on in lower case), a junk empty header column, HTML fragments (``<ul style=…>``, ``<br>``) in cells;
* ``hier``: one hierarchical table (content group → task → product rows, each with its own lead,
  cooperating agencies, deadline and «Kinh phí dự kiến (triệu đồng)»), closed by a «Tổng cộng» row;
* ``pipe``: the one-cell-per-line ``|`` layout of legal portals, ``**bold**``, lines hard-wrapped at ~80
  columns;
* ``prose``: bullets under the seven reform-area headings, agencies from «Tổ chức thực hiện»
  (sometimes hard-wrapped without blank lines, as OCR output is);

and next to each ``NAME.txt`` a ``NAME.truth.json`` in the shape of the extract JSON contract
(../shared/contract/EXTRACT_JSON.md): ``references`` with ids as ``extraction_to_json`` prints them
(numbered ids canonical, a law cited by name with its name as ``id``, ``kind: "named"`` and its number in
``resolved_id``), ``relations`` stated in the text, ``tasks`` and ``agencies``. ``MANIFEST.json`` lists
the seed, the counts and the layout of every document.

Everything is fictional. Numbers of decrees, decisions and Party documents are drawn at random (decrees
400–989, clear of the real numbering of most years) and every truth file says ``"synthetic": true``.
Laws are cited by their names and dates from ``data/laws.tsv``; agencies and provinces come from
``data/agencies.tsv`` and ``data/provinces.tsv`` with their 2025 mergers and renamings.

OCR noise (``ocr_noise`` = p): each word of running text (prose paragraphs, task and product cells —
never headings, agency, deadline or budget cells) is damaged with probability p by a same-length
character confusion (``số`` → ``sà``, ``UBND`` → ``USND``, ``h`` → ``b`` …); each citation with
probability 5p (``Quyết định sà 5068``, ``259/QĐ-USND``, ``14 KH/TU``); each hard line break with
probability 10p gets a stray «.» before it. The truth keeps the TRUE id, with the damaged form in
``aliases`` and ``repaired: true`` when the id itself was damaged.

Generation is deterministic for a seed: one ``random.Random(seed)``, no global state, no clock.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plankg.loaders.synth.document import _DocGen
from plankg.loaders.synth.layouts import LAYOUT_WRITERS
from plankg.loaders.synth.material import LAYOUTS, REORG_DATE, SYNTH_VERSION, _provinces
from plankg.loaders.synth.truth import _truth
from plankg.loaders.synth.world import _build_world, _random_date, _World

# --------------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SynthReport:
    """What `synthesize` wrote."""

    out: Path
    seed: int
    ocr_noise: float
    documents: tuple[str, ...]  # file names of the documents, in order
    layouts: dict[str, int]
    references: int  # distinct cited documents, summed over documents
    tasks: int
    relations: int
    bytes: int  # size of the documents (not of the truth files)


# --------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------


def _document(rng: random.Random, world: _World, index: int, noise: float) -> _DocGen:
    layout = LAYOUTS[index % len(LAYOUTS)] if index < len(LAYOUTS) else rng.choice(LAYOUTS)
    plan_year = rng.randint(2017, 2026)
    if rng.random() < 0.8:
        when = _random_date(rng, plan_year - 1, 11, 12)
    else:
        when = _random_date(rng, plan_year, 1, 6)
    post = when >= REORG_DATE
    candidates = [p for p in _provinces() if not post or p.merged_into is None]
    province = rng.choice(candidates)
    absorbed = sorted(p.name for p in _provinces() if p.merged_into == province.name) if post else []
    code = "KH-UBND" if layout in ("pipe", "prose") else "QĐ-UBND"
    number = f"{rng.randint(10, 5999)}/{code}"
    return _DocGen(rng, world, noise, layout, plan_year, when, province, absorbed, number)


def synthesize(n_docs: int, seed: int, out: Path, *, ocr_noise: float = 0.0) -> SynthReport:
    """Write `n_docs` synthetic plan documents, their truth files and MANIFEST.json into `out`."""
    if n_docs < 0:
        raise ValueError("n_docs must be >= 0")
    if not 0.0 <= ocr_noise <= 0.2:
        raise ValueError("ocr_noise must be between 0 and 0.2")
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    world = _build_world(rng)
    documents: list[dict[str, Any]] = []
    layouts = dict.fromkeys(LAYOUTS, 0)
    totals = {"references": 0, "tasks": 0, "relations": 0, "bytes": 0}
    width = max(4, len(str(n_docs)))
    for index in range(n_docs):
        g = _document(rng, world, index, ocr_noise)
        LAYOUT_WRITERS[g.layout](g)
        text = "\n".join(g.lines) + "\n"
        stem = f"synth-{index:0{width}d}_{g.slug}_{g.plan_year}_{g.layout}"
        data = text.encode("utf-8")
        (out / f"{stem}.txt").write_bytes(data)
        truth = _truth(g, f"{stem}.txt", text, data)
        (out / f"{stem}.truth.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        layouts[g.layout] += 1
        totals["references"] += len(truth["references"])
        totals["tasks"] += len(truth["tasks"])
        totals["relations"] += len(truth["relations"])
        totals["bytes"] += len(data)
        documents.append(
            {
                "file": f"{stem}.txt",
                "truth": f"{stem}.truth.json",
                "layout": g.layout,
                "province": g.province.name,
                "plan_year": g.plan_year,
                "date": g.when.isoformat(),
            }
        )
    manifest = {
        "synthetic": True,
        "generator": {"name": "plankg.loaders.synth", "version": SYNTH_VERSION},
        "seed": seed,
        "ocr_noise": ocr_noise,
        "counts": {"documents": n_docs, "layouts": layouts, **totals},
        "documents": documents,
    }
    (out / "MANIFEST.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return SynthReport(
        out=out,
        seed=seed,
        ocr_noise=ocr_noise,
        documents=tuple(d["file"] for d in documents),
        layouts=layouts,
        references=totals["references"],
        tasks=totals["tasks"],
        relations=totals["relations"],
        bytes=totals["bytes"],
    )


__all__ = ["LAYOUTS", "SynthReport", "synthesize"]
