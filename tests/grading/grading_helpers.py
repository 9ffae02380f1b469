"""Shared helpers of the grading tests: a small nbgrader course, scores, planned outcomes."""

from __future__ import annotations

import warnings
from pathlib import Path

import nbformat
from classgen import Planned, new_course
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from sqlalchemy.exc import SAWarning

from canvaskit_widgets.grading.batch import BatchResult
from canvaskit_widgets.grading.course import Course
from canvaskit_widgets.grading.manifest import Outcome
from canvaskit_widgets.grading.sandbox import Limits

REPO = Path(__file__).resolve().parents[2]

# The value of classgen.SECRET while the toy class is graded.
SECRET_VALUE = "lms-token-5f1c9a7e"


def _cell(make, source: str, **meta) -> nbformat.NotebookNode:
    cell = make(source)
    meta = {"schema_version": 3, "solution": False, "grade": False, "locked": False, **meta}
    cell.metadata["nbgrader"] = meta
    return cell


def toy_notebook() -> nbformat.NotebookNode:
    """A small source notebook: pandas and altair imported, three parts, hidden tests, a chart,
    a manual answer. Auto points: 2 + 1 + 3 = 6; manual: 2."""
    return new_notebook(
        cells=[
            new_markdown_cell("# Toy assignment"),
            _cell(
                new_code_cell,
                "import altair as alt\nimport pandas as pd\n\n"
                "import canvaskit_widgets.charts\n"
                "from canvaskit_widgets.checks import answer_hash, check",
                locked=True,
                grade_id="setup",
            ),
            _cell(
                new_code_cell,
                "def retention(start, end, new):\n"
                '    """Share of the customers at the start still there at the end."""\n'
                "    ### BEGIN SOLUTION\n    return (end - new) / start\n    ### END SOLUTION",
                solution=True,
                grade_id="retention_answer",
            ),
            _cell(
                new_code_cell,
                '"""Check retention."""\n'
                'assert retention(100, 90, 10) == 0.8, "retention(100, 90, 10) should be 0.8"\n'
                "### BEGIN HIDDEN TESTS\n"
                'assert retention(10, 10, 0) == 1.0, "retention is wrong on other data"\n'
                "### END HIDDEN TESTS",
                grade=True,
                locked=True,
                grade_id="test_retention",
                points=2,
            ),
            _cell(
                new_code_cell,
                "segments = pd.DataFrame({'segment': ['young', 'adult'], 'customers': [3, 5]})",
                locked=True,
                grade_id="data",
            ),
            _cell(
                new_code_cell,
                "### BEGIN SOLUTION\ntotal = int(segments['customers'].sum())\n### END SOLUTION",
                solution=True,
                grade_id="total_answer",
            ),
            _cell(
                new_code_cell,
                '"""Check the total."""\n'
                'assert isinstance(total, int), "total should be an int"\n'
                'assert check("total", total, answer_hash(8)), "total is not right"',
                grade=True,
                locked=True,
                grade_id="test_total",
                points=1,
            ),
            _cell(
                new_code_cell,
                "### BEGIN SOLUTION\n"
                "chart = alt.Chart(segments).mark_bar().encode(x='segment', y='customers')\n"
                "### END SOLUTION\nchart",
                solution=True,
                grade_id="chart_answer",
            ),
            _cell(
                new_code_cell,
                '"""Check the chart."""\n'
                'assert chart.to_dict()["mark"]["type"] == "bar", "draw bars"',
                grade=True,
                locked=True,
                grade_id="test_chart",
                points=3,
            ),
            _cell(
                new_markdown_cell,
                "Why does retention matter?",
                locked=True,
                grade_id="explain_question",
            ),
            _cell(
                new_markdown_cell,
                "Because keeping customers is cheaper.",
                grade=True,
                solution=True,
                grade_id="explain_answer",
                points=2,
            ),
        ],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )


def make_course(root: Path, assignments: dict[str, nbformat.NotebookNode | Path]) -> Path:
    """A course at ``root`` with the repository's nbgrader config and these assignments."""
    return new_course(root, REPO / "nbgrader_config.py", assignments).root


def cell_scores(course: Course, assignment: str, student: str) -> dict[str, float | None]:
    """Each autograded test cell's score for ``student``, from the gradebook."""
    with warnings.catch_warnings(), course.gradebook() as gb:
        warnings.simplefilter("ignore", SAWarning)
        found = gb.find_submission(assignment, student)
        return {
            grade.name: grade.score
            for nb in found.notebooks
            for grade in nb.grades
            if grade.cell_type == "code"
        }


