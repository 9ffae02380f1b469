# Counts scores of 8 as promoters: the formula's point is lost once; the table built on this nps
# is checked against it, and a list and a Series still give the same score.
# expect: nps_formula=0
# feedback: ✘ nps([10, 9, 8, 7, 6]): got 40.0: not yet right. Promoters score 9-10, detractors 0-6; work in percent.
# ruff: noqa
# %% nps_answer
def nps(scores):
    """Net Promoter Score: % promoters minus % detractors."""
    scores = pd.Series(scores, dtype=float)
    if scores.empty:
        raise ValueError("there are no scores")
    return float(100 * ((scores >= 8).mean() - (scores <= 6).mean()))
