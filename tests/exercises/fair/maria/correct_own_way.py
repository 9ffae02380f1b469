# Correct throughout, written with a loop per segment, explicit tie-breaking by sorting, iterrows and a set comprehension.
# fair: part_a=1, part_b=3, part_c=3, part_d=2, part_e=3
# ruff: noqa
# %% contact_category_answer
contact_category = {
    "automatic reorder reminders": "automated_services",
    "chat with a beautician": "personal_assistance",
    "how-to guides and FAQ": "self_service",
    "social media group": "communities",
}
# %% segment_summary_answer
def segment_summary(survey):
    """Answers, NPS and most requested contact per segment."""
    rows = {}
    for seg in sorted(survey["segment"].unique()):
        part = survey[survey["segment"] == seg]
        n = len(part)
        promoters = (part["score"] >= 9).sum()
        detractors = (part["score"] <= 6).sum()
        counts = part["preferred_contact"].value_counts()
        best = counts.max()
        top = sorted(c for c, k in counts.items() if k == best)[0]
        rows[seg] = {"responses": n, "nps": 100 * (promoters - detractors) / n, "top_contact": top}
    return pd.DataFrame.from_dict(rows, orient="index")


summary_table = segment_summary(survey)
summary_table
# %% preferences_answer
def contact_shares(survey):
    """The share of each contact among each segment's answers."""
    counts = survey.groupby(["segment", "preferred_contact"]).size().reset_index(name="n")
    per_segment = counts.groupby("segment")["n"].transform("sum")
    counts["share"] = counts["n"] / per_segment
    return counts[["segment", "preferred_contact", "share"]]


def draw_preferences(preferences):
    """A stacked bar per segment: the share of each contact."""
    return (
        alt.Chart(preferences)
        .mark_bar()
        .encode(
            x=alt.X("segment:N", title="segment"),
            y=alt.Y("share:Q", title="share of answers"),
            color=alt.Color("preferred_contact:N", title="preferred contact"),
        )
    )


preferences = contact_shares(survey)
preferences_chart = draw_preferences(preferences)
preferences_chart
# %% plan_answer
def build_plan(summary_table, contact_category):
    """One keep relationship per segment, of the category its top contact maps to."""
    plan = {}
    for segment, row in summary_table.iterrows():
        plan[segment] = {"category": contact_category[row["top_contact"]], "motivation": "keep"}
    return plan


plan = build_plan(summary_table, contact_category)
plan
# %% gaps_answer
def find_gaps(canvas):
    """The (segment, code) pairs of the thread check's findings."""
    return {(finding.segment, finding.code) for finding in check_threads(canvas)}


gaps = find_gaps(broken)
print(gaps)

fixed = Canvas.from_dict(broken.to_dict())
fixed.add(
    "customer_relationships",
    "How-to guides and an FAQ for returning customers",
    segments=["men"],
    category=plan["men"]["category"],
    motivation=plan["men"]["motivation"],
)
fixed.add("channels", "Returns and help by chat and email", phases=["after_sales"], channel_type="own_direct")
fixed.add("revenue_streams", "Sales of skin-care sets", segments=["adult-women"])
print(summary(check_threads(fixed)))
