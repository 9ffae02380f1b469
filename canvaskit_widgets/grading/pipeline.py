"""One submission through nbgrader's autograde steps, split around execution.

``prepare`` does what ``nbgrader autograde`` does before running a notebook (gradebook
records, supporting files, its sanitizing preprocessors) after restoring tampered cells;
``finish`` takes the executed notebooks, removes credit where it is not due, and runs
nbgrader's remaining preprocessors, which write the scores to the gradebook. Both run in one
thread of the grader's process (see ``batch``), so the SQLite gradebook has a single writer.
"""

from __future__ import annotations

import os
import shutil
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbgrader import utils
from nbgrader.converters import Autograde
from nbgrader.preprocessors import Execute

from .cells import Role, error_output, grade_id, roles, solutions
from .course import Course, Submission, quiet_gradebook
from .execute import QUIET, RunResult
from .manifest import Outcome
from .sanitize import sanitize_notebook
from .tamper import SourceCell, Tamper, load_source, restore, suspicious

__all__ = ["NotebookJob", "Pipeline", "Prepared"]

MAX_NOTEBOOK_BYTES = 100 * 2**20


@dataclass
class NotebookJob:
    """One notebook of a submission on its way through grading."""

    name: str
    nb: NotebookNode | None = None
    roles: list[Role] = field(default_factory=list)
    tampers: list[Tamper] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    problem: str | None = None
    note: str | None = None
    result: RunResult | None = None


@dataclass
class Prepared:
    """A submission ready to execute: where it goes and its notebooks."""

    submission: Submission
    dest: Path
    digest: str
    jobs: list[NotebookJob]


def _read(path: Path) -> tuple[NotebookNode | None, str | None]:
    """The notebook at ``path``, or None and what is wrong with the file."""
    try:
        size = path.stat().st_size
        if size > MAX_NOTEBOOK_BYTES:
            return None, f"{path.name} is too large to grade ({size / 2**20:.0f} MB)"
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, f"{path.name} cannot be read ({type(exc).__name__})"
    if not text.strip():
        return None, f"{path.name} is empty"
    with warnings.catch_warnings():  # missing or duplicated cell ids are repaired, not reported
        warnings.simplefilter("ignore")
        invalid: dict = {}
        try:
            nb = nbformat.reads(text, as_version=4, capture_validation_error=invalid)
        except Exception as exc:  # nbformat raises several kinds for broken JSON
            return None, f"{path.name} is not a valid notebook ({str(exc).splitlines()[0][:120]})"
        if invalid:
            _, repaired = nbformat.validator.normalize(
                nb, repair_duplicate_cell_ids=True, strip_invalid_metadata=True
            )
            nb = nbformat.from_dict(repaired)
            try:
                nbformat.validate(nb)
            except nbformat.ValidationError as exc:
                return None, f"{path.name} is not a valid notebook ({exc.message[:120]})"
    return nb, None


def _write(nb: NotebookNode, path: Path) -> None:
    """Write ``nb`` as nbformat does, without validating it once more (it was on reading,
    and nbgrader's preprocessors keep it valid): the same bytes, a tenth of the time."""
    path.write_text(nbformat.v4.nbjson.writes(nb) + "\n", encoding="utf-8")


