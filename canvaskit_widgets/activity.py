"""Customer counts per period from order data: the S, E and N of the retention formula."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import metrics

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["grow_measures", "period_counts"]


def _periods(
    orders: pd.DataFrame, months: int, columns: list[str], date: str
) -> tuple[pd.Series, int]:
    """Each order's period (0, 1, ... of ``months`` months from the month of the first order),
    and that first month as ``year * 12 + month - 1``, after checking the arguments."""
    import pandas as pd

    if isinstance(months, bool) or not isinstance(months, int) or months < 1:
        raise metrics.MetricError(f"months must be a whole number of at least 1, not {months!r}")
    metrics._frame("orders", orders, columns)
    when = pd.to_datetime(orders[date], errors="coerce")
    if when.isna().any():
        raise metrics.MetricError(f"orders[{date!r}] has values that are not dates")
    month = when.dt.year * 12 + when.dt.month - 1
    first = int(month.min())
    return (month - first) // months, first


def _label(month: int) -> str:
    """A period's label, its first month as ``YYYY-MM``."""
    return f"{month // 12}-{month % 12 + 1:02d}"


def period_counts(
    orders: pd.DataFrame,
    months: int = 3,
    customer: str = "customer_id",
    date: str = "date",
) -> pd.DataFrame:
    """Active customers per period of ``months`` months, and the retention from one to the next.

    A customer is *active* in a period when they ordered in it; periods start at the month of
    the first order. Each row (from the second period on, indexed by the period's first month)
    gives ``start`` (S, active in the previous period), ``end`` (E, active in this one), ``new``
    (N, active in this one but not in the previous: newcomers and customers coming back), then
    ``retention`` = (E - N) / S from ``metrics.retention_rate`` and ``churn`` = 1 - retention.
    The last period may be cut short by the end of the data: compare like with like.
    """
    import pandas as pd

    period, first = _periods(orders, months, [customer, date], date)
    active = pd.DataFrame({"id": orders[customer].to_numpy(), "period": period.to_numpy()})
    members = active.drop_duplicates().groupby("period")["id"].apply(set)
    rows = []
    for p in range(1, int(period.max()) + 1):
        before, now = members.get(p - 1, set()), members.get(p, set())
        start, end, new = len(before), len(now), len(now - before)
        retention = metrics.retention_rate(start, end, new) if start else float("nan")
        rows.append(
            {
                "period": _label(first + p * months),
                "start": start,
                "end": end,
                "new": new,
                "retention": retention,
                "churn": 1.0 - retention,
            }
        )
    if not rows:
        raise metrics.MetricError(
            f"the orders span a single period of {months} month(s); retention needs two"
        )
    return pd.DataFrame(rows).set_index("period")


def grow_measures(
    orders: pd.DataFrame,
    months: int = 3,
    customer: str = "customer_id",
    date: str = "date",
    revenue: str = "revenue",
    category: str = "product",
) -> pd.DataFrame:
    """What *grow* is measured by, per period of ``months`` months: are customers buying more?

    Each row (indexed by the period's first month, like ``period_counts``) gives ``customers``
    (active in the period), ``average_order_value`` (revenue / orders), ``orders_per_customer``
    (orders / active customers) and ``cross_category_share`` (the share of active customers who
    bought from more than one ``category``). Repeat purchases measure *keep*, not grow.
    """
    import pandas as pd

    period, first = _periods(orders, months, [customer, date, revenue, category], date)
    period = (first + period * months).map(_label).rename("period")
    frame = orders.assign(period=period)
    groups = frame.groupby("period")
    kinds = frame.groupby(["period", customer])[category].nunique()
    return pd.DataFrame(
        {
            "customers": groups[customer].nunique(),
            "average_order_value": groups[revenue].sum() / groups.size(),
            "orders_per_customer": groups.size() / groups[customer].nunique(),
            "cross_category_share": (kinds > 1).groupby(level="period").mean(),
        }
    )
