# The bars show the number of responses instead of the NPS.
# expect: nps_chart_spec=0
# feedback: ✘ nps_chart: y shows 'responses'; expected the field 'nps'.
# ruff: noqa
# %% nps_chart_answer
nps_chart = alt.Chart(by_segment.reset_index()).mark_bar().encode(x="segment:N", y="responses:Q")
nps_chart
