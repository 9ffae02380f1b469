# Correct except one slip: nps returns a share (0.25) instead of a percentage (+25); the table and the chart use that nps faithfully.
# fair: part_a=3, part_b=2, part_c=3, part_d=2
# why: part_b: the NPS is a share, not the percentage the text asks for (the formula point); it still treats lists and Series alike and refuses no scores
# ruff: noqa
# %% classification_answer
elements = ["convenience_usability", "price"]
categories = ["dedicated_personal_assistance", "automated_services"]
motivations = ["keep", "get"]
# %% nps_answer
def nps(scores):
    """Net Promoter Score: % promoters (9-10) minus % detractors (0-6)."""
    s = pd.Series(scores)
    if s.empty:
        raise ValueError("there are no scores")
    return float((s >= 9).mean() - (s <= 6).mean())
# %% nps_table_answer
def nps_table(survey):
    """Number of answers and NPS per segment, one row per segment."""
    grouped = survey.groupby("segment")["score"]
    return pd.DataFrame({"responses": grouped.size(), "nps": grouped.apply(nps)})


by_segment = nps_table(survey)
by_segment
# %% nps_chart_answer
def draw_nps(table):
    """A bar per segment showing its NPS."""
    return alt.Chart(table.reset_index()).mark_bar().encode(x="segment:N", y="nps:Q")


nps_chart = draw_nps(by_segment)
nps_chart
