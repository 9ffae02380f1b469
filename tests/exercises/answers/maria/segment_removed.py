# The repair deletes the men's segment instead of giving it a relationship: no gaps, but a
# segment lost, and the men get no relationship from the plan.
# expect: fixed_repairs_broken=0, fixed_follows_the_plan=0
# feedback: ✘ fixed: keep every segment of broken; mend the threads instead of removing segments.
# ruff: noqa
# %% gaps_answer
def find_gaps(canvas):
    """The (segment, code) pairs of the thread check's findings."""
    return [(f.segment, f.code) for f in check_threads(canvas)]


gaps = find_gaps(broken)
fixed = Canvas.from_dict(broken.to_dict())
fixed.remove("men")
fixed.add("channels", "Returns and help by chat and email", phases=["after_sales"])
fixed.add("revenue_streams", "Skin-care sets and paid consultations", segments=["adult-women"])
