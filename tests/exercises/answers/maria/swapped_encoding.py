# The chart puts the contacts on x and colours the bars by segment.
# expect: preferences_chart_spec=0
# feedback: ✘ preferences_chart: x shows 'preferred_contact'; expected the field 'segment'.
# ruff: noqa
# %% preferences_answer
counts = survey.groupby(["segment", "preferred_contact"]).size()
preferences = (
    (counts / counts.groupby(level="segment").transform("sum")).rename("share").reset_index()
)
preferences_chart = (
    alt.Chart(preferences)
    .mark_bar()
    .encode(x="preferred_contact:N", y="share:Q", color="segment:N")
)
preferences_chart
