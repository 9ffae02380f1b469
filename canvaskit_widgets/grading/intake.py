"""Take in a submitted folder as hostile input: copy its regular files, follow nothing.

A student controls every entry of their submitted folder. A symbolic link could make the grader
(often root) copy the source notebook, the gradebook or another student's work into the
submission; a FIFO or a device would block or fill the disk when read; a very deep or wide tree
would exhaust the copy. So only regular files are copied, each opened without following links
and checked again once open, within size caps; everything else is reported, never opened.
The caps have defaults; an instructor sets them in the course's ``nbgrader_config.py``
(``c.CanvaskitIntake.max_file_mb = 200``) or on the command line (``--max-file 200``).
"""

from __future__ import annotations

import contextlib
import errno
import math
import os
import stat
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ._text import has_control, plain

__all__ = ["CONFIG_SECTION", "SETTINGS", "CapError", "Caps", "Intake", "check", "take_in"]

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
_CHUNK = 2**20
_FULL = (errno.ENOSPC, errno.EDQUOT)
# Jupyter's own autosave copies: never graded, not worth a report.
_SKIP = {".ipynb_checkpoints"}

# The section of nbgrader_config.py that sets the caps: c.CanvaskitIntake.max_depth = 20
CONFIG_SECTION = "CanvaskitIntake"
# Setting -> the command-line option, the Caps field it sets, its unit in bytes (1: a count).
SETTINGS = {
    "max_file_mb": ("--max-file", "file_bytes", 2**20),
    "max_submission_mb": ("--max-submission", "total_bytes", 2**20),
    "max_depth": ("--max-depth", "depth", 1),
    "max_entries": ("--max-entries", "entries", 1),
}


class CapError(ValueError):
    """A cap set to something other than a positive number (the message says which and why)."""


def check(name: str, value: object) -> float:
    """Setting ``name`` (a key of ``SETTINGS``) given as ``value``, a number or its text: the
    number, if it is above 0 (whole, for a count) and at least one byte; else ``CapError``."""
    unit = SETTINGS[name][2]
    number = math.nan
    if not isinstance(value, bool):
        with contextlib.suppress(TypeError, ValueError):
            number = float(value)  # type: ignore[arg-type]
    whole = unit == 1
    if not (math.isfinite(number) and number * unit >= 1) or (whole and not number.is_integer()):
        kind = "a whole number above 0" if whole else "a number of megabytes above 0"
        raise CapError(f"must be {kind}, not {plain(repr(value))}")
    return int(number) if whole else number


def _mb(size: float) -> str:
    return f"{size / 2**20:.3g} MB"


@dataclass(frozen=True)
class Caps:
    """Limits on what one submission may bring in.

    Parameters
    ----------
    file_bytes, total_bytes:
        Largest file, and largest sum of files, that is copied.
    depth:
        Deepest folder level read (the submission folder is level 0).
    entries:
        Most files and folders looked at.
    """

    file_bytes: int = 100 * 2**20
    total_bytes: int = 300 * 2**20
    depth: int = 12
    entries: int = 2000

    @classmethod
    def chosen(cls, config: Mapping[str, object], given: Mapping[str, float | None]) -> Caps:
        """The caps set in the course's ``CONFIG_SECTION`` (``config``), then by the command line
        (``given``, already checked; None where not given); the defaults for the rest.
        ``CapError`` names a config entry that is not a setting or not a valid number."""
        values: dict[str, float] = {}
        for name, value in config.items():
            where = f"c.{CONFIG_SECTION}.{name}"
            if name not in SETTINGS:
                known = ", ".join(SETTINGS)
                raise CapError(f"{where} is not a setting (the settings are {known})")
            try:
                values[name] = check(name, value)
            except CapError as exc:
                raise CapError(f"{where} {exc}") from None
        values.update({name: value for name, value in given.items() if value is not None})
        return cls(**{SETTINGS[n][1]: int(v * SETTINGS[n][2]) for n, v in values.items()})


@dataclass
class Intake:
    """What was taken in: the files copied (relative paths) and what was refused, one line each."""

    files: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    disk_full: bool = False


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _order(entries: list[os.DirEntry]) -> list[os.DirEntry]:
    """Notebooks first, then the rest by name: the caps never crowd out the notebook."""
    return sorted(entries, key=lambda e: (not e.name.endswith(".ipynb"), e.name))


