# Price lists and online ordering read as automated services rather than self-service.
# expect: relationship_categories=0
# feedback: ✘ categories: not yet right.
# ruff: noqa
# %% relationships_answer
categories = ["automated_services", "dedicated_personal_assistance", "personal_assistance"]
motivations = ["get", "keep", "grow"]
