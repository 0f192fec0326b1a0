"""The events file: loading, validation (file, row, field named), atomic append, applying to a graph."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from plankg.cli.impact_cmd import register
from plankg.errors import InputError
from plankg.graph.events import Event, append_event, apply_events, load_events, make_event, resolve_legal_key
from plankg.graph.property import PropertyGraph
from plankg.models import Predicate

DATA = Path(__file__).parent / "data"
runner = CliRunner()

CSV_OK = (
    "subject,predicate,object,date,note,source\n"
    "999/2021/NĐ-CP,replaces,107/2020/ND-CP,2021-06-01,EXAMPLE ONLY,fictitious\n"
    "\n"
    "Nghị định 998/2021/NĐ-CP,Partially Repeals,108/2020/NĐ-CP,,,\n"
)
YAML_OK = """\
# EXAMPLE ONLY (fictitious)
events:
  - subject: 999/2021/NĐ-CP
    predicate: replaces
    object: 107/2020/NĐ-CP
    date: 2021-06-01
"""


@pytest.fixture()
def cli() -> typer.Typer:
    app = typer.Typer(pretty_exceptions_enable=False)

    @app.callback()
    def _root() -> None:
        """Test app."""

    register(app)
    return app


def test_example_file_is_marked_and_valid() -> None:
    text = (DATA / "events_example.yaml").read_text(encoding="utf-8")
    assert text.startswith("# EXAMPLE ONLY")
    (event,) = load_events(DATA / "events_example.yaml")
    assert (event.subject, event.predicate, event.object, event.date) == (
        "999/2021/NĐ-CP",
        Predicate.REPLACES,
        "107/2020/NĐ-CP",
        date(2021, 6, 1),
    )
    assert "EXAMPLE" in (event.note or "")


def test_csv_and_yaml_mapping_forms(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(CSV_OK, encoding="utf-8")
    first, second = load_events(path)
    assert first.object == "107/2020/NĐ-CP" and first.row == 1 and first.line == 2
    assert (second.subject, second.predicate, second.date, second.note) == (
        "998/2021/NĐ-CP",
        Predicate.PARTIALLY_REPEALS,
        None,
        None,
    )
    assert second.row == 2 and second.line == 4
    yaml_path = tmp_path / "events.yaml"
    yaml_path.write_text(YAML_OK, encoding="utf-8")
    (event,) = load_events(yaml_path)
    assert event.date == date(2021, 6, 1) and event.line == 3


@pytest.mark.parametrize(
    ("suffix", "text", "message"),
    [
        (
            ".yaml",
            "- subject: 1/2021/NĐ-CP\n  predicate: supersedes\n  object: 2/2020/NĐ-CP\n",
            r"row 1.*'predicate'",
        ),
        (
            ".yaml",
            "- subject: 1/2021/NĐ-CP\n  predicate: amends\n  object: 2/2020/NĐ-CP\n  date: 2021-02-30\n",
            "date",
        ),
        (
            ".yaml",
            "- subject: hello\n  predicate: amends\n  object: 2/2020/NĐ-CP\n",
            r"'subject'.*not a Vietnamese",
        ),
        (
            ".yaml",
            "- subject: 1/2021/NĐ-CP\n  predicate: amends\n  object: 2/2020/NĐ-CP\n  when: x\n",
            "unknown",
        ),
        (".yaml", "- subject: 1/2021/NĐ-CP\n  predicate: amends\n  object: 1/2021/NĐ-CP\n", "same document"),
        (".yaml", "- [1, 2\n", "not valid YAML"),
        (".yaml", "subject: 1/2021/NĐ-CP\n", "expected a list"),
        (".csv", "subject,predicate,object\n1/2021/NĐ-CP,amends,\n", r"row 1 \(line 2\).*'object' is empty"),
        (".csv", "subject,verb,object\n", r"line 1 \(header\).*unknown column"),
        (".csv", "subject,predicate,object,date\n1/2021/NĐ-CP,amends,2/2020/NĐ-CP,01/02/2021\n", "ISO date"),
        (".txt", "", "must end in .yaml"),
    ],
)
def test_bad_rows_name_file_row_and_field(tmp_path: Path, suffix: str, text: str, message: str) -> None:
    path = tmp_path / f"events{suffix}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        load_events(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("suffix", [".yaml", ".csv"])
def test_append_validates_and_writes_atomically(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"events{suffix}"
    stored = append_event(path, make_event("999/2021/ND-CP", "replaces", "107/2020/NĐ-CP", "2021-06-01"))
    assert stored.row == 1 and stored.subject == "999/2021/NĐ-CP"
    append_event(path, make_event("1025/QĐ-UBND#Thanh Hóa", "amends", "130/2005/NĐ-CP", note='a, "b" <c>'))
    events = load_events(path)
    assert [e.subject for e in events] == ["999/2021/NĐ-CP", "1025/QĐ-UBND#thanh-hoa"]
    assert events[1].note == 'a, "b" <c>'
    before = path.read_bytes()
    bad_events = [
        Event("999/2021/NĐ-CP", Predicate.REPLACES, "107/2020/NĐ-CP", date(2021, 6, 1)),  # duplicate
        Event("not an id", Predicate.AMENDS, "107/2020/NĐ-CP"),
    ]
    for event in bad_events:
        with pytest.raises(InputError):
            append_event(path, event)
    for raw in [
        ("1/2021/NĐ-CP", "renames", "2/2020/NĐ-CP"),
        ("1/2021/NĐ-CP", "amends", "2/2020/NĐ-CP", "2021/06/01"),
    ]:
        with pytest.raises(InputError):
            append_event(path, make_event(*raw))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temporary file left


def test_append_refuses_to_touch_an_invalid_file(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text("- subject: 1/2021/NĐ-CP\n  predicate: nope\n  object: 2/2020/NĐ-CP\n", encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(InputError, match="row 1"):
        append_event(path, make_event("3/2021/NĐ-CP", "amends", "2/2020/NĐ-CP"))
    assert path.read_bytes() == before


def test_append_keeps_comments_and_the_events_mapping(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(YAML_OK, encoding="utf-8")
    append_event(path, make_event("5/2022/NĐ-CP", "amends", "999/2021/NĐ-CP", "2022-01-01"))
    text = path.read_text(encoding="utf-8")
    assert text.startswith(YAML_OK) and "  - subject: 5/2022/NĐ-CP" in text
    assert [e.subject for e in load_events(path)] == ["999/2021/NĐ-CP", "5/2022/NĐ-CP"]


def test_apply_events_copies_the_graph() -> None:
    graph = PropertyGraph()
    graph.add_node("legal:107/2020/NĐ-CP", "LegalDocument", id="107/2020/NĐ-CP")
    graph.add_node("legal:1025/QĐ-UBND#a", "LegalDocument", id="1025/QĐ-UBND", scope="a")
    graph.add_node("legal:1025/QĐ-UBND#b", "LegalDocument", id="1025/QĐ-UBND", scope="b")
    event = make_event("999/2021/NĐ-CP", "replaces", "107/2020/NĐ-CP", "2021-06-01", "n", "s")
    applied = apply_events(graph, [event])
    assert len(graph.edges) == 0 and "legal:999/2021/NĐ-CP" not in graph.nodes
    (edge,) = applied.edges
    assert (edge.source, edge.type, edge.target) == (
        "legal:999/2021/NĐ-CP",
        "REPLACES",
        "legal:107/2020/NĐ-CP",
    )
    assert edge.props == {"source": "events", "date": "2021-06-01", "note": "n", "event_source": "s"}
    assert applied.nodes["legal:999/2021/NĐ-CP"].props["origin"] == "events"
    with pytest.raises(InputError, match="ambiguous; add the province scope"):
        resolve_legal_key(graph, "1025/QĐ-UBND")
    assert resolve_legal_key(graph, "1025/QĐ-UBND#b") == "legal:1025/QĐ-UBND#b"


def test_events_cli_add_and_list(cli: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    add = ["events", "add", str(path), "--subject", "999/2021/NĐ-CP", "--predicate", "replaces"]
    result = runner.invoke(
        cli, [*add, "--object", "107/2020/NĐ-CP", "--date", "2021-06-01", "--note", "EXAMPLE"]
    )
    assert result.exit_code == 0, result.output
    assert "row 1" in result.stdout
    before = path.read_bytes()
    for extra in (["--object", "107/2020/NĐ-CP", "--date", "1 June 2021"], ["--object", "nonsense"]):
        bad = runner.invoke(cli, [*add, *extra])
        assert bad.exit_code == 1 and bad.output.startswith("Error: ") and bad.output.count("\n") == 1
    wrong = runner.invoke(
        cli, ["events", "add", str(path), "-s", "1/2021/NĐ-CP", "-p", "voids", "-o", "2/2020/NĐ-CP"]
    )
    assert wrong.exit_code == 1 and "unknown predicate 'voids'" in wrong.output
    assert path.read_bytes() == before
    listed = runner.invoke(cli, ["events", "list", str(path), "--format", "json"])
    assert listed.exit_code == 0
    assert json.loads(listed.stdout)[0]["object"] == "107/2020/NĐ-CP"
    missing = runner.invoke(cli, ["events", "list", str(tmp_path / "none.yaml")])
    assert missing.exit_code == 1 and "not found" in missing.output


def test_part_column_and_timeline_wording(tmp_path: Path) -> None:
    from plankg.graph.validity import PARTIALLY_REPEALED, Validity

    old = tmp_path / "old.csv"  # six columns, written before `part` existed
    old.write_text(
        "subject,predicate,object,date\n303/2025/NĐ-CP,partially repeals,83/2024/NĐ-CP,2025-11-20\n"
    )
    assert load_events(old)[0].part is None
    with pytest.raises(InputError, match="no column for part"):
        append_event(old, make_event("303/2025/NĐ-CP", "partially_repeals", "92/2017/NĐ-CP", part="Điều 5"))
    path = tmp_path / "events.csv"
    event = make_event("303/2025/NĐ-CP", "partially_repeals", "83/2024/NĐ-CP", "2025-11-20", part=" điều  1 ")
    stored = append_event(path, event)
    assert stored.part == "Điều 1" and path.read_text(encoding="utf-8").splitlines()[0].endswith(",part")
    # the same documents, another provision: another fact
    append_event(
        path, make_event("303/2025/NĐ-CP", "partially_repeals", "83/2024/NĐ-CP", "2025-11-20", part="Điều 2")
    )
    with pytest.raises(InputError, match="already recorded"):
        append_event(path, event)
    graph = apply_events(PropertyGraph(), load_events(path))
    assert [e.props["part"] for e in graph.edges] == ["Điều 1", "Điều 2"]
    changes = Validity(graph).timeline("legal:83/2024/NĐ-CP").changes
    assert {(c.status, c.part) for c in changes} == {
        (PARTIALLY_REPEALED, "Điều 1"),
        (PARTIALLY_REPEALED, "Điều 2"),
    }
    first = next(c for c in changes if c.part == "Điều 1")
    assert first.describe() == "partially_repealed: Điều 1 from 2025-11-20 by 303/2025/NĐ-CP"
    assert first.to_dict()["part"] == "Điều 1"
