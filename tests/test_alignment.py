"""Tests for the alignment table."""

from __future__ import annotations

import pytest

from canvaskit_widgets.alignment import COLUMNS, AlignmentError, alignment_table


def test_rows_become_a_table_with_block_labels_in_the_given_order():
    table = alignment_table(
        [
            ("customer_relationships", "Quick support", False, "Answer chats within an hour"),
            {"block": "Channels", "expectation": "Buy online", "aligned": True},
        ]
    )
    assert list(table.columns) == list(COLUMNS)
    assert table["block"].tolist() == ["Customer Relationships", "Channels"]
    assert table["aligned?"].tolist() == [False, True]
    assert table["improvement"].tolist() == ["Answer chats within an hour", ""]


def test_misaligned_row_needs_an_improvement():
    with pytest.raises(AlignmentError, match=r"row 0: Channels is not aligned"):
        alignment_table([("channels", "Buy online", False)])


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (("pricing", "Low prices", True), "unknown block 'pricing'"),
        (("channels", " ", True), "customer expectation must be a non-empty text"),
        (("channels", "Buy online", "yes"), "aligned must be True or False"),
        ({"block": "channels", "expect": "x", "aligned": True}, "unknown field"),
        ("channels", "give a dict or a"),
    ],
)
def test_bad_rows_are_named(row, message):
    with pytest.raises(AlignmentError, match=message):
        alignment_table([("value_propositions", "Fresh", True), row])


def test_empty_table_is_an_error():
    with pytest.raises(AlignmentError, match="at least one row"):
        alignment_table([])
