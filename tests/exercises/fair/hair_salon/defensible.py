# Reads the professionals' note as accessibility (early and late slots open the salon to people who work all day); otherwise correct, built on metrics.nps and metrics.nps_by as allowed.
# fair: part_a=2.5, part_b=3, part_c=3, part_d=2
# why: part_a: elements: the element both features share is convenience; online booking in a minute does not make the salon available to anyone new, so accessibility fits one feature only (half a point)
# ruff: noqa
# %% classification_answer
elements = ["accessibility", "price"]
categories = ["dedicated_personal_assistance", "automated_services"]
motivations = ["keep", "get"]
# %% nps_answer
def nps(scores):
    """Net Promoter Score: % promoters (9-10) minus % detractors (0-6)."""
    if len(scores) == 0:
        raise ValueError("there are no scores: an NPS needs at least one answer")
    return metrics.nps(scores)
# %% nps_table_answer
def nps_table(survey):
    """Number of answers and NPS per segment, one row per segment."""
    return metrics.nps_by(survey, "segment")[["responses", "nps"]]


by_segment = nps_table(survey)
by_segment
# %% nps_chart_answer
def draw_nps(table):
    """A bar per segment showing its NPS."""
    long = table.reset_index()
    return alt.Chart(long).mark_bar(color="teal").encode(
        alt.X("segment", type="nominal", sort="-y"), alt.Y("nps", type="quantitative")
    )


nps_chart = draw_nps(by_segment)
nps_chart
