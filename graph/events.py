"""The user's events file: legal changes the loaded texts do not state.

An events file records changes such as «29/2023/NĐ-CP replaces 108/2014/NĐ-CP on 2023-07-31» that
legal staff know from the official gazette but that no loaded plan states. It is YAML (a top-level
list of mappings, or a mapping with an `events:` list) or CSV (a header row), with the keys/columns

    subject, predicate, object, date, note, source, part

`subject` and `object` are document ids (normalized with `canonical_id`; a local document may carry
its province scope, `1025/QĐ-UBND#thanh-hoa`), `predicate` one of `models.Predicate` («replaces»,
«amends», «repeals», «partially_repeals», «expires», «guides», «implements», «based_on», «applies»;
spaces and hyphens are accepted for underscores), `date` an ISO date (`YYYY-MM-DD`, optional),
`note` and `source` free text (where the fact comes from: gazette number, URL), `part` the provision of
`object` changed («Điều 1», «khoản 2 Điều 5»; optional, empty for the whole document). Files written
before `part` existed (six columns) stay valid.

Errors name the file, the row (YAML: item number and line; CSV: line) and the field. `append_event`
validates the new event and the whole existing file before writing, and writes atomically, so the
file is byte-identical after any error. `apply_events` puts the events on a copy of a property graph
as relation edges with `source="events"`, never on the build itself.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from plankg.errors import InputError
from plankg.fileio import atomic_write_text
from plankg.graph.property import LEGAL_DOCUMENT, RELATION_TYPES, Edge, PropertyGraph, legal_key
from plankg.loaders.citations import canonical_id
from plankg.loaders.text import slugify
from plankg.models import Predicate

FIELDS = ("subject", "predicate", "object", "date", "note", "source", "part")
REQUIRED = ("subject", "predicate", "object")
YAML_SUFFIXES = frozenset({".yaml", ".yml"})
CSV_SUFFIXES = frozenset({".csv"})
EVENTS_SOURCE = "events"  # `source` of edges put on the graph from an events file
NEW_FILE_HEADER = (
    "# plankg events file: legal changes not stated in the loaded documents.\n"
    "# Keys: subject, predicate, object, date (YYYY-MM-DD), note, source, part. See the README.\n"
)
_ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PREDICATE_SEP_RE = re.compile(r"[\s\-]+")


@dataclass(frozen=True)
class Event:
    """One validated row: `subject --predicate--> object` (canonical ids, optional `#scope`)."""

    subject: str
    predicate: Predicate
    object: str
    date: date | None = None
    note: str | None = None
    source: str | None = None
    part: str | None = None  # provision of `object` changed, e.g. "Điều 1"; None: the whole document
    file: str | None = None  # where it was read from (None for an event built in code)
    row: int | None = None  # CSV line / YAML item number (1-based)
    line: int | None = None  # line in the file

    @property
    def where(self) -> str:
        if self.file is None:
            return "event"
        if self.line is not None and self.line != self.row:
            return f"{self.file}, row {self.row} (line {self.line})"
        return f"{self.file}, row {self.row}"

    def as_row(self) -> dict[str, str]:
        """The columns as strings ("" for missing values)."""
        return {
            "subject": self.subject,
            "predicate": self.predicate.value,
            "object": self.object,
            "date": self.date.isoformat() if self.date else "",
            "note": self.note or "",
            "source": self.source or "",
            "part": self.part or "",
        }

    def same_fact(self, other: Event) -> bool:
        return (self.subject, self.predicate, self.object, self.date, self.part) == (
            other.subject,
            other.predicate,
            other.object,
            other.date,
            other.part,
        )


# ---------------------------------------------------------------------------------------------- validation


def make_event(
    subject: Any,
    predicate: Any,
    object: Any,
    date: Any = None,
    note: Any = None,
    source: Any = None,
    *,
    part: Any = None,
    where: str = "event",
    file: str | None = None,
    row: int | None = None,
    line: int | None = None,
) -> Event:
    """Validate raw values into an `Event`; `InputError` naming `where` and the field otherwise."""
    return Event(
        subject=normalize_id(subject, where=where, field="subject"),
        predicate=normalize_predicate(predicate, where=where),
        object=normalize_id(object, where=where, field="object"),
        date=normalize_date(date, where=where),
        note=_text(note, where=where, field="note"),
        source=_text(source, where=where, field="source"),
        part=_part(part, where=where),
        file=file,
        row=row,
        line=line,
    )


def _checked(event: Event) -> Event:
    if event.subject == event.object:
        raise InputError(f"{event.where}: subject and object are the same document ({event.subject})")
    return event


def normalize_id(value: Any, *, where: str = "event", field: str = "subject") -> str:
    """`canonical_id` of a written document id, keeping a `#scope` suffix (slugified)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InputError(f"{where}: field {field!r} is empty; give a document id such as 107/2020/NĐ-CP")
    if not isinstance(value, str):
        raise InputError(f"{where}: field {field!r}: {value!r} is not a document id (a number/year/code)")
    text, _, scope = value.strip().partition("#")
    ident = canonical_id(text)
    if ident is None:
        raise InputError(
            f"{where}: field {field!r}: {value.strip()!r} is not a Vietnamese document id "
            "(expected e.g. 107/2020/NĐ-CP, 1025/QĐ-UBND#thanh-hoa, 47/2019/QH14)"
        )
    scope = slugify(scope.strip()).removeprefix("tinh-") if scope.strip() else ""
    return f"{ident}#{scope}" if scope else ident