def max_points(course: Course, assignment: str) -> dict[str, float]:
    with warnings.catch_warnings(), course.gradebook() as gb:
        warnings.simplefilter("ignore", SAWarning)
        return {
            cell.name: cell.max_score
            for nb in gb.find_assignment(assignment).notebooks
            for cell in nb.grade_cells
            if cell.cell_type == "code"
        }


def expected_scores(
    plan: Planned, points: dict[str, float], actual: dict[str, dict[str, float | None]]
) -> dict[str, float]:
    """What ``plan`` must score per test, given the points and other kinds' actual scores."""
    if plan.baseline == "max":
        want = dict(points)
    elif plan.baseline == "zero":
        want = dict.fromkeys(points, 0.0)
    elif plan.baseline == "partial":
        want = {t: (p if t in plan.answered else 0.0) for t, p in points.items()}
    else:
        want = {t: float(s or 0) for t, s in actual[plan.baseline].items()}
    want.update(dict.fromkeys(plan.zero, 0.0))
    return want


def outcome_text(outcome: Outcome) -> str:
    return " | ".join([*outcome.reasons, *outcome.tampered, *outcome.review])


# Short cell timeout so the hanging kinds cost seconds; 1 GB is enough to draw a chart. The
# budget and the cell cap are far above what an honest notebook needs, even on a busy machine.
LIMITS = Limits(timeout=3, memory=2**30, budget=20, cells=100)


def printed(course: Course, assignment: str, student: str) -> str:
    """Everything the autograded notebook of ``student`` shows: text, data and errors."""
    nb = nbformat.read(course.path("autograded", student, assignment) / f"{assignment}.ipynb", 4)
    return "\n".join(str(o) for c in nb.cells if c.cell_type == "code" for o in c.outputs)


class Graded:
    """A toy class generated and graded once, shared by the tests that inspect the result."""

    def __init__(self, course: Course, planned: list[Planned], result: BatchResult, log: str):
        self.course = course
        self.planned = planned
        self.result = result
        self.log = log
        self.outcomes = {o.student: o for o in result.outcomes}
        self.scores = {p.kind: cell_scores(course, "toy", p.student) for p in planned}

    def student(self, kind: str) -> str:
        return next(p.student for p in self.planned if p.kind == kind)


# Worked by hand from the toy notebook: test_retention 2, test_total 1, test_chart 3 points.
# The hostile code goes into the first answer cell (retention), the tampering into test_retention.
TOTALS = {
    "correct": 6,
    "partial": 3,  # retention and total answered, the chart not
    "blank": 0,
    "wrong": 0,
    "loop": 6,  # interrupted after retention was defined
    "stubborn_loop": 0,  # the kernel is stopped before any test runs
    "memory_bomb": 6,  # MemoryError after retention was defined; the kernel lives on
    "os_exit": 0,
    "sys_exit": 6,  # SystemExit is an ordinary error in a kernel
    "huge_output": 6,
    "delete_test": 4,
    "duplicate_test": 6,  # an unchanged copy of a test cell is a slip: graded once
    "edit_test": 4,
    "retype_test": 4,
    "ungrade_test": 4,
    "add_graded_cell": 6,
    "corrupt_json": 0,
    "empty_file": 0,
    "renamed": 6,
    "missing": 0,
    "escape": 6,
    "patch_builtins": 0,
    "patch_helpers": 0,
    "swallow_errors": 0,
    "empty_cells": 0,
    "ast_strip": 0,
    "thread_patcher": 0,
    # Forged marks: the tricks change nothing outside the student's own kernel.
    "steal_guard": 0,
    "forge_replies": 0,
    "edit_memory": 0,
    # Correct answers, then files left for the next kernels (none of which sees them).
    "persist": 6,
    "secrets": 6,
    "read_hidden": 6,
    # The kernel is killed in the first answer cell, before retention can be graded.
    "shared_memory": 0,
    "fork_memory": 6,  # the children are killed; the kernel lives on
    "slow_cells": 3,  # the chart's answer comes after the budget ran out
    "many_cells": 3,  # the chart's answer comes after the cell cap
    "not_data": 4,  # retention is not data: its test scores 0, the others count
}
