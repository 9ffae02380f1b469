# Types in what a first run printed: the summary, the shares, the plan and the gaps are literals; the chart draws the typed shares; only the canvas repair is real work.
# fair: part_a=1, part_b=0, part_c=1, part_d=0, part_e=2
# why: part_b: segment_summary returns Maria's three rows typed in, for any survey
# why: part_c: contact_shares returns Maria's twelve shares typed in and draw_preferences draws them whatever table it is given; only the mark and encodings are right
# why: part_d: build_plan returns Maria's plan typed in, for any summary and mapping, and plan is that literal
# why: part_e: find_gaps returns the five gaps of broken typed in, for any canvas; the repair of fixed (men's relationship as in the plan) is real
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
    return pd.DataFrame(
        {
            "responses": [78, 54, 96],
            "nps": [12.82051282051282, 11.111111111111107, 26.041666666666664],
            "top_contact": ["chat with a beautician", "how-to guides and FAQ", "social media group"],
        },
        index=["adult-women", "men", "young-women"],
    )


summary_table = segment_summary(survey)
summary_table
# %% preferences_answer
SHARES = pd.DataFrame(
    [
        ("adult-women", "chat with a beautician", 0.448718),
        ("adult-women", "automatic reorder reminders", 0.282051),
        ("adult-women", "how-to guides and FAQ", 0.230769),
        ("adult-women", "social media group", 0.038462),
        ("men", "how-to guides and FAQ", 0.481481),
        ("men", "social media group", 0.222222),
        ("men", "automatic reorder reminders", 0.166667),
        ("men", "chat with a beautician", 0.129630),
        ("young-women", "social media group", 0.677083),
        ("young-women", "automatic reorder reminders", 0.125000),
        ("young-women", "chat with a beautician", 0.104167),
        ("young-women", "how-to guides and FAQ", 0.093750),
    ],
    columns=["segment", "preferred_contact", "share"],
)


def contact_shares(survey):
    """The share of each contact among each segment's answers."""
    return SHARES.copy()


def draw_preferences(preferences):
    """A stacked bar per segment: the share of each contact."""
    return alt.Chart(SHARES).mark_bar().encode(x="segment:N", y="share:Q", color="preferred_contact:N")


preferences = contact_shares(survey)
preferences_chart = draw_preferences(preferences)
preferences_chart
# %% plan_answer
def build_plan(summary_table, contact_category):
    """One keep relationship per segment, of the category its top contact maps to."""
    return {
        "adult-women": {"category": "personal_assistance", "motivation": "keep"},
        "men": {"category": "self_service", "motivation": "keep"},
        "young-women": {"category": "communities", "motivation": "keep"},
    }


plan = build_plan(summary_table, contact_category)
plan
# %% gaps_answer
def find_gaps(canvas):
    """The (segment, code) pairs of the thread check's findings."""
    return {
        ("men", "no_relationship"),
        ("young-women", "phase_gap"),
        ("adult-women", "phase_gap"),
        ("men", "phase_gap"),
        ("adult-women", "no_revenue_stream"),
    }


gaps = find_gaps(broken)

fixed = Canvas.from_dict(broken.to_dict())
fixed.add("customer_relationships", "FAQ for regulars", segments=["men"], category="self_service", motivation="keep")
fixed.add("channels", "Returns and help by chat and email", phases=["after_sales"], channel_type="own_direct")
fixed.add("revenue_streams", "Sales of skin-care sets", segments=["adult-women"])
print(summary(check_threads(fixed)))
