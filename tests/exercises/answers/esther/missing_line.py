# line_strategy leaves out the wine, the last new line to arrive: three of four products right.
# expect: line_strategy_values=0.75
# feedback: ✘ line_strategy['Pumpkin wine'] = None is not right.
# ruff: noqa
# %% new_lines_answer
def new_products(orders):
    """Products first sold after the first month of the data, in order of first sale."""
    first_sale = orders.groupby("product")["date"].min().sort_values(kind="stable")
    first_month = orders["date"].min().to_period("M")
    return list(first_sale[first_sale.dt.to_period("M") > first_month].index)


line_strategy = {
    "Pumpkin jam, cinnamon": "extension",
    "Pumpkin jam, lemon": "extension",
    "Pumpkin juice": "diversification",
}
new_products(orders)