def normalize_predicate(value: Any, *, where: str = "event") -> Predicate:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{where}: field 'predicate' is empty; use one of {_predicate_list()}")
    name = _PREDICATE_SEP_RE.sub("_", value.strip().lower())
    try:
        return Predicate(name)
    except ValueError:
        raise InputError(
            f"{where}: field 'predicate': unknown predicate {value.strip()!r}; use one of {_predicate_list()}"
        ) from None


def normalize_date(value: Any, *, where: str = "event") -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        raise InputError(f"{where}: field 'date': {value} has a time; give a date as YYYY-MM-DD")
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if _ISO_DATE_RE.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise InputError(f"{where}: field 'date': {text!r} is not an ISO date (YYYY-MM-DD, e.g. 2023-07-31)")


def _text(value: Any, *, where: str, field: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, dict)):
        raise InputError(f"{where}: field {field!r} must be text, got a {type(value).__name__}")
    text = str(value).strip()
    return text or None


def _part(value: Any, *, where: str) -> str | None:
    """A provision («điều 1» → «Điều 1»; whitespace collapsed); None when empty."""
    text = _text(value, where=where, field="part")
    if text is None:
        return None
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"(?i)\bđiều\b", "Điều", text)


def _predicate_list() -> str:
    return ", ".join(p.value for p in Predicate)


# ---------------------------------------------------------------------------------------------- reading


def load_events(path: Path) -> list[Event]:
    """All events of `path` (YAML or CSV by suffix), validated; `InputError` on the first bad row."""
    path = Path(path)
    return parse_events(_read(path), path)


def parse_events(text: str, path: Path) -> list[Event]:
    kind = _kind(path)
    events = _parse_yaml(text, path) if kind == "yaml" else _parse_csv(text, path)
    return [_checked(event) for event in events]


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in YAML_SUFFIXES:
        return "yaml"
    if suffix in CSV_SUFFIXES:
        return "csv"
    raise InputError(f"{path}: an events file must end in .yaml, .yml or .csv")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError(f"{path}: events file not found") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc


