"""Compare a submission's instructor cells with the gradebook's source, restore them, name changes.

nbgrader restores an edited test cell's source, but sends a deleted one to manual grading,
lets a duplicated one break grading, keeps a test cell whose ``grade`` flag was removed,
and never says what happened. Here every instructor-owned cell (tests, locked cells, tasks)
is put back exactly as in the source, in its place, and each change is returned as a
``Tamper`` so the grader can give no credit for a tampered test and name it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell
from nbgrader import utils
from nbgrader.preprocessors import ClearHiddenTests

from ._cells import grade_id as _grade_id
from ._text import plain

__all__ = ["SourceCell", "Tamper", "load_source", "restore", "suspicious"]


@dataclass(frozen=True)
class SourceCell:
    """One nbgrader cell of the source notebook, as the gradebook stores it."""

    name: str
    cell_type: str
    source: str
    locked: bool
    grade: bool
    solution: bool
    task: bool
    points: float | None
    release_source: str

    @property
    def owned(self) -> bool:
        """Whether the instructor owns the cell (students may not change it)."""
        return self.locked or self.task or (self.grade and not self.solution)

    @property
    def test(self) -> bool:
        """Whether the cell is an autograded test."""
        return self.grade and not self.solution and self.cell_type == "code"

    def metadata(self) -> dict[str, Any]:
        meta: dict[str, Any] = {
            "schema_version": 3,
            "grade": self.grade,
            "solution": self.solution,
            "locked": self.locked,
            "grade_id": self.name,
        }
        if self.task:
            meta["task"] = True
        if self.points is not None:
            meta["points"] = self.points
        return meta

    def cell(self) -> NotebookNode:
        """A fresh copy of the cell as it should be graded (hidden tests included)."""
        make = new_code_cell if self.cell_type == "code" else new_markdown_cell
        cell = make(self.source)
        cell.metadata["nbgrader"] = self.metadata()
        if self.locked:
            cell.metadata["deletable"] = False
            cell.metadata["editable"] = False
        cell.metadata.nbgrader["checksum"] = utils.compute_checksum(cell)
        return cell


@dataclass(frozen=True)
class Tamper:
    """A change to an instructor-owned cell: ``kind`` is edited, deleted, duplicated, retyped
    (its type changed) or added (a student's cell marked as graded).

    A duplicated cell whose copies are all unchanged is how a student slips when copying cells:
    one copy is kept and graded, so it costs nothing (``penalized`` is False) and is only
    flagged for a look.
    """

    grade_id: str
    kind: str
    test: bool

    @property
    def penalized(self) -> bool:
        """Whether a tampered test cell scores 0 (every kind but an unchanged duplicate)."""
        return self.kind != "duplicated"

    def __str__(self) -> str:
        what = (
            "test cell" if self.test else "graded cell" if self.kind == "added" else "locked cell"
        )
        name = plain(self.grade_id)
        if not self.penalized:
            return f"{self.kind} {what} {name}: one copy kept and graded, please have a look"
        return f"{self.kind} {what} {name}"


def load_source(
    gradebook: Any, notebook: str, assignment: str, config: Any = None
) -> list[SourceCell]:
    """The source cells of ``notebook`` in order, from an open nbgrader ``Gradebook``."""
    nb = gradebook.find_notebook(notebook, assignment)
    grades = {c.name: c.max_score for c in nb.grade_cells}
    solutions = {c.name for c in nb.solution_cells}
    tasks = {c.name: c.max_score for c in nb.task_cells}
    hidden = ClearHiddenTests(config=config)
    cells = []
    for source in nb.source_cells:
        released = NotebookNode(source=source.source or "")
        hidden._remove_hidden_test_region(released)
        points = grades.get(source.name, tasks.get(source.name))
        cells.append(
            SourceCell(
                name=source.name,
                cell_type=source.cell_type,
                source=source.source or "",
                locked=bool(source.locked),
                grade=source.name in grades,
                solution=source.name in solutions,
                task=source.name in tasks,
                points=None if points is None else float(points),
                release_source=released.source,
            )
        )
    return cells


def _changed_metadata(cell: NotebookNode, source: SourceCell) -> bool:
    meta = cell.metadata.get("nbgrader", {})
    expected = source.metadata()
    for key in ("grade", "solution", "locked", "task"):
        if bool(meta.get(key, False)) != bool(expected.get(key, False)):
            return True
    if expected.get("points") is not None:
        try:
            return float(meta.get("points")) != expected["points"]
        except (TypeError, ValueError):
            return True
    return False


def _kind(cell: NotebookNode, source: SourceCell) -> str | None:
    """How a submitted copy of an instructor cell differs from the source, if it does."""
    if cell.cell_type != source.cell_type:
        return "retyped"
    if cell.source not in (source.release_source, source.source) or _changed_metadata(cell, source):
        return "edited"
    return None


def restore(nb: NotebookNode, cells: list[SourceCell]) -> list[Tamper]:
    """Put every instructor-owned cell of ``nb`` back as in ``cells``; return what was changed.

    Deleted cells come back where they were (before the next source cell still present),
    duplicates are removed (the last copy stays in place, as nbgrader keeps the last),
    retyped and edited ones are replaced. Students' own cells are left alone.
    """
    by_name = {c.name: c for c in cells}
    where: dict[str, list[int]] = {}
    tampered: list[Tamper] = []
    for index, cell in enumerate(nb.cells):
        name = _grade_id(cell)
        if name in by_name:
            where.setdefault(name, []).append(index)
        elif "nbgrader" in cell.get("metadata", {}):
            # Not in the source: a cell the student marked as graded (or a stale id).
            if name and cell.metadata.get("nbgrader", {}).get("grade"):
                tampered.append(Tamper(str(name), "added", False))
            del cell.metadata["nbgrader"]
    drop: set[int] = set()
    for source in cells:
        if not source.owned:
            continue
        found = where.get(source.name, [])
        if not found:
            continue
        kept = found[-1]
        kinds = [_kind(nb.cells[index], source) for index in found]
        kind = next((k for k in kinds if k is not None), None)
        if len(found) > 1:
            drop.update(found[:-1])
            if kind is None:  # identical copies: a slip, graded once
                tampered.append(Tamper(source.name, "duplicated", source.test))
        if kind is not None:
            tampered.append(Tamper(source.name, kind, source.test))
        if kind is not None or len(found) > 1 or nb.cells[kept].source != source.source:
            nb.cells[kept] = source.cell()  # also puts the hidden tests back
    nb.cells = [cell for index, cell in enumerate(nb.cells) if index not in drop]
    present = {_grade_id(cell) for cell in nb.cells}
    for position, source in enumerate(cells):
        if source.name in present or not (source.owned or source.grade):
            continue
        if source.owned:
            tampered.append(Tamper(source.name, "deleted", source.test))
        later = {c.name for c in cells[position + 1 :]}
        index = next(
            (i for i, cell in enumerate(nb.cells) if _grade_id(cell) in later), len(nb.cells)
        )
        nb.cells.insert(index, source.cell())
        present.add(source.name)
    return tampered


# Code in an answer cell that an instructor should look at (reported, never scored).
_SUSPICIOUS = {
    "ctypes": r"\bctypes\b",
    "the garbage collector": r"\bgc\s*\.\s*get_(objects|referrers|referents)",
    "sys.modules": r"\bsys\s*\.\s*modules\b",
    "builtins": r"\b__builtins__\b|\bimport\s+builtins\b|\bbuiltins\s*\.",
    "IPython internals": r"get_ipython\s*\(\s*\)\s*\.\s*(input_transformer|ast_transformers|events"
    r"|set_custom_exc|run_cell|kernel|register_magic|display_formatter|showtraceback)",
    "trace hooks": r"\bsys\s*\.\s*(settrace|setprofile)\b",
    "exiting the kernel": r"\bos\s*\.\s*_exit\b|\bsys\s*\.\s*exit\b|^\s*(exit|quit)\s*\(",
    "processes": r"\bsubprocess\b|\bos\s*\.\s*(system|popen|fork|exec\w*)\b|\bmultiprocessing\b",
    "the network": r"\bsocket\b|\burllib\b|\brequests\b|\bhttp\.client\b",
    "threads": r"\bthreading\b|\b_thread\b",
    "grading files": r"gradebook|autograded|submitted|nbgrader",
    "dynamic code": r"\b(exec|eval|compile|__import__)\s*\(|\bimportlib\b",
    "script in outputs": r"\bJavascript\s*\(|<\s*script|\b_repr_(javascript|html)_\b"
    r"|application/javascript",
}
# Markup in a student's Markdown that would run in a browser (grading shows it as text).
_MARKUP = re.compile(
    r"<\s*(script|iframe|object|embed)\b|<[^>]*\son[a-z]+\s*=|javascript\s*:", re.IGNORECASE
)


def suspicious(nb: NotebookNode, cells: list[SourceCell]) -> list[str]:
    """What the students' own cells use that could game grading, e.g. ``uses ctypes``, or
    script written into their Markdown."""
    owned = {c.name for c in cells if c.owned}
    found: dict[str, None] = {}
    for cell in nb.cells:
        if _grade_id(cell) in owned:
            continue
        if cell.cell_type == "markdown" and _MARKUP.search(cell.source):
            found["writes script in Markdown (shown to graders as text)"] = None
        if cell.cell_type != "code":
            continue
        for what, pattern in _SUSPICIOUS.items():
            if re.search(pattern, cell.source, re.MULTILINE):
                found[f"uses {what}"] = None
    return list(found)
