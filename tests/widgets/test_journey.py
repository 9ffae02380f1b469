"""Tests for JourneyMap: the gaps trait against the thread check, live updates, ticking phases."""

from __future__ import annotations

import ast

import pytest

from canvaskit_widgets import Canvas
from canvaskit_widgets.cases import esther_canvas, gemstone_canvases, maria_canvas
from canvaskit_widgets.consistency import check_threads
from canvaskit_widgets.vocab import CHANNEL_PHASES
from canvaskit_widgets.widgets import CanvasBoard, JourneyMap, StateError

ALL = list(CHANNEL_PHASES)


def two_segments() -> Canvas:
    canvas = Canvas("Shop")
    canvas.add("customer_segments", "Students", id="students")
    canvas.add("customer_segments", "Retirees", id="retirees")
    canvas.add("channels", "Instagram", id="insta", segments=["students"], phases=["awareness"])
    canvas.add("channels", "Web shop", id="web", phases=["purchase", "delivery"])
    return canvas


def no_channels() -> Canvas:
    canvas = Canvas("No channels yet")
    canvas.add("customer_segments", "Students", id="students")
    return canvas


def test_gaps_by_hand():
    journey = JourneyMap(two_segments())
    assert journey.get_state()["gaps"] == {
        "students": ["evaluation", "after_sales"],
        "retirees": ["awareness", "evaluation", "after_sales"],
    }


@pytest.mark.parametrize(
    "canvas",
    [
        maria_canvas(),
        esther_canvas(),
        *gemstone_canvases().values(),
        two_segments(),
        no_channels(),
    ],
    ids=lambda c: c.title,
)
def test_gaps_match_the_thread_checks_phase_gaps(canvas):
    journey = JourneyMap(canvas)
    findings = check_threads(canvas)
    phase_gaps = {f.segment: list(f.detail) for f in findings if f.code == "phase_gap"}
    no_channel = {f.segment for f in findings if f.code == "no_channel"}
    for seg, gaps in journey.gaps.items():
        if seg in no_channel:
            assert gaps == ALL
        else:
            assert gaps == phase_gaps.get(seg, [])


def test_gap_cells_are_highlighted():
    journey = JourneyMap(two_segments())
    assert journey._grid.value.count('class="ck-gap"') == 5
    assert "Instagram" in journey._grid.value


def test_the_map_follows_changes_made_elsewhere():
    canvas = two_segments()
    journey = JourneyMap(canvas)
    board = CanvasBoard(canvas)
    seen = []
    journey.observe(lambda change: seen.append(change.new), "gaps")
    board._views["channels"].add_text.value = "Email help line"
    board._views["channels"].add_button.click()
    canvas.update(board._selected, phases=["evaluation", "after_sales"])
    assert journey.gaps == {"students": [], "retirees": ["awareness"]}
    assert seen[-1] == journey.gaps
    assert any(label == "Email help line" for label, _ in journey._channel.options)


def test_ticking_a_phase_updates_the_channel_note():
    canvas = two_segments()
    journey = JourneyMap(canvas)
    journey._channel.value = "insta"
    assert [p for p, box in journey._phases.items() if box.value] == ["awareness"]
    journey._phases["evaluation"].value = True
    assert canvas.note("insta").phases == ("awareness", "evaluation")
    assert journey.gaps["students"] == ["after_sales"]
    journey._phases["awareness"].value = False
    assert canvas.note("insta").phases == ("evaluation",)


def test_phase_boxes_are_off_until_a_channel_is_picked():
    journey = JourneyMap(two_segments())
    assert all(box.disabled for box in journey._phases.values())
    journey._channel.value = "web"
    assert not any(box.disabled for box in journey._phases.values())


def test_removing_the_picked_channel_clears_the_pick():
    canvas = two_segments()
    journey = JourneyMap(canvas)
    journey._channel.value = "web"
    canvas.remove("web")
    assert journey._channel.value == ""
    assert not any(box.value for box in journey._phases.values())


def test_canvas_without_segments_shows_a_hint():
    journey = JourneyMap(Canvas())
    assert journey.gaps == {}
    assert "Add customer segments" in journey._grid.value


def test_save_load_and_literal(tmp_path):
    canvas = two_segments()
    journey = JourneyMap(canvas)
    path = journey.save(tmp_path / "shop.canvas.json")
    assert Canvas.load(path).to_dict() == canvas.to_dict()
    assert ast.literal_eval(journey.as_literal()) == canvas.to_dict()
    other = JourneyMap(Canvas())
    other.load(path)
    assert other.gaps == journey.gaps


def test_a_corrupt_file_changes_nothing(tmp_path):
    path = tmp_path / "shop.canvas.json"
    path.write_text('{"schema": "other"}', encoding="utf-8")
    canvas = two_segments()
    journey = JourneyMap(canvas)
    with pytest.raises(StateError, match="schema"):
        journey.load(path)
    assert canvas.to_dict() == two_segments().to_dict()
    assert path.read_text(encoding="utf-8") == '{"schema": "other"}'
