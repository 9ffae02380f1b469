# Answers Parts A and B only; Parts C and D keep the stub.
# fair: part_a=3, part_b=3, part_c=0, part_d=0
# why: part_c: not attempted
# why: part_d: not attempted
# ruff: noqa
# %% classification_answer
elements = ["convenience_usability", "price"]
categories = ["dedicated_personal_assistance", "automated_services"]
motivations = ["keep", "get"]
# %% nps_answer
def nps(scores):
    """Net Promoter Score: % promoters (9-10) minus % detractors (0-6)."""
    scores = pd.Series(scores, dtype=float)
    if len(scores) == 0:
        raise ValueError("there are no scores")
    share_promoters = (scores >= 9).sum() / len(scores)
    share_detractors = (scores <= 6).sum() / len(scores)
    return (share_promoters - share_detractors) * 100
