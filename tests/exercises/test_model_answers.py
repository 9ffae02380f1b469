"""Every figure a model answer or rubric states is computed here from the case data.

A changed data set or assumption that makes a sentence of a model answer false fails this test,
naming the figure, so the sentence is rewritten with the data rather than left standing.
"""

from __future__ import annotations

from collections.abc import Callable

import nbformat
import pandas as pd
import pytest
from nbgrader_course import CASES, REPO

from canvaskit_widgets import cases, datasets, metrics


def written_answers(case: str) -> str:
    """The text of the case's manually graded cells: model answer and rubric."""
    notebook = nbformat.read(REPO / "solutions" / case / f"{case}.ipynb", as_version=4)
    return "\n".join(
        cell.source
        for cell in notebook.cells
        if cell.metadata.get("nbgrader", {}).get("solution") and cell.cell_type == "markdown"
    )


def _thousands(value: float, step: int = 100) -> str:
    return f"{round(value / step) * step:,.0f}"


def _signed(value: float) -> str:
    return f"{value:+.0f}"


def gemstone_claims() -> dict[str, str]:
    s = cases.GEMSTONE_SCENARIOS
    cost = {name: s[name]["acquisition_cost"] for name in s}

    def value(name: str, retention: float | None = None, spent: float = 0.0) -> float:
        r = s[name]["retention"] if retention is None else retention
        return metrics.margin_multiple_clv(s[name]["margin"], r, s[name]["discount_rate"], spent)

    ratio = {name: value(name) / cost[name] for name in s}
    at_cheaper_rate = value("polished", s["cheaper"]["retention"], cost["polished"])
    assert ratio["cheaper"] > ratio["polished"], "the answer calls the cheaper strategy safer"
    assert value("polished") > value("cheaper"), (
        "the answer says a polished wholesaler is worth more"
    )
    assert at_cheaper_rate < value("cheaper", spent=cost["cheaper"]), "... less than a cheap one"
    return {
        "the CLV:CAC ratios": f"ratio is {ratio['cheaper']:.1f} against {ratio['polished']:.1f}",
        "the acquisition costs": f"costs {cost['cheaper']:.0f} euros to win and a polished one "
        f"{cost['polished']:.0f}",
        "the values once won": f"({value('polished'):.0f} euros against {value('cheaper'):.0f})",
        "the values after acquisition": f"({_thousands(value('polished', spent=cost['polished']), 10)}"
        f" against about {_thousands(value('cheaper', spent=cost['cheaper']), 10)})",
        "the polished retention": f"keeps {s['polished']['retention']:.0%} of wholesalers",
        "the cheaper retention": f"at {s['cheaper']['retention']:.0%}, the cheaper strategy's",
        "a polished prospect at the cheaper rate": f"about {_thousands(at_cheaper_rate, 10)} euros",
        "the rubric's ratios": f"CLV:CAC {ratio['cheaper']:.1f} for cheaper, "
        f"{ratio['polished']:.1f} for polished",
        "the rubric's values": f"{value('cheaper'):.0f} against {value('polished'):.0f})",
    }


def hair_salon_claims() -> dict[str, str]:
    table = metrics.nps_by(datasets.salon_survey(), "segment")["nps"]
    return {
        "the professionals' NPS": f"about {_signed(table['professionals'])}",
        "the students' NPS": f"about {_signed(table['students'])}",
    }


def maria_claims() -> dict[str, str]:
    survey = datasets.maria_survey()
    table = metrics.nps_by(survey, "segment")["nps"]
    shares = survey.groupby("segment")["preferred_contact"].value_counts(normalize=True)
    men = shares["men"]
    claims = {
        f"the NPS of {segment}": f"{segment.replace('-', ' ')}: {_signed(nps)}"
        for segment, nps in table.items()
    }
    claims["the men's NPS is the lowest"] = f"only about {_signed(table['men'])}, the lowest"
    assert table.idxmin() == "men"
    assert 0.4 <= men["how-to guides and FAQ"] < 0.5, "the answer says 'almost half' chose guides"
    assert men.idxmax() == "how-to guides and FAQ"
    # The revisit of Part 0 says the survey's top contacts confirmed its guesses.
    assert shares["young-women"].idxmax() == "social media group"
    assert shares["adult-women"].idxmax() == "chat with a beautician"
    claims["the men asking for reminders"] = f"{men['automatic reorder reminders']:.0%} of them"
    return claims


