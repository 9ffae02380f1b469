# Reads "one row per segment and contact that occur in the survey" as every segment by every contact, so a pair nobody chose gets a row with share 0; otherwise correct, with metrics.nps_by as allowed.
# fair: part_a=1, part_b=3, part_c=3, part_d=2, part_e=3
# ruff: noqa
# %% contact_category_answer
contact_category = dict(
    zip(
        ["automatic reorder reminders", "chat with a beautician", "how-to guides and FAQ", "social media group"],
        ["automated_services", "personal_assistance", "self_service", "communities"],
    )
)
# %% segment_summary_answer
def segment_summary(survey):
    """Answers, NPS and most requested contact per segment."""
    table = metrics.nps_by(survey, "segment")[["responses", "nps"]].copy()
    counts = pd.crosstab(survey["segment"], survey["preferred_contact"])
    # crosstab sorts the contacts alphabetically, and idxmax keeps the first of a tie
    table["top_contact"] = counts.idxmax(axis=1)
    return table


summary_table = segment_summary(survey)
summary_table
# %% preferences_answer
def contact_shares(survey):
    """The share of each contact among each segment's answers."""
    shares = pd.crosstab(survey["segment"], survey["preferred_contact"], normalize="index")
    return shares.stack().rename("share").reset_index()


def draw_preferences(preferences):
    """A stacked bar per segment: the share of each contact."""
    return alt.Chart(preferences).mark_bar().encode(
        alt.X("segment", type="nominal"),
        alt.Y("share", type="quantitative", axis=alt.Axis(format="%")),
        alt.Color("preferred_contact", type="nominal"),
        tooltip=["segment", "preferred_contact", "share"],
    )


preferences = contact_shares(survey)
preferences_chart = draw_preferences(preferences)
preferences_chart
# %% plan_answer
def build_plan(summary_table, contact_category):
    """One keep relationship per segment, of the category its top contact maps to."""
    categories = summary_table["top_contact"].map(contact_category)
    return {segment: {"category": category, "motivation": "keep"} for segment, category in categories.items()}


plan = build_plan(summary_table, contact_category)
plan
# %% gaps_answer
def find_gaps(canvas):
    """The (segment, code) pairs of the thread check's findings."""
    return set((f.segment, f.code) for f in check_threads(canvas))


gaps = find_gaps(broken)

fixed = Canvas.from_dict(broken.to_dict())
fixed.add(
    "customer_relationships",
    "Grooming FAQ for regular customers",
    segments=["men"],
    category=plan["men"]["category"],
    motivation=plan["men"]["motivation"],
)
fixed.add(
    "channels",
    "Help after the sale by chat",
    segments=["young-women", "adult-women", "men"],
    phases=["after_sales"],
    channel_type="own_direct",
)
fixed.add("revenue_streams", "Skin-care set sales and consultations", segments=["adult-women"])
print(summary(check_threads(fixed)))
