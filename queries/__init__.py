"""Named queries: one question per file, `NAME.rq` (SPARQL) and `NAME.cypher` (Cypher).

Each file starts with a header comment (`#` in SPARQL, `//` in Cypher)::

    # name: agency-load
    # description: Lead vs cooperating task counts per agency, weighted 1 : 0.5, heaviest first.
    # param: province string optional   Province name, e.g. "Thanh Hóa"
    # example: plankg query agency-load -p province "Thanh Hóa"

Parameter types: `string`, `date` (ISO `YYYY-MM-DD`, bound as `xsd:date` in SPARQL), `integer`,
`number`. A missing optional parameter is bound to `""` ("no filter"); unknown or missing
required parameters are a `QueryError`. The columns and their meaning are the contract in
`queries/README.md`; both engines must return the same rows.

SPARQL conventions (see `plankg.graph.sparql`): parameters are bound by Oxigraph substitution,
which needs them projected, so a named `.rq` query lists its parameters in its SELECT clause and
`run_query` drops those columns; a projected variable ending in `_` is reported without it, so a
column may share its name with a parameter (`?province_` → `province`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from plankg.errors import QueryError

__all__ = [
    "ENGINES",
    "NamedQuery",
    "QueryParam",
    "get_query",
    "list_queries",
    "run_query",
]

ENGINES: dict[str, str] = {"sparql": ".rq", "cypher": ".cypher"}
PARAM_TYPES = ("string", "date", "integer", "number")
_HEADER_RE = re.compile(r"^(?:#|//)\s*(name|description|param|example):\s*(.*)$")


@dataclass(frozen=True)
class QueryParam:
    name: str
    type: str  # one of PARAM_TYPES
    optional: bool
    description: str

    def convert(self, value: Any) -> Any:
        """A raw (command-line) value → the typed value bound into the query."""
        if not isinstance(value, str):
            return value
        if self.type == "date":
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                raise QueryError(f"parameter {self.name}: {value!r} is not a date (YYYY-MM-DD)") from None
        if self.type == "integer":
            try:
                return int(value.strip())
            except ValueError:
                raise QueryError(f"parameter {self.name}: {value!r} is not an integer") from None
        if self.type == "number":
            try:
                return float(value.strip())
            except ValueError:
                raise QueryError(f"parameter {self.name}: {value!r} is not a number") from None
        return value


@dataclass(frozen=True)
class NamedQuery:
    name: str
    engine: str  # "sparql" | "cypher"
    description: str
    params: tuple[QueryParam, ...]
    example: str
    text: str

    def bind(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """Typed parameters: unknown names and missing required ones refused, optional ones "" ."""
        known = {p.name for p in self.params}
        unknown = sorted(set(given) - known)
        if unknown:
            takes = f"it takes {', '.join(sorted(known))}" if known else "it takes none"
            raise QueryError(f"{self.name} takes no parameter {', '.join(unknown)} ({takes})")
        bound: dict[str, Any] = {}
        for param in self.params:
            if param.name in given:
                bound[param.name] = param.convert(given[param.name])
            elif param.optional:
                bound[param.name] = ""
            else:
                raise QueryError(f"{self.name} needs -p {param.name} VALUE ({param.description})")
        return bound


def parse_query(text: str, default_name: str, engine: str) -> NamedQuery:
    """A named query from its file text (header comment lines anywhere before the body)."""
    fields: dict[str, list[str]] = {"name": [], "description": [], "param": [], "example": []}
    for line in text.splitlines():
        match = _HEADER_RE.match(line.strip())
        if match:
            fields[match.group(1)].append(match.group(2).strip())
    params = []
    for spec in fields["param"]:
        words = spec.split(None, 2)
        name = words[0]
        type_ = words[1] if len(words) > 1 else "string"
        rest = words[2] if len(words) > 2 else ""
        optional = rest.startswith("optional")
        description = rest.removeprefix("optional").strip()
        if type_ not in PARAM_TYPES:
            raise QueryError(f"{default_name}: parameter {name} has unknown type {type_!r}")
        params.append(QueryParam(name, type_, optional, description))
    return NamedQuery(
        name=(fields["name"] or [default_name])[0],
        engine=engine,
        description=" ".join(fields["description"]),
        params=tuple(params),
        example=(fields["example"] or [""])[0],
        text=text,
    )


@cache
def _catalogue() -> dict[tuple[str, str], NamedQuery]:
    result: dict[tuple[str, str], NamedQuery] = {}
    for entry in files(__name__).iterdir():
        for engine, suffix in ENGINES.items():
            if entry.name.endswith(suffix):
                base = entry.name[: -len(suffix)]
                query = parse_query(entry.read_text(encoding="utf-8"), base, engine)
                result[(query.name, engine)] = query
    return dict(sorted(result.items()))


def list_queries(engine: str | None = None) -> list[NamedQuery]:
    """Every named query (of `engine`, or the SPARQL one where both exist), sorted by name."""
    catalogue = _catalogue()
    names = sorted({name for name, _ in catalogue})
    result = []
    for name in names:
        order = [engine] if engine else ["sparql", "cypher"]
        for candidate in order:
            if (name, candidate) in catalogue:
                result.append(catalogue[(name, candidate)])
                break
    return result


def engines_of(name: str) -> list[str]:
    return [engine for engine in ENGINES if (name, engine) in _catalogue()]


def get_query(name: str, engine: str = "sparql") -> NamedQuery:
    """The named query `name` for `engine`; QueryError listing the known names otherwise."""
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    query = _catalogue().get((name, engine))
    if query is None:
        known = sorted({n for n, e in _catalogue() if e == engine})
        raise QueryError(f"no {engine} query named {name!r}; known: {', '.join(known)}")
    return query


def result_columns(
    query: NamedQuery, columns: list[str], rows: list[list[Any]]
) -> tuple[list[str], list[list[Any]]]:
    """Drop parameter columns (projected only for Oxigraph's binding) and trailing `_` of names."""
    params = {p.name for p in query.params}
    keep = [i for i, column in enumerate(columns) if column not in params]
    names = [columns[i][:-1] if columns[i].endswith("_") else columns[i] for i in keep]
    return names, [[row[i] for i in keep] for row in rows]


def run_query(
    name: str,
    params: Mapping[str, Any] | None = None,
    *,
    build: Path | None = None,
    engine: str = "sparql",
    limit: int | None = None,
    timeout: float | None = None,
    endpoint: str | None = None,
) -> tuple[list[str], list[list[Any]]]:
    """Run the named query `name` on `engine`: (columns, rows) with plain Python values."""
    query = get_query(name, engine)
    bound = query.bind(dict(params or {}))
    if engine == "cypher":
        return run_cypher(query.text, bound, endpoint=endpoint, build=build, limit=limit, timeout=timeout)
    from plankg.graph.sparql import DEFAULT_TIMEOUT_S, run_sparql

    columns, rows = run_sparql(
        build,
        query.text,
        bound,
        limit=limit,
        timeout=DEFAULT_TIMEOUT_S if timeout is None else timeout,
        endpoint=endpoint,
    )
    return result_columns(query, columns, rows)


def run_cypher(
    text: str,
    params: Mapping[str, Any],
    *,
    endpoint: str | None,
    build: Path | None = None,
    limit: int | None = None,
    timeout: float | None = None,
) -> tuple[list[str], list[list[Any]]]:
    """`plankg.graph.cypher.run_read` on the engine at `endpoint`, or else on the build's embedded
    FalkorDB (started, and loaded with the build's graph.json, when needed)."""
    try:
        from plankg.graph import cypher
    except ImportError:
        raise QueryError("Cypher engine not installed") from None
    kwargs: dict[str, Any] = {"limit": limit}
    if timeout is not None:
        kwargs["timeout_s"] = timeout
    if endpoint:
        engine: Any = cypher.connect(endpoint, auth=cypher.auth_from_env())
    elif build is not None:
        engine, _ = cypher.embedded(build)
    else:
        raise QueryError("--engine cypher needs a build folder or --endpoint falkordb://… / bolt://…")
    with engine:  # closing matters over Bolt (see graph/dialect.py)
        return cypher.run_read(engine, text, params, **kwargs)
