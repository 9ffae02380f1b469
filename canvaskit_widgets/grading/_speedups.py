"""Speed-ups of nbgrader's own code while a grader handles a whole class in one process: the same
checks and queries with the same results, without repeating fixed work. They are in force only
inside ``faster_nbgrader()`` (nothing is changed when this module is imported).

- ``CheckCellMetadata`` validates every cell against one JSON schema, and
  ``jsonschema.validate`` checks the schema itself each time: nine tenths of the work.
- Each ``Gradebook`` (every nbgrader preprocessor opens one per notebook) makes a new SQLAlchemy
  engine, whose compiled-statement cache starts empty; one engine per database keeps it warm.
- ``SaveAutoGrades`` commits after every graded cell, each commit a disk sync; its scores for one
  notebook are now written in one transaction (all or none of them).
- ``OverwriteCells`` and ``SaveAutoGrades`` look up each cell of a submission (its source, grade
  or task cell, its grade, its comment) with one query per cell; a gradebook now reads all of a
  notebook's rows of a kind at once and answers from them (a name none holds still goes to
  nbgrader's query, and its ``MissingEntry``).
- A ``Gradebook`` looks for its tables, creates any missing and checks its course each time it
  is opened; now only the first time this process opens a database for a course.
- nbformat checks each output and cell it builds against a part of its schema, which its fast
  validator hands to the slow ``jsonschema``; the part is now compiled once with
  ``fastjsonschema`` (nbformat's own validator for whole notebooks). What fails that check goes
  to ``jsonschema`` as before, which finds and names the errors.
- jupyter_client reads the dates in the headers of every kernel message with dateutil's
  parser; Python's own reads the ones kernels write in 0.1 us instead of 4.3 us (dateutil
  still reads any other).
"""

from __future__ import annotations

import contextlib
import datetime
import types
from collections.abc import Callable, Iterator
from typing import Any

import fastjsonschema
import jsonschema
from jupyter_client import jsonutil
from nbformat.json_compat import FastJsonSchemaValidator
from nbgrader import api
from nbgrader.nbgraderformat import common
from nbgrader.preprocessors import SaveAutoGrades
from sqlalchemy import create_engine

__all__ = ["faster_nbgrader"]


class _SchemaOnce(types.ModuleType):
    """``jsonschema`` as nbgrader's metadata checks use it: ``validate`` does exactly what
    jsonschema's does, keeping each schema's checked validator."""

    def __init__(self) -> None:
        super().__init__("jsonschema")
        self._validators: dict[int, tuple[Any, Any]] = {}

    def validate(self, instance: Any, schema: Any) -> None:
        known = self._validators.get(id(schema))
        if known is None or known[1] is not schema:
            cls = jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            known = self._validators[id(schema)] = (cls(schema), schema)
        error = jsonschema.exceptions.best_match(known[0].iter_errors(instance))
        if error is not None:
            raise error

    def __getattr__(self, name: str) -> Any:
        return getattr(jsonschema, name)


_ENGINES: dict[tuple, Any] = {}


def _shared_engine(url: str, **options: Any) -> Any:
    """One engine per database and options (``Gradebook.close`` disposes of its connections,
    and the engine opens new ones when next used)."""
    key = (str(url), tuple(sorted(options.items())))
    if key not in _ENGINES:
        _ENGINES[key] = create_engine(url, **options)
    return _ENGINES[key]


def _save_once(self: SaveAutoGrades, nb: Any, resources: Any) -> Any:
    """``SaveAutoGrades.preprocess`` with one commit per notebook, not one per graded cell."""
    info = resources["nbgrader"]
    self.notebook_id, self.assignment_id = info["notebook"], info["assignment"]
    self.student_id, self.db_url = info["student"], info["db_url"]
    self.gradebook = api.Gradebook(self.db_url)
    with self.gradebook:
        session = self.gradebook.db
        session.commit = session.flush  # what nbgrader calls after each cell
        try:
            nb, resources = super(SaveAutoGrades, self).preprocess(nb, resources)
        finally:
            del session.commit
        session.commit()
    return nb, resources


def _kept(gradebook: api.Gradebook, key: tuple, read: Callable[[], Any]) -> dict[str, Any]:
    """``read()`` (rows by cell name) the first time ``key`` is asked of this gradebook; then
    the same rows while it is open (grading never removes or replaces a notebook's cells,
    grades or comments; rows added later are found by nbgrader's query)."""
    kept = gradebook.__dict__.setdefault("_canvaskit_rows", {})
    if key not in kept:
        kept[key] = read()
    return kept[key]


def _cells(gradebook: api.Gradebook, model: Any, notebook: str, assignment: str) -> dict:
    """Every ``model`` cell (source, grade or task) of one notebook of an assignment, by name."""

    def read() -> dict[str, Any]:
        rows = (
            gradebook.db.query(model)
            .join(api.Notebook, api.Notebook.id == model.notebook_id)
            .join(api.Assignment, api.Assignment.id == api.Notebook.assignment_id)
            .filter(api.Notebook.name == notebook, api.Assignment.name == assignment)
        )
        return {cell.name: cell for cell in rows}

    return _kept(gradebook, (model, notebook, assignment), read)


