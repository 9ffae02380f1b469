# Correct throughout, written with sets of customers, periods and loops rather than the package's helpers.
# fair: part_a=2, part_b=2, part_c=2, part_d=2, part_e=2, part_f=2, part_g=3
# ruff: noqa
# %% new_lines_answer
def new_products(orders):
    """Products first sold after the first month of the data, in order of first sale."""
    first_month = orders["date"].min().to_period("M")
    firsts = orders.sort_values("date", kind="stable").drop_duplicates("product")
    later = firsts[firsts["date"].dt.to_period("M") > first_month]
    return list(later["product"])


line_strategy = {
    "Pumpkin jam, cinnamon": "extension",
    "Pumpkin jam, lemon": "extension",
    "Pumpkin juice": "diversification",
    "Pumpkin wine": "diversification",
}
new_products(orders)
# %% testing_days_answer
# customers taste and give feedback on products before launch: they help create the value
testing_days = {"category": "co_creation", "phase": "evaluation"}
# %% order_metrics_answer
def repeat_rate(orders):
    """Share of customers with two or more orders."""
    per_customer = orders.groupby("customer_id").size()
    return float((per_customer >= 2).sum() / len(per_customer))


def aov(orders):
    """Average order value: revenue per order."""
    return float(orders["revenue"].sum() / len(orders))
# %% retention_answer
def retention(orders, first, second):
    """Share of the customers of quarter `first` who bought again in quarter `second`."""
    quarter = orders["date"].dt.to_period("Q")
    start = set(orders.loc[quarter == first, "customer_id"])
    end = set(orders.loc[quarter == second, "customer_id"])
    new = end - start
    return (len(end) - len(new)) / len(start)
# %% still_buying_answer
def still_buying(orders, cohort, k):
    """Share of cohort `cohort` with an order k months after their first month."""
    month = orders["date"].dt.to_period("M")
    first = month.groupby(orders["customer_id"]).min()
    members = set(first[first == pd.Period(cohort, "M")].index)
    target = pd.Period(cohort, "M") + k
    buyers = set(orders.loc[month == target, "customer_id"])
    return len(members & buyers) / len(members)
# %% clv_answer
def quarter_clv(orders, first, second, gross_margin, discount_rate):
    """Margin-multiple CLV from one quarter's margin per customer and quarterly retention."""
    in_second = orders[orders["date"].dt.to_period("Q") == second]
    margin = gross_margin * in_second["revenue"].sum() / in_second["customer_id"].nunique()
    r = retention(orders, first, second)
    return margin * r / (1 + discount_rate - r)


clv_q1 = quarter_clv(
    orders,
    "2024Q4",
    "2025Q1",
    cases.ESTHER_ASSUMPTIONS.gross_margin,
    cases.ESTHER_ASSUMPTIONS.discount_rate,
)
clv_q1
# %% cohort_chart_answer
def cohort_long_table(orders):
    """The cohort table as one row per cohort and month with a value."""
    wide = metrics.cohort_table(orders)
    rows = []
    for cohort, values in wide.iterrows():
        for months, share in values.items():
            if pd.notna(share):
                rows.append({"cohort": str(cohort), "months_since_first": int(months), "share": share})
    return pd.DataFrame(rows)


def draw_cohorts(cohort_long):
    """A heat map: a row per cohort, a column per month since the first order."""
    return (
        alt.Chart(cohort_long)
        .mark_rect()
        .encode(
            x=alt.X("months_since_first:O", title="months since first order"),
            y=alt.Y("cohort:O"),
            color=alt.Color("share:Q", scale=alt.Scale(scheme="blues")),
        )
    )


cohort_long = cohort_long_table(orders)
cohort_chart = draw_cohorts(cohort_long)
cohort_chart
