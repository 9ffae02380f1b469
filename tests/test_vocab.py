"""Tests for the vocabularies."""

from __future__ import annotations

import pytest

from canvaskit_widgets import vocab


def test_canonical_sizes():
    assert len(vocab.BLOCKS) == 9
    assert len(vocab.SEGMENT_TYPES) == 5
    assert len(vocab.VALUE_ELEMENTS) == 11
    assert len(vocab.CHANNEL_PHASES) == 5
    assert len(vocab.RELATIONSHIP_CATEGORIES) == 6
    assert list(vocab.MOTIVATIONS) == ["get", "keep", "grow"]


def test_every_term_is_defined_with_an_example():
    for v in vocab.TAG_VOCABULARIES.values():
        for term in v.values():
            assert term.label and term.definition.endswith((".", "?")) and term.example


def test_unknown_key_message_lists_choices():
    with pytest.raises(KeyError, match="unknown channel phase 'x'; expected one of: awareness"):
        vocab.CHANNEL_PHASES["x"]


def test_relationship_costs_order_personal_above_self_service():
    cost = {k: t.extra["relative_cost"] for k, t in vocab.RELATIONSHIP_CATEGORIES.items()}
    assert (
        cost["dedicated_personal_assistance"] > cost["personal_assistance"] > cost["self_service"]
    )


def test_longer_type_list_maps_onto_the_six_and_three():
    for category, motivation in vocab.RELATIONSHIP_TYPES.values():
        assert category in vocab.RELATIONSHIP_CATEGORIES and motivation in vocab.MOTIVATIONS


def test_clashes_and_dimensions_use_known_keys():
    for a, b in vocab.VALUE_CLASHES:
        assert a in vocab.VALUE_ELEMENTS and b in vocab.VALUE_ELEMENTS
    intimacy = vocab.RELATIONSHIP_DIMENSIONS["intimacy"]
    for term in vocab.RELATIONSHIP_CATEGORIES.values():
        assert term.extra["intimacy"] in intimacy
        assert term.extra["contact"] in vocab.RELATIONSHIP_DIMENSIONS["contact"]


def test_options_and_table_shapes():
    assert vocab.MOTIVATIONS.options()[0] == ("Get (acquisition)", "get")
    rows = vocab.SEGMENT_TYPES.table()
    assert [r["key"] for r in rows] == list(vocab.SEGMENT_TYPES)


def test_channel_types_and_relationship_contact_use_distinct_words():
    channel_words = {w for t in vocab.CHANNEL_TYPES.values() for w in t.label.lower().split(", ")}
    contact = vocab.RELATIONSHIP_DIMENSIONS["contact"]
    assert channel_words == {"own", "partner", "direct", "indirect"}
    assert not channel_words & {w for t in contact.values() for w in t.label.lower().split()}


def test_grow_is_measured_by_selling_more_and_keep_by_coming_back():
    grow, keep = (vocab.MOTIVATIONS[m].extra["metric"] for m in ("grow", "keep"))
    for measure in ("average order value", "orders per customer", "cross-category share"):
        assert measure in grow
    assert "repeat-purchase" not in grow and "repeat-purchase" in keep


def test_relationship_types_follow_the_category_definitions():
    types = vocab.RELATIONSHIP_TYPES
    assert types["exclusive access"][0] == types["loyalty programme"][0] == "automated_services"
    assert types["referral programme"][0] != "communities"
    assert types["free samples"] == ("self_service", "get")
