"""The web app (`plankg serve`): every page and endpoint through FastAPI's TestClient, on the real demo build.

The demo build is made once per session (and shared with test_web_e2e.py through the session's temp
folder); tests that upload work on a copy of it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import zlib
from pathlib import Path
from urllib.parse import quote

import pytest
from paths import CORPUS

fastapi = pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from plankg.errors import InputError  # noqa: E402

L107 = "107/2020/NĐ-CP"
SCRIPT = "<script>alert('x')</script>"
BUILD_NAME = "web-demo-build"


# ---------------------------------------------------------------------- fixtures


def demo_build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus built once per session (RDF store included), under the session's temp folder."""
    from plankg.graph import build as build_module
    from plankg.graph.rdf import rdf_stage

    out = tmp_path_factory.getbasetemp() / BUILD_NAME
    if (out / "graph.json").is_file() and (out / "store").is_dir():
        return out
    added = rdf_stage not in build_module.EXTRA_STAGES
    if added:
        build_module.EXTRA_STAGES.append(rdf_stage)
    try:
        build_module.build(CORPUS, out)
    finally:
        if added:
            build_module.EXTRA_STAGES.remove(rdf_stage)
    return out


def stop_falkordb(build: Path) -> None:
    from plankg.graph import falkordb_server

    data_dir = falkordb_server.data_dir_for(build)
    if falkordb_server.status(data_dir) is not None:
        falkordb_server.stop(data_dir)


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_build_dir(tmp_path_factory)


@pytest.fixture(scope="session")
def client(demo_build: Path):
    from plankg.web.app import create_app

    with TestClient(create_app(demo_build), raise_server_exceptions=False) as test_client:
        yield test_client
    stop_falkordb(demo_build)


