"""Property graph → a Cypher engine, and read-only Cypher queries against it.

Two engines behind one interface:

- `FalkorEngine`: the `falkordb` client over the Redis protocol (the embedded server of a build
  folder, or any FalkorDB at `falkordb://HOST:PORT`);
- `BoltEngine`: the official `neo4j` driver (`bolt://`, `bolt+s://`, `neo4j://`, `neo4j+s://` …),
  for Neo4j 5 / Aura; FalkorDB's experimental Bolt endpoint works too, for tests.

`push` writes nodes label by label, then edges type by type, each batch one transaction of
`UNWIND $rows AS r MERGE … SET … += r.props`. Nodes are merged on `key` (PropertyGraph's node key),
edges on (source key, type, target key, `edge_id`), `edge_id` being a hash of the edge's ends,
type and properties. Pushing a build twice gives the same counts; re-running an interrupted push
converges. Batches are capped by rows *and* by estimated message bytes: Neo4j is happy with
megabytes, FalkorDB's Bolt endpoint dies above ~8 KB (so a BoltEngine that finds FalkorDB behind
the socket caps messages at `dialect.FALKORDB_BOLT_MAX_MESSAGE_BYTES` whatever the caller asked).

`run_read` runs one read-only query with bound parameters, a timeout and a row limit.
Labels and relationship types in Cypher text come only from `plankg.graph.property` constants.

`embedded(build)` is the default engine of `plankg cypher`, `plankg query --engine cypher` and the
web app: the build folder's own FalkorDB (`falkordb_server`), started when needed, holding that
build's graph.json. `ensure_current` keeps it so: the sha256 of the graph.json last loaded whole is
kept in a Redis string next to the graph (`STAMP_KEY`; not a node, so no query can see it), and a
missing graph or a different stamp means: delete the graph, push graph.json, write the new stamp.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from plankg.errors import InputError, PlankgError, QueryError
from plankg.graph import dialect
from plankg.graph.exports import GRAPH_FILE, load_property_graph
from plankg.graph.property import Edge, PropertyGraph
from plankg.queries import NamedQuery, get_query, list_queries

DEFAULT_GRAPH = "plankg"  # FalkorDB graph key (Neo4j: the server's default database unless given)
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
USER_ENV = "PLANKG_NEO4J_USER"
PASSWORD_ENV = "PLANKG_NEO4J_PASSWORD"
DEFAULT_TIMEOUT_S = 30.0
STAMP_KEY = "plankg:stamp:{graph}"  # Redis string beside a FalkorDB graph: graph_stamp() of its source
_PARAM_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ROW_OVERHEAD = 64  # RUN message framing, statement metadata, rounding

Progress = Callable[[int, int], None]  # (rows written so far, rows in total)


class Engine(Protocol):
    """What `push` and `run_read` need from a Cypher engine."""

    dialect: str  # dialect.FALKORDB or dialect.NEO4J
    target: str  # printable description, never with credentials
    default_batch_size: int
    default_max_message_bytes: int
    hard_max_message_bytes: int | None  # a limit the server itself imposes (FalkorDB Bolt)

    def write(self, query: str, params: Mapping[str, Any]) -> None: ...
    def read(
        self, query: str, params: Mapping[str, Any], timeout_s: float | None, limit: int | None
    ) -> tuple[list[str], list[list[Any]]]: ...
    def ensure_indexes(self, labels: Sequence[str]) -> None: ...
    def delete_graph(self) -> None: ...
    def close(self) -> None: ...


# FalkorDB over the Redis protocol


class FalkorEngine:
    dialect = dialect.FALKORDB
    default_batch_size = 2_000
    default_max_message_bytes = 16_000_000
    hard_max_message_bytes = None

    def __init__(self, host: str, port: int, graph: str = DEFAULT_GRAPH) -> None:
        import falkordb
        import redis

        self._errors = (redis.exceptions.ResponseError,)
        self._connection_errors = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
        self.target = f"falkordb://{host}:{port} graph {graph}"
        self.graph_name = graph
        dialect.absorb_lost_connection(host, port)
        try:
            self._db = falkordb.FalkorDB(host=host, port=port, socket_connect_timeout=5)
            self._graph = self._db.select_graph(graph)
        except self._connection_errors as exc:
            raise PlankgError(f"cannot reach FalkorDB at {host}:{port}: {exc}") from exc

    @classmethod
    def connect(cls, url: str, graph: str | None = None) -> FalkorEngine:
        """`falkordb://HOST:PORT[/GRAPH]` (also `redis://`)."""
        parts = urlsplit(url)
        if parts.scheme not in ("falkordb", "redis") or not parts.hostname:
            raise InputError(f"not a FalkorDB address: {url} (expected falkordb://HOST:PORT)")
        if parts.username or parts.password:
            raise InputError("credentials in the address are not accepted")
        path_graph = parts.path.strip("/") or None
        return cls(parts.hostname, parts.port or 6379, graph or path_graph or DEFAULT_GRAPH)

    def _call(self, fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except self._errors as exc:
            raise QueryError(_first_line(str(exc))) from exc
        except self._connection_errors as exc:
            raise PlankgError(f"lost FalkorDB at {self.target}: {exc}") from exc

    def write(self, query: str, params: Mapping[str, Any]) -> None:
        self._call(lambda: self._graph.query(query, dict(params)))

    def read(
        self, query: str, params: Mapping[str, Any], timeout_s: float | None, limit: int | None
    ) -> tuple[list[str], list[list[Any]]]:
        timeout = dialect.falkordb_timeout_ms(timeout_s)
        result = self._call(lambda: self._graph.ro_query(query, dict(params), timeout=timeout))
        columns = [_text(h[1]) for h in result.header]
        rows = result.result_set if limit is None else result.result_set[:limit]
        return columns, [[plain(v) for v in row] for row in rows]

    def ensure_indexes(self, labels: Sequence[str]) -> None:
        existing = self._existing_indexes()
        for node_label in labels:
            for statement, prop in zip(
                dialect.index_statements(self.dialect, node_label), dialect.INDEXED, strict=True
            ):
                if (node_label, prop) not in existing:
                    self._ddl(statement)
            command = dialect.falkordb_unique_constraint_command(self.graph_name, node_label)
            try:
                self._db.connection.execute_command(*command)
            except self._errors as exc:
                if not dialect.already_exists(str(exc)):
                    raise QueryError(_first_line(str(exc))) from exc

    def _existing_indexes(self) -> set[tuple[str, str]]:
        try:
            _, rows = self.read(dialect.EXISTING_INDEXES_QUERY[self.dialect], {}, None, None)
        except QueryError:  # no graph yet
            return set()
        return {(row[0], prop) for row in rows for prop in row[1]}

    def _ddl(self, statement: str) -> None:
        try:
            self._graph.query(statement)
        except self._errors as exc:
            if not dialect.already_exists(str(exc)):
                raise QueryError(_first_line(str(exc))) from exc

    def delete_graph(self) -> None:
        with contextlib.suppress(*self._errors):  # no such graph: nothing to delete
            self._graph.delete()

    def stamp(self) -> str | None:
        """The stamp of what this graph was loaded from (`ensure_current`); None when the graph or
        the stamp is missing."""

        def run() -> str | None:
            if self.graph_name not in self._db.list_graphs():
                return None
            value = self._db.connection.get(STAMP_KEY.format(graph=self.graph_name))
            return _text(value) if value is not None else None

        return self._call(run)

    def set_stamp(self, value: str | None) -> None:
        key = STAMP_KEY.format(graph=self.graph_name)
        connection = self._db.connection
        self._call(lambda: connection.delete(key) if value is None else connection.set(key, value))

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# Neo4j (or FalkorDB's Bolt endpoint) through the official driver


class BoltEngine:
    default_batch_size = 1_000
    default_max_message_bytes = 2_000_000

    def __init__(
        self,
        uri: str,
        auth: tuple[str, str] | None = None,
        database: str | None = None,
        dialect_name: str | None = None,
    ) -> None:
        import neo4j
        from neo4j import exceptions as neo4j_errors

        self._neo4j = neo4j
        self._errors = neo4j_errors
        parts = urlsplit(uri)
        if parts.scheme not in BOLT_SCHEMES or not parts.hostname:
            raise InputError(f"not a Bolt address: {uri} (expected one of {', '.join(BOLT_SCHEMES)}://HOST)")
        if parts.username or parts.password:
            raise InputError(
                f"credentials in the address are not accepted; set {USER_ENV} and {PASSWORD_ENV}"
            )
        self.uri, self.database = uri, database
        self._host, self._port, self._tls = parts.hostname, parts.port or 7687, "+" in parts.scheme
        self.target = uri + (f" database {database}" if database else "")
        self._driver = self._open(uri, auth)
        if dialect_name is None:
            with self._session() as session:
                dialect_name = dialect.detect_bolt_dialect(session)
        self.dialect = dialect_name
        self.hard_max_message_bytes = (
            dialect.FALKORDB_BOLT_MAX_MESSAGE_BYTES if dialect_name == dialect.FALKORDB else None
        )

    def _open(self, uri: str, auth: tuple[str, str] | None) -> Any:
        """A verified driver. A FalkorDB left in its post-GOODBYE state (dialect.absorb_lost_handshake)
        swallows handshakes, so the first attempts give up after a few seconds and try again."""
        neo4j, errors = self._neo4j, self._errors
        quick_attempts = 3
        for attempt in range(quick_attempts + 1):
            if not self._tls:
                dialect.absorb_lost_handshake(self._host, self._port)
            quick = {"connection_acquisition_timeout": 5.0} if attempt < quick_attempts else {}
            driver = neo4j.GraphDatabase.driver(uri, auth=auth, user_agent="plankg", **quick)
            try:
                driver.verify_connectivity()
                return driver
            except errors.AuthError as exc:
                driver.close()
                raise PlankgError(
                    f"authentication failed at {uri}: check {USER_ENV} and {PASSWORD_ENV}"
                ) from exc
            except errors.ServiceUnavailable as exc:
                driver.close()
                if attempt < quick_attempts and "handshake" in str(exc):
                    continue
                raise PlankgError(f"cannot reach {uri}: {_first_line(str(exc))}") from exc
            except (errors.DriverError, OSError, ValueError) as exc:
                driver.close()
                raise PlankgError(f"cannot reach {uri}: {_first_line(str(exc))}") from exc
        raise AssertionError("unreachable")

    def _session(self, read: bool = False) -> Any:
        mode = self._neo4j.READ_ACCESS if read else self._neo4j.WRITE_ACCESS
        return self._driver.session(database=self.database, default_access_mode=mode)

    def _call(self, fn: Callable[[], Any]) -> Any:
        errors = self._errors
        try:
            return fn()
        except (errors.ClientError, errors.DatabaseError) as exc:
            message = getattr(exc, "message", None) or str(exc)
            if getattr(exc, "code", "") == "Neo.ClientError.Statement.AccessMode":
                message = f"only read queries can run here: {message}"
            raise QueryError(_first_line(message)) from exc
        except (errors.ServiceUnavailable, errors.SessionExpired, errors.DriverError, OSError) as exc:
            raise PlankgError(f"lost the connection to {self.uri}: {_first_line(str(exc))}") from exc

    def _params(self, params: Mapping[str, Any]) -> dict[str, Any]:
        if self.dialect == dialect.FALKORDB:
            return dict(dialect.falkordb_bolt_params(dict(params)))
        return dict(params)

    def write(self, query: str, params: Mapping[str, Any]) -> None:
        bound = self._params(params)

        def work(tx: Any) -> None:
            tx.run(query, bound).consume()

        def run() -> None:
            with self._session() as session:
                session.execute_write(work)

        self._call(run)

    def read(
        self, query: str, params: Mapping[str, Any], timeout_s: float | None, limit: int | None
    ) -> tuple[list[str], list[list[Any]]]:
        bound = self._params(params)

        @self._neo4j.unit_of_work(timeout=timeout_s)
        def work(tx: Any) -> tuple[list[str], list[list[Any]]]:
            result = tx.run(query, bound)
            columns = list(result.keys())
            rows = []
            for record in result:
                if limit is not None and len(rows) >= limit:
                    break
                rows.append([plain(v) for v in record.values()])
            result.consume()
            return columns, rows

        def run() -> tuple[list[str], list[list[Any]]]:
            with self._session(read=True) as session:
                return session.execute_read(work)

        return self._call(run)

    def ensure_indexes(self, labels: Sequence[str]) -> None:
        try:
            _, rows = self.read(dialect.EXISTING_INDEXES_QUERY[self.dialect], {}, None, None)
            existing = {(row[0], prop) for row in rows for prop in (row[1] or [])}
        except QueryError:
            existing = set()
        for node_label in labels:
            statements = dialect.index_statements(self.dialect, node_label)
            if self.dialect == dialect.FALKORDB:  # no IF NOT EXISTS: skip what exists
                statements = [
                    s
                    for s, p in zip(statements, dialect.INDEXED, strict=True)
                    if (node_label, p) not in existing
                ]
            for statement in statements:

                def run(statement: str = statement) -> None:
                    with self._session() as session:
                        session.run(statement).consume()

                self._call(run)

    def delete_graph(self) -> None:
        """Delete plankg's nodes (and their relationships), label by label, in small transactions."""
        for node_label in sorted(dialect.NODE_LABELS):
            query = (
                f"MATCH (n:{dialect.label(node_label)}) WITH n LIMIT 500 DETACH DELETE n RETURN count(*) AS c"
            )
            while True:
                holder: list[int] = []

                def work(tx: Any, query: str = query, holder: list[int] = holder) -> None:
                    holder.append(tx.run(query).single()[0])

                def run(work: Any = work) -> None:
                    with self._session() as session:
                        session.execute_write(work)

                self._call(run)
                if not holder or not holder[0]:
                    break

    def close(self) -> None:
        self._driver.close()
        if self.dialect == dialect.FALKORDB and not self._tls:
            dialect.absorb_lost_handshake(self._host, self._port)

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def connect(
    to: str,
    *,
    graph: str | None = None,
    auth: tuple[str, str] | None = None,
) -> Engine:
    """An engine for `falkordb://…` / `redis://…` or a Bolt URI; `graph` is the FalkorDB graph key
    or the Neo4j database name."""
    scheme = urlsplit(to).scheme
    if scheme in ("falkordb", "redis"):
        return FalkorEngine.connect(to, graph)
    if scheme in BOLT_SCHEMES:
        return BoltEngine(to, auth=auth, database=graph)
    raise InputError(f"unknown target {to!r}: use falkordb://HOST:PORT or bolt://, neo4j://, neo4j+s://…")


