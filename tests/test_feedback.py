"""Tests for the feedback preprocessor that keeps hidden tests out of student feedback."""

from __future__ import annotations

import nbformat
from traitlets.config import Config

from canvaskit_widgets.feedback import HideTests

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


def hidden(source: str, config: Config | None = None, **meta) -> str:
    cell = grade_cell(source)
    cell.metadata.nbgrader.update(meta)
    cell, _ = HideTests(config=config or Config()).preprocess_cell(cell, {}, 0)
    return cell.source


def test_hidden_tests_and_mark_schemes_go_with_their_markers() -> None:
    assert hidden(TEST_SOURCE).splitlines() == [
        '"""Check the rate."""',
        'assert rate > 0, "the rate must be positive"',
        'print("done")',
    ]
    scheme = "Question\n=== BEGIN MARK SCHEME ===\n2 points if...\n=== END MARK SCHEME ===\nEnd"
    assert hidden(scheme, grade=False, task=True) == "Question\nEnd"
    assert hidden("no regions\nhere") == "no regions\nhere"


def test_a_course_with_its_own_markers_leaks_nothing() -> None:
    config = Config()
    config.ClearHiddenTests.begin_test_delimeter = "SECRET CHECKS START"
    config.ClearHiddenTests.end_test_delimeter = "SECRET CHECKS STOP"
    config.ClearMarkScheme.begin_mark_scheme_delimeter = "RUBRIC {"
    config.ClearMarkScheme.end_mark_scheme_delimeter = "} RUBRIC"
    source = "assert rate > 0\n# SECRET CHECKS START\nassert rate == 0.25\n# SECRET CHECKS STOP"
    assert hidden(source, config) == "assert rate > 0"
    rubric = "Explain.\nRUBRIC {\n2 points for cost\n} RUBRIC"
    assert hidden(rubric, config, grade=False, task=True) == "Explain."
    # Under the default markers the same cells would leak: the configuration is what counts.
    assert "0.25" in hidden(source)


def test_an_unbalanced_marker_hides_the_whole_cell() -> None:
    assert hidden("assert x\n### BEGIN HIDDEN TESTS\nassert secret()") == ""


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
