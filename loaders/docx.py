"""Word documents (.docx) → NFC text, paragraphs and tables in reading order.

Tables come out one row per line with cells separated by tabs (line breaks inside a cell become
spaces), the tab layout `loaders/tables.py` reads. The archive is checked before parsing: a file
that is not a zip, or whose parts would inflate beyond `MAX_UNCOMPRESSED_BYTES`, is refused.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from plankg.errors import InputError
from plankg.loaders.text import normalize_text

MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
_CELL_SPACE_RE = re.compile(r"\s*\n\s*")


def read_docx(source: Path | bytes, name: str | None = None) -> str:
    """The text of a .docx file (a path or its bytes), NFC-normalized; `InputError` when unreadable."""
    label = name or (str(source) if isinstance(source, Path) else "document")
    try:
        data = source.read_bytes() if isinstance(source, Path) else bytes(source)
    except OSError as exc:
        raise InputError(f"cannot read {label}: {exc.strerror}") from exc
    _check_archive(data, label)
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise InputError("reading .docx needs python-docx: pip install python-docx") from exc
    try:
        document = docx.Document(io.BytesIO(data))
        lines = list(_lines(document))
    except InputError:
        raise
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors … on damaged files
        raise InputError(f"{label} is not a readable Word document ({type(exc).__name__})") from exc
    text = normalize_text("\n".join(lines)).strip("\n")
    if not text.strip():
        raise InputError(f"{label} contains no text")
    return text + "\n"


def _check_archive(data: bytes, label: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise InputError(f"{label} is not a .docx file (not a zip archive)") from exc
    if total > MAX_UNCOMPRESSED_BYTES:
        raise InputError(f"{label} inflates to more than {MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB")
    if "word/document.xml" not in names:
        raise InputError(f"{label} is not a Word document (no word/document.xml)")


def _lines(document: object) -> list[str]:
    from docx.table import Table

    lines: list[str] = []
    for block in document.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Table):
            for row in block.rows:
                cells = []
                previous = None
                for cell in row.cells:
                    if cell._tc is previous:  # a merged cell repeats: keep it once
                        continue
                    previous = cell._tc
                    cells.append(_CELL_SPACE_RE.sub(" ", cell.text).strip())
                lines.append("\t".join(cells))
        else:
            lines.append(block.text)
    return lines


__all__ = ["MAX_UNCOMPRESSED_BYTES", "read_docx"]
