# scenario_table returns the two strategies' figures typed in, so other scenarios get them too, and
# table holds those typed figures, not what clv gives for the dealer's scenarios.
# expect: scenario_table_clv=0, scenario_table_ratio=0, table_for_the_dealer=0
# feedback: ✘ scenario_table(other scenarios).index has 2 item(s), not 3.
# ruff: noqa
# %% scenario_table_answer
def scenario_table(scenarios):
    """CLV and CLV:CAC of each scenario, one row per scenario."""
    return pd.DataFrame(
        {"clv": [1800.0, 8000.0], "clv_to_cac": [2.0, 3.2]}, index=["cheaper", "polished"]
    )


table = scenario_table(scenarios)