def embedded(
    build: Path, graph: str | None = None, *, progress: Progress | None = None
) -> tuple[FalkorEngine, PushReport | None]:
    """The build folder's embedded FalkorDB (started if it is not running), holding the build's
    current graph.json: (engine, the push report when it had to be loaded, else None)."""
    from plankg.graph import falkordb_server as server

    if not (Path(build) / GRAPH_FILE).is_file():
        raise InputError(f"{build} is not a build folder (no {GRAPH_FILE}): run plankg build first")
    info = server.start(server.data_dir_for(build))
    engine = FalkorEngine.connect(info.url, graph)
    try:
        return engine, ensure_current(engine, build, progress=progress)
    except BaseException:
        engine.close()
        raise


def ensure_current(
    engine: FalkorEngine, build: Path, *, progress: Progress | None = None
) -> PushReport | None:
    """Make `engine`'s graph the build's graph.json, unless it is already (same stamp): delete it, push
    graph.json, stamp it. Holds the build's server lock, so concurrent commands load it once."""
    from plankg.graph import falkordb_server as server

    with server.locked(server.data_dir_for(build)):
        stamp = graph_stamp(build)
        if engine.stamp() == stamp:
            return None
        graph = load_property_graph(Path(build) / GRAPH_FILE)
        if graph_stamp(build) != stamp:  # replaced while we read it: the stamp must match what we push
            raise PlankgError(f"{Path(build) / GRAPH_FILE} changed while loading it; run the command again")
        engine.set_stamp(None)  # an interrupted load must not look current
        engine.delete_graph()
        report = push(graph, engine, progress=progress)
        engine.set_stamp(stamp)
        return report


