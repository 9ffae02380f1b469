"""nbgrader's own steps made faster for a whole class: the same gradebook, less work."""

from __future__ import annotations

import io
import warnings

import nbformat
from classgen import make_class
from grading_helpers import LIMITS, cell_scores, max_points
from nbgrader.api import MissingEntry
from nbgrader.preprocessors import SaveAutoGrades
from sqlalchemy import event
from sqlalchemy.orm import Session

from canvaskit_widgets.grading._speedups import faster_nbgrader
from canvaskit_widgets.grading.batch import Options, grade


def test_scores_of_a_notebook_are_saved_in_one_commit(toy_course):
    make_class(toy_course, "toy", ("blank",))
    grade(toy_course, "toy", Options(limits=LIMITS, jobs=1, progress=False), out=io.StringIO())
    student = "s000_blank"
    assert set(cell_scores(toy_course, "toy", student).values()) == {0.0}
    path = toy_course.path("autograded", student, "toy") / "toy.ipynb"
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:  # as if every test had passed
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if o.output_type != "error"]
    resources = {
        "nbgrader": {
            "notebook": "toy",
            "assignment": "toy",
            "student": student,
            "db_url": toy_course.db_url,
        }
    }
    commits = []
    record = lambda session: commits.append(session)  # noqa: E731
    event.listen(Session, "after_commit", record)
    try:
        with faster_nbgrader():
            SaveAutoGrades(config=toy_course.config).preprocess(nb, resources)
    finally:
        event.remove(Session, "after_commit", record)
    assert len(commits) == 2  # one as nbgrader opens the gradebook, one for all 8 grade cells
    assert cell_scores(toy_course, "toy", student) == max_points(toy_course, "toy")
    assert SaveAutoGrades.preprocess.__module__ == "nbgrader.preprocessors.saveautogrades"


def test_kernel_message_dates_are_read_as_before():
    from jupyter_client.jsonutil import parse_date

    texts = [
        "2026-11-30T23:37:00.123456Z",  # as kernels write them
        "2026-11-30T23:37:00Z",
        "2026-11-30T23:37:00.5+02:00",
        "2026-11-30T23:37:00",  # no time zone: the local one is assumed
        "2026-11-30",
        "20261130T233700Z",
        "2026-11-30T24:00:00Z",  # valid for dateutil, not for Python 3.11
        "not a date",
        "2026-13-40T99:00:00Z",
    ]

    def read(text):
        try:
            with warnings.catch_warnings():  # jupyter_client warns of the naive one
                warnings.simplefilter("ignore", DeprecationWarning)
                value = parse_date(text)
        except ValueError as exc:
            return "ValueError", str(exc)
        return value, getattr(value, "utcoffset", lambda: None)(), str(value)

    plain = [read(t) for t in texts]
    with faster_nbgrader():
        quicker = [read(t) for t in texts]
    assert quicker == plain
    assert [read(t) for t in texts] == plain


def test_cell_grade_and_comment_lookups_find_what_nbgrader_finds(toy_course):
    make_class(toy_course, "toy", ("partial",))
    grade(toy_course, "toy", Options(limits=LIMITS, jobs=1, progress=False), out=io.StringIO())
    student = "s000_partial"
    with toy_course.gradebook() as gb:
        names = [c.name for c in gb.find_notebook("toy", "toy").source_cells]
    names += ["no_such_cell"]
    where = {
        "source_cell": ("toy", "toy"),
        "graded_cell": ("toy", "toy"),
        "grade": ("toy", "toy", student),
        "comment": ("toy", "toy", student),
    }

    def found(gb, kind, name):
        try:
            row = getattr(gb, f"find_{kind}")(name, *where[kind])
        except MissingEntry as exc:
            return "missing", str(exc)
        return type(row).__name__, row.id

    def lookups(asked):
        statements = []
        count = lambda *args: statements.append(args)  # noqa: E731
        with toy_course.gradebook() as gb:
            event.listen(gb.engine, "before_cursor_execute", count)
            try:
                rows = {(k, n): found(gb, k, n) for k, n in asked}
            finally:
                event.remove(gb.engine, "before_cursor_execute", count)
        return rows, len(statements)

    every = [(kind, name) for kind in where for name in names]
    plain, _ = lookups(every)
    with faster_nbgrader():
        quicker, _ = lookups(every)
    assert quicker == plain
    held = [key for key, (what, _) in plain.items() if what != "missing"]
    assert {kind for kind, _ in held} == set(where)  # each kind has rows to find
    assert ("source_cell", "no_such_cell") not in held
    # What grading asks (names the gradebook holds): a query per table read, not one per cell.
    _, plain_queries = lookups(held)
    with faster_nbgrader():
        _, quicker_queries = lookups(held)
    assert plain_queries >= len(held) > 2 * len(where) >= quicker_queries
