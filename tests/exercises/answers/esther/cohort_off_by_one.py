# still_buying counts the first month as month 1, so every share is one month early.
# expect: still_buying_value=0, still_buying_other_data=0
# feedback: ✘ still_buying(orders, "2024-01", 3): not yet right. Three months after January is April; count each customer once.
# ruff: noqa
# %% still_buying_answer
def still_buying(orders, cohort, k):
    """Share of cohort `cohort` with an order in its k-th month."""
    month = orders["date"].dt.to_period("M")
    first = month.groupby(orders["customer_id"]).transform("min")
    members = set(orders.loc[first == cohort, "customer_id"])
    target = pd.Period(cohort, "M") + k - 1
    active = set(orders.loc[(first == cohort) & (month == target), "customer_id"])
    return len(active) / len(members)
