"""The extractor scored on the seeds' gold (data/gold), with the bars of the extraction issue.

The scoring helpers here follow the matching rules of data/gold/GUIDE.md ("Matching an
extraction against gold"); benchmarks/extraction.py imports them, so the figures agree.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "data" / "gold"
SEEDS_DIR = ROOT / "seeds"
BARS = {"f1": 0.92, "target_f1": 0.90, "kind_accuracy": 0.92, "deadline_accuracy": 0.90}
SCALES = (1, 1e4, 1e8, 1e12, 1e-4, 1e-8, 1e-12)


def load_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def values_agree(a, b) -> bool:
    """Equal, or equal after scaling one of them by 10^4, 10^8 or 10^12."""
    if a is None or b is None:
        return False
    return any(abs(float(a) * s - float(b)) <= 1e-6 * max(1.0, abs(float(b))) for s in SCALES)


def gold_with_spans(gold: list[dict], texts: dict[str, str]) -> list[dict]:
    """Each gold row with the span of its anchor's first occurrence in its document."""
    rows = []
    for g in gold:
        start = texts[g["doc"]].find(g["anchor"])
        assert start >= 0, f"anchor not found in {g['doc']}: {g['anchor']!r}"
        rows.append(dict(g, start=start, end=start + len(g["anchor"])))
    return rows


def match(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching: same doc, overlapping spans, agreeing values, largest overlap."""
    pairs, used = [], set()
    for gi, g in enumerate(gold):
        best, best_overlap = None, 0
        for pi, p in enumerate(pred):
            if pi in used or p["doc"] != g["doc"]:
                continue
            overlap = min(p["end"], g["end"]) - max(p["start"], g["start"])
            if overlap > 0 and values_agree(p["value"], g["value"]) and overlap > best_overlap:
                best, best_overlap = pi, overlap
        if best is not None:
            used.add(best)
            pairs.append((gi, best))
    return pairs


def prf(n_match: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = n_match / n_pred if n_pred else 0.0
    r = n_match / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(gold: list[dict], pred: list[dict]) -> dict:
    """Precision, recall and F1 (all and targets), kind and deadline accuracy on matched pairs."""
    pairs = match(gold, pred)
    p, r, f = prf(len(pairs), len(pred), len(gold))
    gold_t = {i for i, g in enumerate(gold) if g["kind"] == "target"}
    pred_t = {i for i, x in enumerate(pred) if x["kind"] == "target"}
    match_t = [(gi, pi) for gi, pi in pairs if gi in gold_t and pi in pred_t]
    tp, tr, tf = prf(len(match_t), len(pred_t), len(gold_t))
    kind_ok = sum(pred[pi]["kind"] == gold[gi]["kind"] for gi, pi in pairs)
    due_ok = sum((pred[pi]["deadline"] or None) == (gold[gi].get("deadline") or None) for gi, pi in match_t)
    return {
        "gold": len(gold), "pred": len(pred), "matched": len(pairs),
        "precision": p, "recall": r, "f1": f,
        "target_precision": tp, "target_recall": tr, "target_f1": tf,
        "kind_accuracy": kind_ok / len(pairs) if pairs else 0.0,
        "deadline_accuracy": due_ok / len(match_t) if match_t else 0.0,
    }


def score_seeds(gold_dir: Path = GOLD_DIR, seeds_dir: Path = SEEDS_DIR) -> dict:
    """Extract every seed document named in the gold and score the result."""
    return score_set(gold_dir / "seeds.jsonl", gold_dir / "docs.jsonl", seeds_dir)


def score_set(gold_file: Path, docs_file: Path, texts_dir: Path) -> dict:
    """Extract every document of a gold set (dated by its docs file) and score the result."""
    from jjjtrack.extract import extract_text

    gold = load_jsonl(gold_file)
    dates = {d["doc"]: d["date"] for d in load_jsonl(docs_file)}
    names = sorted({g["doc"] for g in gold} | set(dates))
    texts = {name: (texts_dir / name).read_text(encoding="utf-8") for name in names}
    pred = [dict(s.as_dict(), doc=name) for name in names for s in extract_text(texts[name], dates.get(name))]
    return score(gold_with_spans(gold, texts), pred)


def test_seeds_meet_the_bars():
    figures = score_seeds()
    short = {name: round(figures[name], 3) for name, bar in BARS.items() if figures[name] < bar}
    assert not short, f"below the bars {BARS}: {short}"


# The goal of the kind issue on documents of provinces, cities and the news (our own writing, data/gold/own*).
OWN_BARS = {"f1": 0.92, "target_f1": 0.92, "kind_accuracy": 0.95, "deadline_accuracy": 0.90}


@pytest.mark.parametrize("name", ["own", "own_heldout"])
def test_own_sets_meet_the_kind_bars(name):
    folder = GOLD_DIR / name
    figures = score_set(folder / f"{name}.jsonl", folder / f"{name}_docs.jsonl", folder)
    short = {key: round(figures[key], 3) for key, bar in OWN_BARS.items() if figures[key] < bar}
    assert not short, f"{name} below the bars {OWN_BARS}: {short}"


def test_scoring_counts_misses_and_false_alarms():
    gold = [{"doc": "a", "start": 0, "end": 4, "value": 5, "kind": "target", "deadline": "2024-12-31"},
            {"doc": "a", "start": 10, "end": 14, "value": 2, "kind": "reported"}]
    pred = [{"doc": "a", "start": 1, "end": 3, "value": 50000, "kind": "target", "deadline": None},
            {"doc": "a", "start": 20, "end": 22, "value": 2, "kind": "reported", "deadline": None}]
    figures = score(gold, pred)
    assert (figures["matched"], figures["f1"]) == (1, 0.5)
    assert (figures["kind_accuracy"], figures["deadline_accuracy"]) == (1.0, 0.0)