@pytest.fixture(scope="session")
def upload_build(demo_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("web-upload") / "build"
    shutil.copytree(demo_build, copy, ignore=shutil.ignore_patterns("falkordb"))
    return copy


@pytest.fixture(scope="session")
def upload_client(upload_build: Path):
    from plankg.web.app import create_app

    with TestClient(create_app(upload_build), raise_server_exceptions=False) as test_client:
        yield test_client
    stop_falkordb(upload_build)


def error_message(html: str) -> str:
    found = re.search(r'id="error-message">(.*?)</p>', html, re.S)
    return found.group(1) if found else ""


def assert_no_traceback(text: str) -> None:
    assert "Traceback" not in text
    assert 'File "' not in text


def cells(html: str) -> list[str]:
    return re.findall(r"<td>(.*?)</td>", html, re.S)


# ---------------------------------------------------------------------- home, language


def test_home_lists_plans_and_counts(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="vi">' in response.text
    assert "Tìm văn bản, nhiệm vụ, cơ quan, kế hoạch" in response.text
    assert "/plan/thanh-hoa-5476-qd-ubnd-2020" in response.text
    assert "Content-Security-Policy" in response.headers
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_english_on_request_and_remembered(demo_build: Path) -> None:
    from plankg.web.app import create_app

    with TestClient(create_app(demo_build)) as own:
        english = own.get("/?lang=en")
        assert '<html lang="en">' in english.text
        assert "Find documents, tasks, agencies, plans" in english.text
        assert own.cookies.get("plankg_lang") == "en"
        again = own.get("/queries")
        assert '<html lang="en">' in again.text and "Named queries" in again.text
        back = own.get("/?lang=vi")
        assert '<html lang="vi">' in back.text


def test_static_assets(client: TestClient) -> None:
    css = client.get("/static/style.css")
    assert css.status_code == 200 and "@media" in css.text
    assert client.get("/static/favicon.svg").status_code == 200
    assert client.get("/static/../app.py").status_code == 404


def test_health(client: TestClient) -> None:
    body = client.get("/healthz").json()
    assert body["ok"] is True and body["nodes"] > 500


# ---------------------------------------------------------------------- search


@pytest.mark.parametrize(
    "query",
    ["nghi dinh 107", "Nghị định 107", "107/2020", "Nghị định số 107/2020/NĐ-CP", "NGHI DINH 107/2020/ND-CP"],
)
def test_search_is_diacritic_insensitive(client: TestClient, query: str) -> None:
    results = client.get("/api/search", params={"q": query}).json()["results"]
    assert results, query
    assert results[0]["key"] == f"legal:{L107}"
    assert results[0]["title"] == f"Nghị định {L107}"
    assert results[0]["url"] == "/legal/" + quote(L107, safe="/")


def test_search_page_groups_by_type(client: TestClient) -> None:
    page = client.get("/search", params={"q": "sở nội vụ"})
    assert page.status_code == 200
    assert 'id="results-Agency"' in page.text
    assert "/agency/thanh-hoa/so-noi-vu" in page.text
    plans = client.get("/search", params={"q": "5476"}).text
    assert 'id="results-Document"' in plans and "/plan/thanh-hoa-5476-qd-ubnd-2020" in plans
    tasks = client.get("/search", params={"q": "so hoa ho so"}).text
    assert 'id="results-Task"' in tasks
    nothing = client.get("/search", params={"q": "zzzxxyq"})
    assert 'id="no-results"' in nothing.text
    empty = client.get("/search")
    assert empty.status_code == 200


def test_search_escapes_the_query(client: TestClient) -> None:
    page = client.get("/search", params={"q": SCRIPT})
    assert SCRIPT not in page.text
    assert "&lt;script&gt;" in page.text


# ---------------------------------------------------------------------- legal document


def test_legal_document_page(client: TestClient) -> None:
    page = client.get("/legal/" + L107)
    assert page.status_code == 200
    html = page.text
    assert f"Nghị định {L107}" in html
    assert 'id="status"' in html and "Còn hiệu lực" in html
    assert 'id="impact-form"' in html and 'name="what_if"' in html
    direct = re.search(r'id="direct-tasks">\s*<h2>[^<]*<span class="count">(\d+)</span>', html)
    assert direct and int(direct.group(1)) > 0
    assert 'id="inherited-tasks"' in html
    assert "/task/" in html
    assert "Văn bản trích dẫn" in html


def test_legal_document_timeline_and_relations(client: TestClient) -> None:
    page = client.get("/legal/130/2005/NĐ-CP")
    assert page.status_code == 200
    assert 'id="timeline"' in page.text
    assert "Được sửa đổi, bổ sung" in page.text
    assert "/legal/117/2013/N%C4%90-CP" in page.text  # the amending decree, linked
    assert "sửa đổi, bổ sung" in page.text


def test_legal_document_lenient_ids_redirect(client: TestClient) -> None:
    response = client.get("/legal/107/2020/ND-CP", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/legal/" + quote(L107, safe="/")
    missing = client.get("/legal/999/1999/NĐ-CP")
    assert missing.status_code == 404
    assert "999/1999" in error_message(missing.text)
    assert_no_traceback(missing.text)


# ---------------------------------------------------------------------- impact


def test_impact_view_matches_the_analysis(client: TestClient, demo_build: Path) -> None:
    from plankg.graph.exports import load_property_graph
    from plankg.graph.impact import impact

    expected = impact(
        load_property_graph(demo_build / "graph.json"), L107, event="repealed", date="2021-06-01"
    )
    page = client.get("/impact", params={"document": L107, "event": "repealed", "date": "2021-06-01"})
    assert page.status_code == 200
    count = re.search(r'id="affected-count">(\d+)<', page.text)
    assert count and int(count.group(1)) == len(expected.tasks) > 0
    assert 'id="by-agency"' in page.text and 'id="by-province-tasks"' in page.text
    for row in expected.by_province:
        assert row["name"] in page.text
    assert "bị bãi bỏ" in page.text and "2021-06-01" in page.text
    assert 'id="download-csv"' in page.text and 'id="download-html"' in page.text


def test_impact_what_if_successor(client: TestClient) -> None:
    page = client.get(
        "/impact",
        params={"document": L107, "event": "replaced", "what_if": "999/2025/NĐ-CP", "date": "2025-07-01"},
    )
    assert page.status_code == 200
    assert "999/2025/NĐ-CP" in page.text
    assert "giả định" in page.text


def test_impact_downloads(client: TestClient) -> None:
    response = client.get(
        "/impact/download", params={"document": L107, "format": "csv", "date": "2021-06-01"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.headers["content-disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert len(rows) > 1 and "task" in rows[0]
    html = client.get("/impact/download", params={"document": L107, "format": "html"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "<!DOCTYPE html>" in html.text and "vis" in html.text
    bad = client.get("/impact/download", params={"document": L107, "format": "exe"})
    assert bad.status_code == 400


def test_impact_errors_are_one_line(client: TestClient) -> None:
    unknown = client.get("/impact", params={"document": "123/4567/XYZ"})
    assert unknown.status_code == 400
    assert "123/4567" in error_message(unknown.text)
    assert_no_traceback(unknown.text)
    bad_date = client.get("/impact", params={"document": L107, "date": "yesterday"})
    assert bad_date.status_code == 400 and "ISO" in error_message(bad_date.text)
    bad_event = client.get("/impact", params={"document": L107, "event": "exploded"})
    assert bad_event.status_code == 400
    bad_depth = client.get("/impact", params={"document": L107, "depth": "deep"})
    assert bad_depth.status_code == 400 and "depth" in error_message(bad_depth.text)
    assert client.get("/impact").status_code == 400


# ---------------------------------------------------------------------- agency


def test_agency_page(client: TestClient) -> None:
    page = client.get("/agency/thanh-hoa/so-noi-vu")
    assert page.status_code == 200
    html = page.text
    assert 'id="agency-name">Sở Nội vụ<' in html
    assert '<svg class="chart"' in html and "<rect" in html
    assert re.search(r'id="lead-tasks">\s*<h2>[^<]*<span class="count">[1-9]', html)
    assert 'id="cooperate-tasks"' in html
    assert re.search(r'id="partners">\s*<li><a href="/agency/', html)
    assert client.get("/agency/nowhere/none").status_code == 404


# ---------------------------------------------------------------------- plan, task


def test_plan_page_highlights_citations(client: TestClient) -> None:
    page = client.get("/plan/thanh-hoa-5476-qd-ubnd-2020")
    assert page.status_code == 200
    html = page.text
    assert 'id="doc-text"' in html
    marks = re.findall(r'<mark class="cite" title="([^"]*)"><a href="([^"]*)">', html)
    assert len(marks) > 5
    assert any(title == L107 for title, _ in marks)
    assert '<span class="ln" id="L1"></span>' in html and 'id="L200"' in html
    assert re.search(r'id="task-table">\s*<h2>[^<]*<span class="count">[1-9]', html)
    assert client.get("/plan/no-such-plan").status_code == 404


def test_task_page(client: TestClient) -> None:
    page = client.get("/task/thanh-hoa-5476-qd-ubnd-2020/task-1")
    assert page.status_code == 200
    assert 'id="task-text"' in page.text and "/plan/thanh-hoa-5476-qd-ubnd-2020#L" in page.text
    assert client.get("/task/thanh-hoa-5476-qd-ubnd-2020/task-99999").status_code == 404


# ---------------------------------------------------------------------- graph explorer


def test_graph_explorer(client: TestClient) -> None:
    page = client.get("/graph", params={"focus": L107, "depth": 1, "province": "Thanh Hóa"})
    assert page.status_code == 200
    assert 'id="graph-frame"' in page.text
    src = re.search(r'id="graph-frame" src="([^"]+)"', page.text)
    assert src and "/graph/view?" in src.group(1)
    view = client.get(src.group(1).replace("&amp;", "&"))
    assert view.status_code == 200
    assert "vis-network" in view.text or "vis.Network" in view.text
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", view.text)  # nothing from a network
    assert "'unsafe-inline'" in view.headers["Content-Security-Policy"]
    assert "default-src 'none'" in view.headers["Content-Security-Policy"]
    data = re.search(r'<script type="application/json" id="plankg-data">(.*?)</script>', view.text, re.S)
    assert data and json.loads(data.group(1))
    whole = client.get("/graph/view")
    assert whole.status_code == 200
    unknown = client.get("/graph/view", params={"focus": "no such thing at all"})
    assert unknown.status_code == 400 and "focus" in error_message(unknown.text)


# ---------------------------------------------------------------------- named queries


def test_named_queries_page_has_a_form_per_query(client: TestClient) -> None:
    from plankg.web.consoles import named_queries

    page = client.get("/queries")
    assert page.status_code == 200
    queries = named_queries()
    assert len(queries) >= 10
    for name, query in queries.items():
        assert f'id="query-{name}"' in page.text
        for param in query.params:
            assert f'name="{param.name}"' in page.text


def test_named_query_runs_with_bound_parameters(client: TestClient) -> None:
    from plankg.web.consoles import named_query

    query = named_query("tasks-depending-on")
    engine = query.engines[0]
    page = client.get("/queries/tasks-depending-on", params={"run": 1, "engine": engine, "document": L107})
    assert page.status_code == 200, error_message(page.text)
    rows = int(re.search(r'id="row-count">(\d+)<', page.text).group(1))
    assert rows > 0
    assert "hau-giang-2021-ke-hoach-cchc/task" in page.text or "thai-binh" in page.text
    download = client.get(
        "/queries/tasks-depending-on", params={"engine": engine, "document": L107, "format": "csv"}
    )
    assert download.headers["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(download.text.lstrip("\ufeff"))))
    assert table[0][:2] == ["task", "plan"] and len(table) == rows + 1
    # an injection attempt is a value like any other: no rows, no error
    hostile = client.get(
        "/queries/tasks-depending-on", params={"run": 1, "engine": engine, "document": "x' OR 1=1 //"}
    )
    assert hostile.status_code == 200 and re.search(r'id="row-count">0<', hostile.text)


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("tasks-depending-on", {"document": L107}),
        ("tasks-due", {"as_of": "2021-06-30"}),
        ("agency-load", {"province": "Thanh Hóa"}),
        ("area-coverage", {}),
    ],
)
def test_named_query_same_rows_on_both_engines(client: TestClient, name: str, params: dict[str, str]) -> None:
    from plankg.web.consoles import named_query

    query = named_query(name)
    if len(query.engines) < 2:
        pytest.skip(f"{name} has only {query.engines}")
    tables = []
    for engine in query.engines:
        response = client.get(f"/queries/{name}", params={**params, "engine": engine, "format": "csv"})
        assert response.status_code == 200, error_message(response.text)
        rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
        tables.append((rows[0], sorted(rows[1:])))
    assert tables[0] == tables[1]
    assert tables[0][1], f"{name} gave no rows"


def test_named_query_errors(client: TestClient) -> None:
    missing = client.get("/queries/tasks-depending-on", params={"run": 1})
    assert missing.status_code == 400 and "document" in error_message(missing.text)
    assert client.get("/queries/no-such-query").status_code == 400
    form = client.get("/queries/agency-load")
    assert (
        form.status_code == 200 and 'id="named-query-form"' in form.text and 'id="results"' not in form.text
    )


# ---------------------------------------------------------------------- consoles


def test_sparql_console_runs_reads(client: TestClient) -> None:
    query = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 7"
    page = client.get("/console/sparql", params={"query": query, "limit": 5})
    assert page.status_code == 200, error_message(page.text)
    assert re.search(r'id="row-count">5<', page.text) and "đã cắt bớt" in page.text
    download = client.get("/console/sparql", params={"query": query, "limit": 5, "format": "csv"})
    assert download.headers["content-type"].startswith("text/csv")
    assert len(download.text.lstrip("\ufeff").strip().splitlines()) == 6
    empty = client.get("/console/sparql")
    assert empty.status_code == 200 and "SELECT" in empty.text


def test_sparql_console_binds_parameters(client: TestClient) -> None:
    query = "SELECT ?x (STRLEN(?x) AS ?n) WHERE {}"
    page = client.get("/console/sparql", params={"query": query, "params": "x=<b>é</b>"})
    assert page.status_code == 200, error_message(page.text)
    assert "&lt;b&gt;é&lt;/b&gt;" in page.text and "<td>8</td>" in page.text


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "PREFIX x: <urn:x#> DROP ALL",
        "CLEAR DEFAULT",
        "LOAD <http://example.org/data.ttl>",
    ],
)
def test_sparql_console_refuses_updates(client: TestClient, update: str) -> None:
    page = client.get("/console/sparql", params={"query": update})
    assert page.status_code == 400
    assert "update" in error_message(page.text).lower() or "read-only" in error_message(page.text)
    assert_no_traceback(page.text)


def test_sparql_console_syntax_error(client: TestClient) -> None:
    page = client.get("/console/sparql", params={"query": "SELECT WHERE {"})
    assert page.status_code == 400 and error_message(page.text)
    assert_no_traceback(page.text)


def test_cypher_console_is_read_only(client: TestClient) -> None:
    query = (
        "MATCH (a:Agency)-[:LEADS]->(t:Task) RETURN a.name AS agency, count(t) AS tasks ORDER BY tasks DESC"
    )
    page = client.get("/console/cypher", params={"query": query, "limit": 3})
    assert page.status_code == 200, error_message(page.text)
    assert re.search(r'id="row-count">3<', page.text)
    assert "Sở Nội vụ" in page.text
    bound = client.get(
        "/console/cypher",
        params={
            "query": "MATCH (t:Task) WHERE t.province = $p RETURN count(t) AS n",
            "params": "p=Thanh Hóa",
        },
    )
    assert bound.status_code == 200 and re.search(r"<td>[1-9]\d*</td>", bound.text)
    for write in (
        "CREATE (n:Task {key: 'x'}) RETURN n",
        "MATCH (n) DETACH DELETE n",
        "MATCH (n) SET n.x = 1",
    ):
        refused = client.get("/console/cypher", params={"query": write})
        assert refused.status_code == 400, write
        assert "read" in error_message(refused.text).lower()
    csv_text = client.get("/console/cypher", params={"query": query, "limit": 3, "format": "csv"}).text
    assert csv_text.lstrip("\ufeff").startswith("agency,tasks")
    bad_params = client.get("/console/cypher", params={"query": query, "params": "no equals sign"})
    assert bad_params.status_code == 400


# ---------------------------------------------------------------------- /sparql endpoint

SELECT_DECREE = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT ?s ?o WHERE { ?s ?p ?o . FILTER(CONTAINS(STR(?o), "107/2020")) } LIMIT 5"""


def test_sparql_endpoint_json(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": SELECT_DECREE})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    body = response.json()
    assert body["head"]["vars"] == ["s", "o"]
    bindings = body["results"]["bindings"]
    assert bindings and bindings[0]["s"]["type"] in ("uri", "bnode")
    assert "107/2020" in bindings[0]["o"]["value"]
    assert response.headers["access-control-allow-origin"] == "*"


def test_sparql_endpoint_formats(client: TestClient) -> None:
    query = 'SELECT ?x ?n WHERE { VALUES (?x ?n) { ("a,b" 1) ("é"@vi 2) } }'
    as_csv = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert as_csv.text.splitlines() == ["x,n", '"a,b",1', "é,2"]
    as_tsv = client.get("/sparql", params={"query": query}, headers={"Accept": "text/tab-separated-values"})
    lines = as_tsv.text.splitlines()
    assert lines[0] == "?x\t?n" and lines[2].startswith('"é"@vi\t')
    as_xml = client.get(
        "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+xml"}
    )
    assert '<literal xml:lang="vi">é</literal>' in as_xml.text
    as_json = client.get("/sparql", params={"query": query}, headers={"Accept": "text/html;q=0.9, */*;q=0.8"})
    literal = as_json.json()["results"]["bindings"][1]["x"]
    assert literal == {"type": "literal", "value": "é", "xml:lang": "vi"}
    by_param = client.get("/sparql", params={"query": query, "format": "csv"})
    assert by_param.text.startswith("x,n")
    refused = client.get("/sparql", params={"query": query}, headers={"Accept": "image/png"})
    assert refused.status_code == 406
    ask = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert ask.json() == {"head": {}, "boolean": True}
    construct = client.get("/sparql", params={"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3"})
    assert construct.headers["content-type"].startswith("application/n-triples")
    assert len(construct.text.strip().splitlines()) == 3


def test_sparql_endpoint_post(client: TestClient) -> None:
    form = client.post("/sparql", data={"query": SELECT_DECREE})
    assert form.status_code == 200 and form.json()["results"]["bindings"]
    direct = client.post(
        "/sparql", content=SELECT_DECREE.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert direct.status_code == 200 and direct.json()["head"]["vars"] == ["s", "o"]
    wrong = client.post("/sparql", content=b"x", headers={"Content-Type": "text/plain"})
    assert wrong.status_code == 415
    options = client.options("/sparql")
    assert options.status_code == 204


def test_sparql_endpoint_refuses_updates(client: TestClient, demo_build: Path) -> None:
    before = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}).json()
    attempts = [
        client.get("/sparql", params={"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}),
        client.get("/sparql", params={"query": "DROP ALL"}),
        client.post("/sparql", data={"update": "DROP ALL"}),
        client.post("/sparql", content=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"}),
        client.post(
            "/sparql",
            content=b"DELETE WHERE { ?s ?p ?o }",
            headers={"Content-Type": "application/sparql-query"},
        ),
    ]
    for response in attempts:
        assert response.status_code == 403
        assert "update" in response.text.lower() or "read-only" in response.text.lower()
    after = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}).json()
    assert before == after


def test_sparql_endpoint_bad_requests(client: TestClient) -> None:
    missing = client.get("/sparql")
    assert missing.status_code == 400 and "query" in missing.text
    browser = client.get("/sparql", headers={"Accept": "text/html"}, follow_redirects=False)
    assert browser.status_code == 303 and browser.headers["location"] == "/console/sparql"
    syntax = client.get("/sparql", params={"query": "SELECT * WHERE {"})
    assert syntax.status_code == 400 and "syntax" in syntax.text.lower()
    assert_no_traceback(syntax.text)


# ---------------------------------------------------------------------- upload

UPLOADED_PLAN = """ỦY BAN NHÂN DÂN
TỈNH NGHỆ AN
Số: 123/KH-UBND
Nghệ An, ngày 10 tháng 01 năm 2024

KẾ HOẠCH
Cải cách hành chính năm 2024 {script}

Căn cứ Nghị định số 107/2020/NĐ-CP ngày 14/9/2020 của Chính phủ sửa đổi, bổ sung một số điều
của Nghị định số 24/2014/NĐ-CP;

I. NHIỆM VỤ
1. Rà soát, sắp xếp tổ chức bộ máy các cơ quan chuyên môn theo Nghị định số 107/2020/NĐ-CP {img}.
Cơ quan chủ trì: Sở Nội vụ. Cơ quan phối hợp: Sở Tư pháp. Thời gian hoàn thành: Quý II/2024.
"""


def hostile_plan() -> str:
    return UPLOADED_PLAN.format(script=SCRIPT, img='<img src=x onerror="alert(2)">')


def test_upload_form(client: TestClient) -> None:
    page = client.get("/upload")
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.text and 'accept=".txt,.md,.docx,.pdf"' in page.text


def test_upload_adds_the_document_and_escapes_it(upload_client: TestClient, upload_build: Path) -> None:
    response = upload_client.post(
        "/upload", files={"file": ("kế hoạch <i>x</i>.md", hostile_plan().encode(), "text/markdown")}
    )
    # "</i>" holds a slash: a name like that is refused outright …
    assert response.status_code == 400
    response = upload_client.post(
        "/upload", files={"file": ("kế hoạch CCHC 2024 <i>.md", hostile_plan().encode(), "text/markdown")}
    )
    assert response.status_code == 200, error_message(response.text)
    html = response.text
    doc_id = re.search(r'id="new-document">([^<]+)<', html).group(1)
    assert doc_id == "nghe-an-123-kh-ubnd-2024"
    assert "uploads/ke-hoach-cchc-2024-i.md" in html
    assert SCRIPT not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html
    # the graph file, the extraction and the in-memory graph all have it
    graph = json.loads((upload_build / "graph.json").read_text(encoding="utf-8"))
    assert any(node["key"] == f"doc:{doc_id}" for node in graph["nodes"])
    assert (upload_build / "extractions" / f"{doc_id}.json").is_file()
    assert (upload_build / "uploads" / "ke-hoach-cchc-2024-i.md").is_file()
    plan = upload_client.get(f"/plan/{doc_id}")
    assert plan.status_code == 200
    assert SCRIPT not in plan.text and "<img src=x" not in plan.text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in plan.text
    assert re.search(r'<mark class="cite" title="107/2020/NĐ-CP"><a href="/legal/', plan.text)
    found = upload_client.get("/api/search", params={"q": "123/KH-UBND nghe an"}).json()["results"]
    assert found[0]["key"] == f"doc:{doc_id}"
    search_page = upload_client.get("/search", params={"q": "cai cach hanh chinh nam 2024 script"})
    assert f"/plan/{doc_id}" in search_page.text and SCRIPT not in search_page.text
    legal = upload_client.get("/legal/" + L107)
    assert f"/plan/{doc_id}" in legal.text
    # the upload went through the incremental update: the SPARQL store has the new tasks at once …
    home = upload_client.get("/")
    assert 'class="notice"' not in home.text
    assert "đã cập nhật" in html  # the report says the SPARQL store was updated
    sparql = upload_client.get(
        "/console/sparql",
        params={
            "query": "SELECT ?id ?prefix WHERE { ?task <http://purl.org/dc/terms/identifier> ?id "
            "FILTER(STRSTARTS(?id, ?prefix)) } ORDER BY ?id",
            "params": f"prefix={doc_id}/task-",
            "format": "csv",
        },
    )
    assert sparql.status_code == 200, error_message(sparql.text)
    rows = list(csv.reader(io.StringIO(sparql.text.lstrip("\ufeff"))))
    assert [row[0] for row in rows] == ["id", f"{doc_id}/task-1"]
    # … the named questions give the same rows on both engines, the new task among them …
    tables = []
    for engine in ("sparql", "cypher"):
        response = upload_client.get(
            "/queries/tasks-depending-on", params={"document": L107, "engine": engine, "format": "csv"}
        )
        assert response.status_code == 200, error_message(response.text)
        rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
        tables.append(sorted(rows[1:]))
    assert tables[0] == tables[1] and any(row[0] == f"{doc_id}/task-1" for row in tables[0])
    # … and the report and the exports have the document
    report = json.loads((upload_build / "report.json").read_text(encoding="utf-8"))
    assert doc_id in report["documents"]
    assert report["nodes_by_label"]["Document"] == len(report["documents"]) == 6
    assert f"doc:{doc_id}" in (upload_build / "graph.graphml").read_text(encoding="utf-8")
    csv_nodes = (upload_build / "neo4j-import" / "nodes_Document.csv").read_text(encoding="utf-8")
    assert f"doc:{doc_id}" in csv_nodes
    # uploading the same document again is refused
    again = upload_client.post(
        "/upload", files={"file": ("again.md", hostile_plan().encode(), "text/markdown")}
    )
    assert again.status_code == 400 and "already" in error_message(again.text)
    assert not (upload_build / "uploads" / "again.md").exists()


@pytest.mark.parametrize(
    "name",
    [
        "../evil.txt",
        "../../etc/cron.d/evil.txt",
        "..\\evil.txt",
        "/etc/passwd.txt",
        "sub/dir.txt",
        ".hidden.txt",
        "..",
        "evil.txt\n",
        "evil.txt/",
    ],
)
def test_upload_names_cannot_escape_the_data_folder(
    upload_client: TestClient, upload_build: Path, name: str
) -> None:
    before = {p for p in upload_build.parent.rglob("*")}
    response = upload_client.post(
        "/upload", files={"file": (name, b"Some text 107/2020/ND-CP", "text/plain")}
    )
    assert response.status_code == 400
    assert_no_traceback(response.text)
    assert {p for p in upload_build.parent.rglob("*")} == before
    assert not (upload_build.parent / "evil.txt").exists()


@pytest.mark.parametrize("raw_name", [b"../evil.txt", b"a\x00b.txt", b"..%2Fevil.txt", b"\xc0\xaf..txt"])
def test_upload_raw_multipart_names(upload_client: TestClient, upload_build: Path, raw_name: bytes) -> None:
    """File names as a hostile client writes them, not as httpx would encode them."""
    boundary = b"plankgboundary"
    body = (
        b"--" + boundary + b"\r\n"
        b'Content-Disposition: form-data; name="file"; filename="' + raw_name + b'"\r\n'
        b"Content-Type: text/plain\r\n\r\nSome text\r\n--" + boundary + b"--\r\n"
    )
    before = {p for p in upload_build.parent.rglob("*")}
    response = upload_client.post(
        "/upload", content=body, headers={"Content-Type": "multipart/form-data; boundary=plankgboundary"}
    )
    assert response.status_code == 400
    assert_no_traceback(response.text)
    assert {p for p in upload_build.parent.rglob("*")} == before


def test_safe_stem_unit() -> None:
    from plankg.web.uploads import UploadRefused, safe_stem

    assert safe_stem("Kế hoạch CCHC 2024.DOCX") == ("ke-hoach-cchc-2024", ".docx")
    assert safe_stem("<script>.md") == ("script", ".md")
    assert safe_stem("!!!.txt") == ("document", ".txt")
    for bad in ("../x.txt", "x", "x.exe", "x.txt.sh", "", ".txt", "a/b.pdf", "a\\b.pdf"):
        with pytest.raises(UploadRefused):
            safe_stem(bad)


def test_upload_limits(upload_client: TestClient) -> None:
    from plankg.web import uploads

    wrong_type = upload_client.post(
        "/upload", files={"file": ("plan.exe", b"MZ", "application/octet-stream")}
    )
    assert wrong_type.status_code == 400 and ".exe" in error_message(wrong_type.text)
    empty = upload_client.post("/upload", files={"file": ("empty.txt", b"", "text/plain")})
    assert empty.status_code == 400
    binary = upload_client.post("/upload", files={"file": ("bin.txt", b"\x00\x01\x02" * 10, "text/plain")})
    assert binary.status_code == 400 and "binary" in error_message(binary.text)
    fake_pdf = upload_client.post("/upload", files={"file": ("fake.pdf", b"not a pdf", "application/pdf")})
    assert fake_pdf.status_code == 400 and "PDF" in error_message(fake_pdf.text)
    fake_docx = upload_client.post("/upload", files={"file": ("fake.docx", b"PK nope", "application/zip")})
    assert fake_docx.status_code == 400 and ".docx" in error_message(fake_docx.text)
    no_file = upload_client.post("/upload", data={"x": "1"})
    assert no_file.status_code == 400
    big = b"a" * (uploads.MAX_UPLOAD_BYTES + 10)
    too_big = upload_client.post("/upload", files={"file": ("big.txt", big, "text/plain")})
    assert too_big.status_code == 400 and "MB" in error_message(too_big.text)
    cross_site = upload_client.post(
        "/upload",
        files={"file": ("x.txt", b"text", "text/plain")},
        headers={"Origin": "http://evil.example"},
    )
    assert cross_site.status_code == 403


def make_docx(paragraphs: list[str], table: list[list[str]]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    grid = document.add_table(rows=len(table), cols=len(table[0]))
    for r, row in enumerate(table):
        for c, value in enumerate(row):
            grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


DOCX_HEADER = [
    "ỦY BAN NHÂN DÂN",
    "TỈNH QUẢNG TRỊ",
    "Số: 77/KH-UBND",
    "Quảng Trị, ngày 05 tháng 3 năm 2024",
    "KẾ HOẠCH",
    "Cải cách hành chính năm 2024",
    "Căn cứ Nghị định số 107/2020/NĐ-CP ngày 14/9/2020 của Chính phủ;",
]
DOCX_TABLE = [
    ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"],
    ["1", "Rà soát thủ tục hành chính <b>", "Sở Tư pháp", "Sở Nội vụ", "Quý II/2024"],
]


def test_docx_reader() -> None:
    from plankg.loaders.docx import read_docx

    text = read_docx(make_docx(DOCX_HEADER, DOCX_TABLE), "plan.docx")
    assert text.startswith("ỦY BAN NHÂN DÂN\n")
    assert "Nghị định số 107/2020/NĐ-CP" in text
    assert "1\tRà soát thủ tục hành chính <b>\tSở Tư pháp\tSở Nội vụ\tQuý II/2024" in text
    import unicodedata

    assert unicodedata.is_normalized("NFC", text)
    with pytest.raises(InputError):
        read_docx(b"not a zip", "x.docx")


def minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with Helvetica text (ASCII), written by hand: no PDF writer is a dependency."""

    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = "BT /F1 11 Tf 50 780 Td 14 TL " + " ".join(f"({esc(line)}) '" for line in lines) + " ET"
    data = zlib.compress(stream.encode("latin-1"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


PDF_LINES = [
    "UY BAN NHAN DAN",
    "TINH LAI CHAU",
    "So: 55/KH-UBND",
    "KE HOACH",
    "Cai cach hanh chinh nam 2024",
    "Can cu Nghi dinh so 107/2020/ND-CP ngay 14/9/2020 cua Chinh phu;",
]


def test_pdf_reader() -> None:
    from plankg.loaders.pdf import read_pdf

    text = read_pdf(minimal_pdf(PDF_LINES), "plan.pdf")
    assert "TINH LAI CHAU" in text and "107/2020/ND-CP" in text
    with pytest.raises(InputError):
        read_pdf(b"%PDF-1.4 broken", "x.pdf")
    with pytest.raises(InputError):
        read_pdf(b"hello", "x.pdf")
    with pytest.raises(InputError, match="no text"):
        read_pdf(minimal_pdf([]), "empty.pdf")


def test_upload_docx_and_pdf(upload_client: TestClient, upload_build: Path) -> None:
    response = upload_client.post(
        "/upload",
        files={
            "file": (
                "Kế hoạch Quảng Trị.docx",
                make_docx(DOCX_HEADER, DOCX_TABLE),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            )
        },
    )
    assert response.status_code == 200, error_message(response.text)
    doc_id = re.search(r'id="new-document">([^<]+)<', response.text).group(1)
    assert (upload_build / "uploads" / "ke-hoach-quang-tri.docx").is_file()
    assert (upload_build / "uploads" / "ke-hoach-quang-tri.txt").is_file()
    plan = upload_client.get(f"/plan/{doc_id}")
    assert plan.status_code == 200 and "Rà soát thủ tục hành chính &lt;b&gt;" in plan.text
    assert re.search(r'<mark class="cite" title="107/2020/NĐ-CP">', plan.text)
    pdf = upload_client.post(
        "/upload", files={"file": ("lai-chau.pdf", minimal_pdf(PDF_LINES), "application/pdf")}
    )
    assert pdf.status_code == 200, error_message(pdf.text)
    pdf_id = re.search(r'id="new-document">([^<]+)<', pdf.text).group(1)
    assert "TINH LAI CHAU" in upload_client.get(f"/plan/{pdf_id}").text


def test_uploaded_documents_reach_cypher(upload_client: TestClient) -> None:
    upload_client.post(
        "/upload",
        files={
            "file": (
                "ha-noi.txt",
                hostile_plan().replace("NGHỆ AN", "HÀ NAM").replace("Nghệ An", "Hà Nam").encode(),
                "text/plain",
            )
        },
    )
    page = upload_client.get(
        "/console/cypher", params={"query": "MATCH (d:Document) RETURN d.id AS id ORDER BY id", "limit": 100}
    )
    assert page.status_code == 200, error_message(page.text)
    assert "nghe-an-123-kh-ubnd-2024" in page.text


# ---------------------------------------------------------------------- errors


def test_not_found_page(client: TestClient) -> None:
    page = client.get("/no/such/page")
    assert page.status_code == 404
    assert "Không tìm thấy trang." in page.text and "<html" in page.text
    api = client.get("/api/nothing")
    assert api.status_code == 404 and api.json() == {"error": "Không tìm thấy trang."}
    wrong_method = client.delete("/")
    assert wrong_method.status_code == 405
    assert_no_traceback(wrong_method.text)


def test_internal_errors_show_no_traceback(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import plankg.graph.impact

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("secret internal detail /etc/passwd")

    monkeypatch.setattr(plankg.graph.impact, "impact", broken)
    page = client.get("/impact", params={"document": L107})
    assert page.status_code == 500
    assert "Đã xảy ra lỗi nội bộ" in page.text
    assert "secret internal detail" not in page.text and "RuntimeError" not in page.text
    assert_no_traceback(page.text)


def test_engine_module_missing_is_explained(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    import plankg.graph

    monkeypatch.setitem(sys.modules, "plankg.graph.sparql", None)  # import fails
    monkeypatch.delattr(plankg.graph, "sparql", raising=False)
    page = client.get("/console/sparql", params={"query": "ASK {}"})
    assert page.status_code == 503
    assert "Chức năng chưa sẵn sàng" in page.text and "sparql" in page.text
    endpoint = client.get("/sparql", params={"query": "ASK {}"})
    assert endpoint.status_code == 503


# ---------------------------------------------------------------------- helpers


def test_highlight_escapes_then_wraps() -> None:
    from plankg.web.charts import Highlight, highlight_text

    text = 'a <b>"x"</b>\nline 2 & 107/2020/NĐ-CP'
    start = text.index("107")
    markup, drawn = highlight_text(
        text,
        [
            Highlight(start, start + 14, '<"t">', "/legal/1?a=1&b=2"),
            Highlight(start + 2, start + 5, "x", None),
        ],
    )
    assert drawn == 1  # the overlapping span is skipped
    assert str(markup) == (
        '<span class="ln" id="L1"></span>a &lt;b&gt;&#34;x&#34;&lt;/b&gt;\n<span class="ln" id="L2"></span>'
        'line 2 &amp; <mark class="cite" title="&lt;&#34;t&#34;&gt;"><a href="/legal/1?a=1&amp;b=2">'
        "107/2020/NĐ-CP</a></mark>"
    )


def test_quarter_chart_svg() -> None:
    from plankg.web.charts import Bar, quarter_chart

    svg = str(
        quarter_chart(
            [Bar("2021-Q1", 2, 1), Bar("<q>", 0, 3)], title="T&", lead_label="L", cooperate_label="C"
        )
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "&lt;q&gt;" in svg and "<q>" not in svg and "T&amp;" in svg
    assert svg.count("<rect") == 3 + 2  # bars + legend swatches
    assert str(quarter_chart([], title="", lead_label="", cooperate_label="")) == ""


@pytest.mark.parametrize(
    ("accept", "graph_form", "expected"),
    [
        (None, False, "json"),
        ("application/sparql-results+json", False, "json"),
        ("text/csv", False, "csv"),
        ("text/tab-separated-values", False, "tsv"),
        ("application/sparql-results+xml", False, "xml"),
        ("text/csv;q=0.5, application/sparql-results+json", False, "json"),
        ("text/csv;q=0.9, application/sparql-results+xml;q=0.1", False, "csv"),
        ("*/*", False, "json"),
        ("image/png", False, None),
        ("text/turtle", True, "nt"),
        (None, True, "nt"),
    ],
)
def test_negotiate(accept: str | None, graph_form: bool, expected: str | None) -> None:
    from plankg.web.consoles import negotiate

    assert negotiate(accept, graph_form) == expected


def test_csv_cells_are_not_formulas() -> None:
    from plankg.web.consoles import to_csv

    text = to_csv(["a", "b"], [["=cmd|' /C calc'!A0", -3], [None, ["x", 1]]])
    assert text.splitlines() == ["a,b", "'=cmd|' /C calc'!A0,-3", ',"[""x"", 1]"']
