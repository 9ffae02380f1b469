# build_plan returns Maria's plan typed in, whatever the summary and the mapping, so plan is a
# literal too: both points are lost.
# expect: plan_other_segments=0, plan_values=0
# ruff: noqa
# %% plan_answer
def build_plan(summary_table, contact_category):
    """Maria's plan."""
    return {
        "adult-women": {"category": "personal_assistance", "motivation": "keep"},
        "men": {"category": "self_service", "motivation": "keep"},
        "young-women": {"category": "communities", "motivation": "keep"},
    }


plan = build_plan(summary_table, contact_category)
plan
