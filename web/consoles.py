"""Running queries for the web app: named queries, the SPARQL and Cypher consoles, the /sparql endpoint.

The query engines (`plankg.graph.sparql`, `plankg.graph.cypher`, `plankg.queries`) are imported inside
the functions, so the app starts (and shows a clear message) even while one of them is missing.
Every query is read-only: SPARQL updates are refused before any engine sees them (and the store is
opened read-only); Cypher goes through `run_read` (write clauses refused, `GRAPH.RO_QUERY`).
Parameters are always bound by the engine, never pasted into the text.
"""

from __future__ import annotations

import csv
import io
import json
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from plankg import csvsafe
from plankg.csvsafe import cell_text
from plankg.errors import PlankgError, QueryError
from plankg.queries import get_query, list_queries, result_columns

if TYPE_CHECKING:
    from plankg.web.state import AppState

ENGINES = ("sparql", "cypher")
DEFAULT_LIMIT = 1000
MAX_LIMIT = 10_000
DEFAULT_TIMEOUT_S = 20.0
MAX_TIMEOUT_S = 60.0
ENDPOINT_MAX_ROWS = 100_000


class EngineUnavailable(PlankgError):
    """A query engine module or server is not there (yet)."""


# ---------------------------------------------------------------------------------------------- named


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    optional: bool
    description: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    params: tuple[Param, ...]
    example: str
    texts: dict[str, str]  # engine → query text

    @property
    def engines(self) -> list[str]:
        return [e for e in ENGINES if e in self.texts]


def named_queries() -> dict[str, NamedQuery]:
    """Every named query shipped in `plankg.queries` (`NAME.rq` and/or `NAME.cypher`), by name."""
    result = {}
    for query in list_queries():
        texts = {}
        for engine in ENGINES:
            try:
                texts[engine] = get_query(query.name, engine).text
            except QueryError:
                continue
        params = tuple(Param(p.name, p.type, p.optional, p.description) for p in query.params)
        result[query.name] = NamedQuery(query.name, query.description, params, query.example, texts)
    return dict(sorted(result.items()))


def named_query(name: str) -> NamedQuery:
    queries = named_queries()
    if name not in queries:
        raise QueryError(f"no named query {name!r}")
    return queries[name]


# ---------------------------------------------------------------------------------------------- results


@dataclass
class Result:
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool
    seconds: float
    engine: str


