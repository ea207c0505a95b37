"""A small ledger for the report, browser and serve tests, built through the Ledger API.

It does not go through the extractor, so these tests pin down rendering, not extraction.
Two documents: a plan with targets (two overdue as of 2024-06-01, one due soon, one later)
and a document whose text and name carry markup (<script>, <b>, |) that must stay text.
"""

from __future__ import annotations

import hashlib

from jjjtrack.ledger import Ledger
from jjjtrack.models import Comparator, DateSource, Document, Kind, Statement

AS_OF = "2024-06-01"
EVIL_NAME = "<i>evil</i>|notice.txt"
EVIL_SENTENCE = '今年将新建<script>alert(1)</script>7座"<b>污水厂</b>"|并|改造3条管网。'
EVIL_NOTE = "<img src=x onerror=alert(2)> </script> | pipe"

PLAN = [
    # sentence, span, value, unit, subject, kind, deadline, category
    ("到2023年底，新建4条高铁线路连接北京。", "4条", 4, "条", "高铁线路", Kind.TARGET, "2023-12-31", "transport"),
    ("2022年完成造林面积10万亩。", "10万亩", 100000, "亩", "造林面积", Kind.TARGET, "2022-12-31", "ecology"),
    ("到2024年7月底，建成5所学校。", "5所", 5, "所", "学校", Kind.TARGET, "2024-07-31", "public_services"),
    ("到2030年，研发投入强度达到3%。", "3%", 3, "%", "研发投入强度", Kind.TARGET, "2030-12-31", "innovation"),
    ("已开通58项跨省通办服务。", "58项", 58, "项", "跨省通办服务", Kind.REPORTED, None, "public_services"),
    ("到2025年，新增城际铁路200公里。", "200公里", 200, "公里", "城际铁路", Kind.TARGET, "2025-12-31", "transport"),
]


def _document(name: str, text: str, date: str) -> Document:
    return Document(
        name=name, path=name, sha256=hashlib.sha256(text.encode()).hexdigest(), text=text,
        script="simplified", encoding="utf-8", date=date, date_source=DateSource.TEXT,
    )


def _statements(text: str, rows) -> list[Statement]:
    found = []
    for sentence, span, value, unit, subject, kind, deadline, category in rows:
        start = text.index(sentence) + sentence.index(span)
        found.append(Statement(
            start=start, end=start + len(span), text=span, sentence=sentence, value=float(value), unit=unit,
            subject=subject, kind=kind, deadline=deadline, comparator=Comparator.EXACT, category=category,
        ))
    return found


def build_ledger(path) -> Ledger:
    """The ledger at path; ids: 1-6 the plan (in PLAN order), 7 the markup document's target."""
    ledger = Ledger(path)
    text = "发布日期：2020-01-10\n" + "".join(row[0] for row in PLAN)
    ledger.add_document(_document("000_plan.txt", text, "2020-01-10"), _statements(text, PLAN), "test", AS_OF)
    evil_text = "发布日期:2023-01-05\n" + EVIL_SENTENCE
    evil = [(EVIL_SENTENCE, "7座", 7, "座", '"<b>污水厂</b>"', Kind.TARGET, "2023-12-31", "ecology")]
    ledger.add_document(_document(EVIL_NAME, evil_text, "2023-01-05"), _statements(evil_text, evil), "test", AS_OF)
    ledger.add_update(7, as_of="2024-02-01", status="in_progress", progress=2, note=EVIL_NOTE,
                      source="https://example.org/a?b=<c>")
    ledger.add_update(6, as_of="2024-03-01", status="done", note="提前完成")
    return ledger
