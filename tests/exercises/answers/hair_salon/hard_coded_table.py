# nps_table returns the salon's figures typed in from a calculator, whatever the survey.
# expect: nps_table_rows=0, nps_table_responses=0, nps_table_nps=0
# feedback: ✘ nps_table(another survey).index has 2 item(s), not 3.
# ruff: noqa
# %% nps_table_answer
def nps_table(survey):
    """Number of answers and NPS per segment."""
    return pd.DataFrame(
        {"responses": [84, 66], "nps": [21.43, -16.67]}, index=["professionals", "students"]
    )


by_segment = nps_table(survey)
by_segment