@lru_cache(maxsize=1)
def _yaml_loader() -> type:
    """SafeLoader without implicit timestamps: dates stay text and are validated with the row's name."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return Loader


def _parse_yaml(text: str, path: Path) -> list[Event]:
    import yaml

    loader = _yaml_loader()

    try:
        root = yaml.compose(text, Loader=loader)
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        raise InputError(f"{path}{where}: not valid YAML: {getattr(exc, 'problem', None) or exc}") from None
    if data is None:
        return []
    items, seq = data, root
    if isinstance(data, dict):
        if set(data) != {"events"}:
            raise InputError(f"{path}: expected a list of events, or a mapping with one key 'events'")
        items = data["events"] or []
        seq = next((v for k, v in root.value if k.value == "events"), None)
    if not isinstance(items, list):
        raise InputError(f"{path}: expected a list of events (each a mapping with {', '.join(FIELDS)})")
    lines = [node.start_mark.line + 1 for node in getattr(seq, "value", [])] if seq is not None else []
    events = []
    for index, item in enumerate(items, 1):
        line = lines[index - 1] if index - 1 < len(lines) else None
        where = f"{path}, row {index} (line {line})" if line else f"{path}, row {index}"
        if not isinstance(item, dict):
            raise InputError(f"{where}: expected a mapping with keys {', '.join(FIELDS)}")
        events.append(_from_mapping(item, where, str(path), index, line))
    return events


def _parse_csv(text: str, path: Path) -> list[Event]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames is None:
        return []
    header = [name.strip().lower() for name in reader.fieldnames]
    reader.fieldnames = header
    unknown = [name for name in header if name not in FIELDS]
    missing = [name for name in REQUIRED if name not in header]
    if unknown or missing:
        problems = []
        if unknown:
            problems.append(f"unknown column(s) {', '.join(map(repr, unknown))}")
        if missing:
            problems.append(f"missing column(s) {', '.join(map(repr, missing))}")
        raise InputError(f"{path}, line 1 (header): {'; '.join(problems)}; columns are {', '.join(FIELDS)}")
    events = []
    try:
        for record in reader:
            line = reader.line_num
            where = f"{path}, row {len(events) + 1} (line {line})"
            if None in record:
                raise InputError(f"{where}: more cells than the header's {len(header)} columns")
            if not any((value or "").strip() for value in record.values()):
                continue  # blank line
            events.append(_from_mapping(record, where, str(path), len(events) + 1, line))
    except csv.Error as exc:
        raise InputError(f"{path}, line {reader.line_num}: malformed CSV: {exc}") from None
    return events


def _from_mapping(item: Mapping[Any, Any], where: str, file: str, row: int, line: int | None) -> Event:
    keys = {str(k).strip().lower(): v for k, v in item.items()}
    unknown = sorted(k for k in keys if k not in FIELDS)
    if unknown:
        raise InputError(f"{where}: unknown field(s) {', '.join(map(repr, unknown))}; fields are {FIELDS}")
    return make_event(
        keys.get("subject"),
        keys.get("predicate"),
        keys.get("object"),
        keys.get("date"),
        keys.get("note"),
        keys.get("source"),
        part=keys.get("part"),
        where=where,
        file=file,
        row=row,
        line=line,
    )


# ---------------------------------------------------------------------------------------------- writing


def append_event(path: Path, event: Event) -> Event:
    """Validate `event` and the existing file, then append atomically; return the event as stored.

    A new file gets a header (YAML: a comment; CSV: the column row). On any error — a bad event, an
    unreadable or invalid existing file, the same fact already recorded — the file is left untouched.
    """
    path = Path(path)
    kind = _kind(path)
    row = event.as_row()
    event = _checked(
        make_event(
            *(row[name] or None for name in FIELDS if name != "part"),
            part=row["part"] or None,
            where=f"{path}: new event",
        )
    )
    exists = path.exists()
    old_text = _read(path) if exists else ""
    old = parse_events(old_text, path) if exists else []
    for previous in old:
        if previous.same_fact(event):
            raise InputError(f"{path}: the same event is already recorded ({previous.where})")
    new_text = (_append_yaml if kind == "yaml" else _append_csv)(old_text, event, exists)
    try:
        stored = parse_events(new_text, path)
    except InputError as exc:
        raise InputError(f"{path}: cannot append safely to this file ({exc})") from None
    if len(stored) != len(old) + 1 or not stored[-1].same_fact(event):
        raise InputError(
            f"{path}: cannot append safely to this file's layout; keep the events as a top-level YAML list"
        )
    atomic_write_text(path, new_text)
    return stored[-1]


def _append_yaml(old_text: str, event: Event, exists: bool) -> str:
    import yaml

    values: dict[str, Any] = {name: value for name, value in event.as_row().items() if value}
    if event.date is not None:
        values["date"] = event.date
    item = yaml.safe_dump([values], allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000)
    indent = _yaml_item_indent(old_text) if exists else 0
    item = "".join(" " * indent + line for line in item.splitlines(keepends=True))
    head = old_text if exists else NEW_FILE_HEADER
    if head and not head.endswith("\n"):
        head += "\n"
    if exists and _yaml_is_empty_list(old_text):
        raise InputError("the file holds an inline empty list ([]); write the events as a block list")
    return head + item


def _yaml_item_indent(text: str) -> int:
    """Column of the `-` of the existing items (0 for a top-level list, 2 under `events:`)."""
    import yaml

    root = yaml.compose(text, Loader=_yaml_loader())
    seq = root
    if isinstance(root, yaml.MappingNode):
        seq = next((v for k, v in root.value if k.value == "events"), None)
        if isinstance(seq, yaml.SequenceNode) and not seq.value:
            return 2
    if isinstance(seq, yaml.SequenceNode) and seq.value:
        return max(seq.value[0].start_mark.column - 2, 0)
    return 0


def _yaml_is_empty_list(text: str) -> bool:
    import yaml

    root = yaml.compose(text, Loader=_yaml_loader())
    return isinstance(root, yaml.SequenceNode) and not root.value and root.flow_style is True


def _append_csv(old_text: str, event: Event, exists: bool) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if exists and old_text.strip():
        header = next(csv.reader(io.StringIO(old_text)))
        columns = [name.strip().lower() for name in header]
        head = old_text if old_text.endswith("\n") else old_text + "\n"
    else:
        columns = list(FIELDS)
        writer.writerow(columns)
        head = ""
    row = event.as_row()
    missing = [name for name in FIELDS if row[name] and name not in columns]
    if missing:
        raise InputError(f"the file has no column for {', '.join(missing)}")
    writer.writerow([row[name] for name in columns])
    return head + buffer.getvalue()


def format_events_csv(events: Iterable[Event]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FIELDS)
    for event in events:
        writer.writerow([event.as_row()[name] for name in FIELDS])
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------- graph


def resolve_legal_key(graph: PropertyGraph, ident: str, *, where: str = "event") -> str | None:
    """The node key of a (normalized) id in `graph`, or None when the graph does not hold it.

    `id#scope` → `legal:id#scope`; an unscoped id → `legal:id`, else its only scoped variant; two or
    more scoped variants (two provinces' `1025/QĐ-UBND`) → `InputError` asking for the scope.
    """
    base, _, scope = ident.partition("#")
    if scope:
        key = legal_key(base, scope)
        return key if key in graph.nodes else None
    key = legal_key(base, None)
    if key in graph.nodes:
        return key
    scoped = sorted(
        k for k, n in graph.nodes.items() if n.label == LEGAL_DOCUMENT and k.startswith(f"{key}#")
    )
    if len(scoped) > 1:
        choices = ", ".join(k.removeprefix("legal:") for k in scoped)
        raise InputError(f"{where}: {ident} is ambiguous; add the province scope: {choices}")
    return scoped[0] if scoped else None


def apply_events(graph: PropertyGraph, events: Iterable[Event]) -> PropertyGraph:
    """A copy of `graph` with one relation edge per event (`source="events"`); `graph` is not changed.

    Documents the graph does not hold yet get a LegalDocument node (`origin="events"`).
    """
    result = PropertyGraph(nodes=dict(graph.nodes), edges=list(graph.edges))
    for event in events:
        ends = []
        for ident in (event.subject, event.object):
            key = resolve_legal_key(result, ident, where=event.where)
            if key is None:
                base, _, scope = ident.partition("#")
                key = result.add_node(
                    legal_key(base, scope or None), LEGAL_DOCUMENT, id=base, scope=scope, origin="events"
                )
            ends.append(key)
        props = {
            "source": EVENTS_SOURCE,
            "date": event.date.isoformat() if event.date else None,
            "note": event.note,
            "event_source": event.source,
            "source_document": event.file,
            "source_line": event.line,
            "events_row": event.row,
            "part": event.part,
        }
        result.edges.append(
            Edge(
                ends[0],
                RELATION_TYPES[event.predicate.value],
                ends[1],
                {k: v for k, v in props.items() if v is not None},
            )
        )
    return result


__all__ = [
    "FIELDS",
    "Event",
    "append_event",
    "apply_events",
    "format_events_csv",
    "load_events",
    "make_event",
    "normalize_id",
    "resolve_legal_key",
]
