# CLV counts the margin of the period in which the wholesaler is won, one period too many;
# every figure built on clv is then wrong, while the relationships and the chart's spec stay right.
# expect: clv_example=0, clv_formula=0, scenario_table_clv=0, scenario_table_ratio=0, scenario_table_other_scenarios=0, sensitivity_data=0, sensitivity_chart_data=0
# feedback: ✘ clv(1000, 0.8, 0.1): not yet right. Check the formula above term by term.
# ruff: noqa
# %% clv_answer
def clv(margin, retention, discount_rate):
    """The margin-multiple CLV of one customer, counting the first period too."""
    if not 0 <= retention <= 1:
        raise ValueError(f"retention must be a share between 0 and 1, not {retention!r}")
    return margin * (1 + discount_rate) / (1 + discount_rate - retention)
