"""Single-process extraction throughput on the real documents and on a synthetic corpus.

Usage: python bench/extract_bench.py [--repeat N] [--synth-docs N] [--seed S] [--ocr-noise P] [DIR ...]

Corpora: the DIRs given (default: the demo corpus plus ../shared/corpus-extra when present), and a
synthetic corpus written by `plankg.loaders.synth` into a temporary folder (skipped with
--synth-docs 0). Each pass extracts every document once with `extract_text`; bounded content caches
(`functools.lru_cache` with a maxsize) are cleared before every pass, so a pass costs what the
first pass of a fresh process costs, minus one-time work (compiled patterns, gazetteers), which a
warm-up document pays before timing starts. Prints, per corpus, docs/s and MB/s (median of the
passes by wall clock, with min–max), the CPU seconds of a pass (steadier than wall clock when the
machine is shared: the load average is printed before and after), and how the pipeline compares
with one bare `re` scan of the same text.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from plankg.loaders.extract import extract_text
from plankg.loaders.synth import synthesize
from plankg.loaders.text import read_text

ROOT = Path(__file__).resolve().parent.parent
REAL_DIRS = (ROOT / "corpus", ROOT.parent / "shared" / "corpus-extra")
BARE_RE = re.compile(r"\d{1,5}(?:/(?:19|20)\d\d)?/[A-ZĐ][A-Za-zĐ]*-[A-ZĐ][A-Za-zĐ0-9]*")


def clear_content_caches() -> int:
    """Clear every bounded lru_cache of plankg (content memos); unbounded ones hold one-time setup."""
    cleared = 0
    for name, module in list(sys.modules.items()):
        if not name.startswith("plankg.") or module is None:
            continue
        for value in vars(module).values():
            parameters = getattr(value, "cache_parameters", None)
            if parameters is not None and parameters()["maxsize"] is not None:
                value.cache_clear()
                cleared += 1
    return cleared


def measure(label: str, texts: list[str], repeat: int) -> None:
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    extract_text(texts[0])  # warm-up: imports, compiled patterns, gazetteers
    seconds, cpu = [], []
    for _ in range(repeat):
        clear_content_caches()
        started, started_cpu = time.perf_counter(), time.process_time()
        for text in texts:
            extract_text(text)
        seconds.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    bare = min(_bare_scan(texts) for _ in range(5))
    median, slow, fast = statistics.median(seconds), max(seconds), min(seconds)
    docs = len(texts)
    print(
        f"{label:<10} {docs:>5} docs {megabytes:6.2f} MB | "
        f"{docs / median:7.1f} docs/s ({docs / slow:.1f}–{docs / fast:.1f}) | "
        f"{megabytes / median:5.2f} MB/s ({megabytes / slow:.2f}–{megabytes / fast:.2f}) | "
        f"{median:6.2f} s/pass ({statistics.median(cpu):.2f} s cpu) | {median / bare:4.0f}x a bare re scan"
    )


def _bare_scan(texts: list[str]) -> float:
    started = time.perf_counter()
    for text in texts:
        BARE_RE.findall(text)
    return time.perf_counter() - started


def load_texts(directories: list[Path]) -> list[str]:
    paths = sorted(p for d in directories if d.is_dir() for p in d.glob("*.txt"))
    return [read_text(p)[0] for p in paths]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directories", nargs="*", type=Path, help="real documents (default: demo + extra)")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes per corpus (median reported)")
    parser.add_argument("--synth-docs", type=int, default=300, help="synthetic documents (0: none)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--ocr-noise", type=float, default=0.0, help="OCR damage rate of synthetic text")
    args = parser.parse_args(argv)

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, load average {os.getloadavg()[0]:.2f}")
    real = load_texts(args.directories or list(REAL_DIRS))
    if real:
        measure("real", real, args.repeat)
    if args.synth_docs:
        with tempfile.TemporaryDirectory(prefix="plankg-synth-") as tmp:
            synthesize(args.synth_docs, args.seed, Path(tmp), ocr_noise=args.ocr_noise)
            synthetic = load_texts([Path(tmp)])
        label = f"synth{'-ocr' if args.ocr_noise else ''}"
        measure(label, synthetic, args.repeat)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