_stamps: dict[tuple[str, int, int, int], str] = {}


def graph_stamp(build: Path) -> str:
    """sha256 of the build's graph.json (cached while its inode, size and mtime stay the same)."""
    path = (Path(build) / GRAPH_FILE).resolve()
    try:
        info = path.stat()
        key = (str(path), info.st_ino, info.st_size, info.st_mtime_ns)
        if key not in _stamps:
            digest = hashlib.sha256()
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            _stamps.clear()  # one build at a time is the common case; keep the cache tiny
            _stamps[key] = digest.hexdigest()
        return _stamps[key]
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc


def auth_from_env() -> tuple[str, str] | None:
    """(user, password) from PLANKG_NEO4J_USER / PLANKG_NEO4J_PASSWORD, None when neither is set."""
    user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
    if user is None and password is None:
        return None
    return (user or "neo4j", password or "")


# push


@dataclass
class PushReport:
    target: str
    node_rows: int = 0  # rows sent
    edge_rows: int = 0
    nodes: int = 0  # counted in the store afterwards (plankg labels only)
    edges: int = 0
    nodes_by_label: dict[str, int] = field(default_factory=dict)
    edges_by_type: dict[str, int] = field(default_factory=dict)
    batches: int = 0
    max_message_bytes: int = 0  # the largest estimated message sent
    skipped_edges: int = 0  # edges whose ends are not nodes of the graph
    seconds: float = 0.0

    @property
    def rows_per_s(self) -> float:
        return (self.node_rows + self.edge_rows) / self.seconds if self.seconds else 0.0


