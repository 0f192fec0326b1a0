"""PDF files → NFC text with pdfplumber (the text layer; scanned pages need OCR first).

Pages are joined with a blank line. A file that is not a PDF, is encrypted, has more than
`MAX_PAGES` pages or no text layer at all is refused with an `InputError`.
"""

from __future__ import annotations

import io
from pathlib import Path

from plankg.errors import InputError
from plankg.loaders.text import normalize_text

MAX_PAGES = 500


def read_pdf(source: Path | bytes, name: str | None = None) -> str:
    """The text of a PDF (a path or its bytes), NFC-normalized; `InputError` when unreadable."""
    label = name or (str(source) if isinstance(source, Path) else "document")
    try:
        data = source.read_bytes() if isinstance(source, Path) else bytes(source)
    except OSError as exc:
        raise InputError(f"cannot read {label}: {exc.strerror}") from exc
    if not data.lstrip()[:5].startswith(b"%PDF-"):
        raise InputError(f"{label} is not a PDF file")
    try:
        import pdfplumber
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise InputError("reading .pdf needs pdfplumber: pip install pdfplumber") from exc
    pages: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise InputError(f"{label} has {len(pdf.pages)} pages; at most {MAX_PAGES} are read")
            for page in pdf.pages:
                pages.append(page.extract_text() or "")
    except InputError:
        raise
    except Exception as exc:  # pdfminer raises many types (PDFSyntaxError, PSEOF, encryption errors …)
        raise InputError(f"{label} is not a readable PDF ({type(exc).__name__})") from exc
    text = normalize_text("\n\n".join(p.strip("\n") for p in pages)).strip("\n")
    if not text.strip():
        raise InputError(f"{label} has no text layer (a scanned PDF?); run OCR on it first")
    return text + "\n"


__all__ = ["MAX_PAGES", "read_pdf"]
