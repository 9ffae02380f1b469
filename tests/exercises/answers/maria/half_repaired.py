# The repair gives the men their relationship but leaves the after-sales and revenue gaps open.
# expect: fixed_has_no_gaps=0
# feedback: ✘ fixed still has gaps:
# ruff: noqa
# %% gaps_answer
gaps = {(f.segment, f.code) for f in check_threads(broken)}
fixed = Canvas.from_dict(broken.to_dict())
fixed.add(
    "customer_relationships",
    "Short how-to videos and a grooming FAQ",
    segments=["men"],
    category="self_service",
    motivation="keep",
)
