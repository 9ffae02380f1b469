# Price lists and online ordering read as automated services rather than self-service:
# one note of three wrong, so a third of the point is lost.
# expect: relationship_categories=0.67
# feedback: ✘ categories[0] = 'automated_services' is not right.
# ruff: noqa
# %% relationships_answer
categories = ["automated_services", "dedicated_personal_assistance", "personal_assistance"]
motivations = ("get", "keep", "grow")
