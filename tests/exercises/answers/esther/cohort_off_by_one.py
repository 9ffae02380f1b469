# still_buying counts the first month as month 1, so every share is one month early.
# expect: still_buying_value=0, still_buying_unrounded=0
# feedback: ✘ still_buying(orders, "2024-01", 3): got
# ruff: noqa
# %% still_buying_answer
def still_buying(orders, cohort, k):
    """Share of the cohort with an order k months after their first month."""
    month = orders["date"].dt.to_period("M")
    first = month.groupby(orders["customer_id"]).transform("min")
    members = set(orders.loc[first == cohort, "customer_id"])
    target = pd.Period(cohort, "M") + k - 1
    active = set(orders.loc[(first == cohort) & (month == target), "customer_id"])
    return len(active) / len(members)
