# Testing days read as a community, since customers meet there, rather than as co-creation.
# expect: testing_days_category=0
# ruff: noqa
# %% testing_days_answer
testing_days = {"category": "communities", "phase": "evaluation"}
