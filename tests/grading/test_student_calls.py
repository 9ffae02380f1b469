"""Calls of a student function, as its sandboxed kernel runs them (``_student.call``)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from canvaskit_widgets.grading import _student, _verdict
from canvaskit_widgets.grading.wire import MAX_REMEMBERED, MAX_TEXT, dumps, loads

# The verdict kernel's record of the tables the student kernel holds.
_SENT: dict[str, bool] = {}


@pytest.fixture(autouse=True)
def _fresh_tables() -> None:
    _student._TABLES.clear()
    _SENT.clear()


def _call(ref: str, *args: object) -> object:
    answer = json.loads(_student.call(ref, dumps((list(args), {}), sent=_SENT)))
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


def test_a_repeated_table_beside_other_arguments_is_copied_for_each_call() -> None:
    def share_then_spoil(orders: pd.DataFrame, revenue: pd.Series, floor: float) -> float:
        share = float((orders["revenue"] >= floor).mean() + revenue.sum())
        orders["revenue"] = -1.0  # both tables changed in place
        revenue[:] = 100.0
        return share

    ref = _student._register(share_then_spoil)["ref"]
    orders = pd.DataFrame({"customer_id": ["C1", "C2"], "revenue": [10.5, 4.5]})
    revenue = pd.Series([1.0, 2.0], name="revenue")
    got = [_call(ref, orders, revenue, floor) for floor in (5.0, 1.0, 20.0, 5.0)]
    assert got == [3.5, 4.0, 3.0, 3.5]


def test_remembered_tables_are_bounded() -> None:
    ref = _student._register(lambda frame: int(frame["n"].iloc[0]))["ref"]
    numbers = range(3 * MAX_REMEMBERED)
    assert [_call(ref, pd.DataFrame({"n": [n]})) for n in numbers] == list(numbers)
    assert len(_student._TABLES) == MAX_REMEMBERED


def test_a_result_too_large_to_send_is_named() -> None:
    ref = _student._register(lambda: "x" * (MAX_TEXT + 2 * 2**20))["ref"]
    answer = json.loads(_student.call(ref, dumps(([], {}))))
    assert answer == {
        "error": "a value too large to send (50 MB of text; at most 48 MB)",
        "type": "str",
    }
    assert "value" in json.loads(
        _student.call(_student._register(lambda: "x" * 1000)["ref"], dumps(([], {})))
    )


def test_the_verdict_sends_a_table_again_when_the_student_kernel_lost_it(monkeypatch) -> None:
    ref = _student._register(lambda frame, k: float(frame["revenue"].sum()) * k)["ref"]
    asked = []

    def ask(self, function, arguments):  # the student kernel, in this process
        asked.append(len(arguments))
        return {
            "status": "ok",
            "data": {"text/plain": repr(_student.call(function.ref, arguments))},
        }

    monkeypatch.setattr(_verdict._Link, "_ask", ask)
    link = _verdict._Link({"timeout": 5, "down": "not connected"})
    link.down = None
    function = _verdict.StudentFunction(ref, "scaled")
    orders = pd.DataFrame({"customer_id": ["C1", "C2"], "revenue": [10.5, 4.5]})
    assert link.call(function, (orders, 1), {}) == 15.0
    assert link.call(function, (orders, 2), {}) == 30.0  # by digest
    _student._TABLES.clear()  # as if the kernel had forgotten it
    assert link.call(function, (orders, 3), {}) == 45.0
    small, large = min(asked), max(asked)
    assert [size == large for size in asked] == [True, False, False, True]
    assert small < large / 2


def test_a_student_kernel_that_always_asks_again_gets_one_resend(monkeypatch) -> None:
    asked = []

    def ask(self, function, arguments):  # a student kernel that replaced _student.call
        asked.append(arguments)
        return {"status": "ok", "data": {"text/plain": repr(json.dumps({"resend": True}))}}

    monkeypatch.setattr(_verdict._Link, "_ask", ask)
    link = _verdict._Link({"timeout": 5, "down": "not connected"})
    link.down = None
    orders = pd.DataFrame({"revenue": [10.5, 4.5]})
    with pytest.raises(RuntimeError, match="could not be given its arguments"):
        link.call(_verdict.StudentFunction("f0", "total"), (orders,), {})
    assert len(asked) == 2 and asked[0] == asked[1]  # each time with the table in full
