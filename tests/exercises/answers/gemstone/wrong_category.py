# Price lists and online ordering for new wholesalers read as automated services rather than
# self-service: one note of six wrong, so a sixth of the point is lost.
# expect: relationship_categories=0.83
# feedback: ✘ categories[0] = 'automated_services' is not right.
# ruff: noqa
# %% relationships_answer
categories = [
    "automated_services",
    "self_service",
    "self_service",
    "personal_assistance",
    "dedicated_personal_assistance",
    "personal_assistance",
]
motivations = ("get", "keep", "grow", "get", "keep", "grow")
