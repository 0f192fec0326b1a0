"""SPARQL over a build: the embedded Oxigraph store, any SPARQL 1.1 endpoint, or plain rdflib.

- Embedded (default): `BUILD/store`, a persistent Oxigraph (RocksDB) store written by the build
  with `bulk_load` (and changed since only by `graph.store_update.update_store`, in one
  transaction per update), opened read-only (`Store.read_only`, a snapshot) for every query.
  Queries read the default graph; the store's named graphs hold the ontology (`ONTOLOGY_GRAPH`)
  and one bookkeeping graph per document (named by the document's IRI; see `graph.rdf`), which
  only a query naming graphs (`GRAPH ?g`) sees. Parameters are
  bound with Oxigraph `substitutions` (SPARQL-dev SEP-0007), never formatted into the text.
  SEP-0007 binds only variables the query projects, so a parameter `?x` must appear in the
  top-level SELECT clause (and in its GROUP BY when the query aggregates); the named queries
  follow that rule and the runner drops the parameter columns from their results.
- Remote (`endpoint="http://…/query"`): SPARQL 1.1 Protocol over plain HTTP (urllib), SPARQL JSON
  results. Parameters are bound with a `VALUES` block inserted at the start of the query's
  top-level WHERE group, built from RDF terms serialized in N-Triples syntax (escaped by rdflib),
  so a value can never end the literal it is in.
- rdflib (`run_sparql_graph`): the same queries on an in-memory `rdflib.Graph`, with
  `initBindings`; used by the benchmark and to cross-check the engines.

Only SELECT, ASK, CONSTRUCT and DESCRIBE run: an UPDATE (INSERT, DELETE, LOAD, CLEAR, DROP …)
is refused with a `QueryError` before any engine sees it, and the embedded store is read-only
anyway. Results are plain Python values: IRIs and strings as `str`, integers as `int`,
decimals and doubles as `float`, booleans as `bool`, dates as ISO `YYYY-MM-DD` strings,
unbound as `None`. CONSTRUCT / DESCRIBE give rows of (subject, predicate, object).
"""

from __future__ import annotations

import io
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from plankg.errors import QueryError

__all__ = [
    "ONTOLOGY_GRAPH",
    "QUERY_FORMS",
    "load_store",
    "open_store",
    "query_form",
    "run_sparql",
    "run_sparql_endpoint",
    "run_sparql_graph",
    "run_sparql_store",
]

STORE_DIR = "store"
ONTOLOGY_GRAPH = "https://w3id.org/plankg/ontology"  # named graph holding the ontology
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)
DEFAULT_TIMEOUT_S = 30.0
XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = {
    XSD + name
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
}
_FLOAT_TYPES = {XSD + "decimal", XSD + "double", XSD + "float"}
_PARAM_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

Value = str | int | float | bool | date | None
Params = Mapping[str, Any]


# ------------------------------------------------------------------------------------ query text


