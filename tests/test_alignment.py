"""Tests for the alignment table."""

from __future__ import annotations

import pytest

from canvaskit_widgets.alignment import COLUMNS, AlignmentError, alignment_table


def test_rows_become_a_table_with_block_labels_in_the_given_order():
    table = alignment_table(
        [
            ("customer_relationships", "Quick support", False, "Answer chats within an hour"),
            {
                "block": "Channels",
                "expectation": "Buy online",
                "aligned": True,
                "action": "Optimise the checkout",
            },
        ]
    )
    assert list(table.columns) == list(COLUMNS)
    assert table["block"].tolist() == ["Customer Relationships", "Channels"]
    assert table["aligned?"].tolist() == [False, True]
    assert table["action"].tolist() == ["Answer chats within an hour", "Optimise the checkout"]


@pytest.mark.parametrize(
    ("aligned", "needed"), [(False, "an improvement"), (True, "what to keep doing")]
)
def test_every_row_needs_an_action(aligned, needed):
    with pytest.raises(AlignmentError, match=rf"row 0: Channels needs an action: name {needed}"):
        alignment_table([("channels", "Buy online", aligned, " ")])
    with pytest.raises(AlignmentError, match="give a dict or a"):
        alignment_table([("channels", "Buy online", aligned)])


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (("pricing", "Low prices", True, "Keep"), "unknown block 'pricing'"),
        (("channels", " ", True, "Keep"), "customer expectation must be a non-empty text"),
        (("channels", "Buy online", "yes", "Keep"), "aligned must be True or False"),
        ({"block": "channels", "expect": "x", "aligned": True}, "unknown field"),
        ("channels", "give a dict or a"),
    ],
)
def test_bad_rows_are_named(row, message):
    with pytest.raises(AlignmentError, match=message):
        alignment_table([("value_propositions", "Fresh", True, "Keep it fresh"), row])


def test_empty_table_is_an_error():
    with pytest.raises(AlignmentError, match="at least one row"):
        alignment_table([])
