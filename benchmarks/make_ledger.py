"""Build a big synthetic ledger for the query benchmarks: seeded, reproducible, fast.

    python benchmarks/make_ledger.py OUT.db [--commitments 200000] [--updates 1000000] [--seed 1]

The schema is the real one: the file is created by jjjtrack.ledger.Ledger (which applies
every migration), then filled directly with executemany in one transaction, triggers and
indexes included, so the ledger is exactly what `jjjtrack ingest` and `update` would leave.

The shape follows a national tracker: about 40 commitments a document, documents dated
2015-2026, two targets for every reported figure, deadlines at the end of a plan year
(a tenth without one), and on average four user updates a commitment after the first
(half of them carrying a status: in_progress, done, missed or dropped; the rest progress notes).
Every update is dated between its document's date and TODAY, so "today" needs no history.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TODAY = "2026-06-01"  # the benchmarks freeze the clock here (JJJTRACK_TODAY)
FIRST_DAY = dt.date(2015, 1, 1)
LAST_DAY = dt.date(2026, 5, 31)
PER_DOCUMENT = 40

# (sentence template, subject, unit, category); {n} is the number, {y} a year
TEMPLATES = [
    ("力争到{y}年建成{n}{u}{s}", "高速铁路", "条", "transport"),
    ("今年新开通{n}{u}{s}", "城际铁路", "条", "transport"),
    ("全年新增{n}{u}{s}", "三甲医院", "家", "public_services"),
    ("到{y}年新建改扩建{n}{u}{s}", "中小学校", "所", "public_services"),
    ("城镇新增就业{n}{u}{s}以上", "人", "万人", "public_services"),
    ("完成造林绿化{n}{u}", "造林绿化", "万亩", "ecology"),
    ("细颗粒物平均浓度下降{n}{u}", "细颗粒物平均浓度", "%", "ecology"),
    ("研发经费投入增长{n}{u}", "研发经费投入", "%", "innovation"),
    ("新增国家级重点实验室{n}{u}", "国家级重点实验室", "个", "innovation"),
    ("发行地方政府专项债券{n}{u}", "地方政府专项债券", "亿元", "finance"),
    ("减税降费{n}{u}", "减税降费", "亿元", "finance"),
    ("取消和下放行政审批事项{n}{u}", "行政审批事项", "项", "reform_opening"),
    ("实际使用外资{n}{u}", "实际使用外资", "亿美元", "reform_opening"),
    ("培育先进制造业集群{n}{u}", "先进制造业集群", "个", "industry"),
    ("粮食产量稳定在{n}{u}以上", "粮食产量", "亿斤", "industry"),
    ("国内生产总值增长{n}{u}左右", "国内生产总值", "%", "macro_economy"),
    ("港口集装箱吞吐量达到{n}{u}", "港口集装箱吞吐量", "万标准箱", "port_shipping"),
    ("雄安新区新建安置房{n}{u}", "安置房", "万平方米", "xiongan"),
    ("开通{n}{u}{s}", "跨省通办事项", "项", "reform_opening"),
    ("实施{n}{u}{s}", "重点项目", "个", "other"),
]
REGIONS = ["", "北京", "天津", "河北", "雄安新区", "上海", "广东", "浙江", "江苏", "四川", "全国"]
COMPARATORS = ["exact", "at_least", "about", "at_most"]
EXTRA_STATUSES = ["in_progress", "in_progress", "in_progress", "done", "done", "missed", "dropped"]


def day(rng: random.Random, first: dt.date, last: dt.date) -> str:
    span = (last - first).days
    return (first + dt.timedelta(days=rng.randint(0, max(span, 0)))).isoformat()


def build(path: Path, commitments: int, updates: int, seed: int, quiet: bool = False) -> dict:
    """Write a fresh ledger at path; return what was written."""
    from jjjtrack.ledger import Ledger
    from jjjtrack.ledger.documents import search_copy
    from jjjtrack.ledger.sql import link_same_sentences_sql, set_status_since_sql
    from jjjtrack.ledger.validate import text_digest

    started = time.perf_counter()
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    Ledger(path).close()  # the real schema, through every migration

    rng = random.Random(seed)
    extra_mean = max(updates - commitments, 0) / max(commitments, 1)
    documents, rows, history, sentences, copies = [], [], [], [], []
    update_id = 0
    ingested_at = "2026-05-31T12:00:00.000000+00:00"
    n_documents = max(1, -(-commitments // PER_DOCUMENT))
    commitment_id = 0
    for document_id in range(1, n_documents + 1):
        doc_date = day(rng, FIRST_DAY, LAST_DAY)
        year = int(doc_date[:4])
        region = rng.choice(REGIONS)
        name = f"{document_id:06d}_{region or 'national'}_{year}.txt"
        parts, offset = [], 0
        count = min(PER_DOCUMENT, commitments - commitment_id)
        for _ in range(count):
            commitment_id += 1
            template, subject, unit, category = rng.choice(TEMPLATES)
            number = rng.choice([rng.randint(1, 99), rng.randint(100, 9999), round(rng.uniform(0.5, 9.9), 1)])
            number_text = f"{number:g}"
            kind = "target" if rng.random() < 2 / 3 else "reported"
            deadline_year = year + rng.randint(0, 5)
            sentence = template.format(n=number_text, u=unit, s=subject, y=deadline_year)
            if kind == "reported":
                sentence = "已" + sentence.replace("力争到", "").replace("今年", "")
            at = sentence.index(number_text)
            start = offset + at
            end = start + len(number_text) + len(unit)
            span = sentence[at:at + len(number_text) + len(unit)]
            parts.append(sentence + "。")
            offset += len(sentence) + 1
            deadline = None
            if kind == "target" and rng.random() < 0.9:
                deadline = f"{deadline_year}-12-31"
            first_status = "pending" if kind == "target" else "done"
            latest = (doc_date, update_id + 1, first_status)
            update_id += 1
            history.append((
                update_id, commitment_id, doc_date, first_status, None, None, f"extracted as {kind}",
                name, ingested_at,
            ))
            extra = rng.randint(0, int(2 * extra_mean)) if extra_mean else 0
            dates = sorted(day(rng, dt.date.fromisoformat(doc_date), LAST_DAY) for _ in range(extra))
            for as_of in dates:
                update_id += 1
                status = rng.choice(EXTRA_STATUSES) if rng.random() < 0.5 else None
                progress = round(number * rng.random(), 1) if kind == "target" and rng.random() < 0.5 else None
                history.append((
                    update_id, commitment_id, as_of, status, progress, None, "进展情况",
                    f"https://example.gov.cn/news/{update_id}", f"{as_of}T09:00:00.000000+00:00",
                ))
                if status and (as_of, update_id) >= latest[:2]:
                    latest = (as_of, update_id, status)
            rows.append((
                commitment_id, document_id, start, end, span, sentence, float(number), unit, subject,
                kind, deadline, rng.choice(COMPARATORS), category, region, latest[2], 0, deadline,
            ))
            sentences.append((commitment_id, sentence))
        text = "".join(parts)
        sha = hashlib.sha256(f"{seed}:{document_id}".encode()).hexdigest()
        script = "traditional" if rng.random() < 0.05 else "simplified"
        documents.append((
            document_id, name, f"/corpus/{name}", sha, doc_date, "text", script, "utf-8", "synthetic", ingested_at,
            text_digest(text), text,
        ))
        if script == "traditional":  # what the search index holds of its sentences
            copies += [(copy, ident) for ident, sentence in sentences if (copy := search_copy(sentence, script))]
        sentences.clear()
    generated = time.perf_counter()

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -200000")
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO documents (id, name, path, sha256, doc_date, date_source, script, encoding, "
        "extractor_version, ingested_at, text_sha256, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        documents,
    )
    conn.executemany(
        "INSERT INTO commitments (id, document_id, start, end, span, sentence, value, unit, subject, kind, "
        "deadline, comparator, category, region, status, retracted, stated_deadline) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.executemany("UPDATE commitments SET search_sentence = ? WHERE id = ?", copies)
    conn.executemany(
        "INSERT INTO updates (id, commitment_id, as_of, status, progress, deadline, note, source, recorded_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        history,
    )
    # a sentence written twice in one document is searched from its first commitment only
    conn.execute(link_same_sentences_sql("1"))
    conn.execute(set_status_since_sql("1"))  # the date of each stored status, as the ledger keeps it
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    done = time.perf_counter()
    summary = {
        "path": str(path), "documents": len(documents), "commitments": len(rows), "updates": len(history),
        "generate_s": round(generated - started, 1), "write_s": round(done - generated, 1),
        "bytes": os.path.getsize(path),
    }
    if not quiet:
        print(summary)
    return summary


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--commitments", type=int, default=200_000)
    parser.add_argument("--updates", type=int, default=None, help="default: 5 per commitment")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    build(args.out, args.commitments, args.updates if args.updates is not None else 5 * args.commitments, args.seed)


if __name__ == "__main__":
    main()
