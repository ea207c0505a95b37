"""Extraction benchmark: quality on data/gold, then speed on >= 20 MB of seed-like text.

    python benchmarks/extraction.py [--megabytes 20] [--memory]

Quality uses the scoring helpers of tests/test_extract_gold.py (one source for the test and
this script). Speed: the seeds repeated with their digits varied, extracted document by
document; printed as characters per second and as a ratio to a bare digit regex over the
same text. --memory also extracts one 17-million-character document and prints peak RSS.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from jjjtrack.extract import extract_text  # noqa: E402
from test_extract_gold import score_seeds  # noqa: E402

DIGIT = re.compile(r"\d")
DIGITS = re.compile(r"\d+")


def print_quality() -> None:
    f = score_seeds()
    print(f"seeds: P {f['precision']:.3f} R {f['recall']:.3f} F1 {f['f1']:.3f} "
          f"({f['matched']}/{f['gold']} gold, {f['pred']} extracted) | target F1 {f['target_f1']:.3f} | "
          f"kind acc {f['kind_accuracy']:.3f} | deadline acc {f['deadline_accuracy']:.3f}")


def varied_corpus(megabytes: float, seed: int = 7) -> list[str]:
    """Seed documents repeated until the total is `megabytes` of UTF-8, each copy with new digits."""
    rng = random.Random(seed)
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    documents, size = [], 0
    while size < megabytes * 1_000_000:
        text = DIGIT.sub(lambda _: str(rng.randrange(10)), seeds[len(documents) % len(seeds)])
        documents.append(text)
        size += len(text.encode("utf-8"))
    return documents


def print_speed(megabytes: float) -> None:
    documents = varied_corpus(megabytes)
    chars = sum(map(len, documents))
    extract_text("今年建成3座桥。", "2024-01-01")  # load lexicons and opencc outside the timing
    wall, cpu = time.perf_counter(), time.process_time()
    statements = sum(len(extract_text(d, "2024-06-01")) for d in documents)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    scanning = time.process_time()
    for d in documents:
        DIGITS.findall(d)
    scanning = time.process_time() - scanning
    mb = sum(len(d.encode("utf-8")) for d in documents) / 1e6
    # CPU time: on a shared machine the wall clock also counts other processes' turns.
    print(f"speed: {len(documents)} documents, {mb:.1f} MB, {chars:,} characters, {statements:,} statements "
          f"in {cpu:.2f} s CPU ({wall:.2f} s wall) = {chars / cpu:,.0f} chars/s (wall {chars / wall:,.0f}); "
          f"bare digit regex {chars / scanning:,.0f} chars/s; ratio {cpu / scanning:.1f}x the regex's time")


def print_memory() -> None:
    text = "\n".join(varied_corpus(52))[:17_000_000]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    statements = extract_text(text, "2024-06-01")
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"memory: one document of {len(text):,} characters, {len(statements):,} statements in "
          f"{seconds:.1f} s; peak RSS {peak:.0f} MB (was {before:.0f} MB before extracting)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--megabytes", type=float, default=20.0)
    parser.add_argument("--memory", action="store_true")
    args = parser.parse_args()
    print_quality()
    print_speed(args.megabytes)
    if args.memory:
        print_memory()


if __name__ == "__main__":
    main()