# Tokens of the SPARQL grammar that can hide braces or keywords: comments, IRIs, strings.
_LEX_RE = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\n]*)
    | (?P<iri><[^<>"{}|^`\\\s]*>)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''
               |\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n]|\\.)*'
               |"(?:[^"\\\n]|\\.)*")
    | (?P<word>[A-Za-z_][A-Za-z0-9_\-]*:?[^\s{}()<>"',;.]*|[?$][A-Za-z0-9_]+)
    | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def _tokens(text: str) -> Iterable[tuple[str, str, int]]:
    """(kind, text, offset) of every token outside whitespace and comments."""
    for match in _LEX_RE.finditer(text):
        kind = match.lastgroup or "punct"
        if kind not in ("ws", "comment"):
            yield kind, match.group(), match.start()


def query_form(text: str) -> str:
    """The query form (SELECT, ASK, CONSTRUCT, DESCRIBE) after the prologue; QueryError otherwise."""
    tokens = list(_tokens(text))
    i = 0
    while i < len(tokens):
        kind, word, _ = tokens[i]
        upper = word.upper()
        if kind == "word" and upper == "PREFIX":
            i += 3  # PREFIX name: <iri>
            continue
        if kind == "word" and upper == "BASE":
            i += 2  # BASE <iri>
            continue
        if kind == "word" and upper in QUERY_FORMS:
            return upper
        if kind == "word" and upper in UPDATE_KEYWORDS:
            raise QueryError(
                f"SPARQL {upper} is an update; only read-only queries (SELECT, ASK, CONSTRUCT, "
                "DESCRIBE) are allowed"
            )
        break
    if not tokens:
        raise QueryError("the query is empty")
    raise QueryError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE after the prologue")


def _where_brace(text: str) -> int:
    """Offset of the `{` opening the top-level WHERE group."""
    form = query_form(text)
    depth = 0
    seen_where = False
    skip_template = form == "CONSTRUCT"
    for kind, word, offset in _tokens(text):
        if kind == "word" and word.upper() == "WHERE" and depth == 0:
            seen_where = True
            continue
        if kind != "punct" or word not in "{}()":
            continue
        if word in "({":
            if word == "{" and depth == 0 and (seen_where or not skip_template):
                return offset
            depth += 1
        else:
            depth -= 1
            if depth == 0 and skip_template and not seen_where:
                skip_template = False  # the CONSTRUCT template is over; WHERE may be omitted
    raise QueryError("could not find the query's WHERE clause to bind parameters")


# ---------------------------------------------------------------------------------- parameters


def _check_names(params: Params) -> None:
    for name in params:
        if not isinstance(name, str) or not _PARAM_NAME_RE.match(name):
            raise QueryError(f"bad parameter name {name!r}: letters, digits and _ only")


def _rdflib_term(value: Any) -> Any:
    """A Python parameter value → an rdflib term (plain strings stay simple literals)."""
    from rdflib import Literal
    from rdflib.term import Identifier

    if isinstance(value, Identifier):
        return value
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, int):
        return Literal(value)
    if isinstance(value, float | Decimal):
        return Literal(Decimal(str(value)))
    if isinstance(value, datetime):
        return Literal(value)
    if isinstance(value, date):
        return Literal(value)
    if isinstance(value, str):
        return Literal(value)
    if value is None:
        return Literal("")
    raise QueryError(f"cannot bind a parameter of type {type(value).__name__}")


def _oxigraph_term(value: Any) -> Any:
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    term = _rdflib_term(value)
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    assert isinstance(term, Literal)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def bind_values(query: str, params: Params) -> str:
    """`query` with a VALUES block binding `params` at the start of its top-level WHERE group.

    Each value is an RDF term in N-Triples syntax (rdflib escapes quotes, backslashes and line
    breaks), so no value can leave the literal it is in.
    """
    if not params:
        return query
    _check_names(params)
    names = sorted(params)
    terms = " ".join(_rdflib_term(params[name]).n3() for name in names)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({terms}) }} "
    brace = _where_brace(query)
    return query[: brace + 1] + block + query[brace + 1 :]


# ------------------------------------------------------------------------------------- values


def _plain_oxigraph(term: Any) -> Value:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return _plain_literal(term.value, term.datatype.value if term.datatype else None)
    return str(term.value) if not isinstance(term, ox.BlankNode) else f"_:{term.value}"


def _plain_literal(lexical: str, datatype: str | None) -> Value:
    try:
        if datatype in _INTEGER_TYPES:
            return int(lexical)
        if datatype in _FLOAT_TYPES:
            return float(lexical)
        if datatype == XSD + "boolean":
            return lexical.strip() in ("true", "1")
        if datatype == XSD + "date":
            return date.fromisoformat(lexical[:10]).isoformat()
    except ValueError:
        return lexical
    return lexical


def _plain_rdflib(term: Any) -> Value:
    from rdflib import BNode, Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        return _plain_literal(str(term), str(term.datatype) if term.datatype else None)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _plain_json(term: dict[str, str] | None) -> Value:
    if term is None:
        return None
    kind = term.get("type")
    if kind == "bnode":
        return f"_:{term['value']}"
    if kind in ("literal", "typed-literal"):
        return _plain_literal(term["value"], term.get("datatype"))
    return term["value"]


