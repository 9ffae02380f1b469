"""Values across the trust boundary: what round-trips as data, and what is refused."""

from __future__ import annotations

import json
import math

import altair as alt
import numpy as np
import pandas as pd
import pytest

from canvaskit_widgets import Canvas, cases, datasets, metrics
from canvaskit_widgets.exercise import chart_rows, expect_chart
from canvaskit_widgets.grading.wire import (
    MAX_REMEMBERED,
    MissingTable,
    NotData,
    WireError,
    dumps,
    exception_from_data,
    exception_to_data,
    loads,
)


def again(value):
    return loads(dumps(value))


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        -3,
        10**40,
        0.1,
        "Pumpkin jam, lemon",
        [1, "a", None],
        (1, (2, 3)),
        {1, 2},
        frozenset({"x"}),
        {"category": "co_creation", ("2024Q1", 2): [1.5]},
        [],
        {},
    ],
)
def test_plain_values_come_back_equal_and_of_the_same_type(value):
    back = again(value)
    assert back == value and type(back) is type(value)


def test_nested_containers_keep_their_types():
    back = again({"a": [(1, 2), {3}], "b": (frozenset({4}), [])})
    assert type(back["a"][0]) is tuple and type(back["a"][1]) is set
    assert type(back["b"][0]) is frozenset and type(back["b"][1]) is list


def test_special_floats_and_numpy_scalars():
    assert math.isnan(again(float("nan"))) and again(float("-inf")) == float("-inf")
    for value in (np.float64(0.25), np.int64(7), np.bool_(True)):
        back = again(value)
        assert back == value and back.dtype == value.dtype
    array = np.arange(6, dtype="int32").reshape(2, 3)
    back = again(array)
    assert back.dtype == array.dtype and (back == array).all()


def test_frames_and_series_keep_index_names_and_dtypes():
    orders = datasets.esther_transactions()
    pd.testing.assert_frame_equal(again(orders), orders)
    later = orders[orders["date"] >= "2025-01-01"]  # a gappy integer index
    pd.testing.assert_frame_equal(again(later), later)
    table = metrics.cohort_table(orders)  # Period index, integer column labels
    pd.testing.assert_frame_equal(again(table), table)
    first = orders.groupby("product")["date"].min()
    pd.testing.assert_series_equal(again(first), first)
    mixed = pd.DataFrame(
        {"kind": pd.Categorical(["a", "b"]), "when": pd.period_range("2024Q1", periods=2, freq="Q")}
    )
    pd.testing.assert_frame_equal(again(mixed), mixed)


def test_pandas_scalars():
    for value in (pd.Timestamp("2024-07-01 12:30"), pd.Period("2024-03", "M"), pd.Timedelta("3D")):
        assert again(value) == value
    assert again(pd.NaT) is pd.NaT


def test_a_chart_comes_back_as_a_chart_the_helpers_read():
    data = pd.DataFrame({"segment": ["young", "adult"], "customers": [3, 5]})
    chart = alt.Chart(data).mark_bar().encode(x="segment:N", y="customers:Q")
    back = again(chart)
    assert back.to_dict() == chart.to_dict()
    expect_chart("chart", back, "bar", x=("segment", "nominal"), y=("customers", "quantitative"))
    assert chart_rows(back) == chart_rows(chart)
    layered = again(chart + chart.mark_point())
    assert isinstance(layered, alt.LayerChart)


def test_a_canvas_comes_back_equal():
    canvas = cases.esther_canvas()
    back = again(canvas)
    assert isinstance(back, Canvas) and back.to_dict() == canvas.to_dict()


def test_functions_become_references_only_when_asked():
    with pytest.raises(NotData, match="function"):
        dumps(len)
    made = []
    text = dumps(
        {"f": len}, lambda f: made.append(f) or {"$": "function", "ref": "r1", "name": "len"}
    )
    assert made == [len]
    assert loads(text, lambda data: ("proxy", data["ref"])) == {"f": ("proxy", "r1")}
    with pytest.raises(WireError, match="unknown tag"):
        loads(text)  # no proxy maker: a reference is refused