def push(
    graph: PropertyGraph,
    engine: Engine,
    batch_size: int | None = None,
    *,
    max_message_bytes: int | None = None,
    progress: Progress | None = None,
) -> PushReport:
    """MERGE every node and edge of `graph` into `engine`; idempotent, converges when re-run.

    `batch_size` caps rows per transaction, `max_message_bytes` the estimated size of each
    message (defaults per engine; FalkorDB's Bolt endpoint caps it further). A single row larger
    than the cap goes alone, except to FalkorDB over Bolt, where it is refused before sending.
    """
    started = time.perf_counter()

    node_groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for node in graph.nodes.values():
        node_groups[dialect.label(node.label)].append({"key": node.key, "props": storable(node.props)})
    edge_groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    skipped = 0
    for edge in graph.edges:
        source, target = graph.nodes.get(edge.source), graph.nodes.get(edge.target)
        if source is None or target is None:
            skipped += 1
            continue
        group = (dialect.edge_type(edge.type), dialect.label(source.label), dialect.label(target.label))
        edge_groups[group].append(
            {"s": edge.source, "t": edge.target, "id": edge_id(edge), "props": storable(edge.props)}
        )
    total = sum(map(len, node_groups.values())) + sum(map(len, edge_groups.values()))
    batch_size = batch_size or engine.default_batch_size
    if batch_size < 1:
        raise InputError("--batch-size must be at least 1")
    cap = max_message_bytes or engine.default_max_message_bytes
    if engine.hard_max_message_bytes is not None:
        cap = min(cap, engine.hard_max_message_bytes)

    report = PushReport(target=engine.target, skipped_edges=skipped)
    engine.ensure_indexes(sorted(node_groups))
    done = 0
    work: list[tuple[str, list[dict[str, Any]], bool]] = [
        (f"UNWIND $rows AS r MERGE (n:{lbl} {{{dialect.KEY}: r.key}}) SET n += r.props", rows, True)
        for lbl, rows in sorted(node_groups.items())
    ]
    work += [
        (
            f"UNWIND $rows AS r MATCH (a:{src} {{{dialect.KEY}: r.s}}) "
            f"MATCH (b:{dst} {{{dialect.KEY}: r.t}}) "
            f"MERGE (a)-[e:{typ} {{{dialect.EDGE_ID}: r.id}}]->(b) SET e += r.props",
            rows,
            False,
        )
        for (typ, src, dst), rows in sorted(edge_groups.items())
    ]
    for query, rows, is_node in work:
        for batch, size in _batches(query, rows, batch_size, cap):
            if size > cap and engine.hard_max_message_bytes is not None:
                raise InputError(
                    f"a row of {size} bytes exceeds the {cap}-byte message limit of {engine.target} "
                    "(FalkorDB's Bolt endpoint crashes on large messages); push over falkordb:// instead"
                )
            engine.write(query, {"rows": batch})
            report.batches += 1
            report.max_message_bytes = max(report.max_message_bytes, size)
            if is_node:
                report.node_rows += len(batch)
            else:
                report.edge_rows += len(batch)
            done += len(batch)
            if progress:
                progress(done, total)
    report.seconds = time.perf_counter() - started
    report.nodes_by_label, report.edges_by_type = count_in_store(
        engine, node_groups, {k[0] for k in edge_groups}
    )
    report.nodes, report.edges = sum(report.nodes_by_label.values()), sum(report.edges_by_type.values())
    return report


