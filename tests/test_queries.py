"""Named queries on the real demo build: expected rows, engine parity, networkx parity, safety."""

from __future__ import annotations

import csv
import io
import json
import shutil
import threading
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import typer
from demo_build import demo_build
from paths import CORPUS
from rdflib import Graph
from typer.testing import CliRunner

from plankg.cli import query_cmd
from plankg.errors import QueryError
from plankg.graph import falkordb_server as fs
from plankg.graph.analytics import agency_load, dependent_tasks, to_networkx
from plankg.graph.exports import GRAPH_FILE, load_property_graph
from plankg.graph.property import legal_key
from plankg.graph.rdf import NT_FILE
from plankg.graph.sparql import (
    bind_values,
    open_store,
    query_form,
    run_sparql,
    run_sparql_endpoint,
    run_sparql_graph,
)
from plankg.loaders.extract import extract, iter_document_paths
from plankg.models import Extraction
from plankg.queries import get_query, list_queries, result_columns, run_query

INJECTION = '"} ; DROP ALL #'


@pytest.fixture(scope="module")
def built() -> Path:
    return demo_build()[0]


@pytest.fixture(scope="module")
def extractions() -> list[Extraction]:
    return [extract(path) for path in iter_document_paths(CORPUS)]


def rows(built: Path, name: str, **params: str) -> list[dict[str, Any]]:
    columns, result = run_query(name, params, build=built)
    return [dict(zip(columns, row, strict=True)) for row in result]


# -------------------------------------------------------------------------------- the catalogue

CONTRACT = {
    "tasks-depending-on": ["task", "plan", "province", "via", "hops"],
    "agency-load": ["agency", "agency_name", "province", "lead", "cooperate", "weighted"],
    "agency-load-by-quarter": ["agency", "agency_name", "quarter", "lead", "cooperate"],
    "most-cited": ["document", "scope", "citing_documents", "dependent_tasks"],
    "agency-tasks": ["task", "role", "deadline_start", "deadline_end", "text"],
    "tasks-due": ["task", "plan", "deadline_end", "status"],
    "tasks-without-legal-basis": ["task", "plan", "province", "area"],
    "targets-and-tasks": ["target", "target_text", "value", "unit", "task"],
    "provinces-under-document": ["province", "plan", "tasks"],
    "co-working-pairs": ["lead_agency", "cooperating_agency", "tasks"],
    "area-coverage": ["province", "area", "tasks"],
    "budget-by-agency": ["agency", "agency_name", "budget_vnd", "tasks"],
    "budget-by-area": ["area", "budget_vnd", "tasks"],
    "provenance": ["kind", "document", "line", "start", "end", "quote"],
    "impact": ["task", "plan", "province", "via", "hops"],
}
EXAMPLE_PARAMS: dict[str, dict[str, str]] = {
    "tasks-depending-on": {"document": "107/2020/NĐ-CP"},
    "agency-tasks": {"agency": "thanh-hoa/so-tu-phap", "from": "2021-07-01", "to": "2021-09-30"},
    "tasks-due": {"as_of": "2021-01-31"},
    "provinces-under-document": {"document": "106/2020/NĐ-CP"},
    "provenance": {"id": "107/2020/NĐ-CP"},
    "impact": {"document": "130/2005/NĐ-CP"},
}


def test_every_contract_question_has_a_sparql_file_with_a_header() -> None:
    names = {q.name for q in list_queries("sparql")}
    assert names == set(CONTRACT)
    for name in names:
        query = get_query(name)
        assert query.description and query.example.startswith("plankg query " + name)
        assert {p.name for p in query.params} >= set(EXAMPLE_PARAMS.get(name, {}))


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_columns_are_the_contract(built: Path, name: str) -> None:
    columns, _ = run_query(name, EXAMPLE_PARAMS.get(name, {}), build=built)
    assert columns == CONTRACT[name]


def test_unknown_query_lists_the_known_ones() -> None:
    with pytest.raises(QueryError, match="known: agency-load"):
        get_query("no-such-question")


def test_parameters_are_checked_and_typed() -> None:
    query = get_query("tasks-due")
    with pytest.raises(QueryError, match="needs -p as_of"):
        query.bind({})
    with pytest.raises(QueryError, match="not a date"):
        query.bind({"as_of": "30/6/2021"})
    with pytest.raises(QueryError, match="no parameter"):
        query.bind({"as_of": "2021-06-30", "colour": "red"})
    assert str(query.bind({"as_of": "2021-06-30"})["as_of"]) == "2021-06-30"
    assert get_query("agency-load").bind({}) == {"province": ""}


