# The beautician's chat read as dedicated personal assistance: a quarter of Part A's point is
# lost, and the plan built on this mapping is checked against it, so Part D loses nothing.
# expect: contact_categories=0.75
# feedback: ✘ contact_category['chat with a beautician'] = 'dedicated_personal_assistance' is not right.
# ruff: noqa
# %% contact_category_answer
contact_category = {
    "social media group": "communities",
    "chat with a beautician": "dedicated_personal_assistance",
    "how-to guides and FAQ": "self_service",
    "automatic reorder reminders": "automated_services",
}
