# retention is rounded to 2 decimals: the retention points are lost with a message that says it
# looks rounded, and the CLV built on it is checked against this retention, so it keeps its points.
# expect: retention_value=0
# feedback: looks rounded
# ruff: noqa
# %% retention_answer
def retention(orders, first, second):
    """Share of the customers of quarter `first` who bought again in quarter `second`."""
    quarter = orders["date"].dt.to_period("Q")
    before = set(orders.loc[quarter == first, "customer_id"])
    after = set(orders.loc[quarter == second, "customer_id"])
    return round(len(after & before) / len(before), 2)
