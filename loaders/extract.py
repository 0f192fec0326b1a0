"""The extraction pipeline: one document file → one `Extraction`."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from pathlib import Path

from plankg.errors import InputError
from plankg.loaders.agencies import build_agencies
from plankg.loaders.citations import find_references
from plankg.loaders.header import document_id, parse_header
from plankg.loaders.relations import find_relations
from plankg.loaders.tables import parse_tables
from plankg.loaders.tasks import extract_tasks
from plankg.loaders.text import read_text
from plankg.models import Document, Extraction, ExtractionWarning, LegalRef, Task

DOCUMENT_SUFFIXES = (".txt", ".md")


def extract(path: Path) -> Extraction:
    """Extract references, relations, tasks, targets and agencies from one text file."""
    text, sha256 = read_text(path)
    return extract_text(text, path=str(path), sha256=sha256, name=path.stem)


def extract_text(text: str, *, path: str = "-", sha256: str = "", name: str = "document") -> Extraction:
    """Extract from already-decoded, NFC-normalized text."""
    header = parse_header(text)
    doc = Document(
        id=document_id(header, name),
        path=path,
        sha256=sha256,
        text=text,
        kind=header.kind,
        number=header.number,
        issuer=header.issuer,
        province=header.province,
        date=header.date,
        title=header.title,
    )
    references, warnings = find_references(doc)
    relations = find_relations(doc, references)
    tables = parse_tables(doc)
    found = extract_tasks(doc, tables, year=header.plan_year)
    _attach_references(found.tasks, references)
    agencies = build_agencies((ref for task in found.tasks for ref in task.agencies), doc.province)
    warnings = [*warnings, *found.warnings]
    warnings.sort(key=lambda w: w.line)
    return Extraction(
        document=doc,
        references=references,
        relations=relations,
        tasks=found.tasks,
        targets=found.targets,
        agencies=agencies,
        warnings=warnings,
        stated_total_vnd=found.stated_total_vnd,
    )


# Notes that describe a folder rather than being one of its documents (a file named alone is read).
FOLDER_NOTES = frozenset({"readme", "license", "changelog"})


def iter_document_paths(target: Path) -> Iterator[Path]:
    """The document files named by `target` (a file, or a directory searched recursively; README,
    LICENSE, CHANGELOG and hidden files or folders are skipped)."""
    if not target.exists():
        raise InputError(f"{target} does not exist")
    if target.is_file():
        yield target
        return
    paths = sorted(
        p
        for p in target.rglob("*")
        if p.is_file()
        and p.suffix.lower() in DOCUMENT_SUFFIXES
        and p.stem.casefold() not in FOLDER_NOTES
        and not any(part.startswith(".") for part in p.relative_to(target).parts)
    )
    if not paths:
        raise InputError(f"{target} contains no documents ({', '.join(DOCUMENT_SUFFIXES)})")
    yield from paths


def _attach_references(tasks: list[Task], references: list[LegalRef]) -> None:
    """A task depends on every legal document mentioned inside its own row or item (in reference order)."""
    mentions = sorted((m.span.start, index) for index, ref in enumerate(references) for m in ref.mentions)
    starts = [start for start, _ in mentions]
    for task in tasks:
        if task.provenance is None:
            continue
        lo = bisect_left(starts, task.provenance.start)
        hi = bisect_left(starts, task.provenance.end)
        for index in sorted({index for _, index in mentions[lo:hi]}):
            if references[index].id not in task.references:
                task.references.append(references[index].id)


__all__ = ["ExtractionWarning", "extract", "extract_text", "iter_document_paths"]
