"""Customer metrics: retention, churn, repeat purchase, AOV, CLV, CAC, payback, NPS and cohorts,
and the uncertainty of a share and of an NPS measured on a sample."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from numbers import Real
from statistics import NormalDist
from typing import Any, NamedTuple, TypeVar

import numpy as np
import pandas as pd

__all__ = [
    "Interval",
    "MetricError",
    "NPSComparison",
    "average_order_value",
    "cac",
    "churn_rate",
    "clv_to_cac",
    "cohort_table",
    "margin_multiple_clv",
    "nps",
    "nps_by",
    "nps_by_interval",
    "nps_difference",
    "nps_interval",
    "payback_months",
    "purchase_frequency",
    "repeat_purchase_rate",
    "retention_rate",
    "share_interval",
    "simple_clv",
]

_T = TypeVar("_T")


class MetricError(ValueError):
    """An input to a metric is not valid; the message names the argument and the bad value."""


# -- validating scalars ----------------------------------------------------------------------------
def _show(value: Any) -> str:
    """``value`` for an error message: numpy scalars as plain numbers, 11.0 as 11."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return repr(value)


def _real(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise MetricError(f"{name} must be a number, not {_show(value)}")
    number = float(value)
    if not math.isfinite(number):
        raise MetricError(f"{name} must be a finite number, not {_show(value)}")
    return number


def _non_negative(name: str, value: Any) -> float:
    number = _real(name, value)
    if number < 0:
        raise MetricError(f"{name} must not be negative, got {_show(value)}")
    return number


def _positive(name: str, value: Any, why: str) -> float:
    number = _non_negative(name, value)
    if number == 0:
        raise MetricError(f"{name} is 0: {why}")
    return number


def _count(name: str, value: Any) -> int:
    number = _non_negative(name, value)
    if not number.is_integer():
        raise MetricError(f"{name} must be a whole number of customers, not {_show(value)}")
    return int(number)


def _share(name: str, value: Any) -> float:
    number = _real(name, value)
    if not 0 <= number <= 1:
        raise MetricError(
            f"{name} is {_show(value)}, not a share between 0 and 1 (write 40% as 0.4, not 40)"
        )
    return number


def _retention(name: str, value: Any, discount_rate: float) -> float:
    rate = _share(name, value)
    if rate >= 1 + discount_rate:
        raise MetricError(
            f"{name} is {_show(value)}, not below 1 + discount_rate ({1 + discount_rate!r}):"
            " CLV would be infinite"
        )
    return rate


def _each(name: str, value: Any, check: Callable[[str, Any], _T]) -> _T | pd.Series:
    """``check`` a scalar, or every item of a Series (naming the item's index label)."""
    if not isinstance(value, pd.Series):
        return check(name, value)
    if value.empty:
        raise MetricError(f"{name} is empty")
    checked = [check(f"{name}[{_show(key)}]", item) for key, item in value.items()]
    return pd.Series(checked, index=value.index, dtype=float)


def _aligned(left: Any, right: Any, left_name: str, right_name: str) -> None:
    if not (isinstance(left, pd.Series) and isinstance(right, pd.Series)):
        return
    if set(left.index) != set(right.index):
        only_left = sorted(map(str, set(left.index) - set(right.index)))
        only_right = sorted(map(str, set(right.index) - set(left.index)))
        raise MetricError(
            f"{left_name} and {right_name} must list the same channels; "
            f"only in {left_name}: {only_left}, only in {right_name}: {only_right}"
        )


def _named(value: float | pd.Series, name: str) -> float | pd.Series:
    return value.rename(name) if isinstance(value, pd.Series) else value


# -- validating data -------------------------------------------------------------------------------
def _frame(name: str, data: Any, columns: Sequence[str]) -> pd.DataFrame:
    if not isinstance(data, pd.DataFrame):
        raise MetricError(f"{name} must be a pandas DataFrame, not {type(data).__name__}")
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise MetricError(
            f"{name} has no column {', '.join(map(repr, missing))}; "
            f"its columns are {', '.join(map(repr, data.columns)) or 'none'}"
        )
    if data.empty:
        raise MetricError(f"{name} is empty: the metric needs at least one row")
    for column in columns:
        gaps = data[column].isna()
        if gaps.any():
            rows = ", ".join(_show(row) for row in data.index[gaps.to_numpy()][:5])
            raise MetricError(f"{name}[{column!r}] has missing values in rows {rows}")
    return data


def _first(values: pd.Series, mask: Any) -> tuple[str, Any]:
    """The index label (shown) and the value of the first item where ``mask`` holds."""
    position = int(np.flatnonzero(np.asarray(mask))[0])
    return _show(values.index[position]), values.iloc[position]


def _reject(name: str, values: pd.Series, mask: Any, what: str) -> None:
    """Raise naming the first item of ``values`` where ``mask`` holds, if any does."""
    if np.asarray(mask).any():
        label, value = _first(values, mask)
        raise MetricError(f"{name}[{label}] is {_show(value)}: {what}")


def _numbers(name: str, values: Any) -> pd.Series:
    """``values`` as a float Series; rejects empty, missing, non-numeric and infinite items."""
    if isinstance(values, (str, bytes)) or np.ndim(values) == 0:
        raise MetricError(f"{name} must be a list or Series of numbers, not {values!r}")
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    if series.empty:
        raise MetricError(f"{name} is empty")
    _reject(name, series, series.isna(), "missing values are not allowed")
    if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
        numeric = series.map(lambda v: isinstance(v, Real) and not isinstance(v, (bool, np.bool_)))
        _reject(name, series, ~numeric.astype(bool), "not a number")
    floats = series.astype(float)
    _reject(name, series, ~np.isfinite(floats), "not a finite number")
    return floats


# -- retention and churn ---------------------------------------------------------------------------
def retention_rate(start: int, end: int, new: int) -> float:
    """Share of the customers at the start still there at the end: ``(end - new) / start``.

    ``start`` (S), ``end`` (E) and ``new`` (N) are customer counts for one period; ``end``
    includes the new customers, so N <= E and E - N <= S.
    """
    s, e, n = _count("start", start), _count("end", end), _count("new", new)
    if s == 0:
        raise MetricError("start is 0: retention needs customers at the start of the period")
    if n > e:
        raise MetricError(
            f"new ({n}) is larger than end ({e}): end counts the new customers too, so end >= new"
        )
    if e - n > s:
        raise MetricError(
            f"end - new ({e - n}) is larger than start ({s}): more customers cannot stay than there were"
        )
    return (e - n) / s


def churn_rate(start: int, end: int, new: int) -> float:
    """Share of the customers at the start lost by the end: ``1 - retention_rate(start, end, new)``."""
    return 1.0 - retention_rate(start, end, new)


# -- order data ------------------------------------------------------------------------------------
def repeat_purchase_rate(orders: pd.DataFrame, customer: str = "customer_id") -> float:
    """Customers with at least two orders / customers with at least one (``orders``: a row per order)."""
    counts = _frame("orders", orders, [customer])[customer].value_counts()
    return float((counts >= 2).sum() / len(counts))


def average_order_value(orders: pd.DataFrame, revenue: str = "revenue") -> float:
    """Total revenue / number of orders (``orders``: a row per order, revenue not negative)."""
    amounts = _numbers(f"orders[{revenue!r}]", _frame("orders", orders, [revenue])[revenue])
    _reject(
        f"orders[{revenue!r}]", amounts, amounts < 0, "revenue must not be negative (net refunds)"
    )
    return float(amounts.sum() / len(amounts))


def purchase_frequency(orders: pd.DataFrame, customer: str = "customer_id") -> float:
    """Number of orders / number of distinct customers (``orders``: a row per order)."""
    ids = _frame("orders", orders, [customer])[customer]
    return len(ids) / ids.nunique()


# -- customer lifetime value -----------------------------------------------------------------------
def simple_clv(
    aov: float,
    frequency: float,
    gross_margin: float,
    lifespan: float | None = None,
    churn: float | None = None,
) -> float:
    """``aov * frequency * gross_margin * lifespan``, with ``lifespan = 1 / churn`` if churn is given.

    ``frequency`` is orders per period, ``lifespan`` is in the same periods and ``churn`` is per
    period; give exactly one of ``lifespan`` and ``churn``. ``gross_margin`` is a share (0.4 for 40%).
    """
    if (lifespan is None) == (churn is None):
        raise MetricError("give exactly one of lifespan or churn (lifespan = 1 / churn)")
    value = (
        _non_negative("aov", aov)
        * _non_negative("frequency", frequency)
        * _share("gross_margin", gross_margin)
    )
    if churn is not None:
        rate = _share("churn", churn)
        if rate == 0:
            raise MetricError("churn is 0: the expected lifespan 1 / churn would be infinite")
        return value / rate
    return value * _non_negative("lifespan", lifespan)


def margin_multiple_clv(
    margin: float,
    retention: Any,
    discount_rate: float,
    acquisition_cost: float = 0.0,
) -> Any:
    """Gupta & Lehmann's CLV: ``margin * r / (1 + d - r) - acquisition_cost``.

    ``margin`` is the margin per customer and period, ``retention`` (r) a share per period,
    ``discount_rate`` (d) a share per period (0.1 for 10%); subtract ``acquisition_cost`` to value
    a prospect. ``retention`` may be a number (returns a float), a list or numpy array (returns
    an array) or a Series (returns a Series named ``clv`` on the same index).
    """
    m = _real("margin", margin)
    d = _share("discount_rate", discount_rate)
    cost = _non_negative("acquisition_cost", acquisition_cost)
    if np.ndim(retention) == 0 and not isinstance(retention, (str, bytes)):
        r = _retention("retention", retention, d)
        return m * r / (1 + d - r) - cost
    rates = _numbers("retention", retention)
    bad = (rates < 0) | (rates > 1) | (rates >= 1 + d)
    if bad.any():
        label, rate = _first(rates, bad)
        _retention(f"retention[{label}]", rate, d)  # raises, naming the value
    clv = m * rates / (1 + d - rates) - cost
    return clv.rename("clv") if isinstance(retention, pd.Series) else clv.to_numpy()


# -- acquisition -----------------------------------------------------------------------------------
def cac(spend: Any, new_customers: Any) -> Any:
    """Customer acquisition cost: sales and marketing ``spend / new_customers`` in one period.

    Both numbers (returns a float), or Series indexed by channel (returns a Series named ``cac``),
    for example two columns of a per-channel DataFrame.
    """
    _aligned(spend, new_customers, "spend", "new_customers")
    money = _each("spend", spend, _non_negative)

    def customers(name: str, value: Any) -> int:
        count = _count(name, value)
        if count == 0:
            raise MetricError(f"{name} is 0: CAC is spend per new customer, undefined without any")
        return count

    return _named(money / _each("new_customers", new_customers, customers), "cac")


def clv_to_cac(clv: Any, cac: Any) -> Any:
    """``clv / cac`` (about 3 is a common rule of thumb, not a law); numbers or aligned Series."""
    _aligned(clv, cac, "clv", "cac")
    value = _each("clv", clv, _real)
    cost = _each("cac", cac, lambda n, v: _positive(n, v, "the CLV:CAC ratio needs a cost"))
    return _named(value / cost, "clv_to_cac")


def payback_months(cac: Any, monthly_margin: Any) -> Any:
    """Months to earn back the acquisition cost: ``cac / monthly_margin`` (gross margin per customer)."""
    _aligned(cac, monthly_margin, "cac", "monthly_margin")
    cost = _each("cac", cac, _non_negative)
    margin = _each(
        "monthly_margin",
        monthly_margin,
        lambda n, v: _positive(n, v, "without a margin the acquisition cost is never paid back"),
    )
    return _named(cost / margin, "payback_months")


# -- Net Promoter Score ----------------------------------------------------------------------------
def _scores(name: str, scores: Any) -> pd.Series:
    values = _numbers(name, scores)
    for bad, what in (
        (values % 1 != 0, "scores are whole numbers"),
        ((values < 0) | (values > 10), "scores run from 0 to 10"),
    ):
        _reject(name, values, bad, what)
    return values.astype(int)


def nps(scores: Any) -> float:
    """Net Promoter Score: % promoters (9-10) - % detractors (0-6), from -100 to 100.

    ``scores`` are whole numbers 0..10 (a list, array or Series).
    """
    values = _scores("scores", scores)
    return 100.0 * ((values >= 9).sum() - (values <= 6).sum()) / len(values)


def nps_by(df: pd.DataFrame, by: str | Sequence[str], score: str = "score") -> pd.DataFrame:
    """NPS per group: a row per group (sorted) with ``responses``, the ``promoters``,
    ``passives`` and ``detractors`` shares (0..1) and ``nps`` (-100..100)."""
    keys = [by] if isinstance(by, str) else list(by)
    _frame("df", df, [*keys, score])
    values = _scores(f"df[{score!r}]", df[score])
    kinds = df[keys].copy()
    kinds["promoters"] = (values >= 9).to_numpy()
    kinds["passives"] = values.between(7, 8).to_numpy()
    kinds["detractors"] = (values <= 6).to_numpy()
    groups = kinds.groupby(keys if len(keys) > 1 else keys[0], sort=True, observed=True)
    table = groups.mean().astype(float)
    table.insert(0, "responses", groups.size())
    table["nps"] = 100.0 * (table["promoters"] - table["detractors"])
    return table


# -- uncertainty ---------------------------------------------------------------------------------
WILSON = "Wilson score interval"
NPS_METHOD = (
    "Wald interval of the promoter-detractor difference, after adding half a respondent to each "
    "of promoters, passives and detractors"
)


class Interval(NamedTuple):
    """An estimate from a sample, with the range of values the sample leaves plausible.

    ``estimate`` is the metric on the sample, ``low`` and ``high`` the ends of the interval,
    ``n`` the sample size, ``confidence`` the share of such intervals that cover the true value
    (0.95), and ``method`` how the interval was computed.
    """

    estimate: float
    low: float
    high: float
    n: int
    confidence: float
    method: str

    @property
    def width(self) -> float:
        """``high - low``: how far apart the plausible values lie."""
        return self.high - self.low

    def __str__(self) -> str:
        return (
            f"{self.estimate:.3g} ({self.confidence:.0%} interval {self.low:.3g} to "
            f"{self.high:.3g}, n = {self.n})"
        )


class NPSComparison(NamedTuple):
    """Two groups' NPS compared: ``difference`` is a - b, ``low``/``high`` its interval, and
    ``clear`` whether the interval leaves out 0 (the difference exceeds the uncertainty)."""

    difference: float
    low: float
    high: float
    clear: bool
    method: str


def _z(confidence: Any) -> float:
    level = _real("confidence", confidence)
    if not 0 < level < 1:
        raise MetricError(f"confidence is {_show(confidence)}, not a share between 0 and 1 (0.95)")
    return NormalDist().inv_cdf(0.5 + level / 2)


def share_interval(successes: int, n: int, confidence: float = 0.95) -> Interval:
    """The share ``successes / n`` with its Wilson score interval (Wilson 1927).

    Unlike the textbook ``p ± z·sqrt(p(1-p)/n)``, the Wilson interval stays inside 0..1 and
    keeps a width at 0 or n successes: 0 of 20 gives 0 to 0.161. Use it for a retention
    rate (customers kept of customers at the start) or a repeat-purchase rate.
    """
    k, total = _count("successes", successes), _count("n", n)
    if total == 0:
        raise MetricError("n is 0: a share needs at least one customer")
    if k > total:
        raise MetricError(f"successes ({k}) is larger than n ({total})")
    z = _z(confidence)
    p = k / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    low, high = max(0.0, centre - half), min(1.0, centre + half)
    return Interval(p, float(low), float(high), total, confidence, WILSON)


def _nps_spread(values: pd.Series) -> tuple[float, float]:
    """The adjusted NPS difference (a share, -1..1) and its standard error."""
    n = len(values) + 1.5  # half a respondent added to each of the three groups
    promoters = ((values >= 9).sum() + 0.5) / n
    detractors = ((values <= 6).sum() + 0.5) / n
    difference = promoters - detractors
    return difference, math.sqrt((promoters + detractors - difference**2) / n)


def nps_interval(scores: Any, confidence: float = 0.95) -> Interval:
    """The NPS of ``scores`` (whole numbers 0..10) with an interval for the NPS of the population.

    Method: the NPS is 100 · (p - d), promoters' share minus detractors' share. For one sample
    of n answers, the variance of p - d is (p + d - (p - d)²) / n (the three groups follow a
    multinomial distribution). The interval is the adjusted estimate ± z standard errors,
    where p and d are computed after adding half a respondent to each of the three groups (in
    the spirit of Agresti and Caffo's adjustment for a difference of shares), so a sample of
    only promoters still gets an interval of some width; it is clipped to -100..100.
    ``estimate`` is the plain NPS of the sample, as ``nps`` gives it.
    """
    values = _scores("scores", scores)
    z = _z(confidence)
    centre, se = _nps_spread(values)
    low, high = max(-1.0, centre - z * se), min(1.0, centre + z * se)
    return Interval(
        float(nps(values)), float(100 * low), float(100 * high), len(values), confidence, NPS_METHOD
    )


def nps_by_interval(
    df: pd.DataFrame, by: str | Sequence[str], score: str = "score", confidence: float = 0.95
) -> pd.DataFrame:
    """``nps_by`` with two more columns, ``low`` and ``high``: each group's ``nps_interval``."""
    table = nps_by(df, by, score)
    keys = [by] if isinstance(by, str) else list(by)
    groups = df.groupby(keys if len(keys) > 1 else keys[0], sort=True, observed=True)[score]
    intervals = groups.apply(lambda s: nps_interval(s, confidence)[1:3])
    table["low"] = [low for low, _ in intervals.loc[table.index]]
    table["high"] = [high for _, high in intervals.loc[table.index]]
    return table


def nps_difference(a: Any, b: Any, confidence: float = 0.95) -> NPSComparison:
    """Whether two groups' NPS differ by more than their sampling uncertainty.

    ``a`` and ``b`` are the scores of two independent groups (segments). The interval of
    NPS(a) - NPS(b) is the difference ± z · sqrt(se_a² + se_b²), each standard error as in
    ``nps_interval``; ``clear`` is True when that interval leaves out 0. A difference that is
    not clear is too small, for samples of these sizes, to act on.
    """
    z = _z(confidence)
    va, vb = _scores("a", a), _scores("b", b)
    (ca, sa), (cb, sb) = _nps_spread(va), _nps_spread(vb)
    half = z * math.sqrt(sa**2 + sb**2)
    low, high = 100 * (ca - cb - half), 100 * (ca - cb + half)
    method = f"difference of two NPS; {NPS_METHOD}"
    low, high = float(low), float(high)
    return NPSComparison(float(nps(va) - nps(vb)), low, high, low > 0 or high < 0, method)


# -- cohorts ---------------------------------------------------------------------------------------
def cohort_table(
    orders: pd.DataFrame,
    customer: str = "customer_id",
    date: str = "date",
    period: str = "M",
) -> pd.DataFrame:
    """Share of each first-purchase cohort still buying k periods later.

    Rows are cohorts (a ``PeriodIndex`` named ``cohort``), columns k = 0, 1, 2, ... (named
    ``periods_since_first``), values the share of the cohort's customers with an order in period
    cohort + k (k = 0 is 1.0). Cells after the last period in the data are NaN, not 0.
    ``period`` is a pandas period alias: "M" months, "W" weeks, "Q" quarters.
    """
    _frame("orders", orders, [customer, date])
    raw = orders[date]
    if pd.api.types.is_numeric_dtype(raw) or pd.api.types.is_bool_dtype(raw):
        raise MetricError(f"orders[{date!r}] holds numbers ({raw.dtype}), not dates")
    dates = pd.to_datetime(raw, errors="coerce")
    _reject(f"orders[{date!r}]", raw, dates.isna(), "not a date")
    if dates.dt.tz is not None:
        dates = dates.dt.tz_localize(None)
    try:
        periods = dates.dt.to_period(period)
    except (ValueError, TypeError):
        raise MetricError(
            f"period {period!r} is not a pandas period alias such as 'M', 'W' or 'Q'"
        ) from None
    ordinal = pd.PeriodIndex(periods).asi8
    active = pd.DataFrame({"id": orders[customer].to_numpy(), "ordinal": ordinal})
    active["cohort"] = active.groupby("id")["ordinal"].transform("min")
    active["k"] = active["ordinal"] - active["cohort"]
    active = active[["id", "cohort", "k"]].drop_duplicates()
    counts = active.groupby(["cohort", "k"]).size().unstack(fill_value=0)
    span = int(ordinal.max() - ordinal.min())
    counts = counts.reindex(columns=range(span + 1), fill_value=0)
    table = counts.div(counts[0], axis=0).astype(float)
    unseen = table.index.to_numpy()[:, None] + table.columns.to_numpy()[None, :] > ordinal.max()
    table = table.mask(unseen)
    cohort_of = dict(zip(ordinal, periods, strict=True))
    table.index = pd.PeriodIndex([cohort_of[o] for o in table.index], name="cohort")
    table.columns.name = "periods_since_first"
    return table
