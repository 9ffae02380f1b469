"""Every case canvas keeps the tag rules written next to the vocabularies, and a mis-tag fails."""

from __future__ import annotations

import pytest

from canvaskit_widgets import cases
from canvaskit_widgets.model import Canvas
from canvaskit_widgets.tag_rules import RULES, check_tags

CANVASES = {
    "maria": cases.maria_canvas,
    "esther": cases.esther_canvas,
    "hair_salon": cases.hair_salon_canvas,
    "gemstone_cheaper": lambda: cases.gemstone_canvases()["cheaper"],
    "gemstone_polished": lambda: cases.gemstone_canvases()["polished"],
}


@pytest.mark.parametrize("name", CANVASES)
def test_every_case_canvas_keeps_the_tag_rules(name):
    assert check_tags(CANVASES[name]()) == []


def _note(canvas: Canvas, start: str) -> str:
    (note,) = [n.id for _, n in canvas.notes if n.text.startswith(start)]
    return note


@pytest.mark.parametrize(
    "case, start, change, rule",
    [
        # brand-to-customer chat is not a community
        ("maria", "Informal, close chat", {"category": "communities"}, "category-fits-text"),
        # a promise about the offer is not personal assistance
        (
            "esther",
            "Conversations with regulars",
            {"text": "Keeping the promise of quality"},
            "category-fits-text",
        ),
        # Instagram is a platform run by others
        ("maria", "Instagram and TikTok", {"channel_type": "own_direct"}, "partner-platforms"),
        # a referral discount is not customers helping each other
        ("hair_salon", "Bring-a-friend", {"category": "communities"}, "category-fits-text"),
        # polls on packaging are co-creation, which an automated tag contradicts
        ("esther", "Polls on packaging", {"category": "automated_services"}, "category-fits-text"),
        # relationships aimed at prospects are get, not grow
        ("maria", "How-to guides", {"motivation": "grow"}, "grow-is-existing-customers"),
        # segments with their own channels are not a mass market
        ("esther", "Loyal local customers", {"segment_type": "mass_market"}, "mass-market"),
    ],
)
def test_a_mis_tag_fails(case, start, change, rule):
    canvas = CANVASES[case]()
    canvas.update(_note(canvas, start), **change)
    assert rule in {v.rule for v in check_tags(canvas)}


def test_every_rule_is_written_out():
    assert all(rule.text.endswith(".") and len(rule.text) > 60 for rule in RULES)
