"""nbgrader's own steps made faster for a whole class: the same gradebook, less work."""

from __future__ import annotations

import io
import warnings

import nbformat
from classgen import make_class
from grading_helpers import LIMITS, cell_scores, max_points
from nbformat import ValidationError
from nbformat.json_compat import JsonSchemaValidator
from nbformat.v4 import nbbase
from nbgrader.api import Course, Gradebook, MissingEntry
from nbgrader.preprocessors import SaveAutoGrades
from sqlalchemy import event
from sqlalchemy.engine import Engine
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


def test_a_gradebook_checks_its_tables_and_course_once_per_course(toy_course):
    url = toy_course.db_url

    def opened(course: str) -> list[str]:
        statements: list[str] = []
        count = lambda conn, cursor, statement, *rest: statements.append(statement)  # noqa: E731
        event.listen(Engine, "before_cursor_execute", count)
        try:
            Gradebook(url, course).close()
        finally:
            event.remove(Engine, "before_cursor_execute", count)
        return statements

    with faster_nbgrader():
        first, again, other = opened("course1"), opened("course1"), opened("course2")
    assert first, "the tables and the course are checked"
    assert again == [], "the same database and course opened again: nothing to check"
    assert other, "another course is checked (and created)"
    with Gradebook(url, "course1") as gb:
        assert {"course1", "course2"} <= {c.id for c in gb.db.query(Course)}


def _stream(**fields):
    return {"output_type": "stream", "name": "stdout", **fields}


NODES = [
    ("output", _stream(text="hi")),
    ("output", _stream()),
    ("output", {"output_type": "display_data", "data": {"text/plain": "x"}, "metadata": {}}),
    ("output", {"output_type": "display_data", "data": {"text/plain": 3}, "metadata": {}}),
    ("output", {"output_type": "error", "ename": "E", "evalue": "v", "traceback": ["t"]}),
    ("output", {"output_type": "error", "ename": "E", "evalue": "v", "traceback": "t"}),
    ("output", {"output_type": "no_such_type"}),
    ("code_cell", nbformat.v4.new_code_cell("x = 1")),
    ("code_cell", {**nbformat.v4.new_code_cell("x = 1"), "outputs": [_stream()]}),
    ("markdown_cell", nbformat.v4.new_markdown_cell("# A title")),
    ("markdown_cell", {**nbformat.v4.new_markdown_cell("# A title"), "outputs": []}),
]


def test_outputs_and_cells_are_checked_as_nbformat_checks_them(monkeypatch):
    slow: list[int] = []
    nbformat_iter_errors = JsonSchemaValidator.iter_errors

    def counted(self, *args):
        slow.append(1)
        return nbformat_iter_errors(self, *args)

    monkeypatch.setattr(JsonSchemaValidator, "iter_errors", counted)

    def verdicts() -> list[tuple[str | None, int]]:
        found = []
        for ref, node in NODES:
            slow.clear()
            try:
                nbbase.validate(node, ref)
                error = None
            except ValidationError as exc:
                error = str(exc)
            found.append((error, len(slow)))
        return found

    plain = verdicts()
    with faster_nbgrader():
        quicker = verdicts()
    valid = [error is None for error, _ in plain]
    assert 3 <= sum(valid) < len(NODES), "valid and invalid nodes of each kind"
    assert [e for e, _ in quicker] == [e for e, _ in plain], "the same verdicts and errors"
    assert all(calls for _, calls in plain), "nbformat checks a part of its schema with jsonschema"
    assert [calls for ok, (_, calls) in zip(valid, quicker, strict=True) if ok] == [0] * sum(valid)