def esther_claims() -> dict[str, str]:
    orders = datasets.esther_transactions()
    year, month = orders["date"].dt.year, orders["date"].dt.month
    first_half = {
        name: orders[(year == y) & (month <= 6)] for name, y in (("24", 2024), ("25", 2025))
    }
    launch = {product: pd.Timestamp(day) for product, (_, day) in datasets.ESTHER_PRODUCTS.items()}

    def new(frame: pd.DataFrame) -> pd.Series:
        return frame["product"].map(launch) > orders["date"].min()

    h24, h25 = first_half["24"], first_half["25"]
    quarter = orders["date"].dt.to_period("Q")
    before = set(orders.loc[quarter == "2024Q4", "customer_id"])
    after = set(orders.loc[quarter == "2025Q1", "customer_id"])
    retention = metrics.retention_rate(len(before), len(after), len(after - before))
    old24, old25 = h24.loc[~new(h24), "revenue"].sum(), h25.loc[~new(h25), "revenue"].sum()
    assert old25 < old24, "the answer says the original lines' revenue fell"
    month = pd.Timedelta(days=30)
    take_up = {}
    for product, day in launch.items():
        if day > orders["date"].min():
            regulars = set(
                orders.loc[orders["date"].between(day - month, day, "left"), "customer_id"]
            )
            bought = orders[
                (orders["product"] == product) & orders["date"].between(day, day + month, "left")
            ]
            take_up[product] = len(regulars & set(bought["customer_id"])) / len(regulars)
    first, *later = take_up.values()
    # Part H's revisit of the Part 0 criterion (one regular in five) names these facts.
    assert first >= 0.2 > max(later), "only the cinnamon jam met one regular in five"
    assert min(take_up, key=take_up.get) == "Pumpkin wine", "the wine had the fewest takers"
    return {
        "revenue": f"from about {_thousands(h24['revenue'].sum())} to about "
        f"{_thousands(h25['revenue'].sum())} euros",
        "customers": f"({h24['customer_id'].nunique()} against {h25['customer_id'].nunique()})",
        "orders per customer": f"({len(h24) / h24['customer_id'].nunique():.1f} against "
        f"{len(h25) / h25['customer_id'].nunique():.1f} orders each)",
        "order value": f"({h24['revenue'].mean():.2f} against {h25['revenue'].mean():.2f} euros)",
        "new lines' revenue": f"brought about {_thousands(h25.loc[new(h25), 'revenue'].sum())} "
        f"euros, {h25.loc[new(h25), 'revenue'].sum() / h25['revenue'].sum():.0%} of the 2025",
        "original lines' revenue": f"fell from about {_thousands(old24, 50)} to about "
        f"{_thousands(old25, 50)} euros",
        "retention": f"about {retention:.0%} from the last quarter of 2024",
    }


CLAIMS: dict[str, Callable[[], dict[str, str]]] = {
    "gemstone": gemstone_claims,
    "hair_salon": hair_salon_claims,
    "maria": maria_claims,
    "esther": esther_claims,
}


@pytest.mark.parametrize("case", CASES)
def test_every_figure_of_the_model_answer_comes_from_the_data(case: str) -> None:
    text = written_answers(case)
    wrong = {what: phrase for what, phrase in CLAIMS[case]().items() if phrase not in text}
    assert not wrong, f"{case}: the model answer does not state these computed figures: {wrong}"


def test_a_changed_figure_fails_the_check() -> None:
    text = written_answers("esther")
    claims = esther_claims()
    assert all(phrase in text for phrase in claims.values())
    changed = text.replace(claims["customers"], "(168 against 190)")
    assert any(phrase not in changed for phrase in claims.values())