def count_in_store(
    engine: Engine, labels: Sequence[str] | Mapping[str, Any] | None = None, types: set[str] | None = None
) -> tuple[dict[str, int], dict[str, int]]:
    """Nodes per plankg label and relationships per plankg type now in the store."""
    nodes, edges = {}, {}
    for node_label in sorted(labels or dialect.NODE_LABELS):
        _, rows = engine.read(f"MATCH (n:{dialect.label(node_label)}) RETURN count(n)", {}, None, None)
        nodes[node_label] = int(rows[0][0])
    for type_ in sorted(types or dialect.EDGE_TYPES):
        _, rows = engine.read(f"MATCH ()-[r:{dialect.edge_type(type_)}]->() RETURN count(r)", {}, None, None)
        edges[type_] = int(rows[0][0])
    return nodes, edges


def edge_id(edge: Edge) -> str:
    """Stable id of an edge: same ends, type and properties → same id (so MERGE dedups exactly those)."""
    payload = json.dumps(
        [edge.source, edge.type, edge.target, edge.props], sort_keys=True, ensure_ascii=False, default=str
    )
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()[:20]


def _batches(
    query: str, rows: list[dict[str, Any]], batch_size: int, max_bytes: int
) -> Iterator[tuple[list[dict[str, Any]], int]]:
    """Consecutive slices of `rows`, each ≤ batch_size rows and ≤ max_bytes estimated (a lone
    oversized row is yielded alone); with each slice's estimated message size."""
    base = len(query.encode("utf-8")) + _ROW_OVERHEAD
    batch: list[dict[str, Any]] = []
    size = base
    for row in rows:
        row_size = dialect.packstream_size(row)
        if batch and (len(batch) >= batch_size or size + row_size > max_bytes):
            yield batch, size
            batch, size = [], base
        batch.append(row)
        size += row_size
    if batch:
        yield batch, size


