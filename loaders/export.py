"""`Extraction` → the JSON contract of `plankg extract --format json` (../shared/contract)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from plankg.loaders.header import parse_header
from plankg.loaders.regexes import TYPE_CODES
from plankg.models import Budget, Deadline, Document, Extraction, LegalRef, Span, Target, Task


def contract_id(ref: LegalRef) -> str:
    """The `id` a reference carries in the JSON contract.

    A law cited by name only keeps its name as `id` (its number goes to `resolved_id`): the
    contract's scorer counts every id with a digit as a numbered reference, and the gold lists
    name-only laws as `named`, so a number there would count as a spurious numbered citation.
    """
    if ref.kind != "named":
        return ref.id
    name = _DIGITS_RE.sub("", ref.title or ref.doc_type or "").strip(" ,.")
    return name or "Luật"


_DIGITS_RE = re.compile(r"\s*(?:năm|số)?\s*\d[\d/.\-A-Z]*")


def extraction_to_json(extraction: Extraction) -> dict[str, Any]:
    doc = extraction.document
    ids = {ref.id: contract_id(ref) for ref in extraction.references}
    rows_total = sum(t.budget.amount_vnd for t in extraction.tasks if t.budget and t.budget.amount_vnd)
    return {
        "document": {
            "id": doc.id,
            "kind": doc.kind.value,
            "number": doc.number,
            "issuer": doc.issuer,
            "province": doc.province,
            "date": _iso(doc.date),
            "title": doc.title,
            "source": {"path": doc.path, "sha256": doc.sha256},
            "doc_type": _doc_type(doc.number),
            "effective_date": _iso(doc.effective_date),
            "effective_date_evidence": _span(doc.effective_date_evidence),
            "evidence": _header_evidence(doc),
        },
        "references": [_reference(ref, ids[ref.id]) for ref in extraction.references],
        "relations": [
            {
                "subject": ids.get(rel.subject, rel.subject),
                "predicate": rel.predicate.value,
                "object": ids.get(rel.object, rel.object),
                "evidence": _span(rel.evidence),
                "source": rel.source,
                "part": rel.part,
                "within_part": rel.within_part,
                "phrases": list(rel.phrases),
                "date": _iso(rel.date),
                "note": rel.note,
            }
            for rel in extraction.relations
        ],
        "tasks": [_task(task, ids) for task in extraction.tasks],
        "targets": [_target(target) for target in extraction.targets],
        "agencies": [
            {
                "id": agency.id,
                "name": agency.name,
                "type": agency.type,
                "province": agency.province,
                "collective": agency.collective,
                "surface_forms": agency.surface_forms,
            }
            for agency in extraction.agencies
        ],
        "budget": {"stated_total_vnd": extraction.stated_total_vnd, "rows_total_vnd": rows_total},
        "warnings": [{"line": w.line, "message": w.message} for w in extraction.warnings],
    }


def _header_evidence(doc: Document) -> dict[str, dict[str, Any]]:
    """Where the header fields were read: "number", "date", "kind", "title" → {text, start, end, line}."""
    spans = parse_header(doc.text).evidence
    return {name: _span(doc.span(start, end)) for name, (start, end) in spans.items()}  # type: ignore[misc]


def _doc_type(number: str | None) -> str | None:
    """«Thông tư» for 24/2025/TT-BTP: the document type its own number's type code names."""
    if not number or "/" not in number:
        return None
    type_code = number.rsplit("/", 1)[-1].split("-", 1)[0]
    return TYPE_CODES.get(type_code)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _span(span: Span | None) -> dict[str, Any] | None:
    if span is None:
        return None
    return {"text": span.text, "start": span.start, "end": span.end, "line": span.line}


def _reference(ref: LegalRef, json_id: str) -> dict[str, Any]:
    return {
        "id": json_id,
        "resolved_id": ref.id if ref.kind == "named" and ref.id != json_id else None,
        "kind": ref.kind,
        "doc_type": ref.doc_type,
        "type_code": ref.type_code,
        "issuer_code": ref.issuer_code,
        "issuer": ref.issuer,
        "number": ref.number,
        "year": ref.year,
        "date": _iso(ref.date),
        "scope": ref.scope,
        "repaired": ref.repaired,
        "title": ref.title,
        "mentions": [
            {**_span(m.span), "raw_id": m.raw_id, "repaired": m.repaired}  # type: ignore[dict-item]
            for m in ref.mentions
        ],
    }


def _deadline(deadline: Deadline | None) -> dict[str, Any] | None:
    if deadline is None:
        return None
    return {
        "text": deadline.text,
        "start": _iso(deadline.start),
        "end": _iso(deadline.end),
        "recurring": deadline.recurring,
        "conditional": deadline.conditional,
    }


def _budget(budget: Budget | None) -> dict[str, Any] | None:
    return None if budget is None else {"text": budget.text, "amount_vnd": budget.amount_vnd}


def _task(task: Task, ids: dict[str, str]) -> dict[str, Any]:
    return {
        "id": task.id,
        "section": task.section,
        "context": task.context,
        "area": task.area.value if task.area else None,
        "number": task.number,
        "text": task.text,
        "activities": [a.text for a in task.activities],
        "products": [p.text for p in task.products],
        "lead": [a.name for a in task.lead],
        "cooperating": [a.name for a in task.cooperating],
        "lead_ids": [a.agency_id for a in task.lead],
        "cooperating_ids": [a.agency_id for a in task.cooperating],
        "deadline": _deadline(task.deadline),
        "budget": _budget(task.budget),
        "references": [ids.get(r, r) for r in task.references],
        "targets": task.targets,
        "provenance": None
        if task.provenance is None
        else {"line": task.provenance.line, "start": task.provenance.start, "end": task.provenance.end},
    }


def _target(target: Target) -> dict[str, Any]:
    return {
        "id": target.id,
        "number": target.number,
        "text": target.text,
        "metric": target.metric,
        "value": target.value,
        "unit": target.unit,
        "comparator": target.comparator,
        "year": target.year,
        "provenance": _span(target.provenance),
    }
