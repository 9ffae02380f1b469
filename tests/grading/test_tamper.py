"""Restoring instructor cells from the source, and naming what a submission changed."""

from __future__ import annotations

import copy

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from canvaskit_widgets.grading.tamper import SourceCell, Tamper, load_source, restore, suspicious

HIDDEN = "### BEGIN HIDDEN TESTS\nassert f(0) == 0\n### END HIDDEN TESTS"


def source_cells() -> list[SourceCell]:
    def cell(name, kind="code", source="", **flags):
        release = source.split("### BEGIN")[0].rstrip("\n") if "HIDDEN" in source else source
        base = dict(locked=False, grade=False, solution=False, task=False, points=None)
        return SourceCell(name, kind, source, release_source=release, **{**base, **flags})

    return [
        cell("setup", source="import math", locked=True),
        cell("answer", source="def f(x):\n    raise NotImplementedError()", solution=True),
        cell("test_f", source="assert f(1) == 1\n" + HIDDEN, locked=True, grade=True, points=2.0),
        cell("test_g", source="assert f(2) == 2", locked=True, grade=True, points=1.0),
        cell("essay", kind="markdown", source="Your answer", grade=True, solution=True, points=2.0),
    ]


def release(cells: list[SourceCell]) -> nbformat.NotebookNode:
    """The student's copy: each source cell with hidden tests stripped."""
    nb = new_notebook(cells=[])
    for source in cells:
        cell = source.cell()
        cell.source = source.release_source
        nb.cells.append(cell)
    return nb


def ids(nb: nbformat.NotebookNode) -> list[str | None]:
    return [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]


def test_an_untouched_submission_has_no_tampering_and_gets_the_hidden_tests_back():
    cells = source_cells()
    nb = release(cells)
    nb.cells[1].source = "def f(x):\n    return x"
    assert restore(nb, cells) == []
    assert nb.cells[1].source == "def f(x):\n    return x", "answers are the student's"
    assert nb.cells[2].source == cells[2].source, "the hidden tests are back for grading"


def test_an_edited_test_cell_is_restored_with_its_hidden_tests_and_named():
    cells = source_cells()
    nb = release(cells)
    nb.cells[2].source = "assert True"
    assert restore(nb, cells) == [Tamper("test_f", "edited", True)]
    assert nb.cells[2].source == cells[2].source, "restored from the source, hidden tests included"


def test_a_deleted_test_cell_comes_back_in_its_place_before_the_next_source_cell():
    cells = source_cells()
    nb = release(cells)
    nb.cells.insert(2, new_code_cell("print('my scratch work')"))  # a student's own cell
    del nb.cells[3]  # test_f
    assert restore(nb, cells) == [Tamper("test_f", "deleted", True)]
    assert ids(nb) == ["setup", "answer", None, "test_f", "test_g", "essay"]


def test_a_duplicated_test_cell_keeps_one_copy_at_the_last_place():
    cells = source_cells()
    nb = release(cells)
    nb.cells.insert(1, copy.deepcopy(nb.cells[3]))  # test_g copied above the answer
    found = restore(nb, cells)
    assert found == [Tamper("test_g", "duplicated", True)]
    assert ids(nb) == ["setup", "answer", "test_f", "test_g", "essay"]
    assert not found[0].penalized, "an unchanged copy is a slip: the test is graded once"
    assert "one copy kept and graded" in str(found[0])


def test_a_duplicated_test_cell_with_an_edited_copy_is_an_edit():
    cells = source_cells()
    nb = release(cells)
    nb.cells.insert(4, copy.deepcopy(nb.cells[3]))
    nb.cells[3].source = "assert True"
    found = restore(nb, cells)
    assert found == [Tamper("test_g", "edited", True)]
    assert found[0].penalized
    assert ids(nb) == ["setup", "answer", "test_f", "test_g", "essay"]
    assert nb.cells[3].source == cells[3].source


def test_a_deleted_written_answer_comes_back_as_the_stub_never_the_model_answer(toy_course):
    # The gradebook keeps a solution cell as released, so restoring it cannot leak the answer.
    with toy_course.gradebook() as gb:
        cells = load_source(gb, "toy", "toy", toy_course.config)
    nb = release(cells)
    del nb.cells[-1]  # explain_answer
    restore(nb, cells)
    assert nb.cells[-1].source == toy_course.config.ClearSolutions.text_stub
    assert "keeping customers is cheaper" not in "".join(c.source for c in nb.cells)


def test_a_test_cell_turned_into_markdown_is_a_code_cell_again():
    cells = source_cells()
    nb = release(cells)
    nb.cells[3] = new_markdown_cell(nb.cells[3].source, metadata=nb.cells[3].metadata)
    assert restore(nb, cells) == [Tamper("test_g", "retyped", True)]
    assert nb.cells[3].cell_type == "code"


@pytest.mark.parametrize(
    "change",
    [
        {"grade": False},  # nbgrader would stop grading it
        {"solution": True},  # nbgrader would send it to manual grading and keep the edit
        {"points": 100},
    ],
)
def test_changed_grading_metadata_counts_as_an_edit(change):
    cells = source_cells()
    nb = release(cells)
    nb.cells[3].metadata.nbgrader.update(change)
    assert restore(nb, cells) == [Tamper("test_g", "edited", True)]
    assert nb.cells[3].metadata.nbgrader == {**cells[3].cell().metadata.nbgrader}


def test_a_deleted_locked_cell_is_restored_but_is_not_a_test():
    cells = source_cells()
    nb = release(cells)
    del nb.cells[0]
    assert restore(nb, cells) == [Tamper("setup", "deleted", False)]
    assert ids(nb)[0] == "setup"


def test_a_students_cell_claiming_points_loses_its_grading_metadata():
    cells = source_cells()
    nb = release(cells)
    bonus = new_code_cell("print('free points')")
    bonus.metadata["nbgrader"] = {"grade": True, "grade_id": "bonus", "points": 50, "locked": True}
    nb.cells.append(bonus)
    assert restore(nb, cells) == [Tamper("bonus", "added", False)]
    assert "nbgrader" not in nb.cells[-1].metadata
    assert str(Tamper("bonus", "added", False)) == "added graded cell bonus"


def test_a_deleted_manual_answer_comes_back_empty_without_counting_as_tampering():
    cells = source_cells()
    nb = release(cells)
    del nb.cells[4]
    assert restore(nb, cells) == []
    assert ids(nb)[-1] == "essay"


def test_suspicious_code_is_listed_from_student_cells_only():
    cells = source_cells()
    nb = release(cells)
    nb.cells[0].source = "import ctypes"  # a locked cell: the instructor's, not reported
    nb.cells[1].source = "import ctypes, gc\nobjs = gc.get_objects()\nimport os\nos._exit(0)"
    found = suspicious(nb, cells)
    assert found == ["uses ctypes", "uses the garbage collector", "uses exiting the kernel"]


def test_source_cells_come_from_the_gradebook_with_hidden_tests_stripped_for_the_release(
    toy_course,
):
    with toy_course.gradebook() as gb:
        cells = load_source(gb, "toy", "toy", toy_course.config)
    by_name = {c.name: c for c in cells}
    test = by_name["test_retention"]
    assert test.test and test.points == 2.0
    assert "retention(10, 10, 0)" in test.source
    assert "retention(10, 10, 0)" not in test.release_source
    assert by_name["explain_answer"].grade and not by_name["explain_answer"].test
    assert [c.name for c in cells][:3] == ["setup", "retention_answer", "test_retention"]
