# Counts scores of 8 as promoters: every NPS is off, while the response counts and the chart's spec stay right.
# expect: nps_example=0, nps_survey=0, nps_empty_and_other_data=0, nps_table_values=0, nps_table_other_data=0, nps_chart_data=0
# feedback: ✘ nps([10, 9, 8, 7, 6]): not yet right. Promoters score 9-10, detractors 0-6; work in percent.
# ruff: noqa
# %% nps_answer
def nps(scores):
    """Net Promoter Score: % promoters minus % detractors."""
    scores = pd.Series(scores, dtype=float)
    if scores.empty:
        raise ValueError("there are no scores")
    return float(100 * ((scores >= 8).mean() - (scores <= 6).mean()))
