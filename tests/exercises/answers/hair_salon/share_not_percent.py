# nps returns a share (0.2) instead of a percentage (20): the message names the slip, and the
# table built on this nps is checked against it, so the slip costs the formula's point only.
# expect: nps_formula=0
# feedback: 100 times too small
# ruff: noqa
# %% nps_answer
def nps(scores):
    """Net Promoter Score as a share."""
    scores = list(scores)
    if not scores:
        raise ValueError("there are no scores")
    return (sum(s >= 9 for s in scores) - sum(s <= 6 for s in scores)) / len(scores)
