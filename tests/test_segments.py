"""The separate-segment tests applied to two segments of a canvas."""

from __future__ import annotations

import pytest

from canvaskit_widgets.model import Canvas
from canvaskit_widgets.segments import SEPARATION_TESTS, compare_segments


@pytest.fixture
def canvas() -> Canvas:
    c = Canvas("Bakery")
    c.add("customer_segments", "Office workers", id="office")
    c.add("customer_segments", "Cafés", id="cafes")
    c.add("value_propositions", "Fresh bread", segments=["office", "cafes"])
    c.add("value_propositions", "Wholesale trays", segments=["cafes"])
    c.add("channels", "Shop counter")
    c.add("customer_relationships", "Loyalty stamps", segments=["office"])
    c.add("customer_relationships", "Account manager", segments=["cafes"])
    return c


def test_each_test_reads_its_block_and_ignores_shared_notes(canvas: Canvas):
    table = compare_segments(canvas, "office", "cafes")
    assert table["block"].tolist() == [
        "Value Propositions",
        "Channels",
        "Customer Relationships",
        "Revenue Streams",
    ]
    assert table["test"].tolist() == list(SEPARATION_TESTS.values())
    # a note tagged for both segments is common ground; the shop counter serves everyone
    assert table["differs"].tolist() == [True, False, True, False]
    rows = table.set_index("block")
    assert rows.loc["Value Propositions", "only office"] == ""
    assert rows.loc["Value Propositions", "only cafes"] == "Wholesale trays"
    assert rows.loc["Customer Relationships", "only office"] == "Loyalty stamps"


def test_a_segment_with_nothing_of_its_own_does_not_differ_from_an_identical_one(canvas: Canvas):
    canvas.add("customer_segments", "Tourists", id="tourists")
    canvas.add("customer_segments", "Students", id="students")
    assert not compare_segments(canvas, "tourists", "students")["differs"].any()


def test_only_two_different_segments_can_be_compared(canvas: Canvas):
    counter = canvas.blocks["channels"][0].id
    with pytest.raises(KeyError, match="not a segment"):
        compare_segments(canvas, "office", counter)
    with pytest.raises(ValueError, match="not 'office' with itself"):
        compare_segments(canvas, "office", "office")
