"""render.to_json is a faster json.dumps(..., ensure_ascii=False, indent=2): same text, always."""

from __future__ import annotations

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from jjjtrack.render import to_json

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


@settings(max_examples=400)
@given(VALUES)
def test_same_text_as_the_standard_encoder(value):
    assert to_json(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_a_report_shaped_value():
    items = [
        {"id": i, "status": "overdue", "value": i / 3, "unit": "条", "subject": '引号"和\\反斜杠\n换行',
         "deadline": None, "doc": "a.txt", "flag": i % 2 == 0, "big": math.inf}
        for i in range(50)
    ]
    report = {"as_of": "2024-06-01", "counts": {"done": 1, "total": 2}, "by_kind": {}, "items": items,
              "histories": {1: [{"as_of": "2024-01-01"}]}, "empty": [], "nested": [[], [{}], [[1, [2]]]]}
    assert to_json(report) == json.dumps(report, ensure_ascii=False, indent=2)
    assert json.loads(to_json(report))["items"][3]["subject"] == '引号"和\\反斜杠\n换行'
