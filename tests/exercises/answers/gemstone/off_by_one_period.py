# CLV counts the margin of the period in which the wholesaler is won, one period too many.
# The formula's point is lost once: the table and the chart built on this clv are checked against it.
# expect: clv_formula=0
# feedback: ✘ clv(1000, 0.8, 0.1): got 3666.666666666666: not yet right. Check the formula above term by term.
# ruff: noqa
# %% clv_answer
def clv(margin, retention, discount_rate):
    """The margin-multiple CLV of one customer, counting the first period too."""
    if not 0 <= retention <= 1:
        raise ValueError(f"retention must be a share between 0 and 1, not {retention!r}")
    return margin * (1 + discount_rate) / (1 + discount_rate - retention)
