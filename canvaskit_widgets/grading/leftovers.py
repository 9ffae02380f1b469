"""What a grader killed outright (SIGKILL, power cut) leaves behind, and how a later one tells
it from what a grader still running uses.

Control groups and sandbox folders carry their grader in their names: ``p<pid>.<start
time>.<pid namespace>``, the start time in clock ticks after boot, so a reused process id is
not mistaken for the grader. A grader whose start time or namespace cannot be read writes
``p<pid>.0.0``, which nothing ever matches as ended.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

__all__ = ["OWNER", "ended", "owner", "sweep_folders"]

# The part of a name that records its grader.
OWNER = r"p(\d+)\.(\d+)\.(\d+)"

# A sandbox folder: canvaskit-grade-<owner>-<mkdtemp's random part>
_FOLDER = re.compile(rf"canvaskit-grade-{OWNER}-[a-z0-9_]+")


def _started(pid: int) -> int | None:
    """When process ``pid`` started (clock ticks after boot), or None if it is gone or a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rpartition(")")[2].split()  # the name in brackets may hold spaces
    return None if fields[0] in ("Z", "X") else int(fields[19])


def _namespace() -> int | None:
    """The inode of this process's pid namespace: process ids mean something only inside it."""
    try:
        return os.stat("/proc/self/ns/pid").st_ino
    except OSError:
        return None


def owner() -> str:
    """This grader, as the names of what it makes record it."""
    pid = os.getpid()
    start, namespace = _started(pid), _namespace()
    if start is None or namespace is None:
        return f"p{pid}.0.0"
    return f"p{pid}.{start}.{namespace}"


def ended(pid: int, start: int, namespace: int) -> bool:
    """Whether the grader recorded as ``pid``, ``start``, ``namespace`` has ended (False when
    that cannot be known: another pid namespace, or an unknown start time)."""
    here = _namespace()
    return here is not None and namespace == here and start != 0 and _started(pid) != start


def sweep_folders(parent: Path | None = None) -> list[Path]:
    """Delete the sandbox folders (``canvaskit-grade-*`` in the temp folder) of graders that
    have ended; return them. Links inside are removed, never followed."""
    parent = Path(parent or tempfile.gettempdir())
    removed = []
    for entry in sorted(parent.glob("canvaskit-grade-p*")):
        found = _FOLDER.fullmatch(entry.name)
        if found is None or entry.is_symlink() or not entry.is_dir():
            continue
        if ended(*(int(g) for g in found.groups())):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed
