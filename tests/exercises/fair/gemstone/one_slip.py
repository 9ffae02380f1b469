# Correct except one boundary slip: clv rejects a retention of exactly 0 or exactly 1, which the task says are valid.
# fair: part_a=2, part_b=3, part_c=2, part_d=3
# why: part_a: the check uses <= and >= so it rejects retention 0 and 1 (the point for rejecting and accepting the right retentions); formula and message are right
# ruff: noqa
# %% clv_answer
def clv(margin, retention, discount_rate):
    """The margin-multiple CLV of one customer: margin * r / (1 + d - r)."""
    if retention <= 0 or retention >= 1:
        raise ValueError("retention must be a share between 0 and 1")
    return margin * retention / (1 + discount_rate - retention)
# %% scenario_table_answer
def scenario_table(scenarios):
    """CLV and CLV:CAC of each scenario, one row per scenario."""
    df = pd.DataFrame(scenarios).T
    df["clv"] = [clv(m, r, d) for m, r, d in zip(df["margin"], df["retention"], df["discount_rate"])]
    df["clv_to_cac"] = df["clv"] / df["acquisition_cost"]
    return df[["clv", "clv_to_cac"]].astype(float)


table = scenario_table(scenarios)
table
# %% relationships_answer
categories = []
motivations = []
for twin in ["cheaper", "polished"]:
    for motivation in ["get", "keep", "grow"]:
        categories.append("self_service" if twin == "cheaper" else "dedicated_personal_assistance")
        motivations.append(motivation)
# %% sensitivity_answer
def sensitivity_table(scenarios, retentions):
    """CLV of a wholesaler not yet won, per scenario and retention rate."""
    parts = []
    for name, s in scenarios.items():
        part = pd.DataFrame({"retention": list(retentions)})
        part["scenario"] = name
        part["clv"] = part["retention"].apply(
            lambda r: clv(s["margin"], r, s["discount_rate"]) - s["acquisition_cost"]
        )
        parts.append(part)
    return pd.concat(parts, ignore_index=True)[["scenario", "retention", "clv"]]


def draw_sensitivity(sensitivity):
    """A line per scenario: CLV against retention."""
    return alt.Chart(sensitivity).mark_line().encode(
        x="retention:Q", y="clv:Q", color="scenario:N"
    )


sensitivity = sensitivity_table(scenarios, retentions)
sensitivity_chart = draw_sensitivity(sensitivity)
sensitivity_chart