def _marks(gradebook: api.Gradebook, model: Any, cell: Any, *where: str) -> dict:
    """Every ``model`` row (grade or comment) of one student's notebook whose cell is a ``cell``
    (grade, solution or task cell), by cell name; ``where`` is notebook, assignment, student."""
    notebook, assignment, student = where

    def read() -> dict[str, Any]:
        rows = (
            gradebook.db.query(model, cell.name)
            .join(cell, cell.id == model.cell_id)
            .join(api.SubmittedNotebook, api.SubmittedNotebook.id == model.notebook_id)
            .join(api.Notebook, api.Notebook.id == api.SubmittedNotebook.notebook_id)
            .join(
                api.SubmittedAssignment,
                api.SubmittedAssignment.id == api.SubmittedNotebook.assignment_id,
            )
            .join(api.Assignment, api.Assignment.id == api.SubmittedAssignment.assignment_id)
            .join(api.Student, api.Student.id == api.SubmittedAssignment.student_id)
            .filter(
                api.Notebook.name == notebook,
                api.Assignment.name == assignment,
                api.Student.id == student,
            )
        )
        return {name: row for row, name in rows}

    return _kept(gradebook, (model, cell, *where), read)


# Gradebook.find_<kind>: the rows it finds (None: the cells themselves) and the kinds of cell
# they belong to, in the order nbgrader's own query tries them.
_KINDS: dict[str, tuple[Any, tuple[Any, ...]]] = {
    "source_cell": (None, (api.SourceCell,)),
    "graded_cell": (None, (api.GradeCell, api.TaskCell)),
    "grade": (api.Grade, (api.GradeCell, api.TaskCell)),
    "comment": (api.Comment, (api.SolutionCell, api.TaskCell)),
}


def _lookup(kind: str) -> Callable[..., Any]:
    """``Gradebook.find_<kind>`` answered from the rows read at once; a name none holds goes to
    nbgrader's own query (and its ``MissingEntry``)."""
    nbgrader = getattr(api.Gradebook, f"find_{kind}")
    marks, cells = _KINDS[kind]

    def find(self: api.Gradebook, name: str, *where: str) -> Any:
        for cell in cells:
            rows = (
                _cells(self, cell, *where) if marks is None else _marks(self, marks, cell, *where)
            )
            if name in rows:
                return rows[name]
        return nbgrader(self, name, *where)

    find.__name__ = f"find_{kind}"
    return find


_OPENED: set[tuple[str, str]] = set()


def _open_gradebook(
    self: api.Gradebook,
    db_url: str,
    course_id: str = "default_course",
    authenticator: Any = None,
    nbgrader_init: Any = api.Gradebook.__init__,
) -> None:
    """``Gradebook.__init__``, whose table and course checks are made once per database and
    course in this process (nothing removes the tables or the course while a class is graded)."""
    if (str(db_url), course_id) not in _OPENED:
        nbgrader_init(self, db_url, course_id, authenticator)
        _OPENED.add((str(db_url), course_id))
        return
    self.engine = api.create_engine(db_url, echo=False, future=True)
    self.db = api.scoped_session(api.sessionmaker(autoflush=True, bind=self.engine, future=True))
    self.course_id = course_id
    self.authenticator = authenticator


def _part_checked(
    self: FastJsonSchemaValidator,
    data: Any,
    schema: Any = None,
    nbformat_iter_errors: Any = FastJsonSchemaValidator.iter_errors,
) -> Any:
    """``FastJsonSchemaValidator.iter_errors`` checking a part of the schema (``{"$ref": ...}``)
    with ``fastjsonschema`` too; what fails goes to nbformat's own (jsonschema) errors."""
    ref = schema.get("$ref") if isinstance(schema, dict) and len(schema) == 1 else None
    if not isinstance(ref, str):
        return nbformat_iter_errors(self, data, schema)
    compiled = self.__dict__.setdefault("_canvaskit_parts", {})
    if ref not in compiled:
        compiled[ref] = fastjsonschema.compile({**self._schema, "$ref": ref})
    try:
        compiled[ref](data)
    except fastjsonschema.JsonSchemaException:
        return nbformat_iter_errors(self, data, schema)
    return []


def _iso_date(text: str, dateutil_parse: Any = jsonutil._dateutil_parse) -> Any:
    """An ISO 8601 date as ``dateutil.parser.isoparse`` reads it."""
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        return dateutil_parse(text)


@contextlib.contextmanager
def faster_nbgrader() -> Iterator[None]:
    """nbgrader's metadata checks, gradebook opening, engines, cell lookups and score saving,
    nbformat's checks of outputs and cells, and the kernel clients' date reading, made faster
    until the block ends."""
    patches = [
        (common, "jsonschema", _SchemaOnce()),
        (api, "create_engine", _shared_engine),
        (SaveAutoGrades, "preprocess", _save_once),
        (api.Gradebook, "__init__", _open_gradebook),
        (FastJsonSchemaValidator, "iter_errors", _part_checked),
        (jsonutil, "_dateutil_parse", _iso_date),
        *((api.Gradebook, f"find_{kind}", _lookup(kind)) for kind in _KINDS),
    ]
    saved = [(owner, name, getattr(owner, name)) for owner, name, _ in patches]
    for owner, name, value in patches:
        setattr(owner, name, value)
    try:
        yield
    finally:
        for owner, name, value in saved:
            setattr(owner, name, value)
        for engine in _ENGINES.values():
            engine.dispose()
        _ENGINES.clear()
        _OPENED.clear()
