"""Tests for customer counts per period."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from canvaskit_widgets.activity import grow_measures, period_counts
from canvaskit_widgets.metrics import MetricError


def _orders(rows):
    return pd.DataFrame(rows, columns=["customer_id", "date"]).assign(
        date=lambda d: pd.to_datetime(d["date"])
    )


def test_counts_worked_by_hand():
    # Q1: a, b, c. Q2: a, b (kept), d (new). Q3: d (kept), c (back after a gap), e (new).
    orders = _orders(
        [
            ("a", "2024-01-05"),
            ("b", "2024-02-01"),
            ("c", "2024-03-30"),
            ("a", "2024-04-02"),
            ("a", "2024-05-02"),
            ("b", "2024-06-30"),
            ("d", "2024-05-15"),
            ("d", "2024-07-01"),
            ("c", "2024-08-08"),
            ("e", "2024-09-09"),
        ]
    )
    table = period_counts(orders, months=3)
    assert table.index.tolist() == ["2024-04", "2024-07"]
    assert table[["start", "end", "new"]].values.tolist() == [[3, 3, 1], [3, 3, 2]]
    assert table["retention"].tolist() == pytest.approx([2 / 3, 1 / 3])
    assert table["churn"].tolist() == pytest.approx([1 / 3, 2 / 3])


def test_periods_start_at_the_first_order_month_and_can_be_longer():
    orders = _orders([("a", "2024-03-10"), ("a", "2024-09-01"), ("b", "2024-10-01")])
    table = period_counts(orders, months=6)
    assert table.index.tolist() == ["2024-09"]
    assert table.iloc[0][["start", "end", "new"]].tolist() == [1, 2, 1]


def test_an_empty_period_gives_no_retention_rather_than_an_error():
    orders = _orders([("a", "2024-01-01"), ("a", "2024-07-01")])
    table = period_counts(orders, months=3)
    assert table.loc["2024-04", "end"] == 0
    assert math.isnan(table.loc["2024-07", "retention"])


@pytest.mark.parametrize("months", [0, -1, 1.5, True])
def test_bad_period_length_is_named(months):
    with pytest.raises(MetricError, match="months must be a whole number"):
        period_counts(_orders([("a", "2024-01-01")]), months=months)


def test_single_period_and_bad_dates_are_errors():
    with pytest.raises(MetricError, match="single period"):
        period_counts(_orders([("a", "2024-01-01"), ("b", "2024-02-01")]), months=3)
    bad = pd.DataFrame({"customer_id": ["a"], "date": ["not a date"]})
    with pytest.raises(MetricError, match="not dates"):
        period_counts(bad)
    with pytest.raises(MetricError, match="no column 'customer_id'"):
        period_counts(pd.DataFrame({"date": ["2024-01-01"]}))


def test_grow_measures_worked_by_hand():
    # Q1: a buys jam (4) and soup (6); b buys jam (5). Q2: a buys jam twice (3 and 5).
    orders = pd.DataFrame(
        [
            ("a", "2024-01-05", 4.0, "jam"),
            ("a", "2024-02-05", 6.0, "soup"),
            ("b", "2024-03-05", 5.0, "jam"),
            ("a", "2024-04-05", 3.0, "jam"),
            ("a", "2024-06-05", 5.0, "jam"),
        ],
        columns=["customer_id", "date", "revenue", "product"],
    ).assign(date=lambda d: pd.to_datetime(d["date"]))
    table = grow_measures(orders)
    assert table.index.tolist() == ["2024-01", "2024-04"]
    assert table["customers"].tolist() == [2, 1]
    assert table["average_order_value"].tolist() == [5.0, 4.0]
    assert table["orders_per_customer"].tolist() == [1.5, 2.0]
    assert table["cross_category_share"].tolist() == [0.5, 0.0]


def test_grow_measures_name_a_missing_column():
    with pytest.raises(MetricError, match="product"):
        grow_measures(_orders([("a", "2024-01-05")]).assign(revenue=1.0))
