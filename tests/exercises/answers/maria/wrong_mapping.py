# The beautician's chat read as dedicated personal assistance, so the adult women's plan is wrong too.
# expect: contact_categories=0, plan_values=0
# feedback: ✘ contact_category: not yet right.
# ruff: noqa
# %% contact_category_answer
contact_category = {
    "social media group": "communities",
    "chat with a beautician": "dedicated_personal_assistance",
    "how-to guides and FAQ": "self_service",
    "automatic reorder reminders": "automated_services",
}
