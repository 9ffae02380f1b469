# clv computes the formula but accepts a retention of 1.5 or 80 without complaint, so it raises
# no error whose message could be checked either.
# expect: clv_rejects_bad_retention=0, clv_error_message=0
# feedback: ✘ clv(1000, 1.5, 0.1) should raise ValueError: 1.5 is not a share.
# ruff: noqa
# %% clv_answer
def clv(margin, retention, discount_rate):
    """The margin-multiple CLV of one customer."""
    return margin * retention / (1 + discount_rate - retention)
