"""The generated table of contents: reading chapters, rendering, writing, and the committed README."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from canvaskit_widgets import toc

COURSE = Path(__file__).resolve().parents[2] / "course"


def _notebook(folder: Path, name: str, *markdown: str) -> Path:
    cells = [{"cell_type": "markdown", "metadata": {}, "source": m} for m in markdown]
    cells.insert(1, {"cell_type": "code", "metadata": {}, "source": "# Learning objectives"})
    nb = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = folder / name
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


@pytest.fixture
def course(tmp_path: Path) -> Path:
    _notebook(
        tmp_path,
        "01_second.ipynb",
        "# 1 · Second chapter\n\nOverview.",
        "## Learning objectives\n\n- Classify things.\n* Compute numbers.\n",
        "## Practise\n\nOpen [it](../exercises/maria/maria.ipynb), then "
        "[this](../exercises/gemstone/gemstone.ipynb) and [it again](../exercises/maria/maria.ipynb).",
    )
    _notebook(tmp_path, "00_first.ipynb", "Intro text\n\n# First chapter", "## Learning objectives")
    (tmp_path / "notes.ipynb").write_text("not a chapter")
    return tmp_path


def test_chapters_are_read_in_file_order_with_title_objectives_and_exercises(course: Path):
    first, second = toc.chapters(course)
    assert (first.number, first.title, first.objectives, first.exercises) == (
        0,
        "First chapter",
        (),
        (),
    )
    assert second.heading == "1 · Second chapter"
    assert second.objectives == ("Classify things.", "Compute numbers.")
    assert second.exercises == ("maria", "gemstone")


def test_code_cells_are_not_read_as_markdown(course: Path):
    assert "Learning objectives" not in toc.markdown_text(course / "01_second.ipynb").split("\n")[0]
    assert len(toc.markdown_cells(course / "01_second.ipynb")) == 3


def test_render_links_chapters_and_exercises(course: Path):
    text = toc.render(toc.chapters(course))
    assert "| [1 · Second chapter](01_second.ipynb) |" in text
    assert "[Maria's online beauty shop](../exercises/maria/maria.ipynb)" in text
    assert "- Compute numbers." in text
    assert text.index("0 · First chapter") < text.index("1 · Second chapter")


def test_write_readme_writes_what_render_gives(course: Path):
    path = toc.write_readme(course)
    assert path == course / "README.md"
    assert path.read_text(encoding="utf-8") == toc.render(toc.chapters(course))
    assert [p.name for p in course.iterdir() if p.name.startswith(".")] == []


def test_heading_number_must_match_file_name(tmp_path: Path):
    _notebook(tmp_path, "02_wrong.ipynb", "# 3 · Wrong number")
    with pytest.raises(ValueError, match="heading says chapter 3, the file name 2"):
        toc.chapters(tmp_path)


def test_missing_title_and_broken_notebook_are_named(tmp_path: Path):
    _notebook(tmp_path, "04_untitled.ipynb", "## Only a section")
    with pytest.raises(ValueError, match=r"04_untitled\.ipynb has no"):
        toc.read_chapter(tmp_path / "04_untitled.ipynb")
    broken = tmp_path / "05_broken.ipynb"
    broken.write_text("{not json")
    with pytest.raises(ValueError, match=r"05_broken\.ipynb is not a Jupyter notebook"):
        toc.read_chapter(broken)


def test_committed_readme_matches_the_chapters():
    readme = COURSE / toc.README
    assert readme.exists(), "course/README.md is missing: run `canvaskit toc`"
    assert readme.read_text(encoding="utf-8") == toc.render(toc.chapters(COURSE)), (
        "course/README.md is out of date: run `canvaskit toc`"
    )


def test_is_current_sees_a_stale_readme(course: Path):
    assert not toc.is_current(course)
    toc.write_readme(course)
    assert toc.is_current(course)
    _notebook(course, "02_third.ipynb", "# 2 · Third")
    assert not toc.is_current(course)


def test_cli_toc_writes_and_checks(monkeypatch: pytest.MonkeyPatch, course: Path):
    from canvaskit_widgets import cli

    monkeypatch.setattr(cli, "course_dir", lambda: course)
    assert cli.main(["toc", "--check"]) == 1
    assert cli.main(["toc"]) == 0
    assert (course / "README.md").read_text(encoding="utf-8") == toc.render(toc.chapters(course))
    assert cli.main(["toc", "--check"]) == 0
