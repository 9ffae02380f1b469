# The chart puts CLV on x and retention on y.
# expect: sensitivity_chart_spec=0
# feedback: ✘ sensitivity_chart: x shows 'clv'; expected the field 'retention'.
# ruff: noqa
# %% sensitivity_answer
def sensitivity_table(scenarios, retentions):
    """CLV of a wholesaler not yet won, per scenario and retention rate."""
    return pd.DataFrame(
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


def draw_sensitivity(sensitivity):
    """A line per scenario."""
    return alt.Chart(sensitivity).mark_line().encode(x="clv:Q", y="retention:Q", color="scenario:N")


sensitivity = sensitivity_table(scenarios, retentions)
sensitivity_chart = draw_sensitivity(sensitivity)
sensitivity_chart