@pytest.mark.parametrize(
    "value", [object(), open, np.array(["a"], dtype=object), pd.DataFrame({"x": [1, "a"]})]
)
def test_anything_else_is_not_data(value):
    with pytest.raises(NotData):
        dumps(value)


@pytest.mark.parametrize(
    "text",
    [
        "[1, 2]",  # untagged container
        '{"a": 1}',
        '{"$": "pickle", "v": "gASV"}',
        '{"$": "frame", "v": "bm90IGFycm93"}',
        '{"$": "set", "v": [{"$": "list", "v": []}]}',
        '{"$": "np", "d": "O", "v": 1}',
        '{"$": "float", "v": "1e308"}',
        "[" * 100_000 + "]" * 100_000,
        "not json",
    ],
)
def test_damaged_or_forged_text_raises_a_clear_error(text):
    with pytest.raises(WireError):
        loads(text)


class Odd(LookupError):
    pass


@pytest.mark.parametrize(
    ("raised", "kind", "message"),
    [
        (KeyError("segment"), KeyError, "'segment'"),
        (ValueError("no orders"), ValueError, "no orders"),
        (ZeroDivisionError("division by zero"), ZeroDivisionError, "division by zero"),
        (Odd("gone"), LookupError, "Odd: gone"),
        (SystemExit(3), RuntimeError, "SystemExit: 3"),
    ],
)
def test_an_exception_comes_back_as_its_builtin_class_with_its_message(raised, kind, message):
    back = exception_from_data(json.loads(json.dumps(exception_to_data(raised))))
    assert type(back) is kind and str(back) == message


def _frames(count: int) -> list[pd.DataFrame]:
    return [pd.DataFrame({"n": [n, n + 1], "s": [f"a{n}", None]}) for n in range(count)]


def test_a_table_sent_before_goes_by_its_digest():
    orders = datasets.esther_transactions()
    sent: dict[str, bool] = {}
    first, again = dumps((orders, 1), sent=sent), dumps((orders, 2), sent=sent)
    assert len(again) < len(first) / 100  # the second call carries only the digest
    held: dict = {}
    for text, n in ((first, 1), (again, 2)):
        frame, number = loads(text, tables=held)
        pd.testing.assert_frame_equal(frame, orders)
        assert number == n
    with pytest.raises(MissingTable):
        loads(again, tables={})  # a receiver that does not hold it asks for it again
    with pytest.raises(WireError, match="without its data"):
        loads(again)  # nor does a receiver that keeps no tables accept a bare digest


def test_sender_and_receiver_forget_the_same_tables():
    frames = _frames(3 * MAX_REMEMBERED)
    rng = np.random.default_rng(5)
    sent: dict[str, bool] = {}
    held: dict = {}
    for index in rng.integers(0, len(frames), 300):
        series = frames[index]["n"]
        got = loads(dumps([frames[index], series], sent=sent), tables=held)
        pd.testing.assert_frame_equal(got[0], frames[index])
        pd.testing.assert_series_equal(got[1], series)
    assert len(held) == len(sent) == MAX_REMEMBERED


def test_a_table_sent_again_counts_as_the_newest_on_both_sides():
    frames = _frames(2 * MAX_REMEMBERED)
    sent: dict[str, bool] = {}
    held: dict = {}
    for frame in frames[:MAX_REMEMBERED]:
        loads(dumps(frame, sent=sent), tables=held)
    again = frames[MAX_REMEMBERED // 2]  # held, but not the oldest
    sent.clear()  # what the verdict does when asked to send again
    loads(dumps(again, sent=sent), tables=held)
    for frame in frames[MAX_REMEMBERED : 2 * MAX_REMEMBERED - 1]:
        loads(dumps(frame, sent=sent), tables=held)
    assert list(held) == list(sent)
    pd.testing.assert_frame_equal(loads(dumps(again, sent=sent), tables=held), again)
