"""The case canvases live as canvas JSON files in the package and load as valid canvases."""

from __future__ import annotations

import json

import pytest

from canvaskit_widgets import cases, consistency
from canvaskit_widgets.model import Canvas, CanvasError

FILES = sorted(cases.CASE_DATA.glob("*.json"))


def test_every_case_canvas_is_a_data_file():
    assert {f.stem for f in FILES} == {
        "maria",
        "esther",
        "hair_salon",
        "gemstone_cheaper",
        "gemstone_polished",
    }


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_each_file_is_the_canvas_format_and_round_trips(path):
    canvas = Canvas.load(path)
    assert json.loads(canvas.to_json()) == json.loads(path.read_text(encoding="utf-8"))


def test_each_call_gives_a_fresh_copy():
    first = cases.maria_canvas()
    first.remove("ch-6")
    assert "ch-6" in {n.id for _, n in cases.maria_canvas().notes}


def test_the_cases_keep_the_threads_the_chapters_rely_on():
    assert consistency.check_threads(cases.maria_canvas()) == []
    assert {f.segment for f in consistency.check_threads(cases.esther_canvas())} == {
        "online-followers"
    }


def test_a_broken_case_file_names_the_file(tmp_path, monkeypatch):
    (tmp_path / "maria.json").write_text(
        '{"schema": "canvaskit.canvas", "version": 1, "blocks": []}'
    )
    monkeypatch.setattr(cases, "CASE_DATA", tmp_path)
    with pytest.raises(CanvasError, match=r"maria\.json"):
        cases.maria_canvas()
