"""SPARQL ↔ Cypher ↔ Python parity on the REAL demo build (issues 4 and 5). No mocks, nothing skipped.

- Every named question with both a `.rq` and a `.cypher` gives the same rows on Oxigraph and on
  FalkorDB, through the `falkordb` client and through Bolt with the official `neo4j` driver, for
  its documented example parameters and a few more (one test id per question × Cypher path).
- The impact question gives, for every legal document of the demo build, the same rows on the three
  engines, and the same tasks with the same fewest hops as `plankg.graph.impact.impact`.

Normalisation (queries/README.md, "Parity"): numbers compare as numbers (FalkorDB returns some
integers as floats), dates are ISO strings on both sides already; rows compare in order when the
ORDER BY columns (the same in both files) identify each row of the result, as a multiset otherwise.
"""

from __future__ import annotations

import re
import shlex
from collections import Counter
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from demo_build import demo_build

from plankg.graph import cypher
from plankg.graph import falkordb_server as fs
from plankg.graph.analytics import to_networkx
from plankg.graph.exports import GRAPH_FILE, load_property_graph
from plankg.graph.impact import impact
from plankg.graph.property import LEGAL_DOCUMENT, TASK, PropertyGraph
from plankg.queries import NamedQuery, engines_of, get_query, list_queries, run_query

PATHS = ("falkordb", "bolt")
BOLT_GRAPH = "falkordb"  # FalkorDB's Bolt endpoint always serves this graph; the client reads it too
BOTH = sorted(q.name for q in list_queries() if engines_of(q.name) == ["sparql", "cypher"])
MORE_PARAMS: dict[str, list[dict[str, str]]] = {
    "agency-load": [{}, {"province": "Hà Tĩnh"}, {"province": "Thái Bình"}, {"province": "Nowhere"}],
    "agency-load-by-quarter": [{}, {"province": "Thanh Hóa"}],
    "agency-tasks": [
        {"agency": "ha-tinh/so-noi-vu", "from": "2024-01-01", "to": "2024-12-31"},
        {"agency": "thai-binh/so-noi-vu", "from": "2021-01-01", "to": "2021-12-31"},
    ],
    "co-working-pairs": [{}, {"province": "Hà Tĩnh"}],
    "most-cited": [{}, {"province": "Hậu Giang"}],
    "targets-and-tasks": [{}, {"province": "Thanh Hóa"}],
    "tasks-depending-on": [{"document": "130/2005/NĐ-CP"}, {"document": "6459/BNV-CCHC"}],
    "provinces-under-document": [{"document": "107/2020/NĐ-CP"}, {"document": "130/2005/NĐ-CP"}],
    "tasks-due": [{"as_of": "2021-12-31"}, {"as_of": "2024-06-30"}, {"as_of": "2000-01-01"}],
    "provenance": [
        {"id": "thanh-hoa-5476-qd-ubnd-2020/task-12"},
        {"id": "ha-tinh-2024-ke-hoach-cchc-du-thao/task-1/activity-1"},
        {"id": "ha-tinh-2024-ke-hoach-cchc-du-thao/target-1"},
        {"id": "130/2005/NĐ-CP"},
    ],
    "impact": [
        {"document": "107/2020/NĐ-CP"},
        {"document": "5476/QĐ-UBND", "scope": "thanh-hoa"},
        {"document": "6459/BNV-CCHC"},
        {"document": "ha-tinh-2024-ke-hoach-cchc-du-thao"},
    ],
}
NAMED_DOCUMENTS = ("107/2020/NĐ-CP", "108/2020/NĐ-CP", "120/2020/NĐ-CP", "130/2005/NĐ-CP", "117/2013/NĐ-CP")


# fixtures: the demo build, and one fresh FalkorDB with Bolt holding its graph


@pytest.fixture(scope="module")
def built() -> Path:
    return demo_build()[0]


@pytest.fixture(scope="module")
def graph(built: Path) -> PropertyGraph:
    return load_property_graph(built / GRAPH_FILE)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[fs.ServerInfo]:
    data_dir = tmp_path_factory.mktemp("falkordb-parity")
    info = fs.start(data_dir, bolt=True)
    yield info
    died = not fs.alive(info)
    fs.stop(data_dir)
    if died:
        pytest.fail(f"FalkorDB (pid {info.pid}) died during the parity tests:\n{fs.log_tail(data_dir, 40)}")