# ----------------------------------------------------------------------------- expected answers


def test_tasks_depending_on_107_2020(built: Path) -> None:
    assert rows(built, "tasks-depending-on", document="107/2020/NĐ-CP") == [
        {
            "task": "hau-giang-2021-ke-hoach-cchc/task-13",
            "plan": "hau-giang-2021-ke-hoach-cchc",
            "province": "Hậu Giang",
            "via": "107/2020/NĐ-CP",
            "hops": 0,
        },
        {
            "task": "thai-binh-3669-qd-ubnd-2020/task-15",
            "plan": "thai-binh-3669-qd-ubnd-2020",
            "province": "Thái Bình",
            "via": "107/2020/NĐ-CP",
            "hops": 0,
        },
        {
            "task": "thanh-hoa-5476-qd-ubnd-2020/task-11",
            "plan": "thanh-hoa-5476-qd-ubnd-2020",
            "province": "Thanh Hóa",
            "via": "107/2020/NĐ-CP",
            "hops": 0,
        },
    ]


def test_tasks_depending_on_130_2005_through_its_amendment(built: Path) -> None:
    # 117/2013/NĐ-CP amends 130/2005/NĐ-CP (Hậu Giang, line 86); tasks citing both stay direct.
    found = {
        (r["task"], r["via"], r["hops"]) for r in rows(built, "tasks-depending-on", document="130/2005/NĐ-CP")
    }
    assert {
        ("ha-tinh-2024-ke-hoach-cchc-du-thao/task-46", "130/2005/NĐ-CP", 0),
        ("ha-tinh-2024-ke-hoach-cchc-du-thao/task-47", "130/2005/NĐ-CP", 0),
        ("hau-giang-2021-ke-hoach-cchc/task-20", "130/2005/NĐ-CP", 0),
        ("thai-binh-3669-qd-ubnd-2020/task-23", "130/2005/NĐ-CP", 0),
    } <= found
    assert all(hops in (0, 1) for _, _, hops in found)


def test_agency_load_top_rows(built: Path) -> None:
    top = rows(built, "agency-load")[:3]
    assert top == [
        {
            "agency": "thanh-hoa/cac-so-ban-nganh",
            "agency_name": "các sở, ban, ngành cấp tỉnh",
            "province": "Thanh Hóa",
            "lead": 18,
            "cooperate": 11,
            "weighted": 23.5,
        },
        {
            "agency": "ha-tinh/so-noi-vu",
            "agency_name": "Sở Nội vụ",
            "province": "Hà Tĩnh",
            "lead": 18,
            "cooperate": 5,
            "weighted": 20.5,
        },
        {
            "agency": "hau-giang/so-noi-vu",
            "agency_name": "Sở Nội vụ",
            "province": "Hậu Giang",
            "lead": 15,
            "cooperate": 11,
            "weighted": 20.5,
        },
    ]
    only = rows(built, "agency-load", province="Thanh Hóa")
    assert only and {r["province"] for r in only} == {"Thanh Hóa"}


def test_most_cited_starts_with_106_2020(built: Path) -> None:
    first = rows(built, "most-cited")[0]
    assert first == {"document": "106/2020/NĐ-CP", "scope": "", "citing_documents": 4, "dependent_tasks": 3}
    local = [r for r in rows(built, "most-cited", province="Thanh Hóa") if r["document"] == "1025/QĐ-UBND"]
    assert local == [
        {"document": "1025/QĐ-UBND", "scope": "thanh-hoa", "citing_documents": 1, "dependent_tasks": 1}
    ]


def test_tasks_due_as_of_end_of_january_2021(built: Path) -> None:
    assert [
        (r["task"], r["deadline_end"], r["status"]) for r in rows(built, "tasks-due", as_of="2021-01-31")
    ] == [
        ("thai-binh-3669-qd-ubnd-2020/task-1", "2020-12-31", "overdue"),
        ("thai-binh-3669-qd-ubnd-2020/task-10", "2020-12-31", "overdue"),
        ("thai-binh-3669-qd-ubnd-2020/task-3", "2020-12-31", "overdue"),
        ("thai-binh-3669-qd-ubnd-2020/task-4", "2020-12-31", "overdue"),
        ("thanh-hoa-5476-qd-ubnd-2020/task-32", "2020-12-31", "overdue"),
        ("thai-binh-3669-qd-ubnd-2020/task-2", "2021-01-31", "due"),
    ]


