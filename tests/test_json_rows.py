"""JSON listings written by SQLite (JsonRows) say what the Python rows say, and render.to_json
is json.dumps(..., ensure_ascii=False, indent=2) wherever no JsonRows are involved."""

from __future__ import annotations

import hashlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jjjtrack.filters import Filter
from jjjtrack.ledger import LISTING_COLUMNS, Ledger
from jjjtrack.models import Comparator, DateSource, Document, JsonRows, Kind, Statement
from jjjtrack.render import to_json
from jjjtrack.reports import build_report

SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(alphabet=st.characters(blacklist_categories=("Cs",)))
)
KEYS = st.text(max_size=8) | st.integers(-5, 5)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4)
    | st.tuples(inner, inner),
    max_leaves=30,
)
# Values SQLite's 15 significant digits would not give back, and strings JSON must escape.
AWKWARD_VALUES = [0.1 + 0.2, 11000.000000000002, 1e15, 1e16, 2.0**53, 1.5e-7, 123456789012345.67, 58.0, 0.0, None,
                  -3.0, 999999999999999.0, 1234567890123456.0]
AWKWARD_TEXT = ['引号"和\\反斜杠', "换\n行\t制表", "控制\x01字符\x1f", "</script>", "emoji 🚄", "\u2028分隔"]


@settings(max_examples=300)
@given(VALUES)
def test_plain_values_are_written_as_the_standard_encoder_writes_them(value):
    assert to_json(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_json_rows_go_in_as_they_are_one_row_a_line():
    rows = JsonRows(['{"id":1,"s":"a"}', '{"id":2,"s":"b"}'])
    text = to_json({"as_of": "2024-06-01", "counts": {"done": 1}, "items": rows, "empty": JsonRows()})
    assert json.loads(text) == {"as_of": "2024-06-01", "counts": {"done": 1},
                                "items": [{"id": 1, "s": "a"}, {"id": 2, "s": "b"}], "empty": []}
    assert '    {"id":1,"s":"a"},\n    {"id":2,"s":"b"}\n  ]' in text
    assert to_json(JsonRows()) == "[]"


@pytest.fixture
def awkward(tmp_path):
    """A ledger whose commitments carry every awkward value and string, all overdue in 2024."""
    text = "发布日期：2020-01-10\n" + "".join(f"第{i}句。" for i in range(len(AWKWARD_VALUES)))
    statements = []
    for i, value in enumerate(AWKWARD_VALUES):
        start = text.index(f"第{i}句")
        label = AWKWARD_TEXT[i % len(AWKWARD_TEXT)]
        statements.append(Statement(
            start=start, end=start + 2, text=f"第{i}", sentence=f"{label}第{i}句。", value=value, unit=label,
            subject=label, kind=Kind.TARGET, deadline=f"2023-0{1 + i % 9}-15", comparator=Comparator.EXACT,
            category="transport",
        ))
    ledger = Ledger(tmp_path / "awkward.db")
    document = Document(name='奇"怪\\名.txt', path="x", sha256=hashlib.sha256(text.encode()).hexdigest(), text=text,
                        script="simplified", encoding="utf-8", date="2020-01-10", date_source=DateSource.TEXT)
    ledger.add_document(document, statements, "test", "2024-06-01")
    return ledger


def test_a_json_listing_says_what_the_python_rows_say(awkward):
    flt = Filter(as_of="2024-06-01", sort="deadline")
    rows = awkward.query(flt, "2024-06-01")
    texts = awkward.query(flt, "2024-06-01", as_json=True)
    assert isinstance(texts, JsonRows) and len(texts) == len(rows) == len(AWKWARD_VALUES)
    decoded = [json.loads(text) for text in texts]
    assert decoded == rows  # same keys in the same order, same values: floats read back exactly
    assert [list(row) for row in decoded] == [list(LISTING_COLUMNS)] * len(rows)
    assert sorted(decoded, key=lambda row: row["id"]) == sorted(rows, key=lambda row: row["id"])
    assert [row["value"] for row in sorted(decoded, key=lambda row: row["id"])] == AWKWARD_VALUES
    assert {row["subject"] for row in decoded} == set(AWKWARD_TEXT)


def test_the_json_report_items_are_the_table_reports_items(awkward):
    as_json = build_report(awkward, "2024-06-01", "2024-06-01", as_json=True).as_dict()
    as_rows = build_report(awkward, "2024-06-01", "2024-06-01").as_dict()
    items = json.loads(to_json(as_json))["items"]
    assert items == as_rows["items"] and len(items) == len(AWKWARD_VALUES)
    assert all(item["status"] == "silent" and "sentence" not in item for item in items)
    # days overdue, counted by SQLite, against the calendar
    assert items[0]["deadline"] == "2023-01-15" and items[0]["days_overdue"] == 503
    assert [item["value"] for item in items] == [
        row["value"] for row in sorted(awkward.query(Filter(as_of="2024-06-01"), "2024-06-01"),
                                       key=lambda row: (row["deadline"], row["id"]))]
