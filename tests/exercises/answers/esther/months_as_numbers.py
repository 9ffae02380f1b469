# The heat map treats the months since the first order as a continuous quantity, not as ordered steps.
# expect: cohort_chart_spec=0
# feedback: ✘ cohort_chart: x encodes 'months_since_first' as quantitative; expected :O (ordinal).
# ruff: noqa
# %% cohort_chart_answer
table = metrics.cohort_table(orders)
cohort_long = (
    table.rename(index=str)
    .stack()
    .dropna()
    .rename("share")
    .reset_index()
    .rename(columns={"periods_since_first": "months_since_first"})
)
cohort_chart = (
    alt.Chart(cohort_long)
    .mark_rect()
    .encode(x="months_since_first:Q", y="cohort:O", color="share:Q")
)
cohort_chart