def test_agency_tasks_in_the_third_quarter(built: Path) -> None:
    found = rows(
        built, "agency-tasks", agency="thanh-hoa/so-tu-phap", **{"from": "2021-07-01", "to": "2021-09-30"}
    )
    assert [(r["task"], r["role"], r["deadline_start"], r["deadline_end"]) for r in found] == [
        ("thanh-hoa-5476-qd-ubnd-2020/task-2", "lead", "2021-07-01", "2021-09-30"),
        ("thanh-hoa-5476-qd-ubnd-2020/task-1", "cooperate", "2021-01-01", "2021-12-31"),
    ]
    assert found[0]["text"].startswith("Triển khai Luật sửa đổi, bổ sung")


def test_provinces_under_106_2020(built: Path) -> None:
    assert {
        (r["province"], r["plan"], r["tasks"])
        for r in rows(built, "provinces-under-document", document="106/2020/NĐ-CP")
    } == {
        ("Hậu Giang", "hau-giang-2021-ke-hoach-cchc", 1),
        ("Thái Bình", "thai-binh-3669-qd-ubnd-2020", 1),
        ("Thanh Hóa", "thanh-hoa-5476-qd-ubnd-2020", 1),
    }


def test_provenance_of_a_decree_and_a_task(built: Path, extractions: list[Extraction]) -> None:
    assert [
        (r["kind"], r["document"], r["line"], r["quote"])
        for r in rows(built, "provenance", id="107/2020/NĐ-CP")
    ] == [
        ("citation", "hau-giang-2021-ke-hoach-cchc", 68, "Nghị định số 107/2020/NĐ-CP"),
        ("citation", "thai-binh-3669-qd-ubnd-2020", 65, "Nghị định số 107, 108/2020/NĐ-CP"),
        ("citation", "thanh-hoa-5476-qd-ubnd-2020", 99, "Nghị định số 107/2020/NĐ-CP"),
    ]
    texts = {e.document.id: e.document.text for e in extractions}
    (task,) = rows(built, "provenance", id="thanh-hoa-5476-qd-ubnd-2020/task-2")
    assert task["kind"] == "task" and task["document"] == "thanh-hoa-5476-qd-ubnd-2020"
    assert texts[task["document"]][task["start"] : task["end"]] == task["quote"]


def test_budgets(built: Path) -> None:
    assert rows(built, "budget-by-area") == [
        {"area": "direction", "budget_vnd": 100_000_000, "tasks": 6},
        {"area": "institutions", "budget_vnd": 40_000_000, "tasks": 3},
        {"area": "digital_government", "budget_vnd": 30_000_000, "tasks": 3},
        {"area": "procedures", "budget_vnd": 20_000_000, "tasks": 2},
    ]
    assert rows(built, "budget-by-agency")[0] == {
        "agency": "thai-binh/so-noi-vu",
        "agency_name": "Sở Nội vụ",
        "budget_vnd": 80_000_000,
        "tasks": 5,
    }


def test_model_level_answers(built: Path, extractions: list[Extraction]) -> None:
    """Questions whose answer is a simple count over the typed model."""
    tasks = [(e.document, t) for e in extractions for t in e.tasks]
    without = {t.id for _, t in tasks if not t.references}
    assert {r["task"] for r in rows(built, "tasks-without-legal-basis")} == without
    coverage = Counter((d.province or "", t.area.value) for d, t in tasks if t.area)
    assert {(r["province"], r["area"]): r["tasks"] for r in rows(built, "area-coverage")} == coverage
    serving = {(g, t.id) for _, t in tasks for g in t.targets}
    found = rows(built, "targets-and-tasks")
    assert {(r["target"], r["task"]) for r in found if r["task"]} == serving
    all_targets = {g.id for e in extractions for g in e.targets}
    assert {r["target"] for r in found} == all_targets
    pairs: Counter[tuple[str, str]] = Counter()
    for _, task in tasks:
        leads = {a.agency_id for a in task.lead}
        helps = {a.agency_id for a in task.cooperating}
        pairs.update((a, b) for a in leads for b in helps if a != b)
    assert {
        (r["lead_agency"], r["cooperating_agency"]): r["tasks"] for r in rows(built, "co-working-pairs")
    } == pairs


