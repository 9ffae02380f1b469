"""Calls of a student function, as its sandboxed kernel runs them (``_student.call``)."""

from __future__ import annotations

import json

import pandas as pd

from canvaskit_widgets.grading import _student
from canvaskit_widgets.grading.wire import dumps, loads


def _call(ref: str, *args: object) -> object:
    answer = json.loads(_student.call(ref, dumps((list(args), {}))))
    assert "value" in answer, answer
    return loads(answer["value"])


def test_each_call_gets_its_own_copy_of_repeated_arguments() -> None:
    def total_then_spoil(orders: pd.DataFrame) -> float:
        total = float(orders["revenue"].sum())
        orders["revenue"] = 0.0  # a function that changes its argument
        return total

    ref = _student._register(total_then_spoil)["ref"]
    orders = pd.DataFrame({"customer_id": ["C1", "C2"], "revenue": [10.5, 4.5]})
    others = pd.DataFrame({"customer_id": ["C3"], "revenue": [7.0]})
    got = [_call(ref, frame) for frame in (orders, others, orders, others, orders)]
    assert got == [15.0, 7.0, 15.0, 7.0, 15.0]


def test_many_different_arguments_are_all_read_right() -> None:
    ref = _student._register(lambda n: n * 2)["ref"]
    assert [_call(ref, n) for n in [*range(10), 3, 0]] == [2 * n for n in [*range(10), 3, 0]]