@pytest.fixture(scope="module")
def engines(server: fs.ServerInfo, graph: PropertyGraph) -> Iterator[dict[str, cypher.Engine]]:
    client = cypher.FalkorEngine.connect(server.url, graph=BOLT_GRAPH)
    client.delete_graph()
    cypher.push(graph, client)  # over the Redis protocol: Bolt reads it, writes nothing
    assert server.bolt_url
    bolt = cypher.BoltEngine(server.bolt_url)
    yield {"falkordb": client, "bolt": bolt}
    bolt.close()
    client.close()


# normalisation


def normal(value: Any) -> Any:
    """Numbers as floats (FalkorDB's sum/avg give floats, SPARQL integers or decimals)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float | Decimal):
        return float(value)
    raise AssertionError(f"unexpected value {value!r} ({type(value).__name__}): not a plain literal")


def order_columns(text: str, engine: str) -> list[str]:
    """The ORDER BY columns of a named query (SPARQL `?a DESC(?b)`, Cypher `a, b DESC`), directions kept."""
    clause = re.search(r"^ORDER BY (.+)$", text, re.MULTILINE)
    assert clause, f"a named query ends with an ORDER BY ({engine})"
    if engine == "sparql":
        keys = re.findall(r"(DESC|ASC)?\(?\?(\w+)\)?", clause.group(1))
        return [f"{name} {direction or 'ASC'}" for direction, name in keys]
    keys = [part.split() for part in clause.group(1).split(",")]
    return [f"{words[0].strip('`')} {words[1] if len(words) > 1 else 'ASC'}" for words in keys]


def assert_same_rows(
    columns: list[str],
    expected: Sequence[Sequence[Any]],
    found: Sequence[Sequence[Any]],
    order: list[str],
    what: str,
) -> None:
    want = [tuple(normal(v) for v in row) for row in expected]
    got = [tuple(normal(v) for v in row) for row in found]
    assert Counter(got) == Counter(want), f"{what}: rows differ"
    positions = [columns.index(key.split()[0]) for key in order]
    keys = [tuple(row[i] for i in positions) for row in want]
    if len(set(keys)) == len(keys):  # the ORDER BY is total on this result: the order must match too
        assert got == want, f"{what}: same rows, another order"


def example_params(query: NamedQuery) -> dict[str, str]:
    words = shlex.split(query.example)
    return {words[i + 1]: words[i + 2] for i, word in enumerate(words) if word == "-p"}


def run_cypher(engine: cypher.Engine, name: str, params: dict[str, str]) -> tuple[list[str], list[list[Any]]]:
    query = get_query(name, "cypher")
    return cypher.run_read(engine, query.text, query.bind(params))


# every named question


def test_every_question_has_both_files() -> None:
    assert len(BOTH) >= 15 and "impact" in BOTH
    assert [q.name for q in list_queries()] == BOTH


@pytest.mark.parametrize("name", BOTH)
def test_both_files_order_rows_alike(name: str) -> None:
    sparql, cypher_query = get_query(name, "sparql"), get_query(name, "cypher")
    assert order_columns(sparql.text, "sparql") == order_columns(cypher_query.text, "cypher")
    assert [(p.name, p.type, p.optional) for p in sparql.params] == [
        (p.name, p.type, p.optional) for p in cypher_query.params
    ]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("name", BOTH)
def test_named_question_same_rows_on_sparql_and_cypher(
    name: str, path: str, built: Path, engines: dict[str, cypher.Engine]
) -> None:
    sparql_query = get_query(name, "sparql")
    order = order_columns(sparql_query.text, "sparql")
    examples = [example_params(sparql_query), example_params(get_query(name, "cypher"))]
    sets = [*examples, *MORE_PARAMS.get(name, [])]
    answered = 0
    for params in sets:
        columns, rows = run_query(name, params, build=built)
        cypher_columns, cypher_rows = run_cypher(engines[path], name, params)
        assert cypher_columns == columns, f"{name} {params}: columns"
        assert_same_rows(columns, rows, cypher_rows, order, f"{name} {params} on {path}")
        answered += bool(rows)
    assert answered, f"{name}: no parameter set gives rows on the demo build"


# impact: every legal document, three engines and Python


def legal_documents(graph: PropertyGraph) -> list[tuple[str, dict[str, str]]]:
    return sorted(
        (key, {"document": str(node.props["id"]), "scope": str(node.props.get("scope") or "")})
        for key, node in graph.nodes.items()
        if node.label == LEGAL_DOCUMENT
    )


def fewest_hops(columns: list[str], rows: list[list[Any]]) -> dict[str, int]:
    task, hops = columns.index("task"), columns.index("hops")
    best: dict[str, int] = {}
    for row in rows:
        best[row[task]] = min(best.get(row[task], 99), int(row[hops]))
    return best


def test_impact_of_every_legal_document_agrees_on_all_engines_and_python(
    built: Path, graph: PropertyGraph, engines: dict[str, cypher.Engine]
) -> None:
    g = to_networkx(graph)
    order = order_columns(get_query("impact").text, "sparql")
    disagreements, affected = [], 0
    for key, params in legal_documents(graph):
        report = impact(graph, key, g=g)  # the default depth, 3: the queries' depth
        python = {graph.nodes[t.key].props["id"]: t.hops for t in report.tasks}
        columns, rows = run_query("impact", params, build=built)
        for path in PATHS:
            cypher_columns, cypher_rows = run_cypher(engines[path], "impact", params)
            assert cypher_columns == columns
            assert_same_rows(columns, rows, cypher_rows, order, f"impact {key} on {path}")
        if fewest_hops(columns, rows) != python:
            disagreements.append((key, sorted(set(python) ^ set(fewest_hops(columns, rows)))[:5]))
        affected += bool(python)
    assert disagreements == []
    assert len(legal_documents(graph)) >= 100 and affected >= 40


@pytest.mark.parametrize("document", NAMED_DOCUMENTS)
def test_impact_of_the_cited_decrees(document: str, built: Path, graph: PropertyGraph) -> None:
    report = impact(graph, document)
    columns, rows = run_query("impact", {"document": document}, build=built)
    assert fewest_hops(columns, rows) == {graph.nodes[t.key].props["id"]: t.hops for t in report.tasks}
    assert rows, f"{document} affects tasks of the demo corpus"
    if document == "107/2020/NĐ-CP":
        provinces = {r[columns.index("province")] for r in rows}
        assert {"Thanh Hóa", "Hậu Giang", "Thái Bình"} <= provinces
    if document in ("130/2005/NĐ-CP", "117/2013/NĐ-CP"):  # the amendment is a hop both ways
        other = "117/2013/NĐ-CP" if document == "130/2005/NĐ-CP" else "130/2005/NĐ-CP"
        hop = ("hau-giang-2021-ke-hoach-cchc/task-20", other, 1)
        assert hop in {(r[0], r[columns.index("via")], r[columns.index("hops")]) for r in rows}


def test_impact_rule_on_plans(built: Path, graph: PropertyGraph) -> None:
    """The plan itself: all its tasks, hops 0. Its preamble: all its tasks. Its body: citing tasks only."""
    plan = "thanh-hoa-5476-qd-ubnd-2020"
    thanh_hoa = {
        n.props["id"] for n in graph.nodes.values() if n.label == TASK and n.props.get("document") == plan
    }
    columns, rows = run_query("impact", {"document": "5476/QĐ-UBND", "scope": "thanh-hoa"}, build=built)
    own = {r[0] for r in rows if r[columns.index("hops")] == 0}
    assert own == thanh_hoa and len(thanh_hoa) > 30
    report = impact(graph, "5476/QĐ-UBND#thanh-hoa")
    assert {(t.hops, t.relation) for t in report.tasks if t.plan_id == plan} == {(0, "direct")}
    # Thái Bình: «Thực hiện Văn bản số 6459/BNV-CCHC» on line 15, right after its «Căn cứ» lines
    columns, rows = run_query("impact", {"document": "6459/BNV-CCHC"}, build=built)
    plans = {r[columns.index("plan")] for r in rows}
    assert "thai-binh-3669-qd-ubnd-2020" in plans
    # Hà Tĩnh line 199 «triển khai Nghị quyết số 131/NQ-CP», in the body: no task is affected
    assert run_query("impact", {"document": "131/NQ-CP"}, build=built)[1] == []
    assert impact(graph, "131/NQ-CP").tasks == []


def plan_rule_graph() -> PropertyGraph:
    """The plan steps the demo corpus does not have: a decision amending a plan, a plan guiding or
    replacing a document, an «implements» in a plan's body, an unnumbered draft."""
    graph = PropertyGraph()

    def plan(doc: str, own: str | None, tasks: int) -> None:
        graph.add_node(f"doc:{doc}", "Document", id=doc, province="Tỉnh X")
        if own:
            graph.add_node(f"legal:{own}#x", LEGAL_DOCUMENT, id=own, scope="x")
            graph.add_edge(f"doc:{doc}", "SAME_AS", f"legal:{own}#x")
        else:
            graph.add_node(f"legal:{doc}", LEGAL_DOCUMENT, id=doc)
        for number in range(1, tasks + 1):
            task = f"task:{doc}/task-{number}"
            graph.add_node(task, TASK, id=f"{doc}/task-{number}", document=doc, province="Tỉnh X")
            graph.add_edge(task, "PART_OF", f"doc:{doc}")

    for ident in ("1/2020/NĐ-CP", "2/2021/NĐ-CP", "9/2019/NĐ-CP"):
        graph.add_node(f"legal:{ident}", LEGAL_DOCUMENT, id=ident)
    graph.add_node("legal:30/QĐ-UBND#x", LEGAL_DOCUMENT, id="30/QĐ-UBND", scope="x")
    plan("p1", "10/QĐ-UBND", 2)
    plan("p2", "20/QĐ-UBND", 1)
    plan("p3", None, 2)
    text = {"source": "text", "source_document": "p3"}
    graph.add_edge("legal:2/2021/NĐ-CP", "AMENDS", "legal:1/2020/NĐ-CP", source="text")
    graph.add_edge("task:p1/task-2", "DEPENDS_ON", "legal:2/2021/NĐ-CP")
    graph.add_edge("legal:30/QĐ-UBND#x", "AMENDS", "legal:10/QĐ-UBND#x", source="text")  # p1 amended
    graph.add_edge("legal:20/QĐ-UBND#x", "GUIDES", "legal:1/2020/NĐ-CP", source="text")  # p2 guides
    graph.add_edge("legal:p3", "BASED_ON", "legal:9/2019/NĐ-CP", source_line=5, **text)  # preamble ends 9
    graph.add_edge("legal:p3", "IMPLEMENTS", "legal:1/2020/NĐ-CP", source_line=50, **text)  # body
    graph.add_edge("legal:p3", "IMPLEMENTS", "legal:2/2021/NĐ-CP", source_line=8, **text)  # preamble
    return graph


