"""Tests for CanvasBoard, driven from code as the browser would: set values, click buttons."""

from __future__ import annotations

import ast
import json
import subprocess
import sys

import pytest
from traitlets import TraitError

from canvaskit_widgets import Canvas
from canvaskit_widgets.cases import maria_canvas
from canvaskit_widgets.consistency import check_threads
from canvaskit_widgets.model import MAX_TEXT
from canvaskit_widgets.vocab import BLOCKS
from canvaskit_widgets.widgets import CanvasBoard, StateError


def add(board: CanvasBoard, block: str, text: str) -> None:
    view = board._views[block]
    view.add_text.value = text
    view.add_button.click()


def test_lazy_export_and_cheap_package_import():
    import canvaskit_widgets
    from canvaskit_widgets import CanvasBoard as lazy
    from canvaskit_widgets import widgets

    assert lazy is CanvasBoard
    for name in widgets.__all__:
        if name != "StateError":
            assert getattr(canvaskit_widgets, name) is getattr(widgets, name)
    code = "import sys, canvaskit_widgets; print('ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_synced_state_mirrors_the_canvas():
    canvas = maria_canvas()
    board = CanvasBoard(canvas)
    state = board.get_state()
    assert board.canvas is canvas
    assert state["value"] == canvas.to_dict()
    assert state["findings"] == [f.to_dict() for f in check_threads(canvas)]
    assert "message" in state


def test_add_buttons_and_inputs_carry_stable_css_classes():
    board = CanvasBoard()
    for key, view in board._views.items():
        assert f"ck-add-{key}" in view.add_text._dom_classes
        assert f"ck-add-button-{key}" in view.add_button._dom_classes


def test_blocks_sit_in_the_poster_grid_areas():
    board = CanvasBoard()
    assert {view.box.layout.grid_area for view in board._views.values()} == {
        b.area for b in BLOCKS.values()
    }


def test_adding_a_note_updates_model_value_and_view():
    board = CanvasBoard()
    add(board, "customer_segments", "Young women")
    (segment,) = board.canvas.segments
    assert segment.text == "Young women"
    assert board.value["blocks"]["customer_segments"][0]["text"] == "Young women"
    assert "Young women" in board._views["customer_segments"].notes.value
    assert board._views["customer_segments"].add_text.value == ""
    # The new note is picked for tagging right away.
    assert board._views["customer_segments"].select.value == segment.id
    assert board._editor.layout.display is None


def test_bad_note_shows_a_message_and_keeps_the_typed_text():
    board = CanvasBoard(maria_canvas())
    before = board.value
    too_long = "x" * (MAX_TEXT + 1)
    add(board, "channels", too_long)
    assert "limit" in board.message
    assert "Not added" in board._status.value
    assert board._views["channels"].add_text.value == too_long
    assert board.value == before


def test_editing_tags_through_the_editor_updates_model_and_findings():
    canvas = Canvas("Shop")
    seg = canvas.add("customer_segments", "Students").id
    note = canvas.add("customer_relationships", "Chat on the web shop").id
    board = CanvasBoard(canvas)
    assert "relationship_untagged" in {f["code"] for f in board.findings}
    board._views["customer_relationships"].select.value = note
    board._tag_controls["segments"].value = (seg,)
    board._tag_controls["category"].value = "personal_assistance"
    board._tag_controls["motivation"].value = "keep"
    board._edit_text.value = "Live chat on the web shop"
    board._update_button.click()
    updated = canvas.note(note)
    assert (updated.text, updated.segments) == ("Live chat on the web shop", (seg,))
    assert (updated.category, updated.motivation) == ("personal_assistance", "keep")
    assert "relationship_untagged" not in {f["code"] for f in board.findings}
    assert board.value == canvas.to_dict()


def test_editor_shows_only_the_blocks_tags():
    board = CanvasBoard(maria_canvas())
    channel = board.canvas.blocks["channels"][0].id
    board._views["channels"].select.value = channel
    shown = {t for t, c in board._tag_controls.items() if c.layout.display != "none"}
    assert shown == {"segments", "phases", "channel_type"}


def test_failed_update_keeps_the_note_and_the_edits():
    board = CanvasBoard(maria_canvas())
    note = board.canvas.blocks["value_propositions"][0]
    board._views["value_propositions"].select.value = note.id
    board._edit_text.value = "   "
    board._on_update_click(None)
    assert "text is empty" in board.message
    assert board.canvas.note(note.id) == note
    assert board._edit_text.value == "   "


def test_remove_button_removes_the_selected_note_and_hides_the_editor():
    board = CanvasBoard(maria_canvas())
    note = board.canvas.blocks["key_partners"][0]
    board._views["key_partners"].select.value = note.id
    board._remove_button.click()
    assert note.id not in {n.id for n in board.canvas.blocks["key_partners"]}
    assert board._editor.layout.display == "none"
    assert note.text in board.message


def test_picking_in_one_block_clears_the_other_pickers():
    board = CanvasBoard(maria_canvas())
    first = board.canvas.blocks["key_partners"][0].id
    second = board.canvas.blocks["channels"][0].id
    board._views["key_partners"].select.value = first
    board._views["channels"].select.value = second
    assert board._views["key_partners"].select.value == ""
    assert board._selected == second


def test_changing_the_model_rewrites_only_the_changed_block():
    board = CanvasBoard(maria_canvas())
    rewritten = []
    for key, view in board._views.items():
        view.notes.observe(lambda change, key=key: rewritten.append(key), "value")
    board.canvas.add("key_partners", "A courier")
    assert rewritten == ["key_partners"]
    assert "A courier" in board._views["key_partners"].notes.value


