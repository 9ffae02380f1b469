"""Write ``teaching_note.md`` beside this file: the instructor's note for Esther's pumpkin business.

Every figure in the note is computed here from the sales data, so the note cannot drift from the
exercise: run ``python solutions/esther/teaching_note.py`` after the data changes (a test fails
while the note is stale). ``nbgrader_config.py`` keeps ``teaching_note*`` out of every student
release.
"""

from __future__ import annotations

import pandas as pd

from canvaskit_widgets import cases, datasets, metrics
from canvaskit_widgets.teaching_notes import session_plan, write_note

FIRST, SECOND = "2024Q4", "2025Q1"  # the quarters of Parts D and F
# (minutes, activity): the 90-minute session
TIMING = [
    (
        10,
        "Question 1: before any figure, each group writes what result would prove the new lines a success.",
    ),
    (
        15,
        "Question 2: extension or diversification, and what the testing days are; the left board.",
    ),
    (20, "Question 3: the figures of Parts C to F; groups check theirs against the board."),
    (15, "Question 4: the cohort heat map; who keeps buying, and when do they stop?"),
    (
        20,
        "Question 5: did the new lines pay off? Groups test their opening criterion against the data.",
    ),
    (10, "Revisit and close: what would you track at the next testing day?"),
]


def _customers(orders: pd.DataFrame, quarter: str) -> set[str]:
    return set(orders.loc[orders["date"].dt.to_period("Q") == quarter, "customer_id"])