def test_agency_load_by_quarter_sums_to_dated_tasks(built: Path, extractions: list[Extraction]) -> None:
    dated = Counter()
    for e in extractions:
        for task in e.tasks:
            if task.deadline and task.deadline.end:
                for _agency, role in {(a.agency_id, a.role.value) for a in task.agencies}:
                    dated[role] += 1
    found = rows(built, "agency-load-by-quarter")
    assert sum(r["lead"] for r in found) == dated["lead"]
    assert sum(r["cooperate"] for r in found) == dated["cooperate"]
    assert all(r["quarter"][:4].isdigit() and r["quarter"][4:6] == "-Q" for r in found)


def test_impact_follows_amendments(built: Path) -> None:
    found = {(r["task"], r["via"], r["hops"]) for r in rows(built, "impact", document="130/2005/NĐ-CP")}
    assert ("hau-giang-2021-ke-hoach-cchc/task-20", "130/2005/NĐ-CP", 0) in found
    assert ("hau-giang-2021-ke-hoach-cchc/task-20", "117/2013/NĐ-CP", 1) in found
    plans = {(r["task"], r["via"], r["hops"]) for r in rows(built, "impact", document="77/2015/QH13")}
    # 5476/QĐ-UBND is based on 77/2015/QH13 (its «Căn cứ» line 12): all its tasks are affected.
    assert ("thanh-hoa-5476-qd-ubnd-2020/task-1", "5476/QĐ-UBND", 1) in plans


# --------------------------------------------------------------------------------------- parity


def test_networkx_agency_load_equals_sparql(built: Path) -> None:
    g = to_networkx(load_property_graph(built / GRAPH_FILE))
    for province in ("", "Thanh Hóa", "Hà Tĩnh"):
        expected = {
            (
                row.agency.removeprefix("agency:"),
                row.name,
                row.province or "",
                row.lead,
                row.cooperate,
                row.weighted,
            )
            for row in agency_load(g, province or None)
        }
        found = {tuple(r.values()) for r in rows(built, "agency-load", province=province)}
        assert found == expected


@pytest.mark.parametrize(
    "document",
    ["107/2020/NĐ-CP", "130/2005/NĐ-CP", "80/2015/QH13", "76/2015/QH13", "61/2017/TT-BTC", "158/2007/NĐ-CP"],
)
def test_networkx_dependent_tasks_equal_sparql(built: Path, document: str) -> None:
    pg = load_property_graph(built / GRAPH_FILE)
    g = to_networkx(pg)
    expected = set()
    for dep in dependent_tasks(g, legal_key(document, None), max_depth=1):
        node = g.nodes[dep.task]
        via = g.nodes[dep.via[0]]["id"]
        expected.add((node["id"], node["document"], node.get("province") or "", via, len(dep.via) - 1))
    found = {tuple(r.values()) for r in rows(built, "tasks-depending-on", document=document)}
    assert found == expected


@pytest.mark.parametrize("province", ["", "Thanh Hóa"])
def test_property_graph_most_cited_equals_sparql(built: Path, province: str) -> None:
    """The property graph the Cypher twin reads gives the same counts."""
    pg = load_property_graph(built / GRAPH_FILE)
    cites: Counter[str] = Counter()
    depends: Counter[str] = Counter()
    for edge in pg.edges:
        if province and pg.nodes[edge.source].props.get("province") != province:
            continue
        if edge.type == "CITES":
            cites[edge.target] += 1
        elif edge.type == "DEPENDS_ON":
            depends[edge.target] += 1
    expected = {
        (pg.nodes[k].props["id"], pg.nodes[k].props.get("scope") or "", cites[k], depends[k])
        for k in set(cites) | set(depends)
    }
    assert {tuple(r.values()) for r in rows(built, "most-cited", province=province)} == expected


