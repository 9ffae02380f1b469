"""Tests for the relationship table."""

from __future__ import annotations

import math

import pandas as pd

from canvaskit_widgets import Canvas
from canvaskit_widgets.relationships import COLUMNS, relationship_table


def _shop() -> Canvas:
    c = Canvas("Shop")
    c.add("customer_segments", "Students", id="students")
    c.add("customer_segments", "Retirees", id="retirees")
    c.add(
        "customer_relationships",
        "Forum",
        segments=["students"],
        category="communities",
        motivation="get",
    )
    c.add("customer_relationships", "Help line", category="personal_assistance")
    return c


def test_one_row_per_segment_and_relationship_serving_it():
    table = relationship_table(_shop())
    assert list(table.columns) == list(COLUMNS)
    pairs = list(zip(table["segment"], table["relationship"], strict=True))
    assert pairs == [("Students", "Forum"), ("Students", "Help line"), ("Retirees", "Help line")]


def test_labels_metric_and_cost_come_from_the_vocabularies():
    row = relationship_table(_shop()).iloc[0]
    assert row["category"] == "Communities"
    assert row["motivation"] == "Get (acquisition)"
    assert row["metric"].startswith("CAC")
    assert row["relative_cost"] == 2
    assert (row["contact"], row["intimacy"]) == ("live_or_mediated", "collective")


def test_missing_tags_stay_empty_so_gaps_show():
    row = relationship_table(_shop()).iloc[1]
    assert row["category"] == "Personal assistance"
    assert pd.isna(row["motivation"]) and pd.isna(row["metric"])


def test_segment_without_relationship_gets_an_empty_row():
    c = _shop()
    c.add("customer_segments", "Parents", id="parents")
    c.remove(c.notes_for("customer_relationships")[1].id)
    table = relationship_table(c)
    parents = table[table["segment"] == "Parents"]
    assert len(parents) == 1
    assert pd.isna(parents.iloc[0]["relationship"])
    assert math.isnan(parents.iloc[0]["relative_cost"])


def test_cost_column_is_numeric_for_grouping():
    table = relationship_table(_shop())
    assert table.groupby("segment", sort=False)["relative_cost"].sum().to_dict() == {
        "Students": 6.0,
        "Retirees": 4.0,
    }
