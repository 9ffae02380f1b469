# Promoters counted as scores above 9, so a 9 is lost: every NPS is off by the nines, and only
# the nps point is lost.
# expect: summary_nps=0
# feedback: ✘ summary_table['nps']
# ruff: noqa
# %% segment_summary_answer
def segment_summary(survey):
    """Answers, NPS and most requested contact per segment."""
    groups = survey.groupby("segment")
    promoters = groups["score"].apply(lambda s: (s > 9).mean())
    detractors = groups["score"].apply(lambda s: (s <= 6).mean())
    top = groups["preferred_contact"].agg(lambda c: c.value_counts().sort_index().idxmax())
    return pd.DataFrame(
        {"responses": groups.size(), "nps": 100 * (promoters - detractors), "top_contact": top}
    ).sort_index()


summary_table = segment_summary(survey)
summary_table
