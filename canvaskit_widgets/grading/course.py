"""An nbgrader course on disk: its configuration, folders, gradebook and submissions."""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import os
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.coursedir import CourseDirectory
from sqlalchemy.exc import SAWarning
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

__all__ = ["Course", "CourseError", "Submission", "quiet_gradebook"]

CONFIG_FILE = "nbgrader_config.py"


@contextlib.contextmanager
def quiet_gradebook() -> Iterator[None]:
    """nbgrader's gradebook calls trip SQLAlchemy 2 warnings that mean nothing to an instructor."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        yield


class CourseError(Exception):
    """The course or assignment cannot be graded as asked (the message says why)."""


@dataclass(frozen=True)
class Submission:
    """One student's submitted folder for one assignment."""

    student: str
    assignment: str
    folder: Path

    def files(self) -> list[Path]:
        """The submitted files, checkpoints excluded, sorted."""
        return sorted(
            p for p in self.folder.rglob("*") if p.is_file() and ".ipynb_checkpoints" not in p.parts
        )

    def digest(self) -> str:
        """A hash of every submitted file's name and content: re-grade when it changes."""
        h = hashlib.sha256()
        for path in self.files():
            h.update(str(path.relative_to(self.folder)).encode() + b"\0")
            h.update(path.read_bytes() + b"\0")
        return h.hexdigest()


class Course:
    """The course rooted at the folder holding ``nbgrader_config.py``.

    Parameters
    ----------
    root:
        The course root (the folder with ``nbgrader_config.py``).
    config:
        The nbgrader configuration read from it.
    """

    def __init__(self, root: Path, config: Config) -> None:
        self.root = root.resolve()
        self.config = config
        if "root" not in config.CourseDirectory:
            config.CourseDirectory.root = str(self.root)
        self.coursedir = CourseDirectory(config=config)

    @classmethod
    def find(cls, start: str | os.PathLike[str] | None = None) -> Course:
        """The course whose root is ``start`` or its nearest parent with ``nbgrader_config.py``."""
        here = Path(start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / CONFIG_FILE).is_file():
                config = PyFileConfigLoader(CONFIG_FILE, path=str(folder)).load_config()
                return cls(folder, config)
        raise CourseError(f"no {CONFIG_FILE} in {here} or its parents: is this an nbgrader course?")

    @property
    def db_url(self) -> str:
        return self.coursedir.db_url

    def step(self, step: str) -> Path:
        """The top folder of an nbgrader step (its ``*_directory`` setting)."""
        name = getattr(self.coursedir, f"{step}_directory")
        return Path(os.path.normpath(self.coursedir.format_path(name, ".", ".")))

    def path(self, step: str, student: str, assignment: str) -> Path:
        """``{root}/{step}/{student}/{assignment}`` as the course's directory structure says."""
        name = getattr(self.coursedir, f"{step}_directory")
        return Path(os.path.normpath(self.coursedir.format_path(name, student, assignment)))

    @property
    def gradebook_file(self) -> Path | None:
        prefix = "sqlite:///"
        return Path(self.db_url[len(prefix) :]) if self.db_url.startswith(prefix) else None

    @property
    def state_dir(self) -> Path:
        """Where canvaskit keeps its grading manifests and reports (beside the gradebook)."""
        base = self.gradebook_file.parent if self.gradebook_file else self.root
        return base / "canvaskit"

    def gradebook(self) -> Gradebook:
        return Gradebook(self.db_url, self.coursedir.course_id)

    def notebooks(self, assignment: str) -> list[str]:
        """The assignment's notebook names, from the gradebook."""
        with self.gradebook() as gb:
            try:
                found = gb.find_assignment(assignment)
            except MissingEntry:
                raise CourseError(
                    f"the gradebook has no assignment {assignment!r}: "
                    f"run `nbgrader generate_assignment {assignment}` first"
                ) from None
            names = sorted(nb.name for nb in found.notebooks)
        if not names:
            raise CourseError(f"assignment {assignment!r} has no notebooks in the gradebook")
        return names

    def submissions(self, assignment: str, students: list[str] | None = None) -> list[Submission]:
        """Submitted folders of ``assignment``; ``students`` may hold ids or shell patterns."""
        top = self.step("submitted")
        found = []
        if top.is_dir():
            for folder in sorted(top.iterdir()):
                if folder.name.startswith(".") or not folder.is_dir():
                    continue
                path = self.path("submitted", folder.name, assignment)
                if path.is_dir():
                    found.append(Submission(folder.name, assignment, path))
        if students:
            found = [s for s in found if any(fnmatch.fnmatchcase(s.student, p) for p in students)]
            missing = [
                p for p in students if not any(fnmatch.fnmatchcase(s.student, p) for s in found)
            ]
            if missing:
                raise CourseError(
                    f"no submission of {assignment!r} for: {', '.join(missing)} (looked in {top})"
                )
        return found

    def private_paths(self) -> list[Path]:
        """What student code must never see: sources with hidden tests, other students' work,
        the gradebook, canvaskit's state, the exchange and the course's git history."""
        paths = [self.step(s) for s in ("source", "submitted", "autograded", "feedback")]
        paths += [self.state_dir, self.root / ".git"]
        book = self.gradebook_file
        if book is not None:
            paths += [book, *(book.with_name(book.name + s) for s in ("-journal", "-wal", "-shm"))]
        exchange = self.config.get("Exchange", {}).get("root", "/srv/nbgrader/exchange")
        paths.append(Path(exchange))
        return [p for p in paths if p.exists()]

    def fingerprint(self, assignment: str) -> str:
        """A hash of the assignment's graded cells in the gradebook: re-grade when they change."""
        h = hashlib.sha256()
        with self.gradebook() as gb:
            for nb in sorted(gb.find_assignment(assignment).notebooks, key=lambda n: n.name):
                h.update(nb.name.encode())
                for cell in nb.source_cells:
                    h.update(f"{cell.name}:{cell.checksum}".encode())
                for cell in nb.grade_cells:
                    h.update(f"{cell.name}={cell.max_score}".encode())
        return h.hexdigest()