# -------------------------------------------------------------------------------- the store


def load_store(
    path: Path,
    ntriples: bytes | str | None = None,
    *,
    files: Iterable[Path] = (),
    lenient: bool = False,
) -> Any:
    """Create the persistent Oxigraph store at `path` by bulk loading `ntriples` (N-Triples, into
    the default graph) or `files` (N-Quads, one pass; N-Triples lines are N-Quads of the default
    graph), and the ontology into the named graph `ONTOLOGY_GRAPH`. Returns the open store.

    Files are streamed by Oxigraph's bulk loader (Rust, parallel), never held in Python.
    `lenient` skips Oxigraph's IRI checks: only for files plankg wrote itself from checked terms.
    """
    import pyoxigraph as ox

    from plankg.ontology import ontology_text

    if path.exists():
        raise QueryError(f"{path} already exists; build into a fresh folder")
    store = ox.Store(str(path))
    if ntriples is not None:
        store.bulk_load(ntriples, format=ox.RdfFormat.N_TRIPLES)
    files = list(files)
    if files:
        with _Chained(files) as stream:
            store.bulk_load(stream, format=ox.RdfFormat.N_QUADS, lenient=lenient)
    store.bulk_load(ontology_text(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
    store.flush()
    return store


class _Chained(io.RawIOBase):
    """Several files read as one binary stream (so one bulk load takes them all)."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = list(paths)
        self.current: Any = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while True:
            if self.current is None:
                if not self.paths:
                    return 0
                self.current = self.paths.pop(0).open("rb")
            n = self.current.readinto(buffer)
            if n:
                return n
            self.current.close()
            self.current = None

    def close(self) -> None:
        if self.current is not None:
            self.current.close()
            self.current = None
        super().close()


def open_store(build: Path) -> Any:
    """The build's Oxigraph store, opened read-only."""
    import pyoxigraph as ox

    path = build / STORE_DIR
    if not path.is_dir():
        raise QueryError(f"no SPARQL store in {build} (expected {path}); run `plankg build` first")
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise QueryError(f"cannot open the store {path}: {exc}") from exc


def run_sparql(
    build: Path | None,
    query: str,
    params: Params | None = None,
    *,
    limit: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT_S,
    endpoint: str | None = None,
) -> tuple[list[str], list[list[Value]]]:
    """Run a read-only query on the build's store (or on `endpoint`): (columns, rows)."""
    if endpoint:
        return run_sparql_endpoint(endpoint, query, params, limit=limit, timeout=timeout)
    if build is None:
        raise QueryError("no build folder given (and no --endpoint)")
    return run_sparql_store(open_store(build), query, params, limit=limit, timeout=timeout)


def _check(query: str, limit: int | None, timeout: float | None) -> str:
    form = query_form(query)
    if limit is not None and limit < 0:
        raise QueryError("--limit must not be negative")
    if timeout is not None and timeout <= 0:
        raise QueryError("--timeout must be positive")
    return form


def run_sparql_store(
    store: Any,
    query: str,
    params: Params | None = None,
    *,
    limit: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT_S,
) -> tuple[list[str], list[list[Value]]]:
    """Run a read-only query on an open Oxigraph store, parameters bound by substitution.

    The timeout is checked while results stream (Oxigraph cannot interrupt a running evaluation
    from Python), so it bounds the time to produce rows, not the time to the first one.
    """
    import pyoxigraph as ox

    form = _check(query, limit, timeout)
    params = dict(params or {})
    _check_names(params)
    substitutions = {ox.Variable(name): _oxigraph_term(value) for name, value in params.items()}
    started = time.perf_counter()
    try:
        result = store.query(query, substitutions=substitutions or None)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {_first_line(str(exc))}") from exc
    except (RuntimeError, OSError, ValueError) as exc:
        message = _first_line(str(exc))
        if "projection" in message:
            message += " (Oxigraph binds a parameter ?x only if the query's SELECT clause lists ?x)"
        raise QueryError(message) from exc
    if form == "ASK":
        return ["ask"], [[bool(result)]]
    if form in ("CONSTRUCT", "DESCRIBE"):
        columns = ["subject", "predicate", "object"]
        source: Iterable[Any] = ((t.subject, t.predicate, t.object) for t in result)
    else:
        columns = [v.value for v in result.variables]
        source = result
    rows: list[list[Value]] = []
    for solution in source:
        if limit is not None and len(rows) >= limit:
            break
        if timeout is not None and time.perf_counter() - started > timeout:
            raise QueryError(f"query timed out after {timeout:g} s")
        rows.append([_plain_oxigraph(term) for term in solution])
    return columns, rows


def run_sparql_graph(
    graph: Any, query: str, params: Params | None = None, *, limit: int | None = None
) -> tuple[list[str], list[list[Value]]]:
    """Run a read-only query on an in-memory rdflib Graph (initBindings): the plain-rdflib path."""
    form = _check(query, limit, None)
    params = dict(params or {})
    _check_names(params)
    bindings = {name: _rdflib_term(value) for name, value in params.items()}
    try:
        result = graph.query(query, initBindings=bindings)
    except Exception as exc:  # rdflib raises pyparsing and evaluation errors of many types
        raise QueryError(f"SPARQL error: {_first_line(str(exc))}") from exc
    if form == "ASK":
        return ["ask"], [[bool(result.askAnswer)]]
    if form in ("CONSTRUCT", "DESCRIBE"):
        rows = [[_plain_rdflib(t) for t in triple] for triple in result]
        return ["subject", "predicate", "object"], rows[:limit] if limit is not None else rows
    columns = [str(v) for v in result.vars]
    rows = []
    for row in result:
        if limit is not None and len(rows) >= limit:
            break
        rows.append([_plain_rdflib(term) for term in row])
    return columns, rows


def run_sparql_endpoint(
    endpoint: str,
    query: str,
    params: Params | None = None,
    *,
    limit: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT_S,
) -> tuple[list[str], list[list[Value]]]:
    """Run a read-only query on a SPARQL 1.1 endpoint (POST, SPARQL JSON / N-Triples results)."""
    form = _check(query, limit, timeout)
    scheme = urllib.parse.urlsplit(endpoint).scheme
    if scheme not in ("http", "https"):
        raise QueryError(f"not an HTTP SPARQL endpoint: {endpoint}")
    text = bind_values(query, dict(params or {}))
    graph_form = form in ("CONSTRUCT", "DESCRIBE")
    accept = "application/n-triples" if graph_form else "application/sparql-results+json"
    request = urllib.request.Request(
        endpoint,
        data=urllib.parse.urlencode({"query": text}).encode("utf-8"),
        headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
    except urllib.error.HTTPError as exc:
        detail = _first_line(exc.read().decode("utf-8", "replace")) if exc.fp else exc.reason
        raise QueryError(f"{endpoint} answered {exc.code}: {detail}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise QueryError(f"cannot reach {endpoint}: {exc}") from exc
    if graph_form:
        from rdflib import Graph

        graph = Graph().parse(data=body.decode("utf-8"), format="nt")
        rows = sorted([_plain_rdflib(t) for t in triple] for triple in graph)
        return ["subject", "predicate", "object"], rows[:limit] if limit is not None else rows
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise QueryError(f"{endpoint} did not answer with SPARQL JSON results") from exc
    if form == "ASK":
        return ["ask"], [[bool(data.get("boolean"))]]
    columns = list(data.get("head", {}).get("vars", []))
    bindings = data.get("results", {}).get("bindings", [])
    if limit is not None:
        bindings = bindings[:limit]
    return columns, [[_plain_json(b.get(c)) for c in columns] for b in bindings]


def _first_line(message: str) -> str:
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    return lines[0] if lines else "unknown error"
