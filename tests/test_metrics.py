"""Tests for the customer metrics, against values worked by hand."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from canvaskit_widgets import metrics as m
from canvaskit_widgets.metrics import MetricError


def rejects(match: str):
    return pytest.raises(MetricError, match=match)


# Six orders by three customers: a twice, b once, c three times; revenue 210 in all.
ORDERS = pd.DataFrame(
    {
        "customer_id": ["a", "a", "b", "c", "c", "c"],
        "revenue": [10.0, 20.0, 30.0, 40.0, 50.0, 60.0],
    }
)


# -- retention and churn ---------------------------------------------------------------------------
def test_retention_and_churn_by_hand():
    # 100 at the start, 90 at the end of whom 10 are new: 80 stayed, so 0.8 and 0.2.
    assert m.retention_rate(100, 90, 10) == pytest.approx(0.8)
    assert m.churn_rate(100, 90, 10) == pytest.approx(0.2)
    # No one new, 150 of 200 left: 0.75.
    assert m.retention_rate(200, 150, 0) == pytest.approx(0.75)
    # The bounds: all stayed, none stayed.
    assert m.retention_rate(10, 10, 0) == 1.0
    assert m.retention_rate(10, 5, 5) == 0.0


def test_counts_may_be_whole_floats_and_numpy_integers():
    assert m.retention_rate(100.0, np.int64(90), 10) == pytest.approx(0.8)


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((-1, 5, 0), r"start must not be negative, got -1"),
        ((10, -5, 0), r"end must not be negative"),
        ((10, 5, -2), r"new must not be negative"),
        ((0, 5, 5), r"start is 0"),
        ((10, 5, 6), r"new \(6\) is larger than end \(5\)"),
        ((10, 25, 5), r"end - new \(20\) is larger than start \(10\)"),
        ((10.5, 5, 0), r"start must be a whole number of customers, not 10.5"),
        (("10", 5, 0), r"start must be a number, not '10'"),
        ((True, 5, 0), r"start must be a number, not True"),
        ((10, math.nan, 0), r"end must be a finite number, not nan"),
        ((10, 5, math.inf), r"new must be a finite number, not inf"),
    ],
)
def test_retention_rejects_impossible_counts(args, match):
    with rejects(match):
        m.retention_rate(*args)
    with rejects(match):
        m.churn_rate(*args)


@given(
    start=st.integers(1, 10_000),
    data=st.data(),
)
def test_retention_plus_churn_is_one(start, data):
    stayed = data.draw(st.integers(0, start))
    new = data.draw(st.integers(0, 10_000))
    retention = m.retention_rate(start, stayed + new, new)
    assert 0 <= retention <= 1
    assert retention + m.churn_rate(start, stayed + new, new) == pytest.approx(1.0)


# -- order data ------------------------------------------------------------------------------------
def test_order_metrics_by_hand():
    # a and c bought more than once, b once: 2 of 3 customers.
    assert m.repeat_purchase_rate(ORDERS) == pytest.approx(2 / 3)
    # 210 / 6 orders.
    assert m.average_order_value(ORDERS) == pytest.approx(35.0)
    # 6 orders / 3 customers.
    assert m.purchase_frequency(ORDERS) == pytest.approx(2.0)


def test_order_metrics_take_other_column_names():
    orders = ORDERS.rename(columns={"customer_id": "who", "revenue": "amount"})
    assert m.repeat_purchase_rate(orders, customer="who") == pytest.approx(2 / 3)
    assert m.average_order_value(orders, revenue="amount") == pytest.approx(35.0)
    assert m.purchase_frequency(orders, customer="who") == pytest.approx(2.0)


@pytest.mark.parametrize(
    "metric", [m.repeat_purchase_rate, m.average_order_value, m.purchase_frequency]
)
def test_order_metrics_reject_bad_frames(metric):
    with rejects("orders must be a pandas DataFrame, not list"):
        metric([1, 2])
    with rejects(r"orders has no column '\w+'; its columns are 'x'"):
        metric(pd.DataFrame({"x": [1]}))
    with rejects("orders is empty"):
        metric(ORDERS.iloc[0:0])


def test_missing_customer_ids_are_named_by_row():
    orders = ORDERS.assign(customer_id=["a", None, "b", "c", None, "c"])
    with rejects(r"orders\['customer_id'\] has missing values in rows 1, 4"):
        m.repeat_purchase_rate(orders)
    with rejects("missing values"):
        m.purchase_frequency(orders)


@pytest.mark.parametrize(
    ("revenue", "match"),
    [
        ([10, "ten", 30], r"orders\['revenue'\]\[1\] is 'ten': not a number"),
        ([10, -5, 30], r"orders\['revenue'\]\[1\] is -5: revenue must not be negative"),
        ([10, math.inf, 30], r"orders\['revenue'\]\[1\] is inf: not a finite number"),
        ([10, math.nan, 30], r"orders\['revenue'\] has missing values in rows 1"),
    ],
)
def test_average_order_value_rejects_bad_revenue(revenue, match):
    with rejects(match):
        m.average_order_value(pd.DataFrame({"revenue": revenue}))


# -- customer lifetime value -----------------------------------------------------------------------
def test_simple_clv_by_hand():
    # 35 per order, 2 orders a year, 40% margin, 3 years: 35 * 2 * 0.4 * 3 = 84.
    assert m.simple_clv(35, 2, 0.4, lifespan=3) == pytest.approx(84.0)
    # 25% churn a year means 1 / 0.25 = 4 years: 35 * 2 * 0.4 * 4 = 112.
    assert m.simple_clv(35, 2, 0.4, churn=0.25) == pytest.approx(112.0)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({}, "exactly one of lifespan or churn"),
        ({"lifespan": 3, "churn": 0.25}, "exactly one of lifespan or churn"),
        ({"churn": 0}, r"churn is 0: the expected lifespan 1 / churn would be infinite"),
        ({"churn": 1.5}, r"churn is 1.5, not a share between 0 and 1"),
        ({"lifespan": -1}, "lifespan must not be negative"),
    ],
)
def test_simple_clv_rejects_bad_lifespan(kwargs, match):
    with rejects(match):
        m.simple_clv(35, 2, 0.4, **kwargs)


def test_simple_clv_rejects_a_margin_in_percent_and_negative_inputs():
    with rejects(r"gross_margin is 40, not a share between 0 and 1 \(write 40% as 0.4"):
        m.simple_clv(35, 2, 40, lifespan=3)
    with rejects("aov must not be negative"):
        m.simple_clv(-35, 2, 0.4, lifespan=3)
    with rejects("frequency must not be negative"):
        m.simple_clv(35, -2, 0.4, lifespan=3)


def test_margin_multiple_clv_worked_examples():
    # r = 0.8, d = 0.1: 0.8 / (1.1 - 0.8) = 0.8 / 0.3 = 2.67 margins.
    assert m.margin_multiple_clv(1, 0.8, 0.1) == pytest.approx(8 / 3)
    assert m.margin_multiple_clv(100, 0.8, 0.1) == pytest.approx(266.67, abs=0.01)
    # 0.85 / 0.25 = 3.4 against 2.667: 3.4 / (8 / 3) = 1.275, so +27.5%.
    gain = m.margin_multiple_clv(1, 0.85, 0.1) / m.margin_multiple_clv(1, 0.8, 0.1) - 1
    assert gain == pytest.approx(0.275)
    # 0.95 / 0.15 = 6.333 against 0.9 / 0.2 = 4.5: 6.333 / 4.5 = 1.407, so +40.7%.
    gain = m.margin_multiple_clv(1, 0.95, 0.1) / m.margin_multiple_clv(1, 0.9, 0.1) - 1
    assert gain == pytest.approx(0.407, abs=0.0005)


def test_margin_multiple_clv_subtracts_acquisition_cost():
    # 266.67 - 300 = -33.33: this prospect is not worth acquiring at that cost.
    assert m.margin_multiple_clv(100, 0.8, 0.1, acquisition_cost=300) == pytest.approx(
        -33.33, abs=0.01
    )


def test_margin_multiple_clv_is_vectorised_over_retention():
    # 0.8 / 0.3 = 2.667 and 0.9 / 0.2 = 4.5 margins of 10.
    series = m.margin_multiple_clv(10, pd.Series([0.8, 0.9], index=["now", "goal"]), 0.1)
    assert isinstance(series, pd.Series)
    assert series.name == "clv"
    assert list(series.index) == ["now", "goal"]
    assert series.to_list() == pytest.approx([26.667, 45.0], abs=0.001)
    array = m.margin_multiple_clv(10, np.array([0.8, 0.9]), 0.1, acquisition_cost=5)
    assert isinstance(array, np.ndarray)
    assert array.tolist() == pytest.approx([21.667, 40.0], abs=0.001)
    assert m.margin_multiple_clv(10, [0.8], 0.1).tolist() == pytest.approx([26.667], abs=0.001)


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((100, 1.2, 0.1), r"retention is 1.2, not a share between 0 and 1"),
        ((100, -0.1, 0.1), r"retention is -0.1, not a share"),
        ((100, 1.0, 0.0), r"retention is 1, not below 1 \+ discount_rate \(1.0\)"),
        ((100, 0.8, 10), r"discount_rate is 10, not a share between 0 and 1"),
        ((100, 0.8, -0.1), r"discount_rate is -0.1, not a share"),
        (("100", 0.8, 0.1), r"margin must be a number, not '100'"),
        ((100, 0.8, 0.1, -5), r"acquisition_cost must not be negative, got -5"),
        ((100, [0.5, 1.0], 0.0), r"retention\[1\] is 1, not below 1 \+ discount_rate"),
        ((100, np.array([0.5, 1.5]), 0.1), r"retention\[1\] is 1.5, not a share"),
        ((100, [0.5, math.nan], 0.1), r"retention\[1\] is nan: missing values"),
        ((100, ["high"], 0.1), r"retention\[0\] is 'high': not a number"),
        ((100, [], 0.1), r"retention is empty"),
        ((100, "0.8", 0.1), r"retention must be a list or Series of numbers, not '0.8'"),
    ],
)
def test_margin_multiple_clv_rejects_bad_inputs(args, match):
    with rejects(match):
        m.margin_multiple_clv(*args)


@given(
    margin=st.floats(0, 1e6),
    retentions=st.lists(st.floats(0, 0.99), min_size=1, max_size=20),
    discount=st.floats(0, 1),
)
def test_vectorised_clv_agrees_with_scalar_clv(margin, retentions, discount):
    vector = m.margin_multiple_clv(margin, retentions, discount)
    scalars = [m.margin_multiple_clv(margin, r, discount) for r in retentions]
    assert vector.tolist() == pytest.approx(scalars)


# -- acquisition -----------------------------------------------------------------------------------
def test_cac_ratio_and_payback_by_hand():
    # 1000 spent for 20 customers: 50 each.
    assert m.cac(1000, 20) == pytest.approx(50.0)
    # CLV 900 against CAC 300: 3.0.
    assert m.clv_to_cac(900, 300) == pytest.approx(3.0)
    # 300 to earn back at 25 a month: 12 months.
    assert m.payback_months(300, 25) == pytest.approx(12.0)


def test_cac_per_channel_from_frame_columns():
    # radio 1000 / 20 = 50, web 600 / 10 = 60; new customers listed in another order.
    channels = pd.DataFrame({"spend": [1000, 600]}, index=["radio", "web"])
    new = pd.Series({"web": 10, "radio": 20})
    result = m.cac(channels["spend"], new)
    assert result.name == "cac"
    assert result.to_dict() == pytest.approx({"radio": 50.0, "web": 60.0})
    # Per channel ratio and payback: 150 / 50 = 3 and 150 / 60 = 2.5; 50 / 10 and 60 / 10 months.
    ratio = m.clv_to_cac(150, result)
    assert ratio.name == "clv_to_cac"
    assert ratio.to_dict() == pytest.approx({"radio": 3.0, "web": 2.5})
    assert m.payback_months(result, 10).to_dict() == pytest.approx({"radio": 5.0, "web": 6.0})


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: m.cac(1000, 0), r"new_customers is 0: CAC is spend per new customer"),
        (lambda: m.cac(-1, 10), r"spend must not be negative, got -1"),
        (lambda: m.cac(1000, 2.5), r"new_customers must be a whole number of customers, not 2.5"),
        (
            lambda: m.cac(pd.Series({"radio": 10, "web": 5}), pd.Series({"radio": 1, "web": 0})),
            r"new_customers\['web'\] is 0",
        ),
        (
            lambda: m.cac(pd.Series({"radio": 10}), pd.Series({"radio": 1, "web": 2})),
            r"spend and new_customers must list the same channels; only in spend: \[\],"
            r" only in new_customers: \['web'\]",
        ),
        (lambda: m.cac(pd.Series([], dtype=float), 3), r"spend is empty"),
        (lambda: m.clv_to_cac(900, 0), r"cac is 0: the CLV:CAC ratio needs a cost"),
        (lambda: m.clv_to_cac("900", 300), r"clv must be a number, not '900'"),
        (lambda: m.payback_months(300, 0), r"monthly_margin is 0: without a margin"),
        (lambda: m.payback_months(300, -5), r"monthly_margin must not be negative"),
        (lambda: m.payback_months(-300, 5), r"cac must not be negative"),
    ],
)
def test_acquisition_metrics_reject_bad_inputs(call, match):
    with rejects(match):
        call()


# -- Net Promoter Score ----------------------------------------------------------------------------
def test_nps_by_hand():
    # Promoters 10, 9, 10, 9 (4); passives 8, 7 (2); detractors 6, 0, 3, 5 (4): 40% - 40% = 0.
    assert m.nps([10, 9, 8, 7, 6, 0, 10, 3, 9, 5]) == pytest.approx(0.0)
    # 3 promoters of 4, no detractor: 75.
    assert m.nps(pd.Series([10, 10, 9, 8])) == pytest.approx(75.0)
    assert m.nps(np.array([0, 6, 3])) == -100.0
    assert m.nps([9.0, 10.0]) == 100.0


@pytest.mark.parametrize(
    ("scores", "match"),
    [
        ([9, 11], r"scores\[1\] is 11: scores run from 0 to 10"),
        ([-1, 9], r"scores\[0\] is -1: scores run from 0 to 10"),
        ([7.5], r"scores\[0\] is 7.5: scores are whole numbers"),
        ([9, math.nan], r"scores\[1\] is nan: missing values are not allowed"),
        ([9, None], r"scores\[1\] is None: missing values are not allowed"),
        (["9"], r"scores\[0\] is '9': not a number"),
        ([True], r"scores\[0\] is True: not a number"),
        (pd.Series([9, 12], index=["ann", "bob"]), r"scores\['bob'\] is 12"),
        ([], r"scores is empty"),
        (9, r"scores must be a list or Series of numbers, not 9"),
    ],
)
def test_nps_rejects_bad_scores(scores, match):
    with rejects(match):
        m.nps(scores)


@given(st.lists(st.integers(0, 10), min_size=1))
def test_nps_lies_between_minus_and_plus_hundred(scores):
    assert -100 <= m.nps(scores) <= 100


SURVEY = pd.DataFrame(
    {
        "segment": ["x", "x", "y", "y", "y"],
        "channel": ["web", "shop", "web", "web", "shop"],
        "score": [10, 3, 9, 8, 7],
    }
)


def test_nps_by_segment_by_hand():
    table = m.nps_by(SURVEY, "segment")
    assert list(table.columns) == ["responses", "promoters", "passives", "detractors", "nps"]
    assert table.index.name == "segment"
    # x: 10 and 3, one promoter and one detractor: 0.
    assert table.loc["x"].to_dict() == pytest.approx(
        {"responses": 2, "promoters": 0.5, "passives": 0.0, "detractors": 0.5, "nps": 0.0}
    )
    # y: 9, 8, 7, one promoter and two passives: 33.3.
    assert table.loc["y"].to_dict() == pytest.approx(
        {"responses": 3, "promoters": 1 / 3, "passives": 2 / 3, "detractors": 0.0, "nps": 100 / 3}
    )


def test_nps_by_two_columns():
    table = m.nps_by(SURVEY, ["segment", "channel"])
    assert table.index.names == ["segment", "channel"]
    # y on the web: 9 and 8, one promoter of two: 50.
    assert table.loc[("y", "web"), "nps"] == pytest.approx(50.0)
    assert table["responses"].sum() == 5


def test_nps_by_rejects_bad_frames():
    with rejects(r"df has no column 'segment'; its columns are 'score'"):
        m.nps_by(SURVEY[["score"]], "segment")
    with rejects(r"df\['score'\]\[2\] is 12: scores run from 0 to 10"):
        m.nps_by(SURVEY.assign(score=[10, 3, 12, 8, 7]), "segment")
    with rejects(r"df\['segment'\] has missing values in rows 0"):
        m.nps_by(SURVEY.assign(segment=[None, "x", "y", "y", "y"]), "segment")


# -- cohorts ---------------------------------------------------------------------------------------
COHORT_ORDERS = pd.DataFrame(
    [
        ("a", "2024-01-05"),
        ("a", "2024-02-10"),
        ("b", "2024-01-20"),
        ("c", "2024-02-01"),
        ("c", "2024-02-15"),
        ("c", "2024-04-01"),
        ("d", "2024-03-30"),
    ],
    columns=["customer_id", "date"],
)


def test_cohort_table_by_hand():
    table = m.cohort_table(COHORT_ORDERS)
    assert table.index.name == "cohort"
    assert [str(p) for p in table.index] == ["2024-01", "2024-02", "2024-03"]
    assert list(table.columns) == [0, 1, 2, 3]
    # January: a and b; a bought again in February: 1, 1/2, 0, 0.
    # February: c alone, again in April (k = 2); May is after the data: NaN.
    # March: d alone, not in April; May and June are after the data.
    expected = [
        [1.0, 0.5, 0.0, 0.0],
        [1.0, 0.0, 1.0, math.nan],
        [1.0, 0.0, math.nan, math.nan],
    ]
    np.testing.assert_allclose(table.to_numpy(), expected)


def test_cohort_table_by_quarter_with_other_columns_and_time_zones():
    orders = COHORT_ORDERS.rename(columns={"customer_id": "who", "date": "when"})
    orders["when"] = pd.to_datetime(orders["when"]).dt.tz_localize("Europe/Berlin")
    table = m.cohort_table(orders, customer="who", date="when", period="Q")
    # All four first bought in 2024Q1; only c bought again in Q2: 1/4.
    assert [str(p) for p in table.index] == ["2024Q1"]
    assert table.iloc[0].to_list() == pytest.approx([1.0, 0.25])


@pytest.mark.parametrize(
    ("change", "kwargs", "match"),
    [
        (
            {"date": ["2024-01-01", "banana", *["2024-01-01"] * 5]},
            {},
            r"\[1\] is 'banana': not a date",
        ),
        ({"date": list(range(7))}, {}, r"orders\['date'\] holds numbers \(int64\), not dates"),
        ({"customer_id": [None, *"abcdef"]}, {}, r"orders\['customer_id'\] has missing values"),
        ({}, {"period": "fortnight"}, r"period 'fortnight' is not a pandas period alias"),
        ({}, {"date": "day"}, r"orders has no column 'day'; its columns are 'customer_id', 'date'"),
    ],
)
def test_cohort_table_rejects_bad_orders(change, kwargs, match):
    with rejects(match):
        m.cohort_table(COHORT_ORDERS.assign(**change), **kwargs)


@given(
    st.lists(
        st.tuples(st.sampled_from("abcdef"), st.dates(date(2023, 1, 1), date(2026, 12, 31))),
        min_size=1,
        max_size=40,
    )
)
def test_cohort_shares_start_at_one_and_stay_shares(rows):
    table = m.cohort_table(
        pd.DataFrame(rows, columns=["customer_id", "date"]).astype({"date": "datetime64[ns]"})
    )
    assert (table[0] == 1.0).all()
    values = table.to_numpy()
    seen = values[~np.isnan(values)]
    assert ((seen >= 0) & (seen <= 1)).all()


# -- uncertainty -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    # Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I:
    # the Wilson score interval without continuity correction, 95%.
    [
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_share_interval_matches_published_wilson_intervals(successes, n, low, high):
    interval = m.share_interval(successes, n)
    assert (round(interval.low, 4), round(interval.high, 4)) == (low, high)
    assert interval.estimate == pytest.approx(successes / n)
    assert interval.n == n and interval.method == m.WILSON


def test_share_interval_narrows_with_more_customers_and_widens_with_confidence():
    small, large = m.share_interval(8, 10), m.share_interval(80, 100)
    assert large.width < small.width
    assert m.share_interval(8, 10, confidence=0.99).width > small.width
    everyone = m.share_interval(10, 10)
    assert everyone.high == 1.0 and everyone.low < 1.0  # all kept still leaves doubt


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((0, 0), "n is 0"),
        ((5, 4), r"successes \(5\) is larger than n \(4\)"),
        ((-1, 4), "successes must not be negative"),
        ((1, 4, 95), "confidence is 95, not a share"),
    ],
)
def test_share_interval_rejects_bad_input(args, match):
    with rejects(match):
        m.share_interval(*args)


def _coverage(draw, truth, repeats=2000):
    """The share of intervals from ``draw(rng)`` that cover ``truth``."""
    rng = np.random.default_rng(11)
    hits = 0
    for _ in range(repeats):
        interval = draw(rng)
        hits += interval.low <= truth <= interval.high
    return hits / repeats


def test_share_interval_covers_the_true_share_about_95_times_in_100():
    covered = _coverage(lambda rng: m.share_interval(int(rng.binomial(40, 0.8)), 40), 0.8)
    assert 0.93 <= covered <= 0.98


@pytest.mark.parametrize(("n", "promoters", "detractors"), [(30, 0.5, 0.2), (120, 0.3, 0.3)])
def test_nps_interval_covers_the_true_nps_about_95_times_in_100(n, promoters, detractors):
    shares = [detractors, 1 - promoters - detractors, promoters]

    def draw(rng):
        return m.nps_interval(rng.choice([3, 8, 10], size=n, p=shares))

    covered = _coverage(draw, 100 * (promoters - detractors))
    assert 0.93 <= covered <= 0.98


def test_nps_interval_states_its_estimate_size_and_method():
    scores = [10] * 6 + [8] * 2 + [3] * 2
    interval = m.nps_interval(scores)
    assert interval.estimate == pytest.approx(m.nps(scores)) == pytest.approx(40.0)
    assert interval.low < 40 < interval.high and interval.n == 10
    assert "promoter-detractor" in interval.method
    assert "n = 10" in str(interval)


def test_nps_interval_edge_cases():
    all_promoters = m.nps_interval([10] * 25)
    assert all_promoters.estimate == 100 and all_promoters.high == 100
    assert all_promoters.low < 100  # 25 promoters do not prove that everyone would recommend
    one = m.nps_interval([7])
    assert one.estimate == 0 and -100 <= one.low < -50 and 50 < one.high <= 100
    assert m.nps_interval([10] * 400).width < all_promoters.width
    with rejects("scores is empty"):
        m.nps_interval([])
    with rejects("scores run from 0 to 10"):
        m.nps_interval([11])


def test_nps_by_interval_adds_each_groups_interval():
    survey = pd.DataFrame({"segment": ["a"] * 4 + ["b"] * 3, "score": [10, 9, 3, 8, 10, 10, 10]})
    table = m.nps_by_interval(survey, "segment")
    assert list(table.index) == ["a", "b"]
    for segment, group in survey.groupby("segment"):
        interval = m.nps_interval(group["score"])
        assert table.loc[segment, "nps"] == pytest.approx(interval.estimate)
        assert (table.loc[segment, "low"], table.loc[segment, "high"]) == pytest.approx(
            (interval.low, interval.high)
        )


def test_nps_difference_tells_noise_from_a_real_gap():
    rng = np.random.default_rng(5)
    near_a = rng.choice([3, 8, 10], size=60, p=[0.25, 0.35, 0.4])
    near_b = rng.choice([3, 8, 10], size=60, p=[0.25, 0.33, 0.42])
    noise = m.nps_difference(near_a, near_b)
    assert noise.difference == pytest.approx(m.nps(near_a) - m.nps(near_b))
    assert noise.low < 0 < noise.high and noise.clear is False
    far = m.nps_difference([10] * 150 + [3] * 50, [3] * 150 + [10] * 50)
    assert far.clear is True and far.low > 0 and isinstance(far.difference, float)
    assert m.nps_difference([3] * 50, [10] * 50).clear  # a clear gap the other way
    with rejects("b is empty"):
        m.nps_difference([10], [])