def clamp_limit(value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return DEFAULT_LIMIT
    return max(1, min(number, MAX_LIMIT))


def clamp_timeout(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return DEFAULT_TIMEOUT_S
    return max(0.1, min(number, MAX_TIMEOUT_S)) if number == number else DEFAULT_TIMEOUT_S


def run_sparql_text(
    state: AppState, query: str, params: dict[str, Any], limit: int, timeout: float
) -> Result:
    try:
        from plankg.graph import sparql
    except ImportError as exc:
        raise EngineUnavailable("sparql") from exc
    started = time.perf_counter()
    columns, rows = sparql.run_sparql(state.build, query, params, limit=limit + 1, timeout=timeout)
    return Result(columns, rows[:limit], len(rows) > limit, time.perf_counter() - started, "sparql")


def run_cypher_text(
    state: AppState, query: str, params: dict[str, Any], limit: int, timeout: float
) -> Result:
    try:
        from plankg.graph import cypher
    except ImportError as exc:
        raise EngineUnavailable("cypher") from exc
    started = time.perf_counter()
    for attempt in (1, 2):
        engine = cypher_engine(state)
        try:
            columns, rows = cypher.run_read(engine, query, params, timeout, limit + 1)
            break
        except QueryError:
            raise
        except PlankgError:  # the server went away: reconnect once
            state.close()
            if attempt == 2:
                raise
    return Result(columns, rows[:limit], len(rows) > limit, time.perf_counter() - started, "cypher")


def cypher_engine(state: AppState) -> Any:
    """The build's embedded FalkorDB, started if needed, holding the build's current graph.json.

    Uploads rewrite graph.json before they swap the snapshot, so the file is the graph to serve;
    `cypher.ensure_current` reloads it whenever its stamp differs (the CLI shares the same check)."""
    try:
        from plankg.graph import cypher
    except ImportError as exc:
        raise EngineUnavailable("cypher") from exc
    with state.cypher_lock:
        if state.cypher_engine is None:
            state.cypher_engine, _ = cypher.embedded(state.build)
        else:
            cypher.ensure_current(state.cypher_engine, state.build)
        return state.cypher_engine


def run_named(
    state: AppState, query: NamedQuery, engine: str, given: dict[str, str], limit: int, timeout: float
) -> Result:
    """Run a named query with the form's values (empty fields are "not given")."""
    if engine not in query.texts:
        raise QueryError(f"{query.name} has no {engine} version")
    values = {k: v.strip() for k, v in given.items() if v and v.strip()}
    named = get_query(query.name, engine)
    params = named.bind(values)  # typed: dates as dates, numbers as numbers
    if engine == "sparql":
        result = run_sparql_text(state, named.text, params, limit, timeout)
        result.columns, result.rows = result_columns(named, result.columns, result.rows)
        return result
    return run_cypher_text(state, named.text, params, limit, timeout)


cell = cell_text  # the Jinja filter of result tables


def to_csv(columns: list[str], rows: list[list[Any]]) -> str:
    """A download: spreadsheet formulas neutralised (`plankg.csvsafe`), CRLF line ends."""
    return csvsafe.to_csv(columns, rows, lineterminator="\r\n")


# ---------------------------------------------------------------------------------------------- protocol

JSON_TYPE = "application/sparql-results+json"
XML_TYPE = "application/sparql-results+xml"
CSV_TYPE = "text/csv"
TSV_TYPE = "text/tab-separated-values"
NT_TYPE = "application/n-triples"
TURTLE_TYPE = "text/turtle"
RESULT_TYPES = {
    JSON_TYPE: "json",
    "application/json": "json",
    XML_TYPE: "xml",
    "application/xml": "xml",
    CSV_TYPE: "csv",
    TSV_TYPE: "tsv",
}
GRAPH_TYPES = {NT_TYPE: "nt", TURTLE_TYPE: "nt", "text/plain": "nt", "application/n-triples": "nt"}
FORMAT_ALIASES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "nt": "nt", "ntriples": "nt"}


def negotiate(accept: str | None, graph_form: bool, explicit: str | None = None) -> str | None:
    """The result format for an Accept header (None: nothing acceptable). `explicit` (format=) wins."""
    if explicit:
        return FORMAT_ALIASES.get(explicit.lower())
    table = GRAPH_TYPES if graph_form else RESULT_TYPES
    default = "nt" if graph_form else "json"
    if not accept:
        return default
    choices = []
    for position, item in enumerate(accept.split(",")):
        media, *options = [p.strip() for p in item.split(";")]
        quality = 1.0
        for option in options:
            if option.startswith("q="):
                try:
                    quality = float(option[2:])
                except ValueError:
                    quality = 0.0
        choices.append((quality, -position, media.lower()))
    for quality, _, media in sorted(choices, reverse=True):
        if quality <= 0:
            continue
        if media in table:
            return table[media]
        if media in ("*/*", "application/*", "text/*"):
            return default
    return None


def protocol_query(state: AppState, query: str, fmt_for: Any) -> tuple[bytes, str]:
    """Run `query` for the SPARQL 1.1 Protocol: (body, media type). `fmt_for(graph_form)` picks a format.

    Raises QueryError for updates and bad queries; `LookupError` when no acceptable format.
    """
    try:
        from plankg.graph import sparql
    except ImportError as exc:
        raise EngineUnavailable("sparql") from exc
    form = sparql.query_form(query)  # refuses updates
    fmt = fmt_for(form in ("CONSTRUCT", "DESCRIBE"))
    if fmt is None:
        raise LookupError(form)
    store = sparql.open_store(state.build)
    started = time.perf_counter()
    try:
        result = store.query(query)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {_first_line(str(exc))}") from exc
    except (RuntimeError, OSError, ValueError) as exc:
        raise QueryError(_first_line(str(exc))) from exc

    def check_time() -> None:
        if time.perf_counter() - started > DEFAULT_TIMEOUT_S:
            raise QueryError(f"query timed out after {DEFAULT_TIMEOUT_S:g} s")

    if form == "ASK":
        value = bool(result)
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": value}).encode(), JSON_TYPE
        if fmt == "xml":
            body = f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/><boolean>{str(value).lower()}</boolean></sparql>\n'
            return body.encode(), XML_TYPE
        header = "_askResult" if fmt == "csv" else "?_askResult"
        sep = "\r\n" if fmt == "csv" else "\n"
        return f"{header}{sep}{str(value).lower()}{sep}".encode(), CSV_TYPE if fmt == "csv" else TSV_TYPE
    if form in ("CONSTRUCT", "DESCRIBE"):
        lines = []
        for triple in result:
            check_time()
            if len(lines) >= ENDPOINT_MAX_ROWS:
                break
            lines.append(f"{triple.subject} {triple.predicate} {triple.object} .")
        return ("\n".join(lines) + ("\n" if lines else "")).encode(), NT_TYPE
    variables = [v.value for v in result.variables]
    rows = []
    for solution in result:
        check_time()
        if len(rows) >= ENDPOINT_MAX_ROWS:
            break
        rows.append([solution[v] for v in variables])
    if fmt == "json":
        return _json_results(variables, rows).encode(), JSON_TYPE
    if fmt == "xml":
        return _xml_results(variables, rows).encode(), XML_TYPE
    if fmt == "csv":
        return _csv_results(variables, rows).encode(), CSV_TYPE
    return _tsv_results(variables, rows).encode(), TSV_TYPE


def _term_json(term: Any) -> dict[str, str]:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype and term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "literal", "value": str(term)}  # quoted triples (RDF-star): their N-Triples form


