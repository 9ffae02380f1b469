# Only the last scenario of the dict is in the sensitivity table; the chart draws what it is given.
# expect: sensitivity_table_values=0
# feedback: ✘ sensitivity_table(other scenarios, other rates): its (scenario, retention) rows has 4 item(s), not 12.
# ruff: noqa
# %% sensitivity_answer
def sensitivity_table(scenarios, retentions):
    """CLV of a wholesaler not yet won, per retention rate."""
    name, s = list(scenarios.items())[-1]
    return pd.DataFrame(
        {
            "scenario": name,
            "retention": list(retentions),
            "clv": [clv(s["margin"], r, s["discount_rate"]) - s["acquisition_cost"] for r in retentions],
        }
    )


def draw_sensitivity(sensitivity):
    """A line per scenario."""
    return alt.Chart(sensitivity).mark_line().encode(x="retention:Q", y="clv:Q", color="scenario:N")


sensitivity = sensitivity_table(scenarios, retentions)
sensitivity_chart = draw_sensitivity(sensitivity)
sensitivity_chart
