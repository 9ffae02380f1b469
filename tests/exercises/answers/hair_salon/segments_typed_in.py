# nps_table loops over the two segment ids typed in, so a survey with a third segment loses it;
# the two rows it gives are right, so only the rows' point is lost.
# expect: nps_table_rows=0
# ruff: noqa
# %% nps_table_answer
def nps_table(survey):
    """Number of answers and NPS per segment."""
    rows = {}
    for segment in ["professionals", "students"]:
        scores = survey.loc[survey["segment"] == segment, "score"]
        rows[segment] = {"responses": len(scores), "nps": nps(scores)}
    return pd.DataFrame(rows).T.rename_axis("segment")


by_segment = nps_table(survey)
by_segment