class Pipeline:
    """Prepare and finish submissions of one assignment with the course's nbgrader settings."""

    def __init__(self, course: Course, assignment: str) -> None:
        self.course = course
        self.assignment = assignment
        config = course.config
        self.autograde = Autograde(coursedir=course.coursedir, config=config)
        self.sanitizers = [cls(config=config) for cls in self.autograde.sanitize_preprocessors]
        self.finishers = [
            cls(config=config)
            for cls in self.autograde.autograde_preprocessors
            if not issubclass(cls, Execute)
        ]
        for pp in [*self.sanitizers, *self.finishers, self.autograde]:
            pp.log = QUIET
        self.names = course.notebooks(assignment)
        with course.gradebook() as gb:
            self.source: dict[str, list[SourceCell]] = {
                name: load_source(gb, name, assignment, config) for name in self.names
            }
        self.fingerprint = course.fingerprint(assignment)
        self.source_folder = course.path("source", ".", assignment)
        self.solutions = {
            name: solutions(self.source_folder / f"{name}.ipynb") for name in self.names
        }

    def _resources(self, student: str, name: str, dest: Path) -> dict:
        return {
            "unique_key": name,
            "output_files_dir": f"{name}_files",
            "metadata": {"path": str(dest)},
            "nbgrader": {
                "student": student,
                "assignment": self.assignment,
                "notebook": name,
                "db_url": self.course.db_url,
            },
        }

    def _copy_files(self, submission: Submission, dest: Path) -> None:
        """Supporting files, as nbgrader copies them: the student's, then the source's over them."""
        ignore = [*self.course.coursedir.ignore, "*.ipynb"]
        source = self.course.path("source", ".", self.assignment)
        keep = set(self.autograde.exclude_overwriting.get(self.assignment, []))
        for top, files in ((submission.folder, None), (source, keep)):
            if not top.is_dir():
                continue
            for filename in utils.find_all_files(str(top), ignore):
                relative = os.path.relpath(filename, top)
                if files is not None and relative in files:
                    continue
                target = dest / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                target.unlink(missing_ok=True)
                shutil.copy(filename, target)

    def _locate(self, submission: Submission, name: str) -> tuple[Path | None, str | None]:
        """The submitted file for notebook ``name``; a lone renamed copy is accepted and noted."""
        expected = submission.folder / f"{name}.ipynb"
        if expected.exists():
            return expected, None
        ids = {c.name for c in self.source[name]}
        best, shared = None, 0
        for path in sorted(submission.folder.glob("*.ipynb")):
            if path.stem in self.names:
                continue
            nb, _ = _read(path)
            found = {grade_id(c) for c in (nb.cells if nb is not None else [])}
            if len(ids & found) > shared:
                best, shared = path, len(ids & found)
        if best is None:
            return None, None
        return best, f"graded {best.name} as {name}.ipynb (the file was renamed)"

    def prepare(self, submission: Submission) -> Prepared:
        """Record the submission, copy its files, restore and sanitize each notebook."""
        student = submission.student
        dest = self.course.path("autograded", student, self.assignment)
        if dest.exists():
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        with quiet_gradebook(), self.course.gradebook() as gb:
            gb.update_or_create_student(student)
            timestamp = self.course.coursedir.get_existing_timestamp(str(submission.folder))
            if timestamp:
                gb.update_or_create_submission(self.assignment, student, timestamp=timestamp)
            else:
                gb.update_or_create_submission(self.assignment, student)
        self._copy_files(submission, dest)
        jobs = []
        for name in self.names:
            job = NotebookJob(name)
            jobs.append(job)
            path, job.note = self._locate(submission, name)
            if path is None:
                refused = any(p.startswith(f"intake: {name}.ipynb: ") for p in submission.problems)
                job.problem = (
                    f"{name}.ipynb was refused at intake, so it was not graded"
                    if refused
                    else f"no {name}.ipynb was submitted"
                )
                continue
            nb, job.problem = _read(path)
            if nb is None:
                continue
            source = self.source[name]
            job.tampers = restore(nb, source)
            job.review = suspicious(nb, source)
            resources = self._resources(student, name, dest)
            try:
                with quiet_gradebook():
                    for pp in self.sanitizers:
                        nb, resources = pp(nb, resources)
            except Exception as exc:  # nbgrader's own checks of the notebook's metadata
                job.problem = f"{name}.ipynb could not be sanitized ({type(exc).__name__}: {exc})"
                continue
            sanitize_notebook(nb)  # inert before anything renders it
            _write(nb, dest / f"{name}.ipynb")
            job.nb = nb
            job.roles = roles(nb, source, self.solutions[name])
        return Prepared(submission, dest, submission.digest(), jobs)

    def finish(self, prepared: Prepared, seconds: float) -> Outcome:
        """Apply penalties, run nbgrader's remaining preprocessors (scores into the gradebook),
        write the autograded notebooks; return the submission's outcome."""
        student = prepared.submission.student
        outcome = Outcome(
            student, self.assignment, "graded", digest=prepared.digest, source=self.fingerprint
        )
        outcome.reasons += prepared.submission.problems  # what intake refused (links, devices…)
        for job in prepared.jobs:
            if job.note:
                outcome.reasons.append(job.note)
            if job.nb is None or job.result is None:
                outcome.status = "failed"
                outcome.reasons.append(job.problem or f"{job.name}.ipynb could not be run")
                self._zero(student, job.name)
                continue
            self._finish_notebook(student, job, prepared.dest, outcome)
        self.autograde.set_permissions(self.assignment, student)
        with quiet_gradebook(), self.course.gradebook() as gb:
            found = gb.find_submission(self.assignment, student)
            outcome.score = float(found.score)
            outcome.max_score = float(found.max_score)
            outcome.needs_manual = bool(found.needs_manual_grade)
        outcome.seconds = round(seconds, 3)
        return outcome

    def _finish_notebook(
        self, student: str, job: NotebookJob, dest: Path, outcome: Outcome
    ) -> None:
        assert job.nb is not None and job.result is not None
        nb = job.result.nb
        by_id = {grade_id(c): c for c in nb.cells}
        for tamper in job.tampers:
            if not tamper.penalized:  # a duplicated cell: graded once, flagged for a look
                outcome.review.append(f"{job.name}: {tamper}")
                continue
            outcome.tampered.append(f"{job.name}: {tamper}")
            cell = by_id.get(tamper.grade_id)
            if tamper.test and cell is not None:
                cell.outputs = [
                    error_output(
                        "TamperedTestCell",
                        f"this test cell was {tamper.kind} in the submission; "
                        "it was restored from the source and scores 0",
                    )
                ]
        outcome.review += [f"{job.name}: {item}" for item in job.review]
        grouped: dict[str, list[str]] = {}
        for event in job.result.events:
            where = event.grade_id or (f"cell {event.index}" if event.index >= 0 else "notebook")
            if event.kind in ("timeout", "budget"):
                outcome.timed_out.append(f"{job.name}:{where}")
            elif event.kind == "died":
                outcome.kernel_died.append(f"{job.name}:{where}")
            grouped.setdefault(event.message, []).append(where)
        for message, cells in grouped.items():
            outcome.reasons.append(f"{job.name}:{', '.join(cells)}: {message}")
        resources = self._resources(student, job.name, dest)
        with quiet_gradebook():
            for pp in self.finishers:
                nb, resources = pp(nb, resources)
        sanitize_notebook(nb)  # no script in outputs or Markdown reaches the formgrader
        _write(nb, dest / f"{job.name}.ipynb")

    def _zero(self, student: str, name: str) -> None:
        """No gradable notebook: every part of it scores 0, as nbgrader does for a missing one."""
        with quiet_gradebook(), self.course.gradebook() as gb:
            found = gb.find_submission_notebook(name, self.assignment, student)
            for grade in found.grades:
                grade.auto_score = 0
                grade.needs_manual_grade = False
            gb.db.commit()
