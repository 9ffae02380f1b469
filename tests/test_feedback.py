"""Tests for the feedback preprocessor that keeps hidden tests out of student feedback."""

from __future__ import annotations

import nbformat

from canvaskit_widgets.feedback import HideTests, strip_regions

TEST_SOURCE = '''"""Check the rate."""
assert rate > 0, "the rate must be positive"
### BEGIN HIDDEN TESTS
assert rate == secret_rate(), "the rate is wrong on other data"
### END HIDDEN TESTS
print("done")'''


def grade_cell(source: str, solution: bool = False) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {
        "grade": True,
        "solution": solution,
        "locked": not solution,
        "points": 1,
        "grade_id": "x",
        "schema_version": 3,
    }
    return cell


def test_strip_regions_drops_hidden_tests_and_mark_schemes_with_their_markers() -> None:
    assert strip_regions(TEST_SOURCE).splitlines() == [
        '"""Check the rate."""',
        'assert rate > 0, "the rate must be positive"',
        'print("done")',
    ]
    scheme = "Question\n=== BEGIN MARK SCHEME ===\n2 points if...\n=== END MARK SCHEME ===\nEnd"
    assert strip_regions(scheme) == "Question\nEnd"
    assert strip_regions("no regions\nhere") == "no regions\nhere"


def test_hide_tests_shortens_test_tracebacks_but_keeps_the_message() -> None:
    cell = grade_cell(TEST_SOURCE)
    cell.outputs = [
        nbformat.v4.new_output(
            "error",
            ename="AssertionError",
            evalue="the rate is wrong on other data",
            traceback=["----", "assert rate == secret_rate(), ...", "AssertionError: ..."],
        )
    ]
    cell, _ = HideTests().preprocess_cell(cell, {}, 0)
    assert "secret_rate" not in cell.source
    assert cell.outputs[0].traceback == ["AssertionError: the rate is wrong on other data"]


def test_hide_tests_leaves_the_tracebacks_of_student_answers() -> None:
    answer = grade_cell("def rate():\n    return 1 / 0", solution=True)
    answer.outputs = [
        nbformat.v4.new_output(
            "error", ename="ZeroDivisionError", evalue="division by zero", traceback=["a", "b"]
        )
    ]
    answer, _ = HideTests().preprocess_cell(answer, {}, 0)
    assert answer.outputs[0].traceback == ["a", "b"]
