# Only the polished strategy is in the sensitivity table and its chart.
# expect: sensitivity_data=0, sensitivity_chart_data=0
# feedback: ✘ sensitivity: expected 20 rows (each scenario at each retention rate), got 10.
# ruff: noqa
# %% sensitivity_answer
polished = scenarios["polished"]
sensitivity = pd.DataFrame(
    {
        "scenario": "polished",
        "retention": retentions,
        "clv": [
            clv(polished["margin"], r, polished["discount_rate"]) - polished["acquisition_cost"]
            for r in retentions
        ],
    }
)
sensitivity_chart = (
    alt.Chart(sensitivity).mark_line().encode(x="retention:Q", y="clv:Q", color="scenario:N")
)
sensitivity_chart
