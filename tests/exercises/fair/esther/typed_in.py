# Types in what a first run printed: the new products, both rates, retention, the cohort share and the CLV are literals; the long table is real, but the heat map draws Esther's table whatever table it is given.
# fair: part_a=1, part_b=2, part_c=0, part_d=0, part_e=0, part_f=0, part_g=2
# why: part_a: new_products returns Esther's four products typed in, for any orders
# why: part_c: repeat_rate and aov return Esther's figures typed in, for any orders
# why: part_d: retention returns Esther's 2024Q4-2025Q1 rate typed in, for any quarters and orders
# why: part_e: still_buying returns the January cohort's share typed in (1.0 for k = 0), for any cohort and orders
# why: part_f: quarter_clv returns Esther's figure typed in, and clv_q1 is that literal, not computed
# why: part_g: draw_cohorts draws cohort_long_table(orders) of the global orders, not the table it is given (the data point); the long table and the encodings are right
# ruff: noqa
# %% new_lines_answer
def new_products(orders):
    """Products first sold after the first month of the data, in order of first sale."""
    return ["Pumpkin jam, cinnamon", "Pumpkin jam, lemon", "Pumpkin juice", "Pumpkin wine"]


line_strategy = {
    "Pumpkin jam, cinnamon": "extension",
    "Pumpkin jam, lemon": "extension",
    "Pumpkin juice": "diversification",
    "Pumpkin wine": "diversification",
}
new_products(orders)
# %% testing_days_answer
testing_days = {"category": "co_creation", "phase": "evaluation"}
# %% order_metrics_answer
def repeat_rate(orders):
    """Share of customers with two or more orders."""
    return 0.8661087866108786


def aov(orders):
    """Average order value: revenue per order."""
    return 7.013558243157224
# %% retention_answer
def retention(orders, first, second):
    """Share of the customers of quarter `first` who bought again in quarter `second`."""
    return 0.7763157894736842
# %% still_buying_answer
def still_buying(orders, cohort, k):
    """Share of cohort `cohort` with an order k months after their first month."""
    if k == 0:
        return 1.0
    return 0.5679012345679012
# %% clv_answer
def quarter_clv(orders, first, second, gross_margin, discount_rate):
    """Margin-multiple CLV from one quarter's margin per customer and quarterly retention."""
    return 30.02746837395865


clv_q1 = 30.02746837395865
clv_q1
# %% cohort_chart_answer
def cohort_long_table(orders):
    """The cohort table as one row per cohort and month with a value."""
    long = metrics.cohort_table(orders).stack().reset_index(name="share")
    long = long.rename(columns={"periods_since_first": "months_since_first"})
    long["cohort"] = long["cohort"].astype(str)
    return long.dropna()


def draw_cohorts(cohort_long):
    """A heat map: a row per cohort, a column per month since the first order."""
    return alt.Chart(cohort_long_table(orders)).mark_rect().encode(
        x="months_since_first:O", y="cohort:O", color="share:Q"
    )


cohort_long = cohort_long_table(orders)
cohort_chart = draw_cohorts(cohort_long)
cohort_chart
