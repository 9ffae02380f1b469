# The bars show the number of responses instead of the NPS.
# expect: nps_chart_spec=0
# feedback: ✘ draw_nps(another table): y shows 'responses'; expected the field 'nps'.
# ruff: noqa
# %% nps_chart_answer
def draw_nps(table):
    """A bar per segment."""
    return alt.Chart(table.reset_index()).mark_bar().encode(x="segment:N", y="responses:Q")


nps_chart = draw_nps(by_segment)
nps_chart
