"""The build's ledger: which document contributed what to the property graph (for incremental updates).

    BUILD/ledger/documents/ID.json   one entry per document: the keys of the nodes it owns, the
                                     shared nodes it has a view of, its edges between shared nodes
                                     ("loose" edges), and its lines of the build report
    BUILD/ledger/shared.json         every document's view of every shared node (legal documents,
                                     agencies, provinces), by node key then document id

With these, removing a document from graph.json is exact without re-reading any other document:
its owned nodes go, with every edge touching them (no other document's edge touches a node minted
from this document's id), its loose edges go by multiset difference, and each shared node it saw is
merged again from the remaining views (`property.merge_shared`), or dropped when none remain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plankg.errors import InputError
from plankg.fileio import atomic_write_bytes
from plankg.graph.exports import dump_json, edge_from_json, edge_to_json, load_json
from plankg.graph.property import DocumentPart, Edge, Node

LEDGER_DIR = "ledger"
DOCUMENTS_DIR = "documents"
SHARED_FILE = "shared.json"
LEDGER_VERSION = 1


@dataclass
class LedgerEntry:
    """One document's contribution, as the ledger keeps it."""

    document: str
    owned: list[str]
    shared: list[str]
    loose_edges: list[Edge]
    summary: dict[str, Any] = field(default_factory=dict)  # its lines of the build report

    @classmethod
    def of(cls, part: DocumentPart, summary: dict[str, Any]) -> LedgerEntry:
        return cls(part.document, list(part.owned), list(part.shared), part.loose_edges(), summary)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": LEDGER_VERSION,
            "document": self.document,
            "owned": self.owned,
            "shared": self.shared,
            "loose_edges": [edge_to_json(e) for e in self.loose_edges],
            "summary": self.summary,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LedgerEntry:
        return cls(
            data["document"],
            data["owned"],
            data["shared"],
            [edge_from_json(e) for e in data["loose_edges"]],
            data.get("summary", {}),
        )


Views = dict[str, dict[str, Node]]  # shared node key → document id → that document's view


def entry_path(build: Path, doc_id: str) -> Path:
    return build / LEDGER_DIR / DOCUMENTS_DIR / f"{doc_id}.json"


def write_entry(build: Path, entry: LedgerEntry) -> None:
    atomic_write_bytes(entry_path(build, entry.document), dump_json(entry.to_json()))


def read_entry(build: Path, doc_id: str) -> LedgerEntry:
    path = entry_path(build, doc_id)
    try:
        return LedgerEntry.from_json(load_json(path.read_bytes()))
    except FileNotFoundError as exc:
        raise InputError(f"{build} has no ledger entry for {doc_id}: rebuild it with `plankg build`") from exc


def views_to_bytes(views: Views) -> bytes:
    payload = {
        key: {doc: {"label": node.label, "props": node.props} for doc, node in by_doc.items()}
        for key, by_doc in views.items()
    }
    return dump_json({"version": LEDGER_VERSION, "views": payload})


def write_views(build: Path, views: Views) -> None:
    atomic_write_bytes(build / LEDGER_DIR / SHARED_FILE, views_to_bytes(views))


def read_views(build: Path) -> Views:
    path = build / LEDGER_DIR / SHARED_FILE
    try:
        payload = load_json(path.read_bytes())
    except FileNotFoundError as exc:
        raise InputError(
            f"{build} has no ledger ({path}): it was built by an older plankg; rebuild it with `plankg build`"
        ) from exc
    return {
        key: {doc: Node(key, view["label"], view["props"]) for doc, view in by_doc.items()}
        for key, by_doc in payload["views"].items()
    }
