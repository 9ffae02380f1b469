# Answers Parts A and B only; every later part keeps the stub.
# fair: part_a=2, part_b=2, part_c=0, part_d=0, part_e=0, part_f=0, part_g=0
# why: part_c: not attempted
# why: part_d: not attempted
# why: part_e: not attempted
# why: part_f: not attempted
# why: part_g: not attempted
# ruff: noqa
# %% new_lines_answer
def new_products(orders):
    """Products first sold after the first month of the data, in order of first sale."""
    first = orders.groupby("product")["date"].min().sort_values()
    start_month = orders["date"].min().strftime("%Y-%m")
    return [p for p, day in first.items() if day.strftime("%Y-%m") != start_month]


line_strategy = {
    "Pumpkin jam, cinnamon": "extension",
    "Pumpkin jam, lemon": "extension",
    "Pumpkin juice": "diversification",
    "Pumpkin wine": "diversification",
}
new_products(orders)
# %% testing_days_answer
testing_days = {"category": "co_creation", "phase": "evaluation"}