def _halves(orders: pd.DataFrame) -> pd.DataFrame:
    """Customers, orders per customer, AOV, revenue and the new lines' share, per half-year."""
    half = (
        orders["date"].dt.year.astype(str)
        + "H"
        + ((orders["date"].dt.month - 1) // 6 + 1).astype(str)
    )
    launched = {p: pd.Timestamp(day) for p, (_, day) in datasets.ESTHER_PRODUCTS.items()}
    new = orders["product"].map(launched) > orders["date"].min()
    groups = orders.groupby(half)
    table = pd.DataFrame(
        {
            "customers": groups["customer_id"].nunique(),
            "orders_per_customer": groups.size() / groups["customer_id"].nunique(),
            "aov": groups["revenue"].mean(),
            "revenue": groups["revenue"].sum(),
            "new_share": orders[new].groupby(half)["revenue"].sum() / groups["revenue"].sum(),
        }
    ).fillna(0)
    return table.loc[["2024H1", "2025H1"]]


def render() -> str:
    """The note as Markdown."""
    orders = datasets.load("esther_transactions")
    before, after = _customers(orders, FIRST), _customers(orders, SECOND)
    kept = len(before & after)
    retention = metrics.share_interval(kept, len(before))
    wrong_retention = len(after) / len(before)  # E / S, new customers not taken out
    repeat = metrics.repeat_purchase_rate(orders)
    repeaters = int((orders["customer_id"].value_counts() >= 2).sum())
    repeat_interval = metrics.share_interval(repeaters, orders["customer_id"].nunique())
    aov = metrics.average_order_value(orders)
    assumptions = cases.ESTHER_ASSUMPTIONS
    in_second = orders[orders["date"].dt.to_period("Q") == SECOND]
    margin = (
        assumptions.gross_margin * in_second["revenue"].sum() / in_second["customer_id"].nunique()
    )
    clv = metrics.margin_multiple_clv(margin, retention.estimate, assumptions.discount_rate)
    clv_low, clv_high = (
        metrics.margin_multiple_clv(margin, r, assumptions.discount_rate)
        for r in (retention.low, retention.high)
    )
    halves = _halves(orders)
    h1, h2 = halves.loc["2024H1"], halves.loc["2025H1"]
    cohorts = metrics.cohort_table(orders)
    jan = cohorts.loc[pd.Period("2024-01", "M")]
    return f"""# Teaching note: Esther grows with the customers she has

For instructors only: this note is never released to students.
It goes with `solutions/esther/esther.ipynb` and chapters 4, 5 and 6 of the course.
Every figure below is computed from the sales data by `teaching_note.py` beside this file.

## Learning goals

After the session, students can:

- tell a product-line extension from diversification, in sales data and on the canvas;
- classify testing days as co-creation in the evaluation phase, and say how they lower risk;
- compute repeat rate, order value, quarterly retention, cohort shares and CLV from orders, with the uncertainty of a share;
- decide in advance what result would count as success, and then check it against the data.

## The figures

| figure | value |
|---|---|
| orders, customers | {len(orders)}, {orders["customer_id"].nunique()} |
| repeat-purchase rate | {repeat:.0%} (95% interval {repeat_interval.low:.0%} to {repeat_interval.high:.0%}) |
| average order value | {aov:.2f} euros |
| retention {FIRST} → {SECOND} | {retention.estimate:.0%} ({kept} of {len(before)} customers; 95% interval {retention.low:.0%} to {retention.high:.0%}) |
| margin per customer in {SECOND} | {margin:.2f} euros (gross margin {assumptions.gross_margin:.0%}) |
| quarterly CLV (Part F) | {clv:.2f} euros; {clv_low:.0f} to {clv_high:.0f} euros across the retention interval |
| January 2024 cohort still buying 1, 3 and 6 months later | {jan[1]:.0%}, {jan[3]:.0%}, {jan[6]:.0%} |

The comparison of Part H:

| | first half of 2024 | first half of 2025 |
|---|---|---|
| customers | {h1.customers:.0f} | {h2.customers:.0f} |
| orders per customer | {h1.orders_per_customer:.1f} | {h2.orders_per_customer:.1f} |
| average order value | {h1.aov:.2f} euros | {h2.aov:.2f} euros |
| revenue | {h1.revenue:,.0f} euros | {h2.revenue:,.0f} euros |
| share of revenue from new lines | {h1.new_share:.0%} | {h2.new_share:.0%} |

Note how wide the CLV range is: a quarterly retention estimated from {len(before)} customers moves the CLV a lot, because CLV grows steeply as retention nears 1.
Intervals for shares are Wilson score intervals (`metrics.share_interval`).

## Discussion questions, in order

1. Before any figure: what result, over which period, would show that the new lines grew sales with the same customers? Each group writes a criterion with a threshold (for example orders per customer up by a stated amount) and keeps it.
2. Which new products extend a line and which diversify? What are the testing days, as a relationship and as a channel phase?
3. How loyal are Esther's customers: repeat rate, retention, and how sure we can be of each?
4. On the cohort heat map: when do customers stop buying, and does it differ between early and late cohorts?
5. Did the new lines pay off? Test each group's opening criterion against the table of Part H. Did any group have to move its threshold to declare success?

## Board plan

- **Left board, "the criteria":** each group's success criterion from question 1, written before any figure is shown, and later ticked or crossed.
- **Centre board, "the figures":** the two tables above, filled in as groups report, with the retention interval drawn as a bar.
- **Right board, "the relationship":** testing days as co-creation in the evaluation phase, what they cost (time, free samples) and what they save (stock nobody wants).

{session_plan(TIMING)}

## Expected range of answers and common mistakes

- Part 0 and its revisit in Part H are graded on the reasoning, not the choice: a student who changes the opening call because of a figure earns as much as one who keeps it. Collect the Part 0 cells before class: they are the opening vote. Esther's Part 0 also holds each student's success criterion, set before any figure: Part H's take-up table (regulars who buy a new product within a month of its launch) checks it, and a student who moves the threshold after seeing the table, without saying so, loses that point.
- Part H: expect most answers to say yes, on revenue up with customers about level and more orders per customer. Strong answers add how much of the revenue the new lines bring and that retention stayed high, and name a measurable figure for the next testing day (tasters who buy within a month, the new line's repeat rate). Answers that say "not proven" earn full marks when they argue from the figures (two half-years, no control group, the season).
- Dividing E by S without taking out the new customers gives a retention of {wrong_retention:.0%} instead of {retention.estimate:.0%}, and a CLV built on it is far off.
- Comparing the month of the year with January, instead of the data's first month, is right for these orders and wrong for data that starts mid-year; the hidden tests catch it.
- Counting the cohort's months from 1 instead of 0 shifts every share one month.
- Writing the testing days as communities: the customers do not talk to each other, they help make the product (co-creation).

## Where the data is illustrative

The orders are invented for teaching by a seeded generator (`canvaskit_widgets.datasets.esther_transactions`), and the gross margin and discount rate are assumptions (`canvaskit_widgets.cases.ESTHER_ASSUMPTIONS`).
The case itself (affordable fresh pumpkin products, loyal customers, jams then juice and wine, testing days when sales are slow) follows the course's source material.
Say so in class: the figures show a method, not Esther's real accounts.
"""


if __name__ == "__main__":
    write_note(__file__, render())
