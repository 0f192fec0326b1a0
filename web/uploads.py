"""Uploading a document: a safe name in the build's data folder, extraction, incremental graph update.

File names. The browser's name is only a hint: it is refused when it holds a path (`/`, `\\`, `..`),
control characters or starts with a dot, and otherwise reduced to an ASCII slug plus one allowed
suffix. The file is written in `BUILD/uploads/` under that slug (a counter added when the name is
taken), and the resolved path is checked to lie inside that folder before anything is written.

Graph update. The extraction goes through `graph.incremental.update_build`, as `plankg add` does: the
extraction JSON, graph.json, the ledger, report.json, the GraphML and neo4j-admin CSV exports and the
SPARQL store are all updated in one crash-safe step, and the result is exactly the build a full
`plankg build` of the documents would give. The app then swaps in the new graph (a new snapshot);
the embedded FalkorDB is synced on the next Cypher query (a MERGE push of the new snapshot). Were
the store not updatable (a build without one), the document is listed as missing from it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plankg.errors import InputError
from plankg.fileio import atomic_write_bytes
from plankg.loaders.text import slugify

UPLOAD_DIR = "uploads"
ALLOWED_SUFFIXES = {".txt": "text", ".md": "text", ".docx": "docx", ".pdf": "pdf"}
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_NAME_CHARS = 80


class UploadRefused(InputError):
    """The upload breaks a rule (name, type, size, duplicate)."""


@dataclass
class UploadReport:
    document_id: str
    filename: str
    saved_as: str
    text_path: str
    kind: str | None
    number: str | None
    date: str | None
    province: str | None
    title: str | None
    counts: dict[str, int] = field(default_factory=dict)
    references: list[dict[str, Any]] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    tasks_without_lead: list[str] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    nodes_added: int = 0
    edges_added: int = 0
    sparql: str = ""  # "inserted" | "stale"
    seconds: float = 0.0


def safe_stem(filename: str) -> tuple[str, str]:
    """(slug, suffix) for an uploaded file name; `UploadRefused` for anything that could be a path."""
    name = unicodedata.normalize("NFC", filename or "").strip()
    if not name:
        raise UploadRefused("the file has no name")
    if any(ch in name for ch in ("/", "\\", "\x00")) or ".." in name or name.startswith("."):
        raise UploadRefused("the file name must be a plain name (no folders, no '..', not hidden)")
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise UploadRefused("the file name contains control characters")
    stem, dot, suffix = name.rpartition(".")
    suffix = f".{suffix.lower()}" if dot else ""
    if suffix not in ALLOWED_SUFFIXES:
        allowed = ", ".join(sorted(ALLOWED_SUFFIXES))
        raise UploadRefused(f"file type {suffix or '(none)'} is not accepted; use {allowed}")
    slug = slugify(stem)[:MAX_NAME_CHARS].strip("-") or "document"
    return slug, suffix


def _free_path(folder: Path, slug: str, suffix: str) -> Path:
    root = folder.resolve()
    for counter in range(1, 1000):
        name = f"{slug}{suffix}" if counter == 1 else f"{slug}-{counter}{suffix}"
        candidate = (folder / name).resolve()
        if candidate.parent != root:  # cannot happen with a slug; checked all the same
            raise UploadRefused("the file name would leave the upload folder")
        if not candidate.exists():
            return candidate
    raise UploadRefused("too many files with this name")


def document_text(data: bytes, suffix: str, filename: str) -> str:
    """NFC text of an uploaded file by its type."""
    kind = ALLOWED_SUFFIXES[suffix]
    if kind == "docx":
        from plankg.loaders.docx import read_docx

        return read_docx(data, filename)
    if kind == "pdf":
        from plankg.loaders.pdf import read_pdf

        return read_pdf(data, filename)
    from plankg.loaders.text import decode_bytes, normalize_text

    return normalize_text(decode_bytes(data, filename))


def add_document(state: Any, filename: str, data: bytes) -> UploadReport:
    """Save, extract and add one uploaded document to the app's build (see the module docstring)."""
    import time

    from plankg.graph.incremental import update_build
    from plankg.loaders.extract import extract_text

    started = time.perf_counter()
    slug, suffix = safe_stem(filename)
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadRefused(f"the file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
    if not data:
        raise UploadRefused("the file is empty")
    text = document_text(data, suffix, filename)
    folder = state.build / UPLOAD_DIR
    folder.mkdir(parents=True, exist_ok=True)
    with state.write_lock:
        saved = _free_path(folder, slug, suffix)
        text_path = saved if ALLOWED_SUFFIXES[suffix] == "text" else _free_path(folder, saved.stem, ".txt")
        text_bytes = data if text_path == saved else text.encode("utf-8")
        extraction = extract_text(
            text, path=str(text_path), sha256=hashlib.sha256(text_bytes).hexdigest(), name=saved.stem
        )
        doc = extraction.document
        snapshot = state.snapshot()
        if f"doc:{doc.id}" in snapshot.graph.nodes:
            raise UploadRefused(f"a document with id {doc.id} is already in the graph")
        written = [saved] if text_path == saved else [saved, text_path]
        atomic_write_bytes(saved, data)
        if text_path != saved:
            atomic_write_bytes(text_path, text_bytes)
        try:
            update = update_build(state.build, add=[extraction], graph=snapshot.graph)
        except BaseException:  # the build is as it was: so is the upload folder
            for path in written:
                path.unlink(missing_ok=True)
            raise
        assert update.graph is not None
        state.replace_graph(update.graph)
        if update.store is None:
            state.mark_sparql_stale(doc.id)
    return UploadReport(
        document_id=doc.id,
        filename=filename,
        saved_as=saved.name,
        text_path=text_path.name,
        kind=doc.kind.value if doc.kind else None,
        number=doc.number,
        date=doc.date.isoformat() if doc.date else None,
        province=doc.province,
        title=doc.title,
        counts={
            "references": len(extraction.references),
            "relations": len(extraction.relations),
            "tasks": len(extraction.tasks),
            "targets": len(extraction.targets),
            "agencies": len(extraction.agencies),
            "warnings": len(extraction.warnings),
        },
        references=[
            {"id": r.id, "kind": r.kind, "mentions": len(r.mentions), "key": _legal_key(r)}
            for r in extraction.references
        ],
        unresolved=[r.id for r in extraction.references if r.kind != "numbered"],
        tasks_without_lead=[t.id for t in extraction.tasks if not t.lead],
        warnings=[{"line": w.line, "message": w.message} for w in extraction.warnings],
        nodes_added=update.nodes_added,
        edges_added=update.edges_added,
        sparql="inserted" if update.store is not None else "stale",
        seconds=round(time.perf_counter() - started, 3),
    )


def _legal_key(ref: Any) -> str:
    from plankg.graph.property import legal_key

    return legal_key(ref.id, ref.scope)


_SAFE_DOWNLOAD_RE = re.compile(r"[^A-Za-z0-9._-]+")


def download_name(stem: str, suffix: str) -> str:
    """An ASCII file name for Content-Disposition."""
    return (_SAFE_DOWNLOAD_RE.sub("-", slugify(stem)).strip("-") or "plankg") + suffix
