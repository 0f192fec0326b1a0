"""Synthetic corpus: generation rate, extraction rate and accuracy against its ground truth (issue #7).

Usage: python bench/synth_bench.py [--docs 200] [--seed 0] [--ocr-noise 0.02] [--out DIR]
Writes N synthetic documents (into a temporary directory unless --out), extracts each one and prints
generation docs/s, extraction docs/s and MB/s, and the accuracy table of `plankg score`.
"""

from __future__ import annotations

import argparse
import platform
import tempfile
import time
from pathlib import Path

from plankg.cli.synth_cmd import format_score, score_corpus
from plankg.loaders.synth import synthesize


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--ocr-noise", type=float, default=0.0)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="plankg-synth-") as scratch:
        out = args.out or Path(scratch)
        started = time.perf_counter()
        report = synthesize(args.docs, args.seed, out, ocr_noise=args.ocr_noise)
        generation = time.perf_counter() - started
        score = score_corpus(out)
    print(f"machine: {platform.machine()} {platform.system()}, Python {platform.python_version()}")
    print(
        f"generation: {args.docs} docs, {report.bytes / 1e6:.2f} MB in {generation:.2f} s "
        f"= {args.docs / generation:.0f} docs/s, {report.bytes / generation / 1e6:.2f} MB/s"
    )
    print(
        f"extraction: {score.seconds:.2f} s = {score.documents / score.seconds:.1f} docs/s, "
        f"{score.bytes / score.seconds / 1e6:.2f} MB/s (single process)"
    )
    print(f"reference F1 {score.refs.f1:.4f} (ocr noise {args.ocr_noise})")
    print(format_score(score))


if __name__ == "__main__":
    main()
