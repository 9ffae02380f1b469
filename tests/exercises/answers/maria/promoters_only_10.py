# Promoters counted as scores above 9, so a 9 is lost: every NPS is off by the nines.
# expect: summary_nps=0, summary_other_data=0
# feedback: ✘ summary_table['nps']: not yet right. Promoters score 9-10, detractors 0-6; work in percent.
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
    )


summary_table = segment_summary(survey)
summary_table
