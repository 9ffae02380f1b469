# Correct throughout, written with explicit checks, a loop of dicts, tuples of keys built by repetition and alt.X/alt.Y objects.
# fair: part_a=3, part_b=3, part_c=2, part_d=3
# ruff: noqa
# %% clv_answer
def clv(margin, retention, discount_rate):
    """The margin-multiple CLV of one customer: margin * r / (1 + d - r)."""
    if not 0 <= retention <= 1:
        raise ValueError(f"retention must be a share between 0 and 1, got {retention}")
    numerator = margin * retention
    denominator = 1 + discount_rate - retention
    return float(numerator / denominator)
# %% scenario_table_answer
def scenario_table(scenarios):
    """CLV and CLV:CAC of each scenario, one row per scenario."""
    rows = []
    names = []
    for name, figures in scenarios.items():
        value = clv(figures["margin"], figures["retention"], figures["discount_rate"])
        rows.append({"clv": value, "clv_to_cac": value / figures["acquisition_cost"]})
        names.append(name)
    return pd.DataFrame(rows, index=names)


table = scenario_table(scenarios)
table
# %% relationships_answer
# cheaper twin: nobody serves the wholesaler, the price list and the web shop do it all
#   (new wholesalers = get, standing orders = keep, more stones on the list = grow)
# polished twin: the same named account manager from the first fair to the extra stones
cheap = ("self_service",) * 3
polished = ("dedicated_personal_assistance",) * 3
categories = cheap + polished
motivations = ("get", "keep", "grow") * 2
# %% sensitivity_answer
def sensitivity_table(scenarios, retentions):
    """CLV of a wholesaler not yet won, per scenario and retention rate."""
    records = []
    for name, s in scenarios.items():
        for r in retentions:
            won = clv(s["margin"], r, s["discount_rate"])
            records.append([name, float(r), won - s["acquisition_cost"]])
    return pd.DataFrame(records, columns=["scenario", "retention", "clv"])


def draw_sensitivity(sensitivity):
    """A line per scenario: CLV against retention."""
    return (
        alt.Chart(sensitivity)
        .mark_line()
        .encode(
            x=alt.X("retention", type="quantitative", title="retention rate"),
            y=alt.Y("clv", type="quantitative", title="CLV minus acquisition cost"),
            color=alt.Color("scenario", type="nominal"),
        )
    )


sensitivity = sensitivity_table(scenarios, retentions)
sensitivity_chart = draw_sensitivity(sensitivity)
sensitivity_chart
