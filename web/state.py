"""What the web app holds in memory for one build folder: the graph, its indexes, and a search index.

One `AppState` per app. Reads take a consistent snapshot (`state.snapshot()`), uploads swap in a new
snapshot under a lock, so a request never sees half an update.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plankg.graph.exports import GRAPH_FILE, load_property_graph
from plankg.graph.property import (
    AGENCY,
    AGENCY_GROUP,
    COOPERATES_ON,
    LEADS,
    LEGAL_DOCUMENT,
    PLAN_DOCUMENT,
    TASK,
    Edge,
    Node,
    PropertyGraph,
)
from plankg.loaders.text import fold_diacritics

if TYPE_CHECKING:
    import networkx as nx

    from plankg.graph.validity import Validity

SEARCH_LABELS = (LEGAL_DOCUMENT, PLAN_DOCUMENT, AGENCY, AGENCY_GROUP, TASK)
LABEL_RANK = {LEGAL_DOCUMENT: 0, PLAN_DOCUMENT: 1, AGENCY: 2, AGENCY_GROUP: 2, TASK: 3}
MAX_QUERY_CHARS = 200
KIND_NAMES = {
    "plan": "kế hoạch",
    "report": "báo cáo",
    "decision": "quyết định",
    "decree": "nghị định",
    "directive": "chỉ thị",
}
_SPACE_RE = re.compile(r"\s+")
_WORD_START_RE_CACHE: dict[str, re.Pattern[str]] = {}


def fold(text: Any) -> str:
    """Diacritic- and case-insensitive form with single spaces ("Nghị  định" → "nghi dinh")."""
    return _SPACE_RE.sub(" ", fold_diacritics(str(text or ""))).strip()


# ---------------------------------------------------------------------------------------------- search


@dataclass(frozen=True)
class SearchEntry:
    key: str
    label: str
    title: str
    subtitle: str
    primary: str  # folded names (id, "Nghị định 107/2020/NĐ-CP", agency name)
    haystack: str  # folded everything searchable


@dataclass(frozen=True)
class SearchHit:
    entry: SearchEntry
    score: float


def _entry(node: Node) -> SearchEntry | None:
    p = node.props
    if node.label == LEGAL_DOCUMENT:
        ident = str(p.get("id") or node.key.removeprefix("legal:"))
        names = [ident, f"{p.get('doc_type') or ''} {ident}", f"{p.get('doc_type') or ''} số {ident}"]
        if p.get("title"):
            names.append(str(p["title"]))
        title = f"{p.get('doc_type') or ''} {ident}".strip()
        subtitle = " · ".join(str(x) for x in (p.get("title"), p.get("issuer"), p.get("date")) if x)
        extra = [p.get("issuer"), p.get("scope"), p.get("year")]
    elif node.label == PLAN_DOCUMENT:
        ident = str(p.get("id") or node.key.removeprefix("doc:"))
        names = [ident, str(p.get("number") or ""), str(p.get("title") or "")]
        title = str(p.get("title") or ident)
        subtitle = " · ".join(str(x) for x in (p.get("number"), p.get("issuer"), p.get("date")) if x)
        extra = [p.get("province"), p.get("issuer"), p.get("kind"), KIND_NAMES.get(str(p.get("kind")))]
    elif node.label in (AGENCY, AGENCY_GROUP):
        names = [str(p.get("name") or ""), str(p.get("id") or "")]
        title = str(p.get("name") or node.key)
        subtitle = str(p.get("province") or "")
        extra = [p.get("province"), p.get("type")]
    elif node.label == TASK:
        ident = str(p.get("id") or node.key.removeprefix("task:"))
        names = [ident, str(p.get("number") or "")]
        text = str(p.get("text") or "")
        title = text if len(text) <= 160 else text[:159] + "…"
        subtitle = " · ".join(str(x) for x in (ident, p.get("province"), p.get("deadline_text")) if x)
        extra = [text, p.get("province"), p.get("quote")]
    else:
        return None
    primary = " | ".join(fold(n) for n in names if n)
    haystack = primary + " | " + " | ".join(fold(x) for x in extra if x)
    return SearchEntry(node.key, node.label, title, subtitle, primary, haystack)


def _query_tokens(query: str) -> list[str]:
    tokens = fold(query[:MAX_QUERY_CHARS]).split()
    # «Nghị định số 107/2020» — "số" before a number is filler (but "Sở" alone is a word: keep it).
    kept = [
        t
        for i, t in enumerate(tokens)
        if not (t == "so" and i + 1 < len(tokens) and tokens[i + 1][:1].isdigit())
    ]
    return kept


def _at_word_start(token: str, text: str) -> bool:
    pattern = _WORD_START_RE_CACHE.get(token)
    if pattern is None:
        pattern = re.compile(r"(?:^|[\s|(/,.;:«\"-])" + re.escape(token))
        if len(_WORD_START_RE_CACHE) < 4096:
            _WORD_START_RE_CACHE[token] = pattern
    return pattern.search(text) is not None


def search(entries: list[SearchEntry], query: str, limit_per_label: int = 30) -> dict[str, list[SearchHit]]:
    """Entries matching every token of `query` (diacritic-insensitive), best first, by label."""
    tokens = _query_tokens(query)
    if not tokens:
        return {}
    phrase = " ".join(tokens)
    hits: list[SearchHit] = []
    for entry in entries:
        if not all(t in entry.haystack for t in tokens):
            continue
        score = 0.0
        if phrase in entry.primary:
            score += 20
            if _at_word_start(phrase, entry.primary):
                score += 10
        for token in tokens:
            if token in entry.primary:
                score += 3 if _at_word_start(token, entry.primary) else 2
            elif _at_word_start(token, entry.haystack):
                score += 1
        score -= LABEL_RANK.get(entry.label, 4) * 0.5
        hits.append(SearchHit(entry, score))
    hits.sort(key=lambda h: (-h.score, LABEL_RANK.get(h.entry.label, 4), h.entry.title))
    grouped: dict[str, list[SearchHit]] = defaultdict(list)
    for hit in hits:
        group = AGENCY if hit.entry.label == AGENCY_GROUP else hit.entry.label
        grouped[group].append(hit)
    return {label: found[:limit_per_label] for label, found in grouped.items()}


# ---------------------------------------------------------------------------------------------- snapshot


@dataclass
class Snapshot:
    """An immutable view of the graph with the indexes every page needs."""

    graph: PropertyGraph
    version: int
    out: dict[str, list[Edge]] = field(default_factory=dict)
    into: dict[str, list[Edge]] = field(default_factory=dict)
    entries: list[SearchEntry] = field(default_factory=list)
    _nx: Any = None
    _validity: Any = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def of(cls, graph: PropertyGraph, version: int) -> Snapshot:
        snap = cls(graph=graph, version=version)
        out: dict[str, list[Edge]] = defaultdict(list)
        into: dict[str, list[Edge]] = defaultdict(list)
        for edge in graph.edges:
            out[edge.source].append(edge)
            into[edge.target].append(edge)
        snap.out, snap.into = dict(out), dict(into)
        snap.entries = [e for e in (_entry(n) for n in graph.nodes.values()) if e is not None]
        return snap

    @property
    def nx(self) -> nx.MultiDiGraph:
        with self._lock:
            if self._nx is None:
                from plankg.graph.analytics import to_networkx

                self._nx = to_networkx(self.graph)
            return self._nx

    @property
    def validity(self) -> Validity:
        with self._lock:
            if self._validity is None:
                from plankg.graph.validity import Validity

                self._validity = Validity(self.graph)
            return self._validity

    def node(self, key: str) -> Node | None:
        return self.graph.nodes.get(key)

    def edges_out(self, key: str, *types: str) -> list[Edge]:
        return [e for e in self.out.get(key, ()) if not types or e.type in types]

    def edges_in(self, key: str, *types: str) -> list[Edge]:
        return [e for e in self.into.get(key, ()) if not types or e.type in types]

    def nodes_by_label(self, *labels: str) -> list[Node]:
        return [n for n in self.graph.nodes.values() if n.label in labels]

    def counts(self) -> dict[str, int]:
        return dict(Counter(n.label for n in self.graph.nodes.values()))

    def plans(self) -> list[Node]:
        return sorted(
            self.nodes_by_label(PLAN_DOCUMENT),
            key=lambda n: (str(n.props.get("province") or ""), str(n.props.get("date") or "")),
        )

    def tasks_of_agency(self, key: str) -> tuple[list[Node], list[Node]]:
        lead, cooperate = [], []
        for edge in self.edges_out(key, LEADS, COOPERATES_ON):
            task = self.node(edge.target)
            if task is None:
                continue
            (lead if edge.type == LEADS else cooperate).append(task)
        order = _task_order
        return sorted(lead, key=order), sorted(cooperate, key=order)

    def agencies_of_task(self, key: str, role: str) -> list[Node]:
        found = [self.node(e.source) for e in self.edges_in(key, role)]
        return [n for n in found if n is not None]


def _task_order(node: Node) -> tuple[str, int, str]:
    head, _, tail = node.key.rpartition("-")
    return (head, int(tail) if tail.isdigit() else 0, node.key)


def quarter_of(iso: Any) -> str | None:
    try:
        day = date.fromisoformat(str(iso)[:10])
    except ValueError:
        return None
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


# ---------------------------------------------------------------------------------------------- state


class AppState:
    """The build folder, the current snapshot, and the stores' freshness."""

    def __init__(self, build: Path) -> None:
        from plankg.graph.incremental import recover

        self.build = Path(build)
        recover(self.build)  # an upload interrupted by a crash is finished or undone first
        graph = load_property_graph(self.build / GRAPH_FILE)
        self._snapshot = Snapshot.of(graph, 1)
        self.write_lock = threading.Lock()
        self.cypher_lock = threading.Lock()
        self.cypher_engine: Any = None
        self.cypher_version = 0  # snapshot version last pushed to FalkorDB
        self.sparql_missing: list[str] = self._load_stale()

    def snapshot(self) -> Snapshot:
        return self._snapshot

    def replace_graph(self, graph: PropertyGraph) -> Snapshot:
        self._snapshot = Snapshot.of(graph, self._snapshot.version + 1)
        return self._snapshot

    # Documents added by upload that the SPARQL store does not hold yet (survives restarts).
    @property
    def stale_file(self) -> Path:
        return self.build / "uploads" / "sparql-stale.json"

    def _load_stale(self) -> list[str]:
        try:
            data = json.loads(self.stale_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        return [str(x) for x in data] if isinstance(data, list) else []

    def mark_sparql_stale(self, document_id: str) -> None:
        from plankg.fileio import atomic_write_text

        if document_id not in self.sparql_missing:
            self.sparql_missing.append(document_id)
        atomic_write_text(self.stale_file, json.dumps(self.sparql_missing, ensure_ascii=False))

    def close(self) -> None:
        engine, self.cypher_engine = self.cypher_engine, None
        if engine is not None:
            with contextlib.suppress(Exception):  # closing a dead connection: nothing to do
                engine.close()
