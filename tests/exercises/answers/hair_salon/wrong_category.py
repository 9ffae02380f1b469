# The stylist who remembers each customer read as ordinary personal assistance, not dedicated.
# expect: relationship_categories=0
# ruff: noqa
# %% classification_answer
elements = ["convenience_usability", "price"]
categories = ["personal_assistance", "communities"]
motivations = ["keep", "get"]