def _json_results(variables: list[str], rows: list[list[Any]]) -> str:
    bindings = [
        {v: _term_json(t) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows
    ]
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False)


def _xml_results(variables: list[str], rows: list[list[Any]]) -> str:
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    out += [f"<variable name={quoteattr(v)}/>" for v in variables]
    out.append("</head>\n<results>")
    for row in rows:
        out.append("<result>")
        for name, term in zip(variables, row, strict=True):
            if term is None:
                continue
            data = _term_json(term)
            if data["type"] == "uri":
                inner = f"<uri>{xml_escape(data['value'])}</uri>"
            elif data["type"] == "bnode":
                inner = f"<bnode>{xml_escape(data['value'])}</bnode>"
            else:
                attrs = ""
                if "xml:lang" in data:
                    attrs = f" xml:lang={quoteattr(data['xml:lang'])}"
                elif "datatype" in data:
                    attrs = f" datatype={quoteattr(data['datatype'])}"
                inner = f"<literal{attrs}>{xml_escape(data['value'])}</literal>"
            out.append(f"<binding name={quoteattr(name)}>{inner}</binding>")
        out.append("</result>")
    out.append("</results>\n</sparql>\n")
    return "\n".join(out)


def _csv_results(variables: list[str], rows: list[list[Any]]) -> str:
    """SPARQL 1.1 Query Results CSV for /sparql clients: data interchange, values kept as they are
    (the named-query and console downloads go through `to_csv`, which neutralises formulas)."""
    import pyoxigraph as ox

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        values = []
        for term in row:
            if term is None:
                values.append("")
            elif isinstance(term, ox.BlankNode):
                values.append(f"_:{term.value}")
            else:
                values.append(term.value if hasattr(term, "value") else str(term))
        writer.writerow(values)
    return buffer.getvalue()


def _tsv_results(variables: list[str], rows: list[list[Any]]) -> str:
    lines = ["\t".join(f"?{v}" for v in variables)]
    for row in rows:
        lines.append("\t".join("" if t is None else str(t) for t in row))  # N-Triples forms
    return "\n".join(lines) + "\n"


def _first_line(message: str) -> str:
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    return lines[0] if lines else "unknown error"
