# The chart puts the contacts on x and colours the bars by segment.
# expect: preferences_chart_spec=0
# feedback: ✘ draw_preferences(another table): x shows 'preferred_contact'; expected the field 'segment'.
# ruff: noqa
# %% preferences_answer
def contact_shares(survey):
    """The share of each contact among each segment's answers."""
    counts = survey.groupby(["segment", "preferred_contact"]).size()
    return (counts / counts.groupby(level="segment").transform("sum")).rename("share").reset_index()


def draw_preferences(preferences):
    """Stacked bars."""
    return (
        alt.Chart(preferences)
        .mark_bar()
        .encode(x="preferred_contact:N", y="share:Q", color="segment:N")
    )


preferences = contact_shares(survey)
preferences_chart = draw_preferences(preferences)
preferences_chart
