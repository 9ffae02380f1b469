# The table keeps only segments with a positive score, so the students disappear; the rows it
# keeps are right, so only the rows' point is lost.
# expect: nps_table_rows=0
# feedback: ✘ by_segment['responses']: expected a dict of 2 item(s), got a dict of 1 item(s) {'professionals': 84}.
# ruff: noqa
# %% nps_table_answer
def nps_table(survey):
    """Number of answers and NPS per segment."""
    groups = survey.groupby("segment")["score"]
    table = pd.DataFrame({"responses": groups.size(), "nps": groups.apply(nps)}).sort_index()
    return table[table["nps"] > 0]


by_segment = nps_table(survey)
by_segment
