# Reads the trade-fair note as personal assistance (new wholesalers at a fair are nobody's account yet: the account manager serves whoever comes to the stand); otherwise correct, built on metrics.margin_multiple_clv as allowed.
# fair: part_a=3, part_b=3, part_c=2, part_d=3
# ruff: noqa
# %% clv_answer
def clv(margin, retention, discount_rate):
    """The margin-multiple CLV of one customer: margin * r / (1 + d - r)."""
    if retention < 0 or retention > 1:
        raise ValueError("retention must be a share between 0 and 1 (write 80% as 0.8)")
    return metrics.margin_multiple_clv(margin, retention, discount_rate)
# %% scenario_table_answer
def scenario_table(scenarios):
    """CLV and CLV:CAC of each scenario, one row per scenario."""
    out = pd.DataFrame(index=list(scenarios), columns=["clv", "clv_to_cac"], dtype=float)
    for name in scenarios:
        s = scenarios[name]
        out.loc[name, "clv"] = metrics.margin_multiple_clv(s["margin"], s["retention"], s["discount_rate"])
        out.loc[name, "clv_to_cac"] = out.loc[name, "clv"] / s["acquisition_cost"]
    return out


table = scenario_table(scenarios)
table
# %% relationships_answer
# Trade fairs: the wholesalers are new, so nobody looks after them "over a long time" yet;
# the account manager helps whoever comes to the stand during the sale = personal assistance.
# Once they sign, the named account manager looks after them (dedicated).
categories = [
    "self_service",
    "self_service",
    "self_service",
    "personal_assistance",
    "dedicated_personal_assistance",
    "dedicated_personal_assistance",
]
motivations = ["get", "keep", "grow", "get", "keep", "grow"]
# %% sensitivity_answer
def sensitivity_table(scenarios, retentions):
    """CLV of a wholesaler not yet won, per scenario and retention rate."""
    frames = []
    for name, s in scenarios.items():
        values = metrics.margin_multiple_clv(
            s["margin"], list(retentions), s["discount_rate"], acquisition_cost=s["acquisition_cost"]
        )
        frames.append(pd.DataFrame({"scenario": name, "retention": retentions, "clv": values}))
    return pd.concat(frames).reset_index(drop=True)


def draw_sensitivity(sensitivity):
    """A line per scenario: CLV against retention."""
    chart = alt.Chart(sensitivity, title="CLV of a new wholesaler by retention")
    return chart.mark_line(point=True).encode(
        alt.X("retention:Q"), alt.Y("clv:Q"), alt.Color("scenario:N")
    )


sensitivity = sensitivity_table(scenarios, retentions)
sensitivity_chart = draw_sensitivity(sensitivity)
sensitivity_chart
