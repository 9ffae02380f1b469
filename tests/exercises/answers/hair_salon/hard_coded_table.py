# nps_table returns the salon's figures typed in from a calculator, whatever the survey.
# Its index has no name either, so the chart finds no segment column to draw.
# expect: nps_table_values=0, nps_table_other_data=0, nps_chart_data=0
# feedback: ✘ by_segment: name the index 'segment' (it is None), so the chart can use it.
# ruff: noqa
# %% nps_table_answer
def nps_table(survey):
    """Number of answers and NPS per segment."""
    return pd.DataFrame(
        {"responses": [84, 66], "nps": [21.43, -16.67]}, index=["professionals", "students"]
    )


by_segment = nps_table(survey)
by_segment
