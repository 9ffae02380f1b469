# The stylist who remembers each customer read as ordinary personal assistance, not dedicated:
# one note of two wrong, half the point.
# expect: relationship_categories=0.5
# ruff: noqa
# %% classification_answer
elements = ["convenience_usability", "price"]
categories = ["personal_assistance", "automated_services"]
motivations = ["keep", "get"]
