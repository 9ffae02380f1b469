"""An nbgrader course on disk: its configuration, folders, gradebook and submissions."""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import os
import secrets
import shutil
import stat
import warnings
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.coursedir import CourseDirectory
from sqlalchemy.exc import SAWarning
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from ._text import has_control, plain
from .intake import Caps, take_in

__all__ = ["Course", "CourseError", "Submission", "quiet_gradebook", "shell_name", "unsafe_id"]

CONFIG_FILE = "nbgrader_config.py"
# Characters that would turn a student id into markup or break out of an attribute or a path in
# the formgrader's pages (which do not escape it), feedback, a terminal or a file name.
UNSAFE_ID_CHARS = set("<>&\"'`\\/")
# Intake problems listed per submission before the rest is only counted.
MAX_PROBLEMS = 20


@contextlib.contextmanager
def quiet_gradebook() -> Iterator[None]:
    """nbgrader's gradebook calls trip SQLAlchemy 2 warnings that mean nothing to an instructor."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        yield


class CourseError(Exception):
    """The course or assignment cannot be graded as asked (the message says why)."""


def unsafe_id(student: str) -> str | None:
    """Why ``student`` cannot be a gradebook id, or None when it can."""
    if not student.strip() or student != student.strip():
        return "the student id is empty or starts or ends with a space"
    if has_control(student):
        return "the student id holds control characters (terminal escape codes)"
    found = sorted(UNSAFE_ID_CHARS & set(student))
    if found:
        return f"the student id holds {' '.join(found)}, unsafe in the formgrader's pages"
    return None


def shell_name(name: str) -> str:
    """``name`` exactly, as bash reads it back (``$'...'``): an instructor can paste it into
    ``mv`` whatever it holds (control characters, quotes, undecodable bytes)."""
    shown = []
    for char in name:
        code = ord(char)
        if char in "\\'":
            shown.append("\\" + char)
        elif 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of the file name
            shown.append(f"\\x{code - 0xDC00:02x}")
        elif has_control(char):
            shown.append(f"\\x{code:02x}" if code < 0x100 else f"\\U{code:08x}")
        else:
            shown.append(char)
    return "$'" + "".join(shown) + "'"


@dataclass(frozen=True)
class Submission:
    """One student's submission of one assignment, as taken in.

    Parameters
    ----------
    student, assignment:
        Whose, of what.
    folder:
        A private copy of the submitted folder's regular files (see ``intake``): what grading
        reads, so a link or a device in the submitted folder is never followed.
    origin:
        The submitted folder itself.
    problems:
        What intake refused (links, devices, FIFOs, files over the caps), one line each.
    """

    student: str
    assignment: str
    folder: Path
    origin: Path | None = None
    problems: list[str] = field(default_factory=list)

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
        self._intake: Path | None = None

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

    def _scan(self, assignment: str) -> tuple[list[tuple[str, Path]], list[tuple[str, str]]]:
        """The student folders of ``submitted/`` holding ``assignment``, as (student, folder),
        and those not graded, as (name, why): links (never followed), hidden folders and ids
        unsafe to show."""
        top = self.step("submitted")
        found: list[tuple[str, Path]] = []
        refused: list[tuple[str, str]] = []
        if not top.is_dir():
            return found, refused
        for entry in sorted(os.scandir(top), key=lambda e: e.name):
            name = entry.name
            if entry.is_symlink():
                refused.append((name, "a symbolic link: not followed, not graded"))
                continue
            if not entry.is_dir(follow_symlinks=False):
                continue
            path = self.path("submitted", name, assignment)
            try:
                mode = os.lstat(path).st_mode
            except OSError:
                continue  # no submission of this assignment
            if stat.S_ISLNK(mode):
                refused.append((name, f"{assignment} is a symbolic link: not followed, not graded"))
            elif not stat.S_ISDIR(mode):
                refused.append((name, f"{assignment} is not a folder: not graded"))
            elif name.startswith("."):
                refused.append((name, "a hidden folder: not graded (remove the dot to grade it)"))
            elif (why := unsafe_id(name)) is not None:
                refused.append(
                    (
                        name,
                        f"not graded: {why}; rename the folder to the student's id "
                        f"(mv {shell_name(name)} NEW_ID) and grade again",
                    )
                )
            else:
                found.append((name, path))
        return found, refused

    def refused(self, assignment: str, students: list[str] | None = None) -> list[str]:
        """Folders in ``submitted/`` that are not graded, each with why (names made printable)."""
        _, refused = self._scan(assignment)
        return [
            f"submitted/{plain(name)}: {why}" for name, why in refused if _chosen(name, students)
        ]

    def submissions(
        self, assignment: str, students: list[str] | None = None, caps: Caps | None = None
    ) -> list[Submission]:
        """The submissions of ``assignment``, taken in (see ``Submission``); ``students`` may
        hold ids or shell patterns."""
        found, refused = self._scan(assignment)
        chosen = [(s, path) for s, path in found if _chosen(s, students)]
        if students:
            names = [s for s, _ in chosen] + [n for n, _ in refused]
            missing = [p for p in students if not any(fnmatch.fnmatchcase(n, p) for n in names)]
            if missing:
                raise CourseError(
                    f"no submission of {assignment!r} for: {', '.join(missing)} "
                    f"(looked in {self.step('submitted')})"
                )
        intake = self._intake_folder() / assignment
        shutil.rmtree(intake, ignore_errors=True)
        taken = []
        for student, origin in chosen:
            folder = intake / student
            try:
                result = take_in(origin, folder, caps)
                problems = result.problems
                if result.disk_full:  # grade nothing rather than a part: it fails, and the
                    shutil.rmtree(folder, ignore_errors=True)  # next run grades it again
                    folder.mkdir(exist_ok=True)
            except OSError as exc:
                problems = [f"the submission could not be taken in ({exc.strerror or exc})"]
            if len(problems) > MAX_PROBLEMS:
                more = len(problems) - MAX_PROBLEMS
                problems = [*problems[:MAX_PROBLEMS], f"... and {more} more entries refused"]
            taken.append(
                Submission(student, assignment, folder, origin, [f"intake: {p}" for p in problems])
            )
        return taken

    def _intake_folder(self) -> Path:
        """This object's private folder for taken-in copies (beside the gradebook, which
        student code never sees); removed when the object goes."""
        folder = self._intake
        if folder is None:
            folder = self.state_dir / "intake" / secrets.token_hex(6)
            folder.mkdir(parents=True)
            weakref.finalize(self, shutil.rmtree, folder, ignore_errors=True)
            self._intake = folder
        return folder

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


def _chosen(student: str, patterns: list[str] | None) -> bool:
    return not patterns or any(fnmatch.fnmatchcase(student, p) for p in patterns)