@pytest.mark.parametrize(
    "name", ["agency-load", "most-cited", "tasks-depending-on", "provenance", "tasks-due", "impact"]
)
def test_rdflib_and_oxigraph_agree(built: Path, name: str) -> None:
    query = get_query(name)
    params = query.bind(EXAMPLE_PARAMS.get(name, {}))
    graph = Graph().parse(built / NT_FILE, format="nt")
    expected = result_columns(query, *run_sparql_graph(graph, query.text, params))
    found = run_query(name, EXAMPLE_PARAMS.get(name, {}), build=built)
    assert found[0] == expected[0]
    assert sorted(map(repr, found[1])) == sorted(map(repr, expected[1]))


# --------------------------------------------------------------------------------------- safety

UPDATES = [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "PREFIX dct: <http://purl.org/dc/terms/>\n# a comment { SELECT }\nDELETE WHERE { ?s dct:identifier ?o }",
    "DROP ALL",
    "  load <http://example.org/x.ttl>",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "CLEAR DEFAULT",
]


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused(built: Path, update: str) -> None:
    with pytest.raises(QueryError, match=r"update|not a SPARQL query"):
        run_sparql(built, update)


def test_query_forms_are_recognised() -> None:
    assert query_form("PREFIX x: <urn:x#>\nBASE <urn:b>\n# SELECT\nask { ?s ?p ?o }") == "ASK"
    assert query_form("CONSTRUCT WHERE { ?s ?p ?o }") == "CONSTRUCT"
    with pytest.raises(QueryError):
        query_form("# only a comment")


