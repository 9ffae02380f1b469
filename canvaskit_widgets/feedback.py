"""An nbgrader feedback preprocessor that keeps hidden tests and mark schemes out of feedback."""

from __future__ import annotations

from typing import Any

from nbformat import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor

__all__ = ["HideTests"]

# (begin, end) markers of the regions a student must never see.
HIDDEN_REGIONS = (
    ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS"),
    ("BEGIN MARK SCHEME", "END MARK SCHEME"),
)


def strip_regions(source: str) -> str:
    """``source`` without the lines of its hidden-test and mark-scheme regions (markers included)."""
    kept, end = [], None
    for line in source.split("\n"):
        if end is None:
            end = next((e for b, e in HIDDEN_REGIONS if b in line), None)
            if end is None:
                kept.append(line)
        elif end in line:
            end = None
    return "\n".join(kept)


class HideTests(NbGraderPreprocessor):
    """Strip hidden tests and mark schemes from every cell, and shorten the tracebacks of test
    cells to their last line (``AssertionError: message``), since a traceback quotes the failing
    test's source.

    nbgrader 0.9 restores hidden tests when it autogrades and builds feedback from that copy
    (upstream issues #917 and #1363); add this class to ``GenerateFeedback.preprocessors``.
    """

    def preprocess_cell(
        self, cell: NotebookNode, resources: dict[str, Any], index: int
    ) -> tuple[NotebookNode, dict[str, Any]]:
        cell.source = strip_regions(cell.source)
        if cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell):
            for output in cell.outputs:
                if output.output_type == "error":
                    output.traceback = [f"{output.ename}: {output.evalue}"]
        return cell, resources