def storable(props: Mapping[str, Any]) -> dict[str, Any]:
    """Properties both engines can store: scalars, homogeneous lists of scalars; no None, no maps."""
    result: dict[str, Any] = {}
    for name, value in props.items():
        value = _storable_value(value)
        if value is not None:
            result[str(name)] = value
    return result


def _storable_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return value if -(2**63) <= value < 2**63 else str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        items = [_storable_value(v) for v in value]
        items = [v for v in items if v is not None and not isinstance(v, list)]
        if not items:
            return None
        if len({type(v) for v in items}) > 1:  # Neo4j arrays are homogeneous
            items = [v if isinstance(v, str) else json.dumps(v) for v in items]
        return items
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


# read


def run_read(
    engine: Engine,
    query: str,
    params: Mapping[str, Any] | None = None,
    timeout_s: float | None = DEFAULT_TIMEOUT_S,
    limit: int | None = None,
) -> tuple[list[str], list[list[Any]]]:
    """Run one read-only query; parameters are bound by the engine, never formatted into the text."""
    if not query.strip():
        raise QueryError("the query is empty")
    dialect.check_read_only(query)
    # typed dates (from `NamedQuery.bind`) compare with the ISO strings the graph stores
    bound = {k: v.isoformat() if isinstance(v, date) else v for k, v in (params or {}).items()}
    for name, value in bound.items():
        if not isinstance(name, str) or not _PARAM_NAME_RE.match(name):
            raise QueryError(f"bad parameter name {name!r}: letters, digits and _ only")
        if not _bindable(value):
            raise QueryError(f"parameter {name}: only strings, numbers, booleans and lists of them")
    if limit is not None and limit < 0:
        raise QueryError("--limit must not be negative")
    if timeout_s is not None and timeout_s <= 0:
        raise QueryError("--timeout must be positive")
    return engine.read(query, bound, timeout_s, limit)


