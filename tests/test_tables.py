"""Blocks of a canvas as tables."""

from __future__ import annotations

import pytest

from canvaskit_widgets.model import Canvas, CanvasError
from canvaskit_widgets.tables import (
    EVERY_SEGMENT,
    THREAD_ORDER,
    block_table,
    show,
    side_by_side,
    thread_table,
)
from canvaskit_widgets.vocab import BLOCKS


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


def test_thread_follows_one_segment_from_the_customer_side_inwards(canvas: Canvas):
    canvas.add("value_propositions", "Cheap cuts", segments=["students"])
    canvas.add("value_propositions", "Family cuts", segments=["parents"])
    canvas.add("key_resources", "Chairs")
    table = thread_table(canvas, "students")
    assert table.to_dict("records") == [
        {"block": "Customer Segments", "note": "Students", "shared": False},
        {"block": "Value Propositions", "note": "Cheap cuts", "shared": False},
        {"block": "Channels", "note": "Flyers", "shared": False},
        {"block": "Channels", "note": "Shop", "shared": True},
        {"block": "Key Resources", "note": "Chairs", "shared": True},
    ]
    assert list(THREAD_ORDER[:4]) == [
        "customer_segments",
        "value_propositions",
        "channels",
        "customer_relationships",
    ]
    assert sorted(THREAD_ORDER) == sorted(BLOCKS)


def test_thread_of_a_note_that_is_no_segment_is_refused(canvas: Canvas):
    flyers = canvas.blocks["channels"][0].id
    with pytest.raises(KeyError, match=f"'{flyers}' is a note in 'channels', not a segment"):
        thread_table(canvas, flyers)
    with pytest.raises(CanvasError, match="no note with id 'nobody'"):
        thread_table(canvas, "nobody")


def test_show_keeps_long_text_whole_and_hides_the_index():
    import pandas as pd

    long = "A sentence that is much longer than the fifty characters pandas shows by default."
    frame = pd.DataFrame({"text": [long], "share": [0.123456]}, index=["row-label"])
    html = show(frame).to_html()
    assert long in html and "0.12" in html and "0.123456" not in html
    assert "row-label" not in html
    assert "row-label" in show(frame, index=True).to_html()
    assert long not in frame._repr_html_()  # what show() is for


def test_side_by_side_compares_chosen_blocks_of_each_canvas(canvas: Canvas):
    other = Canvas("Other")
    other.add("channels", "Radio")
    other.add("channels", "Web")
    table = side_by_side({"one": canvas, "two": other}, ["channels", "key_partners"])
    assert table.index.tolist() == ["Channels", "Key Partners"]
    assert table.to_dict("index") == {
        "Channels": {"one": "Flyers; Shop", "two": "Radio; Web"},
        "Key Partners": {"one": "", "two": ""},
    }
    assert side_by_side({"one": canvas}).index.tolist() == [BLOCKS[b].label for b in THREAD_ORDER]


def test_side_by_side_refuses_unknown_blocks_and_no_canvas(canvas: Canvas):
    with pytest.raises(KeyError, match=r"unknown block\(s\) 'channel'"):
        side_by_side({"one": canvas}, ["channel"])
    with pytest.raises(ValueError, match="at least one canvas"):
        side_by_side({})
