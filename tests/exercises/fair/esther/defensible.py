# Calls the first jam diversification (a new kind of product for the store), which the task accepts; otherwise correct, built on the package's helpers wherever a part allows them.
# fair: part_a=2, part_b=2, part_c=2, part_d=2, part_e=2, part_f=2, part_g=3
# ruff: noqa
# %% new_lines_answer
def new_products(orders):
    """Products first sold after the first month of the data, in order of first sale."""
    first_month = orders["date"].dt.to_period("M").min()
    found, launched = [], set()
    for _, row in orders.sort_values("date", kind="stable").iterrows():
        product = row["product"]
        if product in launched:
            continue
        launched.add(product)
        if row["date"].to_period("M") > first_month:
            found.append(product)
    return tuple(found)


# Jam was new to the store (it sold fresh pumpkin, soup and seeds); the second flavour extends it.
line_strategy = {
    "Pumpkin jam, cinnamon": "diversification",
    "Pumpkin jam, lemon": "extension",
    "Pumpkin juice": "diversification",
    "Pumpkin wine": "diversification",
}
new_products(orders)
# %% testing_days_answer
testing_days = dict(category="co_creation", phase="evaluation")
# %% order_metrics_answer
def repeat_rate(orders):
    """Share of customers with two or more orders."""
    return metrics.repeat_purchase_rate(orders)


def aov(orders):
    """Average order value: revenue per order."""
    return metrics.average_order_value(orders)
# %% retention_answer
def retention(orders, first, second):
    """Share of the customers of quarter `first` who bought again in quarter `second`."""
    quarters = orders["date"].dt.to_period("Q")
    before = set(orders["customer_id"][quarters == first])
    after = set(orders["customer_id"][quarters == second])
    return metrics.retention_rate(len(before), len(after), len(after - before))
# %% still_buying_answer
def still_buying(orders, cohort, k):
    """Share of cohort `cohort` with an order k months after their first month."""
    table = metrics.cohort_table(orders)
    return float(table.loc[pd.Period(cohort, "M"), k])
# %% clv_answer
def quarter_clv(orders, first, second, gross_margin, discount_rate):
    """Margin-multiple CLV from one quarter's margin per customer and quarterly retention."""
    mask = orders["date"].dt.to_period("Q") == second
    per_customer = orders.loc[mask].groupby("customer_id")["revenue"].sum().mean()
    return metrics.margin_multiple_clv(
        gross_margin * per_customer, retention(orders, first, second), discount_rate
    )


clv_q1 = quarter_clv(orders, "2024Q4", "2025Q1", **{
    "gross_margin": cases.ESTHER_ASSUMPTIONS.gross_margin,
    "discount_rate": cases.ESTHER_ASSUMPTIONS.discount_rate,
})
clv_q1
# %% cohort_chart_answer
def cohort_long_table(orders):
    """The cohort table as one row per cohort and month with a value."""
    wide = metrics.cohort_table(orders)
    wide.index = wide.index.astype(str)
    long = wide.reset_index().melt(id_vars="cohort", var_name="months_since_first", value_name="share")
    long = long.dropna(subset=["share"])
    long["months_since_first"] = long["months_since_first"].astype(int)
    return long.reset_index(drop=True)


def draw_cohorts(cohort_long):
    """A heat map: a row per cohort, a column per month since the first order."""
    return alt.Chart(cohort_long, width=500).mark_rect().encode(
        alt.X("months_since_first", type="ordinal"),
        alt.Y("cohort", type="ordinal"),
        alt.Color("share", type="quantitative"),
        tooltip=["cohort", "months_since_first", alt.Tooltip("share", format=".0%")],
    )


cohort_long = cohort_long_table(orders)
cohort_chart = draw_cohorts(cohort_long)
cohort_chart
