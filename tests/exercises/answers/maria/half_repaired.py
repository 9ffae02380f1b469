# The repair gives the men their relationship but leaves the after-sales and revenue gaps open.
# find_gaps returns a list of the pairs, which is accepted.
# expect: fixed_repairs_broken=0
# feedback: ✘ fixed still has gaps:
# ruff: noqa
# %% gaps_answer
def find_gaps(canvas):
    """The (segment, code) pairs of the thread check's findings."""
    return [(f.segment, f.code) for f in check_threads(canvas)]


gaps = find_gaps(broken)
fixed = Canvas.from_dict(broken.to_dict())
fixed.add(
    "customer_relationships",
    "Short how-to videos and a grooming FAQ",
    segments=["men"],
    category="self_service",
    motivation="keep",
)
