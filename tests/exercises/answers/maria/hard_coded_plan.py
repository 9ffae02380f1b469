# build_plan returns Maria's plan typed in, whatever the summary and the mapping.
# expect: plan_other_segments=0
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