class _Copier:
    def __init__(self, dest: Path, caps: Caps) -> None:
        self.dest = dest
        self.caps = caps
        self.result = Intake()
        self.total = 0
        self.seen = 0

    def problem(self, relative: str, what: str) -> None:
        self.result.problems.append(f"{plain(relative)}: {what}")

    def copy_file(self, parent: int, name: str, relative: str) -> None:
        """Copy one regular file, opened without following links and checked once open."""
        try:
            fd = os.open(name, _FILE_FLAGS, dir_fd=parent)
        except OSError as exc:
            self.problem(relative, f"not copied ({exc.strerror})")
            return
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):  # swapped after it was listed
                self.problem(relative, f"{_kind(info.st_mode)}: not copied, not opened")
                return
            if info.st_size > self.caps.file_bytes:
                self.problem(
                    relative,
                    f"too large ({_mb(info.st_size)}; the limit is {_mb(self.caps.file_bytes)} "
                    "per file, --max-file): not copied",
                )
                return
            if self.total + info.st_size > self.caps.total_bytes:
                self.problem(
                    relative,
                    f"not copied: the submission passed {_mb(self.caps.total_bytes)} "
                    "(--max-submission)",
                )
                return
            target = self.dest / relative
            written = 0
            with open(target, "wb") as out:
                while written <= self.caps.file_bytes:
                    chunk = os.read(fd, _CHUNK)
                    if not chunk:
                        break
                    out.write(chunk)
                    written += len(chunk)
            if written > self.caps.file_bytes:  # it grew while being read
                target.unlink()
                self.problem(relative, "grew past the size limit while copied: not copied")
                return
            self.total += written
            self.result.files.append(relative)
        except OSError as exc:
            (self.dest / relative).unlink(missing_ok=True)  # no half copy holds the space
            if exc.errno in _FULL:
                raise
            self.problem(relative, f"not copied ({exc.strerror})")
        finally:
            os.close(fd)

    def walk(self, origin: Path) -> None:
        """Breadth first from ``origin``, each folder opened without following links."""
        try:
            top = os.open(origin, _DIR_FLAGS)
        except OSError as exc:
            self.problem(".", f"the submission folder cannot be opened ({exc.strerror})")
            return
        queue: deque[tuple[int, str, int]] = deque([(top, "", 0)])
        try:
            while queue:
                fd, relative, depth = queue.popleft()
                try:
                    self.visit(fd, relative, depth, queue)
                finally:
                    os.close(fd)
        finally:
            for fd, _, _ in queue:
                os.close(fd)

    def visit(self, fd: int, relative: str, depth: int, queue: deque) -> None:
        with os.scandir(fd) as found:
            entries = _order([e for e in found if e.name not in _SKIP])
        for entry in entries:
            path = f"{relative}{entry.name}"
            self.seen += 1
            if self.seen > self.caps.entries:
                self.problem(
                    relative or ".",
                    f"more than {self.caps.entries} files and folders (--max-entries): "
                    "the rest was not taken in",
                )
                queue.clear()
                return
            if has_control(entry.name):
                self.problem(path, "a name with control characters: not copied")
                continue
            mode = entry.stat(follow_symlinks=False).st_mode
            if stat.S_ISDIR(mode):
                if depth + 1 > self.caps.depth:
                    self.problem(
                        path,
                        f"folders nested deeper than {self.caps.depth} levels (--max-depth): "
                        "not taken in",
                    )
                    continue
                try:
                    child = os.open(entry.name, _DIR_FLAGS, dir_fd=fd)
                except OSError as exc:
                    self.problem(path, f"folder not read ({exc.strerror})")
                    continue
                (self.dest / path).mkdir()
                queue.append((child, path + "/", depth + 1))
            elif stat.S_ISREG(mode):
                self.copy_file(fd, entry.name, path)
            else:
                target = ""
                if stat.S_ISLNK(mode):
                    with contextlib.suppress(OSError):
                        target = f" to {plain(os.readlink(entry.name, dir_fd=fd))}"
                self.problem(path, f"{_kind(mode)}{target}: not followed, not copied")


def take_in(origin: Path, dest: Path, caps: Caps | None = None) -> Intake:
    """Copy the regular files of ``origin`` into the new folder ``dest`` (within ``caps``) and
    report every other entry. Never raises for what the folder holds; a full disk stops the
    copy and sets ``disk_full``."""
    copier = _Copier(dest, caps or Caps())
    try:
        dest.mkdir(parents=True)
        copier.walk(origin)
    except OSError as exc:
        if exc.errno not in _FULL:
            raise
        copier.result.disk_full = True
        copier.result.problems.append(
            f"the grader's disk is full ({exc.strerror}) while taking in the submission: "
            "free some space and grade again"
        )
    return copier.result
