"""Blocks of a canvas as tables."""

from __future__ import annotations

import pytest

from canvaskit_widgets.model import Canvas
from canvaskit_widgets.tables import EVERY_SEGMENT, block_table


@pytest.fixture
def canvas() -> Canvas:
    c = Canvas("Test")
    c.add("customer_segments", "Students", id="students", segment_type="niche_market")
    c.add("customer_segments", "Parents", id="parents")
    c.add("channels", "Flyers", segments=["students", "parents"], phases=["awareness"])
    c.add("channels", "Shop", phases=["purchase", "delivery"], channel_type="own_indirect")
    return c


def test_channels_show_whom_they_serve_and_their_tags_as_labels(canvas: Canvas):
    table = block_table(canvas, "channels")
    assert list(table.columns) == ["note", "serves", "phases", "channel type"]
    assert table.to_dict("records") == [
        {
            "note": "Flyers",
            "serves": "Students; Parents",
            "phases": "Awareness",
            "channel type": "",
        },
        {
            "note": "Shop",
            "serves": EVERY_SEGMENT,
            "phases": "Purchase, Delivery",
            "channel type": "Own, indirect",
        },
    ]


def test_segments_have_no_serves_column(canvas: Canvas):
    table = block_table(canvas, "customer_segments")
    assert list(table.columns) == ["note", "segment type"]
    assert table["segment type"].tolist() == ["Niche market", ""]


def test_empty_block_gives_an_empty_table_with_its_columns(canvas: Canvas):
    table = block_table(canvas, "value_propositions")
    assert table.empty and list(table.columns) == ["note", "serves", "elements"]


def test_unknown_block_is_named(canvas: Canvas):
    with pytest.raises(KeyError, match="unknown block 'channel'"):
        block_table(canvas, "channel")
