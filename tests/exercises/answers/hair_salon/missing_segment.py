# The table keeps only segments with a positive score, so the students disappear.
# expect: nps_table_values=0, nps_table_responses=0, nps_table_other_data=0, nps_chart_data=0
# feedback: ✘ by_segment: index it by segment id, one row per segment, sorted: ['professionals', 'students']; got ['professionals'].
# ruff: noqa
# %% nps_table_answer
def nps_table(survey):
    """Number of answers and NPS per segment, for the segments that recommend us."""
    groups = survey.groupby("segment")["score"]
    table = pd.DataFrame({"responses": groups.size(), "nps": groups.apply(nps)})
    return table[table["nps"] > 0]


by_segment = nps_table(survey)
by_segment
