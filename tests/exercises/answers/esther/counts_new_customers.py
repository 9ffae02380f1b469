# retention divides E by S without taking out the new customers; the CLV built on it is wrong too.
# expect: retention_value=0, retention_other_data=0, clv_value=0, clv_other_data=0
# ruff: noqa
# %% retention_answer
def retention(orders, first, second):
    """Customers of quarter `second` per customer of quarter `first`."""
    quarter = orders["date"].dt.to_period("Q")
    before = orders.loc[quarter == first, "customer_id"].nunique()
    after = orders.loc[quarter == second, "customer_id"].nunique()
    return after / before
