"""Feedback for a graded class: every test's name, points and message; no hidden test source."""

from __future__ import annotations

import html
import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_output

from canvaskit_widgets.cli import main
from canvaskit_widgets.grading.feedback import cell_message, write_feedback

pytestmark = pytest.mark.slow


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def results(page: str) -> dict[str, tuple[str, str]]:
    """The summary table: part -> (points, message)."""
    rows = re.findall(r"<tr><td><code>(\w+)</code></td><td>([^<]*)</td><td>([^<]*)</td></tr>", page)
    return {part: (points, html.unescape(message)) for part, points, message in rows}


@pytest.fixture(scope="module")
def feedback(graded):
    return {
        path.parent.parent.name: path.read_text(encoding="utf-8")
        for path in write_feedback(graded.course, "toy")
    }


def test_every_graded_notebook_gets_feedback_where_nbgrader_keeps_it(graded, feedback):
    unreadable = {graded.student(k) for k in ("corrupt_json", "empty_file", "missing")}
    assert set(feedback) == set(graded.outcomes) - unreadable
    path = graded.course.path("feedback", graded.student("correct"), "toy") / "toy.html"
    assert path.is_file()


def test_the_table_gives_each_tests_points_and_message(graded, feedback):
    assert results(feedback[graded.student("correct")]) == {
        "test_retention": ("2 / 2", "passed"),
        "test_total": ("1 / 1", "passed"),
        "test_chart": ("3 / 3", "passed"),
        "explain_answer": ("to be graded / 2", "read by your instructor"),
    }
    wrong = results(feedback[graded.student("wrong")])
    assert wrong["test_total"] == ("0 / 1", "AssertionError: total should be an int")
    tampered = results(feedback[graded.student("edit_test")])
    assert tampered["test_retention"][0] == "0 / 2"
    assert tampered["test_retention"][1].startswith("TamperedTestCell: this test cell was edited")
    stopped = results(feedback[graded.student("os_exit")])
    assert stopped["test_chart"] == ("0 / 3", stopped["test_chart"][1])
    assert "NotRun: not run: the kernel exited with code 3" in stopped["test_chart"][1]


def test_hidden_tests_never_show(graded, feedback):
    for student, page in feedback.items():
        shown = text_of(page)
        assert "retention(10, 10, 0)" not in shown, student
        assert "BEGIN HIDDEN TESTS" not in shown, student


def test_a_failed_hidden_test_shows_its_message_not_its_code(graded, feedback):
    # A retention that is right on the visible example but wrong on the hidden one.
    page = feedback.get(graded.student("partial"))
    assert results(page)["test_retention"] == ("2 / 2", "passed")
    cell = new_code_cell("assert f(1) == 2, 'f is wrong on other data'")
    cell.outputs = [new_output("error", ename="AssertionError", evalue="f is wrong on other data")]
    assert cell_message(cell) == "AssertionError: f is wrong on other data"


def test_charts_are_inline_svg_so_they_show_offline(graded, feedback):
    page = feedback[graded.student("correct")]
    assert "data:image/svg+xml" in page or "<svg" in page
    assert not re.search(r"<script[^>]+src=\"https?://[^\"]*(vega|altair)", page)


def test_the_command_line_writes_one_students_feedback(graded, capsys):
    student = graded.student("partial")
    code = main(["feedback", "toy", "--course", str(graded.course.root), "-s", student, "--force"])
    assert code == 0
    assert f"{student}/toy/toy.html" in capsys.readouterr().err
    nb = nbformat.read(graded.course.path("autograded", student, "toy") / "toy.ipynb", 4)
    assert nb.cells, "feedback leaves the autograded notebook alone"
