# retention is rounded to 2 decimals: the method's point (to 2 decimals) stays, the unrounded
# point is lost with a message that says it looks rounded, and the CLV built on this retention is
# checked against it, so it keeps its points.
# expect: retention_unrounded=0
# feedback: looks rounded
# ruff: noqa
# %% retention_answer
def retention(orders, first, second):
    """Share of the customers of quarter `first` who bought again in quarter `second`."""
    quarter = orders["date"].dt.to_period("Q")
    before = set(orders.loc[quarter == first, "customer_id"])
    after = set(orders.loc[quarter == second, "customer_id"])
    return round(len(after & before) / len(before), 2)
