# new_products compares the month of the year with January instead of the data's first month:
# right for Esther's orders, which start in January, wrong for orders that start in July.
# The first jam read as diversification is accepted: the task allows both readings.
# expect: new_products_found=0
# feedback: ✘ new_products(orders from July 2024)
# ruff: noqa
# %% new_lines_answer
def new_products(orders):
    """Products first sold after January, in order of first sale."""
    first_sale = orders.groupby("product")["date"].min().sort_values(kind="stable")
    return list(first_sale[first_sale.dt.month > 1].index)


line_strategy = {
    "Pumpkin jam, cinnamon": "diversification",
    "Pumpkin jam, lemon": "extension",
    "Pumpkin juice": "diversification",
    "Pumpkin wine": "diversification",
}
new_products(orders)
