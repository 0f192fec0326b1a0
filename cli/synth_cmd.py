"""`plankg synth` (a synthetic corpus with ground truth) and `plankg score` (extraction accuracy on it)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer

from plankg.cli.common import guarded
from plankg.errors import InputError


def ref_key(ref_id: str) -> str:
    """The key of ../shared/tools/score_refs.py: NFC, casefold, đ → d, no spaces, no leading «số»."""
    s = unicodedata.normalize("NFC", ref_id).casefold().replace("đ", "d")
    s = re.sub(r"\s+", "", s)
    return re.sub(r"^(so|số)", "", s)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, want: set[Any], have: set[Any]) -> tuple[set[Any], set[Any]]:
        self.tp += len(want & have)
        self.fp += len(have - want)
        self.fn += len(want - have)
        return want - have, have - want

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    """Accuracy of `extract` against the truth files of a synthetic corpus."""

    documents: int = 0
    refs: Counts = field(default_factory=Counts)
    named: Counts = field(default_factory=Counts)
    relations: Counts = field(default_factory=Counts)
    task_docs_exact: int = 0
    tasks_truth: int = 0
    tasks_found: int = 0
    lead_ok: int = 0
    deadline_ok: int = 0
    deadlines: int = 0
    budget_ok: int = 0
    budgets: int = 0
    missed: Counter[str] = field(default_factory=Counter)
    spurious: Counter[str] = field(default_factory=Counter)
    relation_missed: Counter[str] = field(default_factory=Counter)
    relation_spurious: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)
    bytes: int = 0
    seconds: float = 0.0

    @property
    def task_count_accuracy(self) -> float:
        return self.task_docs_exact / self.documents if self.documents else 1.0

    @property
    def lead_accuracy(self) -> float:
        return self.lead_ok / self.tasks_truth if self.tasks_truth else 1.0

    def example(self, kind: str, text: str) -> None:
        bucket = self.examples.setdefault(kind, [])
        if len(bucket) < 5:
            bucket.append(text)


def _numbered(ids: list[str]) -> set[str]:
    return {ref_key(i) for i in ids if re.search(r"\d", i)}


def score_document(truth: dict[str, Any], got: dict[str, Any], score: Score, name: str = "") -> None:
    """Add one document's comparison to `score`."""
    score.documents += 1
    want_refs = truth["references"]
    numbered = [r for r in want_refs if r["kind"] == "numbered"]
    alias = {ref_key(a): ref_key(r["id"]) for r in numbered for a in r.get("aliases", [])}
    have = {alias.get(k, k) for k in _numbered([r["id"] for r in got["references"]])}
    want = {ref_key(r["id"]) for r in numbered}
    missed, spurious = score.refs.add(want, have)
    by_key = {ref_key(r["id"]): r for r in numbered}
    for key in missed:
        ref = by_key[key]
        mention = ref["mentions"][0]
        score.missed[ref["doc_type"] or "?"] += 1
        score.example(
            f"missed {ref['doc_type']}", f"{name}:{mention['line']} «{mention['raw_id']}» → {ref['id']}"
        )
    for key in spurious:
        score.spurious[key] += 1
        score.example("spurious", f"{name}: {key}")
    want_named = {ref_key(r["id"]) for r in want_refs if r["kind"] == "named"}
    have_named = {ref_key(r["id"]) for r in got["references"] if r.get("kind") == "named"}
    score.named.add(want_named, have_named)

    own = {truth["document"]["number"], got["document"].get("number"), got["document"].get("id")}

    def rel_key(rel: dict[str, Any]) -> tuple[str, str, str]:
        subject = "SELF" if rel["subject"] in own else ref_key(rel["subject"])
        return subject, rel["predicate"], ref_key(rel["object"])

    want_rel = {rel_key(r) for r in truth["relations"]}
    have_rel = {rel_key(r) for r in got["relations"]}
    rel_missed, rel_spurious = score.relations.add(want_rel, have_rel)
    for s, p, o in rel_missed:
        score.relation_missed[p] += 1
        score.example(f"relation missed {p}", f"{name}: {s} {p} {o}")
    for s, p, o in rel_spurious:
        score.relation_spurious[p] += 1
        score.example(f"relation spurious {p}", f"{name}: {s} {p} {o}")

    want_tasks, got_tasks = truth["tasks"], got["tasks"]
    score.tasks_truth += len(want_tasks)
    score.tasks_found += len(got_tasks)
    if len(want_tasks) == len(got_tasks):
        score.task_docs_exact += 1
    else:
        score.example("task count", f"{name}: truth {len(want_tasks)}, extracted {len(got_tasks)}")
    for w, g in _align_tasks(want_tasks, got_tasks):
        if set(w["lead"]) == set(g["lead"]):
            score.lead_ok += 1
        else:
            score.example("lead", f"{name} task {w['number']}: truth {w['lead']}, extracted {g['lead']}")
        if w.get("deadline"):
            score.deadlines += 1
            gd = g.get("deadline") or {}
            if (gd.get("start"), gd.get("end")) == (w["deadline"]["start"], w["deadline"]["end"]):
                score.deadline_ok += 1
            else:
                score.example("deadline", f"{name}: {w['deadline']} vs {gd}")
        if w.get("budget") is not None:
            score.budgets += 1
            if (g.get("budget") or {}).get("amount_vnd") == w["budget"]["amount_vnd"]:
                score.budget_ok += 1


