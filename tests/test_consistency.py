"""Tests for the per-segment thread check."""

from __future__ import annotations

import pytest

from canvaskit_widgets import Canvas
from canvaskit_widgets.cases import maria_canvas
from canvaskit_widgets.consistency import CODES, check_threads, phase_coverage, summary
from canvaskit_widgets.vocab import CHANNEL_PHASES


def codes(canvas: Canvas) -> list[tuple[str | None, str]]:
    return [(f.segment, f.code) for f in check_threads(canvas)]


def test_empty_canvas_needs_a_segment():
    (finding,) = check_threads(Canvas())
    assert (finding.segment, finding.block, finding.code) == (
        None,
        "customer_segments",
        "no_segments",
    )


def test_bare_segment_lacks_every_thread():
    c = Canvas()
    c.add("customer_segments", "Students", id="s")
    assert codes(c) == [
        ("s", "no_value_proposition"),
        ("s", "no_channel"),
        ("s", "no_relationship"),
        ("s", "no_revenue_stream"),
    ]


def test_complete_case_canvas_has_no_findings():
    c = maria_canvas()
    assert check_threads(c) == []
    assert summary([]).startswith("Every segment has a complete thread")


def test_removing_a_segments_relationships_is_found():
    c = maria_canvas()
    for note in c.notes_for("customer_relationships", "men"):
        c.remove(note.id)
    assert codes(c) == [("men", "no_relationship")]


def test_relationship_without_category_and_motivation_is_untagged():
    c = maria_canvas()
    men = c.notes_for("customer_relationships", "men")
    for note in men:
        c.update(note.id, motivation=None)
    (finding,) = check_threads(c)
    assert finding.code == "relationship_untagged"
    assert finding.detail == tuple(n.id for n in men)


def test_one_tagged_relationship_is_enough():
    c = maria_canvas()
    _first, *rest = c.notes_for("customer_relationships", "men")
    for note in rest:
        c.update(note.id, category=None)
    assert check_threads(c) == []


def test_phase_gap_names_the_missing_phases_in_order():
    c = maria_canvas()
    after_sales = next(n for n in c.notes_for("channels") if "after_sales" in n.phases)
    c.update(after_sales.id, phases=[])
    delivery = next(n for n in c.notes_for("channels") if "delivery" in n.phases)
    c.remove(delivery.id)
    gaps = [f for f in check_threads(c) if f.code == "phase_gap"]
    assert [f.segment for f in gaps] == ["young-women", "adult-women", "men"]
    assert all(f.detail == ("delivery", "after_sales") for f in gaps)
    assert "Delivery, After sales" in gaps[0].message


def test_untagged_notes_serve_every_segment():
    c = Canvas()
    for seg in ("a", "b"):
        c.add("customer_segments", seg.upper(), id=seg)
    c.add("value_propositions", "Good value")
    c.add("channels", "Everywhere", phases=list(CHANNEL_PHASES))
    c.add("customer_relationships", "Help desk", category="personal_assistance", motivation="keep")
    c.add("revenue_streams", "Sales", segments=["a"])
    assert codes(c) == [("b", "no_revenue_stream")]


def test_phase_coverage_lists_covering_notes():
    c = maria_canvas()
    coverage = phase_coverage(c)
    assert set(coverage) == {"young-women", "adult-women", "men"}
    assert list(coverage["men"]) == list(CHANNEL_PHASES)
    awareness = coverage["men"]["awareness"]
    assert [c.note(i).segments for i in awareness] == [("men",)]


def test_findings_are_structured_and_summarised():
    c = Canvas()
    c.add("customer_segments", "Students", id="s")
    findings = check_threads(c)
    assert all(CODES[f.code] == f.block for f in findings)
    assert findings[0].to_dict() == {
        "segment": "s",
        "block": "value_propositions",
        "code": "no_value_proposition",
        "message": "No value proposition is offered to 'Students'.",
        "detail": [],
    }
    text = summary(findings)
    assert text.splitlines()[0] == "4 gap(s) found:"
    assert "- Revenue Streams: No revenue stream comes from 'Students'." in text


@pytest.mark.parametrize("key", ["maria", "esther", "hair_salon"])
def test_case_canvases_are_valid(key):
    from canvaskit_widgets import cases

    canvas = getattr(cases, f"{key}_canvas")()
    assert Canvas.from_json(canvas.to_json()) == canvas
