# Answers Parts A and B only; Parts C, D and E keep the stub.
# fair: part_a=1, part_b=3, part_c=0, part_d=0, part_e=0
# why: part_c: not attempted
# why: part_d: not attempted
# why: part_e: not attempted
# ruff: noqa
# %% contact_category_answer
contact_category = {
    "social media group": "communities",
    "chat with a beautician": "personal_assistance",
    "how-to guides and FAQ": "self_service",
    "automatic reorder reminders": "automated_services",
}
# %% segment_summary_answer
def segment_summary(survey):
    """Answers, NPS and most requested contact per segment."""
    def top(contacts):
        counts = contacts.value_counts()
        tied = counts[counts == counts.max()].index
        return min(tied)

    grouped = survey.groupby("segment")
    return pd.DataFrame(
        {
            "responses": grouped["score"].count(),
            "nps": grouped["score"].agg(lambda s: ((s >= 9).sum() - (s <= 6).sum()) / len(s) * 100),
            "top_contact": grouped["preferred_contact"].agg(top),
        }
    )


summary_table = segment_summary(survey)
summary_table
