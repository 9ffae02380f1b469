"""Tests for the canvas model: tags, ids, changes and JSON files."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from canvaskit_widgets import Canvas, CanvasError
from canvaskit_widgets.model import MAX_TEXT, TAGS_BY_BLOCK
from canvaskit_widgets.vocab import (
    BLOCKS,
    CHANNEL_PHASES,
    MOTIVATIONS,
    RELATIONSHIP_CATEGORIES,
    VALUE_ELEMENTS,
)


@pytest.fixture
def canvas() -> Canvas:
    c = Canvas("Test shop")
    c.add("customer_segments", "Students", id="students")
    c.add("customer_segments", "Retirees", id="retirees")
    return c


def test_new_canvas_has_all_nine_blocks_empty():
    c = Canvas()
    assert list(c.blocks) == list(BLOCKS)
    assert all(notes == [] for notes in c.blocks.values())


def test_segments_get_slug_ids_and_distinct_colours():
    c = Canvas()
    a = c.add("customer_segments", "Young women")
    b = c.add("customer_segments", "Young women")
    assert (a.id, b.id) == ("young-women", "young-women-1")
    assert a.colour != b.colour


def test_note_tags_are_validated_against_vocabularies(canvas):
    note = canvas.add(
        "customer_relationships",
        "Forum",
        segments=["students"],
        category="communities",
        motivation="keep",
    )
    assert note.tags == {"segments": ["students"], "category": "communities", "motivation": "keep"}
    with pytest.raises(CanvasError, match="unknown relationship category 'friendship'"):
        canvas.add("customer_relationships", "x", category="friendship")
    with pytest.raises(CanvasError, match="unknown channel phase 'shipping'"):
        canvas.add("channels", "x", phases=["shipping"])


def test_rejected_add_leaves_canvas_unchanged(canvas):
    before = canvas.to_dict()
    for bad in ({"category": "self_service"}, {"phases": ["moon"]}, {"segments": ["ghost"]}):
        with pytest.raises(CanvasError):
            canvas.add("channels", "Web shop", **bad)
    assert canvas.to_dict() == before


def test_tag_outside_its_block_is_rejected(canvas):
    with pytest.raises(CanvasError, match="'category' does not apply in block 'channels'"):
        canvas.add("channels", "Web shop", category="self_service")
    with pytest.raises(CanvasError, match="'segments' does not apply"):
        canvas.add("customer_segments", "Kids", segments=["students"])


def test_unknown_tag_name_is_rejected(canvas):
    with pytest.raises(CanvasError, match="unknown tag"):
        canvas.add("channels", "x", colour_scheme="red")


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_text_is_rejected(canvas, text):
    with pytest.raises(CanvasError, match="text is empty"):
        canvas.add("key_partners", text)


def test_absurdly_long_text_is_rejected(canvas):
    canvas.add("key_partners", "x" * MAX_TEXT)
    with pytest.raises(CanvasError, match=f"limit is {MAX_TEXT}"):
        canvas.add("key_partners", "x" * (MAX_TEXT + 1))


def test_non_string_text_is_rejected(canvas):
    with pytest.raises(CanvasError, match="text must be a string"):
        canvas.add("key_partners", 42)


def test_duplicate_segment_id_is_rejected(canvas):
    with pytest.raises(CanvasError, match="duplicate segment id 'students'"):
        canvas.add("customer_segments", "Other students", id="students")


def test_reference_to_missing_segment_is_rejected_and_nothing_is_added(canvas):
    before = canvas.to_dict()
    with pytest.raises(CanvasError, match="refers to segment 'nobody'"):
        canvas.add("value_propositions", "Cheap", segments=["nobody"])
    assert canvas.to_dict() == before


def test_update_validates_and_keeps_old_note_on_error(canvas):
    note = canvas.add("channels", "Shop", phases=["purchase"])
    with pytest.raises(CanvasError):
        canvas.update(note.id, phases=["nowhere"])
    with pytest.raises(CanvasError):
        canvas.update(note.id, segments=["nobody"])
    assert canvas.note(note.id) == note
    new = canvas.update(note.id, text="Own shop", phases=["purchase", "delivery"])
    assert canvas.note(note.id) == new
    assert new.phases == ("purchase", "delivery")


def test_removing_a_segment_untags_notes(canvas):
    vp = canvas.add("value_propositions", "Cheap", segments=["students", "retirees"])
    canvas.remove("students")
    assert [s.id for s in canvas.segments] == ["retirees"]
    assert canvas.note(vp.id).segments == ("retirees",)


def test_notes_for_includes_untagged_notes(canvas):
    shared = canvas.add("channels", "Web shop", phases=["purchase"])
    only = canvas.add("channels", "Campus stand", segments=["students"])
    assert canvas.notes_for("channels", "students") == [shared, only]
    assert canvas.notes_for("channels", "retirees") == [shared]


def test_listeners_hear_every_change(canvas):
    heard = []
    canvas.subscribe(heard.append)
    note = canvas.add("key_partners", "Supplier")
    canvas.update(note.id, text="Main supplier")
    canvas.remove(note.id)
    assert len(heard) == 3 and all(c is canvas for c in heard)


def test_json_round_trip_keeps_everything(canvas):
    canvas.add(
        "customer_relationships",
        "Tutor <b>sessions</b>",
        segments=["students"],
        category="personal_assistance",
        motivation="get",
        phases=["evaluation"],
    )
    again = Canvas.from_json(canvas.to_json())
    assert again == canvas
    assert again.to_dict()["version"] == 1


def test_save_is_atomic_and_load_reads_it(tmp_path, canvas):
    path = tmp_path / "shop.canvas.json"
    canvas.save(path)
    assert Canvas.load(path) == canvas
    assert [p.name for p in tmp_path.iterdir()] == ["shop.canvas.json"]


def test_failed_save_leaves_old_file_whole(tmp_path, canvas, monkeypatch):
    path = tmp_path / "shop.canvas.json"
    canvas.save(path)
    before = path.read_bytes()
    canvas.add("key_partners", "New partner")

    def broken_fsync(fd):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="disk full"):
        canvas.save(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["shop.canvas.json"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "must be a JSON object"),
        ('{"schema": "other"}', "schema is 'other'"),
        ('{"schema": "canvaskit.canvas", "version": "1"}', "version '1' is not a whole number"),
        ('{"schema": "canvaskit.canvas", "version": 99}', "newer than this canvaskit"),
        ('{"schema": "canvaskit.canvas", "version": 1, "extra": 1}', "unknown field"),
        (
            '{"schema": "canvaskit.canvas", "version": 1, "blocks": {"cs": []}}',
            "unknown block 'cs'",
        ),
        (
            '{"schema": "canvaskit.canvas", "version": 1, "blocks": {"channels": [{"id": "a"}]}}',
            r"blocks.channels\[0\]: a note needs an id and a text",
        ),
        (
            '{"schema": "canvaskit.canvas", "version": 1, "blocks": {"channels": '
            '[{"id": "a", "text": "x", "phases": ["moon"]}]}}',
            r"blocks.channels\[0\]: note 'a': unknown channel phase 'moon'",
        ),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"a": ' * 50_000 + "1" + "}" * 50_000, "nested too deeply"),
        (
            '{"schema": "canvaskit.canvas", "version": 1, "blocks": {"channels": '
            '[{"id": "a", "text": "x", "segments": [["s"]]}]}}',
            r"segments must be a list of names",
        ),
        (
            '{"schema": "canvaskit.canvas", "version": 1, "blocks": {"channels": '
            '[{"id": "a", "text": "x", "phases": [{"a": 1}]}]}}',
            r"phases must be a list of names",
        ),
        (
            '{"schema": "canvaskit.canvas", "version": 1, "blocks": {"channels": '
            '[{"id": "a", "text": "x", "channel_type": ["own_direct"]}]}}',
            r"channel_type must be a name",
        ),
    ],
)
def test_corrupt_file_raises_clear_error_and_is_not_changed(tmp_path, content, message):
    path = tmp_path / "bad.canvas.json"
    path.write_text(content)
    with pytest.raises(CanvasError, match=message) as info:
        Canvas.load(path)
    assert str(path) in str(info.value)
    assert path.read_text() == content


def test_unreadable_file_raises_canvas_error(tmp_path):
    path = tmp_path / "binary.canvas.json"
    path.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(CanvasError, match="cannot read"):
        Canvas.load(path)
    with pytest.raises(CanvasError, match="cannot read"):
        Canvas.load(tmp_path / "missing.json")


def test_every_block_has_a_tag_rule_or_none():
    assert set(TAGS_BY_BLOCK) <= set(BLOCKS)


# -- property: any valid canvas survives JSON -------------------------------------------------
_text = st.text(min_size=1, max_size=60).filter(lambda s: s.strip())


@st.composite
def canvases(draw):
    c = Canvas(draw(_text))
    seg_ids = []
    for _ in range(draw(st.integers(0, 3))):
        seg_ids.append(c.add("customer_segments", draw(_text)).id)
    segs = st.lists(st.sampled_from(seg_ids), max_size=2) if seg_ids else st.just([])
    for _ in range(draw(st.integers(0, 8))):
        block = draw(st.sampled_from(["value_propositions", "channels", "customer_relationships"]))
        tags = {"segments": draw(segs)}
        if block == "value_propositions":
            tags["elements"] = draw(st.lists(st.sampled_from(list(VALUE_ELEMENTS)), max_size=3))
        elif block == "channels":
            tags["phases"] = draw(st.lists(st.sampled_from(list(CHANNEL_PHASES)), max_size=5))
        else:
            tags["category"] = draw(st.sampled_from([None, *RELATIONSHIP_CATEGORIES]))
            tags["motivation"] = draw(st.sampled_from([None, *MOTIVATIONS]))
        c.add(block, draw(_text), **tags)
    return c


@given(canvases())
def test_json_round_trip_property(c):
    assert Canvas.from_json(c.to_json()) == c
    assert json.loads(c.to_json()) == c.to_dict()


def test_saved_files_get_normal_permissions_and_keep_existing_ones(tmp_path, canvas):
    fresh = canvas.save(tmp_path / "new.canvas.json")
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask
    fresh.chmod(0o640)
    canvas.save(fresh)
    assert fresh.stat().st_mode & 0o777 == 0o640


def test_loading_checks_duplicate_ids_across_blocks_in_one_pass():
    data = Canvas("Dup").to_dict()
    data["blocks"]["channels"] = [{"id": "x", "text": "one"}]
    data["blocks"]["key_partners"] = [{"id": "x", "text": "two"}]
    with pytest.raises(CanvasError, match="duplicate note id 'x'"):
        Canvas.from_dict(data)


def test_a_large_canvas_loads_whole(tmp_path):
    data = Canvas("Big").to_dict()
    data["blocks"]["key_partners"] = [{"id": f"n{i}", "text": f"Note {i}"} for i in range(5000)]
    path = tmp_path / "big.canvas.json"
    path.write_text(json.dumps(data))
    assert [n.id for n in Canvas.load(path).blocks["key_partners"]][-1] == "n4999"
