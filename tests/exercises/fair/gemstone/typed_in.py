# Works the dealer's figures out by hand and types them in: the table, the sensitivity numbers and the chart's data are literals; only the retention check is real code.
# fair: part_a=2, part_b=0, part_c=2, part_d=1
# why: part_a: clv returns the textbook example's value whatever its arguments (the formula point); the retention check and its message work on any input
# why: part_b: scenario_table returns the dealer's two rows typed in, for any scenarios, and table is that typed table: the right figures for the dealer, but not computed with clv as the text asks
# why: part_d: sensitivity_table returns 20 typed rows for any input and draw_sensitivity draws that typed table, not the one it is given; only the mark and encodings are right
# ruff: noqa
# %% clv_answer
def clv(margin, retention, discount_rate):
    """The margin-multiple CLV of one customer: margin * r / (1 + d - r)."""
    if retention < 0 or retention > 1:
        raise ValueError("retention must be a share between 0 and 1")
    return 2666.6666666666665
# %% scenario_table_answer
def scenario_table(scenarios):
    """CLV and CLV:CAC of each scenario, one row per scenario."""
    return pd.DataFrame(
        {"clv": [3857.142857142857, 6400.0], "clv_to_cac": [4.285714285714286, 2.56]}, index=["cheaper", "polished"]
    )


table = scenario_table(scenarios)
table
# %% relationships_answer
categories = ["self_service", "self_service", "self_service", "dedicated_personal_assistance",
              "dedicated_personal_assistance", "dedicated_personal_assistance"]
motivations = ["get", "keep", "grow", "get", "keep", "grow"]
# %% sensitivity_answer
TYPED = pd.DataFrame(
    {
        "scenario": ["cheaper"] * 10 + ["polished"] * 10,
        "retention": [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95] * 2,
        "clv": [
            600.0, 900.0, 1260.0, 1700.0, 2250.0, 2957.142857, 3900.0, 5220.0, 7200.0, 10500.0,
            -500.0, -100.0, 380.0, 966.666667, 1700.0, 2642.857143, 3900.0, 5660.0, 8300.0, 12700.0,
        ],
    }
)


def sensitivity_table(scenarios, retentions):
    """CLV of a wholesaler not yet won, per scenario and retention rate."""
    return TYPED.copy()


def draw_sensitivity(sensitivity):
    """A line per scenario: CLV against retention."""
    return alt.Chart(TYPED).mark_line().encode(x="retention:Q", y="clv:Q", color="scenario:N")


sensitivity = sensitivity_table(scenarios, retentions)
sensitivity_chart = draw_sensitivity(sensitivity)
sensitivity_chart
