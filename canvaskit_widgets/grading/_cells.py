"""Small helpers on notebook cells and outcomes that several grading modules share."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from nbformat import NotebookNode
from nbformat.v4 import new_output

__all__ = ["OUTCOME_KINDS", "count", "error_output", "grade_id", "nbgrader_meta"]


def nbgrader_meta(cell: Any) -> dict:
    """The cell's ``metadata.nbgrader`` dict, or an empty one (also for a malformed value)."""
    meta = cell.get("metadata", {}).get("nbgrader") if hasattr(cell, "get") else None
    return meta if isinstance(meta, dict) else {}


def grade_id(cell: Any) -> str | None:
    """The cell's nbgrader ``grade_id``, or None."""
    found = nbgrader_meta(cell).get("grade_id")
    return found if isinstance(found, str) else None


def error_output(ename: str, evalue: str) -> NotebookNode:
    """An error output as nbgrader scores it (0 points), its traceback one line."""
    return new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


# What an outcome can be counted as, for the summary and the report.
OUTCOME_KINDS: dict[str, Callable[[Any], bool]] = {
    "graded": lambda o: o.status == "graded",
    "failed": lambda o: o.status == "failed",
    "timed out": lambda o: bool(o.timed_out),
    "kernel died": lambda o: bool(o.kernel_died),
    "tampered": lambda o: bool(o.tampered),
    "to review": lambda o: bool(o.review),
    "needs manual": lambda o: bool(o.needs_manual),
}


def count(outcomes: Iterable[Any], what: str) -> list[Any]:
    """The outcomes that are ``what`` (a key of ``OUTCOME_KINDS``)."""
    test = OUTCOME_KINDS[what]
    return [o for o in outcomes if test(o)]
