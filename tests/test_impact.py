"""Impact analysis, validity, stale legal basis and build diffs on the REAL demo build (issue 4)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
import typer
from paths import CORPUS, HAU_GIANG_2021
from typer.testing import CliRunner

from plankg.cli.impact_cmd import register
from plankg.csvsafe import FORMULA_STARTS
from plankg.errors import InputError
from plankg.graph.build import build
from plankg.graph.check_basis import check_basis
from plankg.graph.diff import diff_builds
from plankg.graph.events import apply_events, load_events
from plankg.graph.exports import GRAPH_FILE, load_property_graph
from plankg.graph.impact import find_document, impact
from plankg.graph.property import DEPENDS_ON, TASK, PropertyGraph
from plankg.graph.reports import (
    IMPACT_CSV_COLUMNS,
    impact_csv,
    impact_html,
    impact_markdown,
    impact_table,
    md_escape,
    render_impact,
    render_stale,
)
from plankg.graph.validity import Validity

DATA = Path(__file__).parent / "data"
EXAMPLE_EVENTS = DATA / "events_example.yaml"  # fictitious, marked EXAMPLE ONLY
THANH_HOA = "thanh-hoa-5476-qd-ubnd-2020"
HAU_GIANG = "hau-giang-2021-ke-hoach-cchc"
THAI_BINH = "thai-binh-3669-qd-ubnd-2020"
HA_TINH = "ha-tinh-2024-ke-hoach-cchc-du-thao"
AMENDMENT_QUOTE = "về sửa đổi, bổ sung một số điều của Nghị định số 130/2005/NĐ-CP"

runner = CliRunner()


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("b") / "build"
    build(CORPUS, out)
    return out


@pytest.fixture(scope="session")
def graph(build_dir: Path) -> PropertyGraph:
    return load_property_graph(build_dir / GRAPH_FILE)


@pytest.fixture(scope="session")
def with_events(graph: PropertyGraph) -> PropertyGraph:
    return apply_events(graph, load_events(EXAMPLE_EVENTS))


@pytest.fixture()
def cli() -> typer.Typer:
    app = typer.Typer(pretty_exceptions_enable=False)

    @app.callback()
    def _root() -> None:
        """Test app."""

    register(app)
    return app


def _tasks_citing(graph: PropertyGraph, *keys: str) -> set[str]:
    return {e.source for e in graph.edges if e.type == DEPENDS_ON and e.target in keys}


# ---------------------------------------------------------------------------------------------- acceptance


def test_impact_107_2020_lists_three_provinces_with_lead_and_quote(graph: PropertyGraph) -> None:
    report = impact(graph, "107/2020/NĐ-CP")
    by_plan = {t.plan_id: t for t in report.tasks}
    assert {THANH_HOA, HAU_GIANG, THAI_BINH} <= set(by_plan)
    assert {t.key for t in report.tasks} == _tasks_citing(graph, "legal:107/2020/NĐ-CP")
    for task in report.tasks:
        assert task.relation == "direct"
        hop = task.paths[0].hops[0]
        assert hop.type == DEPENDS_ON and hop.end == "legal:107/2020/NĐ-CP"
        assert "107" in hop.quote and "107" in hop.excerpt  # Thái Bình: «Nghị định số 107, 108/2020/NĐ-CP»
        assert hop.source_document == task.plan_id and isinstance(hop.source_line, int)
    assert [a.name for a in by_plan[THANH_HOA].lead] == ["các sở, ban, ngành cấp tỉnh"]
    assert [a.name for a in by_plan[THAI_BINH].lead] == ["Sở Nội vụ"]
    # Hậu Giang names no chủ trì per task; Sở Nội vụ leads the plan as a whole (its fallback lead)
    assert [a.name for a in by_plan[HAU_GIANG].lead] == ["Sở Nội vụ"]
    table = impact_table(report, width=220)
    assert "Sở Nội vụ" in table and "line 229" in table


def test_impact_130_2005_shows_the_amendment_hop_with_the_hau_giang_quote(graph: PropertyGraph) -> None:
    report = impact(graph, "130/2005/NĐ-CP")
    amender = next(d for d in report.documents if d.id == "117/2013/NĐ-CP")
    (hop,) = amender.hops
    assert (hop.start, hop.type, hop.end, hop.direction) == (
        "legal:117/2013/NĐ-CP",
        "AMENDS",
        "legal:130/2005/NĐ-CP",
        "forward",
    )
    assert AMENDMENT_QUOTE in hop.quote
    assert (hop.source_document, hop.source_line, hop.source) == (HAU_GIANG, 86, "text")
    cited = _tasks_citing(graph, "legal:130/2005/NĐ-CP", "legal:117/2013/NĐ-CP")
    assert {t.key for t in report.tasks} == cited
    hau_giang = next(t for t in report.tasks if t.key == f"task:{HAU_GIANG}/task-20")
    kinds = [(p.direct, [h.type for h in p.hops]) for p in hau_giang.paths]
    assert (True, ["DEPENDS_ON"]) in kinds and (False, ["DEPENDS_ON", "AMENDS"]) in kinds
    for fmt in ("table", "md", "html", "json"):
        assert "117/2013/NĐ-CP" in render_impact(report, fmt, width=200)


def test_impact_117_2013_inherits_through_the_amendment_backwards(graph: PropertyGraph) -> None:
    report = impact(graph, "117/2013/NĐ-CP")
    thai_binh = next(t for t in report.tasks if t.key == f"task:{THAI_BINH}/task-23")
    assert thai_binh.relation == "inherited"
    path = thai_binh.paths[0]
    assert [(h.type, h.direction) for h in path.hops] == [("DEPENDS_ON", "forward"), ("AMENDS", "backward")]
    assert "←AMENDS—" in path.text() and AMENDMENT_QUOTE in path.hops[1].quote
    relations = [t.relation for t in report.tasks]
    assert relations == sorted(relations, key=lambda r: r != "direct")  # direct before inherited
    assert {t.key for t in report.direct} == _tasks_citing(graph, "legal:117/2013/NĐ-CP")


def test_depth_zero_keeps_only_direct_citations(graph: PropertyGraph) -> None:
    report = impact(graph, "117/2013/NĐ-CP", depth=0)
    assert report.tasks and all(t.relation == "direct" for t in report.tasks)
    assert [d.id for d in report.documents] == ["117/2013/NĐ-CP"]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("107/2020/NĐ-CP", "legal:107/2020/NĐ-CP"),
        ("107/2020/ND-CP", "legal:107/2020/NĐ-CP"),
        (" Nghị định 107/2020/NĐ-CP ", "legal:107/2020/NĐ-CP"),
        ("legal:107/2020/NĐ-CP", "legal:107/2020/NĐ-CP"),
        ("107/2020/nđ-cp", "legal:107/2020/NĐ-CP"),
        ("1025/QĐ-UBND", "legal:1025/QĐ-UBND#thanh-hoa"),
        ("1025/QĐ-UBND#Thanh Hóa", "legal:1025/QĐ-UBND#thanh-hoa"),
        (THANH_HOA, "legal:5476/QĐ-UBND#thanh-hoa"),
        (HAU_GIANG, f"legal:{HAU_GIANG}"),
    ],
)
def test_document_lookup_is_lenient(graph: PropertyGraph, text: str, key: str) -> None:
    assert find_document(graph, text) == key


def test_unknown_document_lists_close_matches(graph: PropertyGraph) -> None:
    with pytest.raises(
        InputError, match=r"no legal document 107/2021/NĐ-CP.*close matches: .*107/2020/NĐ-CP"
    ):
        find_document(graph, "107/2021/ND-CP")


def test_severity_and_timing_against_the_change_date(graph: PropertyGraph) -> None:
    report = impact(graph, "107/2020/NĐ-CP", event="repealed", date="2021-06-01")
    got = {t.plan_id: (t.timing, t.severity) for t in report.tasks}
    assert got[THANH_HOA] == ("active", "high")  # deadline 2021-12-31
    assert got[HAU_GIANG] == ("unknown", "medium")  # no deadline
    assert got[THAI_BINH] == ("historical", "low")  # deadline 2021-03-31
    assert [t.plan_id for t in report.tasks] == [THANH_HOA, HAU_GIANG, THAI_BINH]
    assert report.change.event == "repealed" and report.change.date == date(2021, 6, 1)


def test_plan_basis_reaches_every_task_of_the_plan(graph: PropertyGraph) -> None:
    report = impact(graph, "6459/BNV-CCHC")
    plans = {t.plan_id for t in report.tasks}
    assert plans == {THANH_HOA, HAU_GIANG, THAI_BINH}  # căn cứ / thực hiện in each preamble
    thanh_hoa_tasks = {
        k for k, n in graph.nodes.items() if n.label == TASK and n.props["document"] == THANH_HOA
    }
    assert thanh_hoa_tasks <= {t.key for t in report.tasks}
    task = next(t for t in report.tasks if t.plan_id == THANH_HOA)
    assert task.relation == "inherited" and task.paths[0].kind == "plan_basis"
    basis = next(h for h in task.paths[0].hops if h.type == "BASED_ON")
    assert "Căn cứ Công văn số 6459/BNV-CCHC" in basis.quote and basis.source_line == 16
    # An «implements» in the body of a plan (not its preamble) does not make every task depend on it.
    assert impact(graph, "131/NQ-CP").tasks == []


def test_summaries_per_agency_province_and_area(graph: PropertyGraph) -> None:
    report = impact(graph, "130/2005/NĐ-CP", date="2021-06-30")
    finance = next(r for r in report.by_agency if r["key"] == "agency:ha-tinh/so-tai-chinh")
    assert (finance["lead"], finance["cooperate"], finance["active"]) == (2, 0, 2)
    assert report.by_agency[0]["lead"] >= report.by_agency[-1]["lead"]
    assert {r["name"] for r in report.by_province} == {"Hà Tĩnh", "Hậu Giang", "Thái Bình"}
    assert sum(r["tasks"] for r in report.by_province) == len(report.tasks)
    assert [r["name"] for r in report.by_area] == ["Cải cách tài chính công"]


def test_what_if_is_hypothetical_and_writes_nothing(graph: PropertyGraph, build_dir: Path) -> None:
    before = (len(graph.nodes), len(graph.edges), (build_dir / GRAPH_FILE).read_bytes())
    report = impact(graph, "108/2020/NĐ-CP", what_if="29/2023/NĐ-CP", date="2021-06-30")
    assert (len(graph.nodes), len(graph.edges), (build_dir / GRAPH_FILE).read_bytes()) == before
    assert "legal:29/2023/NĐ-CP" not in graph.nodes
    assert report.change.hypothetical and report.change.successor_id == "29/2023/NĐ-CP"
    assert [c.source for c in report.timeline] == ["what-if"]
    assert {t.key for t in report.tasks} == _tasks_citing(graph, "legal:108/2020/NĐ-CP")


def test_recorded_event_sets_the_change(with_events: PropertyGraph) -> None:
    report = impact(with_events, "107/2020/NĐ-CP")
    assert report.change.event == "replaced" and report.change.date == date(2021, 6, 1)
    assert report.change.successor_id == "999/2021/NĐ-CP" and report.change.recorded is not None
    assert next(t for t in report.tasks if t.plan_id == THANH_HOA).severity == "high"


# ---------------------------------------------------------------------------------------------- validity


def test_validity_timeline_and_status_as_of(graph: PropertyGraph, with_events: PropertyGraph) -> None:
    validity = Validity(graph)
    status = validity.status_as_of("legal:130/2005/NĐ-CP")
    assert status.status == "amended" and status.since == date(2013, 10, 7) and status.in_force
    assert status.changes[0].date_basis == "issued" and AMENDMENT_QUOTE in status.changes[0].quote
    assert validity.status_as_of("legal:130/2005/NĐ-CP", date(2010, 1, 1)).status == "in_force"
    replaced = Validity(with_events)
    status = replaced.status_as_of("legal:107/2020/NĐ-CP", date(2021, 12, 31))
    assert (status.status, status.since, status.successor) == (
        "replaced",
        date(2021, 6, 1),
        "legal:999/2021/NĐ-CP",
    )
    assert not status.in_force
    assert replaced.status_as_of("legal:107/2020/NĐ-CP", date(2021, 5, 31)).status == "in_force"


# ---------------------------------------------------------------------------------------------- check-basis


def test_check_basis_reports_task_and_successor(graph: PropertyGraph, with_events: PropertyGraph) -> None:
    assert check_basis(graph) == []  # the demo texts state no replacement of a cited document
    stale = {s.task: s for s in check_basis(with_events)}
    thanh_hoa = stale[f"task:{THANH_HOA}/task-11"]  # deadline 2021-12-31, replaced 2021-06-01
    assert (thanh_hoa.document_id, thanh_hoa.status, thanh_hoa.successor) == (
        "107/2020/NĐ-CP",
        "replaced",
        "999/2021/NĐ-CP",
    )
    assert thanh_hoa.cutoff_kind == "deadline" and thanh_hoa.change.source == "events"
    assert stale[f"task:{HAU_GIANG}/task-13"].cutoff_kind == "now"  # no deadline
    assert f"task:{THAI_BINH}/task-15" not in stale  # deadline 2021-03-31, before the replacement
    assert f"task:{THAI_BINH}/task-15" in {s.task for s in check_basis(with_events, "2021-07-01")}
    assert check_basis(with_events, date(2021, 5, 31)) == []


def test_check_basis_cli(cli: typer.Typer, build_dir: Path) -> None:
    args = ["check-basis", "--build", str(build_dir), "--events", str(EXAMPLE_EVENTS)]
    result = runner.invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["task"]: r for r in json.loads(result.stdout)}
    assert rows[f"{THANH_HOA}/task-11"]["successor"] == "999/2021/NĐ-CP"
    table = runner.invoke(cli, args)
    assert table.exit_code == 0 and "999/2021/NĐ-CP" in table.stdout
    bad = runner.invoke(cli, [*args, "--as-of", "31/12/2021"])
    assert bad.exit_code == 1 and bad.output.startswith("Error: ")


# ---------------------------------------------------------------------------------------------- CLI + formats


def test_impact_cli_formats(cli: typer.Typer, build_dir: Path, tmp_path: Path) -> None:
    base = ["impact", "130/2005/ND-CP", "--build", str(build_dir), "--date", "2021-06-30"]
    result = runner.invoke(cli, [*base, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["document"] == "130/2005/NĐ-CP" and data["counts"]["tasks"] == len(data["tasks"])
    assert any(h["type"] == "AMENDS" for d in data["documents"] for h in d["hops"])
    out = tmp_path / "impact.csv"
    assert runner.invoke(cli, [*base, "--format", "csv", "--out", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("rank,severity,relation,timing,task,")
    what_if = runner.invoke(cli, [*base, "--what-if", "replaced-by:29/2023/NĐ-CP"])
    assert what_if.exit_code == 0 and "HYPOTHETICAL" in what_if.stdout
    for args in (["--what-if", "29/2023/NĐ-CP"], ["--date", "2021-13-01"], ["--event", "renamed"]):
        bad = runner.invoke(cli, [*base, *args])
        assert bad.exit_code != 0
    unknown = runner.invoke(cli, ["impact", "999/1999/NĐ-CP", "--build", str(build_dir)])
    assert unknown.exit_code == 1 and unknown.output.startswith("Error: no legal document")
    missing = runner.invoke(cli, ["impact", "107/2020/NĐ-CP", "--build", str(tmp_path / "nope")])
    assert missing.exit_code == 1 and missing.output.count("\n") == 1


def test_html_report_is_self_contained_and_escaped(graph: PropertyGraph, tmp_path: Path) -> None:
    page = impact_html(impact(graph, "107/2020/NĐ-CP"))
    assert '<section id="impact-report">' in page and "new vis.Network" in page  # vis inlined
    assert 'src="http' not in page and "<link" not in page
    assert "<b>III." not in page and "&lt;b&gt;III." in page  # a Thái Bình quote carries <b> markup
    assert '<ul style="list-style-type' not in page
    assert "Sở Nội vụ" in page and "line 229" in page


def test_hostile_text_is_escaped_in_every_format() -> None:
    graph = PropertyGraph()
    graph.add_node("legal:107/2020/NĐ-CP", "LegalDocument", id="107/2020/NĐ-CP")
    graph.add_node("doc:p", "Document", id="p", province="X")
    graph.add_node("task:p/task-1", TASK, id="p/task-1", text="<script>alert(1)</script>", document="p")
    graph.add_node("agency:x", "Agency", id="x", name="[bold]Sở <img src=x onerror=alert(2)>[/bold]")
    graph.add_edge("task:p/task-1", "PART_OF", "doc:p")
    graph.add_edge(
        "task:p/task-1",
        DEPENDS_ON,
        "legal:107/2020/NĐ-CP",
        quote="<script>alert(3)</script> | *x*",
        source_line=1,
    )
    graph.add_edge("agency:x", "LEADS", "task:p/task-1")
    report = impact(graph, "107/2020/NĐ-CP")
    page = impact_html(report)
    assert "<script>alert(" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in page
    markdown = impact_markdown(report)
    assert "<script>" not in markdown and "&lt;script&gt;alert(3)&lt;/script&gt; \\| \\*x\\*" in markdown
    assert "[bold]Sở <img src=x onerror=alert(2)>[/bold]" in impact_table(report, width=300)
    assert "<script>alert(3)</script>" in impact_csv(report)  # CSV keeps the text as it is
    assert md_escape("a|b<c>_d") == "a\\|b&lt;c&gt;\\_d"


def _csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_csv_reports_never_start_a_cell_with_a_formula(graph: PropertyGraph) -> None:
    """OWASP CSV injection: = + - @ TAB CR at the start of a text cell get a single quote; numbers stay."""
    cells = _csv_cells(impact_csv(impact(graph, "77/2015/QH13")))
    quoted = [c for c in cells if c.startswith("'-")]
    assert quoted, "the demo's bulleted task quotes («- …») are quoted"
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    hostile = PropertyGraph()
    hostile.add_node("legal:1/2020/NĐ-CP", "LegalDocument", id="1/2020/NĐ-CP")
    hostile.add_node("legal:2/2021/NĐ-CP", "LegalDocument", id="2/2021/NĐ-CP")
    hostile.add_node("doc:p", "Document", id="p", province="X")
    text = '=HYPERLINK("http://evil")'
    hostile.add_node("task:p/task-1", TASK, id="p/task-1", text=text, document="p", deadline_end="2030-12-31")
    hostile.add_node("agency:x", "Agency", id="x", name="@SUM(A1)")
    hostile.add_edge("task:p/task-1", "PART_OF", "doc:p")
    hostile.add_edge("task:p/task-1", DEPENDS_ON, "legal:1/2020/NĐ-CP", quote="+1-2", source_line=1)
    hostile.add_edge("agency:x", "LEADS", "task:p/task-1")
    replaced = {"source": "events", "date": "2021-01-01"}
    hostile.add_edge("legal:2/2021/NĐ-CP", "REPLACES", "legal:1/2020/NĐ-CP", **replaced)
    impact_cells = _csv_cells(impact_csv(impact(hostile, "1/2020/NĐ-CP")))
    assert {"'" + text, "'@SUM(A1)", "'+1-2"} <= set(impact_cells)
    assert impact_cells[impact_cells.index("rank") + len(IMPACT_CSV_COLUMNS)] == "1"  # a number: no quote
    stale_cells = _csv_cells(render_stale(check_basis(hostile), "csv"))
    assert "'@SUM(A1)" in stale_cells and not [c for c in stale_cells if c.startswith(FORMULA_STARTS)]


def test_check_basis_csv_cli(cli: typer.Typer, build_dir: Path) -> None:
    args = ["check-basis", "--build", str(build_dir), "--events", str(EXAMPLE_EVENTS), "--format", "csv"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][:3] == ["task", "province", "deadline"] and len(rows) > 2
    assert f"{THANH_HOA}/task-11" in {r[0] for r in rows}


# ---------------------------------------------------------------------------------------------- diff


def test_diff_of_two_builds(cli: typer.Typer, build_dir: Path, graph: PropertyGraph, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in CORPUS.glob("*.txt"):
        if path != HAU_GIANG_2021:
            shutil.copy(path, corpus)
    smaller = tmp_path / "smaller"
    build(corpus, smaller)
    other = load_property_graph(smaller / GRAPH_FILE)
    diff = diff_builds(graph, other)
    assert diff.documents_removed == [f"doc:{HAU_GIANG}"] and diff.documents_added == []
    hau_giang_tasks = {
        k for k, n in graph.nodes.items() if n.label == TASK and n.props["document"] == HAU_GIANG
    }
    assert set(diff.tasks_removed) == hau_giang_tasks and diff.tasks_added == [] and diff.tasks_changed == []
    assert {"legal:02/2017/TT-VPCP", "legal:90/2018/TT-BTC"} <= set(diff.references_removed)
    assert "legal:107/2020/NĐ-CP" not in diff.references_removed  # still cited by the others
    assert "agency:hau-giang/so-noi-vu" in diff.agencies_removed
    assert (f"task:{HAU_GIANG}/task-13", DEPENDS_ON, "legal:107/2020/NĐ-CP") in diff.edges_removed
    assert len(graph.edges) - len(diff.edges_removed) + len(diff.edges_added) == len(other.edges)
    back = diff_builds(other, graph)
    assert back.tasks_added == diff.tasks_removed and back.edges_added == diff.edges_removed
    assert diff_builds(graph, graph).empty
    result = runner.invoke(cli, ["diff", str(build_dir), str(smaller), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["counts"]["tasks_removed"] == len(hau_giang_tasks)
    table = runner.invoke(cli, ["diff", str(build_dir), str(smaller)])
    assert table.exit_code == 0 and f"doc:{HAU_GIANG}" in table.stdout
