# The heat map treats the months since the first order as a continuous quantity, not as ordered steps.
# expect: cohort_chart_spec=0
# feedback: ✘ draw_cohorts(another table): x encodes 'months_since_first' as quantitative; expected :O (ordinal).
# ruff: noqa
# %% cohort_chart_answer
def cohort_long_table(orders):
    """The cohort table as one row per cohort and month with a value."""
    return (
        metrics.cohort_table(orders)
        .rename(index=str)
        .stack()
        .dropna()
        .rename("share")
        .reset_index()
        .rename(columns={"periods_since_first": "months_since_first"})
    )


def draw_cohorts(cohort_long):
    """A heat map."""
    return (
        alt.Chart(cohort_long)
        .mark_rect()
        .encode(x="months_since_first:Q", y="cohort:O", color="share:Q")
    )


cohort_long = cohort_long_table(orders)
cohort_chart = draw_cohorts(cohort_long)
cohort_chart
