# The repair deletes the men's segment instead of giving it a relationship: no gaps, but a segment lost.
# expect: fixed_keeps_the_canvas=0
# feedback: ✘ fixed: keep every segment of broken; mend the threads instead of removing segments.
# ruff: noqa
# %% gaps_answer
gaps = {(f.segment, f.code) for f in check_threads(broken)}
fixed = Canvas.from_dict(broken.to_dict())
fixed.remove("men")
fixed.add("channels", "Returns and help by chat and email", phases=["after_sales"])
fixed.add("revenue_streams", "Skin-care sets and paid consultations", segments=["adult-women"])
