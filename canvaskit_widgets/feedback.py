"""An nbgrader feedback preprocessor that keeps hidden tests and mark schemes out of feedback."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from nbformat import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import ClearHiddenTests, ClearMarkScheme, NbGraderPreprocessor

__all__ = ["HideTests"]


class HideTests(NbGraderPreprocessor):
    """Strip hidden tests and mark schemes from the instructor's cells, and shorten the
    tracebacks of test cells to their last line (``AssertionError: message``), since a
    traceback quotes the failing test's source.

    The regions are found by nbgrader's own ``ClearHiddenTests`` and ``ClearMarkScheme`` with
    this configuration, so a course that changes their delimiters is covered. A cell whose
    regions cannot be parsed is emptied rather than shown.

    nbgrader 0.9 restores hidden tests when it autogrades and builds feedback from that copy
    (upstream issues #917 and #1363); add this class to ``GenerateFeedback.preprocessors``.
    """

    @cached_property
    def _hidden(self) -> ClearHiddenTests:
        return ClearHiddenTests(config=self.config)

    @cached_property
    def _scheme(self) -> ClearMarkScheme:
        return ClearMarkScheme(config=self.config)

    def _strip(self, cell: NotebookNode) -> None:
        try:
            self._hidden._remove_hidden_test_region(cell)
            self._scheme._remove_mark_scheme_region(cell)
        except RuntimeError:  # an unbalanced marker: show nothing rather than too much
            cell.source = ""

    def preprocess_cell(
        self, cell: NotebookNode, resources: dict[str, Any], index: int
    ) -> tuple[NotebookNode, dict[str, Any]]:
        test = utils.is_grade(cell) and not utils.is_solution(cell)
        if test or utils.is_locked(cell) or utils.is_task(cell):
            self._strip(cell)
        if cell.cell_type == "code" and test:
            for output in cell.outputs:
                if output.output_type == "error":
                    output.traceback = [f"{output.ename}: {output.evalue}"]
        return cell, resources
