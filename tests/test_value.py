"""Value propositions: element clashes and the Value Proposition Canvas."""

from __future__ import annotations

import pytest

from canvaskit_widgets.cases import gemstone_value_maps
from canvaskit_widgets.value import ValuePropositionCanvas, clashes


def test_clashes_finds_the_pairs_present_in_clash_order():
    assert clashes(["design", "price", "newness"]) == [("price", "design")]
    assert clashes(["brand_status", "performance", "price"]) == [
        ("price", "performance"),
        ("price", "brand_status"),
    ]


def test_no_clash_without_a_low_price_and_repeats_are_harmless():
    assert clashes(["performance", "design", "brand_status"]) == []
    assert clashes(["price", "price"]) == []
    assert clashes([]) == []


def test_unknown_element_is_named():
    with pytest.raises(KeyError, match="unknown value proposition element 'cheapness'"):
        clashes(["price", "cheapness"])


def _vpc(**answers) -> ValuePropositionCanvas:
    return ValuePropositionCanvas(
        "Students",
        jobs=["Get a haircut"],
        pains=["Cost", "Waiting"],
        gains=["Look good"],
        **answers,
    )


def test_fit_counts_answered_jobs_pains_and_gains():
    empty = _vpc()
    assert empty.fit() == 0
    assert empty.gaps() == ["job: Get a haircut", "pain: Cost", "pain: Waiting", "gain: Look good"]
    half = _vpc(products={"Get a haircut": "Cut"}, pain_relievers={"Cost": "Student price"})
    assert half.fit() == pytest.approx(0.5)
    assert half.gaps() == ["pain: Waiting", "gain: Look good"]


def test_table_lists_the_profile_with_answers_and_blank_gaps():
    rows = _vpc(gain_creators={"Look good": "Styling tips"}).table()
    assert [r["kind"] for r in rows] == ["job", "pain", "pain", "gain"]
    assert rows[-1] == {
        "kind": "gain",
        "customer profile": "Look good",
        "value map": "Styling tips",
    }
    assert rows[0]["value map"] == ""


def test_answer_to_something_not_in_the_profile_is_refused():
    with pytest.raises(ValueError, match=r"pain_relievers answer\(s\) 'Noise'.*as a pain"):
        _vpc(pain_relievers={"Noise": "Quiet salon"})


def test_empty_profile_is_refused():
    with pytest.raises(ValueError, match="profile of 'Nobody' is empty"):
        ValuePropositionCanvas("Nobody", jobs=[], pains=[], gains=[])


def test_gemstone_strategies_share_one_profile_and_neither_wins_by_construction():
    maps = gemstone_value_maps()
    assert set(maps) == {"cheaper", "polished"}
    cheaper, polished = maps["cheaper"], maps["polished"]
    assert (cheaper.jobs, cheaper.pains, cheaper.gains) == (
        polished.jobs,
        polished.pains,
        polished.gains,
    )
    assert polished.fit() == cheaper.fit()
    # each strategy leaves a different pain open: dull stones, or cash tied up in stock
    assert cheaper.gaps() == ["pain: " + cheaper.pains[1]]
    assert polished.gaps() == ["pain: " + polished.pains[3]]
