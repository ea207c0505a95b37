"""Build an ingest corpus from the seeds: seeded, reproducible, numbers and dates varied.

    python benchmarks/make_corpus.py OUT_FOLDER [--documents 2000] [--seed 7]
    python benchmarks/make_corpus.py OUT_FILE --single-mb 50     # one big document

Each document is a seed (taken in turn) with about half of its digits replaced by a random
number of one to three digits and a publication-date line on top, the way
../shared/checks/performance builds its corpus, so the figures here and there compare.
The big single document is the seeds, varied the same way, concatenated until it holds
the asked number of megabytes of UTF-8.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def seed_texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(SEEDS.iterdir()) if path.suffix == ".txt"]


def vary(text: str, rng: random.Random) -> str:
    return "".join(str(rng.randrange(1, 999)) if ch.isdigit() and rng.random() < 0.5 else ch for ch in text)


def build_folder(folder: Path, documents: int, seed: int) -> dict:
    """Write documents files d00000.txt ... into folder; return their count and characters."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = seed_texts()
    rng = random.Random(seed)
    chars = 0
    for i in range(documents):
        text = vary(seeds[i % len(seeds)], rng)
        text = f"发布日期:20{14 + i % 12}-0{1 + i % 9}-1{i % 9}\n" + text
        chars += len(text)
        (folder / f"d{i:05}.txt").write_text(text, encoding="utf-8")
    return {"documents": documents, "chars": chars}


def build_single(path: Path, megabytes: float, seed: int) -> dict:
    """Write one document of about `megabytes` MB of UTF-8; return its characters and bytes."""
    seeds = seed_texts()
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    size, chars, i = 0, 0, 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("发布日期:2024-03-05\n")
        while size < target:
            text = vary(seeds[i % len(seeds)], rng) + "\n"
            handle.write(text)
            size += len(text.encode("utf-8"))
            chars += len(text)
            i += 1
    return {"documents": 1, "chars": chars, "bytes": path.stat().st_size}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--single-mb", type=float, default=None, help="write one document of this size instead")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.single_mb:
        summary = build_single(args.out, args.single_mb, args.seed)
    else:
        summary = build_folder(args.out, args.documents, args.seed)
    print({**summary, "seconds": round(time.perf_counter() - started, 1), "out": str(args.out)})


if __name__ == "__main__":
    main()