def test_value_observers_see_every_change():
    board = CanvasBoard()
    seen = []
    board.observe(lambda change: seen.append(change.new), "value")
    add(board, "key_partners", "Suppliers")
    add(board, "key_partners", "Couriers")
    assert [len(v["blocks"]["key_partners"]) for v in seen] == [1, 2]


def test_notes_are_coloured_by_segment():
    canvas = maria_canvas()
    board = CanvasBoard(canvas)
    seg = canvas.segments[1]
    colour = canvas.colour_of(seg.id)
    note = canvas.add("revenue_streams", "Skin-care bundles", segments=[seg.id])
    assert colour in board._views["revenue_streams"].notes.value
    assert note.text in board._views["revenue_streams"].notes.value


def test_setting_value_reloads_the_shared_canvas_in_place():
    canvas = Canvas("Old")
    board = CanvasBoard(canvas)
    board.value = maria_canvas().to_dict()
    assert board.canvas is canvas
    assert canvas.to_dict() == maria_canvas().to_dict()
    assert board._title.value == "Maria's online beauty shop"


def test_setting_a_bad_value_raises_and_changes_nothing():
    board = CanvasBoard(maria_canvas())
    before = board.value
    bad = json.loads(json.dumps(before))
    bad["blocks"]["channels"][0]["phases"] = ["sometime"]
    with pytest.raises(TraitError, match="unknown channel phase 'sometime'"):
        board.value = bad
    assert board.value == before
    assert board.canvas.to_dict() == before


def test_title_field_renames_and_refuses_an_empty_title():
    board = CanvasBoard(maria_canvas())
    board._title.value = "Maria's shop"
    assert board.canvas.title == board.value["title"] == "Maria's shop"
    board._title.value = "  "
    assert "title" in board.message
    assert board.canvas.title == "Maria's shop"


def test_as_literal_round_trips():
    board = CanvasBoard(maria_canvas())
    literal = ast.literal_eval(board.as_literal())
    again = CanvasBoard(value=literal)
    assert again.canvas.to_dict() == board.canvas.to_dict()


def test_canvas_and_value_together_are_refused():
    with pytest.raises(TypeError, match="not both"):
        CanvasBoard(Canvas(), value=Canvas().to_dict())


def test_save_and_load_round_trip(tmp_path):
    path = tmp_path / "maria.canvas.json"
    board = CanvasBoard(maria_canvas())
    board._path.value = str(path)
    board._save_button.click()
    assert Canvas.load(path).to_dict() == board.value
    other = CanvasBoard()
    other.load(path)
    assert other.value == board.value
    assert "Loaded" in other.message


def test_loading_a_corrupt_file_changes_neither_file_nor_board(tmp_path):
    path = tmp_path / "broken.canvas.json"
    path.write_text('{"schema": "canvaskit.canvas", "version": 1, "blocks": [', encoding="utf-8")
    before_file = path.read_bytes()
    board = CanvasBoard(maria_canvas())
    before = board.value
    with pytest.raises(StateError, match="not valid JSON"):
        board.load(path)
    assert path.read_bytes() == before_file
    assert board.value == before
    assert str(path) in board.message
    # The Load button shows the same message and raises nothing.
    board._path.value = str(path)
    board._load_button.click()
    assert "Nothing was changed" in board.message


def test_loading_a_file_with_an_invalid_note_names_it(tmp_path):
    path = tmp_path / "bad.canvas.json"
    data = maria_canvas().to_dict()
    data["blocks"]["customer_relationships"][0]["category"] = "telepathy"
    path.write_text(json.dumps(data), encoding="utf-8")
    board = CanvasBoard()
    with pytest.raises(StateError, match="telepathy"):
        board.load(path)
    assert board.canvas.to_dict() == Canvas().to_dict()


def test_autosave_writes_every_change_and_restores_after_restart(tmp_path):
    path = tmp_path / "work.canvas.json"
    board = CanvasBoard(autosave=path)
    add(board, "key_partners", "Suppliers")
    assert Canvas.load(path).blocks["key_partners"][0].text == "Suppliers"
    again = CanvasBoard(autosave=path)
    assert again.value == board.value
    assert "Restored" in again.message


def test_a_corrupt_autosave_file_is_kept_and_autosave_stays_off(tmp_path):
    path = tmp_path / "work.canvas.json"
    path.write_text("not json", encoding="utf-8")
    board = CanvasBoard(autosave=path)
    add(board, "key_partners", "Suppliers")
    assert path.read_text(encoding="utf-8") == "not json"
    assert board.canvas.blocks["key_partners"][0].text == "Suppliers"


def test_export_button_writes_the_poster(tmp_path):
    board = CanvasBoard(maria_canvas())
    board._path.value = str(tmp_path / "maria.canvas.json")
    board._export_button.click()
    html = (tmp_path / "maria.html").read_text(encoding="utf-8")
    assert "Maria&#x27;s online beauty shop" in html
    assert "maria.html" in board.message


def test_removing_a_segment_updates_the_segment_choices():
    board = CanvasBoard(maria_canvas())
    seg = board.canvas.segments[0].id
    assert seg in {v for _, v in board._tag_controls["segments"].options}
    board.canvas.remove(seg)
    assert seg not in {v for _, v in board._tag_controls["segments"].options}


def test_close_stops_following_the_canvas():
    canvas = Canvas()
    board = CanvasBoard(canvas)
    board.close()
    canvas.add("key_partners", "Suppliers")
    assert board.value["blocks"]["key_partners"] == []
