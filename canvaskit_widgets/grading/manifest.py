"""What happened to each submission, kept in one JSON file per assignment (written atomically)."""

from __future__ import annotations

import errno
import json
import sys
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from .._atomic import write_text_atomic

__all__ = ["Manifest", "Outcome"]

VERSION = 1


@dataclass
class Outcome:
    """One student's result for one assignment.

    Parameters
    ----------
    student, assignment:
        Whose submission, of what.
    status:
        ``graded`` (scores are in the gradebook) or ``failed`` (it could not be graded;
        ``reasons`` says why and its autograded parts score 0).
    score, max_score:
        Total and maximum from the gradebook (manual grades included once given).
    needs_manual:
        Whether some part waits for manual grading.
    timed_out, kernel_died, tampered, review:
        Cells that timed out or killed the kernel; tampering found (what, where); code an
        instructor should read.
    reasons:
        Everything above in plain words, one line each.
    digest, source:
        Hashes of the submitted files and of the assignment's source, to skip unchanged work.
    """

    student: str
    assignment: str
    status: str
    score: float = 0.0
    max_score: float = 0.0
    needs_manual: bool = False
    timed_out: list[str] = field(default_factory=list)
    kernel_died: list[str] = field(default_factory=list)
    tampered: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    digest: str = ""
    source: str = ""
    seconds: float = 0.0

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Outcome:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


class Manifest:
    """The outcomes of one assignment, stored at ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.outcomes: dict[str, Outcome] = {}
        self.protections: list[str] = []
        self.unsaved = False
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            self.outcomes = {
                student: Outcome.from_dict(item) for student, item in data["outcomes"].items()
            }
            self.protections = data.get("protections", [])

    def current(self, student: str, digest: str, source: str) -> bool:
        """Whether ``student``'s recorded outcome is for these very files and this source."""
        known = self.outcomes.get(student)
        return known is not None and known.digest == digest and known.source == source

    def record(self, outcome: Outcome) -> None:
        """Store ``outcome`` and write the file at once (an interrupted run loses nothing)."""
        self.outcomes[outcome.student] = outcome
        self.save()

    def save(self) -> None:
        """Write the file; on a full disk, say so once and keep the outcomes in memory (the
        run goes on and its summary still shows them)."""
        data = {
            "version": VERSION,
            "protections": self.protections,
            "outcomes": {s: asdict(o) for s, o in sorted(self.outcomes.items())},
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(self.path, json.dumps(data, indent=1) + "\n")
            self.unsaved = False
        except OSError as exc:
            if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
                raise
            if not self.unsaved:
                print(f"canvaskit: cannot save {self.path}: {exc.strerror}", file=sys.stderr)
            self.unsaved = True
