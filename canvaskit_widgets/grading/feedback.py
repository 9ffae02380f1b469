"""Feedback for a whole class with nbgrader's converter and the course's settings, plus a table of
each test's name, points and message at the top; never the hidden tests' source, and nothing
from the submission that could run script in the page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell
from nbgrader import utils
from nbgrader.api import Gradebook
from nbgrader.converters import GenerateFeedback
from nbgrader.converters.base import NbGraderException
from nbgrader.preprocessors import GetGrades, NbGraderPreprocessor
from traitlets.utils.importstring import import_item

from ..feedback import HideTests
from ._cells import grade_id
from ._text import html_text
from .course import Course, CourseError, quiet_gradebook
from .execute import QUIET
from .sanitize import sanitize_notebook

__all__ = ["ResultsTable", "Sanitize", "cell_message", "write_feedback"]


class Sanitize(NbGraderPreprocessor):
    """Make the notebook inert (``sanitize.sanitize_notebook``) before it becomes a page: put
    it first in ``GenerateFeedback.preprocessors``."""

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[NotebookNode, dict]:
        sanitize_notebook(nb)
        return nb, resources


def cell_message(cell: NotebookNode) -> str:
    """What a test cell said: its error as ``Name: message``, or that it passed."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            message = str(output.get("evalue", "")).strip().splitlines()
            return f"{output['ename']}: {message[0][:300]}" if message else output["ename"]
        if output.get("output_type") == "stream" and output.get("name") == "stderr":
            return "wrote to stderr, which counts as a failed test"
    return "passed"


class ResultsTable(NbGraderPreprocessor):
    """Insert, at the top, a table of every graded part: its id, points earned of possible,
    and the test's message (an error's first line, never a traceback or the test's source).

    Put it after ``GetGrades`` in ``GenerateFeedback.preprocessors``; it reads the scores that
    ``GetGrades`` stores in each cell's metadata.
    """

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[NotebookNode, dict]:
        info = resources["nbgrader"]
        with quiet_gradebook(), Gradebook(info["db_url"]) as gb:
            found = gb.find_submission_notebook(
                info["notebook"], info["assignment"], info["student"]
            )
            pending = {grade.name for grade in found.grades if grade.needs_manual_grade}
        rows = []
        for cell in nb.cells:
            if not utils.is_grade(cell) and not utils.is_task(cell):
                continue
            meta = cell.metadata.nbgrader
            name = grade_id(cell) or ""
            score, points = meta.get("score"), meta.get("points")
            earned = "to be graded" if name in pending else f"{score or 0:g}"
            if utils.is_solution(cell) or utils.is_task(cell):
                message = "read by your instructor"
            else:
                message = cell_message(cell)
            shown = f"{earned} / {float(points or 0):g}"
            rows.append(
                f"<tr><td><code>{html_text(name)}</code></td><td>{shown}</td>"
                f"<td>{html_text(message)}</td></tr>"
            )
        if rows:
            table = (
                "<h2>Your results, part by part</h2>\n"
                "<style>.canvaskit-results td, .canvaskit-results th "
                "{padding: 0.2em 0.8em; text-align: left}</style>\n"
                '<table class="canvaskit-results">\n'
                "<tr><th>part</th><th>points</th><th>what the check said</th></tr>\n"
                + "\n".join(rows)
                + "\n</table>"
            )
            nb.cells.insert(0, new_markdown_cell(table))
        return nb, resources


def _preprocessors(configured: list) -> list:
    """The course's feedback preprocessors, with the notebook sanitized first, hidden tests
    always removed and the summary table added right after the grades are read."""
    found = [import_item(p) if isinstance(p, str) else p for p in configured]
    if Sanitize not in found:
        found.insert(0, Sanitize)
    if HideTests not in found:
        found.insert(1, HideTests)
    if ResultsTable not in found:
        found.insert(found.index(GetGrades) + 1 if GetGrades in found else 0, ResultsTable)
    return found


def write_feedback(
    course: Course, assignment: str, students: list[str] | None = None, force: bool = False
) -> list[Path]:
    """Write feedback HTML for every autograded submission of ``assignment`` (or ``students``,
    ids or shell patterns) where nbgrader keeps it; return the files written."""
    course.notebooks(assignment)  # a clear error for an unknown assignment
    written: list[Path] = []
    for pattern in students or ["*"]:
        course.coursedir.assignment_id = assignment
        course.coursedir.student_id = pattern
        converter = GenerateFeedback(coursedir=course.coursedir, config=course.config)
        converter.preprocessors = _preprocessors(converter.preprocessors)
        converter.force = force
        converter.log = QUIET
        try:
            with quiet_gradebook():
                converter.start()
        except NbGraderException as exc:
            raise CourseError(
                f"feedback for {assignment} ({pattern}) failed: {exc}; has it been graded?"
            ) from None
        for notebooks in converter.assignments.values():
            for notebook in notebooks:
                student = Path(notebook).parent.parent.name
                name = Path(notebook).stem
                written.append(course.path("feedback", student, assignment) / f"{name}.html")
    return sorted(p for p in set(written) if p.exists())
