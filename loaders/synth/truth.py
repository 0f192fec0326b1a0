"""The ground-truth JSON of a synthetic document, in the shape of the extract contract."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from plankg.loaders.synth.document import _DocGen, _Mention
from plankg.loaders.synth.material import SYNTH_VERSION, _agencies
from plankg.loaders.synth.world import _Ref
from plankg.loaders.text import slugify

# --------------------------------------------------------------------------------------------------
# Truth
# --------------------------------------------------------------------------------------------------


def _reference_json(ref: _Ref, scope: str | None, mentions: list[_Mention]) -> dict[str, Any]:
    aliases = sorted({re.sub(r"\s+", " ", m.raw) for m in mentions if m.repaired})
    return {
        "id": ref.id,
        "kind": ref.kind,
        "resolved_id": ref.resolved_id,
        "doc_type": ref.doc_type,
        "type_code": ref.type_code,
        "issuer_code": ref.issuer_code,
        "issuer": ref.issuer,
        "number": ref.number,
        "year": ref.year,
        "date": ref.date.isoformat(),
        "scope": scope,
        "repaired": any(m.repaired for m in mentions),
        "aliases": aliases,
        "title": ref.title,
        "mentions": [
            {
                "text": m.raw,
                "start": m.start,
                "end": m.end,
                "line": m.line,
                "raw_id": m.raw,
                "repaired": m.repaired,
            }
            for m in mentions
        ],
    }


def _truth(g: _DocGen, name: str, text: str, data: bytes) -> dict[str, Any]:
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    from bisect import bisect_right

    grouped: dict[tuple[str, str | None], tuple[_Ref, list[_Mention]]] = {}
    numbered = {m.ref.id: m.ref for m in g.mentions if m.ref.kind == "numbered"}
    for m in sorted(g.mentions, key=lambda m: m.start):
        m.line = bisect_right(line_starts, m.start)
        ref = m.ref
        if ref.kind == "named" and ref.resolved_id in numbered:  # the same law cited by number elsewhere
            ref = numbered[ref.resolved_id]
        scope = g.slug if ref.local else None
        grouped.setdefault((ref.id, scope), (ref, []))[1].append(m)
    references = [_reference_json(ref, key[1], ms) for key, (ref, ms) in grouped.items()]
    relations = [
        {"subject": s, "predicate": p, "object": o} for s, p, o in dict.fromkeys(g.relations) if s != o
    ]
    agencies: dict[str, dict[str, Any]] = {}
    types = {t.name.replace("{province}", g.province.name): t for t in _agencies().values()}
    for task in g.tasks:
        for agency_name in (*task.lead, *task.cooperating):
            kind = types[agency_name]
            agencies.setdefault(
                agency_name,
                {
                    "id": kind.key if kind.level == "national" else f"{g.slug}/{kind.key}",
                    "name": agency_name,
                    "type": kind.name.replace("{province}", "tỉnh"),
                    "province": None if kind.level == "national" else g.province.name,
                    "collective": kind.collective,
                },
            )
    kind = "plan"
    number_slug = slugify(g.number)
    if not re.search(r"/(?:19|20)\d\d(?:/|$)", g.number):  # local numbers restart every year
        number_slug = f"{number_slug}-{g.when.year}"
    return {
        "synthetic": True,
        "generator": {"name": "plankg.loaders.synth", "version": SYNTH_VERSION, "layout": g.layout},
        "document": {
            "id": f"{g.slug}-{number_slug}",
            "kind": kind,
            "number": g.number,
            "issuer": f"UBND {g.level} {g.province.name.removeprefix('Thành phố ')}",
            "province": g.province.name,
            "date": g.when.isoformat(),
            "plan_year": g.plan_year,
            "merged_from": g.absorbed,
            "source": {"path": name, "sha256": hashlib.sha256(data).hexdigest()},
        },
        "references": references,
        "relations": relations,
        "tasks": [
            {
                "id": f"{g.slug}-{number_slug}/task-{k}",
                "section": t.section,
                "context": t.context,
                "area": t.area,
                "number": t.number,
                "text": t.text,
                "products": t.products,
                "lead": t.lead,
                "cooperating": t.cooperating,
                "deadline": t.deadline,
                "budget": t.budget,
                "references": t.references,
            }
            for k, t in enumerate(g.tasks, 1)
        ],
        "agencies": list(agencies.values()),
    }