def test_plan_steps_agree_in_python_and_cypher(server: fs.ServerInfo) -> None:
    graph = plan_rule_graph()
    engine = cypher.FalkorEngine.connect(server.url, graph="plan-steps")
    try:
        engine.delete_graph()
        cypher.push(graph, engine)
        found = {}
        for key, params in legal_documents(graph):
            python = {graph.nodes[t.key].props["id"]: t.hops for t in impact(graph, key).tasks}
            assert fewest_hops(*run_cypher(engine, "impact", params)) == python, key
            found[params["document"]] = python
    finally:
        engine.delete_graph()
        engine.close()
    p1, p3 = ({f"{p}/task-{n}" for n in (1, 2)} for p in ("p1", "p3"))
    assert found["30/QĐ-UBND"] == dict.fromkeys(p1, 1)  # a decision amending the plan: all its tasks
    assert found["10/QĐ-UBND"] == dict.fromkeys(p1, 0)  # the plan itself
    # 1/2020: p1/task-2 cites its amendment; p2 guides it; p3 implements it in its body only, but
    # implements its amendment 2/2021 in its preamble (2 steps)
    assert found["1/2020/NĐ-CP"] == {"p1/task-2": 1, "p2/task-1": 1, **dict.fromkeys(p3, 2)}
    assert found["9/2019/NĐ-CP"] == dict.fromkeys(p3, 1)
    assert found["p3"] == dict.fromkeys(p3, 0)
