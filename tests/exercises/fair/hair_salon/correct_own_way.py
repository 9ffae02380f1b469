# Correct throughout, written with plain loops and counters instead of groupby, and tuples of keys.
# fair: part_a=3, part_b=3, part_c=3, part_d=2
# ruff: noqa
# %% classification_answer
# early/late slots and one-minute online booking both make the salon easier to use
elements = ("convenience_usability", "price")
# the same stylist every visit is one named person per client, to keep them;
# bring-a-friend with a code the booking system tracks is a referral programme: software, wins the friend
categories = ("dedicated_personal_assistance", "automated_services")
motivations = ("keep", "get")
# %% nps_answer
def nps(scores):
    """Net Promoter Score: % promoters (9-10) minus % detractors (0-6)."""
    values = list(scores)
    if len(values) == 0:
        raise ValueError("there are no scores to compute an NPS from")
    promoters = 0
    detractors = 0
    for value in values:
        if value >= 9:
            promoters += 1
        elif value <= 6:
            detractors += 1
    return 100 * promoters / len(values) - 100 * detractors / len(values)
# %% nps_table_answer
def nps_table(survey):
    """Number of answers and NPS per segment, one row per segment."""
    segments = sorted(set(survey["segment"]))
    counts, scores = [], []
    for seg in segments:
        answers = survey.loc[survey["segment"] == seg, "score"]
        counts.append(len(answers))
        scores.append(nps(answers))
    result = pd.DataFrame({"responses": counts, "nps": scores}, index=segments)
    result.index.name = "segment"
    return result


by_segment = nps_table(survey)
by_segment
# %% nps_chart_answer
def draw_nps(table):
    """A bar per segment showing its NPS."""
    data = table.reset_index()
    return alt.Chart(data, title="NPS per segment").mark_bar().encode(
        x=alt.X("segment:N", title="segment"), y=alt.Y("nps:Q", title="NPS")
    )


nps_chart = draw_nps(by_segment)
nps_chart
