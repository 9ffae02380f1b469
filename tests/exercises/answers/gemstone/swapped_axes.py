# The chart puts CLV on x and retention on y.
# expect: sensitivity_chart_spec=0
# feedback: ✘ sensitivity_chart: x shows 'clv'; expected the field 'retention'.
# ruff: noqa
# %% sensitivity_answer
sensitivity = pd.DataFrame(
    [
        {
            "scenario": name,
            "retention": r,
            "clv": clv(s["margin"], r, s["discount_rate"]) - s["acquisition_cost"],
        }
        for name, s in scenarios.items()
        for r in retentions
    ]
)
sensitivity_chart = (
    alt.Chart(sensitivity).mark_line().encode(x="clv:Q", y="retention:Q", color="scenario:N")
)
sensitivity_chart
