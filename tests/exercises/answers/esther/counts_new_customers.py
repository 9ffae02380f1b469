# retention divides E by S without taking out the new customers. The CLV built on it is checked
# against this retention, so the slip costs Part D only.
# expect: retention_value=0, retention_unrounded=0
# ruff: noqa
# %% retention_answer
def retention(orders, first, second):
    """Share of the customers of quarter `first` who bought again in quarter `second`."""
    quarter = orders["date"].dt.to_period("Q")
    before = set(orders.loc[quarter == first, "customer_id"])
    after = set(orders.loc[quarter == second, "customer_id"])
    return len(after) / len(before)