def _task_key(task: dict[str, Any]) -> str:
    return re.sub(r"\W+", " ", (task.get("number") or "") + " " + task["text"]).casefold()[:48]


def _align_tasks(want: list[dict[str, Any]], got: list[dict[str, Any]]) -> list[tuple[dict, dict]]:
    """Truth and extracted tasks paired in order by their number and text (a lost row shifts nothing)."""
    from difflib import SequenceMatcher

    matcher = SequenceMatcher(None, [_task_key(t) for t in want], [_task_key(t) for t in got], autojunk=False)
    pairs = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("equal", "replace"):
            pairs += list(zip(want[i1:i2], got[j1:j2], strict=False))
    return pairs


def score_corpus(directory: Path) -> Score:
    """Extract every document listed in MANIFEST.json and compare it with its truth file."""
    import time

    from plankg.loaders.export import extraction_to_json
    from plankg.loaders.extract import extract

    manifest = json.loads((directory / "MANIFEST.json").read_text(encoding="utf-8"))
    score = Score()
    for entry in manifest["documents"]:
        path = directory / entry["file"]
        truth = json.loads((directory / entry["truth"]).read_text(encoding="utf-8"))
        began = time.perf_counter()
        got = extraction_to_json(extract(path))
        score.seconds += time.perf_counter() - began
        score.bytes += path.stat().st_size
        score_document(truth, got, score, entry["file"])
    return score


def format_score(score: Score) -> str:
    rows = [
        ("references (numbered)", score.refs),
        ("references (named laws)", score.named),
        ("relations", score.relations),
    ]
    lines = [f"{'metric':<26}{'P':>8}{'R':>8}{'F1':>8}{'tp/fp/fn':>16}"]
    for label, c in rows:
        lines.append(
            f"{label:<26}{c.precision:>8.3f}{c.recall:>8.3f}{c.f1:>8.3f}{f'{c.tp}/{c.fp}/{c.fn}':>16}"
        )
    lines.append(
        f"{'task count (docs exact)':<26}{score.task_count_accuracy:>24.3f}"
        f"{f'{score.task_docs_exact}/{score.documents}':>16}"
    )
    lines.append(f"{'tasks truth / extracted':<26}{f'{score.tasks_truth} / {score.tasks_found}':>24}")
    lines.append(
        f"{'lead agency per task':<26}{score.lead_accuracy:>24.3f}"
        f"{f'{score.lead_ok}/{score.tasks_truth}':>16}"
    )
    if score.deadlines:
        lines.append(
            f"{'deadline interval':<26}{score.deadline_ok / score.deadlines:>24.3f}"
            f"{f'{score.deadline_ok}/{score.deadlines}':>16}"
        )
    if score.budgets:
        lines.append(
            f"{'budget amount':<26}{score.budget_ok / score.budgets:>24.3f}"
            f"{f'{score.budget_ok}/{score.budgets}':>16}"
        )
    if score.seconds:
        lines.append(
            f"extraction: {score.documents / score.seconds:.1f} docs/s, "
            f"{score.bytes / score.seconds / 1e6:.2f} MB/s"
        )
    for kind, examples in sorted(score.examples.items()):
        lines.append(f"  {kind}:")
        lines += [f"    {e}" for e in examples]
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    @app.command("synth")
    @guarded
    def synth_command(
        out: Annotated[Path, typer.Option("--out", help="Directory to write the corpus into.")],
        docs: Annotated[int, typer.Option("--docs", min=0, help="Number of documents.")] = 20,
        seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same bytes).")] = 0,
        ocr_noise: Annotated[
            float, typer.Option("--ocr-noise", min=0.0, max=0.2, help="OCR damage rate per word (e.g. 0.02).")
        ] = 0.0,
    ) -> None:
        """Write a synthetic corpus of plan documents with ground-truth JSON (fictional documents)."""
        from plankg.loaders.synth import synthesize

        report = synthesize(docs, seed, out, ocr_noise=ocr_noise)
        layouts = ", ".join(f"{k} {v}" for k, v in report.layouts.items())
        typer.echo(
            f"wrote {len(report.documents)} documents ({layouts}) to {out}: {report.references} references, "
            f"{report.tasks} tasks, {report.relations} relations, {report.bytes / 1e6:.2f} MB"
        )

    @app.command("score")
    @guarded
    def score_command(
        directory: Annotated[Path, typer.Argument(help="A directory written by `plankg synth`.")],
    ) -> None:
        """Extract every synthetic document and compare it with its ground truth."""
        if not (directory / "MANIFEST.json").is_file():
            raise InputError(f"{directory} has no MANIFEST.json (write one with `plankg synth`)")
        typer.echo(format_score(score_corpus(directory)))