def _bindable(value: Any) -> bool:
    if value is None or isinstance(value, bool | int | float | str):
        return not (isinstance(value, float) and not math.isfinite(value))
    if isinstance(value, list | tuple):
        return all(_bindable(v) and not isinstance(v, list | tuple) for v in value)
    return False


def plain(value: Any) -> Any:
    """Engine values → JSON-ready Python: nodes and relationships as property maps, dates as ISO."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, date | datetime):
        return value.isoformat()
    if hasattr(value, "iso_format"):  # neo4j.time types
        return value.iso_format()
    labels = getattr(value, "labels", None)
    if labels is not None:  # a node (neo4j or falkordb)
        props = dict(getattr(value, "properties", None) or value.items())
        return {"_labels": sorted(labels), **{k: plain(v) for k, v in props.items()}}
    rel_type = getattr(value, "relation", None) or getattr(value, "type", None)
    if rel_type is not None and not callable(rel_type):  # a relationship
        props = dict(getattr(value, "properties", None) or value.items())
        return {"_type": rel_type, **{k: plain(v) for k, v in props.items()}}
    if hasattr(value, "nodes") and callable(getattr(value, "nodes", None)):  # falkordb Path
        return [plain(n) for n in value.nodes()]
    if hasattr(value, "nodes"):  # neo4j Path
        return [plain(n) for n in value.nodes]
    return str(value)


# named queries (queries/*.cypher)


def named_queries() -> dict[str, NamedQuery]:
    """Every `queries/*.cypher`, by name (the one named-query catalogue, `plankg.queries`)."""
    return {query.name: query for query in list_queries("cypher")}


def named_query(name: str) -> NamedQuery:
    return get_query(name, "cypher")


def _first_line(message: str) -> str:
    message = re.sub(r"^errMsg:\s*", "", message.strip())  # FalkorDB's error prefix
    message = re.split(r"\s+errCtx:", message)[0]
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    return lines[0] if lines else "unknown error"


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


__all__ = [
    "BoltEngine",
    "Engine",
    "FalkorEngine",
    "NamedQuery",
    "PushReport",
    "auth_from_env",
    "connect",
    "count_in_store",
    "edge_id",
    "embedded",
    "ensure_current",
    "graph_stamp",
    "named_queries",
    "named_query",
    "push",
    "run_read",
    "storable",
]
