"""A plan document's original text and the citation spans of its extraction, for the plan page."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plankg.errors import InputError
from plankg.graph.property import Node, legal_key


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    ref_id: str  # the cited document's id as extracted
    key: str  # its legal-document node key


@dataclass
class PlanSource:
    text: str | None
    path: str | None
    error: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    skipped: int = 0  # mentions whose recorded text no longer matches the file
    changed: bool = False  # the file's hash differs from the one recorded at extraction


def _extraction(build: Path, doc_id: str) -> dict[str, Any] | None:
    folder = (build / "extractions").resolve()
    path = (folder / f"{doc_id}.json").resolve()
    if path.parent != folder:
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _candidates(build: Path, raw: str) -> list[Path]:
    path = Path(raw)
    if path.is_absolute():
        return [path]
    return [Path.cwd() / path, build.parent / path, build / path, build.parent.parent / path]


def load_plan_text(build: Path, node: Node) -> PlanSource:
    """The original (NFC) text of a plan document and its citation mentions, checked against the text."""
    from plankg.loaders.text import read_text

    doc_id = str(node.props.get("id") or node.key.removeprefix("doc:"))
    extraction = _extraction(build, doc_id) or {}
    source = (extraction.get("document") or {}).get("source") or {}
    raw_path = source.get("path") or node.props.get("path")
    if not raw_path:
        return PlanSource(None, None, "no source path recorded")
    text = None
    error = "file not found"
    sha = None
    for candidate in _candidates(build, str(raw_path)):
        if candidate.is_file():
            try:
                text, sha = read_text(candidate)
                break
            except InputError as exc:
                error = str(exc)
    if text is None:
        return PlanSource(None, str(raw_path), error)
    result = PlanSource(
        text, str(raw_path), changed=bool(source.get("sha256")) and sha != source.get("sha256")
    )
    for ref in extraction.get("references") or []:
        ref_id = ref.get("resolved_id") or ref.get("id") or ""
        key = legal_key(ref_id, ref.get("scope"))
        for mention in ref.get("mentions") or []:
            start, end = mention.get("start"), mention.get("end")
            if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(text):
                result.skipped += 1
                continue
            if mention.get("text") is not None and text[start:end] != mention["text"]:
                result.skipped += 1
                continue
            result.mentions.append(Mention(start, end, ref_id, key))
    return result
