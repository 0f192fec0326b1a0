"""Extraction throughput on the demo corpus, against a bare `re` scan of the same text.

Usage: python bench/extract_bench.py [--repeat N] [DIR]
Prints MB/s of the full pipeline and of one plain regex pass, and their ratio.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from plankg.loaders.extract import extract_text
from plankg.loaders.text import read_text

BARE_RE = re.compile(r"\d{1,5}(?:/(?:19|20)\d\d)?/[A-ZĐ][A-Za-zĐ]*-[A-ZĐ][A-Za-zĐ0-9]*")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", nargs="?", default=str(Path(__file__).parent.parent / "corpus"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    texts = [read_text(p)[0] for p in sorted(Path(args.directory).glob("*.txt"))]
    megabytes = sum(len(t.encode("utf-8")) for t in texts) * args.repeat / 1e6

    started = time.perf_counter()
    for _ in range(args.repeat):
        for text in texts:
            extract_text(text)
    pipeline = time.perf_counter() - started

    started = time.perf_counter()
    for _ in range(args.repeat):
        for text in texts:
            BARE_RE.findall(text)
    bare = time.perf_counter() - started

    print(f"documents: {len(texts)} x {args.repeat}, {megabytes:.2f} MB")
    print(f"pipeline : {megabytes / pipeline:8.2f} MB/s ({pipeline:.3f} s)")
    print(f"bare re  : {megabytes / bare:8.2f} MB/s ({bare:.3f} s)")
    print(f"ratio    : pipeline is {pipeline / bare:.1f}x the time of a bare re scan")


if __name__ == "__main__":
    main()
