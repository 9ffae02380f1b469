# Answers Parts A and C only; Parts B and D keep the stub.
# fair: part_a=3, part_b=0, part_c=2, part_d=0
# why: part_b: not attempted
# why: part_d: not attempted
# ruff: noqa
# %% clv_answer
def clv(margin, retention, discount_rate):
    """The margin-multiple CLV of one customer: margin * r / (1 + d - r)."""
    if retention > 1 or retention < 0:
        raise ValueError("retention must be a share between 0 and 1")
    return margin * retention / (1 + discount_rate - retention)
# %% relationships_answer
categories = ["self_service", "self_service", "self_service",
              "dedicated_personal_assistance", "dedicated_personal_assistance", "dedicated_personal_assistance"]
motivations = ["get", "keep", "grow", "get", "keep", "grow"]