def _count(built: Path) -> int:
    return run_sparql(built, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[1][0][0]


def test_injected_parameter_is_harmless(built: Path) -> None:
    before = _count(built)
    assert run_query("provenance", {"id": INJECTION}, build=built)[1] == []
    assert run_query("agency-load", {"province": INJECTION}, build=built)[1] == []
    _, result = run_sparql(
        built,
        "PREFIX dct: <http://purl.org/dc/terms/> SELECT ?s ?id WHERE { ?s dct:identifier ?id }",
        {"id": INJECTION},
    )
    assert result == []
    assert _count(built) == before
    text = bind_values("SELECT ?x WHERE { ?s ?p ?x }", {"x": INJECTION})
    assert query_form(text) == "SELECT"
    values = run_sparql_graph(Graph(), "SELECT ?x WHERE { }", {"x": INJECTION})
    assert values == (["x"], [[INJECTION]])
    parsed = run_sparql_graph(Graph(), bind_values("SELECT ?x WHERE { }", {"x": INJECTION}))
    assert parsed == (["x"], [[INJECTION]])


def test_store_is_read_only(built: Path) -> None:
    store = open_store(built)
    with pytest.raises((OSError, RuntimeError)):
        store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")


def test_vietnamese_parameters_round_trip(built: Path) -> None:
    found = rows(built, "agency-load", province="Hậu Giang")
    assert found and all(r["province"] == "Hậu Giang" for r in found)
    assert any(r["agency_name"] == "Đài Phát thanh và Truyền hình Hậu Giang" for r in found)


# ----------------------------------------------------------------------------- remote endpoint


@pytest.fixture(scope="module")
def endpoint(built: Path) -> Iterator[str]:
    """A minimal SPARQL 1.1 Protocol endpoint (POST query → SPARQL JSON) over the build's store."""
    import pyoxigraph as ox

    store = open_store(built)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            form = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8"))
            try:
                result = store.query(form["query"][0])
                body = result.serialize(format=ox.QueryResultsFormat.JSON)
                status = 200
            except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
                body, status = str(exc).encode("utf-8"), 400
            self.send_response(status)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/query"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("name", ["tasks-depending-on", "agency-load", "provenance", "tasks-due", "impact"])
def test_remote_endpoint_gives_the_same_rows(built: Path, endpoint: str, name: str) -> None:
    params = EXAMPLE_PARAMS.get(name, {})
    remote = run_query(name, params, build=None, endpoint=endpoint)
    assert remote == run_query(name, params, build=built)


def test_remote_injection_is_harmless(built: Path, endpoint: str) -> None:
    assert run_query("provenance", {"id": INJECTION}, endpoint=endpoint)[1] == []
    assert run_sparql_endpoint(endpoint, "SELECT ?x WHERE { }", {"x": INJECTION})[1] == [[INJECTION]]


# ----------------------------------------------------------------------------------------- CLI


@pytest.fixture(scope="module")
def cli() -> typer.Typer:
    app = typer.Typer()
    query_cmd.register(app)

    @app.callback()
    def _root() -> None:
        pass

    return app


def test_cli_query_json(cli: typer.Typer, built: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "query",
            "tasks-depending-on",
            "-p",
            "document",
            "107/2020/NĐ-CP",
            "--build",
            str(built),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert [r["province"] for r in json.loads(result.output)] == ["Hậu Giang", "Thái Bình", "Thanh Hóa"]


def test_cli_query_list_and_errors(cli: typer.Typer, built: Path) -> None:
    runner = CliRunner()
    listing = runner.invoke(cli, ["query", "--list"])
    assert listing.exit_code == 0 and "agency-load" in listing.output and "provenance" in listing.output
    unknown = runner.invoke(cli, ["query", "nope", "--build", str(built)])
    assert unknown.exit_code == 1 and "known:" in unknown.output
    args = ["query", "agency-load", "--engine", "cypher", "--build", str(built / "nope")]
    missing = runner.invoke(cli, args)
    assert missing.exit_code == 1 and missing.output.startswith("Error: no build folder")


def test_cli_query_cypher_defaults_to_the_embedded_falkordb(cli: typer.Typer, tmp_path: Path) -> None:
    """Issue 5 acceptance: `--engine cypher --format json` equals `--engine sparql` on the demo,
    with no --endpoint: the build's own FalkorDB is started and loaded."""
    build = tmp_path / "build"
    shutil.copytree(demo_build()[0], build, ignore=shutil.ignore_patterns("falkordb"))
    runner = CliRunner()
    try:
        answers = {}
        for engine in ("sparql", "cypher", "cypher"):
            args = ["query", "agency-load", "--engine", engine, "--build", str(build), "--format", "json"]
            result = runner.invoke(cli, args)
            assert result.exit_code == 0, result.output
            answers.setdefault(engine, []).append(json.loads(result.stdout))
            if engine == "cypher":
                loaded = "Loaded" in result.stderr
                assert loaded == (len(answers["cypher"]) == 1)  # loaded once, then reused
        assert answers["cypher"][0] == answers["cypher"][1] == answers["sparql"][0]
        assert len(answers["sparql"][0]) > 50
        params = {"document": "130/2005/NĐ-CP"}  # the library call takes the same default
        on_cypher = run_query("impact", params, build=build, engine="cypher")
        assert on_cypher == run_query("impact", params, build=build)
        assert fs.status(fs.data_dir_for(build)) is not None  # left running for the next command
    finally:
        fs.stop(fs.data_dir_for(build))


def test_cli_sparql_refuses_updates_and_prints_csv(cli: typer.Typer, built: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    refused = runner.invoke(cli, ["sparql", "DROP ALL", "--build", str(built)])
    assert refused.exit_code == 1 and "update" in refused.output
    query = tmp_path / "q.rq"
    query.write_text(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "SELECT ?label ?name WHERE { ?p skos:prefLabel ?label FILTER (STR(?label) = ?name) }",
        encoding="utf-8",
    )
    result = runner.invoke(
        cli, ["sparql", "-f", str(query), "-p", "name", "Thái Bình", "--build", str(built), "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == "Thái Bình,Thái Bình"
    formulas = 'SELECT ?a ?b ?c WHERE { VALUES (?a ?b ?c) { ("=1+1" -3 "-3") } }'
    result = runner.invoke(cli, ["sparql", formulas, "--build", str(built), "--format", "csv"])
    assert result.stdout == "a,b,c\n'=1+1,-3,'-3\n"


def test_cli_query_csv_and_tsv_files_neutralise_formulas(
    cli: typer.Typer, built: Path, tmp_path: Path
) -> None:
    task = "hau-giang-2021-ke-hoach-cchc/task-1"  # its quote is a bullet: «- …»
    for fmt, name in (("csv", "p.csv"), ("table", "p.tsv")):
        args = ["query", "provenance", "-p", "id", task, "--build", str(built), "--format", fmt]
        result = CliRunner().invoke(cli, [*args, "--out", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        text = (tmp_path / name).read_text(encoding="utf-8")
        rows = list(csv.reader(io.StringIO(text), delimiter="," if fmt == "csv" else "\t"))
        assert rows[1][:2] == ["task", "hau-giang-2021-ke-hoach-cchc"] and rows[1][5].startswith("'- ")


def test_cli_validate(cli: typer.Typer, built: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(built)])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output
